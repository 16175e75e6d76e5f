"""The machine line that goes with every speed figure: read from /proc/cpuinfo, generations told apart."""

from __future__ import annotations

import os
from pathlib import Path

from bench.machine import cpu_fields, describe

# The head of this machine's /proc/cpuinfo on 2026-12-06 (two processors; only the first is read).
CPUINFO = """processor\t: 0
vendor_id\t: AuthenticAMD
cpu family\t: 23
model\t\t: 1
model name\t: AMD EPYC
cpu MHz\t\t: 1996.249
flags\t\t: fpu vme avx2 fma

processor\t: 1
vendor_id\t: AuthenticAMD
cpu family\t: 25
model\t\t: 17
model name\t: Another
"""


def test_the_first_processor_names_family_model_and_clock(tmp_path: Path) -> None:
    (tmp_path / "cpuinfo").write_text(CPUINFO, encoding="utf-8")
    assert cpu_fields(CPUINFO)["cpu family"] == "23"  # the second processor's 25 is not read
    line = describe(tmp_path / "cpuinfo")
    assert line.startswith("AMD EPYC (family 23 model 1, 1996 MHz), ")
    assert f"{os.cpu_count()} cores" in line


def test_without_cpuinfo_the_platform_still_names_the_machine(tmp_path: Path) -> None:
    line = describe(tmp_path / "missing")
    assert "(" not in line and line.endswith(f"{os.cpu_count()} cores, {os.uname().sysname} {os.uname().machine}")
