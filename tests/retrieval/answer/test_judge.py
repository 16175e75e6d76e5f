"""The answerability judge: its calibrated probability, and what the answer pipeline does with it."""

from __future__ import annotations

import math

import pytest

from config import AnswerSettings
from retrieval.answer.answerer import Answerer
from retrieval.answer.evidence import gather
from retrieval.answer.judge import NO, YES, Calibration, Judge, Signals, figure_gap, load_calibrations
from retrieval.answer.meaning import UNRELATED_COSINE
from retrieval.answer.prompt import BEGIN, JUDGE_ASK, judge_messages
from retrieval.answer.query import analyse
from retrieval.answer.types import Fallback
from retrieval.llm.openai_compat import OpenAICompatibleBackend
from retrieval.search import Filters
from tests.retrieval.answer.conftest import ScriptedServer


def _scripted(server: ScriptedServer, yes: float, reply: str) -> OpenAICompatibleBackend:
    """A backend on the scripted server, whose 是 probability is ``yes`` and whose answer is ``reply``."""
    server.yes, server.reply = yes, reply
    return OpenAICompatibleBackend(server.base_url, "scripted")


def test_calibration_is_a_logistic_regression_over_named_signals() -> None:
    calibration = Calibration(("model", "lexical"), (2.0, 1.0), -1.0, 0.5)
    signals = Signals(model=1.5, dense=0.9, lexical=0.5, states=1.0)
    assert calibration.probability(signals) == pytest.approx(1 / (1 + math.exp(-(2 * 1.5 + 0.5 - 1))))


def test_a_part_of_a_question_over_several_regions_has_its_own_threshold() -> None:
    calibration = Calibration(("model",), (1.0,), 0.0, 0.8, part_threshold=0.6)
    assert calibration.threshold_for(part=False) == 0.8 and calibration.threshold_for(part=True) == 0.6
    assert Calibration(("model",), (1.0,), 0.0, 0.8).threshold_for(part=True) == 0.8  # none fitted: the same


def test_the_contrast_is_the_vote_less_the_prior() -> None:
    assert Signals(model=2.5, dense=0.9, lexical=0.5, states=1.0, prior=2.0).contrast == pytest.approx(0.5)
    assert Signals(model=2.5, dense=0.9, lexical=0.5, states=1.0).contrast is None  # the prior was not asked
    calibration = Calibration(("contrast",), (1.0,), 0.0, 0.5)
    eager = Signals(model=3.0, dense=0.9, lexical=0.5, states=1.0, prior=2.9)  # says 是 with or without passages
    moved = Signals(model=1.0, dense=0.9, lexical=0.5, states=1.0, prior=-1.0)  # the passages moved it
    assert calibration.probability(moved) > 0.8 > 0.6 > calibration.probability(eager)


def test_shipped_calibrations_cover_both_feature_sets() -> None:
    calibrations = load_calibrations()
    assert calibrations["llm"].features == ("contrast", "figure_gap")
    assert calibrations["llm_parts"].features[0] == "model"  # the part threshold was fitted on these
    assert "model" not in calibrations["extractive"].features
    for calibration in calibrations.values():
        assert 0 < calibration.threshold < 1 and len(calibration.weights) == len(calibration.features)


def test_the_figure_gap_asks_by_meaning_whether_a_clause_states_the_figure_asked(retrieval) -> None:
    def evidence(question: str):
        return gather(retrieval, analyse(question, retrieval.index.regions.regions_in), Filters(), AnswerSettings())

    # "红头文件" is the report's "规范性文件": the closest clause in meaning ("…审核行政规范性文件8件") states a count
    colloquial = Judge(None, retrieval.index.embedder).signals(evidence("朝天区2024年把关了多少份红头文件?"))
    assert colloquial.figure_gap == 0.0
    # no clause states a percentage: counted as one at the 'unrelated' cosine, below the closest clause
    rate = evidence("朝天区的行政复议纠错率是多少?")
    closest = max(rate.scorer.meaning.similarity(p.excerpt) for p in rate.passages)
    assert figure_gap(rate) == pytest.approx(UNRELATED_COSINE - closest) and figure_gap(rate) < -0.05
    assert figure_gap(evidence("朝天区怎样推进行政执法?")) == 0.0  # no amount asked: nothing to miss


