"""The answer section: what happens when nothing the model wrote held is one choice, also under the two
boolean names it replaced (env and TOML), and the new name wins."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from config import AnswerSettings, describe, reload_settings

_FORMER = ("GOVQA_ANSWER_EXTRACTIVE_ON_MODEL_REFUSAL", "GOVQA_ANSWER_QUOTE_CITED_WHEN_CLAIMS_FAIL")


@pytest.fixture(autouse=True)
def no_project_toml(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("GOVQA_CONFIG", str(tmp_path / "absent.toml"))
    for name in (*_FORMER, "GOVQA_ANSWER_ON_FAILED_ANSWER"):
        monkeypatch.delenv(name, raising=False)


def test_by_default_a_failed_answer_quotes_the_passages_the_model_cited() -> None:
    assert AnswerSettings().on_failed_answer == "quote_cited"


@pytest.mark.parametrize(("variable", "value", "choice"), [
    ("GOVQA_ANSWER_QUOTE_CITED_WHEN_CLAIMS_FAIL", "false", "refuse"),
    ("GOVQA_ANSWER_QUOTE_CITED_WHEN_CLAIMS_FAIL", "true", "quote_cited"),
    ("GOVQA_ANSWER_EXTRACTIVE_ON_MODEL_REFUSAL", "true", "quote_all"),
    ("GOVQA_ANSWER_EXTRACTIVE_ON_MODEL_REFUSAL", "false", "quote_cited"),
])
def test_the_former_names_still_choose(monkeypatch: pytest.MonkeyPatch, variable: str, value: str,
                                       choice: str) -> None:
    monkeypatch.setenv(variable, value)
    assert reload_settings().answer.on_failed_answer == choice


def test_the_former_names_are_read_from_the_toml_file(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    config = tmp_path / "govqa.toml"
    config.write_text("[answer]\nquote_cited_when_claims_fail = false\n", encoding="utf-8")
    monkeypatch.setenv("GOVQA_CONFIG", str(config))
    assert reload_settings().answer.on_failed_answer == "refuse"


def test_the_new_name_wins_over_a_former_one(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GOVQA_ANSWER_EXTRACTIVE_ON_MODEL_REFUSAL", "true")
    monkeypatch.setenv("GOVQA_ANSWER_ON_FAILED_ANSWER", "refuse")
    assert reload_settings().answer.on_failed_answer == "refuse"


def test_a_choice_outside_the_three_is_refused_with_its_name() -> None:
    with pytest.raises(ValidationError, match="on_failed_answer"):
        AnswerSettings(on_failed_answer="guess")


def test_the_former_names_are_not_listed_as_settings() -> None:
    names = {name for section, name, _, _ in describe(reload_settings()) if section == "answer"}
    assert "on_failed_answer" in names
    assert not names & {"extractive_on_model_refusal", "quote_cited_when_claims_fail"}
