"""Answers without an LLM: quote the sentences of the retrieved passages that answer the question.

Deterministic and instant: every candidate sentence (or clause window of a long sentence) is scored by the
question's weighted bigram coverage, with a bonus for figures when the question asks 多少/几/比例/率; the
best one is quoted and cited. A multi-region question gets the best sentence of each region, one per line.
Whether to answer at all is the judge's decision (judge.py); below ``threshold`` nothing is quoted.
"""

from __future__ import annotations

from dataclasses import dataclass

from retrieval.answer.context import clean_excerpt, facet_of
from retrieval.answer.query import Query, ScoredSpan, SpanScorer
from retrieval.types import Hit


@dataclass(frozen=True)
class ExtractedLine:
    label: str | None  # the region (or year) the line is about, for multi-region and "哪个地区" questions
    hit: Hit
    span: ScoredSpan
    score: float


def _candidates(hits: list[Hit], scorer: SpanScorer) -> list[tuple[Hit, ScoredSpan, float]]:
    out = []
    for position, hit in enumerate(hits):
        prior = 0.03 / (1 + position)  # the retrieval order breaks near-ties
        out.extend((hit, span, span.score + prior) for span in scorer.candidates(hit.passage.text))
    return out


def extract(query: Query, hits: list[Hit], scorer: SpanScorer, threshold: float,
            max_regions: int = 8) -> list[ExtractedLine]:
    """The quoted lines of the answer; empty when nothing answers the question well enough."""
    found = [c for c in _candidates(hits, scorer) if c[2] >= threshold]
    if not found:
        return []
    # A sentence that states what was asked (a figure of the asked kind beside its words) comes first; the
    # judge has already decided that the passages answer, so the best of the rest is quoted otherwise.
    found.sort(key=lambda c: (not c[1].answers, -c[2], c[0].rank, c[1].span.start))
    if query.facets:
        lines = []
        for kind, value in query.facets:
            best = next((c for c in found if facet_of(c[0], query) == value), None)
            if best:
                label = f"{value}年" if kind == "year" else str(value)
                lines.append(ExtractedLine(label, best[0], best[1], best[2]))
        return lines
    if query.multi:  # "哪些地区…": the best sentence of each region that has one
        seen: set[str] = set()
        lines = []
        for hit, span, score in found:
            key = hit.passage.region or hit.passage.doc_id
            if key not in seen and len(lines) < max_regions:
                seen.add(key)
                lines.append(ExtractedLine(hit.passage.region or hit.passage.title, hit, span, score))
        return lines
    hit, span, score = found[0]
    label = (hit.passage.region or hit.passage.title) if query.wants_place else None
    return [ExtractedLine(label, hit, span, score)]


def render(lines: list[ExtractedLine]) -> str:
    """One line per quote, "label：quote[n]。", numbered by first use of each passage."""
    numbers: dict[tuple[str, int, int], int] = {}
    out = []
    for line in lines:
        passage = line.hit.passage
        n = numbers.setdefault((passage.doc_id, passage.start, passage.end), len(numbers) + 1)
        quote = clean_excerpt(line.span.span.text).rstrip("。；;，,：:！？!? ")
        prefix = f"{line.label}：" if line.label else ""
        out.append(f"{prefix}{quote}[{n}]。")
    return "\n".join(out)


def passages_of(lines: list[ExtractedLine]) -> dict[int, Hit]:
    """The numbering ``render`` used, for verification."""
    numbered: dict[int, Hit] = {}
    for line in lines:
        if line.hit not in numbered.values():
            numbered[len(numbered) + 1] = line.hit
    return numbered
