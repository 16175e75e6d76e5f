"""Fixtures of the indexer tests: a small corpus of two short seed reports, copied to a fresh folder."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.paths import SEEDS

# two short seeds (通城县, 长治市) keep builds quick; the full seed index is covered by the retrieval tests
SMALL = ["003_2bfe8e35bc84f18f.txt", "004_41299f4c39ff3f2b.txt"]


def copy_small(folder: Path) -> Path:
    """SMALL's two reports, copied into a new ``folder``."""
    folder.mkdir()
    for name in SMALL:
        shutil.copy(SEEDS / name, folder / name)
    return folder


@pytest.fixture()
def corpus(tmp_path: Path) -> Path:
    return copy_small(tmp_path / "reports")
