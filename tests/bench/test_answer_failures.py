"""The classes of wrong answers (bench/answer_failures.py)."""

from __future__ import annotations

from bench.answer_bench import squash
from bench.answer_failures import classify

QUOTED = squash("2025年，西藏农牧民转移就业收入75.4亿元。")


def test_a_gold_answer_missing_from_the_excerpts_is_an_evidence_miss() -> None:
    assert classify(["80亿元"], QUOTED, {"refused": False, "unsupported_claims": []}) == "evidence_miss"


def test_with_the_answer_quoted_the_class_says_who_lost_it() -> None:
    dropped = {"refused": True, "unsupported_claims": ["一共挣回来75.4亿元"]}
    assert classify(["75.4亿元"], QUOTED, dropped) == "verifier_dropped"
    assert classify(["75.4亿元"], QUOTED, {"refused": True, "unsupported_claims": []}) == "model_refused"
    assert classify(["75.4亿元"], QUOTED, {"refused": False, "unsupported_claims": []}) == "answered_wrong"
