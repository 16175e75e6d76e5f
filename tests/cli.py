"""Run a command-line entry point the way a user would, or in this process.

One test per entry point (``retrieval search``, ``retrieval ask``, ``indexer build``) starts a real
``python -m …`` process (``run_process``): that proves the module runs, its exit code and its streams. Every other
CLI test calls the same ``main(argv)`` in this process (``run_main``), which checks the same output without paying
10–15 s of imports and model loading per call.
"""

from __future__ import annotations

import contextlib
import importlib
import io
import subprocess
import sys
from dataclasses import dataclass

from tests.paths import ROOT, process_env


@dataclass(frozen=True)
class CliResult:
    returncode: int
    stdout: str
    stderr: str


def run_process(module: str, *args: str, check: bool = True) -> CliResult:
    """``python -m MODULE ARGS`` in a new process, from the repo root."""
    done = subprocess.run([sys.executable, "-m", module, *args], capture_output=True, text=True, env=process_env(),
                          cwd=ROOT, check=check, timeout=600)
    return CliResult(done.returncode, done.stdout, done.stderr)


def run_main(module: str, *args: str, check: bool = True) -> CliResult:
    """``MODULE.__main__.main(ARGS)`` in this process, with stdout and stderr captured; argparse exits count too."""
    main = importlib.import_module(f"{module}.__main__").main
    stdout, stderr = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
        try:
            code = main(list(args))
        except SystemExit as exit_:  # argparse's usage errors
            code = exit_.code if isinstance(exit_.code, int) else 1
    result = CliResult(code or 0, stdout.getvalue(), stderr.getvalue())
    if check and result.returncode != 0:
        raise AssertionError(f"{module} {' '.join(args)} exited {result.returncode}:\n{result.stderr}")
    return result
