"""The ``python -m retrieval compare`` contract on the seed index, through ``main(argv)`` in this process
(tests/cli.py): ``compare`` is parsed by the same entry point whose real process test_cli.py runs."""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli import run_main

ROW_KEYS = {"region", "year", "value", "unit", "kind", "text", "source", "start", "end"}


def _assert_row(row: dict) -> None:
    if row["value"] is None:
        assert set(row) == ROW_KEYS | {"reason"} and row["reason"]
        return
    assert set(row) == ROW_KEYS
    assert row["kind"] in ("actual", "target", "cumulative", "average")
    assert Path(row["source"]).read_text(encoding="utf-8")[row["start"] : row["end"]] == row["text"]
    assert row["value"] in row["text"]


def test_compare_json(seed_index: Path) -> None:
    question = "朝天区、通城县各收到多少件行政复议申请?"
    out = run_main("retrieval", "compare", question, "--index", str(seed_index), "--json")
    result = json.loads(out.stdout)
    assert result["question"] == question
    assert [r["value"] for r in result["rows"]] == ["26件", "62件"]
    for row in result["rows"]:
        _assert_row(row)


def test_compare_text_output_says_how_the_question_was_read(seed_index: Path) -> None:
    out = run_main("retrieval", "compare", "朝天区、通城县各收到多少件行政复议申请?", "--index", str(seed_index))
    lines = out.stdout.splitlines()
    assert lines[1] == "# 按“收到 行政复议申请”比较实际数"
    assert lines[2].startswith("广元市朝天区\t") and "26件" in lines[2]


def test_compare_regions_year_and_queries_file(seed_index: Path, tmp_path: Path) -> None:
    queries = tmp_path / "q.jsonl"
    lines = [{"id": "a", "question": "朝天区和通城县各收到多少件行政复议申请?"},
             {"id": "b", "question": "朝天区和通城县2023年各收到多少件行政复议申请?"}]
    queries.write_text("\n".join(json.dumps(q, ensure_ascii=False) for q in lines), encoding="utf-8")
    out = run_main("retrieval", "compare", "--queries", str(queries), "--index", str(seed_index), "--json")
    a, b = (json.loads(line) for line in out.stdout.splitlines())
    assert a["id"] == "a" and b["id"] == "b" and set(a) == {"id", "rows"}
    assert [r["value"] for r in b["rows"]] == [None, "62件"]  # 朝天区's report covers 2024
    for row in a["rows"] + b["rows"]:
        _assert_row(row)
    out = run_main("retrieval", "compare", "收到多少件行政复议申请?", "--regions", "通城县", "--year", "2023",
               "--index", str(seed_index), "--json", "--csv", str(tmp_path / "t.csv"),
               "--xlsx", str(tmp_path / "t.xlsx"))
    assert [r["value"] for r in json.loads(out.stdout)["rows"]] == ["62件"]
    assert "62件" in (tmp_path / "t.csv").read_text(encoding="utf-8-sig") and (tmp_path / "t.xlsx").stat().st_size


def test_compare_without_regions_is_a_clear_error(seed_index: Path) -> None:
    out = run_main("retrieval", "compare", "收到多少件行政复议申请?", "--index", str(seed_index), "--json",
               check=False)
    assert out.returncode == 1 and "regions" in out.stderr
