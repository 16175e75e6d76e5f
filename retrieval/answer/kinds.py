"""Is a figure the kind the question asks for: this year's target or last year's result; a standing total or a flow?

A provincial report states both side by side: "城镇新增就业32.7万人" in its review of 2025 and "城镇新增就业28万人
左右" among its 2026 targets. Asked "今年打算新增多少城镇就业", a small model cites the first. The comparison
table's figure reader (retrieval/figures.py) already tells the kinds apart from the cue words around each figure
(左右/以上, 目标/预期/力争, the forward-looking section, the year the report covers); this module asks which kind a
question wants and which kind a passage gives a claimed amount, so that verification drops a claim that cites a
result for a target or a target for a result.

A question wants a target when it asks about a year after the one the cited report covers ("今年（2026年）"
against a report on 2025); the year a report was given ("2017年那份报告说…") does not count. Nothing else is
checked (see asked_kind).

Asked what stands now ("北京的地铁现在一共有多少公里", "山西现在有多少座智能化煤矿"), a flow is no answer: "新增运营里程
30公里" and "新建智能化煤矿60座" say what was added, not what there is ("总里程达909公里", "智能化煤矿达到400座").
``Query.asks_standing`` says when a question asks that; ``flow_only`` whether a passage labels a claimed amount as
a flow (terms.ADDED_LABEL).
"""

from __future__ import annotations

import re
from functools import lru_cache

from retrieval.answer.query import Query
from retrieval.answer.text import Figure, sentences
from retrieval.figures import Setting, read_figures
from retrieval.intent import FigureKind
from retrieval.terms import ADDED_LABEL

# "2017年那份报告说…", "李克强2017年说…": the year a report was given, not the year asked about.
_SPOKEN_IN = re.compile(
    r"((?:19|20)\d\d)年(?:的|那份|那年的?)?(?:国务院|香港)?(?:政府工作报告|施政报告|工作报告|报告|说|讲|提出|提到|表示|指出)"
)
# "2016年和2019年两份国务院报告里…": years listed before the reports they name.
_SPOKEN_LIST = re.compile(
    r"((?:(?:19|20)\d\d年?\s*[和、与及,，]?\s*)+)(?:这|那)?(?:两|几|[二三四五六七八九十])份(?:国务院|香港)?"
    r"(?:政府工作报告|施政报告|工作报告|报告)"
)
_MAGNITUDES = (("万亿", 1e12), ("萬億", 1e12), ("亿", 1e8), ("億", 1e8), ("万", 1e4), ("萬", 1e4), ("千", 1e3))
_PARAGRAPH_CHARS = 400
# "1998年估计经济会萎缩多少": a forecast made in the year asked about is not that year's result.
_FORECAST = re.compile(r"估计|预计|预期|预测|目标|计划|打算|力争|争取")


def asked_kind(query: Query, covered_year: int | None, results: bool = False) -> FigureKind | None:
    """"target" when the question asks about a year after the one the report covers ("今年（2026年）…" of a
    report on 2025), else None: not checked. With ``results``, "actual" when it asks about the year the report
    covers ("去年（2025年）…"): passage ranking uses that, verification does not (below).

    Only this direction is checked. Measured on the train split (docs/benchmarks.md): target words alone
    (计划, 准备, 估计) name programmes as often as plans ("资助计划要花多少钱"), and the figure reader calls a
    result "about X" (6800亿元左右) a target, so checking results cost more right answers than it caught."""
    if not query.asks_amount or covered_year is None:
        return None
    spoken = {int(year) for year in _SPOKEN_IN.findall(query.normalised)} | {query.report_year}
    spoken |= {int(year) for listed in _SPOKEN_LIST.findall(query.normalised)
               for year in re.findall(r"(?:19|20)\d\d", listed)}
    asked = [year for year in query.years if year not in spoken]
    if asked and max(asked) > covered_year:
        return "target"
    if results and asked and max(asked) == covered_year and not _FORECAST.search(query.normalised):
        return "actual"
    return None


def kinds_of(figure: Figure, text: str, start: int, end: int, section: str, covered_year: int | None) -> set[str]:
    """The kinds of the figures in ``text[start:end]`` that state ``figure``'s amount (empty: none read)."""
    amount = figure.amount
    if amount is None:
        return set()
    return {kind for position, value, kind, _ in _figures_of(text, section, covered_year)
            if start <= position < end and _same(value, amount)}


def flow_only(figure: Figure, text: str, start: int, end: int, section: str, covered_year: int | None) -> bool:
    """Whether every figure in ``text[start:end]`` stating ``figure``'s amount is labelled as a flow (新增…, 新建…):
    what was added, which does not answer a question about what stands now."""
    amount = figure.amount
    if amount is None:
        return False
    flows = [flow for position, value, _, flow in _figures_of(text, section, covered_year)
             if start <= position < end and _same(value, amount)]
    return bool(flows) and all(flows)


def contradicts(asked: FigureKind | None, kinds: set[str]) -> bool:
    """A result cited for a target, or a target for a result. Totals and averages are left to the words."""
    if asked is None or not kinds:
        return False
    opposite = "actual" if asked == "target" else "target"
    return kinds == {opposite}


@lru_cache(maxsize=256)
def _figures_of(text: str, section: str, covered_year: int | None) -> tuple[tuple[int, float, str, bool], ...]:
    """(offset in text, amount, kind, labelled as a flow) of every figure the reader finds, sentence by sentence."""
    found = []
    for sentence in sentences(text):
        before = text[: sentence.start]
        paragraph = before[max(before.rfind("\n") + 1, len(before) - _PARAGRAPH_CHARS):]
        for figure in read_figures(sentence.text, Setting(section, paragraph, covered_year)):
            if figure.number is None:
                continue
            found.append((sentence.start + figure.start, figure.number * _magnitude(figure.unit), figure.kind,
                          bool(ADDED_LABEL.search(figure.label))))
    return tuple(found)


def _same(value: float, amount: float) -> bool:
    return abs(value - amount) <= 1e-9 * max(1.0, abs(amount))


def _magnitude(unit: str) -> float:
    for prefix, factor in _MAGNITUDES:
        if unit.startswith(prefix):
            return factor
    return 1.0

