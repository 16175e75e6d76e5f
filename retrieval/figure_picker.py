"""Which sentence of a region's report states the measure asked about, and which figure in it is the answer.

Every figure of a compatible unit in the region's chosen reports is a candidate. It is scored by how well the
words right before it name the measure ("粮食产量1350.97亿斤" for 粮食产量: its label), by the embedding
similarity of measure and label context (the index's embedder), and by whether the search ranked its passage.
The figure itself is only ever *read* from the sentence: nothing here writes a number.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from functools import lru_cache

from config import CompareSettings
from indexer.embedding import Embedder
from indexer.store import ChunkRecord, DocumentRecord
from retrieval.answer.text import coverage, norm, same_unit, sentences, units
from retrieval.figures import (
    CHANGED_BY,
    SentenceFigure,
    Setting,
    is_percent,
    multi_year_parts,
    plan_headings,
    read_figures,
)
from retrieval.regions import tagged
from retrieval.terms import QUANTITY_WORDS, report_words, same_things
from retrieval.units import COUNTED_UNITS

# A measure of change or share is answered by a percentage; any other by an amount (亿斤, 件, 万亿元…).
PERCENT_MEASURE = re.compile(r"增长|增速|增幅|下降|降低|提高|上涨|涨幅|(?<!效)率|比重|占比|比例|百分|强度")
_CHAR_SHARE = 0.25  # character coverage next to bigram coverage: reports abbreviate (网上办理 → 网办)
# Wording score = coverage of the measure by the figure's own label, plus this share of its coverage by the label
# with the words before it (the topic is often named once for several figures: "收到行政复议申请26件,受理21件").
_CONTEXT_SHARE = 0.5
_PRECISION_SHARE = 0.3
_SUBSEQUENCE_COVERAGE = 0.9
_PARAGRAPH_CHARS = 1500  # longer "paragraphs" are whole reports with few line breaks: no paragraph cues there


@dataclass(frozen=True)
class Candidate:
    figure: SentenceFigure
    document: DocumentRecord
    sentence: str  # exactly document_text[start:end]
    start: int
    end: int
    lexical: float
    label_coverage: float  # how much of the measure the figure's own label names (the acceptance test)
    dense: float = 0.0
    score: float = 0.0
    own_coverage: float = 0.0  # the same, by the asker's own measure alone (not the indicator name it means)
    asker_word: bool = True  # the label shares a content word with the asker's own measure (see shares_a_word)
    ruled_out: bool = False  # its label says what the asker ruled out: never shown, but a rival (see compare._pick)


class FigurePicker:
    def __init__(self, embedder: Embedder, settings: CompareSettings) -> None:
        self.embedder = embedder
        self.settings = settings

    def candidates(
        self, measure: str, unit: str, documents: list[tuple[DocumentRecord, list[ChunkRecord], str]],
        ranked_chunks: set[int], also: tuple[str, ...] = (), wordings: tuple[str, ...] = (),
        excluded: tuple[str, ...] = (),
    ) -> list[Candidate]:
        """Figures of a compatible unit in the documents' sentences, best first by wording (see add_dense).
        ``also``: other wordings of the measure (the report indicator name it means); ``wordings``: the asker's own,
        when the question says the measure more than once ("老百姓的收入涨了多少？…居民人均可支配收入各增长多少");
        ``excluded``: what the asker rules out ("收到 申请" for "不要收到的申请数"; ``retrieval.intent.ruled_out``)."""
        own = {w for m in (measure, *wordings) for w in (norm(m), report_words(norm(m)))}
        own |= {headless for m in own if (headless := _without_count_noun(m)) != m}
        measures = own | {norm(a) for a in also}
        percent = any(PERCENT_MEASURE.search(m) for m in measures) and not unit
        counts_out = _counts_ruled_out(excluded, unit)
        if percent:  # "要增速目标，只定总额、只说正增长的都不算": levels are no candidates anyway, and growth is asked
            excluded = tuple(phrase for phrase in excluded
                             if not all(_QUANTITY_WORD.fullmatch(w) or w in measure for w in phrase.split()))
        found: list[Candidate] = []
        for document, chunks, text in documents:
            seen: set[int] = set()
            reviewed = multi_year_parts(text)
            plans = plan_headings(text)
            for chunk in chunks:
                bonus = self.settings.retrieval_bonus if chunk.chunk_id in ranked_chunks else 0.0
                for sentence in sentences(chunk.text):
                    start = chunk.start + sentence.start
                    if start in seen:  # overlapping chunks repeat sentences
                        continue
                    seen.add(start)
                    over_years = any(a <= start < b for a, b in reviewed)
                    section = _under(plans, start, chunk.section)
                    setting = Setting(section, _paragraph_before(text, start), document.year, over_years)
                    previous_end, head = 0, ""
                    for figure in read_figures(sentence.text, setting):
                        lead_in = sentence.text[previous_end : figure.start]
                        head = head if previous_end and lead_in.startswith("、") else figure.label  # a list's opening
                        previous_end = figure.end
                        fits = _unit_fits(figure.unit, unit, percent) or _growth_in_times(figure, unit, percent)
                        if not fits or _names_something_else(figure, lead_in, measures, own, also):
                            continue
                        label = max(_label_cover(m, _label_norm(figure.label)) for m in measures)
                        named = _named(figure, measures)
                        wide = max(_cover(m, _label_norm(figure.label + figure.context)) for m in measures)
                        # a label with words the measure lacks names a narrower thing ("对东盟进出口增长")
                        precision = max(_cover(_label_norm(figure.label), m) for m in measures)
                        lexical = label + _CONTEXT_SHARE * wide + _PRECISION_SHARE * precision
                        found.append(Candidate(figure, document, sentence.text, start, start + len(sentence.text),
                                               lexical, named, score=lexical + bonus,
                                               own_coverage=_named(figure, own) if also else named,
                                               asker_word=not also or shares_a_word(own, figure.topic + figure.label),
                                               ruled_out=_ruled_out(figure, head, excluded)
                                               or figure.unit.lstrip("万萬亿億千") in counts_out))
        return sorted(found, key=lambda c: -c.score)

    def add_dense(self, measure: str, per_region: list[list[Candidate]], also: tuple[str, ...] = ()
                  ) -> list[list[Candidate]]:
        """Each region's best candidates rescored with embedding similarity, in one batch for all regions
        (one model call instead of one per region: a 7-region table must take seconds, not tens)."""
        heads = [sorted(found, key=lambda c: -c.score)[: self.settings.dense_candidates] for found in per_region]
        flat = [c for head in heads for c in head]
        if not flat or self.settings.dense_weight == 0:
            return [sorted(found, key=lambda c: -c.score) for found in per_region]
        vectors = self.embedder.encode_documents([norm(c.figure.context + c.figure.value) for c in flat])
        probe = self.embedder.encode_queries([" ".join([report_words(norm(measure)), *also])])[0]
        dense = {id(c): _with_dense(c, float(v @ probe), self.settings) for c, v in zip(flat, vectors, strict=True)}
        return [sorted((dense.get(id(c), c) for c in found), key=lambda c: -c.score) for found in per_region]


# Nouns that only say "a count of": the figure's unit already says it (行政复议案件16起 is stated as 受理行政复议
# 申请16起, 受理21件), so a label need not repeat them.
_COUNT_NOUN = re.compile(r"(?<=[\u3400-\u9fff]{2})(?:案件|件数|数量|总数|个数|次数)(?=\s|$)")


def _without_count_noun(measure: str) -> str:
    return _SPACES.sub(" ", _COUNT_NOUN.sub("", measure)).strip()


_SPACES = re.compile(r"\s+")


# Words any rate or amount is named with: a label and a measure that share only these ("进出口增长" and
# "工业增加值增长" share 增长) may name different things.
_GENERIC = re.compile(rf"{QUANTITY_WORDS}|降低|全年|全省|全市|全区|全县|全国|实现|完成|达到|突破")


def shares_a_word(measures: set[str], label: str) -> bool:
    """Whether ``label`` repeats a content word (a character bigram outside the generic words) of one of the
    asker's ``measures``, in the report vocabulary (``report_words``: GDP → 生产总值)."""
    label_units = units(_GENERIC.sub(" ", norm(label)))
    return any(units(_GENERIC.sub(" ", report_words(m))) & label_units for m in measures)


