"""Where the second opinion decides (bench/calibrate_review.py): which drafts a band lets through, and its choice."""

from __future__ import annotations

import json

import pytest

from bench.calibrate_review import Draft, choose, cross_validated, main, objective, passes, rates

THRESHOLD = 0.8


def test_an_answer_stands_above_the_threshold_or_in_the_band_with_every_claim_confirmed() -> None:
    sure = Draft("a", "reports", True, 0.9, True, True)
    unsure = Draft("b", "reports", True, 0.6, True, True, (2.0, 1.2))
    assert passes(sure, THRESHOLD, 0.5, 1.0)
    assert passes(unsure, THRESHOLD, 0.5, 1.0)
    assert not passes(unsure, THRESHOLD, 0.5, 1.5)  # the weakest claim decides
    assert not passes(unsure, THRESHOLD, 0.65, 1.0)  # under the band
    assert not passes(Draft("c", "reports", True, 0.6, False, False), THRESHOLD, 0.5, -5.0)  # nothing held
    assert not passes(Draft("d", "reports", True, 0.6, True, True), THRESHOLD, 0.5, -5.0)  # never asked


def test_rates_count_right_wrong_and_refused_as_the_judges_objective_does() -> None:
    drafts = [Draft("a", "reports", True, 0.9, True, True), Draft("b", "reports", True, 0.9, True, False),
              Draft("c", "reports", False, 0.9, True, False), Draft("d", "reports", False, 0.9, False, False)]
    r = rates(drafts, [True] * 4)
    assert (r["right"], r["wrong"], r["refused"], r["unanswerable"]) == (1, 0.5, 1, 2)
    assert objective(drafts, THRESHOLD, THRESHOLD, 0.0) == pytest.approx((0.5 - 0.5 * 0.5 + 0.5) / 2)


def _domain(domain: str, n: int) -> list[Draft]:
    """Right answers the model confirms (vote 2) and invented ones it doubts (vote 0.5), all in the band."""
    return ([Draft(f"{domain}{i}-r", domain, True, 0.6, True, True, (2.0,)) for i in range(n)]
            + [Draft(f"{domain}{i}-u", domain, False, 0.6, True, False, (0.5,)) for i in range(n)])


def test_the_choice_opens_the_band_where_the_vote_separates_and_keeps_out_the_rest() -> None:
    drafts = _domain("reports", 10) + _domain("rgb", 10)
    band, vote = choose(drafts, THRESHOLD)
    assert band <= 0.6 and 0.5 < vote <= 2.0
    assert objective(drafts, THRESHOLD, band, vote) == pytest.approx(1.0)
    assert objective(drafts, THRESHOLD, THRESHOLD, 0.0) == pytest.approx(0.5)  # the gate alone refuses all
    assert cross_validated(drafts, THRESHOLD) == pytest.approx(1.0)
    # where confirmed answers are as often invented, the band stays shut
    mixed = [Draft(f"x{i}", "reports", i % 2 == 0, 0.6, True, i % 2 == 0, (2.0,)) for i in range(20)]
    band, vote = choose(mixed, THRESHOLD)
    assert objective(mixed, THRESHOLD, band, vote) == pytest.approx(objective(mixed, THRESHOLD, THRESHOLD, 0.0))


def test_refit_writes_the_band_into_the_calibration(tmp_path, capsys) -> None:
    votes = tmp_path / "votes.jsonl"
    votes.write_text("".join(json.dumps(d.__dict__ | {"votes": list(d.votes)}) + "\n"
                             for d in _domain("reports", 10) + _domain("rgb", 10)), encoding="utf-8")
    calibration = tmp_path / "calibration.json"
    calibration.write_text(json.dumps({"calibrations": {"llm": {"features": ["model"], "weights": [1.0], "bias": 0.0,
                                                                "threshold": THRESHOLD}}}), encoding="utf-8")
    assert main(["--refit", "--votes", str(votes), "--output", str(calibration)]) == 0
    llm = json.loads(calibration.read_text(encoding="utf-8"))["calibrations"]["llm"]
    assert llm["review_threshold"] <= 0.6 and 0.5 < llm["claim_vote_threshold"] <= 2.0
    assert "cross-validated objective 1.0000" in capsys.readouterr().out
