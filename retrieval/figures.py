"""Figures as written in a sentence, with the words that say what each one measures and what kind it is.

    for figure in read_figures("粮食产量1350.97亿斤，今年粮食产量1300亿斤以上"):
        figure.value, figure.label, figure.kind     # "1350.97亿斤", "粮食产量", "actual"; "1300亿斤以上" … "target"

Everything works on the original characters (full-width digits, Traditional script), so ``value`` always
appears verbatim in the sentence. The kind is read from cue words around the figure, because reports put the
past year's result, the coming year's target, five-year totals and yearly averages in the same paragraphs:
- target: 左右/以上/以内 after it, a range ("4.5-5%"), or 目标/预期/力争/今年/到2030年… before it in the sentence;
  a five-year plan's goal ("“十五五”时期主要目标任务") carries the plan's last year, so it is not the coming year's;
- cumulative: 累计/五年来/十四五/连续N年… before it; average: 年均/平均每年 in its own clause, or 平均/均值 where the
  sentence or paragraph looks back over several years (a plain 平均为 in a year's review is the year's figure);
- in the part of a review that covers several years (``multi_year_parts``: from "过去的五年…" to "刚刚过去的2025年…"),
  a flow (新增, 新建…) is the period's total and "about X" (左右) no one year's figure; a level stays the last year's.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass

from retrieval.intent import FigureKind
from retrieval.regions import years_in
from retrieval.terms import ROUND_MARK
from retrieval.units import COMPARISON_READER_UNITS, NOT_A_UNIT_BEFORE, TRADITIONAL, alternation

_DIGIT = r"[0-9０-９]"
_NUMBER = rf"{_DIGIT}+(?:[,，]{_DIGIT}{{3}})*(?:[.．]{_DIGIT}+)?"
_MAGNITUDE = r"万亿|萬億|亿|億|万|萬|千"
# Units and their Traditional spellings, from the one list (retrieval.units: what this reader leaves out, and why);
# not 份额, 部门, 期间, 台阶 (NOT_A_UNIT_BEFORE).
_UNIT = alternation(COMPARISON_READER_UNITS, spellings=TRADITIONAL, not_before=NOT_A_UNIT_BEFORE)
FIGURE_RE = re.compile(
    # a range: "4.5-5%", and with the unit written twice, "6.5%—7%" (one target, not two figures)
    rf"(?<![0-9０-９.．])(?P<number>{_NUMBER}(?:\s*(?:[-~～—至到]|[%％]\s*[-~～—–至])\s*{_NUMBER}(?![0-9０-９.．]*\s*年))?)\s*"
    rf"(?P<approx>余|餘|多)?\s*"
    rf"(?P<mag>{_MAGNITUDE})?(?P<unit>{_UNIT})?(?P<after>左右|以上|以内|以內|以下|上下)?"
)
# "百分之五", "百分之三点一": percentages in words (Hong Kong's policy addresses write them so).
CN_PERCENT_RE = re.compile(r"百分之[零〇一二两三四五六七八九十点點]+")
_CN_DIGITS = {c: i for i, c in enumerate("零一二三四五六七八九")} | {"〇": 0, "两": 2}
_CLAUSE_END = re.compile(r"[，,；;。！？!?：:\n]")
_PERCENT = ("%", "％")
# Target cues: strong ones anywhere before the figure in its sentence ("主要预期目标是：…，粮食产量1300亿斤"),
# weak ones only in its own clause or right after it ("按增长5%安排"): "聚焦…目标任务体系" opens many a review.
_TARGET_SENTENCE = re.compile(
    r"预期目标|預期目標|主要目标|主要目標|目标是|目標是|目标为|目標為|今年|明年|力争|力爭|到20\d\d年"
)
# 建议 proposes, but a deputy's 建议 is what was handled ("办理市人大代表建议1256件")
_TARGET_CLAUSE = re.compile(
    r"目标|目標|确保|確保|争取|爭取|安排|(?<!代表)(?<!委员)(?<!委員)建[议議]|预计|預計|预测|預測"
)
_TARGET_NEXT = re.compile(r"^[^，,；;。]{0,3}(?:安排|为目标|的目标|作为目标)")
# Headings of the forward-looking parts of a report ("三、2026年重点工作安排", "二、“十五五”时期主要目标任务").
_TARGET_SECTION = re.compile(r"十五五|目标任务|工作安排|下一步|打算|展望")
# What adds up over the years (new jobs, farmland built, money raised, cases handled, laws put to the congress), unlike
# a level or a rate
_FLOW = re.compile(
    r"新增|新建|新开工|新開工|新改建|累计|累計|引进|引進|招引|发放|發放|减税|減稅|降费|降費|改造|建成|培育|转移|"
    r"办理|辦理|办结|辦結|受理|审结|審結|化解|建设|建設|提请|提請|制定|制修订|制修訂"
)
# The words right before a figure that make it a change ("增长34.3%", "提高1.16岁"), not a level.
CHANGED_BY = re.compile(r"(?:增长|增長|增速|增幅|提高|提升|上升|上涨|下降|降低|减少|減少|扩大|擴大|增加|缩小|縮小)$")

# Headings of a report's review: "一、2025年工作回顾…", "…2025年主要工作和“十四五”发展成就", "…工作总结".
_REVIEW_SECTION = re.compile(r"回顾|回顧|成就|成绩|成績|总结|總結")
_TARGET_SECTION_STRICT = re.compile(r"目标任务|目標任務|工作安排|重点工作|重點工作|打算")
# A period of several years heads a whole sentence ("五年来，…", "近两年来…审核675件": two years'); a total's verb
# (累计, 共计) heads its own clause only: "“医检互认”累计为群众节省…，人均预期寿命…达到79.72岁" states a level.
_PERIOD = re.compile(
    r"五年来|五年來|五年间|五年間|过去五年|過去五年|十[三四]五”?(?:时期|時期|期间|期間)|"
    r"[两兩二三四五六七八九十]年(?:来|來|间|間)|近[两兩二三四五六七八九十]年|"
    r"(?<![0-9])[2-9两兩二三四五六七八九十]年(?=增|提|下降|降低|减少|減少|扩大|擴大|累计|累計|共)"  # "5年增长18.7%"
)
_CUMULATIVE = re.compile(rf"累计|累計|共计|共計|总计|總計|{_PERIOD.pattern}")
# Recurrence says how often its own clause's action happens ("每年新增…", "连续5年…"), not that a figure of a later
# clause is a total: "每年精心实施民心工程，…，人均预期寿命达到82.58岁" states the year's level.
_RECURRING = re.compile(r"每年|连续[0-9一二三四五六七八九十]+年|連續[0-9一二三四五六七八九十]+年")
# Cues that make a whole paragraph a multi-year review ("五年来，…"); "连续37年居全国首位" in a sentence before
# says how long a ranking held, not that the paragraph's figures are totals.
_CUMULATIVE_PARAGRAPH = re.compile(
    r"五年来|五年來|五年间|五年間|过去五年|過去五年|这五年|這五年|的五年|十[三四]五”?(?:时期|時期|期间|期間)"
)
# "从874.6亿元增加到1112.4亿元": the first figure is where a change started, never the figure itself.
_CHANGE_VERB = r"增加|提高|提升|上升|下降|增长|增長|扩大|擴大|减少|減少|降低|回落|回升|[增升降涨漲跌减減]"
_CHANGE_TO = re.compile(rf"^\s*(?:{_CHANGE_VERB})?(?:到|至)")
_FROM = re.compile(r"[从從由]")
# The figure a change went to: "从27136元增长到", "由2.57万元增加到", "从2020年的53.2%提升到2025年的".
_END_POINT = re.compile(rf"[从從由][^，,；;。]*?(?:{_CHANGE_VERB})(?:到|至)(?:(?:19|20)\d\d年(?:底|末)?的?)?$")
# The year under review, named in the sentence: its figures are actual even inside a five-year paragraph.
_THIS_YEAR = re.compile(r"一年来|一年來|过去一年|過去一年|去年|全年")
# An average over years (年均增长5.2%, 平均每年…) is never the year's figure; a plain average (城镇调查失业率平均为5.2%,
# 均值5.2%) in a year's review is the average over the year's months — the year's rate — unless the sentence
# or paragraph looks back over several years.
# not "PM2.5年均浓度" (the year's mean concentration, an indicator of its own)
_AVERAGE_OVER_YEARS = re.compile(
    r"年(?:均|平均)(?!浓度|濃度)|平均每年|每年平均|平均增长|平均增長|平均增速|平均递增|平均遞增"
)
_AVERAGE_CLAUSE = re.compile(r"平均|均值")
_DONE = re.compile(r"已经|已經|已达|已達")
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
    topic: str = ""  # the subject carried over from the figure before ("国内生产总值达到" for "，增长6.7%")


@dataclass(frozen=True)
class Setting:
    """Where a sentence stands: its heading chain, the paragraph before it and the year its report covers."""

    section: str = ""
    paragraph_before: str = ""
    covered_year: int | None = None
    over_years: bool = False  # the paragraph stands in a review's multi-year part (see ``multi_year_parts``)


def read_figures(sentence: str, setting: Setting = Setting(), context_chars: int = 24) -> list[SentenceFigure]:
    """Every figure with a unit or magnitude in ``sentence`` (bare numbers and years are skipped)."""
    found: list[SentenceFigure] = []
    passed: set[int] = set()  # round thresholds: they name the subject of the figure after them, but are no answer
    matches = sorted([*FIGURE_RE.finditer(sentence), *CN_PERCENT_RE.finditer(sentence)], key=lambda m: m.start())
    for match in matches:
        if match.re is CN_PERCENT_RE:
            found.append(_figure(sentence, match.start(), match.end(), "", found, setting, context_chars,
                                 _cn_number(match.group()[3:]), "%"))
            continue
        mag, unit = match["mag"] or "", match["unit"] or ""
        if not (mag or unit) or _is_year(match, sentence) or _starting_level(sentence, match):
            continue
        if _threshold(sentence, match) or _MILESTONE.match(sentence, match.end()):
            passed.add(len(found))
        end = (match.end("unit") if unit else match.end("mag")) + len(match["after"] or "")
        found.append(_figure(sentence, match.start(), end, match["after"] or "", found, setting, context_chars,
                             _number(match["number"]), mag + unit, match["number"]))
    return [figure for i, figure in enumerate(_respectively(sentence, found)) if i not in passed]


_RESPECTIVELY = re.compile(r"分别|分別|依次")
_LIST_SEPARATOR = re.compile(r"[、和与與及]")
_PART_OF_LIST = re.compile(r"^(?:其中|对(?!外)|對(?!外))")


def _respectively(sentence: str, found: list[SentenceFigure]) -> list[SentenceFigure]:
    """"规上工业增加值、规上服务业营收分别增长6.5%和7%": the n-th figure after 分别 measures the n-th item
    listed before it, so each gets its own item as label."""
    by_clause: dict[int, list[int]] = {}
    for i, figure in enumerate(found):
        by_clause.setdefault(_clause_start(sentence, figure.start), []).append(i)
    result = list(found)
    for clause_start, members in by_clause.items():
        first = found[members[0]]
        cue = _RESPECTIVELY.search(sentence, clause_start, first.start)
        if len(members) < 2 or cue is None:
            continue
        items = [i.strip() for i in _LIST_SEPARATOR.split(sentence[clause_start : cue.start()]) if i.strip()]
        if len(items) != len(members):
            continue
        items = _with_shared_head(items)
        part = _PART_OF_LIST.match(items[0])
        if part:  # "对东盟、欧盟进出口分别增长…": 对 (or 其中) governs every item, each names a part
            items = [items[0], *(item if item.startswith(part.group()) else part.group() + item for item in items[1:])]
        verb = sentence[cue.end() : first.start]
        for item, i in zip(items, members, strict=True):
            result[i] = dataclasses.replace(found[i], label=f"{item.strip()}{verb}")
    return result


def _with_shared_head(items: list[str]) -> list[str]:
    """"城镇居民、农村居民人均可支配收入", "粮食、棉花产量": the head the last item ends with is every item's
    ("城镇居民人均可支配收入", "粮食产量")."""
    first, last = items[0], items[-1]
    overlap = next((last.find(first[-n:]) + n for n in range(len(first), 1, -1) if first[-n:] in last), None)
    if overlap is None:
        overlap = len(first) if len(first) <= 2 else len(last)  # "城镇、农村居民…": a two-character modifier
    head = last[overlap:]
    if len(head) < 2:
        return items
    return [item if item.endswith(head) else item + head for item in items[:-1]] + [last]


def _figure(sentence: str, start: int, end: int, after: str, found: list[SentenceFigure], setting: Setting,
            context_chars: int, number: float | None, unit: str, digits: str = "") -> SentenceFigure:
    clause_start = _clause_start(sentence, start)
    label, topic = _label(sentence, clause_start, found[-1] if found else None, start, unit)
    return SentenceFigure(
        value=sentence[start:end],
        number=number,
        unit=unit,
        start=start,
        end=end,
        label=label,
        context=sentence[max(0, start - context_chars) : start],
        kind=(kind := _kind(sentence, start, end, clause_start, after, digits, setting)),
        years=tuple(sorted(years_in(_ascii_digits(_BASE_YEAR.sub("", sentence[clause_start:start]))))) or _plan_end(
            kind, sentence[:start], setting),
        topic=topic,
    )


# A five-year plan's goals ("二、“十五五”时期主要目标任务", "今后五年…"): a target for the plan's last year, not
# the coming year's ("城镇新增就业500万人以上" over 2026–2030 beside this year's "110万人以上").
_PLAN = re.compile(r"十([三四五六七])五”?(?:时期|時期|期间|期間|末)|(?:今后|今後|未来|未來)五年")
_PLAN_LAST_YEAR = {"三": 2020, "四": 2025, "五": 2030, "六": 2035, "七": 2040}


def _plan_end(kind: FigureKind, before: str, setting: Setting) -> tuple[int, ...]:
    """The plan's last year for a target under a five-year plan's heading or cue, else ()."""
    if kind != "target":
        return ()
    # the nearest cue wins: the sentence, then the paragraph, then the heading
    coming = str(setting.covered_year + 1) if setting.covered_year else "-"
    for text in (before, setting.paragraph_before, setting.section):
        if coming in text:  # "2026年主要预期目标": the coming year's, whatever plan it opens
            return ()
        cues = list(_PLAN.finditer(text))
        if cues:
            numeral = cues[-1].group(1)
            if numeral:
                return (_PLAN_LAST_YEAR[numeral],)
            return (setting.covered_year + 5,) if setting.covered_year else ()
    return ()


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


# Words that say how a figure changed or stands, not what it measures: "比上年增长", "同比下降", "已依法予以受理".
_NAMES_NOTHING = re.compile(
    r"[、，,\s]|增长|增長|达到|達到|达|達|為|为|是|增加|下降|突破|超过|超過|比上年|比去年|较上年|較上年|同比|上年|"
    r"共|其中|实现|實現|完成|全年|已经|已經|已|依法|予以|分别|分別"
)


def _label(sentence: str, clause_start: int, previous: SentenceFigure | None, start: int,
           unit: str) -> tuple[str, str]:
    """The words before the figure back to the previous figure or clause end; a label that names nothing
    ("、增长", "、达到") reaches back to its clause start ("全市生产总值达到5.67万亿元、增长"). A clause that
    still names nothing, or only what was done ("受理", "增长"), continues the clause before it when that one
    ends with a figure: "国内生产总值达到74.4万亿元，增长6.7%" and "收到行政复议申请26件，受理21件" state two
    figures of one subject. Returns (label, topic): the topic is the inherited subject, kept apart so that a
    figure's own words still decide between figures of one subject."""
    label_start = max(clause_start, previous.end if previous else 0)
    if _content_chars(sentence[label_start:start]) < 2:
        label_start = clause_start
    label = sentence[label_start:start].strip()
    if (previous is not None and _content_chars(label) <= _VERB_CHARS and _follows(sentence, previous, label_start)
            and _same_subject(previous.unit, unit)):
        topic = previous.topic + previous.label if _content_chars(previous.label) <= _VERB_CHARS else previous.label
        return label, topic
    return label, ""


