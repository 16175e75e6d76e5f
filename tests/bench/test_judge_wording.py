"""bench/judge_wording.py: its AUC against scikit-learn's, and the threshold search under the refusal floor."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.metrics import roc_auc_score

from bench.judge_wording import WORDINGS, auc, best_right


def test_auc_matches_scikit_learn_with_ties() -> None:
    rng = np.random.default_rng(0)
    labels = rng.random(200) < 0.6
    scores = np.round(rng.normal(size=200) + labels, 1)  # rounded: many ties
    assert auc(labels, scores) == pytest.approx(roc_auc_score(labels, scores))


def test_best_right_keeps_the_unanswerable_refused() -> None:
    records = [{"answerable": True, "right": True, "refused": False}] * 8 + [
        {"answerable": True, "right": False, "refused": False},
        {"answerable": False, "right": False, "refused": False},  # would be answered if it passes
        {"answerable": False, "right": False, "refused": True},  # the model refused it anyway
    ]
    probabilities = np.array([0.9] * 6 + [0.5, 0.5] + [0.9, 0.6, 0.95])
    share, threshold = best_right(records, probabilities, floor=1.0)
    assert share == pytest.approx(6 / 9) and 0.6 < threshold <= 0.9  # 0.5 would let the unanswerable through
    share, _ = best_right(records, probabilities, floor=0.5)
    assert share == pytest.approx(8 / 9)


def test_the_shipped_judge_question_is_one_of_the_wordings() -> None:
    from retrieval.answer.prompt import JUDGE_ASK, JUDGE_OPTIONS

    assert any(w.ask == JUDGE_ASK and (w.yes, w.no) == JUDGE_OPTIONS for w in WORDINGS)
