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


@pytest.mark.parametrize(
    ("large_index", "kind"), [("ivf_sq8", "IndexIVFScalarQuantizer"), ("ivf_flat", "IndexIVFFlat")]
)
def test_ivf_above_the_threshold(vectors, large_index: str, kind: str) -> None:
    ids, matrix = vectors
    store = make_vector_store("faiss", ids, matrix, ivf_threshold=100, large_index=large_index)
    assert store.kind == kind
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
    with pytest.raises(ValueError, match="unknown large FAISS index"):
        make_vector_store("faiss", np.arange(3), np.eye(3, dtype=np.float32), 1, large_index="hnsw")
    with pytest.raises(ValueError, match="unknown vector store"):
        make_vector_store("milvus", np.zeros(0, np.int64), np.zeros((0, 0), np.float32), 10)


def _exact_top(matrix: np.ndarray, ids: np.ndarray, query: np.ndarray, allowed: np.ndarray, k: int) -> list[int]:
    keep = np.isin(ids, allowed)
    scores = matrix[keep] @ query
    return list(ids[keep][np.argsort(-scores)[:k]])


@pytest.mark.parametrize("large_index", ["ivf_flat", "ivf_sq8"])
@pytest.mark.parametrize("share", [0.03, 0.5])
def test_filtered_ivf_search_returns_the_exact_top_k_among_allowed_ids(large_index: str, share: float) -> None:
    """An IVF index scans only `nprobe` lists; a filter keeping few passages must still get its k best."""
    rng = np.random.default_rng(11)
    ids = np.arange(1, 3001, dtype=np.int64)
    matrix = _unit(rng.normal(size=(3000, 32)))
    store = make_vector_store("faiss", ids, matrix, ivf_threshold=1000, large_index=large_index)
    assert store.kind.startswith("IndexIVF")
    allowed = np.sort(rng.choice(ids, int(share * len(ids)), replace=False))
    queries = _unit(rng.normal(size=(5, 32)))
    _, found = store.search(queries, 10, allowed)
    for query, row in zip(queries, found, strict=True):
        expected = _exact_top(matrix, ids, query, allowed, 10)
        if large_index == "ivf_flat" and share < 0.1:
            assert list(row) == expected  # scored exactly: the very top 10, in order
        else:  # SQ8 codes, or a probe widened by 1/share: approximate, but never short of results
            assert (row >= 0).all() and set(row) <= set(allowed)
            assert len(set(row) & set(expected)) >= (8 if share < 0.1 else 5)  # random vectors: IVF's worst case


def test_filtered_ivf_search_after_load(tmp_path: Path) -> None:
    """The saved IVF keeps what exact filtered search needs (the id → vector map)."""
    rng = np.random.default_rng(5)
    ids = np.arange(10, 2010, dtype=np.int64)
    matrix = _unit(rng.normal(size=(2000, 16)))
    make_vector_store("faiss", ids, matrix, ivf_threshold=500, large_index="ivf_flat").save(tmp_path)
    loaded = FaissVectorStore.load(tmp_path)
    allowed = ids[::40]
    _, found = loaded.search(matrix[:2], 60, allowed)  # more than are allowed: the rest is missing (-1)
    assert sorted(found[0][found[0] >= 0]) == sorted(allowed) and (found[0][len(allowed):] == -1).all()
    assert found[1][0] == allowed[np.argmax(matrix[allowed - 10] @ matrix[1])]


def test_an_empty_filter_finds_nothing(vectors) -> None:
    ids, matrix = vectors
    for threshold in (1000, 100):  # flat and IVF
        store = make_vector_store("faiss", ids, matrix, ivf_threshold=threshold)
        _, found = store.search(matrix[:2], 4, np.zeros(0, np.int64))
        assert found.shape == (2, 4) and (found == -1).all()


def test_an_ivf_index_saved_inside_an_id_map_still_searches(tmp_path: Path) -> None:
    """Indexes built before the IVF lists held the ids themselves wrap them in IndexIDMap2: still readable."""
    import faiss

    rng = np.random.default_rng(3)
    ids = np.arange(500, 2500, dtype=np.int64)
    matrix = _unit(rng.normal(size=(2000, 16)))
    ivf = faiss.IndexIVFFlat(faiss.IndexFlatIP(16), 16, 40, faiss.METRIC_INNER_PRODUCT)
    ivf.train(matrix)
    ivf.nprobe = 4
    legacy = faiss.IndexIDMap2(ivf)
    legacy.add_with_ids(matrix, ids)
    faiss.write_index(legacy, str(tmp_path / FaissVectorStore.FILE_NAME))
    loaded = FaissVectorStore.load(tmp_path)
    assert loaded.kind == "IndexIVFFlat" and len(loaded) == 2000
    allowed = ids[::50]
    _, found = loaded.search(matrix[7:8], 5, allowed)
    assert list(found[0]) == _exact_top(matrix, ids, matrix[7], allowed, 5)
    _, found = loaded.search(matrix[:3], 1)
    assert list(found[:, 0]) == list(ids[:3])


def test_ivf_lists_hold_the_passage_ids(vectors) -> None:
    """No id map around the IVF index: a filtered full probe tests the stored ids against a bitmap directly."""
    ids, matrix = vectors
    store = make_vector_store("faiss", ids, matrix, ivf_threshold=100)
    assert store.index is store.inner and not hasattr(store.index, "id_map")
    invlists = store.inner.invlists
    stored = np.concatenate([
        np.array([invlists.get_single_id(i, j) for j in range(invlists.list_size(i))], np.int64)
        for i in range(store.inner.nlist)
    ])
    assert sorted(stored) == sorted(ids)
