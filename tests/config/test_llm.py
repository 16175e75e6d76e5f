"""The LLM section: one knob for how much and how freely any generated text is written, under its own
variable names and under the answer section's former ones."""

from __future__ import annotations

from pathlib import Path

import pytest

from config import LLMSettings, reload_settings


@pytest.fixture(autouse=True)
def no_project_toml(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("GOVQA_CONFIG", str(tmp_path / "absent.toml"))
    for name in ("GOVQA_LLM_MAX_TOKENS", "GOVQA_ANSWER_MAX_TOKENS", "GOVQA_LLM_TEMPERATURE",
                 "GOVQA_ANSWER_TEMPERATURE"):
        monkeypatch.delenv(name, raising=False)


def test_defaults_are_short_and_greedy() -> None:
    assert (LLMSettings().max_tokens, LLMSettings().temperature) == (200, 0.0)


def test_the_llm_names_set_the_one_knob(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GOVQA_LLM_MAX_TOKENS", "64")
    monkeypatch.setenv("GOVQA_LLM_TEMPERATURE", "0.3")
    root = reload_settings()
    assert (root.llm.max_tokens, root.llm.temperature) == (64, 0.3)
    assert not hasattr(root.answer, "max_tokens") and not hasattr(root.answer, "temperature")


def test_the_former_answer_names_still_work_and_the_llm_ones_win(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GOVQA_ANSWER_MAX_TOKENS", "90")
    assert reload_settings().llm.max_tokens == 90
    monkeypatch.setenv("GOVQA_LLM_MAX_TOKENS", "64")
    assert reload_settings().llm.max_tokens == 64


def test_a_bad_value_is_refused_with_its_name(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GOVQA_LLM_MAX_TOKENS", "0")
    with pytest.raises(ValueError, match=r"max_tokens|GOVQA_LLM_MAX_TOKENS"):
        reload_settings()
