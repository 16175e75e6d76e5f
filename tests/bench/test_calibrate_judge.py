"""The judge's calibration fit (bench/calibrate_judge.py): end-to-end rates and the folded standardisation."""

from __future__ import annotations

import json

import numpy as np
import pytest

from bench.answer_bench import squash
from bench.calibrate_judge import (
    end_to_end,
    fit,
    fit_part_threshold,
    part_records,
    question_range,
    rgb_ids,
    rgb_items,
    with_current_signals,
)
from retrieval.answer.judge import Calibration, Signals


def record(answerable: bool, correct: bool, refused: bool = False, **signals: float) -> dict:
    base = {"model": 0.0, "dense": 0.8, "lexical": 0.3, "states": 0.0}
    return {"answerable": answerable, "correct": correct, "refused": refused, "label": correct, **base, **signals}


def test_end_to_end_rates_count_what_the_gate_lets_through() -> None:
    records = [record(True, True), record(True, False), record(True, False, refused=True),
               record(False, False), record(False, False, refused=True)]
    everything = end_to_end(records, np.ones(5, bool))
    assert everything == pytest.approx({"accuracy": 1 / 3, "wrong": 1 / 3, "refusal": 1 / 2})
    # refusing the wrong answer and the invented one: right stays, nothing wrong, every unanswerable refused
    gate = np.array([True, False, True, False, True])
    assert end_to_end(records, gate) == pytest.approx({"accuracy": 1 / 3, "wrong": 0.0, "refusal": 1.0})


def test_fitted_weights_apply_to_raw_signals_as_sklearn_would() -> None:
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    rng = np.random.default_rng(1)
    records = []
    for _ in range(120):
        answers = bool(rng.random() < 0.7)
        model = rng.normal(2.0 if answers else -1.0, 1.5)
        dense = rng.normal(0.86 if answers else 0.82, 0.02)
        records.append(record(True, answers and rng.random() < 0.9, model=model, dense=dense,
                              lexical=rng.normal(0.4, 0.1), states=float(rng.random() < 0.5)))
    features = ("model", "dense", "lexical", "states")
    fitted = fit(records, features, end_to_end_objective=True)
    calibration = Calibration(features, tuple(fitted["weights"]), fitted["bias"], fitted["threshold"])

    x = np.array([[r[f] for f in features] for r in records])
    y = np.array([r["label"] for r in records], dtype=int)
    reference = make_pipeline(StandardScaler(), LogisticRegression(C=1.0, max_iter=1000)).fit(x, y)
    ours = [calibration.probability(Signals(**{k: r[k] for k in features})) for r in records]
    assert ours == pytest.approx(reference.predict_proba(x)[:, 1].tolist(), abs=1e-4)
    assert fitted["weights"][0] > 0  # the model's vote points the right way
    assert 0.05 <= fitted["threshold"] <= 0.95 and set(fitted["cv_rates"]) == {"accuracy", "wrong", "refusal"}


def test_parts_are_scored_from_their_own_line_and_its_cited_passage(tmp_path) -> None:
    row = {"id": "q1", "question": "吉林和黑龙江去年粮食各打了多少斤?", "answerable": True, "split": "train",
           "answers": ["871.6亿斤", "1640.06亿斤"], "gold": []}
    answer = "吉林省：粮食总产量871.6亿斤[1]。\n黑龙江省：粮食产量1600亿斤[2]。"
    logged = {"id": "q1", "refused": False, "answer": answer,
              "citations": [{"n": 1, "text": "粮食总产量达到871.6亿斤"}, {"n": 2, "text": "粮食总产量1640.06亿斤"}],
              "parts": [{"label": "吉林省", "answerability": 0.7, "answered": True},
                        {"label": "黑龙江省", "answerability": 0.4, "answered": True},
                        {"label": "辽宁省", "answerability": None, "answered": False}]}
    log = tmp_path / "log.jsonl"
    log.write_text(json.dumps(logged, ensure_ascii=False) + "\n", encoding="utf-8")
    records = part_records([log], [row])
    # 黑龙江's line states a figure its passage does not hold: answered, but wrong; 辽宁 was never judged
    assert [(r["label"], r["correct"]) for r in records] == [("吉林省", True), ("黑龙江省", False)]


