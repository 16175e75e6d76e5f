"""Whether a region's best passage states the initiative a "who else" question names: a calibrated decision.

    calibration = load_listing_calibration()
    calibration.probability(signals) >= calibration.threshold      # list the region

One hand-set cut on relevance (wording + embedding similarity) missed regions whose sentence says the initiative
in other words, and listed regions whose sentence merely shares the topic. The decision now weighs six signals of
a region's best passage with a logistic regression fitted on the train questions (``python -m
bench.calibrate_elsewhere``, stored in elsewhere_calibration.json beside this file):

- how much of the question's wording the quote covers, and how close it is in meaning;
- its relevance as a share of the best region's (how sharply an initiative is named varies by question);
- where the search ranked the passage among all reports' passages, and the region's place among the regions;
- whether the quote repeats the initiative's own name (a rare run of the asker's words, or a name it quotes).

The threshold maximises F2 on cross-validated probabilities: a missing region costs the asker more than an
extra line they can read past, but both count.
"""

from __future__ import annotations

import json
import math
from dataclasses import asdict, dataclass
from functools import cache
from pathlib import Path

from retrieval.logistic import LogisticDecision

CALIBRATION = Path(__file__).with_name("elsewhere_calibration.json")


@dataclass(frozen=True)
class ListingSignals:
    wording: float  # coverage of the question's words by the quote, 0-1
    dense: float  # embedding similarity of quote and question above the 'unrelated' floor, 0-1
    share_of_best: float  # relevance as a share of the best region's relevance
    log_pool_rank: float  # log of the passage's rank in the search over all other reports (1 = best)
    names_it: float  # 1 when the quote repeats the initiative's own name
    region_rank: float  # the region's place among the regions, by relevance (0 = best)

    def vector(self, names: tuple[str, ...]) -> list[float]:
        values = asdict(self)
        return [values[name] for name in names]


def listing_signals(wording: float, dense: float, relevance: float, best: float, pool_rank: int,
                    names_it: bool, region_rank: int) -> ListingSignals:
    return ListingSignals(wording, dense, relevance / best if best > 0 else 0.0, math.log(max(pool_rank, 1)),
                          float(names_it), float(region_rank))


@dataclass(frozen=True)
class ListingCalibration(LogisticDecision):
    """The listing's weights over ``ListingSignals`` and the threshold chosen on the train questions (by F2)."""


@cache
def load_listing_calibration(path: Path = CALIBRATION) -> ListingCalibration:
    data = json.loads(path.read_text(encoding="utf-8"))
    unknown = set(data["features"]) - set(ListingSignals.__dataclass_fields__)
    if unknown or len(data["weights"]) != len(data["features"]):
        problem = f"unknown listing signals {sorted(unknown)}" if unknown else "as many weights as signals expected"
        raise ValueError(f"{path}: {problem}; refit with python -m bench.calibrate_elsewhere")
    return ListingCalibration(tuple(data["features"]), tuple(data["weights"]), data["bias"], data["threshold"])
