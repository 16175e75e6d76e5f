"""The machine a benchmark ran on, in one line: speed figures mean nothing without it.

Machines of one kind differ: on 2026-12-06 the bundled 1.5B model read 18-19 prompt tokens a second on an AMD EPYC of
family 23 model 1 (Zen 1, 2.0 GHz), where the same code and wheel had read 67-75 on the machine of the first
measurements (docs/benchmarks.md, "Local LLM speed"). The CPU family and model tell the generations apart; the
marketing name ("AMD EPYC") often does not.
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
