"""Fixtures for the app tests: a private copy of the seed index per test, never the real var/ folders.

Each test gets its own index folder (uploads and removals publish new versions into it) and library
folder, selected through the same environment variables ``make run`` uses. Answers are extractive:
deterministic and instant, whatever LLM the machine has.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[2]
APP = ROOT / "app.py"
# Loading the embedding model on a busy two-core machine can take most of a minute.
TIMEOUT = 180


@dataclass
class AppEnv:
    index_dir: Path
    library_dir: Path

    def app(self) -> AppTest:
        return AppTest.from_file(str(APP), default_timeout=TIMEOUT)


@pytest.fixture
def app_env(tmp_path: Path, seed_index: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[AppEnv]:
    index_dir = tmp_path / "index"
    shutil.copytree(seed_index, index_dir, symlinks=True)  # "current" is a relative symlink: keep it one
    library_dir = tmp_path / "library"
    monkeypatch.setenv("GOVQA_INDEX_DIR", str(index_dir))
    monkeypatch.setenv("GOVQA_LIBRARY_DIR", str(library_dir))
    monkeypatch.setenv("GOVQA_LLM_BACKEND", "extractive")
    monkeypatch.chdir(ROOT)
    yield AppEnv(index_dir, library_dir)


@pytest.fixture
def empty_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> AppEnv:
    """No index has been built yet (a fresh checkout)."""
    env = AppEnv(tmp_path / "index", tmp_path / "library")
    monkeypatch.setenv("GOVQA_INDEX_DIR", str(env.index_dir))
    monkeypatch.setenv("GOVQA_LIBRARY_DIR", str(env.library_dir))
    monkeypatch.setenv("GOVQA_LLM_BACKEND", "extractive")
    monkeypatch.chdir(ROOT)
    return env
