"""The command-line contract other parts and outside checks rely on: one real ``python -m`` process per entry point
(``retrieval search``, ``indexer build``), the other cases through the same ``main(argv)`` in this process
(tests/cli.py)."""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli import run_main, run_process

HIT_KEYS = {"rank", "score", "doc_id", "source", "title", "region", "year", "section", "text", "start", "end"}


def _assert_hit_contract(hit: dict) -> None:
    assert set(hit) == HIT_KEYS
    assert isinstance(hit["rank"], int) and isinstance(hit["score"], float)
    assert isinstance(hit["start"], int) and isinstance(hit["end"], int)
    stored = Path(hit["source"]).read_text(encoding="utf-8")
    assert stored[hit["start"] : hit["end"]] == hit["text"]  # original script, exact offsets


def test_search_json(seed_index: Path) -> None:
    out = run_process(
        "retrieval", "search", "朝天区怎样推进行政执法?", "--index", str(seed_index), "--top-k", "3", "--json"
    )
    result = json.loads(out.stdout)
    assert result["query"] == "朝天区怎样推进行政执法?"
    assert [h["rank"] for h in result["hits"]] == [1, 2, 3]
    for hit in result["hits"]:
        _assert_hit_contract(hit)
    assert result["hits"][0]["region"] == "广元市朝天区"


def test_search_filters(seed_index: Path) -> None:
    out = run_main(
        "retrieval",
        "search",
        "行政复议",
        "--index",
        str(seed_index),
        "--region",
        "通城县",
        "--year",
        "2023",
        "--json",
    )
    hits = json.loads(out.stdout)["hits"]
    assert hits and {(h["region"], h["year"]) for h in hits} == {("通城县", 2023)}


def test_search_queries_file_one_line_per_query(seed_index: Path, tmp_path: Path) -> None:
    queries = tmp_path / "q.jsonl"
    lines = [
        {"id": "a", "question": "仲恺高新区怎样学习习近平法治思想?"},
        {"id": 7, "question": "长治市出台了几部地方性法规?"},
    ]
    queries.write_text("\n".join(json.dumps(q, ensure_ascii=False) for q in lines), encoding="utf-8")
    out = run_main(
        "retrieval", "search", "--queries", str(queries), "--index", str(seed_index), "--top-k", "2", "--json"
    )
    results = [json.loads(line) for line in out.stdout.splitlines()]
    assert [r["id"] for r in results] == ["a", "7"]
    for result in results:
        assert set(result) == {"id", "hits"} and len(result["hits"]) == 2
        for hit in result["hits"]:
            _assert_hit_contract(hit)


def test_similar_json_excludes_the_source_document(seed_index: Path) -> None:
    first = json.loads(
        run_main(
            "retrieval", "search", "府院联席会议制度", "--index", str(seed_index), "--top-k", "1", "--json"
        ).stdout
    )["hits"][0]
    out = run_main(
        "retrieval",
        "similar",
        "--source",
        first["source"],
        "--start",
        str(first["start"]),
        "--end",
        str(first["end"]),
        "--index",
        str(seed_index),
        "--top-k",
        "3",
        "--json",
    )
    hits = json.loads(out.stdout)["hits"]
    assert hits and all(h["doc_id"] != first["doc_id"] for h in hits)
    assert len({h["doc_id"] for h in hits}) == len(hits)  # one passage per other document
    for hit in hits:
        _assert_hit_contract(hit)
    text_out = json.loads(
        run_main("retrieval", "similar", "--text", "府院联动", "--index", str(seed_index), "--json").stdout
    )
    assert text_out["hits"]


def test_errors_are_clear_and_nonzero(tmp_path: Path, seed_index: Path) -> None:
    missing = run_main("retrieval", "search", "行政复议", "--index", str(tmp_path / "none"), "--json", check=False)
    assert missing.returncode == 1 and "python -m indexer build" in missing.stderr
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"question": "no id"}\n', encoding="utf-8")
    result = run_main("retrieval", "search", "--queries", str(bad), "--index", str(seed_index), check=False)
    assert result.returncode == 1 and "bad.jsonl:1" in result.stderr


def test_indexer_cli_summary_on_stdout_progress_on_stderr(tmp_path: Path) -> None:
    source = tmp_path / "r"
    source.mkdir()
    (source / "a.txt").write_text(
        "通城县2023年法治政府建设工作报告\n全年县委县政府召开专题会议研究部署法治建设工作4次。\n", encoding="utf-8"
    )
    (source / "b.pdf").write_bytes(b"not a pdf")
    out = run_process("indexer", "build", str(source), "--index", str(tmp_path / "idx"))
    assert "1 added" in out.stdout and "1 failed" in out.stdout and "b.pdf" in out.stdout
    assert "indexing" in out.stderr  # the progress bar
