"""The checkpoint keeps committed vectors across processes and never mixes models or runtimes."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from indexer.embedding_checkpoint import EmbeddingCheckpoint, text_key


def test_vectors_survive_reopening_and_other_models_start_empty(tmp_path: Path) -> None:
    keys = [text_key("依法行政"), text_key("府院联动")]
    vectors = np.random.default_rng(0).standard_normal((2, 4)).astype(np.float32)
    checkpoint = EmbeddingCheckpoint(tmp_path, "multilingual-e5-small", "onnx-int8")
    checkpoint.put(keys, vectors)
    checkpoint.close()  # what a killed process leaves: committed rows only

    again = EmbeddingCheckpoint(tmp_path, "multilingual-e5-small", "onnx-int8")
    found = again.get([*keys, text_key("not there")])
    assert set(found) == set(keys)
    np.testing.assert_array_equal(found[keys[1]], vectors[1])
    again.close()

    other_runtime = EmbeddingCheckpoint(tmp_path, "multilingual-e5-small", "torch")
    assert len(other_runtime) == 0 and other_runtime.get(keys) == {}
    other_runtime.put(keys[:1], vectors[:1])
    other_runtime.clear()
    assert len(other_runtime) == 0


def test_lookups_larger_than_sqlite_parameter_limit(tmp_path: Path) -> None:
    checkpoint = EmbeddingCheckpoint(tmp_path, "m", "torch")
    keys = [text_key(str(i)) for i in range(1500)]
    checkpoint.put(keys, np.ones((1500, 2), np.float32))
    assert len(checkpoint.get(keys)) == 1500
