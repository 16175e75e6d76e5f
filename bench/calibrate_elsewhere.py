"""Fit the "who else" listing decision (retrieval/listing.py) on the TRAIN questions; write its calibration.

    python -m bench.calibrate_elsewhere [--index /tmp/govqa-bench-index] [--out retrieval/elsewhere_calibration.json]

Every train question of bench/data/elsewhere_questions*.jsonl is run through ``ElsewhereFinder.candidates``: each
other region's best passage with its signals. A candidate is positive when its region is one the question
expects. A logistic regression over the signals is fitted (bench/logistic.py: on standardised signals, with
the weights turned back onto the raw ones), and the threshold maximises
F2 over the expected regions (recall counted against every expected region, found or not) on probabilities
cross-validated by question, so that it is not chosen on the predictions it is judged by.

    python -m bench.calibrate_elsewhere --review [--votes /tmp/govqa-elsewhere-votes.jsonl]     (+ ~7 min, local LLM)

With --review, the candidates whose listing probability falls in REVIEW_BAND are put to the local model
(``listing.review_messages``; votes cached in --votes), and a second regression over the listing probability's
log-odds and the vote is fitted, cross-validated by question. Its threshold maximises the same F2, over every
candidate: outside the band the listing decides as before. Without --review the calibration has no review, and
the finder never asks a model.
"""

from __future__ import annotations

import argparse
import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import numpy as np

from bench.crossregion_bench import DATA, read_sets, same_region
from bench.logistic import fit_logistic
from retrieval.elsewhere import ElsewhereFinder
from retrieval.listing import CALIBRATION, ListingCalibration, ListingSignals, review_messages
from retrieval.service import Retrieval

FEATURES = tuple(ListingSignals.__dataclass_fields__)
BETA = 2.0  # recall weighs twice precision: a region missing from the list costs the asker more than an extra line
# Where the model is asked: on the train questions (2026-12-05) the listing probability separates expected regions
# from the rest worst here (AUC 0.747), and the vote adds to it (0.808 together, cross-validated by question).
REVIEW_BAND = (0.05, 0.6)


@dataclass(frozen=True)
class Candidate:
    question: str  # the question's id
    signals: ListingSignals
    expected: bool
    region: str = ""
    quote: str = ""
    text: str = ""  # the question itself


def gather(service: Retrieval) -> tuple[list[Candidate], int]:
    """The train questions' candidates and the number of regions they expect (found by the search or not)."""
    # The weights do not matter for gathering: candidates are unfiltered and carry their signals.
    finder = ElsewhereFinder(service, calibration=ListingCalibration(FEATURES, (0.0,) * len(FEATURES), 0.0, 0.5))
    candidates, expected = [], 0
    for item in read_sets(DATA, "elsewhere_questions", "train"):
        regions = [e["region"] for e in item["expected"]]
        expected += len(regions)
        for finding in finder.candidates(item["question"]):
            assert finding.signals is not None
            candidates.append(Candidate(item["id"], finding.signals,
                                        any(same_region(finding.region, r) for r in regions),
                                        finding.region, finding.quote, item["question"]))
    return candidates, expected


def f_beta(listed: np.ndarray, y: np.ndarray, expected: int) -> float:
    right = float((listed & (y == 1)).sum())
    if right == 0:
        return 0.0
    precision, recall = right / listed.sum(), right / expected
    return (1 + BETA**2) * precision * recall / (BETA**2 * precision + recall)


def fit(candidates: list[Candidate], expected: int) -> dict:
    from sklearn.model_selection import GroupKFold

    x = np.array([c.signals.vector(FEATURES) for c in candidates])
    y = np.array([c.expected for c in candidates], dtype=int)
    groups = [c.question for c in candidates]
    fitted = fit_logistic(x, y, GroupKFold(n_splits=5), groups)
    held_out, weights, bias = fitted.held_out, fitted.weights, fitted.bias
    threshold = max(np.linspace(0.05, 0.95, 91), key=lambda t: (f_beta(held_out >= t, y, expected), t))
    listed = held_out >= threshold
    return {"features": list(FEATURES), "weights": [round(float(w), 6) for w in weights],
            "bias": round(float(bias), 6), "threshold": round(float(threshold), 4),
            "cv_f2": round(f_beta(listed, y, expected), 4),
            "cv_listed": int(listed.sum()), "cv_listed_expected": int((listed & (y == 1)).sum()),
            "candidates": len(y), "expected_in_candidates": int(y.sum()), "expected": expected,
            "questions": len(set(groups)),
            "fitted_on": f"{date.today()}: train questions of bench/data/elsewhere_questions*.jsonl "
                         "(python -m bench.calibrate_elsewhere)"}