def _named(figure: SentenceFigure, measures: set[str]) -> float:
    """How much of the measure the figure's label names. "…达到74.4万亿元，增长6.7%" is named by the subject it
    carries over, but its own words rank it ("收到申请26件，受理21件": 收到 asks for 26件)."""
    named = max(_label_cover(m, _label_norm(figure.label)) for m in measures)
    if figure.topic:
        named = max(named, *(_label_cover(m, _label_norm(figure.topic + figure.label)) for m in measures))
    return named


def _label_norm(label: str) -> str:
    """A label in matching form, in the name the measure is compared in ("PM2.5浓度" → "细颗粒物浓度")."""
    return same_things(norm(label))


def _with_dense(candidate: Candidate, cosine: float, settings: CompareSettings) -> Candidate:
    dense = max(0.0, cosine - settings.dense_floor) / (1 - settings.dense_floor)
    return dataclasses.replace(candidate, dense=dense, score=candidate.score + settings.dense_weight * dense)


def _under(plans: list[tuple[int, str]], start: int, section: str) -> str:
    """The chunk's section, under the unnumbered plan heading before it if any ("2026年重点工作 > （七）…"), unless a
    numbered heading came between (the section path then starts after it)."""
    heading = next((line for at, line in reversed(plans) if at <= start), None)
    if heading is None or heading in section or _NUMBERED_TOP.match(section):
        return section
    return f"{heading} > {section}"


