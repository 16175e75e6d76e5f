"""Exports for people who write reports themselves: an answer with its citations as Markdown, and a
comparison table as CSV or Excel. Pure functions: the app only offers their output as downloads.

    Path("answer.md").write_text(answer_markdown(answer), encoding="utf-8")
    Path("table.xlsx").write_bytes(comparison_xlsx(comparison))
"""

from __future__ import annotations

import csv
import io

from retrieval.answer.types import Answer
from retrieval.compare import KIND_LABELS, Comparison

COLUMNS = ("地区", "年份", "数值", "单位", "类型", "原文", "来源", "起", "止", "说明")


def answer_markdown(answer: Answer) -> str:
    """The answer, its comparison table (if any) and every citation with its supporting sentence quoted."""
    lines = [f"# {_md_line(answer.question)}", ""]
    if answer.refused:
        lines += [f"> {_md_line(answer.answer)}", ""]
    else:
        lines += [*answer.answer.splitlines(), ""]
    if answer.comparison is not None:
        lines += [*comparison_markdown(answer.comparison).splitlines(), ""]
    if answer.citations:
        lines += ["## 引用", ""]
        for citation in answer.citations:
            p = citation.passage
            place = " ".join(str(x) for x in (p.region, p.year and f"{p.year}年") if x)
            support = p.text[citation.support_start - p.start : citation.support_end - p.start]
            lines.append(f"[{citation.n}] 《{_md_line(p.title)}》（{place}）"
                         f"`{p.source}:{citation.support_start}-{citation.support_end}`")
            lines += [f"> {_md_line(support or p.text)}", ""]
    return "\n".join(lines).rstrip() + "\n"


def comparison_markdown(comparison: Comparison) -> str:
    head = "| 地区 | 年份 | 数值 | 类型 | 原文 |"
    rows = [f"{_md_line(comparison.understood)}：", "", head, "|---|---|---|---|---|"]
    for r in comparison.rows:
        value = r.value if r.found else f"未找到：{r.reason}"
        kind = KIND_LABELS.get(r.kind or "", "")
        text = r.text if r.found else ""
        rows.append(f"| {_cell(r.region)} | {r.year or ''} | {_cell(value)} | {kind} | {_cell(text or '')} |")
    return "\n".join(rows)


def comparison_records(comparison: Comparison) -> list[tuple[object, ...]]:
    """The table as rows of COLUMNS (what CSV and Excel write)."""
    return [
        (r.region, r.year, r.value, r.unit, KIND_LABELS.get(r.kind or "", ""), r.text if r.found else None,
         r.source, r.start, r.end, r.reason)
        for r in comparison.rows
    ]


def comparison_csv(comparison: Comparison) -> bytes:
    """UTF-8 with a byte-order mark, so that Excel opens the Chinese text correctly."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(COLUMNS)
    writer.writerows(["" if v is None else v for v in record] for record in comparison_records(comparison))
    return buffer.getvalue().encode("utf-8-sig")


def comparison_xlsx(comparison: Comparison) -> bytes:
    try:
        from openpyxl import Workbook
    except ImportError as error:  # pinned in requirements.txt; a search-only install may lack it
        raise ImportError("Excel export needs openpyxl: pip install openpyxl==3.1.5") from error
    book = Workbook()
    sheet = book.active
    sheet.title = "对比"
    sheet.append(COLUMNS)
    for record in comparison_records(comparison):
        sheet.append(list(record))
    sheet.append([])
    sheet.append([comparison.question])
    sheet.append([comparison.understood])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _md_line(text: str) -> str:
    return " ".join(text.split())


def _cell(text: str) -> str:
    return _md_line(text).replace("|", "\\|")
