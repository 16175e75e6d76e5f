"""The words of a question that carry no content: one list for every part of retrieval that reads a question.

The answer layer removes them before measuring what a passage shares with the question (a passage never
contains "多少" or "报告提到"), and highlighting removes them before picking the words to mark in a result.
Both work on the matching form of the question (``normalize_for_matching``: NFKC, Simplified).

``report_words`` rewrites everyday names of indicators in the words reports use (经济增速 → 生产总值增长): the
comparison table and the answer's sentence scoring both match a question against report sentences.
"""

from __future__ import annotations

import re

# Question words and framing: how people ask, and how they refer to the reports they ask about.
QUESTION_WORDS: tuple[str, ...] = (
    "多少", "什么样", "什么", "哪些", "哪个", "哪几", "哪里", "怎样", "怎么样", "怎么", "如何", "是否", "有没有",
    "有多高", "有多大", "多高", "多大", "多长", "几个", "几件", "几项", "几次", "几名", "几位", "分别", "各自", "具体",
    "一共", "大约", "大概", "请问", "政府工作报告", "施政报告", "报告中", "报告里", "报告称", "报告说", "报告", "提到",
    "显示", "是指", "情况", "进展", "为何", "为什么", "吗", "呢", "?", "？",
)
# Longest first, so that "怎么样" is taken whole rather than as "怎么" + "样".
_QUESTION_WORD = re.compile("|".join(re.escape(w) for w in sorted(QUESTION_WORDS, key=len, reverse=True)))

# Words that stand in nearly every paragraph of a report. They are content for matching a passage, but
# marking them in a result would mark everything.
REPORT_BOILERPLATE = frozenset({"工作", "开展", "推进", "进行"})


def without_question_words(normalised: str, replacement: str = " ") -> str:
    """The question with its question words and framing replaced (by a space: word boundaries kept)."""
    return _QUESTION_WORD.sub(replacement, normalised)


# Years said relative to now, with their offset from this year: the answer layer dates them (answer.query:
# "去年" asked in 2026 is 2025), and the intent reader drops them from what is measured (intent). "三年前" is counted
# by the answer layer, which reads the numeral.
RELATIVE_YEARS: dict[str, int] = {"大前年": -3, "前年": -2, "去年": -1, "今年": 0, "明年": 1, "后年": 2, "大后年": 3}


# A regex alternation of them, longest first ("大前年" before "前年"); ``guards`` puts a lookbehind before a word
# ("过去年份" holds no 去年).
def relative_year_words(guards: dict[str, str] | None = None) -> str:
    guards = guards or {}
    return "|".join(guards.get(w, "") + w for w in sorted(RELATIVE_YEARS, key=len, reverse=True))


# Words that say how much of a thing is asked or stated (a change, a share, a total, a count), not what the thing
# is: "增加值增速" names no industry, and two labels that share only "增长" may name different things.
QUANTITY_WORDS = r"增长|增速|增幅|下降|提高|上涨|涨幅|比重|占比|比例|总量|总额|数量|规模|人数|件数|个数|多少"

# Words before a round mark passed ("突破3万亿元", "迈上5万亿元台阶", "超过1万美元"): a bound on the figure, not the
# figure (retrieval.figures). An asker who rules them out ("“突破多少”这种说法不算") asks the figure itself
# (retrieval.intent).
ROUND_MARK = re.compile(r"(?:突破|超过|超過|超|逾|迈上|邁上|迈过|邁過|跨过|跨過|跨越|跨上|站上|跃上|躍上)$")

# What was added, not what stands: "新增运营里程30公里" beside "总里程达909公里", "新建智能化煤矿60座" beside
# "智能化煤矿达到400座", "净增…", "航线增加12条" (but "增加到", "增至": what there is after it). Asked what stands now
# ("现在一共有多少公里"), such a figure is no answer (retrieval.answer.kinds).
_ADDED = r"(?:新[增建开上设批投通修认培引登]|净增|(?<!增)增加(?![到至]))"
ADDED_LABEL = re.compile(_ADDED + r"[^，,；;。、:：]{0,14}$")  # a figure's label that says it was added
ADDED_AMOUNT = re.compile(_ADDED + r"[^，,；;。、:：\d]{0,14}\d[\d.]*")  # such a label with its number

