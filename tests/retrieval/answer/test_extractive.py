"""The extractive backend on the seed reports: right figure, a citation that holds, same answer every run."""

from __future__ import annotations

import re

import pytest

from indexer.normalize import normalize_for_matching
from retrieval.answer.answerer import Answerer
from retrieval.answer.types import Answer, FinalEvent, TokenEvent

# (question, gold answer strings, gold evidence) from bench/data/dev_questions.jsonl (kind "seed"/"traditional")
SEED_QUESTIONS = [
    ("朝天区政府重大事项实行集体决策的比例是多少?", ["100%"], "区政府重大决策事项集体决策率达100%"),
    ("2024年朝天区收到了多少件行政复议申请?最终受理了几件?", ["26件", "21件"], "2024年共收到行政复议申请26件,受理21件"),
    ("通城县各级调解组织2023年矛盾纠纷化解率是多少?", ["97.8%"], "化解率达到97.8%"),
    ("仲恺高新区行政复议案件的纠错率是多少?", ["34.24%"], "行政復議案件糾錯率34.24%"),
    ("仲恺高新区目前有多少公职律师在党政机关任职?", ["23名"], "目前全區共有23名黨政機關公職律師"),
]


@pytest.fixture(scope="module")
def answerer(retrieval) -> Answerer:
    return Answerer(retrieval, None)


def assert_contract(answer: Answer) -> None:
    markers = {int(n) for n in re.findall(r"\[(\d+)\]", answer.answer)}
    assert markers == {c.n for c in answer.citations}, answer.answer
    assert [c.n for c in answer.citations] == list(range(1, len(answer.citations) + 1))


@pytest.mark.parametrize(("question", "golds", "evidence"), SEED_QUESTIONS)
def test_seed_question_answered_with_gold_figure_and_holding_citation(
    answerer: Answerer, retrieval, question: str, golds: list[str], evidence: str
) -> None:
    answer = answerer.ask(question)
    assert not answer.refused, answer.answer
    assert answer.backend == "extractive"
    for gold in golds:
        assert gold in normalize_for_matching(answer.answer), answer.answer
    assert_contract(answer)
    citation = answer.citations[0]
    assert normalize_for_matching(evidence) in normalize_for_matching(citation.passage.text)
    document = retrieval.document_text(citation.passage.doc_id)
    assert document[citation.passage.start : citation.passage.end] == citation.passage.text
    assert citation.passage.start <= citation.support_start < citation.support_end <= citation.passage.end


def test_extractive_is_deterministic(answerer: Answerer) -> None:
    def run() -> list[dict]:
        out = []
        for question, _, _ in SEED_QUESTIONS:
            data = answerer.ask(question).to_json()
            data.pop("timings")
            out.append(data)
        return out

    assert run() == run()


def test_multi_region_question_gets_one_cited_line_per_region(answerer: Answerer) -> None:
    # A figure asked of several regions is a comparison table (test_crossregion.py); this is a question in parts.
    answer = answerer.ask("朝天区和通城县分别怎样开展行政复议工作?")
    assert not answer.refused, answer.answer
    lines = answer.answer.splitlines()
    assert len(lines) == 2, answer.answer
    assert lines[0].startswith("广元市朝天区") or lines[0].startswith("朝天区"), answer.answer
    assert lines[1].startswith("通城县"), answer.answer
    assert "复议" in lines[0] and "复议" in lines[1], answer.answer
    assert all(re.search(r"\[\d+\]", line) for line in lines)
    first, second = answer.citations[0].passage, answer.citations[1].passage
    assert {c.passage.region for c in answer.citations} == {first.region, second.region}
    assert len({c.passage.doc_id for c in answer.citations}) == 2
    assert_contract(answer)


def test_stream_yields_the_text_then_the_final_answer(answerer: Answerer) -> None:
    events = list(answerer.stream(SEED_QUESTIONS[0][0]))
    assert isinstance(events[-1], FinalEvent)
    assert all(isinstance(e, TokenEvent) for e in events[:-1]) and len(events) >= 2
    timings = events[-1].answer.timings
    assert {"retrieve_s", "first_token_s", "generate_s", "total_s"} <= set(timings)
