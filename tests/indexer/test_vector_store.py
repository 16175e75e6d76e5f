"""The FAISS vector store: exact and IVF search, allowed-id filters, save and load (real FAISS)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from indexer.vector_store import FaissVectorStore, make_vector_store


def _unit(rows: np.ndarray) -> np.ndarray:
    return (rows / np.linalg.norm(rows, axis=1, keepdims=True)).astype(np.float32)


@pytest.fixture()
def vectors() -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(7)
    return np.arange(100, 400, dtype=np.int64), _unit(rng.normal(size=(300, 16)))


def test_exact_search_finds_each_vector_first(vectors) -> None:
    ids, matrix = vectors
    store = make_vector_store("faiss", ids, matrix, ivf_threshold=1000)
    assert store.kind == "IndexFlatIP" and len(store) == 300
    scores, found = store.search(matrix[:5], 3)
    assert list(found[:, 0]) == list(ids[:5]) and np.allclose(scores[:, 0], 1.0, atol=1e-5)


def test_allowed_ids_restrict_the_search(vectors) -> None:
    ids, matrix = vectors
    store = make_vector_store("faiss", ids, matrix, ivf_threshold=1000)
    allowed = ids[10:20]
    _, found = store.search(matrix[:1], 5, allowed)
    assert set(found[0][found[0] >= 0]) <= set(allowed)


def test_ivf_above_the_threshold(vectors) -> None:
    ids, matrix = vectors
    store = make_vector_store("faiss", ids, matrix, ivf_threshold=100)
    assert store.kind == "IndexIVFFlat"
    _, found = store.search(matrix[:3], 1)
    assert list(found[:, 0]) == list(ids[:3])


def test_save_and_load_give_the_same_results(vectors, tmp_path: Path) -> None:
    ids, matrix = vectors
    store = make_vector_store("faiss", ids, matrix, ivf_threshold=1000)
    store.save(tmp_path)
    loaded = FaissVectorStore.load(tmp_path)
    assert len(loaded) == len(store) and loaded.kind == store.kind
    for a, b in zip(store.search(matrix[:4], 5), loaded.search(matrix[:4], 5), strict=True):
        assert np.array_equal(a, b)


def test_empty_store_and_unknown_kind(tmp_path: Path) -> None:
    store = make_vector_store("faiss", np.zeros(0, np.int64), np.zeros((0, 0), np.float32), 10)
    scores, found = store.search(np.ones((1, 1), np.float32), 3)
    assert found.shape == (1, 0) and scores.shape == (1, 0)
    with pytest.raises(ValueError, match="unknown vector store"):
        make_vector_store("milvus", np.zeros(0, np.int64), np.zeros((0, 0), np.float32), 10)
