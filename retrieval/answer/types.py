"""The answer contract: what ``ask`` returns and the CLI prints, and the events ``stream`` yields."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING

from retrieval.types import Hit, Passage

if TYPE_CHECKING:
    from retrieval.compare import Comparison


@dataclass(frozen=True)
class Citation:
    """Passage ``n`` of an answer; the claim citing it is supported by
    ``document_text[support_start:support_end]`` (the sentence to highlight)."""

    n: int
    passage: Passage
    support_start: int
    support_end: int

    @classmethod
    def from_hit(cls, n: int, hit: Hit, support_start: int, support_end: int) -> Citation:
        return cls(n, hit.passage, support_start, support_end)

    def to_json(self) -> dict:
        return {
            "n": self.n, **self.passage.to_json(),
            "support_start": self.support_start, "support_end": self.support_end,
        }


class Fallback(StrEnum):
    """Why an answer did not come the ordinary way (the UI words each one; the CLI prints the value)."""

    LLM_UNAVAILABLE = "llm_unavailable"  # the model could not be used: answered extractively
    QUOTED_AFTER_MODEL_REFUSAL = "quoted_after_model_refusal"  # the model said nothing that held; quoted instead
    # every claim the model wrote failed the citation check: the passages it cited were quoted instead
    QUOTED_AFTER_FAILED_CLAIMS = "quoted_after_failed_claims"


@dataclass(frozen=True)
class PartJudgement:
    """One part of a question over several regions or years ("吉林和黑龙江…" → 吉林, 黑龙江): how the judge rated
    that part's own evidence, and whether a claim of it held in its cited passage."""

    label: str
    answerability: float | None  # None: not judged
    judge_signals: dict[str, float | None] | None
    answered: bool

    def to_json(self) -> dict:
        return {"label": self.label,
                "answerability": round(self.answerability, 4) if self.answerability is not None else None,
                "judge_signals": self.judge_signals, "answered": self.answered}


@dataclass
class Answer:
    question: str
    answer: str  # keeps the [n] markers; every n is in ``citations``
    refused: bool
    backend: str
    citations: list[Citation] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)
    searched_documents: list[str] = field(default_factory=list)  # titles of the documents in scope
    unsupported_claims: list[str] = field(default_factory=list)  # generated sentences no passage supports
    notes: list[str] = field(default_factory=list)  # details for people: e.g. the error that stopped the LLM
    fallback: Fallback | None = None
    answerability: float | None = None  # the judge's probability that the passages answer (judge.py)
    judge_signals: dict[str, float | None] | None = None  # what it was computed from (judge.Signals), for calibration
    intent: str = "ask"  # "ask", or a cross-region answer: "elsewhere" / "compare" (retrieval/answer/crossregion.py)
    comparison: Comparison | None = None  # the table behind a "compare" answer
    parts: list[PartJudgement] = field(default_factory=list)  # one per part of a question over several regions/years
    draft: str = ""  # what the model (or the extractive fallback) wrote before verification, for diagnosis

    def to_json(self) -> dict:
        return {
            "question": self.question,
            "answer": self.answer,
            "refused": self.refused,
            "backend": self.backend,
            "citations": [c.to_json() for c in self.citations],
            "timings": {k: round(v, 3) for k, v in self.timings.items()},
            "searched_documents": self.searched_documents,
            "unsupported_claims": self.unsupported_claims,
            "notes": self.notes,
            "fallback": self.fallback.value if self.fallback else None,
            "answerability": round(self.answerability, 4) if self.answerability is not None else None,
            "judge_signals": self.judge_signals,
            "intent": self.intent,
            "comparison": self.comparison.to_json() if self.comparison else None,
            "parts": [part.to_json() for part in self.parts],
            "draft": self.draft,
        }


@dataclass(frozen=True)
class TokenEvent:
    """A piece of the answer as generated (raw: markers still use the prompt's passage numbers)."""

    text: str


@dataclass(frozen=True)
class FinalEvent:
    """The verified answer; its text replaces everything streamed before it."""

    answer: Answer


StreamEvent = TokenEvent | FinalEvent
