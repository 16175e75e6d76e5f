"""Grounded answers in four typed stages: question analysis → evidence → judgement → generation and verification.

    answerer = Answerer(Retrieval.open(), make_backend())      # backend None → extractive
    for event in answerer.stream("朝天区收到多少件行政复议申请?"):
        if isinstance(event, TokenEvent): print(event.text, end="")   # raw, as generated
        else: answer = event.answer                                     # verified, renumbered citations

1. ``query.analyse``       what is asked: content words, figure wanted, regions, years, parts (facets)
2. ``evidence.gather``     the passages to answer from (one search per region for a question over several)
3. ``judge.Judge``         the calibrated probability that they answer; below the threshold: a refusal
4. generation              the LLM (or the extractive quoter) writes; ``citations.Verifier`` keeps only the
                           claims their cited passage holds, every figure included
A question over several regions or years runs stages 2-4 once per part, each from its own report.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Iterator
from dataclasses import dataclass

from config import AnswerSettings, LLMSettings
from config import settings as project_settings
from retrieval.answer import extractive, several
from retrieval.answer.citations import CheckedClaim, Claim, Verification, Verifier, question_checks, render
from retrieval.answer.evidence import Evidence, facet_filter, from_hits, gather, scope_of
from retrieval.answer.judge import Judge, Judgement
from retrieval.answer.prompt import REFUSAL, build_messages
from retrieval.answer.query import Query, analyse, part_years
from retrieval.answer.text import amounts, norm
from retrieval.answer.types import Answer, Fallback, FinalEvent, PartJudgement, StreamEvent, TokenEvent
from retrieval.llm.base import LLMBackend, LLMUnavailableError
from retrieval.search import Filters
from retrieval.service import Retrieval
from retrieval.types import Hit

EXTRACTIVE = "extractive"
_STOP = ["\n\n\n", "问题：", "资料："]


@dataclass
class _Attempt:
    """What one part of a question came to: a verification (None: refused before generating)."""

    evidence: Evidence
    judgement: Judgement | None
    verification: Verification | None
    backend: LLMBackend | None
    fallback: Fallback | None = None
    note: str = ""


class Answerer:
    def __init__(self, retrieval: Retrieval | None, backend: LLMBackend | None = None,
                 settings: AnswerSettings | None = None, llm: LLMSettings | None = None) -> None:
        self.retrieval = retrieval
        self.backend = backend
        self.settings = settings or project_settings().answer
        self.llm_settings = llm or project_settings().llm  # max_tokens, temperature: one knob for all generation
        embedder = retrieval.index.embedder if retrieval else None
        self._judges = {True: Judge(backend, embedder), False: Judge(None, embedder)}

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
        if query.facets and not filters:
            yield from self._stream_parts(query, top_k, started)
            return
        evidence = gather(self.retrieval, query, filters, self.settings, top_k)
        timings = {"retrieve_s": time.perf_counter() - started}
        attempt = yield from self._attempt(evidence, started, timings)
        yield FinalEvent(self._finish(query, [attempt], _completed(attempt), timings, started))

    def answer_from_hits(self, query: Query | str, hits: list[Hit], scope: list[str], started: float | None = None,
                         timings: dict[str, float] | None = None) -> Iterator[StreamEvent]:
        """Answer from given passages (the retrieval step is the caller's: benchmarks feed fixed pools)."""
        started = time.perf_counter() if started is None else started
        timings = dict(timings or {})
        if isinstance(query, str):
            query = analyse(query, self.retrieval.index.regions.regions_in if self.retrieval else None)
        encoder = self.retrieval.index.embedder if self.retrieval else None
        attempt = yield from self._attempt(from_hits(query, hits, scope, self.settings, encoder), started, timings)
        yield FinalEvent(self._finish(query, [attempt], _completed(attempt), timings, started))

    # -- one part of a question: judge, then generate and verify ----------------------------------------------

    def _attempt(self, evidence: Evidence, started: float, timings: dict[str, float],
                 label: str | None = None) -> Iterator[StreamEvent]:
        backend, fallback, note = self.backend, None, ""
        judge_started = time.perf_counter()
        try:
            judgement = self._judges[backend is not None].judge(evidence, part=label is not None)
        except LLMUnavailableError as error:
            backend, fallback, note = None, Fallback.LLM_UNAVAILABLE, str(error)
            judgement = self._judges[False].judge(evidence, part=label is not None)
        timings["judge_s"] = timings.get("judge_s", 0.0) + time.perf_counter() - judge_started
        if not judgement.answerable and self.settings.judge_gate:
            return _Attempt(evidence, judgement, None, backend, fallback, note)
        if backend is not None:
            try:
                text = yield from self._generate(backend, evidence, started, timings, label)
                verification = self._verifier(evidence, {p.n: p.hit for p in evidence.passages}).verify(text)
                if verification.supported == 0 and (instead := self._quote_instead(evidence, verification)):
                    hits, reason = instead
                    quoted = yield from self._extract(evidence, started, timings, label, hits)
                    if quoted.supported:
                        quoted = dataclasses.replace(quoted, draft=verification.draft)  # what the model wrote
                        return _Attempt(evidence, judgement, quoted, backend, reason)
                return _Attempt(evidence, judgement, verification, backend, fallback, note)
            except LLMUnavailableError as error:
                backend, fallback, note = None, Fallback.LLM_UNAVAILABLE, str(error)
        verification = yield from self._extract(evidence, started, timings, label)
        return _Attempt(evidence, judgement, verification, backend, fallback, note)

    def _generate(self, backend: LLMBackend, evidence: Evidence, started: float, timings: dict[str, float],
                  label: str | None) -> Iterator[StreamEvent]:
        messages = build_messages(evidence.query, evidence.passages, self.settings.prompt_allows_refusal)
        generation_started = time.perf_counter()
        pieces: list[str] = [f"{label}："] if label else []
        if label:
            yield TokenEvent(pieces[0])
        for piece in backend.stream(messages, self.llm_settings.max_tokens, self.llm_settings.temperature, _STOP):
            timings.setdefault("first_token_s", time.perf_counter() - started)
            pieces.append(piece)
            yield TokenEvent(piece)
        timings["generate_s"] = timings.get("generate_s", 0.0) + time.perf_counter() - generation_started
        text = "".join(pieces)
        return _one_line(text, label) if label else text

    def _quote_instead(self, evidence: Evidence, verification: Verification) -> tuple[list[Hit], Fallback] | None:
        """Where to quote from when nothing the model wrote held, and why; None: its refusal stands."""
        if self.settings.on_failed_answer == "quote_all":
            return evidence.hits, Fallback.QUOTED_AFTER_MODEL_REFUSAL
        # The model found the passage but misquoted it (another figure of it, or a growth rate for an amount):
        # its choice of passage is evidence of where the answer is, its wording is not. Asked an amount, a claim
        # that states none ("香港特别行政区 1997年 《…施政報告》[1]") quoted nothing: it picked no passage.
        cited = {n for c in verification.claims if c.status == "unsupported"
                 and (not evidence.query.asks_amount or _states_figure(c.claim)) for n in c.claim.cited}
        if self.settings.on_failed_answer == "quote_cited" and cited:
            return [p.hit for p in evidence.passages if p.n in cited], Fallback.QUOTED_AFTER_FAILED_CLAIMS
        return None

    def _extract(self, evidence: Evidence, started: float, timings: dict[str, float],
                 label: str | None, hits: list[Hit] | None = None) -> Iterator[StreamEvent]:
        """``hits``: quote from these only (default: all the evidence's)."""
        generation_started = time.perf_counter()
        query = evidence.query
        lines = extractive.extract(query, evidence.hits if hits is None else hits, evidence.scorer,
                                   self.settings.extractive_floor, self.settings.max_regions)
        if label:
            lines = [dataclasses.replace(line, label=label) for line in lines[:1]]
        text = extractive.render(lines)
        timings.setdefault("first_token_s", time.perf_counter() - started)  # an LLM may have streamed first
        if text:
            yield TokenEvent(text)
        timings["generate_s"] = timings.get("generate_s", 0.0) + time.perf_counter() - generation_started
        return self._verifier(evidence, extractive.passages_of(lines), extra=False).verify(text)

    def _verifier(self, evidence: Evidence, numbered: dict[int, Hit], extra: bool = True) -> Verifier:
        return verifier_for(evidence, numbered, self.settings, self.retrieval, extra)

    # -- a question over several regions or years: each part from its own reports -------------------------------

    def _stream_parts(self, query: Query, top_k: int | None, started: float) -> Iterator[StreamEvent]:
        timings: dict[str, float] = {}
        attempts: list[_Attempt] = []
        checked: list[CheckedClaim] = []
        parts: list[PartJudgement] = []
        scope: list[str] = []
        for line, (kind, value) in enumerate(query.facets):
            label = f"{value}年" if kind == "year" else str(value)
            part = dataclasses.replace(
                query, question=f"{query.question}（只回答{label}的情况）", facets=(), multi=False, places=(),
                regions=(str(value),) if kind == "region" else query.regions,
                years=part_years(query, str(value)) if kind == "region" else query.years,
            )
            filters = facet_filter(self.retrieval, kind, value)
            retrieve_started = time.perf_counter()
            evidence = gather(self.retrieval, part, filters, self.settings, top_k)
            timings["retrieve_s"] = timings.get("retrieve_s", 0.0) + time.perf_counter() - retrieve_started
            scope += [title for title in scope_of(self.retrieval, filters) if title not in scope]
            if line:
                yield TokenEvent("\n")
            attempt = yield from self._attempt(evidence, started, timings, label)
            attempts.append(attempt)
            verification = attempt.verification
            parts.append(_part_judgement(label, attempt))
            if verification is None or verification.supported == 0:
                refusal = Claim(f"{label}：{REFUSAL.rstrip('。')}", "。", (), line)
                checked.append(CheckedClaim(refusal, "refusal"))
                if verification is None:
                    yield TokenEvent(f"{label}：{REFUSAL}")
                continue
            checked += [dataclasses.replace(c, claim=dataclasses.replace(c.claim, line=line))
                        for c in verification.claims]
        combined = render(checked)
        if combined.supported == 0:
            combined = None
        yield FinalEvent(self._finish(query, attempts, combined, timings, started, scope, parts))

    # -- the answer ------------------------------------------------------------------------------------------

    def _finish(self, query: Query, attempts: list[_Attempt], verification: Verification | None,
                timings: dict[str, float], started: float, scope: list[str] | None = None,
                parts: list[PartJudgement] | None = None) -> Answer:
        timings["total_s"] = time.perf_counter() - started
        name = next((a.backend.name for a in attempts if a.backend is not None), EXTRACTIVE)
        fallback = next((a.fallback for a in attempts if a.fallback), None)
        notes = [a.note for a in attempts if a.note]
        scope = scope if scope is not None else attempts[0].evidence.scope
        hits = [h for a in attempts for h in a.evidence.hits]
        judged = [a.judgement for a in attempts if a.judgement]
        best = max(judged, key=lambda j: j.probability, default=None)
        unsupported = [c for a in attempts if a.verification for c in a.verification.unsupported]
        draft = "\n".join(a.verification.draft for a in attempts if a.verification)
        common = dict(question=query.asked, backend=name, timings=timings, searched_documents=scope,
                      unsupported_claims=unsupported, notes=notes, fallback=fallback,
                      answerability=best.probability if best else None,
                      judge_signals=dataclasses.asdict(best.signals) if best else None, parts=parts or [],
                      draft=draft)
        if verification is None or verification.supported == 0:
            return Answer(answer=refusal_text(scope, hits), refused=True, **common)
        return Answer(answer=verification.answer, refused=False, citations=verification.citations, **common)


def _completed(attempt: _Attempt) -> Verification | None:
    """The attempt's answer, with every amount a question of several asks for (several.py)."""
    verification = attempt.verification
    if verification is None:
        return None
    return several.complete(attempt.evidence, verification) or verification


def _states_figure(claim: Claim) -> bool:
    return bool(amounts(norm(claim.body)))


def verifier_for(evidence: Evidence, numbered: dict[int, Hit], settings: AnswerSettings,
                 retrieval: Retrieval | None = None, extra: bool = True) -> Verifier:
    """The verifier of a draft written from ``evidence`` whose passages are numbered as ``numbered``; with
    ``extra``, a claim may be re-attached to any retrieved hit (bench.reverify checks logged drafts with it)."""
    regions_in = retrieval.index.regions.regions_in if retrieval else None
    return Verifier(numbered, evidence.hits if extra else [], settings.support_threshold,
                    settings.figure_support_threshold, regions_in, evidence.query.question,
                    answer_spans=evidence.best_spans(), **question_checks(evidence.query))


def _part_judgement(label: str, attempt: _Attempt) -> PartJudgement:
    judgement = attempt.judgement
    return PartJudgement(
        label, judgement.probability if judgement else None,
        dataclasses.asdict(judgement.signals) if judgement else None,
        answered=bool(attempt.verification and attempt.verification.supported),
    )


def _one_line(text: str, label: str) -> str:
    """A part's answer on one line behind its label (the model may have repeated the label itself)."""
    body = " ".join(text[len(label) + 1 :].split())
    if body.startswith((f"{label}：", f"{label}:")):
        body = body[len(label) + 1 :]
    return f"{label}：{body}"


def refusal_text(scope: list[str], hits: list[Hit]) -> str:
    """The refusal names what was searched: all documents in scope when few, else the closest ones."""
    head = REFUSAL.rstrip("。").replace("相关内容", "能回答这个问题的内容")
    if not scope:
        return f"{head}（没有可检索的文件）。"
    if len(scope) <= 5:
        return f"{head}（已检索：{'、'.join(f'《{t}》' for t in scope)}）。"
    closest: list[str] = []
    for hit in hits:
        if hit.passage.title not in closest:
            closest.append(hit.passage.title)
    listed = "、".join(f"《{t}》" for t in closest[:3])
    return f"{head}（已检索全部{len(scope)}份文件{'，最接近的是' + listed if listed else ''}）。"
