"""Stage 3 of an answer: does the evidence answer the question? A calibrated probability, not a word count.

Users ask "招了多少外资" where the report says "实际使用外资", "看病能报销多少" for "医保报销比例": a test of
shared words refuses those although the answer is in the passages. The judge weighs signals of meaning:

  model    log-odds that the model, shown the passages and the question and asked "能回答吗", replies 是
           rather than 否 (read from its token probabilities, nothing generated; needs an LLM backend)
  prior    the same log-odds with no passages shown: how ready the model is to say 是 to this question
           whatever the evidence (content-free calibration, Zhao et al. 2021)
  contrast model − prior: what the passages themselves move the vote. On the train split it separates right
           answers from unanswerable questions better than the vote alone (AUC 0.883 against 0.852), and
           the model is readier to say 是 to the unanswerable ones (docs/benchmarks.md, tenth pass)
  dense    cosine of the question and the best excerpt (the bundled embedding model)
  lexical  the best sentence's weighted overlap with the question (SpanScorer)
  states   1 when a sentence has a figure of the asked kind beside the words of what was asked
  figure_gap  for a question asking an amount: how much less close in meaning to the question the closest sentence
           that states a figure of the asked kind is than the closest clause of all (0: a clause of such a sentence
           is the closest; none at all counts as one at the 'unrelated' cosine). ``states`` by meaning rather than by
           shared words: "把关了多少份红头文件" is answered by "审核行政规范性文件8件", which shares no word with it
  meaning  the closest clause of the excerpts to the question in meaning (the cosines evidence selection
           computed already, so free), and its lift above the question's median clause
  coverage the best sentence's weighted share of the question's words, without bonuses

A logistic regression per feature set ("llm" with the model's vote: the contrast and the figure gap only, since
dense and lexical added nothing beside the contrast and carried the domain, and the figure gap separates better
than states; "extractive" without the model: dense, lexical and the figure gap) turns them
into the probability that the passages answer, fitted on the train split of the user-worded questions by
``python -m bench.calibrate_judge`` and stored in calibration.json beside this file (an end-to-end fit from a
bench run with the gate off, ``--from-bench-log``, was measured and did worse; see that module).
The question is refused below the threshold (``answer.judge_gate``); above it, the model gets to try, and
verification still drops any claim its cited passage does not hold.
"""

from __future__ import annotations

import json
import math
from dataclasses import asdict, dataclass
from functools import cache
from pathlib import Path

import numpy as np

from retrieval.answer.evidence import Evidence
from retrieval.answer.meaning import UNRELATED_COSINE
from retrieval.answer.prompt import JUDGE_OPTIONS, judge_messages, prior_messages
from retrieval.answer.query import asks_for
from retrieval.answer.text import figures, norm, sentences
from retrieval.llm.base import ChatMessage, LLMBackend
from retrieval.logistic import LogisticDecision

CALIBRATION = Path(__file__).with_name("calibration.json")
YES, NO = JUDGE_OPTIONS
_CLIP = 8.0  # log-odds beyond this say nothing more


@dataclass(frozen=True)
class Signals:
    model: float | None  # None: no LLM, or one that does not give token probabilities
    dense: float
    lexical: float
    states: float
    meaning: float = 0.0
    lift: float = 0.0
    coverage: float = 0.0
    prior: float | None = None  # the model's vote with no passages; None when not asked
    figure_gap: float = 0.0  # ≤ 0: the closest sentence stating an asked figure, less the closest clause (cosines)

    @property
    def contrast(self) -> float | None:
        return None if self.model is None or self.prior is None else self.model - self.prior

    def vector(self, names: tuple[str, ...]) -> np.ndarray:
        values = {**asdict(self), "contrast": self.contrast}
        return np.array([values[n] for n in names], dtype=float)


@dataclass(frozen=True)
class Judgement:
    probability: float  # that the evidence answers the question
    answerable: bool
    signals: Signals
    feature_set: str  # which calibration judged ("llm" or "extractive")


@dataclass(frozen=True)
class Calibration(LogisticDecision):
    """The judge's weights over ``Signals`` and the thresholds chosen on the train split.

    A part of a question over several regions ("吉林和黑龙江去年粮食各打了多少斤?" → 吉林) has its own threshold:
    its evidence comes from the one report the asker named, and the asker expects each to say, so the same
    probability means something else there. ``part_threshold`` is fitted on the parts of the train questions
    (``bench.calibrate_judge --parts-from-bench-log``); without one, parts use ``threshold``. Parts are judged
    by the "llm_parts" calibration where there is one: the threshold was fitted on its probabilities.
    """

    part_threshold: float | None = None

    def threshold_for(self, part: bool) -> float:
        return self.part_threshold if part and self.part_threshold is not None else self.threshold


