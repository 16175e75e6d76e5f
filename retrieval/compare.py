"""Comparison tables: one figure per region, read verbatim from the sentence of its report that states it.

    comparison = Comparer(Retrieval.open()).run("对比一下河南、黑龙江、山东2025年的粮食产量")
    for row in comparison.rows: row.region, row.value, row.kind, row.text    # "河南省", "1350.97亿斤", "actual", …

For each region: the region's reports (of the year asked, else its latest) are searched for the measure and
every figure of a compatible unit in them is scored (``figure_picker``). The row holds the best figure of the
kind asked for (actual by default; a 2026 target, a five-year total or a yearly average is never passed off as
the 2025 figure). A region whose reports do not state it gets ``value=None`` and a reason. No model is involved.
"""

from __future__ import annotations

import dataclasses
import difflib
import re
import time
import unicodedata
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from config import CompareSettings
from config import settings as project_settings
from indexer.store import DocumentRecord
from retrieval.answer.text import norm
from retrieval.errors import RetrievalError
from retrieval.figure_picker import PERCENT_MEASURE, Candidate, FigurePicker
from retrieval.indicators import vocabulary_of
from retrieval.intent import FigureKind, Intent, detect
from retrieval.regions import tagged
from retrieval.search import Filters
from retrieval.service import Retrieval
from retrieval.terms import ROUND_MARK, report_words

_TIE = 0.05  # candidates closer than this are stated alike
KIND_LABELS: dict[str, str] = {"actual": "实际数", "target": "目标", "cumulative": "累计数", "average": "年均数"}


@dataclass(frozen=True)
class ComparisonRow:
    region: str
    year: int | None
    value: str | None  # the figure exactly as written in ``text``; None when the reports do not state it
    unit: str | None
    kind: FigureKind | None
    text: str | None  # the supporting sentence, == document_text[start:end]
    source: str | None
    start: int | None
    end: int | None
    reason: str | None = None  # why ``value`` is None
    doc_id: str | None = None  # for links into the document (not part of the JSON contract)
    title: str | None = None
    number: float | None = None  # the numeric part of ``value`` (charts)
    value_start: int | None = None  # offsets of ``value`` in the document (highlighting)

    @property
    def found(self) -> bool:
        return self.value is not None

    def to_json(self) -> dict:
        data = {
            "region": self.region, "year": self.year, "value": self.value, "unit": self.unit, "kind": self.kind,
            "text": self.text, "source": self.source, "start": self.start, "end": self.end,
        }
        if self.value is None:
            data["reason"] = self.reason
        return data


@dataclass
class Comparison:
    question: str
    measure: str
    year: int | None
    figure_kind: FigureKind
    rows: list[ComparisonRow]
    timings: dict[str, float] = field(default_factory=dict)
    searched: list[str] = field(default_factory=list)  # titles of the reports the rows were read from
    excluded: tuple[str, ...] = ()  # what the asker ruled out, as the question reader kept it ("收到 申请")

    def to_json(self) -> dict:
        return {"question": self.question, "rows": [row.to_json() for row in self.rows]}

    @property
    def understood(self) -> str:
        """How the question was read, said back to the asker: the rules that read it can misread a new wording,
        and an asker who sees "按“收到 申请”比较…" where they meant 受理 knows why the table says what it says."""
        year = f"{self.year}年的" if self.year else ""
        ruled_out = f"；不算：{'、'.join(self.excluded)}" if self.excluded else ""
        return f"按“{self.measure}”比较{year}{KIND_LABELS[self.figure_kind]}{ruled_out}"

    @property
    def shared_unit(self) -> str | None:
        """The unit every found figure is written in, when there is one (a chart compares only like with like)."""
        found = {unicodedata.normalize("NFKC", r.unit or "") for r in self.rows if r.found and r.number is not None}
        return found.pop() if len(found) == 1 else None

    @property
    def by_year(self) -> bool:
        """One region over several years (rows are told apart by year, not by region)."""
        return len({row.region for row in self.rows}) < len(self.rows)


@dataclass
class _Slot:
    """One row in the making: its candidates, or the finished row when the region has no report to read."""

    region: str
    year: int | None
    candidates: list[Candidate] = field(default_factory=list)
    row: ComparisonRow | None = None


