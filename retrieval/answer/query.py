"""What a question asks for: its content words, whether it wants a figure, which regions/years it names,
and whether it spans several regions (one answer line per region)."""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date

from retrieval.answer.meaning import Meaning
from retrieval.answer.text import (
    CLOSING_QUOTES,
    OPENING_QUOTES,
    Figure,
    Span,
    amounts,
    clauses,
    coverage,
    figure_unit,
    figures,
    is_injection,
    norm,
    same_unit,
    sentences,
    split_unit,
    units,
)
from retrieval.regions import YEAR, places_named, region_aliases, years_in
from retrieval.terms import ADDED_AMOUNT, RELATIVE_YEARS, relative_year_words, report_words, without_question_words
from retrieval.types import Hit
from retrieval.units import CURRENCIES

_WANTS_FIGURE = re.compile(
    r"多少|几[个件项次名位人年天家条份所宗]?|比例|比率|百分|占比|率|多高|多大|规模|金额|数量|增长|增速|下降|减少|提高|"
    r"排名|第几|压缩"
)
_WANTS_RATE = re.compile(r"比例|比率|百分|占比|率(?!先|领)")  # 率先/率领 lead, they measure nothing
# A question that really asks for an amount: its answer must state one (with the unit asked, if any).
_UNIT_WORDS = (
    "万亿元|亿元|万元|元|件|宗|人次|人|名|个|项|次|家|份|条|部|所|平方公里|平方米|公里|亩|吨|公斤|千瓦|度|辆|户|天|倍|位|座|台|套|"
    "期|批"
)
# "哪几个产业" asks for a list and "好几间" says "several": neither asks for an amount.
# "多少万人次" asks for 人次 in ten-thousands: the magnitude is not the unit.
# "多少钱", "几块钱": money, in 元 whatever the magnitude ("64.5亿元"), never a count ("1500余份").
# 多少/几 asking, not in words of time ("这几年", "近几年", "十几年来", "几年内", "多少年来", "几年前"),
# nor "几乎", "几十".
_HOW_MANY = r"(?:多少(?!年[来前后间])|(?<![哪好这近前去十])几(?!乎|十|年[来内里前后间]))"
# "连续多少年", "坚持了几年": a count of years.
_YEARS_COUNTED = r"年(?![来内里前后间度底初末中])"
_ASK = re.compile(
    rf"{_HOW_MANY}(?:万|亿|千|百)?(?:(?P<unit>{_UNIT_WORDS}|{_YEARS_COUNTED})|(?P<money>块?钱))?|多高|多大|第几|比例|"
    r"比率|占比|比重"
)
_FILLER = r"(?:的|是|有|为|了|共|都|达|到|达到|一共|具体|大约|大概)+"
_HEAD_TRIM = re.compile(rf"^{_FILLER}|{_FILLER}$")
_REPORT_YEAR = re.compile(r"(?<!\d)((?:19|20)\d\d)年(?:的)?(?:国务院|香港)?(?:政府工作报告|施政报告|工作报告|报告)")
_CN_YEAR_DIGITS = ("零一二三四五六七八九", "〇一二三四五六七八九")
# The State Council's reports: next to another region "全国" is a comparison ("和全国比"), not a scope.
NATIONAL = {"全国", "中国", "中华人民共和国"}
# What stands now: "现在一共有多少公里", "目前持证执法的人员总数". 一共/共有 alone are not: "去年一共建了多少个基站"
# counts what was built in a year, which reports write "新建5G基站…".
_STANDING = re.compile(r"现在|目前|如今|眼下|当前|至今|截至目前|截止目前|现有|总数|保有量|总规模")
# …unless what was added is asked: "现在每年新增多少", "目前比去年多了多少".
_ASKS_ADDED = re.compile(r"新[增建开上设批投通修认培引登招办添]|净增|增加|增长|多了|涨了|添了|加了")
_WANTS_PLACE = re.compile(r"哪(?:个|些|几个)?(?:地区|地方|省份|省|市|县|区|城市|地)")
_ALL_PLACES = re.compile(r"哪些(?:地区|地方|省份|省|市|县|区|城市)|各地|各省|各市|各区|各县|哪几个(?:地区|省|市|县|区)")
_CJK_CHAR = re.compile(r"[\u3400-\u9fff]")
CHAR_SHARE = 0.25  # weight of character coverage next to bigram coverage (measured on the dev set)
HEAD_THRESHOLD = 0.3  # coverage of "what is asked about" required next to the answering figure
SHORT_SENTENCE = 40  # sentences up to this length are quoted whole
# "去年同期" is still 去年, "过去年份" is not; a year the asker wrote after it ("去年（2025年）") is theirs to keep.
# "三年前", "5年前": years counted back from now (not "十三年前后", "近三年", "三年前的目标" is still a year)
_RELATIVE_YEAR = re.compile(
    rf"({relative_year_words({'去年': '(?<!过)', '后年': '(?<![前大])'})}"
    r"|(?<![\d〇一二三四五六七八九十两])(?:[一二两三四五六七八九十]|\d{1,2})年前(?!后))"
    r"(?:[（(](\d{4})年?[）)])?"
)
_CONJUNCTION = re.compile(r"和|与|及|、|分别|各")
# Several amounts in one answer (``Query.several``). "各级法院…多少件", "各地…" say "every", not "each its own".
_EACH = re.compile(r"分别|各(?![级类地省市区县项部门界族种])[\u4e00-\u9fff]{0,6}?(?:多少|几)")
# Interrogatives, not the nouns beside them ("比例是多少" asks once), nor time ("这几年", "十几年来", "几年内").
_INTERROGATIVE = re.compile(rf"{_HOW_MANY}|多高|多大")
# A conjunction between two things counted ("建议和提案"), not inside a word ("参与", "涉及", "普及") or a
# comparison ("与上年相比").
_JOINED = re.compile(r"[\u4e00-\u9fff]{2}(?:和|与|及|、)[\u4e00-\u9fff]{2}")
_NOT_JOINING = re.compile(r"参与|涉及|普及|及时|以及|和谐|[与和同比](?:上年|去年|全国|同期)")


