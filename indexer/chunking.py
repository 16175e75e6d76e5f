"""Structure-aware chunking: passages follow the report's headings and paragraphs.

Reports are organised as 一、 / （一） / 1. / 第X条 headings over paragraphs. A passage never crosses a
heading; short paragraphs of one section are merged up to ``chunk_size``; a paragraph longer than that is
split at Chinese sentence ends by langchain's RecursiveCharacterTextSplitter, with overlap. Every passage
is an exact [start, end) span of the stored text, and carries its heading chain (``section``), which is
prepended for embedding but is not part of the passage text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from langchain_text_splitters import RecursiveCharacterTextSplitter

from indexer.cleaning import is_heading
from indexer.models import Chunk, Paragraph

# Strongest break first; "" lets the splitter cut inside an overlong run with no punctuation at all.
CHINESE_SEPARATORS = ["\n\n", "\n", "。", "！", "？", "；", "!", "?", ";", "，", ",", "、", " ", ""]
STANDALONE_HEADING_MAX_CHARS = 40  # longer "headings" are paragraphs that open with a heading phrase
_INLINE_HEADING_END = re.compile(r"[。；;！!？?：:]")


@dataclass
class _Section:
    level: int
    title: str


class Chunker:
    """Turns a document's content paragraphs into passages."""

    def __init__(self, chunk_size: int = 360, chunk_overlap: int = 60, min_chunk_chars: int = 80) -> None:
        if not 0 <= chunk_overlap < chunk_size:
            raise ValueError("chunk_overlap must be smaller than chunk_size")
        self.chunk_size = chunk_size
        self.min_chunk_chars = min_chunk_chars
        self._splitter = RecursiveCharacterTextSplitter(
            separators=CHINESE_SEPARATORS,
            keep_separator="end",
            chunk_size=chunk_size,
            chunk_overlap=chunk_overlap,
            strip_whitespace=False,
        )

    def run(self, text: str, paragraphs: list[Paragraph]) -> list[Chunk]:
        chunks: list[Chunk] = []
        stack: list[_Section] = []
        pending: list[Paragraph] = []  # consecutive paragraphs of one section waiting to be merged

        def flush() -> None:
            if pending:
                chunks.extend(self._emit(text, pending, [s.title for s in stack]))
                pending.clear()

        for paragraph in paragraphs:
            body = text[paragraph.start : paragraph.end]
            level = is_heading(body)
            if level is not None:
                flush()
                heading, is_standalone = self._heading_title(body)
                while stack and stack[-1].level >= level:
                    stack.pop()
                stack.append(_Section(level, heading))
                if is_standalone:
                    continue
            if pending and not self._can_merge(text, pending, paragraph):
                flush()
            pending.append(paragraph)
        flush()
        return chunks

    @staticmethod
    def _heading_title(body: str) -> tuple[str, bool]:
        """A short line is a heading on its own; a long one contributes its first phrase to the path."""
        if len(body) <= STANDALONE_HEADING_MAX_CHARS:
            return body, True
        match = _INLINE_HEADING_END.search(body, 0, STANDALONE_HEADING_MAX_CHARS + 1)
        return (body[: match.start()] if match else body[:STANDALONE_HEADING_MAX_CHARS]), False

    def _can_merge(self, text: str, pending: list[Paragraph], nxt: Paragraph) -> bool:
        size = nxt.end - pending[0].start
        between = text[pending[-1].end : nxt.start]
        # Only whitespace may lie between merged paragraphs: a dropped chrome line must not leak into a passage.
        return size <= self.chunk_size and not between.strip()

    def _emit(self, text: str, group: list[Paragraph], section: list[str]) -> list[Chunk]:
        start, end = group[0].start, group[-1].end
        if end - start <= self.chunk_size:
            return [Chunk(start, end, text[start:end], list(section))]
        # A single overlong paragraph (merging never exceeds chunk_size): split it at sentence ends.
        pieces: list[Chunk] = []
        cursor = start
        for piece in self._splitter.split_text(text[start:end]):
            stripped = piece.strip()
            if not stripped:
                continue
            # Overlap means the piece may begin before the previous one ended: search from a safe point.
            offset = text.find(stripped, max(start, cursor - len(piece)), end)
            if offset < 0:  # cannot happen for substrings of the span; keep offsets exact regardless
                raise AssertionError("splitter produced text that is not in the document")
            pieces.append(Chunk(offset, offset + len(stripped), stripped, list(section)))
            cursor = offset + len(stripped)
        return self._absorb_short_tail(text, pieces)

    def _absorb_short_tail(self, text: str, pieces: list[Chunk]) -> list[Chunk]:
        """A tiny last piece (a dangling clause) reads better attached to the one before it."""
        if len(pieces) >= 2 and len(pieces[-1].text) < self.min_chunk_chars // 2:
            last, prev = pieces.pop(), pieces.pop()
            pieces.append(Chunk(prev.start, last.end, text[prev.start : last.end], prev.section))
        return pieces
