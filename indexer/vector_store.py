"""Dense vector search behind a small interface.

FAISS is the embedded default: exact inner product (``IndexFlatIP``) while the collection is small, an
IVF index above ``ivf_threshold`` vectors where exact search stops being cheap. A distributed engine
(Milvus) is the planned scale-out for national-size collections; it would implement the same
``VectorStore`` protocol (see docs/architecture.md) and be chosen by ``make_vector_store``.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Protocol

import numpy as np


class VectorStore(Protocol):
    kind: str

    def search(
        self, queries: np.ndarray, k: int, allowed_ids: np.ndarray | None = None
    ) -> tuple[np.ndarray, np.ndarray]:
        """Return (scores, ids), each [n_queries, k]; missing results have id -1."""

    def save(self, path: Path) -> None: ...

    def __len__(self) -> int: ...


class FaissVectorStore:
    FILE_NAME = "vectors.faiss"

    def __init__(self, index: object) -> None:
        import faiss

        self.index = index
        self.kind = type(faiss.downcast_index(index.index)).__name__  # IndexFlatIP or IndexIVFFlat

    @classmethod
    def build(cls, ids: np.ndarray, vectors: np.ndarray, ivf_threshold: int) -> FaissVectorStore:
        import faiss

        dim = vectors.shape[1] if vectors.size else 1
        n = len(ids)
        if n > ivf_threshold:
            n_lists = int(4 * math.sqrt(n))
            quantizer = faiss.IndexFlatIP(dim)
            inner = faiss.IndexIVFFlat(quantizer, dim, n_lists, faiss.METRIC_INNER_PRODUCT)
            inner.train(vectors)
            inner.nprobe = max(8, n_lists // 16)
        else:
            inner = faiss.IndexFlatIP(dim)
        index = faiss.IndexIDMap2(inner)
        if n:
            index.add_with_ids(np.ascontiguousarray(vectors, np.float32), ids.astype(np.int64))
        return cls(index)

    @classmethod
    def load(cls, folder: Path) -> FaissVectorStore:
        import faiss

        return cls(faiss.read_index(str(folder / cls.FILE_NAME)))

    def save(self, folder: Path) -> None:
        import faiss

        faiss.write_index(self.index, str(folder / self.FILE_NAME))

    def __len__(self) -> int:
        return int(self.index.ntotal)

    def search(
        self, queries: np.ndarray, k: int, allowed_ids: np.ndarray | None = None
    ) -> tuple[np.ndarray, np.ndarray]:
        import faiss

        queries = np.ascontiguousarray(queries, np.float32)
        k = max(1, min(k, len(self)))
        if len(self) == 0:
            return np.zeros((len(queries), 0), np.float32), np.zeros((len(queries), 0), np.int64)
        params = None
        if allowed_ids is not None:
            selector = faiss.IDSelectorBatch(np.asarray(allowed_ids, np.int64))
            inner = faiss.downcast_index(self.index.index)
            if isinstance(inner, faiss.IndexIVF):
                params = faiss.SearchParametersIVF(sel=selector, nprobe=inner.nprobe)
            else:
                params = faiss.SearchParameters(sel=selector)
        scores, ids = self.index.search(queries, k, params=params)
        return scores, ids


def make_vector_store(kind: str, ids: np.ndarray, vectors: np.ndarray, ivf_threshold: int) -> VectorStore:
    if kind == "faiss":
        return FaissVectorStore.build(ids, vectors, ivf_threshold)
    raise ValueError(f"unknown vector store '{kind}' (available: faiss)")