@cache
def load_calibrations(path: Path = CALIBRATION) -> dict[str, Calibration]:
    data = json.loads(path.read_text(encoding="utf-8"))
    return {
        name: Calibration(tuple(c["features"]), tuple(c["weights"]), c["bias"], c["threshold"], c.get("part_threshold"))
        for name, c in data["calibrations"].items()
    }


def vote(backend: LLMBackend, messages: list[ChatMessage], options: tuple[str, str] = (YES, NO)) -> float | None:
    """The model's log-odds of replying with the first option rather than the second (clipped); None when the
    backend gives no token probabilities."""
    probabilities = backend.option_probabilities(messages, list(options))
    if probabilities is None:
        return None
    yes, no = (probabilities[o] for o in options)
    return float(np.clip(math.log((yes + 1e-9) / (no + 1e-9)), -_CLIP, _CLIP))


class Judge:
    def __init__(self, backend: LLMBackend | None, embedder=None,
                 calibrations: dict[str, Calibration] | None = None) -> None:
        self.backend = backend
        self.embedder = embedder  # indexer.embedding.Embedder, or None (dense signal 0)
        self.calibrations = calibrations or load_calibrations()

    def signals(self, evidence: Evidence, with_prior: bool = True) -> Signals:
        """Raises LLMUnavailableError when the backend cannot be reached (the caller falls back).
        ``with_prior``: also ask the model with no passages (one more short prompt: about 1 s on two cores)."""
        passages = evidence.passages
        if not passages:
            return Signals(None, 0.0, -1.0, 0.0, 0.0, 0.0, 0.0)
        # The prior first: the judge's prompt and the answer's share their start, so asking it after them
        # would make the model read the passages twice (the KV cache keeps one prompt).
        prior = vote(self.backend, prior_messages(evidence.query)) if self.backend is not None and with_prior else None
        model = vote(self.backend, judge_messages(evidence.query, passages)) if self.backend is not None else None
        return Signals(
            prior=prior,
            model=model,
            dense=self._dense(evidence),
            lexical=max((p.best.score for p in passages if p.best), default=-1.0),
            states=float(any(p.best and p.best.answers and p.best.has_figure for p in passages)
                         if evidence.query.asks_amount else any(p.best and p.best.answers for p in passages)),
            **self._meaning(evidence),
            coverage=max((p.best.coverage for p in passages if p.best), default=0.0),
            figure_gap=figure_gap(evidence),
        )

    def judge(self, evidence: Evidence, part: bool = False) -> Judgement:
        """``part``: the evidence is one part's of a question over several regions or years (Calibration)."""
        llm = self.calibrations.get("llm_parts") if part else None
        llm = llm or self.calibrations["llm"]
        signals = self.signals(evidence, with_prior="contrast" in llm.features)
        feature_set = "llm" if signals.model is not None else "extractive"
        calibration = llm if feature_set == "llm" else self.calibrations[feature_set]
        probability = calibration.probability(signals) if evidence.passages else 0.0
        return Judgement(probability, probability >= calibration.threshold_for(part), signals, feature_set)

    @staticmethod
    def _meaning(evidence: Evidence) -> dict[str, float]:
        meaning = evidence.scorer.meaning
        if meaning is None:  # meaning_weight 0: evidence was chosen by shared words only
            return {"meaning": 0.0, "lift": 0.0}
        closest = max(meaning.similarity(p.excerpt) for p in evidence.passages)
        return {"meaning": closest, "lift": closest - meaning.baseline}

    def _dense(self, evidence: Evidence) -> float:
        if self.embedder is None:
            return 0.0
        question = self.embedder.encode_queries([evidence.query.normalised])
        excerpts = self.embedder.encode_documents([norm(p.excerpt) for p in evidence.passages])
        return float(np.max(excerpts @ question[0]))


def figure_gap(evidence: Evidence) -> float:
    """How much less close in meaning to the question the closest sentence of the excerpts that states a figure of
    the asked kind is than their closest clause (Signals.figure_gap). 0 for a question that asks no amount, and without
    the meaning model (evidence chosen by shared words only)."""
    query, meaning = evidence.query, evidence.scorer.meaning
    if not query.asks_amount or meaning is None or not evidence.passages:
        return 0.0
    excerpts = [p.excerpt for p in evidence.passages]
    closest = max(meaning.similarity(text) for text in excerpts)  # as Judge._meaning: a text is its closest clause
    # A sentence (a table row) is as close as its closest clause: "行政复议申请: 41件" keeps its label, which the
    # clause split at the colon would part from the figure.
    stating = max((meaning.similarity(s.text) for text in excerpts for s in sentences(text)
                   if any(asks_for(query, f) for f in figures(norm(s.text)))), default=UNRELATED_COSINE)
    return max(stating, UNRELATED_COSINE) - closest
