"""Which query words the app marks, and where (Traditional passages matched through Simplified)."""

from __future__ import annotations

from retrieval.highlight import query_terms, term_spans


def test_query_terms_drop_filler_and_keep_names_whole() -> None:
    terms = query_terms("行政复议怎么办理?")
    assert "行政复议" in terms and "怎么" not in terms and "?" not in terms
    assert query_terms("综合查一次")[0] == "综合查一次"  # longest first: the name is marked as one
    assert all(len(t) >= 2 for t in query_terms("的和在是有"))


def test_traditional_text_is_matched_with_its_own_offsets() -> None:
    text = "收到行政復議案件179宗"
    assert [text[a:b] for a, b in term_spans(text, ["行政复议"])] == ["行政復議"]
    assert term_spans("没有这个词", ["行政复议"]) == []
