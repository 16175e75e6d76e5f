"""Stage 5 of an answer, only where the judge was unsure: a second opinion on each verified claim.

The judge (judge.py) decides before anything is generated, from the passages alone. Just under its threshold
lie many questions whose passages do answer ("招了多少外资" for "实际使用外资") beside a few whose passages
only look as if they do. There the judge lets the model try, and then asks it about what it wrote: for each
claim that verification kept, "资料：<the claim's supporting span> 问题：… 回答：<the claim> — does the span say
that this answer is what was asked?" The log-odds of 是 against 否 are read from the first token, as the judge
reads its own vote. The weakest claim must reach ``claim_vote_threshold``, or the answer is refused.

Why only in the band: above the threshold the vote separates right answers from wrong ones no better than the
judge already does, and each claim costs one more prompt (under a second on two cores). The band's lower edge
and the vote's threshold are fitted on the train split together with RGB's news questions 50–149 by
``python -m bench.calibrate_review`` and stored in calibration.json ("llm": review_threshold,
claim_vote_threshold). Without them, or without a backend that gives token probabilities, nothing changes:
questions under the judge's threshold are refused.
"""

from __future__ import annotations

from dataclasses import dataclass

from retrieval.answer.citations import Verification
from retrieval.answer.judge import vote
from retrieval.answer.prompt import claim_messages
from retrieval.llm.base import LLMBackend


@dataclass(frozen=True)
class Review:
    vote: float | None  # the weakest claim's log-odds of 是; None: no claim, or no token probabilities
    accepted: bool


def claim_votes(backend: LLMBackend, question: str, verification: Verification) -> list[float | None]:
    """The model's vote on each claim that verification kept, against the span that supports it."""
    return [vote(backend, claim_messages(question, checked.supports[0].span.text, checked.claim.body))
            for checked in verification.claims
            if checked.status in ("supported", "reattached") and checked.supports]


def review(backend: LLMBackend, question: str, verification: Verification, threshold: float) -> Review:
    votes = claim_votes(backend, question, verification)
    if not votes or any(v is None for v in votes):  # nothing to ask about, or the backend cannot say
        return Review(None, False)
    weakest = min(v for v in votes if v is not None)
    return Review(weakest, weakest >= threshold)
