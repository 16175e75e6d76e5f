"""Stage 2 of an answer: the passages a question can be answered from.

The hybrid search, restricted to what the question names (its regions, the report of the year it names, or
one search per region for a question over several), then the passages of the year asked, ranked and cut to
the sentences around their best match (context.py). Nothing here decides *whether* they answer: that is the
judge's (judge.py).
"""

from __future__ import annotations

from dataclasses import dataclass

from config import AnswerSettings
from retrieval.answer.context import PromptPassage, select_passages
from retrieval.answer.meaning import Encoder, Meaning
from retrieval.answer.query import Query, SpanScorer, mentions_year, year_in_title
from retrieval.answer.text import Span
from retrieval.search import Filters
from retrieval.service import Retrieval
from retrieval.types import Hit


@dataclass(frozen=True)
class Evidence:
    query: Query
    hits: list[Hit]  # everything retrieved (of the year asked), best first: re-citation candidates
    passages: list[PromptPassage]  # what the prompt quotes, numbered from 1
    scope: list[str]  # titles of the documents the search could draw on
    scorer: SpanScorer  # scores sentences against the question (extractive answers reuse it)

    def best_spans(self, k: int = 3) -> tuple[tuple[Hit, Span], ...]:
        """The ``k`` spans of the prompt passages that the scorer ranks best at answering the question (words
        and meaning): where a claim that only restates the question may take its figure from (citations.py)."""
        ranked = [(s.score, p.hit, s.span) for p in self.passages for s in self.scorer.candidates(p.hit.passage.text)]
        ranked.sort(key=lambda item: -item[0])
        return tuple((hit, span) for _, hit, span in ranked[:k])


def gather(retrieval: Retrieval, query: Query, filters: Filters, settings: AnswerSettings,
           top_k: int | None = None) -> Evidence:
    hits, scope = retrieve(retrieval, query, filters, top_k or settings.retrieve_k)
    return from_hits(query, hits, scope, settings, retrieval.index.embedder)


def from_hits(query: Query, hits: list[Hit], scope: list[str], settings: AnswerSettings,
              encoder: Encoder | None = None) -> Evidence:
    """Evidence from given passages (benchmarks feed fixed pools; facets feed one region's). With an
    encoder (the index's embedding model), sentences are chosen by meaning as well as by shared words."""
    if query.years:  # the year asked about is part of the question, not a detail any passage may differ in
        hits = [h for h in hits if any(mentions_year(h, y) for y in query.years)]
    wanted = encoder is not None and hits and settings.meaning_weight > 0
    meaning = Meaning(encoder, query.normalised) if wanted else None
    scorer = SpanScorer(query, [h.passage.text for h in hits], settings.max_span_chars, meaning=meaning,
                        meaning_weight=settings.meaning_weight)
    passages = select_passages(query, hits, scorer, settings.max_passages, settings.max_passage_chars,
                               settings.relative_floor)
    return Evidence(query, hits, passages, scope, scorer)


def retrieve(retrieval: Retrieval, query: Query, filters: Filters, k: int) -> tuple[list[Hit], list[str]]:
    search = retrieval.search
    if filters:
        hits = search(query.question, k, filters)
    elif query.regions or query.report_year:
        # "朝天区…", "2015年政府工作报告…": only those reports can answer, whatever others say
        filters = year_filter(retrieval, query.report_year, query.regions) if query.report_year else Filters()
        if not filters:
            filters = Filters(regions=query.regions)
        hits = search(query.question, k, filters)
    else:
        hits = search(query.question, k * 2 if query.multi else k)
    return hits, scope_of(retrieval, filters)


def year_filter(retrieval: Retrieval, year: int | None, regions: tuple[str, ...] = ()) -> Filters:
    """The reports delivered in ``year`` (by title), else those covering it; empty if none."""
    documents = retrieval.documents()
    if regions:
        allowed = set(retrieval.searcher.resolve_regions(regions))
        documents = [d for d in documents if d.region in allowed]
    chosen = [d.doc_id for d in documents if year and year_in_title(year, d.title)]
    chosen = chosen or [d.doc_id for d in documents if d.year == year]
    return Filters(doc_ids=tuple(chosen)) if chosen else Filters()


def facet_filter(retrieval: Retrieval, kind: str, value: str | int) -> Filters:
    return Filters(regions=(str(value),)) if kind == "region" else year_filter(retrieval, int(value))


def scope_of(retrieval: Retrieval, filters: Filters) -> list[str]:
    documents = retrieval.documents()
    if filters.regions:
        regions = set(retrieval.searcher.resolve_regions(filters.regions))
        documents = [d for d in documents if d.region in regions]
    if filters.years:
        documents = [d for d in documents if d.year in filters.years]
    if filters.doc_ids:
        documents = [d for d in documents if d.doc_id in filters.doc_ids]
    return [d.title or d.source for d in documents]
