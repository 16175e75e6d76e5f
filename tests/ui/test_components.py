"""Unit tests of the escaping, highlighting and sharing helpers and of the lock that guards the index."""

from __future__ import annotations

import threading
import time

from retrieval.types import Passage
from ui import components as c
from ui.state import ReadWriteLock

PASSAGE = Passage("d1", "seeds/d1.txt", "<b>标题</b>", None, None, "", "甲乙<script>x</script>丙丁", 10, 30)


def test_highlight_escapes_everything_and_merges_spans() -> None:
    text = "a<b>c&d"
    assert c.highlight(text, [(1, 4), (3, 5)]) == "a<mark>&lt;b&gt;c</mark>&amp;d"
    assert c.highlight(text, [(5, 100), (-3, 0)]) == "a&lt;b&gt;c<mark>&amp;d</mark>"


def test_passage_card_escapes_document_text() -> None:
    card = c.passage_card(PASSAGE, label="[1]", marks=[(2, 11)])
    assert "<script>" not in card and "<b>标题" not in card
    assert "<mark>&lt;script&gt;x</mark>" in card
    assert "地区不详" in card and "年份不详" in card
    assert 'href="document?doc=d1&amp;start=10&amp;end=30"' in card


def test_answer_markers_link_only_known_citations() -> None:
    out = c.answer_html("甲[1]乙[7]<i>", {1: PASSAGE})
    assert out.count('class="gq-cite"') == 1
    assert "[7]" in out and "&lt;i&gt;" in out and "<i>" not in out


def test_document_html_marks_a_span_across_paragraphs() -> None:
    text = "标题\n第一段文字。\n\n第二段文字。"
    out = c.document_html(text, text.index("文字。"), text.index("第二段") + 3)
    assert out.count("<mark") == 2 and out.count('id="hl"') == 1  # one scroll target
    assert out.count('class="gq-hit"') == 2
    assert c.document_html("<script>1</script>").count("<script>") == 0


def test_refresh_waits_for_readers_and_readers_do_not_block_each_other() -> None:
    lock = ReadWriteLock()
    events: list[str] = []
    with lock.read(), lock.read():  # two sessions reading at once
        writer = threading.Thread(target=lambda: (lock.write().__enter__(), events.append("write")))
        writer.start()
        time.sleep(0.1)
        assert events == []  # the refresh waits while a search is running
        events.append("reads done")
    writer.join(2)
    assert events == ["reads done", "write"]


def test_markdown_escaping_keeps_user_text_literal() -> None:
    assert c.md("a_b $1 *x* [y](z)") == r"a\_b \$1 \*x\* \[y\]\(z\)"
