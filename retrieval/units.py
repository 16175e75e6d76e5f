"""Measure units: the one list that query analysis and both figure readers draw on.

``retrieval.intent`` reads the unit a question asks for from ``COUNTED_UNITS`` ("多少件", "几起", "多少万吨": the unit
is asked, it is no part of the measure). Two readers find figures in text, each with its own regex built from the
groups below, so that a unit added to a group reaches both:
- the comparison reader (``retrieval.figures``), which reads the original characters of a report (Traditional script
  too) for comparison tables;
- the answer reader (``retrieval.answer.text``), which reads the matching form (NFKC + Simplified) of claims and
  support, Chinese numerals too ("五十亿元").
Where the two differ, the difference is spelled out below (``COMPARISON_LEAVES_OUT``, ``ANSWER_LEAVES_OUT`` and the
groups only one reader takes), with why. This module imports nothing: each of ``retrieval.intent`` and
``retrieval.answer.text`` is imported by the other's package, so the list lives in a module of its own.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

# What questions ask a count or amount in ("多少件", "几起", "多少吨"), figures are written with by both readers.
# intent builds its asked-unit regex from this tuple in this order: keep longer units before their prefixes (人次, 人).
COUNTED_UNITS = ("人次", "件", "宗", "起", "份", "卷", "个", "项", "次", "名", "位", "人", "家", "条", "所", "户", "亩",
                 "斤", "吨", "元", "座", "辆", "套", "岁", "微克")

# Money other than 元 ("687亿美元"): units for figures, and any of them answers "多少钱" (asked in 元).
CURRENCIES = ("美元", "港元", "港币", "美金", "欧元", "日元", "英镑")

# Lengths, areas and volumes ("3000平方公里", "高速公路1200公里", "造林5万公顷").
LENGTHS_AND_AREAS = ("平方公里", "平方千米", "平方米", "立方米", "公顷", "公里", "千米", "米")

# Weights not already counted (斤, 吨 and 微克 are in COUNTED_UNITS: questions ask in them).
WEIGHTS = ("公斤",)

# Air quality: PM2.5 is stated in 微克/立方米 ("多少微克" asks it).
CONCENTRATIONS = ("微克/立方米", "微克每立方米")

# Power, energy and port throughput ("装机容量3000万千瓦", "集装箱吞吐量500万标箱").
ENERGY_AND_FREIGHT = ("千瓦时", "千瓦", "标箱")

# How long something took or lasts ("办理时限压缩至5天", "24小时"); ages are counted (岁, in COUNTED_UNITS).
DURATIONS = ("天", "小时")

# Dates: "2024年", "3月", "15日".
DATES = ("年", "月", "日")

# "增长1.5倍": a growth stated as a multiple.
MULTIPLES = ("倍",)

# Measure words beyond COUNTED_UNITS: things (台, 张, 艘…), events (场, 场次), and what reviews, laws and campaigns
# are counted in ("法规草案8部", "评查1批次", "举办3期", "第5轮").
MEASURE_WORDS = ("部", "篇", "期", "批次", "批", "轮次", "轮", "届", "种", "类", "台", "场次", "场", "处", "张", "间",
                 "栋", "艘", "架", "列", "只", "头", "株", "棵", "支", "册")

# Every unit either reader may read, in one place; each reader's list is this minus what it leaves out below.
UNITS = (*COUNTED_UNITS, *CURRENCIES, *LENGTHS_AND_AREAS, *WEIGHTS, *CONCENTRATIONS, *ENERGY_AND_FREIGHT, *DURATIONS,
         *DATES, *MULTIPLES, *MEASURE_WORDS)

# The comparison reader leaves out:
# - 美金, 欧元, 日元, 英镑: added for the answer reader's "多少钱" (money asked in 元, any currency answers it); not
#   measured on comparison tables, so not added there (美元, 港元, 港币 it has read from the start);
# - 年, 月, 日: it keeps every figure with a unit, so as units they would put dates ("3月15日") and periods ("5年")
#   in its tables (the answer reader reads them so that a year dates a claim: ``Figure.is_year``; ``amounts`` drops it);
# - 支, 册: never added to it.
COMPARISON_LEAVES_OUT = frozenset({"美金", "欧元", "日元", "英镑", "年", "月", "日", "支", "册"})

# The answer reader leaves out:
# - 起: in Chinese numerals, which only this reader reads, "一起" is "together" ("2025年起" is "from 2025");
# - the technical units added to the comparison reader for its tables (power, concentrations, areas in 公顷) and
#   never measured on answers, which check a claim's amount against its support: adding them there changes which
#   claims stand, so it waits for a measured change.
# It reads the measure words, since 2026-12-07: without 间, "增加到目前的四百五十間" held no figure, so the quote of
# the sentence that answers "私营老人院增加到了多少间" stated no amount and was refused (answer.text._CN_NOT_FIGURE
# keeps "一种", "一轮"… as words).
ANSWER_LEAVES_OUT = frozenset({
    "起", "平方千米", "立方米", "公顷", "公斤", "微克/立方米", "微克每立方米", "千瓦时", "千瓦", "标箱",
})

# Only the comparison reader: percentages are its units ("6.1%", "提高0.5个百分点"); the answer reader reads % and ‰
# in its magnitude slot (``Figure.mag``, ``Figure.is_percent``) and a "个百分点" as 个.
PERCENTAGES = ("个百分点", "%", "％", "‰")

# Only the comparison reader, because it reads the original characters: the Traditional spelling of a unit
# (reports written in Traditional script). The answer reader reads Simplified text (``norm``) and needs none.
TRADITIONAL = {
    "个百分点": "個百分點", "千瓦时": "千瓦時", "标箱": "標箱", "公顷": "公頃", "港币": "港幣", "吨": "噸", "亩": "畝",
    "个": "個", "项": "項", "户": "戶", "条": "條", "辆": "輛", "场次": "場次", "场": "場", "处": "處", "张": "張",
    "间": "間", "栋": "棟", "头": "頭", "小时": "小時", "岁": "歲", "轮次": "輪次", "轮": "輪", "届": "屆", "种": "種",
    "类": "類",
}

# Only the comparison reader: a unit is none when these follow it (份额, 部门, 部署, 期间, 期末; 台阶 as in
# "突破3万亿元台阶").
# The answer reader has read 份, 部, 期 and 台 unguarded since before these were added here; guarding them there
# changes which claims stand, so it waits for a measured change.
NOT_A_UNIT_BEFORE = {"份": "额額", "部": "门門委署分长長队隊位", "期": "间間末内內限满滿", "台": "阶階"}

# Only the answer reader: a magnitude written into the unit. Chinese numerals have no magnitude slot of their own
# in its regex ("十多万人", "五十亿元", "突破百万辆": 多/余 may stand between number and magnitude), so these compounds
# and the bare 万 and 亿 are units there (``split_unit`` takes the magnitude off again; ``figures`` reads a bare
# "26万" as magnitude). The comparison reader reads digits only, with a magnitude slot (万亿, 亿, 万, 千) before the
# unit.
WITH_MAGNITUDE = ("万人次", "亿元", "万元", "千元", "亿斤", "万吨", "万亩", "万户", "万辆", "万人", "万件", "万个",
                  "万", "亿")

COMPARISON_READER_UNITS = (*PERCENTAGES, *(u for u in UNITS if u not in COMPARISON_LEAVES_OUT))
ANSWER_READER_UNITS = (*WITH_MAGNITUDE, *(u for u in UNITS if u not in ANSWER_LEAVES_OUT))


def alternation(units: Iterable[str], spellings: Mapping[str, str] | None = None,
                not_before: Mapping[str, str] | None = None) -> str:
    """A regex alternation of ``units`` (each also spelled as ``spellings`` gives, e.g. Traditional), longest first.

    Alternatives are tried in order and the first that matches wins, so a unit must come before any unit it is a
    prefix of (平方公里 before 公里, 人次 before 人, 万亿元 before 亿元); sorting longest first does that for any
    unit added later. ``not_before`` maps a unit to the characters that, right after it, make it no unit.
    """
    forms: dict[str, str] = {}  # form → the unit whose guard it takes
    for unit in units:
        forms.setdefault(unit, unit)
        if spellings and unit in spellings:
            forms.setdefault(spellings[unit], unit)
    guards = not_before or {}
    return "|".join(
        re.escape(form) + (f"(?![{guards[unit]}])" if unit in guards else "")
        for form, unit in sorted(forms.items(), key=lambda item: len(item[0]), reverse=True)
    )