_NUMBERED_TOP = re.compile(r"^[一二三四五六七八九十]+、")


def _paragraph_before(text: str, start: int) -> str:
    # Reports scraped from the web often mark paragraphs with two ideographic spaces instead of line breaks.
    paragraph = max(text.rfind("\n", 0, start) + 1, text.rfind("\u3000\u3000", 0, start) + 2)
    if start - paragraph > _PARAGRAPH_CHARS:
        return text[text.rfind("。", 0, start) + 1 : start]  # only the sentence this piece belongs to
    return text[paragraph:start]


def _label_cover(measure: str, label: str) -> float:
    """Coverage, but a label that spells every word of the measure with insertions ("粮食总产量" for 粮食产量)
    names it as well as one that repeats it, and one that leaves out only a word for "how much of it" ("生产总值"
    for "GDP总量": 生产总值总量) names it too."""
    measure = _HOW_MUCH.sub("", measure) if not _HOW_MUCH.search(label) else measure
    if all(_in_order(word, label) for word in measure.split()):
        return max(_SUBSEQUENCE_COVERAGE, _cover(measure, label))
    return _cover(measure, label)


_HOW_MUCH = re.compile(r"(?<=[\u3400-\u9fff]{2})(?:总量|规模)(?=\s|$)")


def _in_order(word: str, text: str) -> bool:
    rest = iter(text)
    return all(char in rest for char in word)


def _cover(measure: str, normalised: str) -> float:
    chars = set(re.sub(r"\s", "", measure))
    return (1 - _CHAR_SHARE) * coverage(units(measure), units(normalised)) + _CHAR_SHARE * coverage(
        chars, set(normalised)
    )


_SHARE = re.compile(r"占.*(?:比重|比例|份额|份額)|比重|占比")
_PART_ASKED = 0.8  # how much of a part's label the measure must say for the part to be what was asked
# "对共建“一带一路”国家进出口增长14.7%", "其中新登记注册企业增长45.9%": a part of the measure (对外 is a word).
_PART = re.compile(r"^(?:其中|对(?!外)|對(?!外))")


def _names_a_share(label: str, measures: set[str]) -> bool:
    """"高技术制造业增加值占规模以上工业增加值比重达34.7%" is a share of the measure, not the measure itself
    (its growth or level), unless a share is what was asked; a label opening with 对…/其中 names a part of it."""
    label = norm(label).strip()
    share = bool(_SHARE.search(label)) and not any(_SHARE.search(m) for m in measures)
    return share or _names_a_part(label, measures)


def _names_a_part(label: str, measures: set[str]) -> bool:
    """"对东盟进出口增长…" names a part of 进出口; "受理…16起,其中审结14起" names the part asked when the asker wants
    审结: a part whose name the measure says is what was asked, as after a 其中 further back (``_after_whereof``)."""
    opening = _PART.search(label)
    if not opening or any(_PART.search(m) for m in measures):
        return False
    return not _part_asked(label[opening.end():], measures)


