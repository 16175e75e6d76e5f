"""Runtime choice, one model per process, duplicates encoded once."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from config import IndexerSettings
from indexer.embedding import Embedder
from indexer.errors import IndexerError


def _settings(base: IndexerSettings, **update) -> IndexerSettings:
    return base.model_copy(update=update)


def test_default_runtime_is_onnx_for_the_bundled_model(indexer_settings: IndexerSettings) -> None:
    assert IndexerSettings.model_fields["embedding_runtime"].default == "auto"
    assert IndexerSettings.model_fields["onnx_precision"].default == "fp32"  # int8 misses the quality bar
    assert Embedder(_settings(indexer_settings, embedding_runtime="auto", onnx_precision="fp32")).runtime == "onnx-fp32"
    assert Embedder(_settings(indexer_settings, onnx_precision="int8")).runtime == "onnx-int8-r2"
    assert Embedder(_settings(indexer_settings, embedding_runtime="torch")).runtime == "torch"
    assert Embedder(_settings(indexer_settings, embedding_runtime="onnx", onnx_precision="fp32")).runtime == "onnx-fp32"


def test_runtime_is_read_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GOVQA_EMBEDDING_RUNTIME", "torch")
    assert IndexerSettings().embedding_runtime == "torch"
    monkeypatch.setenv("GOVQA_EMBEDDING_RUNTIME", "tensorflow")
    with pytest.raises(ValueError, match="embedding_runtime"):
        IndexerSettings()


def test_onnx_for_a_model_without_export_is_refused(
    indexer_settings: IndexerSettings, embedding_model_dir: Path
) -> None:
    folder = str(embedding_model_dir)  # the same weights as a plain local folder: no set-up export for it
    assert Embedder(_settings(indexer_settings, embedding_model=folder)).runtime == "torch"  # auto
    with pytest.raises(IndexerError, match="GOVQA_EMBEDDING_RUNTIME=torch"):
        Embedder(_settings(indexer_settings, embedding_model=folder, embedding_runtime="onnx"))


def test_model_is_loaded_once_per_process(indexer_settings: IndexerSettings) -> None:
    first, second = Embedder(indexer_settings), Embedder(indexer_settings.model_copy())
    assert first.onnx is second.onnx


def test_identical_passages_are_encoded_once(
    indexer_settings: IndexerSettings, monkeypatch: pytest.MonkeyPatch
) -> None:
    embedder = Embedder(indexer_settings)
    seen: list[list[str]] = []
    encode = embedder.onnx.encode

    def spy(texts: list[str], prompt_name: str, batch_size: int) -> np.ndarray:
        seen.append(list(texts))
        return encode(texts, prompt_name, batch_size)

    monkeypatch.setattr(embedder.onnx, "encode", spy)
    texts = ["依法行政。", "府院联动机制。", "依法行政。", "依法行政。"]
    vectors = embedder.encode_documents(texts)
    assert seen == [["依法行政。", "府院联动机制。"]]
    assert vectors.shape == (4, 384)
    np.testing.assert_array_equal(vectors[0], vectors[3])
    assert float(vectors[0] @ vectors[1]) < 0.99