def test_part_threshold_weighs_parts_against_unanswerable_questions() -> None:
    def part(probability: float, correct: bool, answered: bool = True) -> dict:
        return {"probability": probability, "correct": correct, "answered": answered}

    parts = [part(0.9, True)] * 5 + [part(0.7, True)] * 5 + [part(0.5, False), part(0.3, False, answered=False)]
    # two unanswerable questions the model would answer, at 0.6 and 0.4; one the verifier refuses anyway
    unanswerable = [{"probability": 0.6, "refused": False}, {"probability": 0.4, "refused": False},
                    {"probability": 0.7, "refused": True}]
    fitted = fit_part_threshold(parts, unanswerable, ceiling=0.77)
    # all right parts pass and both unanswerable ones stay out; the wrong part at 0.5 too
    assert fitted["part_threshold"] == pytest.approx(0.7)
    assert fitted["parts_right_at_threshold"] == 10 and fitted["parts_wrong_at_threshold"] == 0
    assert fitted["unanswerable_refused_at_threshold"] == 1.0 and fitted["parts_right_at_ceiling"] == 5
    assert fit_part_threshold([part(0.9, True)], [], ceiling=0.77)["part_threshold"] <= 0.77  # never above it


def test_rgb_items_pair_each_question_with_a_pool_that_cannot_answer_it(retrieval) -> None:
    # Real RGB pools (answer_bench's BM25 over RGB's corpus) and real evidence from the seed index's encoder.
    items = list(rgb_items(retrieval, range(2, 4)))
    assert [i.id for i in items] == ["rgb-q002-noise", "rgb-q002-negative", "rgb-q003-noise", "rgb-q003-negative"]
    assert {i.id for i in items} == rgb_ids(range(2, 4))
    assert [i.answerable for i in items] == [True, False, True, False]
    assert all(i.domain == "rgb" for i in items)
    noise, negative = items[2].evidence(), items[3].evidence()  # 首趟RCEP班列的起点？ 南宁
    assert "南宁" in squash("".join(p.excerpt for p in noise.passages))
    assert negative.passages and "南宁" not in squash("".join(h.passage.text for h in negative.hits))


def test_question_range_reads_start_and_end() -> None:
    assert question_range("50:150") == range(50, 150)


def test_a_refit_keeps_the_models_votes_and_computes_the_other_signals_again(seed_index) -> None:
    rows = [{"id": "q1", "question": "朝天区2024年把关了多少份红头文件?", "answerable": True, "answers": ["8件"],
             "split": "train"},
            {"id": "q2", "question": "朝天区和殷都区各审核了多少件规范性文件?", "answerable": True, "answers": ["8件"],
             "split": "train"}]
    stale = {"label": False, "answerable": True, "model": 2.5, "prior": 1.5, "dense": 0.0, "lexical": 0.0,
             "states": 1.0, "figure_gap": -0.5}  # cached before figure_gap was computed as it is now
    cached = [{"id": "q1", **stale}, {"id": "q2", **stale}, {"id": "test-q", **stale}]
    records = with_current_signals(seed_index, cached, rows, rgb=None)

    assert [r["id"] for r in records] == ["q1"]  # a question judged part by part, or not in the rows: left out
    again = records[0]
    assert (again["model"], again["prior"]) == (2.5, 1.5)  # the votes: not asked again
    assert again["figure_gap"] == 0.0 and again["dense"] > 0.8
    assert again["label"]  # "8件" stands in the excerpts the model is shown


def test_the_kept_votes_hold_no_test_question() -> None:
    from bench.answer_bench import load_questions
    from bench.calibrate_judge import REPO

    test = {q["id"] for q in load_questions(None, "test")}
    train = {q["id"] for q in load_questions(None, "train")}
    lines = (REPO / "bench/data/judge_votes.jsonl").read_text(encoding="utf-8").splitlines()
    kept = [json.loads(line) for line in lines]
    assert kept and not {r["id"] for r in kept} & test
    assert all(r["id"] in train or r["id"].startswith("rgb-q") for r in kept)
    assert all("model" in r and "prior" in r for r in kept)  # None where the evidence was empty: left out of fits