# People name indicators in everyday words, reports in statistical ones. A vocabulary, not a list of cases.
_REPORT_WORDS = (
    (re.compile(r"gdp|国内生产总值|经济总量|经济(?=增|\s|$)", re.IGNORECASE), "生产总值"),
    (re.compile(r"财政收入"), "一般公共预算收入"),
    (re.compile(r"(?:对外贸易|外贸)(?:进出口)?"), "进出口"), (re.compile(r"规上"), "规模以上"),
    (re.compile(r"cpi|物价", re.IGNORECASE), "居民消费价格"),
    (re.compile(r"增速|增幅|(?<!\S)长(?!\S)|(?<![上下])涨(?![幅价])了?"), "增长"),
    (re.compile(r"(?<=[\u3400-\u9fff])(?<!占)\s*的?(?:比例|比率)"), "率"),  # "调成的比例" is written 调成率
    # the share of the resident population living in towns: "常住人口里住在城镇的比例" is the whole of 城镇化率
    (re.compile(r"(?:常住人口\s*(?:里|中|当中)?\s*的?\s*)?(?:住在?城[镇里市]\s*的?\s*(?:人口?\s*(?:的\s*)?"
                r"(?:占比|比例|比重|率)?|占比|比例|比重|率)|城镇化水平)"), "城镇化率"),
    # per head: "按人头算的GDP", "按常住人口平均下来…每人摊到的GDP" (人均地区生产总值)
    (re.compile(r"按人头算的?|按(?:常住)?人口平均(?:下来|算)?的?|每人摊到的?|平均到每个人头上的?"), "人均"),
    (re.compile(r"固投"), "固定资产投资"), (re.compile(r"社零"), "社会消费品零售总额"),
    (re.compile(r"高企|高新企业"), "高新技术企业"),
    # foreign capital actually received: "实打实到位的外商投资", "外商投资实际到账", "招了多少外资"
    (re.compile(r"(?:实打实|实际)?\s*(?:到位|到账|用上|招来?了?)\s*的?\s*(?:外商投资|外资)|外商投资\s*(?:实际)?\s*(?:到位|到账)"),
     "实际使用外资"),
    (re.compile(r"蓝天率|(?:空气)?(?:质量)?达标的?\s*(?:天数|日子)"), "优良天数"),
    # the legal-affairs reports' own words for everyday ones
    (re.compile(r"红头文件"), "规范性文件"), (re.compile(r"(?:政府)?(?:当|做|成了)被告"), "被诉"),
    (re.compile(r"打?官司"), "诉讼"), (re.compile(r"调成(?!率)"), "调解成功"), (re.compile(r"卷宗"), "案卷"),
    (re.compile(r"抽查评查|抽评"), "评查"), (re.compile(r"棚改"), "棚户区改造"),
)


# Two names reports use for one thing: a label and a measure are compared in one of them.
_SAME_THINGS = ((re.compile(r"pm\s*_?2\.?5|pm二点五|细颗粒(?:污染)?物", re.IGNORECASE), "细颗粒物"),)


def same_things(normalised: str) -> str:
    """"PM2.5浓度" → "细颗粒物浓度": where reports use two names for one thing, the one both sides are compared in."""
    for pattern, name in _SAME_THINGS:
        normalised = pattern.sub(name, normalised)
    return normalised


def report_words(measure: str) -> str:
    """The measure in the words reports use: "经济 长" → "生产总值 增长", "财政收入增速" → "一般公共预算收入增长"."""
    for pattern, words in _REPORT_WORDS:
        measure = pattern.sub(words, measure)
    return same_things(measure)
