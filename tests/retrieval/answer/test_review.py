"""The second opinion where the judge was unsure (review.py): the model's vote on each claim it wrote decides."""

from __future__ import annotations

import math

import pytest

from config import AnswerSettings
from retrieval.answer.answerer import Answerer
from retrieval.answer.judge import NO, YES, Calibration, load_calibrations
from retrieval.answer.prompt import CLAIM_ASK, claim_messages
from retrieval.llm.openai_compat import OpenAICompatibleBackend
from tests.retrieval.answer.conftest import ScriptedServer

QUESTION = "朝天区2024年办了多少行政复议的案子?"
REPLY = "朝天区2024年共收到行政复议申请26件[1]。"
# P(是) 0.97 → model log-odds 3.48 → probability 0.97: under the threshold, inside the band [0.5, 0.999)
UNSURE = Calibration(("model",), (1.0,), 0.0, threshold=0.999, review_threshold=0.5, claim_vote_threshold=1.0)


def _answerer(retrieval, server: ScriptedServer, calibration: Calibration = UNSURE,
              settings: AnswerSettings | None = None) -> Answerer:
    server.yes, server.reply = 0.97, REPLY
    answerer = Answerer(retrieval, OpenAICompatibleBackend(server.base_url, "scripted"), settings)
    for judge in answerer._judges.values():
        judge.calibrations = {"llm": calibration, "extractive": calibration}
    return answerer


def _claim_requests(server: ScriptedServer) -> list[dict]:
    return [r for r in server.requests if not r.get("stream") and CLAIM_ASK in r["messages"][-1]["content"]]


def test_in_the_band_an_answer_whose_claims_the_model_confirms_stands(retrieval, scripted_server) -> None:
    scripted_server.claim_yes = 0.9  # log-odds 2.2 ≥ 1.0
    answer = _answerer(retrieval, scripted_server).ask(QUESTION)
    assert not answer.refused and "26件" in answer.answer
    assert answer.review_vote == pytest.approx(math.log(0.9 / 0.1), abs=1e-3)
    assert answer.to_json()["review_vote"] == pytest.approx(answer.review_vote, abs=1e-3)
    (asked,) = _claim_requests(scripted_server)  # one kept claim, one vote: the span that holds it, and the claim
    content = asked["messages"][-1]["content"]
    assert "收到行政复议申请26件" in content.split("问题：")[0] and QUESTION in content
    assert content.split("回答：")[1].startswith("朝天区2024年共收到行政复议申请26件")
    assert asked["max_tokens"] == 1 and asked["logprobs"]
    assert "review_s" in answer.timings


def test_in_the_band_an_answer_the_model_does_not_confirm_is_refused(retrieval, scripted_server) -> None:
    scripted_server.claim_yes = 0.6  # log-odds 0.4 < 1.0
    answer = _answerer(retrieval, scripted_server).ask(QUESTION)
    assert answer.refused and answer.citations == []
    assert answer.review_vote == pytest.approx(math.log(0.6 / 0.4), abs=1e-3)
    assert "26件" in answer.draft  # what the model wrote is kept for diagnosis


def test_under_the_band_the_question_is_refused_before_anything_is_generated(retrieval, scripted_server) -> None:
    narrow = Calibration(("model",), (1.0,), 0.0, threshold=0.999, review_threshold=0.98, claim_vote_threshold=1.0)
    answer = _answerer(retrieval, scripted_server, narrow).ask(QUESTION)
    assert answer.refused and scripted_server.generations() == [] and answer.review_vote is None


def test_above_the_threshold_and_with_the_gate_off_nothing_is_reviewed(retrieval, scripted_server) -> None:
    sure = Calibration(("model",), (1.0,), 0.0, threshold=0.5, review_threshold=0.3, claim_vote_threshold=9.0)
    scripted_server.claim_yes = 0.01  # would refuse, if it were asked
    assert not _answerer(retrieval, scripted_server, sure).ask(QUESTION).refused
    off = _answerer(retrieval, scripted_server, settings=AnswerSettings(judge_gate=False)).ask(QUESTION)
    assert not off.refused and off.review_vote is None
    assert _claim_requests(scripted_server) == []


def test_without_a_fitted_band_the_judge_alone_decides(retrieval, scripted_server) -> None:
    plain = Calibration(("model",), (1.0,), 0.0, threshold=0.999)
    assert not plain.reviewable(0.97, part=False)
    assert _answerer(retrieval, scripted_server, plain).ask(QUESTION).refused
    assert scripted_server.generations() == []


def test_parts_of_a_question_over_several_regions_are_not_reviewed() -> None:
    assert UNSURE.reviewable(0.97, part=False) and not UNSURE.reviewable(0.97, part=True)
    assert not UNSURE.reviewable(0.4, part=False) and not UNSURE.reviewable(0.999, part=False)


def test_the_shipped_band_lies_under_the_threshold() -> None:
    llm = load_calibrations()["llm"]
    assert llm.review_threshold is not None and llm.claim_vote_threshold is not None
    assert 0 < llm.review_threshold < llm.threshold


def test_the_claim_question_asks_for_the_options_it_reads() -> None:
    assert all(f"“{option}”" in CLAIM_ASK for option in (YES, NO))


def test_the_models_reply_to_the_claim_question_starts_with_one_of_its_options(local_05b) -> None:
    messages = claim_messages("朝天区去年办了多少行政复议的案子?", "全年共收到行政复议申请26件，审结24件。",
                              "朝天区共收到行政复议申请26件")
    probabilities = local_05b.option_probabilities(messages, [YES, NO])
    assert sum(probabilities.values()) > 0.5, probabilities
