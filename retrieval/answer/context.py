"""Which retrieved passages go into the prompt, and which of their sentences.

A CPU model pays ~12 s per 1,000 prompt tokens and small models lose figures in long contexts, so each
passage is cut to the clauses around its best match for the question (figures kept with their clause),
and only a few passages are kept: for a multi-region question, the best ones of each region first.
"""

from __future__ import annotations

import dataclasses
import itertools
import re
from dataclasses import dataclass

from retrieval.answer.kinds import asked_kind, contradicts, kinds_of
from retrieval.answer.query import Query, ScoredSpan, SpanScorer, asks_for, year_in_title
from retrieval.answer.text import Span, clauses, figures, is_injection, norm, sentences
from retrieval.types import Hit

_GAP = "…"
# Brackets in passages would read as citation markers to the model ("【字号】", "[1]").
_BRACKETS = str.maketrans({"[": "〔", "]": "〕", "【": "〔", "】": "〕", "［": "〔", "］": "〕"})
_SPACES = re.compile(r"\s+")
KIND_BONUS = 0.15  # a span of the kind asked (target/result): as much as a percentage for a rate question


@dataclass(frozen=True)
class PromptPassage:
    """Passage ``n`` of the prompt: the retrieved hit and the excerpt of it the model sees."""

    n: int
    hit: Hit
    excerpt: str
    best: ScoredSpan | None  # its best-matching sentence or clause window
    relevance: float


def facet_of(hit: Hit, query: Query) -> str | int | None:
    for kind, value in query.facets:
        if (kind == "region" and hit.passage.region == value) or (
            kind == "year" and year_in_title(int(value), hit.passage.title)
        ):
            return value
    for kind, value in query.facets:
        if kind == "year" and hit.passage.year == value:
            return value
    return None


def rank_passages(query: Query, hits: list[Hit], scorer: SpanScorer) -> list[tuple[Hit, ScoredSpan | None, float]]:
    """Hits ordered by relevance: the best sentence's score, with the retrieval order as a small prior, and
    for a question about next year's target, the report's targets before its review of the year before; for
    one about the year a report reviews, that review before the report's targets (kinds.asked_kind)."""
    ranked = []
    for position, hit in enumerate(hits):
        best = scorer.best(hit.passage.text)
        relevance = (best.score if best else -1.0) + 0.05 / (1 + position)
        if best is not None:
            relevance += KIND_BONUS * _kind_agreement(query, hit, best)
        ranked.append((hit, best, relevance))
    return sorted(ranked, key=lambda item: -item[2])


def _kind_agreement(query: Query, hit: Hit, best: ScoredSpan) -> int:
    """+1 when the best span's amounts are of the kind asked (kinds.py), -1 when of the other kind, else 0."""
    asked = asked_kind(query, hit.passage.year, results=True)
    if asked is None:
        return 0
    found: set[str] = set()
    for figure in figures(norm(best.span.text)):
        if asks_for(query, figure):
            found |= kinds_of(figure, hit.passage.text, best.span.start, best.span.end, hit.passage.section,
                              hit.passage.year)
    if asked in found:
        return 1
    return -1 if contradicts(asked, found) else 0


def select_passages(query: Query, hits: list[Hit], scorer: SpanScorer, max_passages: int,
                    max_chars: int, relative_floor: float = 0.7) -> list[PromptPassage]:
    """``relative_floor``: for a single question, a passage after the first is kept only if its relevance is at
    least this share of the first one's (AnswerSettings.relative_floor)."""
    ranked = rank_passages(query, _unique(hits), scorer)
    if query.facets:
        groups: dict[object, list] = {value: [] for _, value in query.facets}
        for item in ranked:
            groups.setdefault(facet_of(item[0], query), []).append(item)
        ranked = _round_robin(list(groups.values()))
    elif query.multi:  # "哪些地区…": one passage per document before a second one of any
        by_doc: dict[str, list] = {}
        for item in ranked:
            by_doc.setdefault(item[0].passage.doc_id, []).append(item)
        ranked = _round_robin(list(by_doc.values()))
    passages: list[PromptPassage] = []
    for hit, best, relevance in ranked:
        excerpt = trim(hit.passage.text, scorer, max_chars, best)
        # Overlapping chunks of one report often centre on the same sentence: the model should read it once.
        if any(_same_focus(hit, best, seen) or excerpt.strip(_GAP) in seen.excerpt for seen in passages):
            continue
        passages.append(PromptPassage(len(passages) + 1, hit, excerpt, best, relevance))
        if len(passages) == max_passages:
            break
    if passages and not query.facets and not query.multi:
        # Passages far less relevant than the best one only cost prompt time (and distract a small model).
        floor = max(passages[0].relevance, 0.0) * relative_floor
        passages = passages[:1] + [p for p in passages[1:] if p.relevance >= floor]
    return [dataclasses.replace(p, n=n) for n, p in enumerate(passages, start=1)]