_VERB_CHARS = 3  # "受理", "增加值", "办结": what was done or which part, not the subject


def _content_chars(label: str) -> int:
    return len(_NAMES_NOTHING.sub("", label))


def _same_subject(previous_unit: str, unit: str) -> bool:
    """A rate after an amount ("达到74.4万亿元，增长6.7%") or a count after a count ("收到26件，受理21件") goes on
    about the same thing; "粮食年产量超760亿斤，建成3000多个…乡村" has moved on to another."""
    base = unit.lstrip("万萬亿億千")
    return is_percent(unit) or base == previous_unit.lstrip("万萬亿億千")


def _follows(sentence: str, previous: SentenceFigure, label_start: int) -> bool:
    """The previous figure comes right before this figure's label (only punctuation between)."""
    return previous.end <= label_start and not re.sub(r"[，,；;、\s]", "", sentence[previous.end : label_start])


def _kind(sentence: str, start: int, end: int, clause_start: int, after: str, number: str,
          setting: Setting) -> FigureKind:
    """Own clause first (年均, 累计, 左右/以上), then the sentence, then the paragraph and the heading."""
    before, clause, rest = sentence[:start], sentence[clause_start:start], sentence[end:]
    if _AVERAGE_OVER_YEARS.search(clause):
        return "average"
    if _AVERAGE_CLAUSE.search(clause) and (
        _CUMULATIVE.search(before) or _CUMULATIVE_PARAGRAPH.search(setting.paragraph_before) or setting.over_years
    ):
        return "average"  # "五年来，城镇调查失业率平均为5.2%": over the years reviewed
    if _CUMULATIVE.search(clause) or _RECURRING.search(clause):
        return "cumulative"
    # In a review's heading ("一、“十四五”时期和2025年工作回顾"), 左右/以上 say "about"/"over", not a plan
    review = _REVIEW_SECTION.search(setting.section) and not _TARGET_SECTION_STRICT.search(setting.section)
    if review and setting.over_years and (after in _TARGET_AFTER or _RANGE.search(number)):
        # "粮食总产量稳定在550亿斤左右", "海洋生产总值增长6%左右" over the years reviewed: no one year's figure
        return "average" if any(mark in sentence[start:end] for mark in _PERCENT) else "cumulative"
    if (not review and (after in _TARGET_AFTER or _RANGE.search(number))) or _TARGET_NEXT.search(rest) \
            or _TARGET_CLAUSE.search(clause):
        return "target"
    if _PERIOD.search(before):
        return "cumulative"
    if _DONE.search(clause):
        return "actual"  # "失業率已經達到百分之五": what has happened, even in a paragraph of plans
    if _THIS_YEAR.search(before) or (setting.covered_year and str(setting.covered_year) in before):
        return "actual"  # "2012年，…实现了预期目标，国内生产总值增长7.8%"
    if _TARGET_SENTENCE.search(before):
        return "target"
    if _TARGET_SENTENCE.search(_sentence_start(setting.paragraph_before)):  # "目标是：…；…；城镇新增就业70万人"
        return "target"
    # Over the years reviewed, a flow (新增…) or a change ("居民人均可支配收入增长34.3%") is the period's. In a
    # paragraph that says it looks back over five years ("这五年，…"), any figure may be the period's: a level
    # reached there is not taken for the last year's (writers of the question sets disagree on it, and a wrong
    # figure shown is worse than a row left empty; docs/benchmarks.md, eleventh pass) unless it is where a change
    # over the years ended ("居民人均可支配收入从27136元增长到36439元"): that is the level of the last year reviewed.
    over_years = setting.over_years or _CUMULATIVE_PARAGRAPH.search(setting.paragraph_before)
    if over_years and _END_POINT.search(clause):
        return "actual"
    if over_years and (_FLOW.search(clause) or CHANGED_BY.search(clause)):
        return "cumulative"
    if _CUMULATIVE_PARAGRAPH.search(setting.paragraph_before):
        return "cumulative"
    section_years = [int(y) for y in re.findall(r"20\d\d", setting.section)]
    ahead = setting.covered_year is not None and any(y > setting.covered_year for y in section_years)
    if (ahead or _TARGET_SECTION.search(setting.section)) and not setting.over_years:  # a review part is no plan
        return "target"
    return "actual"