def test_model_vote_is_read_from_token_probabilities(retrieval, scripted_server: ScriptedServer) -> None:
    backend = OpenAICompatibleBackend(scripted_server.base_url, "scripted")
    judge = Judge(backend, retrieval.index.embedder)
    query = analyse("朝天区去年办了多少行政复议的案子?", retrieval.index.regions.regions_in)
    evidence = gather(retrieval, query, Filters(), AnswerSettings())
    scripted_server.yes = 0.8
    assert judge.signals(evidence).model == pytest.approx(math.log(0.8 / 0.2), abs=1e-3)
    scripted_server.yes = 0.1
    low = judge.judge(evidence)
    assert low.signals.model == pytest.approx(math.log(0.1 / 0.9), abs=1e-3)
    assert low.feature_set == "llm" and 0 < low.probability < 1
    # nothing was generated to judge: only one-token requests with logprobs
    assert scripted_server.generations() == []
    assert all(r["max_tokens"] == 1 and r["logprobs"] for r in scripted_server.requests)


def test_the_prior_is_the_vote_on_the_question_without_passages(retrieval, scripted_server: ScriptedServer) -> None:
    backend = OpenAICompatibleBackend(scripted_server.base_url, "scripted")
    query = analyse("朝天区去年办了多少行政复议的案子?", retrieval.index.regions.regions_in)
    evidence = gather(retrieval, query, Filters(), AnswerSettings())
    scripted_server.yes, scripted_server.prior_yes = 0.9, 0.8
    signals = Judge(backend, retrieval.index.embedder).signals(evidence)
    assert signals.prior == pytest.approx(math.log(0.8 / 0.2), abs=1e-3)
    assert signals.contrast == pytest.approx(math.log(0.9 / 0.1) - math.log(0.8 / 0.2), abs=1e-3)
    prior, vote = (r["messages"][1]["content"] for r in scripted_server.requests)
    assert BEGIN not in prior and "办了多少行政复议的案子" in prior  # asked first, with the question alone
    assert BEGIN in vote


def test_a_model_as_sure_without_the_passages_as_with_them_is_refused(retrieval, scripted_server) -> None:
    # The shipped calibration: the same 是 with and without passages says the passages add nothing.
    backend = _scripted(scripted_server, 0.97, "朝天区2024年共收到行政复议申请26件[1]。")
    scripted_server.prior_yes = 0.97
    eager = Answerer(retrieval, backend).ask("朝天区2024年办了多少行政复议的案子?")
    scripted_server.prior_yes = 0.5
    moved = Answerer(retrieval, backend).ask("朝天区2024年办了多少行政复议的案子?")
    assert moved.answerability > eager.answerability
    assert not moved.refused and "26件" in moved.answer


def test_parts_are_judged_by_their_own_calibration_without_the_prior(retrieval, scripted_server) -> None:
    backend = _scripted(scripted_server, 0.97, "收到行政复议申请26件[1]。")
    Answerer(retrieval, backend).ask("朝天区和通城县分别怎样开展行政复议工作?")
    judged = [r for r in scripted_server.requests if not r.get("stream")]
    assert len(judged) == 2 and all(BEGIN in r["messages"][1]["content"] for r in judged)  # one vote per part


def test_colloquial_question_reaches_the_model_when_it_judges_the_passages_answer(
    retrieval, scripted_server: ScriptedServer
) -> None:
    # "案子" for 案件 / 申请: no lexical head match needed once the model says the passages answer.
    backend = _scripted(scripted_server, 0.97, "朝天区2024年共收到行政复议申请26件[1]。")
    answer = Answerer(retrieval, backend).ask("朝天区2024年办了多少行政复议的案子?")
    assert not answer.refused and "26件" in answer.answer, answer.answer
    assert answer.answerability is not None and answer.answerability > 0.5
    assert len(scripted_server.generations()) == 1


