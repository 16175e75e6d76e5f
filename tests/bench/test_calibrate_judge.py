"""The judge's calibration fit (bench/calibrate_judge.py): end-to-end rates and the folded standardisation."""

from __future__ import annotations

import numpy as np
import pytest

from bench.calibrate_judge import end_to_end, fit
from retrieval.answer.judge import Calibration, Signals


def record(answerable: bool, correct: bool, refused: bool = False, **signals: float) -> dict:
    base = {"model": 0.0, "dense": 0.8, "lexical": 0.3, "states": 0.0}
    return {"answerable": answerable, "correct": correct, "refused": refused, "label": correct, **base, **signals}


def test_end_to_end_rates_count_what_the_gate_lets_through() -> None:
    records = [record(True, True), record(True, False), record(True, False, refused=True),
               record(False, False), record(False, False, refused=True)]
    everything = end_to_end(records, np.ones(5, bool))
    assert everything == pytest.approx({"accuracy": 1 / 3, "wrong": 1 / 3, "refusal": 1 / 2})
    # refusing the wrong answer and the invented one: right stays, nothing wrong, every unanswerable refused
    gate = np.array([True, False, True, False, True])
    assert end_to_end(records, gate) == pytest.approx({"accuracy": 1 / 3, "wrong": 0.0, "refusal": 1.0})


def test_fitted_weights_apply_to_raw_signals_as_sklearn_would() -> None:
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    rng = np.random.default_rng(1)
    records = []
    for _ in range(120):
        answers = bool(rng.random() < 0.7)
        model = rng.normal(2.0 if answers else -1.0, 1.5)
        dense = rng.normal(0.86 if answers else 0.82, 0.02)
        records.append(record(True, answers and rng.random() < 0.9, model=model, dense=dense,
                              lexical=rng.normal(0.4, 0.1), states=float(rng.random() < 0.5)))
    features = ("model", "dense", "lexical", "states")
    fitted = fit(records, features, end_to_end_objective=True)
    calibration = Calibration(features, tuple(fitted["weights"]), fitted["bias"], fitted["threshold"])

    x = np.array([[r[f] for f in features] for r in records])
    y = np.array([r["label"] for r in records], dtype=int)
    reference = make_pipeline(StandardScaler(), LogisticRegression(C=1.0, max_iter=1000)).fit(x, y)
    ours = [calibration.probability(Signals(**{k: r[k] for k in features})) for r in records]
    assert ours == pytest.approx(reference.predict_proba(x)[:, 1].tolist(), abs=1e-4)
    assert fitted["weights"][0] > 0  # the model's vote points the right way
    assert 0.05 <= fitted["threshold"] <= 0.95 and set(fitted["cv_rates"]) == {"accuracy", "wrong", "refusal"}
