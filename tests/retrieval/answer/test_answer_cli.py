"""``python -m retrieval ask`` JSON contract: one real process, the other cases in this process through the same
``main(argv)`` (tests/cli.py)."""

from __future__ import annotations

import json
import re
from pathlib import Path

from tests.cli import CliResult, run_main, run_process

ANSWER_KEYS = {"question", "answer", "refused", "backend", "citations", "timings"}
CITATION_KEYS = {"n", "doc_id", "source", "title", "region", "year", "section", "text", "start", "end"}


def _run(*args: str) -> CliResult:
    return run_main("retrieval", "ask", *args)


def _assert_contract(data: dict) -> None:
    assert set(data) >= ANSWER_KEYS
    assert isinstance(data["refused"], bool) and isinstance(data["answer"], str)
    numbers = [c["n"] for c in data["citations"]]
    assert {int(n) for n in re.findall(r"\[(\d+)\]", data["answer"])} == set(numbers)
    for citation in data["citations"]:
        assert set(citation) >= CITATION_KEYS
        stored = Path(citation["source"]).read_text(encoding="utf-8")
        assert stored[citation["start"] : citation["end"]] == citation["text"]
    assert {"retrieve_s", "total_s"} <= set(data["timings"])


def test_ask_json(seed_index: Path) -> None:
    result = run_process("retrieval", "ask", "2024年朝天区收到了多少件行政复议申请?", "--index", str(seed_index),
                         "--backend", "extractive", "--json")
    data = json.loads(result.stdout)
    _assert_contract(data)
    assert data["backend"] == "extractive" and not data["refused"]
    assert "26件" in data["answer"] and data["citations"]


def test_ask_queries_file_one_line_per_question(seed_index: Path, tmp_path: Path) -> None:
    queries = tmp_path / "q.jsonl"
    queries.write_text(
        '{"id": "a", "question": "朝天区政府重大事项实行集体决策的比例是多少?"}\n'
        '{"id": "b", "question": "朝天区聘请了多少名政府法律顾问?"}\n',
        encoding="utf-8",
    )
    result = _run("--queries", str(queries), "--index", str(seed_index), "--backend", "extractive", "--json")
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [line["id"] for line in lines] == ["a", "b"]
    for line in lines:
        _assert_contract(line)
    assert not lines[0]["refused"] and "100%" in lines[0]["answer"]
    assert lines[1]["refused"] and lines[1]["citations"] == []


def test_ask_with_region_filter(seed_index: Path) -> None:
    result = _run("收到了多少件行政复议申请?", "--index", str(seed_index), "--backend", "extractive",
                  "--region", "通城县", "--json")
    data = json.loads(result.stdout)
    _assert_contract(data)
    assert all(c["region"] == "通城县" for c in data["citations"])


def test_ask_text_output(seed_index: Path) -> None:
    result = _run("朝天区政府重大事项实行集体决策的比例是多少?", "--index", str(seed_index), "--backend",
                  "extractive")
    assert "100%" in result.stdout and "[1]" in result.stdout and "extractive" in result.stdout


def test_ask_who_else_json_quotes_regions_and_names_the_example_as_asked(seed_index: Path) -> None:
    result = _run("上党区被推荐创建法治政府示范，其他地方呢?", "--index", str(seed_index), "--json")
    data = json.loads(result.stdout)
    _assert_contract(data)
    assert data["intent"] == "elsewhere" and data["answer"].startswith("除上党区（长治市）外，")
    assert data["citations"] and "长治市" not in {c["region"] for c in data["citations"]}


def test_ask_completes_a_model_answer_that_stated_one_of_two_amounts(seed_index: Path, retrieval, scripted_server,
                                                                      monkeypatch) -> None:
    # several.py through the CLI: the scripted model states one of the two figures the question asks for.
    from tests.retrieval.answer.test_answerer import _prompt_passages

    question = "朝天区2024年办理了多少件人大代表建议和政协提案?"
    answering = next(n for n, (_, text) in _prompt_passages(retrieval, question).items() if "人大代表建议62件" in text)
    scripted_server.reply = f"62件[{answering}]"
    monkeypatch.setenv("GOVQA_LLM_OPENAI_BASE_URL", scripted_server.base_url)
    data = json.loads(_run(question, "--index", str(seed_index), "--backend", "openai", "--json").stdout)
    _assert_contract(data)
    assert data["backend"].startswith("openai:") and "政协提案81件" in data["answer"], data["answer"]
