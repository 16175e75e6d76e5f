"""Who else does X: other regions whose reports state the initiative a question names.

    result = ElsewhereFinder(Retrieval.open()).run("上海推行'一网通办'，还有哪些地方也在做类似的政务服务改革?")
    for finding in result.findings: finding.region, finding.quote      # one line per region, each with its sentence

The region the question names is the example, not a filter: its own passage on the measure joins the probe,
its reports are excluded, every pooled passage of the other reports is scored and a region's most relevant one
speaks for it (not the first-ranked one of each report: a report often states the initiative further down), and
a region is listed only when that sentence really states the initiative: a logistic regression over six signals
(the quote's wording, its meaning, its share of the best region's relevance, its search rank, the region's place
among the regions, and whether it names the initiative), fitted on the train questions (retrieval/listing.py),
not a fixed top N. Listed regions come most probable first. A listed region also
quotes its other pooled passages that pass the same threshold (``quotes_per_region``), never repeating one.
"""

from __future__ import annotations

import difflib
import re
import time
from dataclasses import dataclass, field, replace

from config import ElsewhereSettings
from config import settings as project_settings
from retrieval.answer.text import Span, clauses, coverage, norm, sentences, units
from retrieval.errors import RetrievalError
from retrieval.intent import Intent, detect
from retrieval.listing import ListingCalibration, ListingSignals, listing_signals, load_listing_calibration
from retrieval.places import enclosing_region, place_named
from retrieval.search import Filters
from retrieval.service import Retrieval
from retrieval.types import Hit

_CHAR_SHARE = 0.25
_QUOTE_CHARS = 90  # the longest quote per region: the clauses that state the initiative, not the whole list
_DENSE_SHARE = 0.5  # relevance = (1 - share) * wording + share * embedding similarity


@dataclass(frozen=True)
class RegionFinding:
    region: str
    hit: Hit  # the region's best passage
    quote: str  # the clauses of it that state the initiative, == document_text[quote_start:quote_end]
    quote_start: int
    quote_end: int
    relevance: float  # (1 - share) * wording + share * dense: picks a region's passage; one signal of six
    names_it: bool = False  # the quote repeats the initiative's own name (a rare run of the question's words)
    also: tuple[RegionFinding, ...] = ()  # the region's other passages that state it too, most relevant first
    wording: float = 0.0  # coverage of the question's words by the quote
    dense: float = 0.0  # embedding similarity above the 'unrelated' floor, 0-1
    signals: ListingSignals | None = None  # what the listing decision weighs; set by the finder
    probability: float = 0.0  # that the quote states the initiative (retrieval/listing.py); set by the finder

    @property
    def quotes(self) -> tuple[RegionFinding, ...]:
        """Every statement quoted for the region: this one first."""
        return (self, *self.also)

    def to_json(self) -> dict:
        return {"region": self.region, "relevance": round(self.relevance, 4),
                "probability": round(self.probability, 4), "quote": self.quote,
                "quote_start": self.quote_start, "quote_end": self.quote_end, "hit": self.hit.to_json(),
                "also": [f.to_json() for f in self.also]}


@dataclass
class Elsewhere:
    question: str
    measure: str
    probe_regions: tuple[str, ...]
    probe: str  # the text searched with
    findings: list[RegionFinding]
    timings: dict[str, float] = field(default_factory=dict)
    searched: list[str] = field(default_factory=list)  # titles of the other regions' reports
    probe_place: str = ""  # the city or district the question named, when it stands for a probe region ("上党区")

    @property
    def excluded(self) -> str:
        """The example, in the asker's words where they differ: "上党区（长治市）", "广元市朝天区"."""
        regions = "、".join(self.probe_regions)
        return f"{self.probe_place}（{regions}）" if self.probe_place else regions

    def to_json(self) -> dict:
        return {"question": self.question, "measure": self.measure, "probe_regions": list(self.probe_regions),
                "probe_place": self.probe_place, "regions": [f.to_json() for f in self.findings]}


@dataclass(frozen=True)
class _Search:
    """One question's search: every pooled passage of the other regions scored, and each region's best, judged."""

    measure: str
    probes: tuple[str, ...]
    place: str
    probe: str  # the text searched with
    scored: list[RegionFinding]  # every pooled passage of another region, most relevant first
    findings: list[RegionFinding]  # each region's most relevant one, with its signals and probability
    best: float  # the best region's relevance
    searched: list[str]  # titles of the other regions' reports