def _same_focus(hit: Hit, best: ScoredSpan | None, seen: PromptPassage) -> bool:
    """Both passages' best sentences are the same stretch of the same document."""
    if best is None or seen.best is None or hit.passage.doc_id != seen.hit.passage.doc_id:
        return False
    same_start = hit.passage.start + best.span.start == seen.hit.passage.start + seen.best.span.start
    return same_start and best.span.text == seen.best.span.text


def trim(text: str, scorer: SpanScorer, max_chars: int, best: ScoredSpan | None = None) -> str:
    """The clauses around the best-matching clause, grown towards the better neighbour up to ``max_chars``;
    planted instructions are left out (they are data, and a small model would obey them). With ``best`` (the
    span the passage was ranked by), the excerpt starts from its clauses: the passage earned its place with
    that span, so the excerpt must show it."""
    parts: list[Span] = []
    for sentence in sentences(text):
        if not is_injection(sentence.text):
            parts.extend(clauses(sentence))
    if not parts:
        return ""
    if sum(len(p.text) for p in parts) <= max_chars:
        return clean_excerpt(_join(text, parts))
    scores = [scorer.score(p.text)[0] + scorer.length_penalty * len(p.text) for p in parts]
    low = high = max(range(len(parts)), key=lambda i: (scores[i], -i))
    if best is not None:
        inside = [i for i, p in enumerate(parts) if p.start < best.span.end and best.span.start < p.end]
        if inside and parts[inside[-1]].end - parts[inside[0]].start <= max_chars:
            low, high = inside[0], inside[-1]
    size = sum(len(p.text) for p in parts[low : high + 1])
    while True:
        options = [i for i in (low - 1, high + 1) if 0 <= i < len(parts) and size + len(parts[i].text) <= max_chars]
        if not options:
            break
        pick = max(options, key=lambda i: (scores[i], i < low))  # ties: the left one, it names the subject
        size += len(parts[pick].text)
        low, high = min(low, pick), max(high, pick)
    chosen = parts[low : high + 1]
    excerpt = _join(text, chosen)
    if len(parts[low].text) > max_chars:  # one clause longer than the budget: cut it
        excerpt = excerpt[:max_chars]
    prefix = _GAP if low > 0 else ""
    suffix = _GAP if high < len(parts) - 1 else ""
    return clean_excerpt(prefix + excerpt + suffix)


def _join(text: str, parts: list[Span]) -> str:
    """Contiguous parts are taken from the text as is (their punctuation kept); gaps become "…"."""
    out = [parts[0].text]
    for previous, part in itertools.pairwise(parts):
        out.append(text[previous.end : part.end] if part.start - previous.end <= 2 else _GAP + part.text)
    return "".join(out)


def clean_excerpt(excerpt: str) -> str:
    return _SPACES.sub(" ", excerpt.translate(_BRACKETS)).strip()


def _unique(hits: list[Hit]) -> list[Hit]:
    seen: set[tuple[str, int, int]] = set()
    out = []
    for hit in hits:
        key = (hit.passage.doc_id, hit.passage.start, hit.passage.end)
        if key not in seen:
            seen.add(key)
            out.append(hit)
    return out


def _round_robin(groups: list[list]) -> list:
    out = []
    depth = max((len(g) for g in groups), default=0)
    for level in range(depth):
        out.extend(g[level] for g in groups if level < len(g))
    return out