# A paragraph that opens a part of a review: "过去的五年极不寻常。" (the years reviewed), "刚刚过去的2025年很不平凡。"
# (the year), or a heading ("二、…").
_OPENS_YEARS = re.compile(
    r"(?:过去的?|過去的?|这|這)五年|五年来|五年來|^“?十[二三四]五”?(?:时期|時期|期间|期間|以来|以來)"
)
_OPENS_YEAR = re.compile(  # not "2025年四大主导产业…", a figure of the last year inside the five-year review
    r"^(?:刚刚过去的|剛剛過去的)20\d\d年|^20\d\d年(?:是|，|,)|(?:过去的?|過去的?)一年|一年来|一年來"
)
_HEADING = re.compile(r"^[一二三四五六七八九十]+、")
_VOCATIVE = re.compile(r"^各位代表[！!，,：:]\s*")
_PARAGRAPH = re.compile(r"\n|\u3000\u3000")
_HEADING_CHARS = 25


def multi_year_parts(text: str) -> list[tuple[int, int]]:
    """The spans of ``text`` that review several years: from a paragraph opening with "过去的五年"/"五年来" to the
    next one opening with the year ("刚刚过去的2025年…"), or to a heading (numbered, or a short line without a full
    stop: "2026年重点工作", "各位代表！"). Reports review the plan period and the last year in one section; a flow
    stated there ("城镇新增就业603.7万人") is the period's total."""
    parts: list[tuple[int, int]] = []
    opened: int | None = None
    for start in [0, *(m.end() for m in _PARAGRAPH.finditer(text))]:
        line_end = text.find("\n", start)
        line = text[start : line_end if line_end >= 0 else len(text)].strip()
        head = _VOCATIVE.sub("", line[:48])
        head = head[: max(1, min((i for i in (head.find("。"), head.find("，")) if i > 0), default=len(head)))]
        heading = bool(_HEADING.match(head)) or (len(line) < _HEADING_CHARS and "。" not in line)
        # "2025年是“十四五”收官之年。五年来，…": the plan's last year introduces the years it closes
        years = _OPENS_YEARS.search(head) or _OPENS_YEARS.match(_second_sentence(_VOCATIVE.sub("", line)))
        if opened is not None and (heading or (_OPENS_YEAR.search(head) and not years)):
            parts.append((opened, start))
            opened = None
        elif opened is None and years:
            opened = start
    if opened is not None:
        parts.append((opened, len(text)))
    return parts


