"""A question that asks for several amounts gets all of them, in the report's words.

"城里和农村的低保各发多少钱", "办理了多少条建议和提案", "旅游的人从多少涨到了多少" (``Query.several``): reports state
such figures side by side ("城乡低保标准提高到每月815元和615元", "办理人大代表建议62件、政协提案81件"), and the
bundled model often copies only the first ("815元[1]"). When the checked answer states exactly one amount of
the kind asked, and a clause of the same report states that amount beside another one of its kind, the clause is
quoted with a citation: in place of the claim when it holds everything the claim stated, after it otherwise.

Where the clause may come from, best first:
1. the window the verifier found holding the claim: the model's own reading of the report;
2. another sentence of the same report, if it states an amount of the kind asked next to the words of what is
   asked about (``SpanScorer.answers``): "收到行政复议申请62件、行政诉讼案件30件" shares the number 62 with
   "建议62件" but not the question's words.

Nothing is added when the answer already states two amounts, or when no clause pairs the stated amount with
another: then the report may state a single total, and the answer stands as the model wrote it.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

from retrieval.answer.citations import HELD, CheckedClaim, Claim, Support, Verification, render
from retrieval.answer.context import clean_excerpt
from retrieval.answer.evidence import Evidence
from retrieval.answer.query import asks_for
from retrieval.answer.text import (
    Figure,
    Span,
    amounts,
    clauses,
    figure_supported,
    figure_unit,
    norm,
    sentences,
    unit_group,
)
from retrieval.types import Hit

_TRAILING = "。；;，,：:！？!? "


def complete(evidence: Evidence, verification: Verification) -> Verification | None:
    """The answer with every amount a question of several asks for; None: it stands as it is."""
    if not evidence.query.several or verification.supported == 0:
        return None
    stated = _the_one_amount_stated(evidence, verification)
    if stated is None:
        return None
    figure, claim = stated
    found = next(_pairing_clauses(evidence, figure, claim), None)
    if found is None:
        return None
    hit, clause = found
    quoted = CheckedClaim(Claim(clean_excerpt(clause.text), "。", (), claim.claim.line), "supported",
                          [Support(hit, clause, 1.0)])
    quote = norm(clause.text)
    in_quote = amounts(quote)
    covers = all(figure_supported(f, in_quote, quote) for f in amounts(norm(claim.claim.body)))
    checked: list[CheckedClaim] = []
    for item in verification.claims:
        if item is not claim:
            checked.append(item)
        elif covers:  # the quote says all the claim said: it replaces it
            checked.append(quoted)
        else:  # the claim keeps what only it states, and ends its sentence before the quote
            checked += [replace(item, claim=replace(item.claim, end=item.claim.end or "。")), quoted]
    return replace(render(checked), draft=verification.draft)


def _the_one_amount_stated(evidence: Evidence, verification: Verification) -> tuple[Figure, CheckedClaim] | None:
    """The amount of the kind asked that the held claims state, and the first claim stating it, when they
    state exactly one (a bare number has no unit to pair by)."""
    first_claim: dict[tuple, tuple[Figure, CheckedClaim]] = {}
    for item in verification.claims:
        if item.status not in HELD:
            continue
        for figure in amounts(norm(item.claim.body)):
            if figure.amount is not None and asks_for(evidence.query, figure, unit_optional=True):
                first_claim.setdefault((figure.amount, _unit(figure)), (figure, item))
    if len(first_claim) != 1:
        return None
    figure, claim = next(iter(first_claim.values()))
    return (figure, claim) if _unit(figure) else None


def _pairing_clauses(evidence: Evidence, figure: Figure, claim: CheckedClaim) -> Iterator[tuple[Hit, Span]]:
    for support in claim.supports:  # 1. where the verifier found the claim
        for sentence in sentences(support.hit.passage.text):
            for clause in _clauses_pairing(evidence, figure, sentence):
                if clause.start < support.span.end and support.span.start < clause.end:
                    yield support.hit, clause
    reports = {s.hit.passage.doc_id for s in claim.supports}
    for hit in evidence.hits:  # 2. elsewhere in the same report, about what is asked
        if hit.passage.doc_id in reports:
            for sentence in sentences(hit.passage.text):
                for clause in _clauses_pairing(evidence, figure, sentence):
                    if evidence.scorer.answers(clause.text):
                        yield hit, clause


def _clauses_pairing(evidence: Evidence, figure: Figure, sentence: Span) -> Iterator[Span]:
    """The clauses of ``sentence`` that state ``figure`` and another amount of its kind ("建议62件、提案81件",
    "建议62件、提案62件"). One clause only: the next is as likely to count something else ("空气质量优良天数比例
    98.8%，地表水水质优良比例96.9%")."""
    for clause in clauses(sentence) or [sentence]:
        normalised = norm(clause.text)
        found = amounts(normalised)
        if not figure_supported(figure, found, normalised):
            continue
        of_its_kind = [f for f in found if asks_for(evidence.query, f) and _unit(f) == _unit(figure)]
        if len(of_its_kind) >= 2:
            yield _trimmed(clause)


def _unit(figure: Figure) -> str:
    """What the amount counts, for pairing: "%" for a percentage, else its unit, one per group of units that
    count the same things ("件" for 宗 and 条 too); "" for a bare number."""
    return "%" if figure.is_percent else unit_group(figure_unit(figure))


def _trimmed(clause: Span) -> Span:
    """The clause without its closing punctuation, so that the highlight is exactly the quote."""
    text = clause.text.rstrip(_TRAILING)
    return Span(clause.start, clause.start + len(text), text)
