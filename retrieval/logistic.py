"""A logistic regression over named signals and its threshold: how the answer judge and the "who else" listing decide.

The weights are fitted offline (bench/logistic.py, folded back onto the raw signals) and stored as JSON beside the
module that uses them; here they are only applied.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol


class NamedSignals(Protocol):
    def vector(self, names: tuple[str, ...]) -> Iterable[float]:
        """The signals called ``names``, in that order."""
        ...


@dataclass(frozen=True)
class LogisticDecision:
    features: tuple[str, ...]  # the signals weighed, by name
    weights: tuple[float, ...]  # one per feature, on the raw signal
    bias: float
    threshold: float  # the least probability that decides yes

    def probability(self, signals: NamedSignals) -> float:
        z = sum(w * float(x) for w, x in zip(self.weights, signals.vector(self.features), strict=True)) + self.bias
        return 1.0 / (1.0 + math.exp(-z))
