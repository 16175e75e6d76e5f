"""``ask`` answers cross-region questions in their terms (seed index, no LLM): a comparison table with a summary,
or one line per other region; plain questions and explicitly filtered ones take the normal path."""

from __future__ import annotations

from retrieval.answer import Answerer
from retrieval.answer.crossregion import route, summary_sentence
from retrieval.compare import Comparer, Comparison, ComparisonRow
from retrieval.search import Filters

COMPARE = "朝天区和通城县各收到多少件行政复议申请?"
ELSEWHERE = "朝天区推行府院联动，还有哪些地方也在做?"
TWICE = "哪些地方在做行政执法人员培训?"  # on the seeds, some regions state it in two passages


def test_compare_question_gets_the_table_and_a_summary(retrieval) -> None:
    answer = Answerer(retrieval, None).ask(COMPARE)
    assert answer.intent == "compare" and answer.comparison is not None and not answer.refused
    lines = answer.answer.splitlines()
    assert lines[0] == "广元市朝天区：26件（2024年，实际数）[1]"
    assert lines[1] == "通城县：62件（2023年，实际数）[2]"
    assert lines[2] == "2项中通城县最高（62件），广元市朝天区最低（26件）。"
    for citation, value in zip(answer.citations, ("26件", "62件"), strict=True):
        assert value in retrieval.document_text(citation.passage.doc_id)[citation.support_start : citation.support_end]
    data = answer.to_json()
    assert data["intent"] == "compare" and [r["value"] for r in data["comparison"]["rows"]] == ["26件", "62件"]


def test_elsewhere_question_gets_one_line_per_other_region(retrieval) -> None:
    answer = Answerer(retrieval, None).ask(ELSEWHERE)
    assert answer.intent == "elsewhere" and not answer.refused
    regions = [c.passage.region for c in answer.citations]
    assert "通城县" in regions and "广元市朝天区" not in regions
    for n, citation in enumerate(answer.citations, start=1):  # a region's line may quote two of its passages
        line = next(line for line in answer.answer.splitlines() if f"[{n}]" in line)
        quoted = retrieval.document_text(citation.passage.doc_id)[citation.support_start : citation.support_end]
        assert line.startswith(f"{citation.passage.region}：")
        assert f"{quoted.strip().rstrip('，,；;。')}[{n}]" in line


def test_a_region_quoted_twice_keeps_one_line_with_both_citations(retrieval) -> None:
    answer = Answerer(retrieval, None).ask(TWICE)
    lines = answer.answer.splitlines()[1:]  # after the heading "N个地区的报告提到类似做法："
    assert len(lines) == len({c.passage.region for c in answer.citations})  # one line per region
    twice = [line for line in lines if line.count("[") == 2]
    assert twice, "some region states the initiative in two passages"
    for line in twice:
        region, quotes = line.split("：", 1)
        first, second = quotes.split("；")
        n, m = int(first[first.rindex("[") + 1 : -1]), int(second[second.rindex("[") + 1 : -1])
        assert m == n + 1
        for text, citation in ((first, answer.citations[n - 1]), (second, answer.citations[m - 1])):
            assert citation.passage.region == region
            document = retrieval.document_text(citation.passage.doc_id)
            assert text[: text.rindex("[")] in document[citation.support_start : citation.support_end]


def test_plain_and_filtered_questions_take_the_normal_path(retrieval) -> None:
    assert Answerer(retrieval, None).ask("朝天区2024年收到多少件行政复议申请?").intent == "ask"
    filtered = Answerer(retrieval, None).ask(COMPARE, Filters(regions=("通城县",)))
    assert filtered.intent == "ask" and filtered.comparison is None


def test_summary_names_missing_rows_and_skips_ranking_across_units() -> None:
    rows = [ComparisonRow("甲", 2025, "5%", "%", "actual", "增长5%", "a", 0, 4, number=5.0),
            ComparisonRow("乙", 2025, "3亿元", "亿元", "actual", "达3亿元", "b", 0, 4, number=3.0),
            ComparisonRow("丙", 2025, None, None, None, None, None, None, None, "没有数字")]
    assert summary_sentence(Comparison("q", "m", 2025, "actual", rows)) == "共找到2项，丙的报告未给出可比的数字。"


def test_a_table_with_an_unverified_row_leaves_the_question_to_the_per_region_path(retrieval) -> None:
    # The seeds write 收到/受理/审结, never "办理…案件": the table verifies no row, so ask answers each region
    # from its own reports (the answerer's per-part path) rather than a table of "未找到".
    question = "朝天区和通城县各办理了多少件行政复议案件?"
    assert any(not row.found for row in Comparer(retrieval).run(question).rows)
    assert route(retrieval, question) is None
    answer = Answerer(retrieval, None).ask(question)
    assert answer.intent != "compare" and answer.comparison is None
    assert answer.answer.strip() and {c.passage.region for c in answer.citations} == {"广元市朝天区", "通城县"}


def test_an_example_given_by_district_is_named_as_the_asker_named_it(retrieval) -> None:
    answer = Answerer(retrieval, None).ask("上党区被推荐创建法治政府示范，其他地方呢?")
    assert answer.intent == "elsewhere"
    assert answer.answer.startswith("除上党区（长治市）外，")
    assert "长治市" not in {c.passage.region for c in answer.citations}
