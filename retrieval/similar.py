"""Similar initiatives: passages from *other* documents that resemble a given passage or free text.

The seed of "who else runs a 府院联动 mechanism?": the probe is searched like a query (dense + BM25),
the probe's own document is excluded, and results are grouped so each other report contributes its best
passage(s) (one per document by default).
"""

from __future__ import annotations

import re

from retrieval.errors import ErrorCode, RetrievalError
from retrieval.search import Filters, HybridSearcher
from retrieval.types import Hit

# "找和'综合查一次'类似的做法" → 综合查一次: a quoted phrase is the initiative the user means; the
# framing words around it would only dilute the search.
_QUOTED = re.compile(r"[‘“「『'\"]\s*(.+?)\s*[’”」』'\"]")


def probe_from(text: str) -> str:
    """What a free-text description is searched by: its quoted phrases if it has any, else all of it."""
    quoted = _QUOTED.findall(text)
    return "".join(quoted) if quoted else text.strip()


class SimilarFinder:
    def __init__(self, searcher: HybridSearcher) -> None:
        self.searcher = searcher

    def from_passage(
        self, source: str, start: int, end: int, top_k: int = 5, per_document: int = 1, filters: Filters = Filters()
    ) -> list[Hit]:
        index = self.searcher.index
        document = index.documents.get(source) or index.document_by_source(source)
        if document is None:
            raise RetrievalError(f"'{source}' is not in the index (give its source path or doc_id)",
                                 ErrorCode.NOT_IN_INDEX)
        text = index.store.document_text(document.doc_id) or ""
        if not 0 <= start < end <= len(text):
            raise RetrievalError(f"offsets [{start}, {end}) are outside the document (length {len(text)})",
                                 ErrorCode.NOT_IN_INDEX)
        return self.from_text(text[start:end], top_k, per_document, filters, exclude_doc_ids=(document.doc_id,))

    def from_text(
        self,
        text: str,
        top_k: int = 5,
        per_document: int = 1,
        filters: Filters = Filters(),
        exclude_doc_ids: tuple[str, ...] = (),
    ) -> list[Hit]:
        pool = self.searcher.run(
            text,
            top_k=self.searcher.settings.candidates,
            filters=filters,
            exclude_doc_ids=exclude_doc_ids,
            boost=False,
        )
        kept: list[Hit] = []
        taken: dict[str, int] = {}
        for hit in pool:
            if taken.get(hit.passage.doc_id, 0) < per_document:
                taken[hit.passage.doc_id] = taken.get(hit.passage.doc_id, 0) + 1
                kept.append(hit)
            if len(kept) == top_k:
                break
        return self.searcher.to_hits([(h.chunk_id, h.score) for h in kept])
