"""Tables as searchable rows: each row becomes one line that carries its column headers.

    地区 | 行政复议申请 | 受理          →   地区: 朝天区 | 行政复议申请: 26件 | 受理: 21件
    朝天区 | 26件 | 21件

A line per row makes a row a sentence for chunking, BM25, embeddings and citations: a question about one
cell finds the row, and the row says what the figure is. The first row is taken as the header; a leading
row that is one merged cell (a caption such as "2024年行政复议情况") stays a line of its own. Cells left
empty by a vertical merge (pdfplumber gives None) repeat the value above them, as a reader would.

PDF tables are found with pdfplumber (ruled tables); a page with tables is rebuilt as its text above,
between and below the tables plus the rows. DOCX tables come from python-docx.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from indexer.errors import DocumentLoadError, ErrorCode

_SPACES = re.compile(r"\s+")
_CJK_SPACE = re.compile(r"(?<=[\u3400-\u9fff\u3000-\u303f\uff00-\uffef]) (?=[\u3400-\u9fff\u3000-\u303f\uff00-\uffef])")


def clean_cell(cell: str | None) -> str:
    """One line of cell text: wrapped lines rejoined (without a space between two Chinese characters)."""
    return _CJK_SPACE.sub("", _SPACES.sub(" ", cell or "")).strip()


def _fill_merged(rows: list[list[str | None]]) -> list[list[str]]:
    filled: list[list[str]] = []
    for row in rows:
        above = filled[-1] if filled else []
        filled.append([
            clean_cell(above[k] if cell is None and k < len(above) else cell) for k, cell in enumerate(row)
        ])
    return filled


def row_lines(rows: list[list[str | None]]) -> list[str]:
    """The table's lines: leading captions, then one ``header: value | …`` line per body row."""
    table = [row for row in _fill_merged(rows) if any(row)]
    lines: list[str] = []
    while len(table) > 1 and len({cell for cell in table[0] if cell}) == 1:
        lines.append(next(cell for cell in table[0] if cell))  # a caption spanning the table
        table = table[1:]
    if not table:
        return lines
    if len(table) == 1:
        return [*lines, " | ".join(_distinct(table[0]))]
    header, body = table[0], table[1:]
    for row in body:
        parts: list[str] = []
        for k, cell in enumerate(row):
            name = header[k] if k < len(header) else ""
            part = f"{name}: {cell}" if name and name != cell else cell
            if cell and part not in parts:  # a merged cell repeated across columns is said once
                parts.append(part)
        if parts:
            lines.append(" | ".join(parts))
    return lines


def _distinct(cells: Iterable[str]) -> list[str]:
    seen: list[str] = []
    for cell in cells:
        if cell and cell not in seen:
            seen.append(cell)
    return seen


def docx_table_lines(table: Any) -> list[str]:
    """A python-docx table's lines. python-docx repeats a merged cell in every grid column (and row) it
    spans, which keeps each value under its own headers; ``row_lines`` says a repeated part once."""
    return row_lines([[cell.text for cell in row.cells] for row in table.rows])


def pdf_table_pages(path: Path, page_numbers: Iterable[int]) -> dict[int, str]:
    """Text of each listed page (0-based) that holds a ruled table, its tables as rows; other pages are absent."""
    try:
        import pdfplumber
    except ImportError as error:
        raise DocumentLoadError(f"{path.name}: reading PDF tables needs pdfplumber: pip install pdfplumber",
                                ErrorCode.MISSING_DEPENDENCY) from error
    texts: dict[int, str] = {}
    with pdfplumber.open(path) as pdf:
        for number in page_numbers:
            page = pdf.pages[number]
            tables = sorted(page.find_tables(), key=lambda t: t.bbox[1])
            if tables:
                texts[number] = _page_with_rows(page, tables)
            page.close()  # pdfplumber caches every page's objects: free them as we go
    return texts


def _page_with_rows(page: Any, tables: list[Any]) -> str:
    parts: list[str] = []
    top = 0.0
    for table in tables:
        parts.append(_text_between(page, top, table.bbox[1]))
        parts.extend(row_lines(_pdf_rows(table)))
        top = max(top, table.bbox[3])
    parts.append(_text_between(page, top, page.height))
    return "\n".join(part for part in parts if part.strip())


def _pdf_rows(table: Any) -> list[list[str | None]]:
    """pdfplumber's cell texts; a cell it leaves out (None) stays None only under a vertically merged cell
    (which ``row_lines`` repeats) and becomes empty beside a horizontally merged one (合计 spanning two columns)."""
    texts = table.extract()
    rows: list[list[str | None]] = []
    for r, (row_texts, row) in enumerate(zip(texts, table.rows, strict=True)):
        row_top = min(cell[1] for cell in row.cells if cell is not None)
        rows.append([
            text if text is not None or _spans_down_to(table.rows[:r], k, row_top) else ""
            for k, text in enumerate(row_texts)
        ])
    return rows


def _spans_down_to(rows_above: list[Any], column: int, top: float) -> bool:
    above = next((row.cells[column] for row in reversed(rows_above) if row.cells[column] is not None), None)
    return above is not None and above[3] > top + 1


def _text_between(page: Any, top: float, bottom: float) -> str:
    if bottom - top < 1:
        return ""
    return (page.crop((0, top, page.width, bottom)).extract_text() or "").strip()
