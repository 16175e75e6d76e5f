"""The --queries FILE.jsonl reader: ids and questions, blank lines skipped, bad lines named."""

from __future__ import annotations

from pathlib import Path

import pytest

from retrieval.errors import RetrievalError
from retrieval.queries import read_queries


def test_reads_ids_and_questions(tmp_path: Path) -> None:
    path = tmp_path / "q.jsonl"
    path.write_text('{"id": 1, "question": "甲?"}\n\n{"id": "b", "question": "乙?"}\n', encoding="utf-8")
    assert list(read_queries(path)) == [("1", "甲?"), ("b", "乙?")]


def test_a_bad_line_is_reported_with_its_number(tmp_path: Path) -> None:
    path = tmp_path / "q.jsonl"
    path.write_text('{"id": 1, "question": "甲?"}\n{"question": "no id"}\n', encoding="utf-8")
    with pytest.raises(RetrievalError, match=r"q\.jsonl:2: expected a JSON object"):
        list(read_queries(path))