@dataclass(frozen=True)
class Query:
    question: str
    normalised: str
    units: frozenset[str]  # content units of the question (framing and region names removed)
    chars: frozenset[str]  # its CJK characters
    wants_figure: bool
    wants_rate: bool
    wants_place: bool  # the answer is a region ("哪个地区…")
    regions: tuple[str, ...] = ()  # indexed regions the question names
    places: tuple[str, ...] = ()  # places it names that are not indexed regions ("利州区", "澳门")
    years: tuple[int, ...] = ()
    multi: bool = False  # one answer line per region (or per year)
    facets: tuple[tuple[str, str | int], ...] = field(default=())  # ("region", name) / ("year", 2015)
    asks_amount: bool = False  # 多少/几/多高/比例…: the answer must contain a figure
    counts_a_thing: bool = False  # "来了多少外国游客": an amount of a thing named right after 多少, never a percentage
    asks_standing: bool = False  # "现在有多少座智能化煤矿": what stands now, not what was added ("新建…60座")
    several: bool = False  # more than one amount in one part ("城里和农村的低保各发多少钱"): see several.py
    unit: str = ""  # the unit asked for ("多少件" → 件)
    head: str = ""  # what is counted or measured ("多少件法律援助案件" → 法律援助案件)
    report_year: int | None = None  # "2015年国务院政府工作报告…": the report of that year, not others
    # The question in the words reports use ("经济增速" → "生产总值增长", terms.report_words), when they differ:
    # a sentence may match either wording.
    report_units: frozenset[str] = frozenset()
    report_chars: frozenset[str] = frozenset()
    report_head: str = ""
    asked: str = ""  # as the user wrote it ("北京去年…", where ``question`` says "北京2025年…"); answers echo it
    names: tuple[str, ...] = ()  # programmes and platforms it quotes by name ("“湘易办”", "“96178”省长直通车")


