"""bench/answer_bench.py: which question rows a run takes (the run itself needs a model and the full index)."""

import json
from pathlib import Path

from bench.answer_bench import load_questions


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
