"""A logistic regression fitted on standardised signals, its weights folded back onto the raw signals.

Standardising lets the regularisation weigh a cosine (spread 0.05) like a log-odds or a rank (spread 5); folding
the scaler back gives weights that the runtime applies to signals as they come, with no scaler to ship. The
held-out probabilities are cross-validated, so a threshold chosen on them is not chosen on the predictions it is
judged by. Used by bench/calibrate_judge.py and bench/calibrate_elsewhere.py.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class LogisticFit:
    held_out: np.ndarray  # cross-validated probabilities, one per row
    weights: np.ndarray  # on the raw signals
    bias: float


def fit_logistic(x: np.ndarray, y: np.ndarray, folds, groups: list[str] | None = None) -> LogisticFit:
    """``folds``: a scikit-learn splitter (StratifiedKFold, or GroupKFold with ``groups``)."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import cross_val_predict
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    model = make_pipeline(StandardScaler(), LogisticRegression(C=1.0, max_iter=1000))
    held_out = cross_val_predict(model, x, y, cv=folds, groups=groups, method="predict_proba")[:, 1]
    model.fit(x, y)
    scaler, regression = model[0], model[1]
    weights = regression.coef_[0] / scaler.scale_
    return LogisticFit(held_out, weights, float(regression.intercept_[0] - np.dot(weights, scaler.mean_)))
