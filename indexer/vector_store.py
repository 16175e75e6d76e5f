"""Dense vector search behind a small interface.

FAISS is the embedded default: exact inner product (``IndexFlatIP``) while the collection is small, an
IVF index above ``ivf_threshold`` vectors where exact search stops being cheap. Above the threshold,
``large_index`` chooses what the IVF lists hold: ``ivf_sq8`` (8-bit scalar-quantised codes, 384 B a vector)
or ``ivf_flat`` (the fp32 vectors, 1,536 B a vector); docs/benchmarks.md "Scale benchmark" measures both.

A filtered search on IVF would scan only the ``nprobe`` lists nearest the query and miss most allowed
passages when the filter keeps few of them; ``search`` therefore widens the probe by the share the filter
keeps, up to every list. The IVF lists hold the passage ids themselves (no ``IndexIDMap`` around them), so a
full probe tests each stored id against a bitmap of the allowed ones. At 10^5 passages and a 2.6 % filter that
took 2.6 ms, against 20 ms with the ids translated through an id map and 34 ms decoding the allowed vectors one
by one (docs/benchmarks.md, "Scale benchmark, third pass").
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Literal, Protocol

import numpy as np

LargeIndex = Literal["ivf_sq8", "ivf_flat"]
TRAINING_POINTS_PER_LIST = 64  # k-means on 64 points a list (FAISS warns below 39): 4 min, not 17, at 10^6


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

        self.index = index  # an IndexIDMap around IndexFlatIP, or an IVF index that stores the ids itself
        # Indexes saved before 2026-12-03 wrap their IVF in an IndexIDMap2: still searched, through its id map.
        self.inner = faiss.downcast_index(index.index) if hasattr(index, "id_map") else index
        self.kind = type(self.inner).__name__  # IndexFlatIP, IndexIVFScalarQuantizer or IndexIVFFlat

    @classmethod
    def build(
        cls, ids: np.ndarray, vectors: np.ndarray, ivf_threshold: int, large_index: LargeIndex = "ivf_sq8"
    ) -> FaissVectorStore:
        import faiss

        dim = vectors.shape[1] if vectors.size else 1
        n = len(ids)
        vectors = np.ascontiguousarray(vectors, np.float32)
        ids = np.ascontiguousarray(ids, np.int64)
        if n <= ivf_threshold:
            index = faiss.IndexIDMap(faiss.IndexFlatIP(dim))  # a flat index keeps no ids of its own
            if n:
                index.add_with_ids(vectors, ids)
            return cls(index)
        n_lists = int(4 * math.sqrt(n))
        quantizer = faiss.IndexFlatIP(dim)
        if large_index == "ivf_sq8":
            ivf = faiss.IndexIVFScalarQuantizer(
                quantizer, dim, n_lists, faiss.ScalarQuantizer.QT_8bit, faiss.METRIC_INNER_PRODUCT
            )
        elif large_index == "ivf_flat":
            ivf = faiss.IndexIVFFlat(quantizer, dim, n_lists, faiss.METRIC_INNER_PRODUCT)
        else:
            raise ValueError(f"unknown large FAISS index '{large_index}' (available: ivf_sq8, ivf_flat)")
        ivf.cp.max_points_per_centroid = TRAINING_POINTS_PER_LIST
        ivf.train(vectors)
        ivf.nprobe = max(8, n_lists // 16)
        ivf.add_with_ids(vectors, ids)
        return cls(ivf)

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
        if allowed_ids is None:
            return self.index.search(queries, k)
        allowed = np.asarray(allowed_ids, np.int64)
        if len(allowed) == 0:
            return np.full((len(queries), k), -np.inf, np.float32), np.full((len(queries), k), -1, np.int64)
        member = np.zeros(int(allowed.max()) + 1, bool)
        member[allowed] = True
        bitmap = np.packbits(member, bitorder="little")
        selector = faiss.IDSelectorBitmap(len(bitmap), faiss.swig_ptr(bitmap))  # size in bytes; must outlive it
        if not isinstance(self.inner, faiss.IndexIVF):
            return self.index.search(queries, k, params=faiss.SearchParameters(sel=selector))
        # Probe 1/share times the lists, so that the probe still meets about as many allowed vectors as an
        # unfiltered search meets vectors; a small filter probes every list, which scores the allowed exactly.
        share = len(allowed) / len(self)
        nprobe = min(self.inner.nlist, math.ceil(self.inner.nprobe / share))
        return self.index.search(queries, k, params=faiss.SearchParametersIVF(sel=selector, nprobe=nprobe))


def make_vector_store(
    kind: str, ids: np.ndarray, vectors: np.ndarray, ivf_threshold: int, large_index: LargeIndex = "ivf_sq8"
) -> VectorStore:
    if kind == "faiss":
        return FaissVectorStore.build(ids, vectors, ivf_threshold, large_index)
    raise ValueError(f"unknown vector store '{kind}' (available: faiss)")
