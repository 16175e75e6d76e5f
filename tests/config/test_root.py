"""The settings root: its sections, the one cached load, and `python -m indexer settings`."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from config import Settings, describe, reload_settings, settings
from tests.paths import ROOT


@pytest.fixture(autouse=True)
def no_project_toml(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("GOVQA_CONFIG", str(tmp_path / "absent.toml"))
    reload_settings()


def test_sections_and_every_field_described() -> None:
    root = settings()
    assert list(Settings.model_fields) == ["indexer", "retrieval", "answer", "llm", "compare", "elsewhere"]
    rows = list(describe(root))
    assert {section for section, *_ in rows} == set(Settings.model_fields)
    missing = [(section, name) for section, name, _, description in rows if not description]
    assert not missing
    assert all(info.description for info in Settings.model_fields.values())


def test_one_knob_each() -> None:
    names = [name for _, name, _, _ in describe(settings())]
    assert names.count("max_tokens") == 1 and names.count("temperature") == 1


def test_loaded_once_until_reloaded(monkeypatch: pytest.MonkeyPatch) -> None:
    first = settings()
    monkeypatch.setenv("GOVQA_TOP_K", "9")
    assert settings() is first and first.retrieval.top_k == 5  # read once per process
    assert reload_settings().retrieval.top_k == 9


def test_existing_variable_names_and_toml_tables(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    config = tmp_path / "govqa.toml"
    config.write_text('[indexer]\nchunk_size = 300\n\n[answer]\nmax_passages = 2\n\n[compare]\nmin_score = 0.4\n')
    monkeypatch.setenv("GOVQA_CONFIG", str(config))
    monkeypatch.setenv("GOVQA_INDEX_DIR", str(tmp_path / "index"))
    monkeypatch.setenv("GOVQA_ANSWER_RETRIEVE_K", "5")
    monkeypatch.setenv("GOVQA_ELSEWHERE_MAX_REGIONS", "3")
    root = reload_settings()
    assert root.indexer.chunk_size == 300 and root.indexer.index_dir == tmp_path / "index"
    assert (root.answer.max_passages, root.answer.retrieve_k) == (2, 5)
    assert (root.compare.min_score, root.elsewhere.max_regions) == (0.4, 3)


def test_cli_prints_every_section(tmp_path: Path) -> None:
    env = {"PATH": "/usr/bin:/bin", "GOVQA_CONFIG": str(tmp_path / "absent.toml"), "GOVQA_LLM_N_CTX": "2048"}
    out = subprocess.run(
        [sys.executable, "-m", "indexer", "settings"], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    ).stdout
    for section in Settings.model_fields:
        assert f"[{section}]" in out
    assert "n_ctx = 2048" in out and "Context window of the local model" in out
    assert "retrieve_k = 6" in out and "min_probability = " in out
