"""One entry point for everything retrieval offers, shared by the CLI, the answer layer and the app.

from retrieval.service import Retrieval
service = Retrieval.open()                      # settings from env / govqa.toml
hits = service.search("朝天区怎样推进行政执法规范化?", top_k=5)
similar = service.similar.from_text("府院联动")
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from config import IndexerSettings, RetrievalSettings
from indexer.embedding import Embedder
from indexer.store import DocumentRecord
from retrieval.index import SearchIndex
from retrieval.search import Filters, HybridSearcher, Mode
from retrieval.similar import SimilarFinder
from retrieval.types import Hit


@dataclass
class Retrieval:
    index: SearchIndex
    searcher: HybridSearcher
    similar: SimilarFinder

    @classmethod
    def open(
        cls,
        index_dir: Path | None = None,
        indexer_settings: IndexerSettings | None = None,
        settings: RetrievalSettings | None = None,
        embedder: Embedder | None = None,
    ) -> Retrieval:
        index = SearchIndex(index_dir, indexer_settings, embedder)
        searcher = HybridSearcher(index, settings)
        return cls(index, searcher, SimilarFinder(searcher))

    def search(
        self, query: str, top_k: int | None = None, filters: Filters = Filters(), mode: Mode = "hybrid"
    ) -> list[Hit]:
        return self.searcher.run(query, top_k, filters, mode)

    @staticmethod
    def filters(
        regions: list[str] | None = None, years: list[int] | None = None, doc_ids: list[str] | None = None
    ) -> Filters:
        return Filters(tuple(regions or ()), tuple(years or ()), tuple(doc_ids or ()))

    def documents(self) -> list[DocumentRecord]:
        return sorted(self.index.documents.values(), key=lambda d: d.source)

    def document_text(self, doc_id: str) -> str | None:
        return self.index.store.document_text(doc_id)

    def refresh(self) -> bool:
        return self.index.refresh()
