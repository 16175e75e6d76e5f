"""A question asking for several amounts gets all of them (several.py): the logic on small passages, then the
whole pipeline on the real seed index with a scripted model."""

from __future__ import annotations

import pytest

from config import AnswerSettings
from retrieval.answer import several
from retrieval.answer.answerer import Answerer
from retrieval.answer.citations import Verifier, question_checks
from retrieval.answer.evidence import from_hits
from retrieval.answer.query import analyse
from retrieval.llm.openai_compat import OpenAICompatibleBackend
from retrieval.types import Hit, Passage
from tests.retrieval.answer.test_answerer import _prompt_passages, assert_contract


def _hit(text: str, doc_id: str = "report") -> Hit:
    return Hit(Passage(doc_id, f"{doc_id}.txt", "广元市朝天区2024年法治政府建设情况", "广元市朝天区", 2024, "", text, 0,
                       len(text)), 1, 0.9)


def _completed(question: str, draft: str, *hits: Hit) -> str | None:
    query = analyse(question)
    verification = Verifier(dict(enumerate(hits, 1)), [], question=query.question,
                            **question_checks(query)).verify(draft)
    assert verification.supported, f"the draft should hold before completion: {draft}"
    done = several.complete(from_hits(query, list(hits), [], AnswerSettings()), verification)
    return done.answer if done else None


ASKED = "朝天区办理了多少件人大代表建议和政协提案?"


@pytest.mark.parametrize(
    ("question", "draft", "passages", "completed"),
    [
        pytest.param(
            ASKED, "62件[1]",
            [("全年共收到行政复议申请26件。及时办理人大代表建议62件、政协提案81件，办结率100%。", "report")],
            "及时办理人大代表建议62件、政协提案81件[1]。", id="the one amount stated is quoted beside its partner"),
        # The model took the year's figure; the passage's other sentence states it with the one it grew from.
        pytest.param(
            "朝天区旅游的人从多少涨到了多少?", "3.23亿人次[1]。",
            [("全年接待游客3.23亿人次、游客花费3700亿元。五年来，年接待游客由1.58亿人次增加到3.23亿人次。", "report")],
            "年接待游客由1.58亿人次增加到3.23亿人次[1]。", id="the partner may stand in another sentence"),
        pytest.param(
            ASKED, "62件[2]",
            [("办理人大代表建议62件、群众来信90件。", "other"), ("及时办理人大代表建议62件、政协提案81件。", "cited")],
            "及时办理人大代表建议62件、政协提案81件[1]。", id="the claim's own passage is searched first"),
        pytest.param(
            ASKED, "62件[1]", [("及时办理人大代表建议62件、政协提案62件。", "report")],
            "及时办理人大代表建议62件、政协提案62件[1]。", id="equal amounts pair too"),
        pytest.param(
            ASKED, "办理人大代表建议62件，办结率100%[1]",
            [("及时办理人大代表建议62件、政协提案81件，办结率100%。", "report")],
            "办理人大代表建议62件，办结率100%[1]。及时办理人大代表建议62件、政协提案81件[1]。",
            id="what else the claim stated is kept"),
    ],
)
def test_the_missing_amount_is_quoted(question: str, draft: str, passages: list[tuple[str, str]],
                                      completed: str) -> None:
    assert _completed(question, draft, *(_hit(text, doc_id) for text, doc_id in passages)) == completed


@pytest.mark.parametrize(
    ("question", "draft", "texts"),
    [
        pytest.param(ASKED, "143件[1]", ["及时办理人大代表建议和政协提案共143件、涉及资金3700万元。"],
                     id="no partner of the same unit"),
        # The next clause counts something else: the water's share is no partner of the air's.
        pytest.param("朝天区空气好的天数和水质好的比例各是多少?", "98.8%[1]",
                     ["空气质量优良天数比例98.8%，地表水水质优良比例96.9%。"],
                     id="a partner must stand in the same clause"),
        # 62 is also the number of review applications: that clause pairs 62件 with 30件 but answers nothing asked.
        pytest.param(ASKED, "办理人大代表建议62件[1]",
                     ["收到行政复议申请62件、行政诉讼案件30件。办理人大代表建议62件。"],
                     id="a clause elsewhere must be about what is asked"),
        pytest.param(ASKED, "办理人大代表建议62件[1]",
                     ["办理人大代表建议62件。", "办理人大代表建议62件、政协提案81件。"],
                     id="a clause of another report is not quoted"),
        pytest.param(ASKED, "建议62件、提案81件[1]", ["及时办理人大代表建议62件、政协提案81件。"],
                     id="the answer states several amounts already"),
        pytest.param("朝天区财政赤字规模和赤字率分别是多少?", "赤字率3%[1]", ["拟安排财政赤字2.18万亿元、赤字率3%。"],
                     id="a rate asked pairs only with a rate"),
        pytest.param("朝天区收到多少件行政复议申请?", "26件[1]", ["全年共收到行政复议申请26件、行政诉讼案件30件。"],
                     id="a question asking one amount"),
    ],
)
def test_nothing_changes(question: str, draft: str, texts: list[str]) -> None:
    hits = [_hit(text, f"report{i}") for i, text in enumerate(texts)]
    assert _completed(question, draft, *hits) is None


def test_the_pipeline_completes_a_model_answer_that_stated_one_of_two(retrieval, scripted_server) -> None:
    # The bundled 1.5B model answered "62件[1]" to such a question; the seed report states both figures.
    question = "朝天区2024年办理了多少件人大代表建议和政协提案?"
    passages = _prompt_passages(retrieval, question)
    answering = next(n for n, (_, text) in passages.items() if "人大代表建议62件" in text)
    scripted_server.reply = f"62件[{answering}]"
    backend = OpenAICompatibleBackend(scripted_server.base_url, "scripted")
    answer = Answerer(retrieval, backend).ask(question)
    assert not answer.refused and "62件" in answer.answer and "81件" in answer.answer, answer.answer
    assert_contract(answer)
    cited = answer.citations[0]
    highlighted = retrieval.document_text(cited.passage.doc_id)[cited.support_start : cited.support_end]
    assert "人大代表建议62件" in highlighted and "政协提案81件" in highlighted
