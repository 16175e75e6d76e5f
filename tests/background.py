"""An index built by a real ``python -m indexer build`` process while other tests run (tests/conftest.py)."""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from tests.paths import ROOT, process_env

NICENESS = 10  # the tests in the foreground come first; the build takes the CPU they leave idle


@dataclass
class BackgroundBuild:
    index: Path
    log: Path
    process: subprocess.Popen

    @classmethod
    def start(cls, sources: list[Path], index: Path, log: Path) -> BackgroundBuild:
        build = [sys.executable, "-m", "indexer", "build", *map(str, sources), "--index", str(index), "--json"]
        with log.open("w", encoding="utf-8") as stderr:  # the child keeps its own handle
            process = subprocess.Popen(["nice", "-n", str(NICENESS), *build], cwd=ROOT, env=process_env(),
                                       stdout=subprocess.PIPE, stderr=stderr, text=True)
        return cls(index, log, process)

    def wait(self, timeout: float = 3600) -> dict:
        """The build's JSON report, once it has finished; its log's end when it failed."""
        stdout, _ = self.process.communicate(timeout=timeout)
        if self.process.returncode != 0:
            tail = self.log.read_text(encoding="utf-8", errors="replace")[-3000:]
            raise AssertionError(f"indexing {self.index} exited {self.process.returncode}:\n{tail}")
        return json.loads(stdout)

    def stop(self) -> None:
        """End a build no test waited for (a run stopped early, or one that selected no test needing it)."""
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()