class Comparer:
    def __init__(self, retrieval: Retrieval, settings: CompareSettings | None = None,
                 on_weighed: Callable[[str, str, list[Candidate]], None] | None = None) -> None:
        self.retrieval = retrieval
        self.settings = settings or project_settings().compare
        self.picker = FigurePicker(retrieval.index.embedder, self.settings)
        # Told (region, kind asked, candidates best first) before each row is picked: the benchmarks read from it
        # why a row was missed (bench/compare_misses.py) without reaching into the picking.
        self.on_weighed = on_weighed

    def intent(self, question: str) -> Intent:
        index = self.retrieval.index
        return detect(question, index.regions.regions_in, sorted({d.region for d in index.documents.values()
                                                                    if d.region}))

    def run(self, question: str, regions: list[str] | None = None, year: int | None = None,
            intent: Intent | None = None) -> Comparison:
        if not question.strip():
            raise RetrievalError("the question is empty")
        started = time.perf_counter()
        intent = intent or self.intent(question)
        names = list(regions) if regions else list(intent.regions)
        if regions:  # names given apart from the question are places, not words of the measure
            measure = " ".join(w for w in intent.measure.split() if w not in regions)
            for name in regions:
                measure = measure.replace(name, "")
            intent = dataclasses.replace(intent, measure=measure.strip())
        if not names:
            raise RetrievalError(
                "name the regions to compare in the question (e.g. 河南、山东), say 各省/各地, or pass --regions"
            )
        if not intent.measure:
            raise RetrievalError("say what to compare (e.g. 粮食产量, 地区生产总值增长)")
        years: list[int | None] = [year] if year else list(intent.years) or [intent.year]
        paired = dict(zip(intent.regions, intent.region_years, strict=False)) if not (year or regions) else {}
        searched: list[str] = []
        also = self.indicator_names(intent.measure)
        slots = [self._candidates(name, intent, paired.get(name) or y, searched, also) for name in names for y in years]
        rescored = iter(self.picker.add_dense(intent.measure, [s.candidates for s in slots if s.row is None], also))
        narrower = _Narrower(intent.measure, also, self.retrieval.normalised_texts())
        # only a figure that could be shown, or come close to one, is checked: the rest cannot change a row
        least = self.settings.min_score - self.settings.alone_margin
        rows = []
        for slot in slots:
            if slot.row is not None:
                rows.append(slot.row)
                continue
            candidates = narrower.kept(next(rescored), least)
            if self.on_weighed is not None:
                self.on_weighed(slot.region, intent.figure_kind, candidates)
            rows.append(self._pick(slot.region, slot.year, intent, candidates))
        rows = _like_with_like(rows)
        return Comparison(question, intent.measure, years[0] if len(years) == 1 else None, intent.figure_kind, rows,
                          {"total_s": time.perf_counter() - started}, searched, intent.excluded)

    def indicator_names(self, measure: str) -> tuple[str, ...]:
        """The report indicator name the measure means ("斤 粮食" → 粮食产量), when close enough in meaning."""
        if self.settings.indicator_min_similarity > 1:
            return ()
        nearest = vocabulary_of(self.retrieval).nearest(report_words(measure), PERCENT_MEASURE)
        return (nearest.name,) if nearest and nearest.similarity >= self.settings.indicator_min_similarity else ()

    def _candidates(self, name: str, intent: Intent, year: int | None, searched: list[str],
                    also: tuple[str, ...] = ()) -> _Slot:
        region = self._resolve(name)
        documents = self._documents(region, year, intent.figure_kind) if region else []
        searched += [d.title or d.source for d in documents if (d.title or d.source) not in searched]
        if not documents:
            reason = f"文库中没有{region or name}{f'{year}年的' if year else ''}报告"
            return _Slot(region or name, year, row=_missing(region or name, year, reason))
        store = self.retrieval.index.store
        # One retrieval per region, restricted to its reports. BM25 only: its ranks are a small bonus, and the
        # embedding model is called once for the whole table (add_dense), not once per region.
        hits = self.retrieval.search(" ".join([intent.measure, *also]), self.settings.passages,
                                     Filters(doc_ids=tuple(d.doc_id for d in documents)), mode="bm25")
        chunks = [(d, store.chunks_of(d.doc_id), store.document_text(d.doc_id) or "") for d in documents]
        unit = intent.unit or _counted_unit(intent.measure)
        candidates = self.picker.candidates(intent.measure, unit, chunks, {h.chunk_id for h in hits}, also,
                                            intent.wordings, intent.excluded)
        return _Slot(region, year, candidates)

    def _pick(self, region: str, year: int | None, intent: Intent, candidates: list[Candidate]) -> ComparisonRow:
        # What the asker ruled out ("不要收到的申请数") is never shown. Scoring as high as the figure that would be, it
        # says that figure is one of a list of like things ("收到26件,受理21件,…放弃…1件"), not clearly the one asked.
        ruled = [c for c in candidates if c.ruled_out]
        candidates = [c for c in candidates if not c.ruled_out]
        # The best-scoring figure of any kind shows how the report writes this measure (亿斤, %, 件…): a figure
        # of another unit that scores lower is about something else ("新建粮油单产提升引领方260个").
        reference = _unit_family(candidates[0].figure.unit) if candidates else ""
        usable = [c for c in candidates if c.score >= self.settings.min_score and self._named(c)
                  and _unit_family(c.figure.unit) == reference]
        if not usable:  # the best figure of the kind and year asked, if nothing else of them comes close
            asked = [c for c in candidates if _unit_family(c.figure.unit) == reference
                     and _year_fits(c, year, intent.figure_kind) and c.figure.kind == intent.figure_kind]
            if asked and self._named_alone(asked):
                usable = asked[:1]
            elif candidates and self._named_alone(candidates):  # of another kind or year: the reason says so
                usable = candidates[:1]
        fitting = [c for c in usable if _year_fits(c, year, intent.figure_kind)]
        wanted = [c for c in fitting if c.figure.kind == intent.figure_kind]
        if wanted:
            best = wanted[0]
            rivals = [c for c in wanted[1:] if best.score - c.score < _TIE and c.figure.value != best.figure.value]
            if any(best.score - c.score < _TIE and c.figure.kind == best.figure.kind for c in ruled):
                return _missing(region, year, "报告中与所问最接近的数字是提问排除的那一类，无法确定哪个是所问的", best)
            exact = [c for c in [best, *rivals] if not _mark_passed(c)]
            if rivals and len({c.figure.value for c in exact}) == 1:  # "突破3万亿元" passed, "32765亿元" reached
                best, rivals = exact[0], []
            if rivals:  # two figures stated alike: a five-year total and the year's figure often are
                values = "、".join(dict.fromkeys(c.figure.value for c in [best, *rivals]))
                return _missing(region, year, f"报告中有几个同样表述的数字（{values}），无法确定哪个是所问的", best)
            if intent.exact and (mark := _mark_passed(best)):
                return _missing(region, year, f"报告只说{mark}{best.figure.value}，没有具体数", best)
            return _found(region, best, year)
        if fitting:
            other = fitting[0]
            return _missing(region, year, f"报告只给出{KIND_LABELS[other.figure.kind]}“{other.figure.value}”，"
                            f"没有{KIND_LABELS[intent.figure_kind]}", other)
        if usable:
            figure = usable[0].figure
            of = f"是{figure.years[-1]}年的，" if figure.years else ""
            asked = f"{year}年" if year else "所问那一年"
            return _missing(region, year, f"报告中的“{figure.value}”{of}不是{asked}的数字", usable[0])
        return _missing(region, year, f"报告中没有找到{intent.measure}的数字")

    def _named(self, candidate: Candidate) -> bool:
        """The label names the measure: in the asker's words, or in the indicator name they mean (``also``). The
        second is the least certain match, so such a label must also repeat a content word of the asker's own
        measure ("粮食产量" for "斤 粮食"); a label the embedding alone connects to the question is not enough."""
        least = self.settings.min_label_coverage
        return candidate.label_coverage >= least and (candidate.own_coverage >= least or candidate.asker_word)

    def _named_alone(self, candidates: list[Candidate]) -> bool:
        """The best figure names the measure less fully than ``_named`` asks, but clearly: no figure of another
        value comes close, and its label still names most of the measure."""
        best, least = candidates[0], self.settings.min_label_coverage_alone
        rivals = [c for c in candidates[1:] if c.figure.value != best.figure.value]
        return (best.score >= self.settings.min_score and best.label_coverage >= least
                and (best.own_coverage >= least or best.asker_word)
                and all(best.score - c.score >= self.settings.alone_margin for c in rivals))

    def _resolve(self, name: str) -> str | None:
        exact = {d.region for d in self.retrieval.index.documents.values()}
        if name in exact:
            return name
        found = self.retrieval.searcher.resolve_regions((name,))
        return found[0] if len(found) == 1 else None

    def _documents(self, region: str, year: int | None, kind: FigureKind) -> list[DocumentRecord]:
        """The reports covering ``year`` (for a target: the year's own report, which covers the year before);
        without a year, the region's latest report."""
        documents = [d for d in self.retrieval.documents() if d.region == region]
        if not year:
            latest = max((d.year or 0 for d in documents), default=0)
            return [d for d in documents if (d.year or 0) == latest]
        covering = {year - 1} if kind == "target" else {year}
        return [d for d in documents if d.year in covering]