def test_each_region_of_a_question_is_answered_from_its_own_report(retrieval, scripted_server) -> None:
    # the same reply to both parts: only 朝天区's report holds it
    backend = _scripted(scripted_server, 0.97, "收到行政复议申请26件[1]。")
    answer = Answerer(retrieval, backend).ask("朝天区和通城县分别怎样开展行政复议工作?")
    first, second = (request["messages"][1]["content"].split("问题：")[0] for request in scripted_server.generations())
    assert "广元市朝天区" in first and "通城县" not in first  # each part quotes only its own region's report
    assert "通城县" in second and "朝天区" not in second
    lines = answer.answer.split("\n")
    assert lines[0].startswith("广元市朝天区：") and "26件[1]" in lines[0]
    assert lines[1].startswith("通城县：") and "26件" not in lines[1]  # not borrowed from 朝天区's passage
    # 通城县's passage does not hold "26件": the sentence of it that answers is quoted instead (its own report's)
    assert [c.passage.region for c in answer.citations] == ["广元市朝天区", "通城县"]
    assert answer.fallback == Fallback.QUOTED_AFTER_FAILED_CLAIMS
    # each part's judgement is reported: what the part threshold is fitted from
    assert [(p.label, p.answered) for p in answer.parts] == [("广元市朝天区", True), ("通城县", True)]
    assert all(p.answerability is not None and p.judge_signals for p in answer.parts)
    assert answer.to_json()["parts"][0]["label"] == "广元市朝天区"


def test_parts_are_judged_against_the_part_threshold(retrieval, scripted_server) -> None:
    backend = _scripted(scripted_server, 0.97, "收到行政复议申请26件[1]。")
    strict = Calibration(("model",), (1.0,), 0.0, threshold=0.999, part_threshold=0.5)  # log-odds 3.5 → 0.97
    answerer = Answerer(retrieval, backend)
    for judge in answerer._judges.values():
        judge.calibrations = {"llm": strict, "extractive": strict}
    single = answerer.ask("朝天区办了多少行政复议的案子?")
    assert single.refused and single.answerability == pytest.approx(0.97, abs=0.01)
    parts = answerer.ask("朝天区和通城县分别怎样开展行政复议工作?")
    assert not parts.refused and "26件" in parts.answer  # the same probability lets a part through


def test_with_the_gate_off_a_doubtful_question_is_still_generated_and_verified(
    retrieval, scripted_server: ScriptedServer
) -> None:
    # How the calibration is fitted end to end: every question answered, the judge's probability recorded.
    backend = _scripted(scripted_server, 0.01, "朝天区2024年共收到行政复议申请26件[1]。")
    gated = Answerer(retrieval, backend).ask("朝天区2024年办了多少行政复议的案子?")
    assert gated.refused and scripted_server.generations() == []
    ungated = Answerer(retrieval, backend, AnswerSettings(judge_gate=False)).ask("朝天区2024年办了多少行政复议的案子?")
    assert not ungated.refused and "26件" in ungated.answer
    assert ungated.answerability is not None and ungated.answerability < 0.5
    assert ungated.judge_signals is not None and ungated.judge_signals["model"] < 0


def test_the_judge_asks_for_the_options_it_reads() -> None:
    assert all(f"“{option}”" in JUDGE_ASK for option in (YES, NO))


def test_the_models_reply_to_the_judges_question_starts_with_one_of_its_options(retrieval, local_05b) -> None:
    # With the real model: the two options hold most of the first token's probability, and neither is a
    # token the reply never starts with (asking for "没有" but reading "没" gave a vote of +8 on every question).
    query = analyse("朝天区去年办了多少行政复议的案子?", retrieval.index.regions.regions_in)
    evidence = gather(retrieval, query, Filters(), AnswerSettings())
    probabilities = local_05b.option_probabilities(judge_messages(query, evidence.passages), [YES, NO])
    assert sum(probabilities.values()) > 0.5, probabilities
    assert min(probabilities.values()) > 1e-4, probabilities