class ElsewhereFinder:
    def __init__(self, retrieval: Retrieval, settings: ElsewhereSettings | None = None,
                 calibration: ListingCalibration | None = None) -> None:
        self.retrieval = retrieval
        self.settings = settings or project_settings().elsewhere
        self.calibration = calibration or load_listing_calibration()
        fitted = self.calibration.threshold
        self.threshold = fitted if self.settings.min_probability is None else self.settings.min_probability
        self._rare_runs: dict[tuple[str, bool], bool] = {}

    def intent(self, question: str) -> Intent:
        return detect(question, self.retrieval.index.regions.regions_in)

    def run(self, question: str, intent: Intent | None = None) -> Elsewhere:
        started = time.perf_counter()
        found = self._search(question, intent or self.intent(question))
        kept = sorted((f for f in found.findings if f.probability >= self.threshold), key=lambda f: -f.probability)
        kept = kept[: self.settings.max_regions]
        if self.settings.quotes_per_region > 1:
            kept = self._quote_further(found, kept)
        return Elsewhere(question, found.measure, found.probes, found.probe, kept,
                         {"total_s": time.perf_counter() - started}, found.searched, found.place)

    def candidates(self, question: str) -> list[RegionFinding]:
        """Every other region's best passage with its signals and probability, most relevant first, unfiltered and
        uncapped (for calibrating the listing: ``python -m bench.calibrate_elsewhere``)."""
        return self._search(question, self.intent(question)).findings

    def _search(self, question: str, intent: Intent) -> _Search:
        measure = intent.measure or question.strip()
        if not measure:
            raise RetrievalError("the question is empty")
        # Asked here, any region the question names is the example, even if the wording did not say "其他"; a
        # city or district it names ("深圳在搞…", "上党区…") stands for the indexed region it lies in.
        documents = self.retrieval.documents()
        probes, place = intent.probe_regions or intent.regions, ""
        if not probes:
            place, probes = _enclosing(question, {d.region for d in documents if d.region})
        probe_docs = [d.doc_id for d in documents if d.region in probes]
        probe = self._probe(measure, probe_docs)
        pool = self.retrieval.searcher.run(probe, top_k=self.settings.candidates, exclude_doc_ids=tuple(probe_docs),
                                           boost=False)
        scored = self._score(measure, [hit for hit in pool if hit.passage.region and hit.passage.region not in probes])
        findings = _best_per_region(scored)
        best = findings[0].relevance if findings else 0.0
        findings = [self._judged(f, best, rank) for rank, f in enumerate(findings)]
        searched = [d.title or d.source for d in documents if d.doc_id not in probe_docs]
        return _Search(measure, tuple(probes), place, probe, scored, findings, best, searched)

    def _judged(self, finding: RegionFinding, best: float, region_rank: int) -> RegionFinding:
        signals = listing_signals(finding.wording, finding.dense, finding.relevance, best, finding.hit.rank,
                                  finding.names_it, region_rank)
        return replace(finding, signals=signals, probability=self.calibration.probability(signals))

    def _quote_further(self, found: _Search, kept: list[RegionFinding]) -> list[RegionFinding]:
        """Each listed region with its other pooled passages that pass the same cut (never a repeated sentence);
        a further passage is judged at its region's place among the regions, against the same best region."""
        ranks = {f.region: int(f.signals.region_rank) if f.signals else 0 for f in kept}
        chosen = {(f.hit.passage.doc_id, f.hit.passage.start) for f in kept}
        rest = [f for f in found.scored
                if f.region in ranks and (f.hit.passage.doc_id, f.hit.passage.start) not in chosen]
        judged = [self._judged(f, found.best, ranks[f.region]) for f in rest]
        passing = [f for f in judged if f.probability >= self.threshold]
        out = []
        for finding in kept:
            also: list[RegionFinding] = []
            said = [norm(finding.quote)]
            for other in passing:
                quote = norm(other.quote)
                if (other.region == finding.region and len(also) < self.settings.quotes_per_region - 1
                        and not any(quote in q or q in quote for q in said)):
                    also.append(other)
                    said.append(quote)
            out.append(replace(finding, also=tuple(also)))
        return out

    def _names_it(self, measure: str, quote: str) -> bool:
        """The quote repeats a run of the question's words that few reports use ("一网通办", "公职律师",
        "240小时过境免签"): the initiative's own name, one of the listing's strongest signals even when the rest
        of its sentence is worded unlike the question."""
        run = _longest_common_run(norm(measure), norm(quote))
        if len(run) >= self.settings.anchor_chars and self._rare(run, bare=False):
            return True
        # a name the report puts in quotes and the asker says too, however short ("村BA", "双随机、一公开", "免证明")
        names = [name for name in _quoted_names(norm(quote)) if name in _bare(norm(measure))]
        return any(self._rare(name, bare=True) for name in names)

    def _rare(self, name: str, bare: bool) -> bool:
        """Whether few reports contain ``name``, in their matching form or, ``bare``, without punctuation."""
        # every pooled passage is asked about the same few runs of the question: count each in the reports once
        if (name, bare) not in self._rare_runs:
            texts = self.retrieval.normalised_texts()
            if bare:
                texts = self.retrieval.index.derived("bare_texts", lambda: [_bare(text) for text in texts])
            found = sum(name in text for text in texts)
            self._rare_runs[name, bare] = found <= self.settings.anchor_max_share * len(texts)
        return self._rare_runs[name, bare]

    def _probe(self, measure: str, probe_docs: list[str]) -> str:
        """The measure, plus how the named region's own report states it (its wording finds its peers)."""
        if not probe_docs:
            return measure
        hits = self.retrieval.search(measure, 1, Filters(doc_ids=tuple(probe_docs)))
        if not hits:
            return measure
        quote = _best_window(hits[0].passage.text, measure)
        return f"{measure} {quote.text}" if quote else measure

    def _score(self, measure: str, hits: list[Hit]) -> list[RegionFinding]:
        if not hits:
            return []
        quotes = [_best_window(h.passage.text, measure) or Span(0, len(h.passage.text), h.passage.text) for h in hits]
        embedder = self.retrieval.index.embedder
        vectors = embedder.encode_documents([norm(q.text) for q in quotes])
        probe = embedder.encode_queries([norm(measure)])[0]
        floor = self.settings.dense_floor
        findings = []
        for hit, quote, vector in zip(hits, quotes, vectors, strict=True):
            dense = max(0.0, float(vector @ probe) - floor) / (1 - floor)
            wording = _wording(measure, quote.text)
            relevance = (1 - _DENSE_SHARE) * wording + _DENSE_SHARE * dense
            start = hit.passage.start
            findings.append(RegionFinding(hit.passage.region or "", hit, quote.text, start + quote.start,
                                          start + quote.end, relevance, self._names_it(measure, quote.text),
                                          wording=wording, dense=dense))
        return sorted(findings, key=lambda f: -f.relevance)


