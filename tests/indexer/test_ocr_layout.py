"""Reading order and paragraphs from OCR boxes: the logic alone, on boxes laid out like a typeset report page
(the real engines on real scans are tested in test_ocr.py)."""

from __future__ import annotations

import math

import pytest

from indexer.ocr_layout import PageLayout, TextBox, assemble, join_pages, skew_radians

CHAR = 50.0  # pixels per character (12 pt at 300 dpi)
LEFT, WIDTH = 300.0, 34 * CHAR  # text block: 34 characters per line
PAGE_CENTRE = (1240.0, 1754.0)


def box(text: str, column: float, row: int, degrees: float = 0.0, confidence: float = 0.98) -> TextBox:
    """``text`` starting ``column`` characters into the text block on line ``row``, the page turned ``degrees``."""
    x0, y0 = LEFT + column * CHAR, 300 + row * 1.6 * CHAR
    corners = [(x0, y0), (x0 + len(text) * CHAR, y0), (x0 + len(text) * CHAR, y0 + CHAR), (x0, y0 + CHAR)]
    angle, (cx, cy) = math.radians(degrees), PAGE_CENTRE
    turned = tuple(
        (cx + (x - cx) * math.cos(angle) - (y - cy) * math.sin(angle),
         cy + (x - cx) * math.sin(angle) + (y - cy) * math.cos(angle))
        for x, y in corners
    )
    return TextBox(text, turned, confidence)


PARAGRAPH = (
    "2024年，朝天区坚持以习近平新时代中国特色社会主义思想为指导，全面贯彻落实党的二十大精神和习近平总书记"
    "对四川工作系列重要指示精神，法治政府建设取得新成效。"
)
BODY_1, BODY_2, BODY_3 = PARAGRAPH[:32], PARAGRAPH[32:66], PARAGRAPH[66:]  # indent + 32, full 34, short
HEADING = "一、工作开展情况"
RUN = (
    "（一）强化统筹安排，全面推进法治政府建设。一是压实责任促落实。始终把推进法治政府建设摆在突出位置，"
    "各级各部门主要负责同志切实履行职责"
)
RUN_IN, RUN_IN_2 = RUN[:32], RUN[32:66]  # a paragraph that starts with a heading and runs on over the page


def page_boxes(degrees: float) -> list[TextBox]:
    return [
        box("广元市朝天区2024年法治政府建设情况", 7, 0, degrees),  # centred title
        box(BODY_1, 2, 1, degrees),
        box(BODY_2[:20], 0, 2, degrees),  # one line found as two boxes
        box(BODY_2[20:], 20.3, 2, degrees),
        box(BODY_3, 0, 3, degrees),
        box(HEADING, 0, 4, degrees),
        box(RUN_IN, 2, 5, degrees),
        box(RUN_IN_2, 0, 6, degrees),
        box("- 3 -", 15, 30, degrees),  # page number in the footer
    ]


@pytest.mark.parametrize("degrees", [0.0, 1.0, -1.0])
def test_paragraphs_in_reading_order_on_a_skewed_page(degrees: float) -> None:
    boxes = page_boxes(degrees)
    layout = assemble(list(reversed(boxes)))  # engines return boxes in any order
    assert layout.text.split("\n") == [
        "广元市朝天区2024年法治政府建设情况",
        BODY_1 + BODY_2 + BODY_3,
        HEADING,
        RUN_IN + RUN_IN_2,
    ]
    assert skew_radians(boxes) == pytest.approx(math.radians(degrees), abs=1e-6)
    assert layout.ends_mid_paragraph  # the last line is full: the paragraph goes on over the page
    assert not layout.starts_mid_paragraph


def test_heading_keeps_its_line_even_when_full_width_text_runs_on() -> None:
    lines = [box("二、存在的问题和下一步工作打算" + "说" * 19, 0, 0), box("继续推进" + "法" * 30, 0, 1)]
    assert assemble(lines).text.split("\n")[0].startswith("二、存在的问题")
    heading_then_body = [box(HEADING + "依" * 26, 0, 0), box("二、" + "法" * 32, 0, 1)]
    assert len(assemble(heading_then_body).text.split("\n")) == 2  # a line starting 二、 starts a paragraph


def test_wide_gaps_between_boxes_become_two_spaces() -> None:
    row = [box("朝天区", 0, 0), box("26件", 10, 0), box("21件", 20, 0)]
    assert assemble(row).text == "朝天区  26件  21件"


def test_spaces_an_engine_puts_between_chinese_characters_are_removed() -> None:
    line = box("多年實踐經驗 , 亦深明 2003-04 年度 , Policy Address 施政 報告", 0, 0)
    assert assemble([line]).text == "多年實踐經驗,亦深明 2003-04 年度, Policy Address 施政報告"


def test_a_paragraph_cut_by_a_page_break_is_joined_again() -> None:
    first = PageLayout("第一段\n第二段的前半", starts_mid_paragraph=False, ends_mid_paragraph=True)
    second = PageLayout("后半。\n第三段", starts_mid_paragraph=True, ends_mid_paragraph=False)
    third = PageLayout("第四段", starts_mid_paragraph=False, ends_mid_paragraph=False)
    joined = join_pages([first, second, PageLayout("", False, False), third])
    assert joined == "第一段\n第二段的前半后半。\n第三段\n第四段"


def test_empty_page() -> None:
    assert assemble([]).text == ""
    assert assemble([box("12", 16, 30)]).text == ""  # only a page number
