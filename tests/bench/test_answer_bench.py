"""bench/answer_bench.py: which question rows a run takes (the run itself needs a model and the full index)."""

import json
from pathlib import Path

import pytest

from bench.answer_bench import holds, load_questions, squash


def _write(path: Path, rows: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return path


def test_rows_are_taken_by_split_and_wording_style(tmp_path: Path) -> None:
    questions = _write(tmp_path / "q.jsonl", [
        {"id": "q1", "question": "朝天区前年收到几件复议申请?", "split": "train", "style": "relative_year"},
        {"id": "q2", "question": "北京去年PM2.5降到多少?", "split": "test", "style": "relative_year"},
        {"id": "q3", "question": "北京的空气怎么样?", "split": "test", "style": "colloquial"},
        {"id": "q4", "question": "没有划分的问题", "style": "formal"},  # no split: train
    ])
    assert [r["id"] for r in load_questions([questions], "test", "relative_year")] == ["q2"]
    assert [r["id"] for r in load_questions([questions], "all", "relative_year")] == ["q1", "q2"]
    assert [r["id"] for r in load_questions([questions], "train")] == ["q1", "q4"]
    assert [r["id"] for r in load_questions([questions])] == ["q1", "q2", "q3", "q4"]


def test_the_user_worded_sets_have_relative_year_questions_in_both_splits() -> None:
    """The default files: the style filter finds the questions docs/benchmarks.md measures by it."""
    train, test = (load_questions(None, split, "relative_year") for split in ("train", "test"))
    assert len(train) >= 40 and len(test) >= 10, (len(train), len(test))
    assert all(r["style"] == "relative_year" for r in train + test)


@pytest.mark.parametrize(
    ("gold", "answer", "held"),
    [
        ("2件", "全年依申请公开案件2件", True),
        ("2件", "26件[1]4502件[2]", False),  # 4502件 ends in "2件": a number is read whole; [2] is a citation
        ("2", "收到申请26件[2]", False),
        ("五个", "全面落实“五个法定程序”", True),
        ("五个", "建成二十五个调解室", False),
        ("2.93", "城乡居民收入比值缩小至2.93[1]", True),
        ("2.9", "缩小至2.93", False),
        ("3.39%", "败诉率降至13.39%", False),
        ("二千元", "补助2千元", True),  # the same amount, written otherwise
        ("60.39", "2022年春节档总票房为60.39亿[1]", True),  # RGB writes the gold without its magnitude
        ("三万", "三万六千个", False),
    ],
)
def test_a_gold_answer_is_held_only_by_the_whole_number(gold: str, answer: str, held: bool) -> None:
    assert holds(gold, squash(answer)) is held
