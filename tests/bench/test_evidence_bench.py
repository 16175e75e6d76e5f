"""The evidence-stage bench (bench/evidence_bench.py) on the real seed index and embedding model."""

from __future__ import annotations

from bench.evidence_bench import measure
from config import AnswerSettings


def row(question: str, answers: list[str], answerable: bool = True) -> dict:
    return {"id": question[:6], "question": question, "answers": answers, "answerable": answerable}


def test_it_counts_answers_quoted_and_lists_the_misses(retrieval) -> None:
    rows = [
        row("朝天区的12345热线那一年按时办完了多少件老百姓的事?", ["4502件"]),
        row("朝天区的12345热线按时办结了多少件?", ["987654件"]),  # no report says this: a miss
        row("朝天区有多少个火星基地?", [], answerable=False),  # not answerable: not measured
        row("朝天区和通城县各收到多少件行政复议申请?", ["26件"]),  # parts have their own evidence: not measured
    ]
    report = measure(retrieval, rows, AnswerSettings(), count_tokens=lambda messages: 100 * len(messages))
    assert report.questions == 2 and report.gold_in_excerpts == 1
    assert [m["answers"] for m in report.misses] == [["987654件"]] and report.misses[0]["quoted"]
    assert sum(report.passages_per_prompt.values()) == 2 and report.prompt_tokens == [200, 200]
    summary = report.summary()
    assert summary["gold_in_excerpts"] == 1 and summary["evidence_s_median"] > 0
    assert summary["gold_in_first"] == report.gold_in_first == 1  # 4502件 stands in the first passage
