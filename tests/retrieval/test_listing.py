"""The "who else" listing decision (retrieval/listing.py): signals, the shipped calibration, a clear error."""

from __future__ import annotations

import json
import math

import pytest

from retrieval.listing import (
    CALIBRATION,
    ListingCalibration,
    ListingSignals,
    listing_signals,
    load_listing_calibration,
)


def test_signals_are_read_relative_to_the_best_region_and_the_pool() -> None:
    signals = listing_signals(0.5, 0.4, relevance=0.3, best=0.6, pool_rank=8, names_it=True, region_rank=2)
    assert signals == ListingSignals(0.5, 0.4, 0.5, math.log(8), 1.0, 2.0)
    assert listing_signals(0.0, 0.0, 0.0, best=0.0, pool_rank=1, names_it=False, region_rank=0).share_of_best == 0.0


def test_probability_is_the_logistic_of_the_weighted_signals() -> None:
    calibration = ListingCalibration(("wording", "names_it"), (2.0, 1.0), -1.5, 0.3)
    signals = ListingSignals(0.5, 0.0, 1.0, 0.0, 1.0, 0.0)
    assert calibration.probability(signals) == pytest.approx(1 / (1 + math.exp(-(2.0 * 0.5 + 1.0 - 1.5))))


def test_the_shipped_calibration_weighs_every_signal_and_was_fitted_on_train() -> None:
    data = json.loads(CALIBRATION.read_text(encoding="utf-8"))
    calibration = load_listing_calibration()
    assert calibration.features == tuple(ListingSignals.__dataclass_fields__)
    weights = dict(zip(calibration.features, calibration.weights, strict=True))
    # more wording, more meaning, nearer the best region and naming the initiative all argue for listing
    assert all(weights[name] > 0 for name in ("wording", "dense", "share_of_best", "names_it"))
    assert weights["log_pool_rank"] < 0  # a passage the search ranked far down argues against
    assert 0 < calibration.threshold < 1 and "train" in data["fitted_on"]


def test_an_unknown_signal_says_how_to_refit(tmp_path) -> None:
    path = tmp_path / "calibration.json"
    path.write_text(json.dumps({"features": ["wording", "shoe_size"], "weights": [1, 1], "bias": 0,
                                "threshold": 0.5}), encoding="utf-8")
    with pytest.raises(ValueError, match=r"shoe_size.*python -m bench\.calibrate_elsewhere"):
        load_listing_calibration(path)


def test_weights_that_do_not_match_the_signals_say_how_to_refit(tmp_path) -> None:
    path = tmp_path / "calibration.json"
    path.write_text(json.dumps({"features": ["wording", "dense"], "weights": [1], "bias": 0, "threshold": 0.5}),
                    encoding="utf-8")
    with pytest.raises(ValueError, match=r"as many weights.*python -m bench\.calibrate_elsewhere"):
        load_listing_calibration(path)
