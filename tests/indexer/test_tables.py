"""Tables as rows: each row one line carrying its column headers, from real DOCX and PDF files, answerable
with a citation of the row."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

from indexer.cleaning import extract_paragraphs
from indexer.loaders import load_document
from indexer.pipeline import IndexBuilder, doc_id_for
from indexer.tables import clean_cell, row_lines
from retrieval.answer.answerer import Answerer
from retrieval.search import Filters
from retrieval.service import Retrieval

HEADER = ["地区", "行政复议申请", "受理"]
ROWS = [["朝天区", "26件", "21件"], ["通城县", "41件", "37件"], ["殷都区", "58件", "49件"]]
EXPECTED_ROWS = [
    "地区: 朝天区 | 行政复议申请: 26件 | 受理: 21件",
    "地区: 通城县 | 行政复议申请: 41件 | 受理: 37件",
    "地区: 殷都区 | 行政复议申请: 58件 | 受理: 49件",
]
INTRO = "2024年各地行政复议工作情况如下表所示，数据由各地司法局报送。"
OUTRO = "以上数据截至2024年12月31日，由市司法局汇总统计。"


def make_docx(path: Path) -> Path:
    document = docx.Document()
    document.add_paragraph("2024年各地行政复议情况")
    document.add_paragraph(INTRO)
    table = document.add_table(rows=1 + len(ROWS), cols=3)
    for r, row in enumerate([HEADER, *ROWS]):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    document.add_paragraph(OUTRO)
    document.save(str(path))
    return path


def make_pdf(path: Path) -> Path:
    """A born-digital PDF with a ruled table (reportlab's built-in Chinese CID font: a real text layer)."""
    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    style = ParagraphStyle("zh", fontName="STSong-Light", fontSize=11, leading=16)
    table = Table([HEADER, *ROWS])
    table.setStyle(
        TableStyle([("FONTNAME", (0, 0), (-1, -1), "STSong-Light"), ("GRID", (0, 0), (-1, -1), 0.5, "black")])
    )
    flow = [Paragraph("2024年各地行政复议情况", style), Paragraph(INTRO, style), table, Paragraph(OUTRO, style)]
    SimpleDocTemplate(str(path), pagesize=A4).build(flow)
    return path


def test_rows_carry_their_headers() -> None:
    assert row_lines([HEADER, *ROWS]) == EXPECTED_ROWS


def test_caption_row_merged_cells_and_wrapped_cells() -> None:
    caption = ["2024年行政复议情况", "2024年行政复议情况", "2024年行政复议情况"]  # one cell across the table
    rows = [caption, ["类别", "地区", "件数"], ["行政复议\n申请", "朝天区", "26件"], [None, "通城县", "41件"]]
    assert row_lines(rows) == [
        "2024年行政复议情况",
        "类别: 行政复议申请 | 地区: 朝天区 | 件数: 26件",
        "类别: 行政复议申请 | 地区: 通城县 | 件数: 41件",  # a vertically merged cell repeats its value
    ]
    assert row_lines([["只有一行", "", "只有一行"]]) == ["只有一行"]
    assert row_lines([["", ""], [None, None]]) == []
    assert clean_cell(" 26 件\n（含 重复 ） ") == "26 件(含重复)".replace("(", "（").replace(")", "）")


def test_pdf_merged_cells_vertical_repeat_horizontal_do_not(tmp_path: Path) -> None:
    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    rows = [["类别", "地区", "件数"], ["行政复议", "朝天区", "26件"], ["", "通城县", "41件"], ["合计", "", "67件"]]
    table = Table(rows)
    table.setStyle(TableStyle([
        ("FONTNAME", (0, 0), (-1, -1), "STSong-Light"), ("GRID", (0, 0), (-1, -1), 0.5, "black"),
        ("SPAN", (0, 1), (0, 2)), ("SPAN", (0, 3), (1, 3)),  # 行政复议 over two rows, 合计 over two columns
    ]))
    SimpleDocTemplate(str(tmp_path / "merged.pdf"), pagesize=A4).build([table])
    assert load_document(tmp_path / "merged.pdf").text.split("\n") == [
        "类别: 行政复议 | 地区: 朝天区 | 件数: 26件",
        "类别: 行政复议 | 地区: 通城县 | 件数: 41件",
        "类别: 合计 | 件数: 67件",
    ]


@pytest.mark.parametrize("maker", [make_docx, make_pdf], ids=["docx", "pdf"])
def test_table_rows_are_lines_of_the_stored_text_in_reading_order(tmp_path: Path, maker) -> None:
    path = maker(tmp_path / f"table.{maker.__name__[5:]}")
    text = load_document(path).text
    lines = text.split("\n")
    for row in EXPECTED_ROWS:
        assert row in lines
    assert text.index(INTRO) < text.index(EXPECTED_ROWS[0]) < text.index(EXPECTED_ROWS[-1]) < text.index(OUTRO)
    kept = {text[p.start : p.end] for p in extract_paragraphs(text)}
    assert set(EXPECTED_ROWS) <= kept  # cleaning keeps rows as content


def test_a_question_about_one_cell_is_answered_citing_its_row(tmp_path: Path, indexer_settings, embedder) -> None:
    corpus = tmp_path / "docs"
    corpus.mkdir()
    make_docx(corpus / "复议情况.docx")
    make_pdf(corpus / "复议情况表.pdf")
    report = IndexBuilder(indexer_settings, embedder).run([str(corpus)], index_dir=tmp_path / "index")
    assert not report.failed, report.failed
    service = Retrieval.open(tmp_path / "index", indexer_settings, embedder=embedder)
    answerer = Answerer(service, None)  # extractive: quotes the sentence that answers
    for path in sorted(corpus.iterdir()):  # each file on its own: the DOCX table, then the PDF table
        only = Filters(doc_ids=(doc_id_for(path.resolve()),))
        answer = answerer.ask("通城县2024年收到多少件行政复议申请?", only)
        assert not answer.refused and "41件" in answer.answer, (path.name, answer.answer)
        citation = answer.citations[0]
        document = service.document_text(citation.passage.doc_id)
        assert document[citation.passage.start : citation.passage.end] == citation.passage.text
        assert EXPECTED_ROWS[1] in citation.passage.text  # the passage cited holds the row …
        row_start = document.index(EXPECTED_ROWS[1])  # … and the highlighted support lies inside it
        assert row_start <= citation.support_start < citation.support_end <= row_start + len(EXPECTED_ROWS[1])
        assert "41件" in document[citation.support_start : citation.support_end]
