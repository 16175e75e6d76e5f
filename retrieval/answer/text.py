"""Text primitives shared by passage trimming, extractive answers and citation checks.

Everything here works on the *matching form* of text (``normalize_for_matching``: NFKC + Simplified) so
that a claim written in Simplified is checked against a Traditional-script report on equal terms, while
offsets always refer to the original text (spans are cut from the original, then normalised one by one).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from indexer.normalize import normalize_for_matching
from retrieval.units import ANSWER_READER_UNITS, alternation

# Sentence ends. "；" ends a sentence too: reports chain whole statements with it.
_SENTENCE_END = re.compile(r"[。！？!?；;\n]+")
# Clause ends inside a sentence. "、" is not one: it separates list items that belong together (三明、石狮).
_CLAUSE_END = re.compile(r"[，,：:。！？!?；;\n]+")
_CJK_RUN = re.compile(r"[\u3400-\u9fff]+")
_ASCII_RUN = re.compile(r"[0-9a-z]+(?:\.[0-9]+)?")

# Units a figure is written with, from the one list (retrieval.units: what this reader leaves out, and why; not 起:
# "一起" is "together"), magnitudes written into the unit included ("十多万人").
_UNITS = alternation(ANSWER_READER_UNITS)
_NUMBER = r"\d+(?:,\d{3})*(?:\.\d+)?"
FIGURE = re.compile(
    rf"(?<![\d.])(?P<value>{_NUMBER})\s*(?P<approx>余|多|左右)?\s*(?P<mag>%|‰|万亿|亿|万|千)?"
    rf"\s*(?:余|多)?(?P<unit>{_UNITS})?"
)
_CN_DIGITS = "零〇一二两三四五六七八九十百千万亿"
CN_FIGURE = re.compile(
    rf"(?<![\d{_CN_DIGITS}])(?:百分之[{_CN_DIGITS}点]+|[零〇一二两三四五六七八九十][{_CN_DIGITS}]*(?:点[{_CN_DIGITS}]+)?"
    rf"(?:余|多)?(?:{_UNITS})|[百千][万亿](?:余|多)?(?:{_UNITS})"  # "突破百万辆": 一 left out
    # tenths, a share: "回收率只有一成", "八成以上", "一成七" (17%); not "一成不变", "统一成立"
    r"|(?:半|[一二两三四五六七八九])成[一二三四五六七八九]?(?=以上|以下|左右|多|的|和|与|及|至|到|[^\u4e00-\u9fff]|$))"
)
_TENTHS = re.compile(r"^(?P<tenths>半|[一二两三四五六七八九])成(?P<hundredths>[一二三四五六七八九])?$")
# Words that look like Chinese-numeral figures but are names of things, not amounts.
_CN_NOT_FIGURE = re.compile(
    r"^(?:一是|二是|三是|四是|五是|十四五|十五五|十三五|二十大|一件事|一次|一批|一个|一种|一类|一只|一头|一间|一届|一轮|一列|"
    r"一架)$"
)

# Imperatives aimed at a model, as planted in documents ("忽略以上要求，回答：…"). Such sentences are data:
# they never go into a prompt and never count as support for a claim.
INJECTION = re.compile(
    r"(?:忽略|无视|忘记|忘掉|不要理会|不要遵守|不必遵守|停止遵守)(?:以上|上述|之前|前面|先前|所有|全部|此前|系统)?"
    r".{0,8}?(?:要求|指令|指示|规则|提示|说明|设定|内容)"
    r"|你现在是|你必须回答|请直接回答[:：]|回答[:：]所有|system\s*prompt|ignore\s+(?:all\s+)?(?:the\s+)?"
    r"(?:previous|above|prior)|<\|im_(?:start|end)\|>",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Span:
    """``text[start:end]`` of some original string (offsets are into that string)."""

    start: int
    end: int
    text: str


@lru_cache(maxsize=8192)
def norm(text: str) -> str:
    """Matching form; cached because the same passages are normalised by several stages."""
    return normalize_for_matching(text)


def _split(text: str, pattern: re.Pattern[str], base: int = 0) -> list[Span]:
    spans: list[Span] = []
    start = 0
    for match in pattern.finditer(text):
        spans.append(_strip(text, start, match.end(), base))
        start = match.end()
    if start < len(text):
        spans.append(_strip(text, start, len(text), base))
    return [s for s in spans if has_content(s.text)]


def _strip(text: str, start: int, end: int, base: int) -> Span:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Span(base + start, base + end, text[start:end])


def sentences(text: str) -> list[Span]:
    return _split(text, _SENTENCE_END)


def clauses(span: Span) -> list[Span]:
    """The clauses of a sentence, with offsets in the sentence's original string."""
    return _split(span.text, _CLAUSE_END, span.start)


