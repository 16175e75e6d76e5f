"""The "who else" listing fit (bench/calibrate_elsewhere.py): F2 over every expected region, raw-signal weights."""

from __future__ import annotations

import numpy as np
import pytest

from bench.calibrate_elsewhere import FEATURES, Candidate, f_beta, fit
from retrieval.listing import ListingCalibration, ListingSignals


def test_f2_counts_recall_against_every_expected_region() -> None:
    y = np.array([1, 1, 0, 0])
    listed = np.array([True, False, True, False])
    # precision 1/2, recall 1/4 of the four regions expected (two of them never among the candidates)
    assert f_beta(listed, y, expected=4) == pytest.approx(5 * 0.5 * 0.25 / (4 * 0.5 + 0.25))
    assert f_beta(np.zeros(4, bool), y, expected=4) == 0.0


def test_fitted_weights_apply_to_raw_signals_as_sklearn_would() -> None:
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    rng = np.random.default_rng(3)
    candidates = []
    for question in range(40):
        for rank in range(8):
            expected = bool(rng.random() < 0.3)
            signals = ListingSignals(
                wording=rng.normal(0.6 if expected else 0.4, 0.15), dense=rng.normal(0.5 if expected else 0.3, 0.15),
                share_of_best=rng.uniform(0.5, 1.0), log_pool_rank=float(np.log(rng.integers(1, 40))),
                names_it=float(rng.random() < (0.4 if expected else 0.05)), region_rank=float(rank))
            candidates.append(Candidate(f"q{question}", signals, expected))
    expected_regions = sum(c.expected for c in candidates) + 5  # a few the search never found
    fitted = fit(candidates, expected_regions)
    calibration = ListingCalibration(FEATURES, tuple(fitted["weights"]), fitted["bias"], fitted["threshold"])

    x = np.array([c.signals.vector(FEATURES) for c in candidates])
    y = np.array([c.expected for c in candidates], dtype=int)
    reference = make_pipeline(StandardScaler(), LogisticRegression(C=1.0, max_iter=1000)).fit(x, y)
    ours = [calibration.probability(c.signals) for c in candidates]
    assert ours == pytest.approx(reference.predict_proba(x)[:, 1].tolist(), abs=1e-4)
    weights = dict(zip(FEATURES, fitted["weights"], strict=True))
    assert weights["wording"] > 0 and weights["dense"] > 0 and weights["names_it"] > 0
    assert 0.05 <= fitted["threshold"] <= 0.95 and fitted["expected"] == expected_regions
    assert fitted["cv_listed_expected"] <= fitted["expected_in_candidates"] <= expected_regions
