"""Hybrid search: dense (embeddings) + BM25, fused by weighted reciprocal rank, with filters.

Both retrievers see the normalised (NFKC, Simplified) query, so either script finds either. Passages of a
region or year the question names get a relative boost: "朝天区怎么…" should prefer 朝天区's report even
when another report uses the same words. Weights live in RetrievalSettings and were set on the dev set.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np

from config import RetrievalSettings
from config import settings as project_settings
from indexer.normalize import normalize_for_matching
from indexer.stores import PassageFilter
from retrieval.errors import RetrievalError
from retrieval.index import SearchIndex
from retrieval.regions import years_in
from retrieval.types import Hit, Passage

Mode = Literal["hybrid", "dense", "bm25"]


@dataclass(frozen=True)
class Filters:
    regions: tuple[str, ...] = ()
    years: tuple[int, ...] = ()
    doc_ids: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.regions or self.years or self.doc_ids)


def fuse(rankings: list[tuple[float, np.ndarray]], rrf_k: float) -> dict[int, float]:
    """Weighted reciprocal rank fusion: sum of weight / (rrf_k + rank) over the rankings a passage is in
    (rank 1 = first). ``rankings`` are (weight, chunk ids best first)."""
    fused: dict[int, float] = {}
    for weight, ids in rankings:
        for rank, chunk_id in enumerate(np.asarray(ids).tolist(), start=1):
            fused[chunk_id] = fused.get(chunk_id, 0.0) + weight / (rrf_k + rank)
    return fused


class HybridSearcher:
    def __init__(self, index: SearchIndex, settings: RetrievalSettings | None = None) -> None:
        self.index = index
        self.settings = settings or project_settings().retrieval

    def run(
        self,
        query: str,
        top_k: int | None = None,
        filters: Filters = Filters(),
        mode: Mode = "hybrid",
        exclude_doc_ids: tuple[str, ...] = (),
        boost: bool = True,
    ) -> list[Hit]:
        if not query.strip():
            raise RetrievalError("the query is empty")
        top_k = top_k or self.settings.top_k
        normalised = normalize_for_matching(query)
        where = self.passage_filter(filters, exclude_doc_ids)
        if where is not None and filters.regions and not where.regions:
            return []  # no indexed region is named like that
        rankings: list[tuple[float, np.ndarray]] = []
        if mode in ("hybrid", "dense"):
            vector = self.index.embedder.encode_queries([normalised])
            rankings.append((self.settings.dense_weight, self.dense_ranking(vector, where)))
        if mode in ("hybrid", "bm25"):
            ids = self.index.store.lexical_search(normalised, self.settings.candidates, where)
            rankings.append((self.settings.bm25_weight, ids))
        fused = self.fuse(rankings)
        if boost:
            self._boost(fused, normalised)
        best = sorted(fused.items(), key=lambda item: -item[1])[:top_k]
        return self.to_hits(best)

    def dense_ranking(self, vector: np.ndarray, where: PassageFilter | None) -> np.ndarray:
        return self.index.store.dense_search(vector, self.settings.candidates, where)

    def fuse(self, rankings: list[tuple[float, np.ndarray]]) -> dict[int, float]:
        return fuse(rankings, self.settings.rrf_k)

    def _boost(self, fused: dict[int, float], normalised_query: str) -> None:
        regions = self.index.regions.regions_in(normalised_query)
        years = years_in(normalised_query)
        if not fused or not (regions or years):
            return
        records = self.index.store.chunks(fused)
        for chunk_id, record in records.items():
            document = self.index.documents[record.doc_id]
            factor = 1.0
            if document.region in regions:
                factor += self.settings.region_boost
            if document.year in years:
                factor += self.settings.year_boost
            fused[chunk_id] *= factor

    def passage_filter(self, filters: Filters, exclude_doc_ids: tuple[str, ...] = ()) -> PassageFilter | None:
        """The user's filters as the store's typed filter (regions resolved to indexed names); None: no filter."""
        if not filters and not exclude_doc_ids:
            return None
        regions = tuple(self.resolve_regions(filters.regions)) if filters.regions else ()
        return PassageFilter(regions, filters.years, filters.doc_ids, exclude_doc_ids)

    def resolve_regions(self, names: tuple[str, ...]) -> list[str]:
        """Filter names as users type them ("朝天区", "北京") map to the indexed regions they name."""
        found: set[str] = set()
        for name in names:
            found |= self.index.regions.regions_in(normalize_for_matching(name))
            found |= {r for d in self.index.documents.values() if (r := d.region) and name in r}
        return sorted(found)

    def to_hits(self, scored: list[tuple[int, float]]) -> list[Hit]:
        records = self.index.store.chunks(chunk_id for chunk_id, _ in scored)
        hits = []
        for rank, (chunk_id, score) in enumerate(scored, start=1):
            record = records[chunk_id]
            document = self.index.documents[record.doc_id]
            hits.append(
                Hit(
                    Passage(
                        doc_id=document.doc_id,
                        source=document.source,
                        title=document.title,
                        region=document.region,
                        year=document.year,
                        section=record.section,
                        text=record.text,
                        start=record.start,
                        end=record.end,
                    ),
                    rank=rank,
                    score=round(float(score), 6),
                    chunk_id=chunk_id,
                )
            )
        return hits
