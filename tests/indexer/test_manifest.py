"""The manifest records the embedding runtime; an index is searched only with the runtime that made it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from config import IndexerSettings, reload_settings
from indexer.embedding import Embedder
from indexer.errors import IndexMismatchError
from indexer.layout import IndexLayout
from indexer.manifest import Manifest
from retrieval.service import Retrieval


def _manifest(runtime: str) -> Manifest:
    return Manifest(model_id="multilingual-e5-small", runtime=runtime, dimension=384, chunking={}, vector_store="Flat")


def test_runtime_mismatch_names_the_setting_and_the_rebuild(tmp_path: Path) -> None:
    with pytest.raises(IndexMismatchError, match=r"torch runtime.*GOVQA_EMBEDDING_RUNTIME=torch.*--rebuild"):
        _manifest("torch").check_compatible("multilingual-e5-small", None, tmp_path, runtime="onnx-int8-r2")
    with pytest.raises(IndexMismatchError, match=r"GOVQA_EMBEDDING_RUNTIME=onnx GOVQA_ONNX_PRECISION=fp32"):
        _manifest("onnx-fp32").check_compatible("multilingual-e5-small", None, tmp_path, runtime="onnx-int8-r2")
    with pytest.raises(IndexMismatchError, match=r"GOVQA_EMBEDDING_RUNTIME=onnx GOVQA_ONNX_PRECISION=int8"):
        _manifest("onnx-int8-r2").check_compatible("multilingual-e5-small", None, tmp_path, runtime="onnx-fp32")
    _manifest("onnx-int8-r2").check_compatible("multilingual-e5-small", None, tmp_path, runtime="onnx-int8-r2")


def test_index_from_an_older_int8_export_must_be_rebuilt(tmp_path: Path) -> None:
    # the first int8 export recorded plain "onnx-int8"; its vectors differ from the current export's
    with pytest.raises(IndexMismatchError, match=r"older int8 ONNX export \(onnx-int8\).*--rebuild"):
        _manifest("onnx-int8").check_compatible("multilingual-e5-small", None, tmp_path, runtime="onnx-int8-r2")


def test_indexes_from_before_the_runtime_field_were_made_by_torch(tmp_path: Path) -> None:
    data = json.loads(_manifest("torch").model_dump_json())
    del data["runtime"]
    (tmp_path / "manifest.json").write_text(json.dumps(data), encoding="utf-8")
    assert Manifest.read(tmp_path).runtime == "torch"


def test_unspecified_runtime_is_the_configured_one(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GOVQA_EMBEDDING_RUNTIME", "torch")
    reload_settings()
    _manifest("torch").check_compatible("multilingual-e5-small", None, tmp_path)
    monkeypatch.setenv("GOVQA_EMBEDDING_RUNTIME", "onnx")
    reload_settings()
    with pytest.raises(IndexMismatchError, match="runtime"):
        _manifest("torch").check_compatible("multilingual-e5-small", None, tmp_path)


def test_searching_an_index_with_another_runtime_fails(
    seed_index: Path, indexer_settings: IndexerSettings, monkeypatch: pytest.MonkeyPatch
) -> None:
    built_with = Manifest.read(IndexLayout(seed_index).current()).runtime
    assert built_with == Embedder(indexer_settings).runtime  # the builder recorded what it used
    other = "torch" if built_with != "torch" else "onnx"
    # what a user does: set the variable, then search an index built with the other runtime
    monkeypatch.setenv("GOVQA_EMBEDDING_RUNTIME", other)
    reload_settings()
    settings = indexer_settings.model_copy(update={"embedding_runtime": other})
    with pytest.raises(IndexMismatchError, match=f"GOVQA_EMBEDDING_RUNTIME={built_with.split('-')[0]}.*--rebuild"):
        Retrieval.open(seed_index, settings, embedder=Embedder(settings))
