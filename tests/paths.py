"""Where the tests find the repo, the seeds and the shared corpus, and the environment of a child process they start.

Kept apart from conftest.py so that modules conftest imports (tests/background.py) can use them without a cycle.
"""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
SHARED = ROOT.parent / "shared"


def process_env(**extra: str) -> dict[str, str]:
    """This process's environment for a ``python -m …`` child run from ROOT, which imports the repo's packages."""
    return {**os.environ, "PYTHONPATH": str(ROOT), **extra}