# A line of its own that heads a report's plan for the coming year without a number ("2026年重点工作"): the
# chunker does not see it as a heading, so the figures under it would not know they are plans.
_PLAN_HEADING = re.compile(  # not a title; "“十五五”时期的主要目标任务" too, not "“十四五”时期工作回顾"
    r"^(?:(?:20\d\d年|今年)(?!.*报告).{0,12}(?:工作|任务|安排|目标)|“?十[三四五六]五”?.{0,10}(?:目标|任务|安排))[^。，,]*$"
)


def plan_headings(text: str) -> list[tuple[int, str]]:
    """The unnumbered plan headings of ``text`` with their offsets, in order (see ``_PLAN_HEADING``)."""
    found = []
    for start in [0, *(m.end() for m in re.finditer(r"\n", text))]:
        line_end = text.find("\n", start)
        line = text[start : line_end if line_end >= 0 else len(text)].strip()
        if len(line) < _HEADING_CHARS and _PLAN_HEADING.match(line):
            found.append((start, line))
    return found


def _second_sentence(line: str) -> str:
    """The start of a paragraph's second sentence ("" if it has one sentence)."""
    end = line.find("。")
    return line[end + 1 : end + 1 + 48] if 0 < end < 48 else ""


def _sentence_start(text: str) -> str:
    """The part of the full sentence (up to "。") that precedes a "；"-separated piece."""
    return re.split(r"[。！？!?]", text)[-1]


