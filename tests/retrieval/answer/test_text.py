"""Figures in Chinese and Arabic numerals: what a claim's figure must match in its cited passage."""

from __future__ import annotations

import pytest

from retrieval.answer.text import figure_supported, figures, norm


def _holds(claim: str, passage: str) -> bool:
    (figure,) = [f for f in figures(norm(claim)) if not f.is_year]
    return figure_supported(figure, figures(norm(passage)), norm(passage))


@pytest.mark.parametrize(
    ("claim", "passage"),
    [
        ("50亿元", "我們更會撥款五十億元，設立創新及技術基金"),
        ("五十亿元", "拨款50亿元"),
        ("3.5%", "增长百分之三点五"),
        ("2万人", "新增就业两万人"),
        ("1205件", "办理一千二百零五件"),
        ("2.6万件", "受理26000件"),
        ("26件", "收到行政复议申请26件"),
        ("100万辆", "整车出口突破百万辆"),  # 百万: cn2an needs the 一 the report leaves out
        ("55万家", "白名单企业55万户"),
        ("30件", "分别收到申请26、30件"),  # a bare number in a list still counts
        ("26件", "办理案件26起"),  # 起 counts cases, though the unit list leaves it out
        ("3228场", "开展普法活动3228场次"),  # the same measure, written short
        ("3个", "建成保障房3栋"),  # 个 stands for any measure word of things
        ("10%", "家居廢物的回收率則只有一成"),  # tenths are a share
        ("一成七", "比例为17%"),
        ("八成", "财政支出80%以上投向民生"),
    ],
)
def test_the_same_amount_in_either_numerals_holds(claim: str, passage: str) -> None:
    assert _holds(claim, passage)


@pytest.mark.parametrize(
    ("claim", "passage"),
    [
        ("26件", "共有26人参加"),  # another unit
        ("5%", "增长5倍"),  # a percentage only matches a percentage
        ("五十亿元", "拨款五亿元"),
        ("27件", "收到行政复议申请26件"),
        # a number written into a name is no amount: seen with the 1.5B model, which answered "办结了12345件"
        # from "一是定期開展12345服務熱線業務培訓" (train question ua194, gate-off run of 2026-12-03)
        ("12345件", "一是定期開展12345服務熱線業務培訓"),
        ("2条", "地铁2号线开通运营"),
    ],
)
def test_another_amount_or_unit_does_not_hold(claim: str, passage: str) -> None:
    assert not _holds(claim, passage)


def test_measure_words_that_count_the_same_things_agree() -> None:
    from retrieval.answer.text import figure_supported, same_unit

    assert same_unit("个", "项") and same_unit("名", "人") and same_unit("件", "宗") and same_unit("条", "件")
    assert same_unit("份", "件")  # documents
    assert not same_unit("个", "人") and not same_unit("件", "元")
    stated = figures(norm("一共回答了139項質詢"))
    assert figure_supported(figures("139个")[0], stated, "")
    assert not figure_supported(figures("139人")[0], stated, "")


@pytest.mark.parametrize(
    ("text", "is_year"),
    [
        ("1997年", True),
        ("一九九七年", True),  # Hong Kong's reports date things in Chinese numerals
        ("二〇二四年", True),
        ("二零零一年", True),
        ("二十年", False),  # a number of years
        ("一千九百九十七年", False),
        ("三十二亿元", False),
    ],
)
def test_a_year_in_either_numerals_is_a_year_not_an_amount(text: str, is_year: bool) -> None:
    (figure,) = figures(norm(text))
    assert figure.is_year is is_year


@pytest.mark.parametrize(
    ("text", "stated"),
    [
        ("161.「解决劏房问题」工作组已提交报告", []),  # Hong Kong's reports number every paragraph
        ("102.\t經濟轉型期間，政府有責任", []),
        ("行政复议。3、推进执法监督", []),  # a list item after a sentence
        ("主要做法：1. 推进；2. 加强", []),  # items after a colon and a semicolon
        ("1.“2030启航计划”：面向2030年及长远发展", ["2030", "2030"]),  # a glossary item; its figures stay
        ("26、30件", ["26", "30"]),  # a list of amounts, not an item's number
        ("按时办结161.", ["161"]),  # a number ending a clause is no label
        ("3.5%的增长", ["3.5"]),
    ],
)
def test_a_paragraph_or_list_number_is_a_label_not_an_amount(text: str, stated: list[str]) -> None:
    assert [f.value for f in figures(norm(text))] == stated


@pytest.mark.parametrize(
    ("text", "amounts_read"),
    [
        # every measure word counts, in either numerals: HK reports count homes and schools in 間
        ("全港領有牌照的私營安老院已由一九九七年的十四間，增加到目前的四百五十間", [14, 450]),
        ("开展案卷评查三轮", [3]),
        ("建成保障房3栋", [3]),
        # …but "一种", "新一轮" and "统一只需" are words, not amounts
        ("推行一种新模式，启动新一轮改革，统一只需一次办理", []),
        ("成立专班，一成不变", []),
    ],
)
def test_measure_words_are_read_as_units(text: str, amounts_read: list[int]) -> None:
    read = [f.amount for f in figures(norm(text)) if not f.is_year]
    assert read == amounts_read
