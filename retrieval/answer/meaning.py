"""How close a short text (a clause, a sentence) is in meaning to the question: the bundled embedding model.

Users ask "招了多少外资" where the report says "实际使用外资", "看病能报销多少" for "医保报销比例". Shared words
miss those; the embedding model does not. Evidence selection (which passages the prompt quotes, and which
of their sentences) adds this similarity to the lexical score of each span (query.SpanScorer).

The unit is the clause: a passage's clauses are encoded in one batch per question and a longer span (a
sentence, a window of clauses) is as close as its closest clause of some length. That keeps the cost to
one short-text batch per question (~100 clauses) instead of one encoding per candidate window.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol

import numpy as np

from retrieval.answer.text import clauses, norm, sentences

_PUNCTUATION = " \t\n，。；;：:、,.!！?？…"
MIN_CLAUSE_CHARS = 6  # shorter clauses ("2024年", "同比") carry no meaning of their own
# The e5 cosine below which a clause is unrelated to the question (the comparison and "who else" use the same floor).
UNRELATED_COSINE = 0.75


class Encoder(Protocol):
    """What indexer.embedding.Embedder offers (e5: "query: " / "passage: " prompts)."""

    def encode_queries(self, texts: list[str]) -> np.ndarray: ...

    def encode_documents(self, texts: list[str]) -> np.ndarray: ...


class Meaning:
    """Cosine of the question and clauses of the evidence, encoded once per question and cached."""

    def __init__(self, encoder: Encoder, question: str) -> None:
        self.encoder = encoder
        self.question = encoder.encode_queries([norm(question)])[0]
        self._cache: dict[str, float] = {}
        self.baseline = 0.0  # median similarity of the prepared clauses: what "unrelated" looks like here

    def prepare(self, texts: Iterable[str]) -> None:
        """Encode every clause of these passages in one batch (later lookups are free)."""
        wanted = {c for text in texts for c in _meaningful_clauses(text)} - self._cache.keys()
        if wanted:
            ordered = sorted(wanted)
            vectors = self.encoder.encode_documents(ordered)
            self._cache.update(zip(ordered, (vectors @ self.question).tolist(), strict=True))
        if self._cache:
            self.baseline = float(np.median(list(self._cache.values())))

    def similarity(self, text: str) -> float:
        """Of a span: its closest clause (encoded now if it was not prepared)."""
        parts = _meaningful_clauses(text) or [norm(text)]
        missing = [p for p in dict.fromkeys(parts) if p not in self._cache]
        if missing:
            vectors = self.encoder.encode_documents(missing)
            self._cache.update(zip(missing, (vectors @ self.question).tolist(), strict=True))
        return max(self._cache[p] for p in parts)

    def lift(self, text: str) -> float:
        """Similarity above this question's baseline (negative: less related than the typical clause)."""
        return self.similarity(text) - self.baseline


def _meaningful_clauses(text: str) -> list[str]:
    """Matching forms of the clauses, without their punctuation (a clause reads the same at a sentence end)."""
    found = [key for s in sentences(text) for c in clauses(s) if (key := norm(c.text).strip(_PUNCTUATION))]
    long_enough = [c for c in found if len(c) >= MIN_CLAUSE_CHARS]
    return long_enough or found