_SHARED_REPORTS = 3
_SMALL_COLLECTION = 10
_USUAL_SHARE = 0.5  # of the reports stating the measure's words, the share that must use a wording for it to be usual


# "人均地区生产总值", "每万人拥有…", "户均…": the measure per head, a measure of its own. The per-head word stands right
# before the measure's words, or two characters before ("人均地区生产总值"), unlike "居民人均可支配收入" for 居民收入.
_PER_HEAD = re.compile(r"人均|每[十百千万]人|[十百千万]人(?:口)?(?:拥有|擁有)?|户均|戶均|每人|每户|每戶")
_PER_HEAD_BEFORE = re.compile(rf"(?:{_PER_HEAD.pattern}).{{0,2}}$")


@dataclass(frozen=True)
class _Qualified:
    """A label that puts words of its own before the measure's: "年轻人失业率" (named "年轻人失业", core "失业率")."""

    named: str  # the label's own words with the first two of the measure's: "年轻人失业", "城镇调查失业", "地区生产"
    core: str  # the run of the measure the label repeats


class _Narrower:
    """Whether a figure's label names a part of the measure: a noun put before it that the measure lacks and that no
    shared indicator name has ("年轻人失业率" for 失业率, "海洋生产总值" for 生产总值), unlike "城镇调查失业率" or
    "地区生产总值", which many reports use; or one of two such nouns a report puts before the same words, when most
    reports stating those words use neither ("城镇居民…" and "农村居民人均可支配收入": the two parts of 居民)."""

    _GENERAL = re.compile(r"(?:全社会|全口径|全省|全市|全区|全县|全国|全体|全年|我省|我市|我区|全|本|政府|部门|各级)+")

    def __init__(self, measure: str, also: tuple[str, ...], reports: list[str]) -> None:
        self.measures = [w for m in (measure, *also) for w in [norm(m).replace(" ", "")] if w]
        self.reports = reports
        # as for the indicator names: 3 reports, 2 in a collection of a few; with fewer than 3, nothing to tell by
        self.shared = _SHARED_REPORTS if len(reports) >= _SMALL_COLLECTION else 2
        self._counts: dict[str, int] = {}
        # the measure's words a per-head label is compared with (GDP → 生产总值), none if the asker says per head
        wordings = {w for m in self.measures for w in (m, report_words(m))}
        self.asks_per_head = any(_PER_HEAD.search(w) for w in wordings)  # "人均", "每人摊到", "按人头算" (人均)
        self.per_head_words = () if self.asks_per_head or any("每个" in w for w in wordings) else tuple(wordings)

    def kept(self, candidates: list[Candidate], least: float) -> list[Candidate]:
        """The candidates less those naming a part. Only a figure that could be shown, or come close to one (score ≥
        ``least``), is checked: the rest cannot change a row."""
        qualified = {id(c): q for c in candidates if c.score >= least and (q := self.qualified(c))}
        cores: dict[str, set[str]] = {}
        for q in qualified.values():
            cores.setdefault(q.core, set()).add(q.named)
        return [c for c in candidates if ((q := qualified.get(id(c))) is None or not self._narrows(q, cores[q.core]))
                and not (c.score >= least and (self.per_head(c) or self.whole(c)))]

    def per_head(self, candidate: Candidate) -> bool:
        """"人均地区生产总值7.8万元" where the asker wants 生产总值 itself: the measure divided by the people, when
        reports also state the measure without it (not "人均预期寿命", which has no other form) and the asker does not
        say per head ("人均", "每人摊到", "平均每个居民", "按人头算": terms.report_words)."""
        label = norm(candidate.figure.label)
        if not self.per_head_words or not _PER_HEAD.search(label):
            return False
        for measure in self.per_head_words:
            match = difflib.SequenceMatcher(None, label, measure, autojunk=False).find_longest_match(
                0, len(label), 0, len(measure))
            core = label[match.a : match.a + match.size]
            if match.size >= 2 and _PER_HEAD_BEFORE.search(label[: match.a]) and self._alone(core) >= self.shared:
                return True
        return False

    def whole(self, candidate: Candidate) -> bool:
        """"地区生产总值10.3万亿元" where the asker wants it per head ("按人头算的GDP"): the label says no per head."""
        return self.asks_per_head and not _PER_HEAD.search(norm(candidate.figure.label))

    def _alone(self, core: str) -> int:
        """How many reports state ``core`` without a per-head word before it."""
        key = f"alone:{core}"
        if key not in self._counts:
            pattern = re.compile(rf"(?<!人均)(?<!戶均)(?<!户均){re.escape(core)}")
            self._counts[key] = sum(bool(pattern.search(report)) for report in self.reports)
        return self._counts[key]

    def _narrows(self, q: _Qualified, beside: set[str]) -> bool:
        using = self._reports_with(q.named)
        if using < self.shared:
            return True
        if len(beside) < 2:
            return False
        # the parts beside each other: is this one usual among the reports stating the measure's words?
        return using < _USUAL_SHARE * self._reports_with(q.core)

    def _reports_with(self, words: str) -> int:
        """How many reports contain ``words`` (counted once per table: candidates of all regions share wordings)."""
        if words not in self._counts:
            self._counts[words] = sum(words in report for report in self.reports)
        return self._counts[words]

    def qualified(self, candidate: Candidate) -> _Qualified | None:
        if len(self.reports) < 3:
            return None
        label = norm(candidate.figure.label)
        # the longest run the label shares with a wording of the measure ("进出口总额增长" in 服务进出口总额增长, not
        # "出口" of the asker's 外贸进口出口合计)
        match = max((difflib.SequenceMatcher(None, label, measure, autojunk=False).find_longest_match(
            0, len(label), 0, len(measure)) for measure in self.measures), key=lambda m: m.size)
        if match.size < 2:
            return None
        # the nouns right before the match, less words the measure has itself ("审查政府涉法事项" for 审查涉法事项)
        # and words that narrow nothing (全省, 政府)
        words, at = [], 0
        for word, flag in tagged(label[: match.a]):
            words.append((at, word, flag))
            at += len(word)
        kept: list[tuple[int, str]] = []
        for i in reversed(range(len(words))):
            at, word, flag = words[i]
            if not flag.startswith(("n", "vn", "j")):
                break
            joined = words[i - 1][1] + word if i else word  # jieba cuts 全社会 into 全 + 社会
            general = self._GENERAL.fullmatch(word) or self._GENERAL.fullmatch(joined)
            if not general and not any(word in m for m in self.measures):
                kept.append((at, word))
        if sum(len(word) for _, word in kept) < 2:
            return None
        if self.asks_per_head and all(_PER_HEAD.fullmatch(word) for _, word in kept):
            return None  # "人均生产总值" when per head is asked ("按人头算的GDP"): the part asked for
        # "城镇调查失业", "地区生产", "外贸进出": a wording many reports share is the measure's usual name
        return _Qualified(label[min(at for at, _ in kept) : match.a + 2], label[match.a : match.a + match.size])


