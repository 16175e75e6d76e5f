"""Similar initiatives: the probe of a free-text description, and searches from a passage (real index)."""

from __future__ import annotations

import pytest

from retrieval.errors import ErrorCode, RetrievalError
from retrieval.similar import probe_from


def test_probe_is_the_quoted_phrase() -> None:
    assert probe_from("找和'综合查一次'类似的做法") == "综合查一次"
    assert probe_from("找和“府院联动”类似的做法") == "府院联动"
    assert probe_from("  容缺受理 ") == "容缺受理"


def test_from_passage_excludes_its_own_document(retrieval) -> None:
    document = retrieval.documents()[0]
    text = retrieval.document_text(document.doc_id)
    hits = retrieval.similar.from_passage(document.doc_id, 0, min(len(text), 200), top_k=3)
    assert hits and all(hit.passage.doc_id != document.doc_id for hit in hits)
    assert len({hit.passage.doc_id for hit in hits}) == len(hits)  # one per document by default


def test_a_span_outside_the_document_is_refused(retrieval) -> None:
    document = retrieval.documents()[0]
    with pytest.raises(RetrievalError, match="outside the document") as raised:
        retrieval.similar.from_passage(document.doc_id, 0, 10**9)
    assert raised.value.code is ErrorCode.NOT_IN_INDEX
