"""Grounded answers: retrieve, pick and trim passages, generate (LLM or extractive), verify citations.

    answerer = Answerer(Retrieval.open(), make_backend())      # backend None → extractive
    for event in answerer.stream("朝天区收到多少件行政复议申请?"):
        if isinstance(event, TokenEvent): print(event.text, end="")   # raw, as generated
        else: answer = event.answer                                     # verified, renumbered citations
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass

from retrieval.answer import extractive
from retrieval.answer.citations import Verification, Verifier
from retrieval.answer.context import Passage, select_passages
from retrieval.answer.prompt import REFUSAL, build_messages
from retrieval.answer.query import Query, SpanScorer, analyse, mentions_year, year_in_title
from retrieval.answer.settings import AnswerSettings
from retrieval.answer.text import Span, sentences
from retrieval.answer.types import Answer, FinalEvent, StreamEvent, TokenEvent
from retrieval.llm.base import LLMBackend, LLMUnavailableError
from retrieval.search import Filters
from retrieval.service import Retrieval
from retrieval.types import Hit

EXTRACTIVE = "extractive"
_STOP = ["\n\n\n", "问题：", "资料："]


@dataclass
class _Retrieved:
    hits: list[Hit]
    scope: list[str]  # titles of the documents the search could draw on


class Answerer:
    def __init__(self, retrieval: Retrieval | None, backend: LLMBackend | None = None,
                 settings: AnswerSettings | None = None) -> None:
        self.retrieval = retrieval
        self.backend = backend
        self.settings = settings or AnswerSettings()

    @property
    def backend_name(self) -> str:
        return self.backend.name if self.backend else EXTRACTIVE

    def ask(self, question: str, filters: Filters = Filters(), top_k: int | None = None) -> Answer:
        final = None
        for event in self.stream(question, filters, top_k):
            if isinstance(event, FinalEvent):
                final = event.answer
        assert final is not None  # stream always ends with a FinalEvent
        return final

    def stream(self, question: str, filters: Filters = Filters(), top_k: int | None = None) -> Iterator[StreamEvent]:
        from retrieval.answer import crossregion  # imported here: crossregion's modules import retrieval.answer.text

        if (cross_region := crossregion.route(self.retrieval, question, filters)) is not None:
            yield from cross_region  # "who else does X" / figures side by side: answered in those terms
            return
        started = time.perf_counter()
        query = analyse(question, self.retrieval.index.regions.regions_in)
        retrieved = self._retrieve(query, filters, top_k)
        timings = {"retrieve_s": time.perf_counter() - started}
        yield from self.answer_from_hits(query, retrieved.hits, retrieved.scope, started, timings)

    def answer_from_hits(self, query: Query | str, hits: list[Hit], scope: list[str], started: float | None = None,
                         timings: dict[str, float] | None = None) -> Iterator[StreamEvent]:
        """Answer from given passages (the retrieval step is the caller's: benchmarks feed fixed pools)."""
        started = time.perf_counter() if started is None else started
        timings = dict(timings or {})
        if isinstance(query, str):
            query = analyse(query, self.retrieval.index.regions.regions_in if self.retrieval else None)
        if query.years:  # the year asked about is part of the question, not a detail any passage may differ in
            hits = [h for h in hits if any(mentions_year(h, y) for y in query.years)]
        scorer = SpanScorer(query, [h.text for h in hits], self.settings.max_span_chars)
        passages = select_passages(query, hits, scorer, self.settings.max_passages, self.settings.max_passage_chars)
        relevance = max((p.best.score for p in passages if p.best and p.best.answers), default=-1.0)
        notes: list[str] = []
        backend = self.backend
        if relevance < self.settings.refusal_threshold:
            # Nothing retrieved states anything close to the question: do not let a model improvise.
            verification = None
        elif backend is not None:
            try:
                text = yield from self._generate(backend, query, passages, started, timings)
                verification = self._verifier(passages, hits, query).verify(text)
                if self.settings.extractive_on_model_refusal and verification.supported == 0:
                    # A small model refuses answers that are plainly in its passages; quote them instead.
                    fallback = yield from self._extract(query, hits, scorer, started, timings)
                    if fallback.supported:
                        notes.append("the model found no answer; the passages' answering sentence is quoted")
                        verification = fallback
            except LLMUnavailableError as error:
                notes.append(f"LLM unavailable, answered extractively: {error}")
                backend = None
                verification = yield from self._extract(query, hits, scorer, started, timings)
        else:
            verification = yield from self._extract(query, hits, scorer, started, timings)
        verify_done = time.perf_counter()
        answer = self._finish(query, scorer, verification, scope, hits, backend, timings, notes)
        answer.timings["total_s"] = verify_done - started
        yield FinalEvent(answer)

    # -- steps ---------------------------------------------------------------------------------------

    def _retrieve(self, query: Query, filters: Filters, top_k: int | None) -> _Retrieved:
        k = top_k or self.settings.retrieve_k
        search = self.retrieval.search
        if filters:
            hits = search(query.question, k, filters)
        elif query.facets:  # one search per region (or year) so no region crowds out another
            per = max(3, k // 2)
            hits = []
            for kind, value in query.facets:
                facet = Filters(regions=(str(value),)) if kind == "region" else self._year_filter(int(value))
                hits.extend(search(query.question, per, facet))
        elif query.regions or query.report_year:
            # "朝天区…", "2015年政府工作报告…": only those reports can answer, whatever others say
            filters = self._year_filter(query.report_year, query.regions) if query.report_year else Filters()
            if not filters:
                filters = Filters(regions=query.regions)
            hits = search(query.question, k, filters)
        else:
            hits = search(query.question, k * 2 if query.multi else k)
        return _Retrieved(hits, self._scope(filters))

    def _year_filter(self, year: int | None, regions: tuple[str, ...] = ()) -> Filters:
        """The reports delivered in ``year`` (by title), else those covering it; empty if none."""
        documents = self.retrieval.documents()
        if regions:
            allowed = set(self.retrieval.searcher.resolve_regions(regions))
            documents = [d for d in documents if d.region in allowed]
        chosen = [d.doc_id for d in documents if year and year_in_title(year, d.title)]
        chosen = chosen or [d.doc_id for d in documents if d.year == year]
        return Filters(doc_ids=tuple(chosen)) if chosen else Filters()

    def _scope(self, filters: Filters) -> list[str]:
        documents = self.retrieval.documents()
        if filters.regions:
            regions = set(self.retrieval.searcher.resolve_regions(filters.regions))
            documents = [d for d in documents if d.region in regions]
        if filters.years:
            documents = [d for d in documents if d.year in filters.years]
        if filters.doc_ids:
            documents = [d for d in documents if d.doc_id in filters.doc_ids]
        return [d.title or d.source for d in documents]

    def _generate(self, backend: LLMBackend, query: Query, passages: list[Passage], started: float,
                  timings: dict[str, float]) -> Iterator[StreamEvent]:
        messages = build_messages(query, passages, self.settings.prompt_allows_refusal)
        generation_started = time.perf_counter()
        pieces: list[str] = []
        for piece in backend.stream(messages, self.settings.max_tokens, self.settings.temperature, _STOP):
            if not pieces:
                timings["first_token_s"] = time.perf_counter() - started
            pieces.append(piece)
            yield TokenEvent(piece)
        timings["generate_s"] = time.perf_counter() - generation_started
        return "".join(pieces)

    def _extract(self, query: Query, hits: list[Hit], scorer: SpanScorer, started: float,
                 timings: dict[str, float]) -> Iterator[StreamEvent]:
        generation_started = time.perf_counter()
        lines = extractive.extract(query, hits, scorer, self.settings.refusal_threshold, self.settings.max_regions)
        text = extractive.render(lines)
        if lines and query.facets:  # say so for the regions the reports are silent about
            covered = {line.label for line in lines}
            missing = [str(v) + ("年" if kind == "year" else "") for kind, v in query.facets]
            text += "".join(f"\n{label}：{REFUSAL}" for label in missing if label not in covered)
        timings.setdefault("first_token_s", time.perf_counter() - started)  # an LLM may have streamed first
        if text:
            yield TokenEvent(text)
        timings["generate_s"] = timings.get("generate_s", 0.0) + time.perf_counter() - generation_started
        return self._verifier_for(extractive.passages_of(lines), [], query).verify(text)

    def _verifier(self, passages: list[Passage], hits: list[Hit], query: Query) -> Verifier:
        return self._verifier_for({p.n: p.hit for p in passages}, hits, query)

    def _verifier_for(self, numbered: dict[int, Hit], extra: list[Hit], query: Query) -> Verifier:
        regions_in = self.retrieval.index.regions.regions_in if self.retrieval else None
        return Verifier(numbered, extra, self.settings.support_threshold, self.settings.figure_support_threshold,
                        regions_in, query.question)

    def _finish(self, query: Query, scorer: SpanScorer, verification: Verification | None, scope: list[str],
                hits: list[Hit], backend: LLMBackend | None, timings: dict[str, float], notes: list[str]) -> Answer:
        name = backend.name if backend else EXTRACTIVE
        unsupported = verification.unsupported if verification else []
        if verification is not None and not _answers(verification, scorer):
            verification = None  # "多少…?" answered without any figure: the material does not say
        if verification is None or verification.supported == 0:
            return Answer(
                question=query.question, answer=refusal_text(scope, hits), refused=True, backend=name,
                timings=timings, searched_documents=scope, unsupported_claims=unsupported, notes=notes,
            )
        return Answer(
            question=query.question, answer=verification.answer, refused=False, backend=name,
            citations=verification.citations, timings=timings, searched_documents=scope,
            unsupported_claims=verification.unsupported, notes=notes,
        )


def _answers(verification: Verification, scorer: SpanScorer) -> bool:
    """Some supported claim, read with the sentence it rests on, states what was asked: "审结应诉案件72件"
    is supported, but it is no answer to "多少件行政复议案件". The whole sentence, not just the support
    window: "五十亿元" rests on "拨款五十亿元，" and the next clause says what for ("设立创新及技术基金")."""
    return any(
        scorer.answers(f"{c.claim.body}，{_sentence_around(s.hit.text, s.span)}")
        for c in verification.claims for s in c.supports
    ) or verification.supported == 0


def _sentence_around(text: str, span: Span) -> str:
    around = [s for s in sentences(text) if s.start < span.end and span.start < s.end]
    return text[around[0].start : around[-1].end] if around else span.text


def refusal_text(scope: list[str], hits: list[Hit]) -> str:
    """The refusal names what was searched: all documents in scope when few, else the closest ones."""
    head = REFUSAL.rstrip("。").replace("相关内容", "能回答这个问题的内容")
    if not scope:
        return f"{head}（没有可检索的文件）。"
    if len(scope) <= 5:
        return f"{head}（已检索：{'、'.join(f'《{t}》' for t in scope)}）。"
    closest: list[str] = []
    for hit in hits:
        if hit.title not in closest:
            closest.append(hit.title)
    listed = "、".join(f"《{t}》" for t in closest[:3])
    return f"{head}（已检索全部{len(scope)}份文件{'，最接近的是' + listed if listed else ''}）。"
