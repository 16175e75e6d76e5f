"""Milvus-specific search behaviour on a real milvus-lite: filtered dense search on an HNSW collection.

HNSW with a filter keeping few passages walks the graph among passages it must drop: with ef 64 the scale
benchmark's 2,000-passage HNSW collection (real e5 vectors, a region filter keeping 4 %) got recall@10 0.52;
with ef = 64/share, 1.0 (docs/benchmarks.md). milvus-lite searches a small fresh collection like this one
exactly, so the test checks the results and the ef the store asks for."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from config import IndexerSettings
from indexer.manifest import Manifest
from indexer.models import Chunk
from indexer.store import DocumentRecord
from indexer.stores import PassageFilter, open_backend

REGIONS = [f"区{i:02d}" for i in range(30)]


def _unit(rows: np.ndarray) -> np.ndarray:
    return (rows / np.linalg.norm(rows, axis=1, keepdims=True)).astype(np.float32)


def test_filtered_hnsw_search_finds_the_exact_top_k_among_allowed_passages(tmp_path: Path) -> None:
    """HNSW with a filter keeping 1/30 of the passages must still return the filter's 10 nearest (ef × 30)."""
    settings = IndexerSettings(store="milvus", milvus_uri=str(tmp_path / "milvus.db"), milvus_hnsw_threshold=100)
    backend = open_backend(settings, tmp_path)
    version = backend.begin(rebuild=True)
    rng = np.random.default_rng(3)
    centres = _unit(rng.normal(size=(20, 32)))  # clustered, as real passages are: a query's neighbours are dense
    vectors = _unit(centres[rng.integers(20, size=60 * 40)] + rng.normal(0, 0.15, (60 * 40, 32)))
    for number in range(60):  # 60 documents of 40 passages, two documents a region
        doc_id = f"doc{number:02d}"
        record = DocumentRecord(doc_id, f"{doc_id}.txt", f"/x/{doc_id}.txt", doc_id, REGIONS[number % 30], 2020,
                                None, doc_id, "txt", "utf-8", 40)
        texts = [f"段落{number}之{i}。" for i in range(40)]
        chunks = [Chunk(i * 10, i * 10 + 9, t, []) for i, t in enumerate(texts)]
        version.upsert_document(record, "\n".join(texts), chunks, texts, vectors[number * 40 : (number + 1) * 40])
    manifest = Manifest(model_id="test", dimension=32, chunking={}, vector_store="", n_chunks=len(vectors))
    assert version.publish(manifest) == "milvus-HNSW"
    store = backend.open()
    assert store.search_ef(10, None) == 64 and store.search_ef(100, None) == 100
    assert store.search_ef(10, PassageFilter(regions=(REGIONS[7],))) == 64 * 30
    assert store.search_ef(10, PassageFilter(regions=("无此地区",))) == 64
    region_of = np.repeat([REGIONS[n % 30] for n in range(60)], 40)  # chunk ids are 1.. in insertion order
    for query in _unit(centres[:5] + rng.normal(0, 0.15, (5, 32))):
        allowed = np.flatnonzero(region_of == REGIONS[7])
        expected = allowed[np.argsort(-(vectors[allowed] @ query))[:10]] + 1
        found = store.dense_search(query[None, :], 10, PassageFilter(regions=(REGIONS[7],)))
        assert list(found) == list(expected)
