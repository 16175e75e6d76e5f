"""What a question asks for: its content words, whether it wants a figure, which regions/years it names,
and whether it spans several regions (one answer line per region)."""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from retrieval.answer.text import Span, clauses, coverage, figures, is_injection, norm, sentences, units
from retrieval.regions import region_aliases, years_in

# Question words and framing carry no content: a passage never contains "多少" or "报告提到".
_FRAMING = re.compile(
    r"多少|什么样|什么|哪些|哪个|哪几|哪里|怎样|怎么样|怎么|如何|是否|有没有|有多高|有多大|多高|多大|多长|几个|几件|几项|"
    r"几次|几名|几位|分别|各自|具体|一共|大约|大概|请问|政府工作报告|施政报告|报告中|报告里|报告称|报告说|报告|提到|"
    r"显示|是指|情况|进展|为何|为什么|吗|呢|\?|？"
)
_WANTS_FIGURE = re.compile(
    r"多少|几[个件项次名位人年天家条份所宗]?|比例|比率|百分|占比|率|多高|多大|规模|金额|数量|增长|增速|下降|减少|提高|"
    r"排名|第几|压缩"
)
_WANTS_RATE = re.compile(r"比例|比率|百分|占比|率")
_WANTS_PLACE = re.compile(r"哪(?:个|些|几个)?(?:地区|地方|省份|省|市|县|区|城市|地)")
_ALL_PLACES = re.compile(r"哪些(?:地区|地方|省份|省|市|县|区|城市)|各地|各省|各市|各区|各县|哪几个(?:地区|省|市|县|区)")
_CONJUNCTION = re.compile(r"和|与|及|、|分别|各")


@dataclass(frozen=True)
class Query:
    question: str
    normalised: str
    units: frozenset[str]  # content units of the question (framing and region names removed)
    wants_figure: bool
    wants_rate: bool
    wants_place: bool  # the answer is a region ("哪个地区…")
    regions: tuple[str, ...] = ()  # indexed regions the question names
    years: tuple[int, ...] = ()
    multi: bool = False  # one answer line per region (or per year)
    facets: tuple[tuple[str, str | int], ...] = field(default=())  # ("region", name) / ("year", 2015)


def analyse(question: str, regions_in: Callable[[str], set[str]] | None = None) -> Query:
    normalised = norm(question)
    regions = tuple(sorted(regions_in(normalised))) if regions_in else ()
    years = tuple(sorted(years_in(normalised)))
    content = normalised
    for region in regions:  # region names are matched through metadata, not through passage words
        for alias in sorted(region_aliases(region), key=len, reverse=True):
            content = content.replace(alias, " ")
    content = _FRAMING.sub(" ", content)
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
        wants_figure=bool(_WANTS_FIGURE.search(normalised)),
        wants_rate=bool(_WANTS_RATE.search(normalised)),
        wants_place=bool(_WANTS_PLACE.search(normalised)),
        regions=regions,
        years=years,
        multi=bool(facets) or bool(_ALL_PLACES.search(normalised)),
        facets=facets,
    )


@dataclass(frozen=True)
class ScoredSpan:
    span: Span  # offsets in the passage text
    score: float
    coverage: float
    has_figure: bool


class SpanScorer:
    """Scores sentences and clause windows of passages against a question.

    Units are weighted by inverse frequency among the candidate sentences, so words every passage shares
    ("行政", "2024") count less than the specific ones ("学法", "复议").
    """

    def __init__(self, query: Query, texts: Iterable[str], max_span_chars: int = 90,
                 length_penalty: float = 0.0015) -> None:
        self.query = query
        self.max_span_chars = max_span_chars
        self.length_penalty = length_penalty
        pool = [units(norm(s.text)) for text in texts for s in sentences(text)]
        n = len(pool) or 1
        self.weights = {
            u: math.log(1.0 + n / (1.0 + sum(1 for p in pool if u in p))) for u in query.units
        }

    def score(self, text: str) -> tuple[float, float, bool]:
        normalised = norm(text)
        cov = coverage(set(self.query.units), units(normalised), self.weights)
        found = [f for f in figures(normalised) if not f.is_year]
        bonus = 0.0
        if self.query.wants_rate:  # "…率是多少": a percentage, not any count next to the word
            percent = any(f.mag in ("%", "‰") or f.value.startswith("百分之") for f in found)
            bonus += 0.15 if percent else (0.0 if found else -0.1)
        elif self.query.wants_figure:
            bonus += 0.1 if found else -0.1
        return cov + bonus - self.length_penalty * len(text), cov, bool(found)

    def candidates(self, passage_text: str) -> list[ScoredSpan]:
        """Whole sentences when short, else windows of consecutive clauses up to ``max_span_chars``."""
        out: list[ScoredSpan] = []
        for sentence in sentences(passage_text):
            if is_injection(sentence.text):
                continue
            if len(sentence.text) <= self.max_span_chars:
                windows = [sentence]
            else:
                windows = list(_clause_windows(passage_text, clauses(sentence), self.max_span_chars))
            for window in windows:
                score, cov, has_figure = self.score(window.text)
                out.append(ScoredSpan(window, score, cov, has_figure))
        return out

    def best(self, passage_text: str) -> ScoredSpan | None:
        found = self.candidates(passage_text)
        return max(found, key=lambda s: (s.score, -s.span.start)) if found else None


def _clause_windows(text: str, parts: list[Span], limit: int) -> Iterable[Span]:
    for i in range(len(parts)):
        for j in range(i, len(parts)):
            start, end = parts[i].start, parts[j].end
            if end - start > limit and j > i:
                break
            yield Span(start, end, text[start:end])
