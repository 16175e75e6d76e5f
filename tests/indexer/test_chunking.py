"""Chunking on the real reports: exact offsets, sizes, heading chains, no chrome inside passages."""

from __future__ import annotations

from pathlib import Path

import pytest

from indexer.chunking import Chunker
from indexer.cleaning import extract_paragraphs
from indexer.loaders import load_document
from indexer.models import Paragraph
from tests.conftest import SEEDS, require_shared

SIZE, OVERLAP = 360, 60


def _chunks(path: Path):
    document = load_document(path)
    return document.text, Chunker(SIZE, OVERLAP).run(document.text, extract_paragraphs(document.text))


@pytest.mark.parametrize("path", sorted(SEEDS.glob("*.txt")), ids=lambda p: p.name[:3])
def test_seed_chunks_are_exact_spans_within_size(path: Path) -> None:
    text, chunks = _chunks(path)
    assert chunks
    for chunk in chunks:
        assert text[chunk.start : chunk.end] == chunk.text
        assert chunk.text.strip() == chunk.text
        assert len(chunk.text) <= SIZE + OVERLAP  # a split piece may absorb a short tail
    starts = [c.start for c in chunks]
    assert starts == sorted(starts)


def test_sections_follow_the_heading_chain() -> None:
    _, chunks = _chunks(SEEDS / "003_2bfe8e35bc84f18f.txt")
    by_text = {c.text[:12]: c for c in chunks}
    chunk = next(c for t, c in by_text.items() if t.startswith("(二)强化考核激励"))
    assert chunk.section[0].startswith("一、党政主要负责人")
    assert chunk.section[-1].startswith("(二)强化考核激励")
    # a heading line on its own is not a passage: it is context in the section path
    assert not any(c.text == "一、党政主要负责人履行推进法治建设第一责任人职责,加强法治政府建设情况" for c in chunks)


def test_traditional_seed_keeps_original_script_and_nested_headings() -> None:
    _, chunks = _chunks(SEEDS / "002_59c7d4ea9493623a.txt")
    nested = [c for c in chunks if len(c.section) >= 2]
    assert nested and nested[0].section[0].startswith("一、")
    assert any("學法" in c.text for c in chunks)


def test_chrome_never_inside_a_passage() -> None:
    _, chunks = _chunks(SEEDS / "004_41299f4c39ff3f2b.txt")
    joined = "\n".join(c.text for c in chunks)
    for chrome in ("分享到", "过往期刊", "第2023-11-28期"):
        assert chrome not in joined


def test_long_paragraph_is_split_at_sentence_ends_with_overlap() -> None:
    sentence = "全面落实行政执法公示、执法全过程记录、重大执法决定法制审核制度。"
    text = "一、工作情况\n" + sentence * 30
    paragraphs = [Paragraph(0, 6), Paragraph(7, len(text))]
    chunks = Chunker(120, 40).run(text, paragraphs)
    assert len(chunks) > 3
    for chunk in chunks:
        assert text[chunk.start : chunk.end] == chunk.text
        assert chunk.text.endswith("。")  # cut at sentence ends, not mid-sentence
        assert chunk.section == ["一、工作情况"]
    assert chunks[1].start < chunks[0].end  # consecutive pieces overlap


def test_gov_report_with_fullwidth_space_paragraphs() -> None:
    shared = require_shared()
    text, chunks = _chunks(shared / "corpus" / "gov-reports" / "041.txt")
    assert len(chunks) > 20
    assert max(len(c.text) for c in chunks) <= SIZE + OVERLAP
    assert all(text[c.start : c.end] == c.text for c in chunks)