def _part_asked(name: str, measures: set[str]) -> bool:
    """The measure says the part's name (a count noun such as 案件 aside): the part is what was asked."""
    return max(_cover(_without_count_noun(name), m) for m in measures) >= _PART_ASKED


def _names_something_else(figure: SentenceFigure, lead_in: str, measures: set[str], own: set[str],
                          also: tuple[str, ...]) -> bool:
    """A figure that names a share or a part of the measure, an adjusted measure, one item of a list it cannot be
    paired with, or another quantity of the topic asked (each below), not the measure itself. ``lead_in``: the
    sentence since the previous figure."""
    return (_names_a_share(figure.label, measures) or _adjusted(lead_in, measures) or _growth_of_a_share(figure, own)
            or _after_whereof(lead_in, figure.label, measures)
            or bool(_UNPAIRED.search(figure.topic + figure.label)) or _another_quantity(figure.label, own, also))


# A share or intensity asked ("研发投入占GDP比重", "研发投入强度"): a growth of its numerator is not it.
_ASKS_SHARE = re.compile(rf"{_SHARE.pattern}|强度")


def _growth_of_a_share(figure: SentenceFigure, own: set[str]) -> bool:
    """"全社会研发经费投入增长10%左右" where the asker wants 研发投入占GDP比重: a growth, not the share."""
    return (any(_ASKS_SHARE.search(m) for m in own) and bool(CHANGED_BY.search(norm(figure.label)))
            and not _SHARE.search(norm(figure.label)))


def _after_whereof(lead_in: str, label: str, measures: set[str]) -> bool:
    """"…分别增长10.3%、16.5%，其中，入境游客人次增长47.8%": a figure after 其中 is a part's, unless its label says
    nothing the measure does not (the part is what was asked)."""
    if not re.search(r"其中", lead_in) or any("其中" in m for m in measures):
        return False
    return not _part_asked(_PART.sub("", norm(label).strip()), measures)


# "城乡居民人均可支配收入分别达6.9万元、3.4万元，增长4.2%、5.3%": a figure of a 分别 list whose items the reader
# could not pair with it (retrieval.figures pairs "A、B分别增长…") is one part's, and which part is not known.
_UNPAIRED = re.compile(r"分别|分別|依次")

# What is measured of a topic: "粮食" is a topic, its 产量 and its 播种面积 are two measures of it. Words of one
# class say the same ("进出口总值" and "进出口总额").
_QUANTITY_CLASSES = {
    "产量": "产量", "单产": "单产", "产能": "产能", "生产能力": "产能", "播种面积": "面积", "面积": "面积",
    "增加值": "增加值", "产值": "产值", "总值": "总额", "总额": "总额", "金额": "总额", "余额": "余额",
    "人数": "人数", "数量": "数量",
}
_QUANTITY = re.compile("|".join(sorted(_QUANTITY_CLASSES, key=len, reverse=True)))


def _another_quantity(label: str, own: set[str], also: tuple[str, ...]) -> bool:
    """The asker named a topic only ("打了多少粮食"), the indicator name they mean says what of it (粮食产量), and the
    label says another thing of it ("粮食播种面积"): a neighbouring measure."""
    if not also or any(_QUANTITY.search(m) for m in own):
        return False
    meant = {_QUANTITY_CLASSES[q.group()] for a in also for q in _QUANTITY.finditer(norm(a))}
    stated = {_QUANTITY_CLASSES[q.group()] for q in _QUANTITY.finditer(norm(label))}
    return bool(meant and stated) and not meant & stated


def _counts_ruled_out(excluded: tuple[str, ...], asked: str) -> frozenset[str]:
    """Units of things the asker rules out by their count: "只说改了几个村、几个项目的也不要", asked in 户, rules
    out figures in 个 (villages, projects). A count in the unit asked ("只讲新增几家的不算", asked in 家) says what
    of the thing is ruled out, not the unit."""
    counted = {m.group(1) for phrase in excluded for m in _HOW_MANY.finditer(phrase.replace(" ", ""))}
    return frozenset(unit for unit in counted if unit not in asked.split("|"))