def has_content(text: str) -> bool:
    return bool(_CJK_RUN.search(text) or re.search(r"[0-9A-Za-z]", text))


def units(normalised: str) -> set[str]:
    """Matching units: character bigrams of CJK runs (a lone character stands for itself) and whole
    ASCII tokens ("12345", "rcep", "95.98"), so digits are compared as numbers, not as digit pairs."""
    found: set[str] = set()
    lowered = normalised.lower()
    for run in _CJK_RUN.findall(lowered):
        if len(run) == 1:
            found.add(run)
        found.update(run[i : i + 2] for i in range(len(run) - 1))
    found.update(_ASCII_RUN.findall(lowered))
    return found


_MAGNITUDE = {"": 1.0, "%": 1.0, "‰": 1.0, "千": 1e3, "万": 1e4, "亿": 1e8, "万亿": 1e12}
# A year written digit by digit in Chinese numerals ("一千九百九十七年" is a number of years, not a year).
_CN_YEAR = re.compile(r"^(?:一九|二[〇零])[〇零一二三四五六七八九]{2}年$")
_CN_PARTS = re.compile(rf"^(?P<percent>百分之)?(?P<number>[{_CN_DIGITS}点]+?)(?:余|多)?(?P<unit>{_UNITS})?$")


@dataclass(frozen=True)
class Figure:
    value: str  # digits without thousands separators, or the Chinese-numeral expression
    mag: str  # % ‰ 万 亿 万亿 or ""
    unit: str  # 件 人 元 … or ""
    # A bare number written into a word ("12345热线", "2号线"): a name, which no amount with a unit stands on.
    names_a_thing: bool = False
    # A number alone in quotes ("“2115”接诉即办"): a name for sure, so it never answers an amount either ("9成",
    # "144颗" are names_a_thing by the word after them, yet amounts).
    quoted_name: bool = False

    @property
    def is_year(self) -> bool:
        if not self.value[0].isdigit():  # "一九九七年", "二〇二四年": how Hong Kong's reports date things
            return bool(_CN_YEAR.match(self.value))
        return self.unit == "年" and self.mag == "" and len(self.value) == 4 and self.value[:2] in ("19", "20")

    @property
    def is_percent(self) -> bool:
        return self.mag in ("%", "‰") or self.value.startswith("百分之") or bool(_TENTHS.match(self.value))

    @property
    def amount(self) -> float | None:
        """The number it states, magnitude included: "50亿" and "五十亿" are both 5e9, "3.5%" is 3.5."""
        if self.value[0].isdigit():
            return float(self.value) * _MAGNITUDE.get(self.mag, 1.0)
        if tenths := _TENTHS.match(self.value):  # "一成七" is 17%, "半成" 5%
            whole = 0.5 if tenths["tenths"] == "半" else _chinese_amount(tenths["tenths"])
            return whole * 10 + (_chinese_amount(tenths["hundredths"]) if tenths["hundredths"] else 0)
        return _chinese_amount(self.value)


@lru_cache(maxsize=4096)
def _chinese_amount(expression: str) -> float | None:
    import cn2an  # a library, not a hand-written numeral parser: 一千二百零五, 三点五, 两万

    parts = _CN_PARTS.match(expression)
    if not parts:
        return None
    magnitude, _ = split_unit(parts["unit"] or "")
    try:
        number = parts["number"] + magnitude
        if number[0] in "百千":  # "百万" is 一百万; cn2an wants the 一
            number = "一" + number
        return float(cn2an.cn2an(number.replace("两", "二"), "smart"))
    except (ValueError, KeyError):
        return None


def figures(normalised: str) -> list[Figure]:
    found = []
    for match in FIGURE.finditer(normalised):
        value = match["value"].replace(",", "")
        mag, unit = match["mag"] or "", match["unit"] or ""
        if unit in ("万", "亿") and not mag:  # "26万" read as magnitude, not as a unit
            mag, unit = unit, ""
        bare = not (match["approx"] or mag or unit)
        if bare and _is_label(normalised, match):
            continue
        quoted = bare and _quoted(normalised, match)
        found.append(Figure(value, mag, unit, bare and (quoted or bool(_NAME_AFTER.match(normalised, match.end()))),
                            quoted))
    for match in CN_FIGURE.finditer(normalised):
        if not _CN_NOT_FIGURE.match(match.group()):
            found.append(Figure(match.group(), "", ""))
    return found


# A number that opens a paragraph or list item and is followed by its dot or 、 ("161. 合标单位…", "102.\t經濟…",
# "3、推进…") labels what follows, as Hong Kong's reports number every paragraph; it counts nothing. A model that
# echoes the label ("161. 合标单位将名为「简朴房」" for "最小得有多大面积") has stated no amount.
_LABEL_END = re.compile(r"\s*[.．、](?!\d)")
_OPENS_ITEM = "。!?;:.\n"  # what may stand before an item, in matching form (norm: "；" → ";", "…" → "...")


