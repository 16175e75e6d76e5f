"""Retrieval quality on the dev question set, with the real model and real indexes.

The seed questions run against the session's seed index. The dev set's other questions run against the seeds and a
sample of 17 of the shared reports (tests/conftest.py, CORPUS_SAMPLE), the questions whose answers it holds: all 50
reports take 12 minutes to index on a slow 2-core machine. ``python -m bench.retrieval_bench`` measures all 50.
Thresholds are the issue's targets; docs/benchmarks.md has the measured figures.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.devset import evaluate
from bench.retrieval_modes import held_by, question_sets, scores_by_mode
from retrieval.service import Retrieval


@pytest.fixture(scope="module")
def question_set() -> dict:
    """The dev set and the user-worded train questions, as bench/retrieval_modes.py measures them."""
    return question_sets()


@pytest.fixture(scope="module")
def questions(question_set):
    return question_set["dev"]


def test_seed_questions_on_seed_index(retrieval: Retrieval, questions) -> None:
    seeds = [q for q in questions if all(g.source.startswith("seeds/") for g in q.gold)]
    assert len(seeds) >= 35
    scores = evaluate(seeds, lambda q: retrieval.search(q, top_k=10))
    assert scores.hit_at_5 >= 0.97, scores.misses
    assert scores.mrr >= 0.85, scores.misses


@pytest.mark.slow
def test_dev_set_on_many_reports(corpus_sample_index: Path, indexer_settings, embedder, questions,
                                 question_set) -> None:
    service = Retrieval.open(corpus_sample_index, indexer_settings, embedder=embedder)
    questions = held_by(questions, service)
    assert len(questions) >= 70 and sum(not q.about_seeds for q in questions) >= 20  # 75 and 24 of 105
    scores = evaluate(questions, lambda q: service.search(q, top_k=10))
    assert scores.hit_at_5 >= 0.90, scores.misses
    assert scores.mrr >= 0.75, scores.misses
    seeds = evaluate([q for q in questions if q.about_seeds], lambda q: service.search(q, top_k=10))
    assert seeds.hit_at_5 >= 0.97, seeds.misses
    # The hybrid must beat each retriever alone on questions in users' own words, or it is not earning its cost.
    # (The dev set reuses the reports' wording, on which BM25 alone is as good: MRR 0.980 against the hybrid's 0.962
    # on this sample, 0.900 against 0.906 on all 50 reports; docs/benchmarks.md.)
    users = held_by(question_set["user-train"], service)
    assert len(users) >= 100, len(users)  # 140
    by_mode = scores_by_mode(users, service)
    for mode in ("bm25", "dense"):
        assert by_mode["hybrid"].mrr >= by_mode[mode].mrr - 0.01, (mode, by_mode[mode].mrr, by_mode["hybrid"].mrr)
