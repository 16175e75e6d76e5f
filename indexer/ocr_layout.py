"""Turn the text boxes an OCR engine found on a page into report text: lines in reading order, joined
into paragraphs, headings on their own line.

Engines return boxes (a line, or a piece of one) in no reliable order, on a page that may be slightly
rotated. The page's skew is estimated from the long boxes and undone on the box coordinates, boxes are
grouped into visual lines by their vertical centre, and lines into paragraphs by how Chinese reports are
typeset: a paragraph starts with a two-character indent, ends with a short line, and headings (一、,
（一）, 第X章 …) stand alone. Page numbers ("- 3 -", "第3页") are dropped: they are not report text.
"""

from __future__ import annotations

import itertools
import math
import re
import statistics
from dataclasses import dataclass

from indexer.cleaning import is_heading

# "- 3 -", "3/12", "第3页 共12页": page furniture, not report text
_PAGE_NUMBER = re.compile(
    r"^[-—–_\s·•]*(?:第\s*\d+\s*页(?:\s*[,，/]?\s*共\s*\d+\s*页)?|\d{1,4}(?:\s*/\s*\d{1,4})?)[-—–_\s·•]*$"
)
# Spaces an engine puts between Chinese characters, or between one and punctuation (tesseract writes "經驗 , 亦")
_CJK = "\u3400-\u9fff\u3000-\u303f\uff00-\uffef"
_CJK_GAP = re.compile(rf"(?<=[{_CJK}])\s+(?=[{_CJK},.;:!?)])|(?<=[{_CJK},.;:!?(])\s+(?=[{_CJK}])")


@dataclass(frozen=True)
class TextBox:
    """One piece of recognised text: its corner points (clockwise from top-left) and the engine's confidence."""

    text: str
    points: tuple[tuple[float, float], ...]
    confidence: float  # 0..1


@dataclass(frozen=True)
class _Line:
    text: str
    left: float
    right: float
    top: float
    bottom: float

    @property
    def height(self) -> float:
        return self.bottom - self.top


@dataclass(frozen=True)
class PageLayout:
    """The page's text, and whether its first/last paragraph runs over from/onto a neighbouring page."""

    text: str
    starts_mid_paragraph: bool
    ends_mid_paragraph: bool


def skew_radians(boxes: list[TextBox]) -> float:
    """Median slope of the top edges of wide boxes (lines of text): the page's rotation."""
    slopes = []
    for box in boxes:
        (x0, y0), (x1, y1) = box.points[0], box.points[1]
        if x1 - x0 > 4 * abs(box.points[3][1] - y0):  # wide: a real line, not a single character
            slopes.append(math.atan2(y1 - y0, x1 - x0))
    return statistics.median(slopes) if slopes else 0.0


def _lines(boxes: list[TextBox]) -> list[_Line]:
    angle = skew_radians(boxes)
    cos, sin = math.cos(-angle), math.sin(-angle)
    pieces = []
    for box in boxes:
        xs, ys = zip(*((x * cos - y * sin, x * sin + y * cos) for x, y in box.points), strict=True)
        pieces.append(_Line(box.text.strip(), min(xs), max(xs), min(ys), max(ys)))
    pieces = sorted((p for p in pieces if p.text), key=lambda p: (p.top + p.bottom) / 2)
    rows: list[list[_Line]] = []
    for piece in pieces:
        centre = (piece.top + piece.bottom) / 2
        if rows:
            last = rows[-1]
            last_centre = statistics.fmean((p.top + p.bottom) / 2 for p in last)
            if abs(centre - last_centre) < 0.5 * statistics.fmean(p.height for p in last):
                last.append(piece)
                continue
        rows.append([piece])
    return [_merge(sorted(row, key=lambda p: p.left)) for row in rows]


def _merge(row: list[_Line]) -> _Line:
    """Pieces of one visual line, left to right; a wide gap (a table's columns) becomes two spaces."""
    text = row[0].text
    for before, piece in itertools.pairwise(row):
        gap = piece.left - before.right
        text += ("  " if gap > 1.5 * piece.height else "") + piece.text
    return _Line(
        _CJK_GAP.sub("", text),
        min(p.left for p in row),
        max(p.right for p in row),
        min(p.top for p in row),
        max(p.bottom for p in row),
    )


def assemble(boxes: list[TextBox]) -> PageLayout:
    """The page's paragraphs, one per line, in reading order."""
    lines = [line for line in _lines(boxes) if not _PAGE_NUMBER.match(line.text)]
    if not lines:
        return PageLayout("", False, False)
    char = statistics.median(line.height for line in lines)  # a CJK character is about as wide as high
    left = min(line.left for line in lines)
    right = max(line.right for line in lines)
    pitch = statistics.median([b.top - a.top for a, b in itertools.pairwise(lines)] or [char * 1.5])

    def indented(line: _Line) -> bool:
        return line.left - left > 0.9 * char

    def short(line: _Line) -> bool:
        return right - line.right > 1.5 * char

    paragraphs: list[str] = []
    for k, line in enumerate(lines):
        previous = lines[k - 1] if k else None
        starts = (
            previous is None
            or indented(line)
            or short(previous)
            or is_heading(line.text) is not None
            or line.top - previous.top > 1.6 * pitch
        )
        if starts:
            paragraphs.append(line.text)
        else:
            paragraphs[-1] += line.text
    return PageLayout("\n".join(paragraphs), not indented(lines[0]), not short(lines[-1]))


def join_pages(pages: list[PageLayout]) -> str:
    """Pages in order; a paragraph cut by a page break is joined again (no newline inside it)."""
    text = ""
    for index, page in enumerate(pages):
        if not page.text:
            continue
        runs_over = index > 0 and pages[index - 1].ends_mid_paragraph and page.starts_mid_paragraph
        text += page.text if (not text or runs_over) else "\n" + page.text
    return text