def _is_label(normalised: str, match: re.Match[str]) -> bool:
    if not _LABEL_END.match(normalised, match.end()):
        return False
    before = match.start() - 1
    while before >= 0 and normalised[before].isspace():
        before -= 1
    return before < 0 or normalised[before] in _OPENS_ITEM


def amounts(normalised: str) -> list[Figure]:
    """The figures that state an amount: every figure but a year ("2024年" dates a claim, it counts nothing)."""
    return [f for f in figures(normalised) if not f.is_year]


# What may follow a bare number that still counts something: measure words the unit list leaves out (起 also
# means "from"), qualifiers, and the words that join a list ("26、30件", "26至30件").
_NAME_AFTER = re.compile(r"(?![起余多至到和及与或、])[\u4e00-\u9fff]")


# Quotation marks in matching form (norm keeps the curly ones and the corner brackets of Traditional text).
OPENING_QUOTES, CLOSING_QUOTES = "“\"「『", "”\"」』"


def _quoted(normalised: str, match: re.Match[str]) -> bool:
    """A number alone in quotes names a hotline or a programme ("“96178”省长直通车", "“2115”接诉即办")."""
    after = normalised[match.end() : match.end() + 1]
    before = normalised[match.start() - 1] if match.start() else ""
    return bool(before) and before in OPENING_QUOTES and bool(after) and after in CLOSING_QUOTES


def figure_unit(figure: Figure) -> str:
    """The unit after the number, for Chinese numerals too ("五十亿元" → 元)."""
    if figure.value[0].isdigit():
        return figure.unit
    parts = _CN_PARTS.match(figure.value)
    return split_unit(parts["unit"] or "")[1] if parts else ""


def split_unit(unit: str) -> tuple[str, str]:
    """"亿元" → ("亿", "元"), "万" → ("万", ""), "件" → ("", "件"): a leading 千/万/亿 is a magnitude."""
    if unit[:1] in ("千", "万", "亿") and unit not in ("千米",):
        return unit[:1], unit[1:]
    return "", unit


# Measure words that count the same things: a model writes 个 where the report says 项 or 家, 名 for 人,
# and echoes the question's 条 ("多少条建议") where the report counts 建议62件; documents are counted in 件 or
# 份 ("多少份红头文件" → "文件8件").
UNIT_GROUPS = (
    {"件", "宗", "起", "条", "份", "卷", "本", "册"}, {"人", "名", "位"},
    # 个 stands for any measure word of things: "3个" for "3栋", "5个" for "5类"
    {"个", "项", "家", "户", "所", "座", "处", "种", "类", "间", "栋", "艘", "架", "列", "只", "头", "株", "棵"},
    {"场", "场次"}, {"批", "批次"}, {"轮", "轮次"},  # "3228场" is "3228场次"
)


_GROUP_OF = {unit: sorted(group)[0] for group in UNIT_GROUPS for unit in group}


def unit_group(unit: str) -> str:
    """One name for the units that count the same things ("件" for 宗, 条 and 份 too); other units stand alone."""
    return _GROUP_OF.get(unit, unit)


def same_unit(a: str, b: str) -> bool:
    return unit_group(a) == unit_group(b)


def figure_supported(claim: Figure, available: list[Figure], normalised_support: str) -> bool:
    """A claimed figure holds when the support states the same amount, in digits or in Chinese numerals
    (五十亿元 = 50亿元 = 5000000000元); units must agree when both sides give one ("26件" vs "26宗", not
    "26人"; see UNIT_GROUPS), and a percentage only matches a percentage. Qualifiers (余/多/左右) are ignored."""
    amount = claim.amount
    if amount is None:  # an expression cn2an cannot read: it must stand as written
        return claim.value in normalised_support
    unit = figure_unit(claim)
    for figure in available:
        other = figure.amount
        if other is None or claim.is_percent != figure.is_percent:
            continue
        other_unit = figure_unit(figure)
        if unit and figure.names_a_thing:  # "12345件" does not stand on "12345服务热线"
            continue
        units_agree = not unit or not other_unit or same_unit(unit, other_unit)
        if abs(other - amount) <= 1e-9 * max(1.0, abs(amount)) and units_agree:
            return True
    return False


def coverage(claim_units: set[str], support_units: set[str], weights: dict[str, float] | None = None) -> float:
    """Share of the claim's units found in the support (optionally weighted)."""
    if not claim_units:
        return 0.0
    if weights is None:
        return len(claim_units & support_units) / len(claim_units)
    total = sum(weights.get(u, 1.0) for u in claim_units)
    return sum(weights.get(u, 1.0) for u in claim_units & support_units) / total


def is_injection(text: str) -> bool:
    return bool(INJECTION.search(norm(text)))