def _counted_unit(measure: str) -> str:
    """"行政复议案件" is counted in 件 (or 宗, 起): a measure ending in a counting word names its unit."""
    last = measure.strip()[-1:] if measure.strip() else ""
    return last if last in ("件", "人", "户", "家", "所", "项") else ""


def _unit_family(unit: str) -> str:
    """"1350.97亿斤" and "1300亿斤" → 斤; "5.2万亿元" and "1200亿元" → 元; "26件" and "179宗" → 件."""
    base = unicodedata.normalize("NFKC", unit).lstrip("万萬亿億千")
    return {"宗": "件", "起": "件", "名": "人", "項": "项", "個": "个"}.get(base, base)


# Units of one dimension: money in any currency, mass in 斤 or 吨, one unit written two ways, a growth in times
# ("增长1倍", which the figure picker takes only as a growth rate) among growths in %.
_DIMENSION = {"美元": "元", "港元": "元", "港币": "元", "港幣": "元", "斤": "吨", "公斤": "吨", "噸": "吨",
              "微克每立方米": "微克/立方米", "倍": "%"}
_MOST = 2 / 3  # share of the found rows whose unit makes it the table's
_LEAST_ROWS = 3


def _like_with_like(rows: list[ComparisonRow]) -> list[ComparisonRow]:
    """A table compares one measure: when most found figures share a unit (%, 亿元…), a figure in another is of
    something else ("人均地区生产总值7.8万元" among GDPs in 亿元 is also 元; "33.7座" among counts of 个 is not)."""
    families = [_dimension(row.unit) for row in rows if row.found]
    if len(families) < _LEAST_ROWS:
        return rows
    family, count = Counter(families).most_common(1)[0]
    if count < _MOST * len(families):
        return rows
    sizes = sorted(size for row in rows if row.found and (size := _size(row)) is not None)
    middle = sizes[len(sizes) // 2] if sizes else None
    kept = []
    for row in rows:
        size = _size(row) if row.found else None
        if row.found and _dimension(row.unit) != family:
            row = _unfound(row, f"报告中的“{row.value}”与其他地区的数字单位不同，不是同一个指标")
        elif size is not None and middle and not (1 / _APART < size / middle < _APART):
            # "人均地区生产总值7.8万元" among GDPs of thousands of 亿元: of the same unit, but not the same measure
            row = _unfound(row, f"报告中的“{row.value}”与其他地区的数字相差上万倍，不是同一个指标")
        kept.append(row)
    return kept


def _dimension(unit: str | None) -> str:
    family = _unit_family(unit or "")
    return _DIMENSION.get(family, family)


_APART = 1e4  # a figure this many times the table's median (or less) measures something else
_MAGNITUDES = (("万亿", 1e12), ("萬億", 1e12), ("亿", 1e8), ("億", 1e8), ("万", 1e4), ("萬", 1e4), ("千", 1e3))


def _size(row: ComparisonRow) -> float | None:
    """The figure's number times its magnitude (7.8万元 → 78000), for telling measures apart by size."""
    if row.number is None or not row.number:
        return None
    unit = unicodedata.normalize("NFKC", row.unit or "")
    return abs(row.number) * next((m for prefix, m in _MAGNITUDES if unit.startswith(prefix)), 1.0)


def _unfound(row: ComparisonRow, reason: str) -> ComparisonRow:
    return dataclasses.replace(row, value=None, unit=None, kind=None, number=None, value_start=None, reason=reason)


def _year_fits(candidate: Candidate, year: int | None, kind: FigureKind) -> bool:
    """A year named next to the figure must be the year asked ("2024年共收到…" is not 2025's figure)."""
    named = candidate.figure.years
    if not named:
        return True
    if year:
        return year in named
    covered = candidate.document.year
    if kind == "target":  # this year's target: not one for a later year ("到2030年", a five-year plan's goal)
        return covered is None or any(y <= covered + 1 for y in named)
    return covered in named


def _row_year(candidate: Candidate) -> int | None:
    if candidate.figure.years:
        return candidate.figure.years[-1]
    covered = candidate.document.year
    if covered and candidate.figure.kind == "target":
        return covered + 1  # the coming year's target, in the report reviewing ``covered``
    return covered


def _found(region: str, candidate: Candidate, year: int | None) -> ComparisonRow:
    """The row of ``candidate``'s figure. A round mark passed keeps its verb ("突破620亿斤"), as "以上" stays
    after a target: read as "620亿斤" it would pass for the figure itself."""
    figure = candidate.figure
    mark = _mark_passed(candidate)
    return ComparisonRow(
        region=region, year=year or _row_year(candidate), value=mark + figure.value, unit=figure.unit,
        kind=figure.kind, text=candidate.sentence, source=candidate.document.source, start=candidate.start,
        end=candidate.end, doc_id=candidate.document.doc_id, title=candidate.document.title, number=figure.number,
        value_start=candidate.start + figure.start - len(mark),
    )


def _mark_passed(candidate: Candidate) -> str:
    """The verb right before a figure that is a round mark passed ("突破", "超过"), or ""."""
    found = ROUND_MARK.search(candidate.figure.context)
    return found.group() if found else ""


def _missing(region: str, year: int | None, reason: str, nearest: Candidate | None = None) -> ComparisonRow:
    """No qualifying figure; the nearest sentence (if any) is kept so a reader can check it."""
    if nearest is None:
        return ComparisonRow(region, year, None, None, None, None, None, None, None, reason)
    return ComparisonRow(
        region, year, None, None, None, nearest.sentence, nearest.document.source, nearest.start, nearest.end,
        reason, nearest.document.doc_id, nearest.document.title,
    )
