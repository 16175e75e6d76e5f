"""The retrieval facade on the real seed index: documents, one document, a passage by its offsets, and
the JSON contract of a hit."""

from __future__ import annotations

import pytest

from retrieval.service import Retrieval
from retrieval.types import DocumentInfo, Hit, Passage


@pytest.fixture()
def retrieval(store_retrieval: Retrieval) -> Retrieval:
    """Every search test here runs on each store backend (FAISS and Milvus)."""
    return store_retrieval


def test_document_is_the_same_as_in_the_list(retrieval: Retrieval) -> None:
    documents = retrieval.documents()
    assert documents and all(isinstance(d, DocumentInfo) for d in documents)
    assert [d.source for d in documents] == sorted(d.source for d in documents)
    for document in documents:
        assert retrieval.document(document.doc_id) == document
    assert retrieval.document("no-such-id") is None


def test_passage_by_offsets_is_the_stored_text_with_its_section(retrieval: Retrieval) -> None:
    hit = retrieval.search("行政复议", top_k=1)[0]
    passage = retrieval.passage(hit.passage.doc_id, hit.passage.start, hit.passage.end)
    assert passage == hit.passage
    text = retrieval.document_text(hit.passage.doc_id)
    assert retrieval.passage(hit.passage.doc_id, 0, len(text) + 1) is None
    assert retrieval.passage("no-such-id", 0, 1) is None


def test_hit_json_is_flat_and_its_passage_is_the_stored_text(retrieval: Retrieval) -> None:
    hit = retrieval.search("府院联动", top_k=1)[0]
    assert isinstance(hit, Hit) and isinstance(hit.passage, Passage)
    assert list(hit.to_json()) == [
        "rank", "score", "doc_id", "source", "title", "region", "year", "section", "text", "start", "end",
    ]
    assert hit.to_json()["text"] == hit.passage.text and hit.to_json()["start"] == hit.passage.start
    assert retrieval.document_text(hit.passage.doc_id)[hit.passage.start : hit.passage.end] == hit.passage.text


def test_normalised_texts_are_every_document_in_simplified_script_read_once(retrieval: Retrieval) -> None:
    texts = retrieval.normalised_texts()
    assert len(texts) == len(retrieval.documents())
    zhongkai = next(t for t in texts if "仲恺" in t)
    assert "行政负责人出庭应诉率" in zhongkai  # the report writes 行政負責人出庭應訴率
    assert retrieval.normalised_texts() is texts  # kept with the loaded index version
