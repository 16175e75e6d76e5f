"""HTML building blocks: escaped passage cards, highlighting, citation markers and the document view.

Cards show ``retrieval.types.Passage`` as it is (``hit.passage``, ``citation.passage``); which words to
mark comes from retrieval (``Retrieval.highlight_terms`` / ``term_spans``): no text processing here.

Every piece of document or answer text goes through :func:`esc` before it meets markup: reports are
untrusted input, and a report containing ``<script>`` must show those characters, not run them. The
markup built here is rendered with ``st.html`` (no Markdown pass), so ``*``, ``#`` or ``$`` in a report
stay literal too.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from urllib.parse import urlencode

import streamlit as st

from retrieval.types import Passage

# Page URL paths registered in app.py; links are relative so the app also works under a base path.
DOCUMENT_PAGE = "document"
SIMILAR_PAGE = "similar"

CSS = """
<style>
:root { --gq-accent: #b42318; --gq-mark: #fff1a8; --gq-soft: #fdf6e3; --gq-line: rgba(49, 51, 63, .14); }
.gq-card { border: 1px solid var(--gq-line); border-radius: .6rem; padding: .7rem .95rem .6rem;
  margin: 0 0 .7rem; background: var(--background-color, #fff); scroll-margin-top: 5rem; }
.gq-card:target { box-shadow: 0 0 0 2px var(--gq-accent); }
.gq-card-head { display: flex; gap: .5rem; align-items: baseline; flex-wrap: wrap; }
.gq-num { font-weight: 700; color: var(--gq-accent); }
.gq-title { font-weight: 600; }
.gq-meta { color: #6b6f76; font-size: .85rem; margin: .15rem 0 .35rem; }
.gq-meta span + span::before { content: " · "; }
.gq-text { line-height: 1.8; font-size: .97rem; white-space: pre-wrap; word-break: break-word; }
.gq-text mark, .gq-doc mark { background: var(--gq-mark); padding: 0 .1em; border-radius: .15em; }
.gq-text mark.gq-term { background: #ffe7c2; }
.gq-actions { margin-top: .4rem; font-size: .88rem; display: flex; gap: 1.1rem; flex-wrap: wrap; }
.gq-actions a { text-decoration: none; }
.gq-answer { line-height: 1.9; font-size: 1.02rem; white-space: pre-wrap; word-break: break-word;
  position: relative; }
/* The preview is placed under the answer (not under the marker), so a marker at the end of a line never
   pushes it off the right edge of a laptop screen. */
.gq-cite { display: inline; }
.gq-cite > a { color: var(--gq-accent); font-weight: 600; text-decoration: none; padding: 0 .08em; }
.gq-cite > a:hover { text-decoration: underline; }
.gq-pop { display: none; position: absolute; left: 0; top: 100%; z-index: 1000; width: min(40rem, 100%);
  background: #fff; color: #262730; border: 1px solid var(--gq-line); border-radius: .5rem;
  box-shadow: 0 6px 24px rgba(0, 0, 0, .14); padding: .6rem .8rem; font-size: .9rem; line-height: 1.7;
  font-weight: 400; white-space: normal; }
.gq-cite:hover .gq-pop, .gq-cite:focus-within .gq-pop { display: block; }
.gq-pop b { display: block; margin-bottom: .2rem; }
.gq-cursor::after { content: "▍"; color: #999; animation: gq-blink 1s steps(1) infinite; }
@keyframes gq-blink { 50% { opacity: 0; } }
.gq-refusal { border-left: 4px solid #e0a400; background: #fffbeb; padding: .6rem .9rem; border-radius: .3rem; }
.gq-doc { max-width: 52rem; margin: 0 auto; font-size: 1.05rem; line-height: 2; }
.gq-doc p { margin: 0 0 .8rem; text-indent: 2em; white-space: pre-wrap; word-break: break-word; }
.gq-doc p.gq-h { text-indent: 0; font-weight: 700; margin-top: 1.2rem; }
.gq-doc p.gq-hit { background: var(--gq-soft); border-left: 4px solid #f2c94c; border-radius: .2rem;
  padding: .3rem .7rem .3rem .6rem; margin-left: -1rem; }
.gq-doc p.gq-hit mark { background: var(--gq-mark); padding: .1em 0; }
.gq-region { font-weight: 700; font-size: 1.05rem; margin: 1rem 0 .4rem; }
</style>
"""


def inject_css() -> None:
    # A style-only st.html takes no space on the page; rendering it every run keeps every page styled.
    st.html(CSS)


def esc(text: object) -> str:
    return html.escape(str(text), quote=True)


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+\-.!|~$:])")


def md(text: object) -> str:
    """``text`` made literal for Streamlit's Markdown (st.info, st.caption, ...): file names, titles and
    queries come from users and reports, and "$" would start LaTeX, "_x_" italics, ":x:" an icon."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", str(text))


def query_string(doc_id: str, start: int | None = None, end: int | None = None) -> str:
    params: dict[str, str | int] = {"doc": doc_id}
    if start is not None and end is not None:
        params.update(start=start, end=end)
    return urlencode(params)


def document_url(doc_id: str, start: int | None = None, end: int | None = None) -> str:
    return f"{DOCUMENT_PAGE}?{query_string(doc_id, start, end)}"


def similar_url(doc_id: str, start: int, end: int) -> str:
    return f"{SIMILAR_PAGE}?{query_string(doc_id, start, end)}"


def region_label(region: str | None) -> str:
    return region or "地区不详"


def year_label(year: int | None) -> str:
    return f"{year}年" if year else "年份不详"


# -- highlighting -------------------------------------------------------------------------------------
def merge_spans(spans: Iterable[tuple[int, int]], length: int) -> list[tuple[int, int]]:
    """Clip to [0, length], drop empty spans and merge overlapping ones, in order."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted((max(0, s), min(length, e)) for s, e in spans):
        if start >= end:
            continue
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def highlight(text: str, spans: Iterable[tuple[int, int]], css_class: str = "") -> str:
    """``text`` escaped, with each span (offsets into ``text``) wrapped in <mark>."""
    out: list[str] = []
    cursor = 0
    open_tag = f'<mark class="{css_class}">' if css_class else "<mark>"
    for start, end in merge_spans(spans, len(text)):
        out += [esc(text[cursor:start]), open_tag, esc(text[start:end]), "</mark>"]
        cursor = end
    out.append(esc(text[cursor:]))
    return "".join(out)


# -- passage cards ------------------------------------------------------------------------------------
def passage_card(
    passage: Passage,
    *,
    label: str = "",
    marks: Iterable[tuple[int, int]] = (),
    mark_class: str = "",
    anchor: str | None = None,
    similar_link: bool = True,
    score: float | None = None,
) -> str:
    """One passage as a card: title, region · year · section path, the text with ``marks`` highlighted
    (offsets relative to ``passage.text``) and links into the document and to similar initiatives."""
    meta = [region_label(passage.region), year_label(passage.year)]
    if passage.section:
        meta.append(passage.section)
    if score is not None:
        meta.append(f"相关度 {score:.3f}")
    actions = [
        f'<a href="{esc(document_url(passage.doc_id, passage.start, passage.end))}" target="_blank">在原文中查看 ↗</a>'
    ]
    if similar_link:
        actions.append(
            f'<a href="{esc(similar_url(passage.doc_id, passage.start, passage.end))}" target="_blank">'
            "相似举措 ↗</a>"
        )
    anchor_attr = f' id="{esc(anchor)}"' if anchor else ""
    number = f'<span class="gq-num">{esc(label)}</span>' if label else ""
    return (
        f'<div class="gq-card"{anchor_attr}>'
        f'<div class="gq-card-head">{number}'
        f'<span class="gq-title">{esc(passage.title)}</span></div>'
        f'<div class="gq-meta">{"".join(f"<span>{esc(m)}</span>" for m in meta)}</div>'
        f'<div class="gq-text">{highlight(passage.text, marks, mark_class)}</div>'
        f'<div class="gq-actions">{"".join(actions)}</div>'
        "</div>"
    )


# -- answers with [n] markers -------------------------------------------------------------------------
_MARKER = re.compile(r"\[(\d{1,2})\]")


def cite_marker(n: int, passage: Passage, anchor: str | None = None) -> str:
    """A clickable [n]: opens the cited passage in its document; hovering shows the passage itself."""
    preview = passage.text if len(passage.text) <= 220 else passage.text[:220] + "…"
    href = document_url(passage.doc_id, passage.start, passage.end)
    return (
        f'<span class="gq-cite"><a href="{esc(href)}" target="_blank" data-cite="{n}">[{n}]</a>'
        f'<span class="gq-pop"><b>{esc(passage.title)}</b>'
        f'<span class="gq-meta">{esc(region_label(passage.region))} · {esc(year_label(passage.year))}'
        f"{' · ' + esc(passage.section) if passage.section else ''}</span><br>{esc(preview)}</span></span>"
    )


def answer_html(text: str, cited: dict[int, Passage], streaming: bool = False) -> str:
    """The answer text escaped, with every [n] that names a citation turned into a marker link."""
    out: list[str] = []
    cursor = 0
    for match in _MARKER.finditer(text):
        n = int(match.group(1))
        if n in cited:
            out += [esc(text[cursor : match.start()]), cite_marker(n, cited[n])]
            cursor = match.end()
    out.append(esc(text[cursor:]))
    cursor_class = " gq-cursor" if streaming else ""
    return f'<div class="gq-answer{cursor_class}">{"".join(out)}</div>'


# -- the whole document -------------------------------------------------------------------------------
_NUM = "一二三四五六七八九十"
_HEADING = re.compile(rf"^\s*(?:[{_NUM}]+、|[((][{_NUM}]+[))]|第[{_NUM}]+[章节部分])")


def _is_heading(line: str) -> bool:
    # Short lines that open with 一、 / (一) / 第一章 read as headings; long ones are paragraphs that
    # merely start with an enumeration, so they keep the paragraph indent.
    return len(line.strip()) <= 40 and bool(_HEADING.match(line))


def document_html(text: str, start: int | None = None, end: int | None = None) -> str:
    """The document as escaped paragraphs; [start, end) is wrapped in <mark> (the first piece gets
    id="hl") and the paragraphs it touches are tinted, even when the span crosses paragraph breaks."""
    parts: list[str] = []
    offset = 0
    first_mark = True
    span = (start, end) if start is not None and end is not None and start < end else None
    for line in text.split("\n"):
        line_start, line_end = offset, offset + len(line)
        offset = line_end + 1
        if not line.strip():
            continue
        classes = ["gq-h"] if _is_heading(line) else []
        body = esc(line)
        if span and span[0] < line_end and span[1] > line_start:
            a, b = max(span[0], line_start) - line_start, min(span[1], line_end) - line_start
            mark_id = ' id="hl"' if first_mark else ""
            first_mark = False
            body = f"{esc(line[:a])}<mark{mark_id}>{esc(line[a:b])}</mark>{esc(line[b:])}"
            classes.append("gq-hit")
        class_attr = f' class="{" ".join(classes)}"' if classes else ""
        parts.append(f"<p{class_attr}>{body}</p>")
    return f'<div class="gq-doc">{"".join(parts)}</div>'


SCROLL_TO_HIGHLIGHT = """
<script>
(() => {
  // The document is rendered by React after this script runs: wait for the mark, then centre it.
  let tries = 0;
  const timer = setInterval(() => {
    const el = document.getElementById("hl");
    if (el) { el.scrollIntoView({block: "center"}); clearInterval(timer); }
    else if (++tries > 100) { clearInterval(timer); }
  }, 100);
})();
</script>
"""


def scroll_to_highlight() -> None:
    # Only this fixed script runs with JavaScript enabled; the document itself goes through the
    # sanitising st.html path, so nothing from a report can ever execute.
    st.html(SCROLL_TO_HIGHLIGHT, unsafe_allow_javascript=True)