def _enclosing(question: str, regions: set[str]) -> tuple[str, tuple[str, ...]]:
    """The place the question names and the indexed region it lies in, or ("", ())."""
    place = place_named(question)
    region = enclosing_region(place, sorted(regions)) if place else None
    if place is None or region is None:
        return "", ()
    return ("" if region.endswith(place.name) else place.name), (region,)  # "朝天区" names 广元市朝天区 itself


def _best_per_region(findings: list[RegionFinding]) -> list[RegionFinding]:
    """Grouped by region: a region's most relevant report speaks for it (findings come sorted)."""
    seen: set[str] = set()
    return [f for f in findings if not (f.region in seen or seen.add(f.region))]


def _longest_common_run(a: str, b: str) -> str:
    """The longest run of characters (CJK, digits, Latin) that both texts contain, punctuation excluded."""
    match = difflib.SequenceMatcher(None, a, b, autojunk=False).find_longest_match(0, len(a), 0, len(b))
    return max(re.findall(r"[\u3400-\u9fff0-9a-z]+", a[match.a : match.a + match.size]) or [""], key=len)


_QUOTED = re.compile(r"[“‘「『'\"]([^”’」』'\"]{2,20})[”’」』'\"]")


_PUNCTUATION = re.compile(r"[^\u3400-\u9fff0-9a-z]")


def _bare(text: str) -> str:
    """Characters only: "双随机、一公开" and "双随机一公开" are one name."""
    return _PUNCTUATION.sub("", text)


def _quoted_names(text: str) -> list[str]:
    return [name for quoted in _QUOTED.findall(text) if len(name := _bare(quoted)) >= _LEAST_NAME]


_LEAST_NAME = 2


def _wording(measure: str, text: str) -> float:
    """Coverage of the measure's words; a quoted name ("综合查一次") is the initiative itself and counts half."""
    found = norm(text)
    score = _cover(norm(measure), found)
    quoted = _QUOTED.findall(norm(measure))
    return 0.5 * score + 0.5 * max(_cover(q, found) for q in quoted) if quoted else score


def _cover(wanted: str, found: str) -> float:
    chars = set(re.sub(r"[\s'\"“”‘’]", "", wanted))
    return (1 - _CHAR_SHARE) * coverage(units(wanted), units(found)) + _CHAR_SHARE * coverage(chars, set(found))


def _best_window(text: str, measure: str) -> Span | None:
    """The window of consecutive clauses (≤ _QUOTE_CHARS) of one sentence that best states the measure."""
    best: tuple[float, int, Span] | None = None
    for sentence in sentences(text):
        parts = clauses(sentence) or [sentence]
        for i in range(len(parts)):
            for j in range(i, len(parts)):
                start, end = parts[i].start, parts[j].end
                if end - start > _QUOTE_CHARS and j > i:
                    break
                window = Span(start, end, text[start:end])
                key = (_wording(measure, window.text) - 0.001 * len(window.text), -start, window)
                if best is None or key[:2] > best[:2]:
                    best = key
    return best[2] if best else None
