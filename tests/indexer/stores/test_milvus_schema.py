"""The typed filter as a Milvus boolean expression, and document texts cut to fit a VARCHAR."""

from __future__ import annotations

from indexer.bm25_index import tokenize
from indexer.stores.base import PassageFilter
from indexer.stores.milvus_schema import TEXT_PIECE_CHARS, VARCHAR_MAX, bm25_text, expression, text_pieces


def test_no_filter_is_an_empty_expression() -> None:
    assert expression(None) == "" and expression(PassageFilter()) == ""


def test_every_condition_holds_at_once() -> None:
    where = PassageFilter(regions=("通城县", '有"引号'), years=(2023, 2024), doc_ids=("a",), exclude_doc_ids=("b", "c"))
    assert expression(where) == (
        'region in ["通城县", "有\\"引号"] and year in [2023, 2024] and doc_id in ["a"] and doc_id not in ["b", "c"]'
    )


def test_document_text_pieces_fit_a_varchar_and_join_back() -> None:
    text = "报告" * 20_000 + "𠀀" * 5
    pieces = text_pieces(text)
    assert "".join(pieces) == text and len(pieces) == -(-len(text) // TEXT_PIECE_CHARS)
    assert all(len(p.encode("utf-8")) <= VARCHAR_MAX for p in pieces)
    assert text_pieces("") == [""]


def test_project_bm25_text_is_one_word_per_project_token() -> None:
    normalised = "朝天区行政复议案件26件"
    words = bm25_text(normalised, "project").split(" ")
    assert len(words) == len(tokenize(normalised)) and all(w.isalnum() and w.isascii() for w in words)
    assert bm25_text("复议案件", "project").split(" ")[0] in words  # the same token, the same word
    assert bm25_text(normalised, "jieba") == normalised and bm25_text("", "project") == ""