def _clause_start(sentence: str, position: int) -> int:
    ends = [m.end() for m in _CLAUSE_END.finditer(sentence, 0, position)]
    return ends[-1] if ends else 0


def _is_year(match: re.Match[str], sentence: str) -> bool:
    digits = _ascii_digits(match["number"])
    if not match["mag"] and not match["unit"]:
        return True
    follows = sentence[match.end("number") : match.end("number") + 1]
    return len(digits) == 4 and digits[:2] in ("19", "20") and follows in ("年", "-", "—", "至")


def _starting_level(sentence: str, match: re.Match[str]) -> bool:
    """"从874.6亿元增加到1112.4亿元", "由9323.1亿元增至…", "从2020年的82.4岁提升至83.9岁": the figure after 从/由
    that a change starts from."""
    clause = sentence[_clause_start(sentence, match.start()) : match.start()]
    starts = _FROM.search(clause[-6:]) or _FROM_YEAR.search(clause)
    return bool(starts) and bool(_CHANGE_TO.search(sentence[match.end() :]))


# "从2020年的" right before a change's starting level: the year is the start's.
_FROM_YEAR = re.compile(r"[从從由](?:19|20)\d\d年(?:底|末)?的?$")
# A year a change is measured from ("从2020年的82.4岁提升至83.9岁", "较2020年提高1.16岁"): not the figure's year.
_BASE_YEAR = re.compile(r"[从從由较較比](?:19|20)\d\d年(?:底|末)?的?")


# After a round mark passed (terms.ROUND_MARK): "突破4000亿元、达到4211亿元" passes the mark, then states the figure
# itself; the comparison table prefers a figure reached to a mark passed.
_THEN_EXACT = re.compile(r"^(?:大关|大關|台阶|台階|关口|關口)?\s*[、，,]?\s*(?:达到|達到|达|達|为|為)\s*[0-9０-９]")


# "迈上4000亿元台阶", "突破1万亿元大关": a round milestone passed, which says the figure is above it and nothing more.
_MILESTONE = re.compile(r"\s*(?:大关|大關|台阶|台階|关口|關口)")


def _threshold(sentence: str, match: re.Match[str]) -> bool:
    """A figure that only says which round mark was passed, when the exact figure follows right after it."""
    before = sentence[_clause_start(sentence, match.start()) : match.start()]
    return bool(ROUND_MARK.search(before.rstrip())) and bool(_THEN_EXACT.match(sentence[match.end() :]))


def _ascii_digits(text: str) -> str:
    return text.translate(str.maketrans("０１２３４５６７８９．，", "0123456789.,"))


def _number(text: str) -> float | None:
    plain = _ascii_digits(text).replace(",", "")
    try:
        return float(plain)
    except ValueError:
        return None
