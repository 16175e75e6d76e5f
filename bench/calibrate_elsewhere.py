"""Fit the "who else" listing decision (retrieval/listing.py) on the TRAIN questions; write its calibration.

    python -m bench.calibrate_elsewhere [--index /tmp/govqa-bench-index] [--out retrieval/elsewhere_calibration.json]

Every train question of bench/data/elsewhere_questions*.jsonl is run through ``ElsewhereFinder.candidates``: each
other region's best passage with its signals. A candidate is positive when its region is one the question
expects. A logistic regression over the signals is fitted (bench/logistic.py: on standardised signals, with
the weights turned back onto the raw ones), and the threshold maximises
F2 over the expected regions (recall counted against every expected region, found or not) on probabilities
cross-validated by question, so that it is not chosen on the predictions it is judged by.
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
from retrieval.listing import CALIBRATION, ListingCalibration, ListingSignals
from retrieval.service import Retrieval

FEATURES = tuple(ListingSignals.__dataclass_fields__)
BETA = 2.0  # recall weighs twice precision: a region missing from the list costs the asker more than an extra line


@dataclass(frozen=True)
class Candidate:
    question: str  # the question's id
    signals: ListingSignals
    expected: bool


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
                                        any(same_region(finding.region, r) for r in regions)))
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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--index", type=Path, default=Path("/tmp/govqa-bench-index"))
    parser.add_argument("--out", type=Path, default=CALIBRATION)
    args = parser.parse_args(argv)
    candidates, expected = gather(Retrieval.open(args.index))
    result = fit(candidates, expected)
    args.out.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(json.dumps({k: v for k, v in result.items() if k != "fitted_on"}, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
