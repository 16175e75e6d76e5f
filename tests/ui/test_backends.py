"""Which answer generator the app uses: a backend that cannot work here falls back to extractive answers
with a plain-Chinese notice and the technical reason, never an error on the page."""

from __future__ import annotations

from pathlib import Path

import pytest

from config import reload_settings
from ui.backends import NO_LLM_NOTICE, backend_for, backend_label


@pytest.fixture(autouse=True)
def no_local_model(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    missing = tmp_path / "no-such-model.gguf"
    monkeypatch.setenv("GOVQA_CONFIG", str(tmp_path / "absent.toml"))
    monkeypatch.setenv("GOVQA_LLM_LOCAL_MODEL", str(missing))
    reload_settings()
    return missing


def test_extractive_is_chosen_without_a_notice() -> None:
    choice = backend_for("extractive")
    assert choice.backend is None and choice.notice is None
    assert backend_label(choice.backend) == "抽取式"


def test_asking_for_a_model_that_is_not_there_falls_back_with_its_reason(no_local_model: Path) -> None:
    choice = backend_for("local")
    assert choice.backend is None
    assert "暂不可用" in choice.notice and "抽取式" in choice.notice
    assert str(no_local_model) in choice.detail  # the maintainer learns which file is missing


def test_auto_without_a_model_answers_extractively_and_says_so(no_local_model: Path) -> None:
    choice = backend_for("auto")
    assert choice.backend is None and choice.notice == NO_LLM_NOTICE
    assert str(no_local_model) in choice.detail and "llama-cpp-python" in choice.detail