def analyse(question: str, regions_in: Callable[[str], set[str]] | None = None,
            today: date | None = None) -> Query:
    """``today`` dates 去年/今年/前年/明年 (default: the real date): "去年" asked in 2026 is 2025."""
    asked, question = question, date_relative_years(question, (today or date.today()).year)
    normalised = norm(question)
    named = set(regions_in(normalised)) if regions_in else set()
    if named - NATIONAL or _WANTS_PLACE.search(normalised):  # "和全国比", "在全国最先…": not a scope
        named -= NATIONAL
    regions = tuple(sorted(named, key=lambda r: (_position(normalised, r), r)))  # in the question's order
    years = tuple(sorted(years_in(normalised)))
    stripped = normalised
    for region in regions:  # region names are matched through metadata, not through passage words
        for alias in sorted(region_aliases(region), key=len, reverse=True):
            stripped = stripped.replace(alias, " ")
    content = without_question_words(stripped)  # question words carry no content: no passage says "多少"
    ask = _asked(stripped)
    head = _head(stripped, ask) if ask else ""
    reworded, reworded_head = report_words(content), report_words(head)
    if reworded == content:
        reworded = ""  # nothing to reword: one wording only
    multi_cue = bool(_CONJUNCTION.search(normalised))
    facets: tuple[tuple[str, str | int], ...] = ()
    if len(regions) >= 2 and multi_cue:
        facets = tuple(("region", r) for r in regions)
    elif len(years) >= 2 and re.search(r"分别|各", normalised):
        facets = tuple(("year", y) for y in years)
    return Query(
        question=question,
        normalised=normalised,
        units=frozenset(units(content)),
        chars=frozenset(_CJK_CHAR.findall(content)),
        wants_figure=bool(_WANTS_FIGURE.search(normalised)),
        wants_rate=bool(_WANTS_RATE.search(normalised)),
        wants_place=bool(_WANTS_PLACE.search(normalised)),
        regions=regions,
        places=tuple(p for p in places_named(normalised) if not (regions_in and regions_in(p))),
        years=years,
        multi=bool(facets) or bool(_ALL_PLACES.search(normalised)),
        facets=facets,
        asks_amount=bool(ask),
        counts_a_thing=bool(ask) and not (ask["unit"] or _WANTS_RATE.search(normalised)) and _counts_a_thing(stripped),
        asks_standing=bool(ask) and bool(_STANDING.search(normalised)) and not _ASKS_ADDED.search(normalised),
        several=bool(ask) and not (facets or _ALL_PLACES.search(normalised)) and _asks_several(stripped, head),
        unit=(ask["unit"] or ("元" if ask["money"] else "")) if ask else "",
        head=head,
        report_year=int(m.group(1)) if (m := _REPORT_YEAR.search(normalised)) else None,
        report_units=frozenset(units(reworded)),
        report_chars=frozenset(_CJK_CHAR.findall(reworded)),
        report_head=reworded_head if reworded_head != head else "",
        asked=asked,
        names=quoted_names(normalised),
    )


# A name in quotes: "“湘易办”", "「简朴房」". Longer quoted phrases describe rather than name ("“群众最不满意执法问题”
# 整改" is written "人民群众最不满意行政执法突出问题" in the report), and a plan period ("十四五") is a time.
_QUOTED = re.compile(rf"[{OPENING_QUOTES}]([^{CLOSING_QUOTES}]{{2,8}})[{CLOSING_QUOTES}]")
_PLAN_PERIOD = re.compile(r"[一二三四五六七八九十]{1,3}五")


def quoted_names(normalised: str) -> tuple[str, ...]:
    """Programmes and platforms the question quotes by name: the answer must be about them (citations.Verifier)."""
    return tuple(n for n in _QUOTED.findall(normalised) if not _PLAN_PERIOD.fullmatch(n))


def _asks_several(stripped: str, head: str) -> bool:
    """More than one amount in one part: 各/分别 before the ask ("各发多少钱"), two interrogatives ("从多少涨到
    了多少"), or a conjunction in what is counted ("多少件建议和提案"). Questions over several regions or years
    are not: their parts answer them one amount each."""
    if _EACH.search(stripped) or len(_INTERROGATIVE.findall(stripped)) >= 2:
        return True
    return bool(_JOINED.search(_NOT_JOINING.sub(" ", head)))


def date_relative_years(question: str, this_year: int) -> str:
    """"北京去年PM2.5…" → "北京2025年PM2.5…": the year replaces the relative word for search (a passage about 2025),
    for the year check of evidence and for the model, which cannot know today's date. The word is not kept beside
    the year: shown "朝天区前年（2024年）…" with a report headed 2024, the bundled model doubts that the report
    answers, as if 前年 counted from 2024 (the judge's vote on the train split's relative-year questions,
    docs/benchmarks.md)."""
    def dated(match: re.Match[str]) -> str:
        said = match.group(1)
        back = -_years_back(said[:-2]) if said.endswith("年前") else RELATIVE_YEARS[said]
        return f"{match.group(2) or this_year + back}年"

    return _RELATIVE_YEAR.sub(dated, question)


