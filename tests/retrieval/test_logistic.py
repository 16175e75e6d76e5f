import math
from dataclasses import dataclass

import pytest

from retrieval.logistic import LogisticDecision


@dataclass(frozen=True)
class _Two:
    a: float
    b: float

    def vector(self, names: tuple[str, ...]) -> list[float]:
        return [getattr(self, n) for n in names]


def test_probability_weighs_the_named_signals_in_the_decisions_order():
    decision = LogisticDecision(("b", "a"), (2.0, -1.0), 0.5, 0.5)
    assert decision.probability(_Two(a=3.0, b=1.0)) == pytest.approx(1 / (1 + math.exp(-(2.0 - 3.0 + 0.5))))


def test_a_weight_missing_for_a_signal_is_an_error_not_a_silent_zero():
    with pytest.raises(ValueError):
        LogisticDecision(("a", "b"), (1.0,), 0.0, 0.5).probability(_Two(1.0, 1.0))
