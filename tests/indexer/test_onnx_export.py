"""The ONNX exports made at set-up: recorded hashes, reproducible export, nothing half-written on failure."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from indexer import onnx_export
from indexer.model_setup import sha256_of
from indexer.onnx_export import FP32_FILE, INT8_FILE, ONNX_SHA256, materialise_onnx, onnx_folder


def test_set_up_made_the_recorded_onnx_files(embedding_model_dir: Path) -> None:
    folder = onnx_folder(embedding_model_dir)
    assert (folder / "VERIFIED").is_file()
    for name in (FP32_FILE, INT8_FILE):
        assert sha256_of(folder / name) == ONNX_SHA256[name]


@pytest.mark.slow
def test_export_reproduces_the_recorded_hashes(embedding_model_dir: Path, tmp_path: Path) -> None:
    """Deterministic export: a second export, in another folder, gives the same bytes (about a minute)."""
    copy = tmp_path / "e5"
    shutil.copytree(embedding_model_dir, copy, ignore=shutil.ignore_patterns(onnx_export.ONNX_FOLDER_NAME))
    folder = materialise_onnx(copy)  # raises if a hash differs from ONNX_SHA256
    assert sorted(p.name for p in folder.iterdir()) == sorted([FP32_FILE, INT8_FILE, "VERIFIED"])
    assert not [p for p in copy.iterdir() if p.name.startswith(".onnx-")]  # no staging folder left


def test_hash_mismatch_fails_and_leaves_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # logic only: the three export steps are replaced by writers of small files
    monkeypatch.setattr(onnx_export, "_export_fp32", lambda _folder, dest: dest.write_bytes(b"raw"))
    monkeypatch.setattr(onnx_export, "_fuse", lambda _src, dest, _folder: dest.write_bytes(b"fused"))
    monkeypatch.setattr(onnx_export, "_quantise", lambda _src, dest: dest.write_bytes(b"int8"))
    with pytest.raises(RuntimeError, match=r"SHA-256 .* expected"):
        materialise_onnx(tmp_path)
    assert list(tmp_path.iterdir()) == []
    folder = materialise_onnx(tmp_path, expected=None)
    assert (folder / INT8_FILE).read_bytes() == b"int8"
    exports = []
    monkeypatch.setattr(onnx_export, "_quantise", lambda _src, dest: exports.append(dest.write_bytes(b"int8")))
    assert materialise_onnx(tmp_path, expected=None) == folder  # present and verified: not exported again
    assert exports == []
    with pytest.raises(RuntimeError, match=r"SHA-256 .* expected"):  # an older export than the recorded one
        materialise_onnx(tmp_path)  # is exported anew (and here fails the check, leaving the old folder)
    assert exports and (folder / "VERIFIED").is_file()
