"""Dense vector search behind a small interface.

FAISS is the embedded default: exact inner product (``IndexFlatIP``) while the collection is small, an
IVF index above ``ivf_threshold`` vectors where exact search stops being cheap. Above the threshold,
``large_index`` chooses what the IVF lists hold: ``ivf_sq8`` (8-bit scalar-quantised codes, 384 B a vector)
or ``ivf_flat`` (the fp32 vectors, 1,536 B a vector); docs/benchmarks.md "Scale benchmark" measures both.

A filtered search on IVF would scan only the ``nprobe`` lists nearest the query and miss most allowed
passages when the filter keeps few of them; ``search`` therefore scores a small allowed set exactly and
widens the probe for a large one (see ``exact_filter_share``).
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Literal, Protocol

import numpy as np

LargeIndex = Literal["ivf_sq8", "ivf_flat"]
TRAINING_POINTS_PER_LIST = 64  # k-means on 64 points a list (FAISS warns below 39): 4 min, not 17, at 10^6
_GATHER_BATCH = 16_384  # allowed vectors decoded at a time when scoring exactly (25 MB of fp32 at 384 dims)


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
        self.inner = faiss.downcast_index(index.index)
        self.kind = type(self.inner).__name__  # IndexFlatIP, IndexIVFScalarQuantizer or IndexIVFFlat
        if isinstance(self.inner, faiss.IndexIVF) and self.inner.direct_map.type == faiss.DirectMap.NoMap:
            self.inner.make_direct_map()  # lets exact filtered search decode vectors by id (8 B a vector)

    @classmethod
    def build(
        cls, ids: np.ndarray, vectors: np.ndarray, ivf_threshold: int, large_index: LargeIndex = "ivf_sq8"
    ) -> FaissVectorStore:
        import faiss

        dim = vectors.shape[1] if vectors.size else 1
        n = len(ids)
        vectors = np.ascontiguousarray(vectors, np.float32)
        if n > ivf_threshold:
            n_lists = int(4 * math.sqrt(n))
            quantizer = faiss.IndexFlatIP(dim)
            if large_index == "ivf_sq8":
                inner = faiss.IndexIVFScalarQuantizer(
                    quantizer, dim, n_lists, faiss.ScalarQuantizer.QT_8bit, faiss.METRIC_INNER_PRODUCT
                )
            elif large_index == "ivf_flat":
                inner = faiss.IndexIVFFlat(quantizer, dim, n_lists, faiss.METRIC_INNER_PRODUCT)
            else:
                raise ValueError(f"unknown large FAISS index '{large_index}' (available: ivf_sq8, ivf_flat)")
            inner.cp.max_points_per_centroid = TRAINING_POINTS_PER_LIST
            inner.train(vectors)
            inner.nprobe = max(8, n_lists // 16)
        else:
            inner = faiss.IndexFlatIP(dim)
        index = faiss.IndexIDMap2(inner)
        if n:
            index.add_with_ids(vectors, ids.astype(np.int64))
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

    def exact_filter_share(self) -> float:
        """Below this share of passages a filtered IVF search scores the allowed vectors exactly.

        Scoring the allowed set costs ``share·n`` vectors; a probe widened to ``nprobe/share`` lists so that it
        still meets as many allowed vectors as an unfiltered search meets vectors costs ``nprobe/(share·nlist)·n``.
        They cost the same at ``share = sqrt(nprobe/nlist)``: 0.25 with nprobe = nlist/16 as built.
        """
        return math.sqrt(self.inner.nprobe / self.inner.nlist)

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
        if not isinstance(self.inner, faiss.IndexIVF):
            return self.index.search(queries, k, params=faiss.SearchParameters(sel=faiss.IDSelectorBatch(allowed)))
        share = len(allowed) / len(self)
        if share <= self.exact_filter_share():  # no id selector needed: the allowed ids are scored directly
            return self._score_exactly(queries, k, allowed)
        selector = faiss.IDSelectorBatch(allowed)
        nprobe = min(self.inner.nlist, math.ceil(self.inner.nprobe / share))
        return self.index.search(queries, k, params=faiss.SearchParametersIVF(sel=selector, nprobe=nprobe))

    def _score_exactly(self, queries: np.ndarray, k: int, allowed: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Top k of the allowed ids by inner product with their stored (for SQ8: decoded) vectors."""
        best_scores = np.full((len(queries), k), -np.inf, np.float32)
        best_ids = np.full((len(queries), k), -1, np.int64)
        for begin in range(0, len(allowed), _GATHER_BATCH):
            batch = allowed[begin : begin + _GATHER_BATCH]
            scores = np.concatenate([best_scores, queries @ self.index.reconstruct_batch(batch).T], axis=1)
            ids = np.concatenate([best_ids, np.broadcast_to(batch, (len(queries), len(batch)))], axis=1)
            top = np.argpartition(-scores, k - 1, axis=1)[:, :k] if scores.shape[1] > k else None
            if top is not None:
                scores, ids = np.take_along_axis(scores, top, 1), np.take_along_axis(ids, top, 1)
            best_scores, best_ids = scores, ids
        order = np.argsort(-best_scores, axis=1, kind="stable")
        return np.take_along_axis(best_scores, order, 1), np.take_along_axis(best_ids, order, 1)


def make_vector_store(
    kind: str, ids: np.ndarray, vectors: np.ndarray, ivf_threshold: int, large_index: LargeIndex = "ivf_sq8"
) -> VectorStore:
    if kind == "faiss":
        return FaissVectorStore.build(ids, vectors, ivf_threshold, large_index)
    raise ValueError(f"unknown vector store '{kind}' (available: faiss)")