def _year_forms(year: int) -> list[str]:
    """How a year is written: "2001", "二零零一", "二〇〇一"."""
    digits = str(year)
    return [digits] + ["".join(table[int(d)] for d in digits) for table in _CN_YEAR_DIGITS]


def _years_back(count: str) -> int:
    """"三" → 3, "10" → 10, "两" → 2 (the count of "三年前")."""
    import cn2an  # as answer.text reads Chinese numerals

    return int(cn2an.cn2an(count.replace("两", "二"), "smart"))


def year_in_title(year: int, title: str) -> bool:
    """Reports are named by the year they are delivered ("2015年…报告", "一九九七年施政報告"); their
    metadata year is the year they cover, usually the one before."""
    normalised = norm(title)
    return any(f"{form}年" in normalised for form in _year_forms(year))


def mentions_year(hit: Hit, year: int) -> bool:
    """The passage or its report is about ``year``: the year in its text (in digits or 二〇〇一 form), its
    title, or the year it covers. A question about 2021 is not answered by a passage about 2020."""
    if hit.passage.year == year or year_in_title(year, hit.passage.title or ""):
        return True
    text = norm(hit.passage.text)
    return any(form in text for form in _year_forms(year))


def part_years(query: Query, region: str) -> tuple[int, ...]:
    """The years the question asks of ``region``. When it says a year beside each of several regions ("朝天区2024那年和
    仲恺高新区2023那年各…", "2024年朝天区和2023年仲恺…"), each year is the region's whose name stands nearest to it;
    otherwise every region is asked all the years named ("河南和山东2025年各…"). With both years, a part would judge
    仲恺's 2023 report as asked about 2024, the year after it, and want a target."""
    text = query.normalised
    spans = {r: _name_span(text, r) for r in query.regions}
    spans = {r: span for r, span in spans.items() if span}
    owned: dict[str, set[int]] = {}
    for match in YEAR.finditer(text) if spans else ():
        start, end = match.start(), match.end() + text.startswith("年", match.end())  # "2023年仲恺": 年 binds left
        gaps = {r: max(name_start - end, start - name_end, 0) for r, (name_start, name_end) in spans.items()}
        owned.setdefault(min(gaps, key=gaps.__getitem__), set()).add(int(match.group()))
    if len(owned) < 2:
        return query.years
    return tuple(sorted(owned.get(region, ()))) or query.years


def _name_span(normalised: str, region: str) -> tuple[int, int] | None:
    """Where the question first names ``region`` (by its longest alias there)."""
    found = [(normalised.find(alias), len(alias)) for alias in region_aliases(region) if alias in normalised]
    if not found:
        return None
    start, length = min(found, key=lambda f: (f[0], -f[1]))
    return start, start + length


def _position(normalised: str, region: str) -> int:
    span = _name_span(normalised, region)
    return span[0] if span else len(normalised)


# "多少外国入境游客", "几座煤矿", "多少钱": what follows 多少 is the thing counted, so the answer is an amount of it;
# "多少了", "多少左右", "多少个百分点", "有多少是…", "占…多少" ask a rate or leave it open.
_COUNTED_THING = re.compile(
    r"(?:多少|(?<![哪好])几(?!乎))(?:万|亿|千|百)?"
    r"(?!个?百分|个点|成|倍|左右|以上|上下|了|呢|吗|啊|呀|的|是|增长|增速|增幅|涨)[\u4e00-\u9fff]"
)


def _asked(stripped: str) -> re.Match[str] | None:
    """What the question asks: its first interrogative, unless that is a share word and a later one names a unit:
    "…安全的比例已经连续多少年不低于98%" asks a number of years, not a percentage."""
    asks = list(_ASK.finditer(stripped))
    if not asks:
        return None
    if asks[0][0] in ("比例", "比率", "占比", "比重"):
        return next((a for a in asks if a["unit"] or a["money"]), asks[0])
    return asks[0]


def _counts_a_thing(stripped: str) -> bool:
    return bool(_COUNTED_THING.search(stripped)) and "占" not in stripped  # "占全国多少": a share


def _head(stripped: str, ask: re.Match[str]) -> str:
    """The thing asked about: the words after "多少件…" up to the clause end, else the last words before
    "…是多少" / "…的比例"."""
    after = re.split(r"[,，?？。;；]", stripped[ask.end() :])[0]
    after = _HEAD_TRIM.sub("", without_question_words(after, "").strip())
    if len(_CJK_CHAR.findall(after)) >= 2:
        return after[:12]
    before = re.split(r"[,，?？。;；\s]|\d+年", stripped[: ask.start()])[-1]
    before = _HEAD_TRIM.sub("", without_question_words(before, ""))
    tail = before.rsplit("的", 1)[-1]  # "热线服务的群众满意度" → "群众满意度"
    return tail if len(tail) >= 3 else before[-8:]