_QUANTITY_WORD = re.compile(QUANTITY_WORDS)
_HOW_MANY = re.compile(rf"几({'|'.join(sorted(COUNTED_UNITS, key=len, reverse=True))})")


def _ruled_out(figure: SentenceFigure, head: str, excluded: tuple[str, ...]) -> bool:
    """The figure's own label says every word of something the asker ruled out ("收到行政复议申请" for "收到 申请";
    not "受理21件" after it, whose subject only carries over). An item of a list ``head`` opens also takes the verb
    the list opens with: "新增科技型中小企业7227家、高新技术企业3200家" counts 3200 new firms, not all of them."""
    if not excluded:
        return False
    words = _words(norm(figure.label)) | _lead_verbs(norm(head))
    return any(set(phrase.split()) <= words for phrase in excluded)


@lru_cache(maxsize=4096)
def _lead_verbs(label: str) -> frozenset[str]:
    """The verbs a label opens with, before what it names ("全年新增城镇就业" → 新增)."""
    verbs = []
    for word, tag in tagged(label):
        if tag.startswith("n") or tag in ("j", "vn", "eng"):
            break
        if tag == "v":
            verbs.append(word)
    return frozenset(verbs)


@lru_cache(maxsize=4096)
def _words(label: str) -> frozenset[str]:
    """jieba's words of a label (labels repeat across the regions and wordings of a table), with the heads of its
    compounds: "新增普通高中学位" says 高中 ("只说高中的不算")."""
    return frozenset(found for w, _ in tagged(label) for found in (w, *_heads(w)))


def _heads(word: str) -> list[str]:
    """The heads of a compound whose modifier is a word of its own: 普通高中 is a kind of 高中, 外贸出口 of 出口; not
    进出口, which is no kind of 出口."""
    from indexer.bm25_index import jieba

    known = jieba().get_FREQ
    return [word[i:] for i in range(2, len(word) - 1) if known(word[:i]) and known(word[i:])]


# "扣除房地产开发投资后，全省固定资产投资增长8%": the measure less a part of it, not the measure.
_ADJUSTED = re.compile(r"扣除|剔除|不含|不包括|除去")


def _adjusted(lead_in: str, measures: set[str]) -> bool:
    """Whether the words since the previous figure adjust the measure (unless the asker asks for that)."""
    return bool(_ADJUSTED.search(lead_in)) and not any(_ADJUSTED.search(m) for m in measures)


def _growth_in_times(figure: SentenceFigure, asked: str, percent: bool) -> bool:
    """"入境游客增长1倍" answers "涨了几成": a growth written in times is a growth rate (1倍 = 100%); "是全国的1.5倍"
    is a ratio, not a growth."""
    return (percent and not asked and figure.unit == "倍"
            and bool(CHANGED_BY.search(_PART.sub("", norm(figure.label)).rstrip("了"))))


_ONLY_WHEN_ASKED = ("倍", "天", "小时", "岁", "批", "批次", "期", "轮", "轮次", "届")


def _unit_fits(found: str, asked: str, percent: bool) -> bool:
    """Whether a figure in ``found`` answers a question asking in ``asked`` (units offered as alternatives are
    joined by "|": "户|套")."""
    return any(_fits(found, one, percent) for one in asked.split("|"))


def _fits(found: str, asked: str, percent: bool) -> bool:
    points = found.endswith(("个百分点", "個百分點"))
    if points or asked.endswith("百分点"):  # a difference between rates, never the rate itself, unless asked
        return points and asked.endswith("百分点")
    if asked:
        base = found.lstrip("万萬亿億千")
        # measure words that count the same things agree (件/宗, 人/名, 个/项), in either script (個 = 个); a
        # unit asked may leave out what it is per ("多少微克" for 微克/立方米)
        return (base == asked or found.endswith(asked) or same_unit(norm(asked), norm(base))
                or base.startswith((f"{asked}/", f"{asked}每")))
    # times, durations, ages, batches and rounds ("评查1批次共28卷") are no amount of the thing, unless asked
    return is_percent(found) if percent else not is_percent(found) and found not in _ONLY_WHEN_ASKED
