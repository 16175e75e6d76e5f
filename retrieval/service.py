"""One entry point for everything retrieval offers, shared by the CLI, the answer layer and the app.

from retrieval.service import Retrieval
service = Retrieval.open()                      # settings from env / govqa.toml
hits = service.search("朝天区怎样推进行政执法规范化?", top_k=5)
similar = service.similar.from_text("府院联动")
service.document(doc_id)                        # DocumentInfo, one SQL lookup
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from config import IndexerSettings, RetrievalSettings
from indexer.embedding import Embedder
from indexer.normalize import normalize_for_matching
from indexer.store import DocumentRecord
from retrieval import highlight
from retrieval.index import SearchIndex
from retrieval.search import Filters, HybridSearcher, Mode
from retrieval.similar import SimilarFinder, probe_from
from retrieval.types import DocumentInfo, Hit, Passage


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

    def documents(self) -> list[DocumentInfo]:
        return [_info(d) for d in sorted(self.index.documents.values(), key=lambda d: d.source)]

    def document(self, doc_id: str) -> DocumentInfo | None:
        """One document by its id (one SQL lookup), or None when the index does not hold it."""
        record = self.index.store.document(doc_id)
        return _info(record) if record else None

    def document_text(self, doc_id: str) -> str | None:
        return self.index.store.document_text(doc_id)

    def normalised_texts(self) -> list[str]:
        """Every document's text in matching form (Simplified, half-width), read once per loaded index version:
        for counting how many reports use a wording ("who else" names, a comparison's shared indicator names)."""

        def read() -> list[str]:
            return [normalize_for_matching(self.document_text(d.doc_id) or "") for d in self.documents()]

        return self.index.derived("normalised_texts", read)

    def passage(self, doc_id: str, start: int, end: int) -> Passage | None:
        """``document_text[start:end]`` as a Passage (with the section of the stored passage it starts in);
        None when the document is gone or the span is not inside it."""
        record = self.index.store.document(doc_id)
        text = self.index.store.document_text(doc_id) if record else None
        if record is None or text is None or not 0 <= start < end <= len(text):
            return None
        section = next((c.section for c in self.index.store.chunks_of(doc_id) if c.start <= start < c.end), "")
        return Passage(record.doc_id, record.source, record.title, record.region, record.year, section,
                       text[start:end], start, end)

    @staticmethod
    def highlight_terms(query: str) -> list[str]:
        """The words of ``query`` worth marking in a result, longest first (``term_spans`` finds them)."""
        return highlight.query_terms(query)

    @staticmethod
    def term_spans(text: str, terms: list[str]) -> list[tuple[int, int]]:
        """Where ``terms`` occur in ``text`` (offsets into ``text``; Traditional text matched too)."""
        return highlight.term_spans(text, terms)

    @staticmethod
    def similar_probe(text: str) -> str:
        """What a free-text description of an initiative is searched by (its quoted phrase, if any)."""
        return probe_from(text)

    def refresh(self) -> bool:
        return self.index.refresh()


def _info(record: DocumentRecord) -> DocumentInfo:
    return DocumentInfo(record.doc_id, record.source, record.path, record.title, record.region, record.year,
                        record.publish_date, record.format, record.n_chunks)