def review_votes(candidates: list[Candidate], probabilities: np.ndarray, cache: Path) -> dict[int, float]:
    """The local model's vote on each candidate in the band (cached by question, region and quote)."""
    from config import LLMSettings
    from retrieval.answer.judge import vote
    from retrieval.llm.settings import make_backend

    known = {}
    if cache.exists():
        for line in cache.read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            known[(row["question"], row["region"], row["quote"])] = row["vote"]
    backend, votes = None, {}
    with cache.open("a", encoding="utf-8") as out:
        for i, (c, p) in enumerate(zip(candidates, probabilities, strict=True)):
            if not REVIEW_BAND[0] <= p < REVIEW_BAND[1]:
                continue
            key = (c.question, c.region, c.quote)
            if key not in known:
                backend = backend or make_backend(LLMSettings(backend="local"))
                known[key] = vote(backend, review_messages(c.region, c.quote, c.text))
                row = {"question": c.question, "region": c.region, "quote": c.quote, "vote": known[key]}
                out.write(json.dumps(row, ensure_ascii=False) + "\n")
            if known[key] is not None:
                votes[i] = known[key]
    return votes


def fit_review(candidates: list[Candidate], expected: int, probabilities: np.ndarray, threshold: float,
               votes: dict[int, float]) -> dict:
    """The second regression, over (log-odds of the listing probability, vote) in the band, and its threshold."""
    from sklearn.model_selection import GroupKFold

    y = np.array([c.expected for c in candidates], dtype=int)
    band = sorted(votes)
    clipped = np.clip(probabilities[band], 1e-6, 1 - 1e-6)
    x = np.column_stack([np.log(clipped / (1 - clipped)), [votes[i] for i in band]])
    fitted = fit_logistic(x, y[band], GroupKFold(n_splits=5), [candidates[i].question for i in band])
    outside = probabilities >= threshold

    def listed(t: float) -> np.ndarray:
        decided = outside.copy()
        decided[band] = fitted.held_out >= t
        return decided

    best = max(np.linspace(0.05, 0.95, 91), key=lambda t: (f_beta(listed(t), y, expected), t))
    chosen = listed(best)
    return {"low": REVIEW_BAND[0], "high": REVIEW_BAND[1], "weights": [round(float(w), 6) for w in fitted.weights],
            "bias": round(float(fitted.bias), 6), "threshold": round(float(best), 4),
            "cv_f2": round(f_beta(chosen, y, expected), 4), "cv_listed": int(chosen.sum()),
            "cv_listed_expected": int((chosen & (y == 1)).sum()), "voted": len(band)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--index", type=Path, default=Path("/tmp/govqa-bench-index"))
    parser.add_argument("--out", type=Path, default=CALIBRATION)
    parser.add_argument("--review", action="store_true", help="also fit where the local model's vote decides")
    parser.add_argument("--votes", type=Path, default=Path("/tmp/govqa-elsewhere-votes.jsonl"), help="vote cache")
    args = parser.parse_args(argv)
    candidates, expected = gather(Retrieval.open(args.index))
    result = fit(candidates, expected)
    if args.review:
        calibration = ListingCalibration(FEATURES, tuple(result["weights"]), result["bias"], result["threshold"])
        probabilities = np.array([calibration.probability(c.signals) for c in candidates])
        votes = review_votes(candidates, probabilities, args.votes)
        result["review"] = fit_review(candidates, expected, probabilities, result["threshold"], votes)
    args.out.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(json.dumps({k: v for k, v in result.items() if k != "fitted_on"}, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