# 个 is the general measure word: "几个案子" is answered by "7件", "多少个就业" by "5.1万人", but not by money,
# lengths, areas, weights or durations.
_MONEY = {"元", *CURRENCIES}
_MEASURES = {*_MONEY, "公里", "千米", "米", "平方公里", "平方米", "亩", "吨", "斤", "天", "小时", "年", "月", "日",
             "倍"}


# Asked in the general counters, people accept the report's more specific ones: "几次常务会学法" is answered by
# "召开两期常务会学法", "多少条提问" by "回答了139项质询", "多少条惠企政策" by "惠企政策事项161项" (as 个 stands for
# any measure word of things, below).
_GENERAL_COUNTERS = {"次": {"期", "场", "场次", "轮", "轮次", "批", "批次", "届"}, "条": {"项"}}

# The measure words reports leave out after 万 or 亿: people and money.
_ELIDED = {"人", "人次", "名", "位", *_MONEY}


def unit_matches(asked: str, found: str) -> bool:
    """"亿元" asked is answered by "50亿元" (magnitude 亿, unit 元); "件" by "宗" (see UNIT_GROUPS)."""
    asked, found = split_unit(asked)[1], split_unit(found)[1]
    if not asked or asked == found:
        return True
    if asked == "元":  # "多少钱": any currency ("687亿美元")
        return found in _MONEY
    if asked == "个":
        return bool(found) and found not in _MEASURES
    if found == "个":  # the general measure word counts what "多少件事项" asks for ("上线事项43个")
        return asked not in _MEASURES
    return same_unit(asked, found) or found in _GENERAL_COUNTERS.get(asked, ())


def asks_for(query: Query, figure: Figure, unit_optional: bool = False) -> bool:
    """Whether ``figure`` is an amount of the kind the question asks for: never a year; the unit asked
    ("多少件" → 件, 宗, 起); a percentage for "…率/比例是多少" that names no unit; any amount otherwise.
    ``unit_optional``: a bare number ("290000" for "多少家") fits too; it does not contradict the question."""
    if figure.is_year or figure.quoted_name:  # "“2115”接诉即办": a name, not an amount
        return False
    if query.unit:
        unit = figure_unit(figure)
        if not unit and not figure.is_percent and (unit_optional or query.unit == "倍"
                                                   or (figure.mag and split_unit(query.unit)[1] in _ELIDED)):
            # a ratio is written bare as often as in 倍 ("收入比由3.27缩小至2.93"), and after a magnitude reports
            # leave out 人 and 元 ("用户突破3500万" for "多少人在用", "营收3000亿")
            return True
        return unit_matches(query.unit, unit)
    if query.wants_rate:
        return figure.is_percent
    return not (query.counts_a_thing and figure.is_percent)


@dataclass(frozen=True)
class ScoredSpan:
    span: Span  # offsets in the passage text
    score: float
    coverage: float
    has_figure: bool
    answers: bool = True  # states what the question asks for (an amount of the thing asked about)


