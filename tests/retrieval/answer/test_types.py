"""The answer contract: the JSON ``ask --json`` prints (keys, rounding, flat citations) and the stream events."""

from __future__ import annotations

from retrieval.answer.types import Answer, Citation, Fallback, FinalEvent, TokenEvent
from retrieval.types import Hit, Passage

PASSAGE = Passage("d1", "seeds/a.txt", "朝天区报告", "广元市朝天区", 2024, "", "全年共收到行政复议申请26件。", 100, 115)

KEYS = [
    "question", "answer", "refused", "backend", "citations", "timings", "searched_documents", "unsupported_claims",
    "notes", "fallback", "answerability", "judge_signals", "intent", "comparison", "parts", "draft",
]


def test_answer_json_keys_and_rounding() -> None:
    citation = Citation.from_hit(1, Hit(PASSAGE, 1, 0.9), 102, 115)
    answer = Answer("朝天区收到多少件?", "26件[1]。", False, "extractive", [citation], {"total": 0.123456},
                    ["朝天区报告"], answerability=0.876543, fallback=Fallback.LLM_UNAVAILABLE)
    data = answer.to_json()
    assert list(data) == KEYS
    assert data["timings"] == {"total": 0.123} and data["answerability"] == 0.8765
    assert data["fallback"] == "llm_unavailable" and data["intent"] == "ask" and data["comparison"] is None
    assert data["parts"] == []  # only a question over several regions or years has parts
    (cited,) = data["citations"]
    assert cited == {"n": 1, **PASSAGE.to_json(), "support_start": 102, "support_end": 115}


def test_a_refusal_has_no_citations_and_no_probability_unless_judged() -> None:
    data = Answer("问题", "报告中没有找到相关内容。", True, "local").to_json()
    assert data["citations"] == [] and data["answerability"] is None and data["fallback"] is None


def test_stream_events_carry_text_then_the_final_answer() -> None:
    answer = Answer("q", "a", False, "local")
    assert TokenEvent("26").text == "26" and FinalEvent(answer).answer is answer
