"""Figures as written in a sentence, with the words that say what each one measures and what kind it is.

    for figure in read_figures("粮食产量1350.97亿斤，今年粮食产量1300亿斤以上"):
        figure.value, figure.label, figure.kind     # "1350.97亿斤", "粮食产量", "actual"; "1300亿斤以上" … "target"

Everything works on the original characters (full-width digits, Traditional script), so ``value`` always
appears verbatim in the sentence. The kind is read from cue words around the figure, because reports put the
past year's result, the coming year's target, five-year totals and yearly averages in the same paragraphs:
- target: 左右/以上/以内 after it, a range ("4.5-5%"), or 目标/预期/力争/今年/到2030年… before it in the sentence;
- cumulative: 累计/五年来/十四五/连续N年… before it; average: 年均/平均 in its own clause.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from retrieval.intent import FigureKind
from retrieval.regions import years_in

_DIGIT = r"[0-9０-９]"
_NUMBER = rf"{_DIGIT}+(?:[,，]{_DIGIT}{{3}})*(?:[.．]{_DIGIT}+)?"
_MAGNITUDE = r"万亿|萬億|亿|億|万|萬|千"
_UNIT = (
    r"个百分点|個百分點|%|％|‰|"
    r"平方公里|平方千米|平方米|千瓦时|千瓦時|千瓦|标箱|標箱|公里|千米|公顷|公頃|人次|美元|港元|港币|港幣|"
    r"元|斤|吨|噸|公斤|亩|畝|件|宗|人|名|个|個|项|項|次|家|户|戶|所|条|條|座|辆|輛|台|套|场|場|处|處|"
    r"张|張|位|间|間|栋|棟|艘|架|列|只|头|頭|株|棵|立方米|米|倍|天|小时|小時|岁|歲"
)
FIGURE_RE = re.compile(
    rf"(?<![0-9０-９.．])(?P<number>{_NUMBER}(?:\s*[-~～—至到]\s*{_NUMBER})?)\s*(?P<approx>余|餘|多)?\s*"
    rf"(?P<mag>{_MAGNITUDE})?(?P<unit>{_UNIT})?(?P<after>左右|以上|以内|以內|以下|上下)?"
)
# "百分之五", "百分之三点一": percentages in words (Hong Kong's policy addresses write them so).
CN_PERCENT_RE = re.compile(r"百分之[零〇一二两三四五六七八九十点點]+")
_CN_DIGITS = {c: i for i, c in enumerate("零一二三四五六七八九")} | {"〇": 0, "两": 2}
_CLAUSE_END = re.compile(r"[，,；;。！？!?：:\n]")
_PERCENT = ("%", "％")
# Cues read in the sentence before the figure.
# Target cues: strong ones anywhere before the figure in its sentence ("主要预期目标是：…，粮食产量1300亿斤"),
# weak ones only in its own clause or right after it ("按增长5%安排"): "聚焦…目标任务体系" opens many a review.
_TARGET_SENTENCE = re.compile(
    r"预期目标|預期目標|主要目标|主要目標|目标是|目標是|目标为|目標為|今年|明年|力争|力爭|计划|計劃|到20\d\d年"
)
_TARGET_CLAUSE = re.compile(r"目标|目標|确保|確保|争取|爭取|安排|建议|建議|预计|預計")
_TARGET_NEXT = re.compile(r"^[^，,；;。]{0,3}(?:安排|为目标|的目标|作为目标)")
# Headings of the forward-looking part of a report ("2026年工作安排", "下一步工作打算").
_TARGET_SECTION = re.compile(r"今年|明年|目标|主要任务|安排|计划|打算|下一步|展望|建议")
_CUMULATIVE_BEFORE = re.compile(
    r"累计|累計|五年来|五年來|过去五年|過去五年|十四五|十三五|共计|共計|总计|總計|连续|連續"
)
_AVERAGE_CLAUSE = re.compile(r"年均|平均")
_TARGET_AFTER = ("左右", "以上", "以内", "以內", "以下", "上下")
_RANGE = re.compile(r"[-~～—至到]")


@dataclass(frozen=True)
class SentenceFigure:
    value: str  # as written, e.g. "1350.97亿斤", "6.1%", "26件"
    number: float | None  # the numeric part (None for a range), for charts and ordering
    unit: str  # magnitude + unit as written: "亿斤", "%", "万亿元", "件"
    start: int  # offsets of ``value`` in the sentence
    end: int
    label: str  # the words before it in its clause: what it measures
    context: str  # up to ``context_chars`` before it in the sentence (for labels like "、达到")
    kind: FigureKind
    years: tuple[int, ...]  # years named in its clause before it ("2024年共收到…")


def read_figures(sentence: str, section: str = "", context_chars: int = 24) -> list[SentenceFigure]:
    """Every figure with a unit or magnitude in ``sentence`` (bare numbers and years are skipped)."""
    found: list[SentenceFigure] = []
    matches = sorted([*FIGURE_RE.finditer(sentence), *CN_PERCENT_RE.finditer(sentence)], key=lambda m: m.start())
    for match in matches:
        if match.re is CN_PERCENT_RE:
            found.append(_figure(sentence, match.start(), match.end(), "", found, section, context_chars,
                                 _cn_number(match.group()[3:]), "%"))
            continue
        mag, unit = match["mag"] or "", match["unit"] or ""
        if not (mag or unit) or _is_year(match, sentence):
            continue
        end = (match.end("unit") if unit else match.end("mag")) + len(match["after"] or "")
        found.append(_figure(sentence, match.start(), end, match["after"] or "", found, section, context_chars,
                             _number(match["number"]), mag + unit, match["number"]))
    return found


def _figure(sentence: str, start: int, end: int, after: str, found: list[SentenceFigure], section: str,
            context_chars: int, number: float | None, unit: str, digits: str = "") -> SentenceFigure:
    clause_start = _clause_start(sentence, start)
    return SentenceFigure(
        value=sentence[start:end],
        number=number,
        unit=unit,
        start=start,
        end=end,
        label=sentence[max(clause_start, _previous_end(found)) : start].strip(),
        context=sentence[max(0, start - context_chars) : start],
        kind=_kind(sentence[:start], sentence[clause_start:start], after, sentence[end:], digits, section),
        years=tuple(sorted(years_in(_ascii_digits(sentence[clause_start:start])))),
    )


def _cn_number(words: str) -> float | None:
    """"五" → 5, "三点一" → 3.1, "十二" → 12, "二十" → 20 (percentages need no more)."""
    whole, _, fraction = words.replace("點", "点").partition("点")
    if "十" in whole:
        tens, _, ones = whole.partition("十")
        value = _CN_DIGITS.get(tens, 1) * 10 + _CN_DIGITS.get(ones, 0)
    elif len(whole) == 1 and whole in _CN_DIGITS:
        value = _CN_DIGITS[whole]
    else:
        return None
    decimals = "".join(str(_CN_DIGITS[c]) for c in fraction if c in _CN_DIGITS)
    return float(f"{value}.{decimals}") if decimals else float(value)


def is_percent(unit: str) -> bool:
    return unit.endswith(_PERCENT)


def _kind(before: str, clause: str, after: str, rest: str, number: str, section: str) -> FigureKind:
    if _AVERAGE_CLAUSE.search(clause):
        return "average"
    if _CUMULATIVE_BEFORE.search(before):
        return "cumulative"
    if after in _TARGET_AFTER or _RANGE.search(number) or _TARGET_NEXT.search(rest):
        return "target"
    if _TARGET_SENTENCE.search(before) or _TARGET_CLAUSE.search(clause):
        return "target"
    if _TARGET_SECTION.search(section) and not re.search(r"回顾|过去|一年来", section):
        return "target"
    return "actual"


def _clause_start(sentence: str, position: int) -> int:
    ends = [m.end() for m in _CLAUSE_END.finditer(sentence, 0, position)]
    return ends[-1] if ends else 0


def _previous_end(found: list[SentenceFigure]) -> int:
    return found[-1].end if found else 0


def _is_year(match: re.Match[str], sentence: str) -> bool:
    digits = _ascii_digits(match["number"])
    if not match["mag"] and not match["unit"]:
        return True
    follows = sentence[match.end("number") : match.end("number") + 1]
    return len(digits) == 4 and digits[:2] in ("19", "20") and follows in ("年", "-", "—", "至")


def _ascii_digits(text: str) -> str:
    return text.translate(str.maketrans("０１２３４５６７８９．，", "0123456789.,"))


def _number(text: str) -> float | None:
    plain = _ascii_digits(text).replace(",", "")
    try:
        return float(plain)
    except ValueError:
        return None
