"""Re-verifying logged drafts (bench/reverify.py) against a real index of the seeds."""

from __future__ import annotations

from bench.reverify import log_key, report_cases, reverify, summary
from config import AnswerSettings

ROWS = [
    {"id": "q1", "question": "朝天区2024年审核了多少份规范性文件?", "answerable": True, "answers": ["8件"]},
    {"id": "q2", "question": "2024年朝天区收到了多少件行政复议申请?", "answerable": True, "answers": ["26件"]},
    {"id": "q3", "question": "朝天区2024年请了几个外籍法律顾问?", "answerable": False, "answers": []},
    {"id": "q4", "question": "朝天区和青川县各收到多少件复议申请?", "answerable": True, "answers": ["26件"]},
]


SURE = {"model": 4.0, "prior": 1.0}  # the passages moved the model's vote a lot: the judge lets it through
UNMOVED = {"model": 1.0, "prior": 3.0}  # the model was readier to say 是 without the passages: refused


def logged(id: str, draft: str, ok: bool, votes: dict = SURE, **more) -> dict:
    return {"id": id, "draft": draft, "ok": ok, "judge_signals": votes, "intent": "ask", **more}


def test_a_logged_draft_is_verified_again_by_the_current_code(retrieval) -> None:
    log = [
        # dropped when logged: 件 did not count what "多少份" asks for (documents are counted in both)
        logged("q1", "2024年共审核行政规范性文件8件[1]。", ok=False),
        logged("q2", "朝天区2024年共收到行政复议申请999件[1]。", ok=False),  # invented: still dropped
        logged("q3", "报告中没有提到外籍法律顾问。", ok=True, votes=UNMOVED),  # a refusal stays one
        logged("q4", "广元市朝天区：26件[1]", ok=True, parts=[{"label": "广元市朝天区"}]),  # part by part: skipped
        logged("q2", "2024年共收到行政复议申请26件[1]。", ok=True, fallback="quoted_after_model_refusal"),
        logged("unknown", "26件[1]", ok=True),  # not a question of the split read
    ]
    outcomes = reverify(retrieval, report_cases(retrieval, ROWS), log, AnswerSettings())

    assert [o.id for o in outcomes] == ["q1", "q2", "q3"]
    first, invented, refusal = outcomes
    assert first.changed and first.ok and "8件" in first.answer and "[1]" in first.answer
    assert not invented.changed and not invented.ok and invented.answer == ""
    assert refusal.ok and not refusal.changed and refusal.gated
    assert not first.gated  # judged again from the logged votes with the current signals and calibration
    assert summary(outcomes).splitlines() == [
        "answerable right   logged 0/2, now 1/2, now with the gate 1/2",
        "unanswerable refused logged 1/1, now 1/1, now with the gate 1/1",
    ]


def test_an_rgb_entry_is_read_with_its_pool() -> None:
    assert log_key({"id": "rgb-q050", "kind": "rgb-negative"}) == "rgb-q050-negative"
    assert log_key({"id": "ua001", "kind": "seed"}) == "ua001"
