"""Exports: an answer with its citations as Markdown, a comparison table as CSV and Excel."""

from __future__ import annotations

import csv
import io

from openpyxl import load_workbook

from retrieval.answer import Answer, Citation
from retrieval.compare import Comparison, ComparisonRow
from retrieval.export import answer_markdown, comparison_csv, comparison_xlsx
from retrieval.types import Passage

SENTENCE = "收到行政复议申请62件"
FOUND = ComparisonRow("通城县", 2023, "62件", "件", "actual", SENTENCE, "a.txt", 3, 13, number=62.0)
MISSING = ComparisonRow("长治市", 2023, None, None, None, None, None, None, None, "报告中没有找到数字")
COMPARISON = Comparison("通城县和长治市各收到多少件?", "行政复议申请", 2023, "actual", [FOUND, MISSING])


def test_csv_and_excel_hold_every_row() -> None:
    rows = list(csv.reader(io.StringIO(comparison_csv(COMPARISON).decode("utf-8-sig"))))
    assert rows[0][:5] == ["地区", "年份", "数值", "单位", "类型"]
    assert rows[1][:5] == ["通城县", "2023", "62件", "件", "实际数"] and rows[1][5] == SENTENCE
    assert rows[2][2] == "" and rows[2][-1] == "报告中没有找到数字"
    sheet = load_workbook(io.BytesIO(comparison_xlsx(COMPARISON))).active
    assert [cell.value for cell in sheet[2]][:3] == ["通城县", 2023, "62件"]
    assert sheet[3][2].value is None
    below = [row[0].value for row in sheet.iter_rows(min_row=5)]
    assert below == [COMPARISON.question, "按“行政复议申请”比较2023年的实际数"]


def test_markdown_has_the_answer_the_table_and_each_citation() -> None:
    passage = Passage("d1", "seeds/t.txt", "通城县报告", "通城县", 2023, "", "在乡镇设点，" + SENTENCE, 100, 118)
    citation = Citation(1, passage, 106, 118)
    answer = Answer(COMPARISON.question, "通城县：62件[1]", False, "extractive", [citation], intent="compare",
                    comparison=COMPARISON)
    text = answer_markdown(answer)
    assert text.startswith("# 通城县和长治市各收到多少件?")
    assert "通城县：62件[1]" in text
    assert "| 通城县 | 2023 | 62件 | 实际数 |" in text and "未找到：报告中没有找到数字" in text
    assert "按“行政复议申请”比较2023年的实际数：\n\n| 地区 |" in text  # how the question was read, above the table
    assert "[1] 《通城县报告》（通城县 2023年）`seeds/t.txt:106-118`" in text
    assert f"> {SENTENCE}" in text  # the supporting sentence, not the whole passage