class SpanScorer:
    """Scores sentences and clause windows of passages against a question.

    Units are weighted by inverse frequency among the candidate sentences, so words every passage shares
    ("行政", "2024") count less than the specific ones ("学法", "复议").
    """

    def __init__(self, query: Query, texts: Iterable[str], max_span_chars: int = 90,
                 length_penalty: float = 0.0015, meaning: Meaning | None = None, meaning_weight: float = 0.0) -> None:
        self.query = query
        self.max_span_chars = max_span_chars
        self.length_penalty = length_penalty
        texts = list(texts)
        # Closeness in meaning (the embedding model) next to shared words: users word things their own way.
        self.meaning = meaning if meaning_weight > 0 else None
        self.meaning_weight = meaning_weight
        if self.meaning is not None:
            self.meaning.prepare(texts)
        pool = [units(norm(s.text)) for text in texts for s in sentences(text)]
        self.weights = _idf(query.units | query.report_units, pool)
        self.char_weights = _idf(query.chars | query.report_chars, [set("".join(p)) for p in pool])

    def coverage(self, normalised: str) -> float:
        """Weighted bigram coverage, plus a little character coverage: reports abbreviate what questions
        spell out (网上办理 → 网办), which bigrams alone miss."""
        query = self.query
        return max(_blended_coverage(query.units, query.chars, normalised, self.weights, self.char_weights),
                   _blended_coverage(query.report_units, query.report_chars, normalised, self.weights,
                                     self.char_weights))

    def score(self, text: str) -> tuple[float, float, bool]:
        normalised = norm(text)
        cov = self.coverage(normalised)
        found = amounts(normalised)
        bonus = 0.0
        if self.query.wants_rate:  # "…率是多少": a percentage, not any count next to the word
            bonus += 0.15 if any(f.is_percent for f in found) else (0.0 if found else -0.1)
        elif self.query.wants_figure:  # "几期": "在线访谈7期", not the "办结161件" beside it
            readable = amounts(_standing(self.query, normalised)) if self.query.asks_standing else found
            asked = any(asks_for(self.query, f) for f in readable)
            bonus += 0.1 if asked else (0.0 if found else -0.1)
        if self.meaning is not None:
            bonus += self.meaning_weight * self.meaning.lift(text)
        return cov + bonus - self.length_penalty * len(text), cov, bool(found)

    def candidates(self, passage_text: str) -> list[ScoredSpan]:
        """Whole sentences when short, else windows of consecutive clauses up to ``max_span_chars``."""
        out: list[ScoredSpan] = []
        for sentence in sentences(passage_text):
            if is_injection(sentence.text):
                continue
            if len(sentence.text) <= SHORT_SENTENCE:
                windows = [sentence]
            else:  # the clauses that answer, not the whole list of achievements around them
                windows = list(_clause_windows(passage_text, clauses(sentence), self.max_span_chars))
            for window in windows:
                score, cov, has_figure = self.score(window.text)
                out.append(ScoredSpan(window, score, cov, has_figure, self.answers(window.text)))
        return out

    def best(self, passage_text: str) -> ScoredSpan | None:
        """The best span that answers the question, else the best span at all (answers=False)."""
        found = self.candidates(passage_text)
        return max(found, key=lambda s: (s.answers, s.score, -s.span.start)) if found else None

    def answers(self, text: str) -> bool:
        """For "多少/几/比例" questions: a figure (of the unit asked; a percentage for rates) stands next to
        the words of what is asked about. "办理案件3838宗" does not answer "多少件法律援助案件"."""
        query = self.query
        if not query.asks_amount:
            return True
        parts = [norm(c.text) for c in clauses(Span(0, len(text), text))] or [norm(text)]
        heads = [h for h in (query.head, query.report_head) if h]
        for i, part in enumerate(parts):
            if not any(asks_for(query, f) for f in figures(_standing(query, part))):
                continue
            if not heads:
                return True
            near = "".join(parts[max(0, i - 1) : i + 2])
            if max(_blended_coverage(units(h), set(_CJK_CHAR.findall(h)), near) for h in heads) >= HEAD_THRESHOLD:
                return True
        return False


def _standing(query: Query, normalised: str) -> str:
    """Asked what stands now, the text without the amounts it says were added ("新增运营里程30公里")."""
    return ADDED_AMOUNT.sub(" ", normalised) if query.asks_standing else normalised


def _blended_coverage(wanted_units: Iterable[str], wanted_chars: Iterable[str], normalised: str,
                      weights: dict[str, float] | None = None, char_weights: dict[str, float] | None = None) -> float:
    """Bigram coverage with a share of character coverage (CHAR_SHARE); 0 for nothing wanted."""
    bigrams = coverage(set(wanted_units), units(normalised), weights)
    chars = coverage(set(wanted_chars), set(normalised), char_weights)
    return (1 - CHAR_SHARE) * bigrams + CHAR_SHARE * chars


def _idf(keys: Iterable[str], pool: list[set[str]]) -> dict[str, float]:
    n = len(pool) or 1
    return {k: math.log(1.0 + n / (1.0 + sum(1 for p in pool if k in p))) for k in keys}


def _clause_windows(text: str, parts: list[Span], limit: int) -> Iterable[Span]:
    for i in range(len(parts)):
        for j in range(i, len(parts)):
            start, end = parts[i].start, parts[j].end
            if end - start > limit and j > i:
                break
            yield Span(start, end, text[start:end])
