"""The machine a benchmark ran on, in one line: speed figures mean nothing without it.

Machines sold under one name differ several-fold in what a CPU-bound model does per second (docs/benchmarks.md
has a case). The CPU family and model tell the generations apart; the marketing name ("AMD EPYC") often does not.
"""

from __future__ import annotations

import os
import platform
from pathlib import Path


def cpu_fields(cpuinfo: str) -> dict[str, str]:
    """The first processor's fields of a /proc/cpuinfo text."""
    fields: dict[str, str] = {}
    for line in cpuinfo.splitlines():
        if not line.strip():
            if fields:
                break
            continue
        key, _, value = line.partition(":")
        fields.setdefault(key.strip(), value.strip())
    return fields


def describe(cpuinfo: Path = Path("/proc/cpuinfo")) -> str:
    """E.g. "AMD EPYC (family 23 model 1, 1996 MHz), 2 cores, Linux x86_64"."""
    fields = cpu_fields(cpuinfo.read_text(encoding="utf-8", errors="replace")) if cpuinfo.exists() else {}
    name = fields.get("model name") or platform.processor() or platform.machine()
    parts = []
    if "cpu family" in fields and "model" in fields:
        parts.append(f"family {fields['cpu family']} model {fields['model']}")
    if "cpu MHz" in fields:
        parts.append(f"{float(fields['cpu MHz']):.0f} MHz")
    detail = ", ".join(parts)
    return f"{name}{f' ({detail})' if detail else ''}, {os.cpu_count()} cores, {platform.system()} {platform.machine()}"
