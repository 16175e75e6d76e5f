"""Comparison tables on real indexes: figures read verbatim from the sentence that states them."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from config import CompareSettings
from retrieval.compare import Comparer, Comparison, ComparisonRow, _like_with_like, _Narrower
from retrieval.errors import RetrievalError


def _holds(retrieval, row) -> None:
    assert retrieval.document_text(row.doc_id)[row.start : row.end] == row.text
    assert row.value in row.text  # never guessed: the figure as written in its sentence


def test_seed_regions_each_get_their_own_figure(retrieval) -> None:
    comparison = Comparer(retrieval).run("朝天区、通城县、仲恺高新区各收到多少件行政复议申请?")
    rows = {row.region: row for row in comparison.rows}
    assert [r.region for r in comparison.rows] == ["广元市朝天区", "通城县", "仲恺高新区"]
    assert (rows["广元市朝天区"].value, rows["通城县"].value) == ("26件", "62件")
    # 仲恺 writes "收到行政復議案件179宗": 案件, not 申请 — a near miss is left open rather than guessed
    assert rows["仲恺高新区"].value in ("179宗", None)
    for row in comparison.rows:
        if row.value is None:
            assert row.reason
            continue
        _holds(retrieval, row)
        assert row.kind == "actual" and row.source and row.source.endswith(".txt")


def test_an_observer_is_told_the_candidates_weighed_for_each_region(retrieval) -> None:
    weighed = []
    comparer = Comparer(retrieval, on_weighed=lambda region, kind, seen: weighed.append((region, kind, seen)))
    rows = comparer.run("朝天区和通城县各收到多少件行政复议申请?").rows
    assert [(region, kind) for region, kind, _ in weighed] == [("广元市朝天区", "actual"), ("通城县", "actual")]
    for (_, _, seen), row in zip(weighed, rows, strict=True):
        assert [c.score for c in seen] == sorted((c.score for c in seen), reverse=True)  # best first
        assert row.value in {c.figure.value for c in seen}  # the row shows one of the figures weighed


def test_what_the_asker_rules_out_is_never_shown_nor_its_neighbour_in_a_list(retrieval) -> None:
    question = "朝天区、通城县的行政复议案件各有多少件？不要收到的申请数。"
    comparison = Comparer(retrieval).run(question)
    rows = {row.region: row for row in comparison.rows}
    assert comparison.understood == "按“行政复议案件”比较实际数；不算：收到 申请"  # said back to the asker
    # 通城县 states only "收到行政复议申请62件" of its cases: ruled out, so not found
    assert rows["通城县"].value is None
    # 朝天区: "收到行政复议申请26件,受理21件,不予受理4件,申请人自行放弃行政复议申请1件": ruled out, 26件 still says
    # that "放弃…申请1件", which names the words asked as fully, is one of a list of like things, not the answer
    assert rows["广元市朝天区"].value is None and rows["广元市朝天区"].reason


def test_year_written_next_to_each_region_is_checked(retrieval) -> None:
    comparison = Comparer(retrieval).run("朝天区2023年和通城县2023年各收到多少件行政复议申请?")
    chaotian, tongcheng = comparison.rows
    assert chaotian.value is None and chaotian.reason  # 朝天区's report covers 2024, not 2023
    assert tongcheng.value == "62件"


def test_unknown_region_gets_a_row_with_a_reason_and_no_region_is_an_error(retrieval) -> None:
    comparison = Comparer(retrieval).run("各收到多少件行政复议申请?", regions=["朝天区", "火星市"])
    assert comparison.rows[0].value == "26件"
    assert comparison.rows[1].value is None and "火星市" in (comparison.rows[1].reason or "")
    with pytest.raises(RetrievalError, match="regions"):
        Comparer(retrieval).run("收到多少件行政复议申请?")


@pytest.fixture(scope="module")
def grain_retrieval(corpus_sample_index, indexer_settings, embedder):
    """The seeds and a sample of the 2026 provincial reports, with 香港 1999 (tests/conftest.py, CORPUS_SAMPLE).
    河南 and 黑龙江 state their 2025 grain output; 山东 states only a five-year level and a 2026 target (the traps)."""
    from retrieval.service import Retrieval

    return Retrieval.open(corpus_sample_index, indexer_settings, embedder=embedder)


def test_targets_and_multi_year_levels_are_not_passed_off_as_the_year_figure(grain_retrieval) -> None:
    comparison = Comparer(grain_retrieval).run("对比一下河南、黑龙江、山东2025年的粮食产量")
    rows = {row.region: row for row in comparison.rows}
    assert rows["河南省"].value == "1350.97亿斤" and rows["黑龙江省"].value == "1640.06亿斤"
    assert rows["山东省"].value is None and rows["山东省"].reason
    for row in (rows["河南省"], rows["黑龙江省"]):
        _holds(grain_retrieval, row)
        assert (row.kind, row.year, row.unit) == ("actual", 2025, "亿斤")
    assert comparison.shared_unit == "亿斤"


def test_the_target_is_found_when_the_target_is_asked(grain_retrieval) -> None:
    comparison = Comparer(grain_retrieval).run("河南、黑龙江2026年粮食产量目标分别是多少?")
    rows = {row.region: row for row in comparison.rows}
    assert rows["河南省"].value == "1300亿斤以上" and rows["河南省"].kind == "target"
    assert rows["黑龙江省"].value == "1600亿斤以上"


def test_this_years_target_is_not_the_five_year_plans_goal(grain_retrieval) -> None:
    # Henan's report states "城镇新增就业110万人以上" for 2026 and "500万人以上" under "十五五"时期主要目标任务
    comparison = Comparer(grain_retrieval).run("河南、黑龙江、山东今年城镇新增就业的目标分别是多少人?")
    rows = {row.region: row for row in comparison.rows}
    assert rows["河南省"].value == "110万人以上" and rows["河南省"].kind == "target" and rows["河南省"].year == 2026
    assert rows["黑龙江省"].value == "30万人以上" and rows["山东省"].value == "110万人以上"
    for row in rows.values():
        _holds(grain_retrieval, row)


def test_last_years_figure_is_not_the_five_year_total_beside_it(grain_retrieval) -> None:
    # Henan reviews 2021–2025 ("城镇新增就业603.7万人") before 2025 ("121.7万人") in one section
    rows = {row.region: row for row in Comparer(grain_retrieval).run("去年河南、山东城镇新增就业各有多少人?").rows}
    assert rows["河南省"].value == "121.7万人" and rows["河南省"].kind == "actual"
    assert rows["山东省"].value == "124.9万人"
    five_years = Comparer(grain_retrieval).run("过去五年河南、山东城镇新增就业累计多少人?").rows
    assert five_years[0].value == "603.7万人" and five_years[0].kind == "cumulative"
    assert five_years[1].value is None  # Shandong states only the year's


def test_a_count_is_found_under_the_words_the_report_uses_for_it(retrieval) -> None:
    rows = Comparer(retrieval).run("朝天区和殷都区一年各受理了多少行政复议案件?").rows
    assert [row.value for row in rows] == ["21件", "16起"]
    for row in rows:
        _holds(retrieval, row)


def test_a_round_mark_passed_is_not_the_figure_reached(grain_retrieval) -> None:
    # Yunnan: "地区生产总值突破3万亿元" in its review of five years, "完成地区生产总值32765亿元" in 2025's
    row = Comparer(grain_retrieval).run("云南、黑龙江2025年地区生产总值各是多少?").rows[0]
    assert (row.region, row.value, row.kind) == ("云南省", "32765亿元", "actual")
    _holds(grain_retrieval, row)


def test_a_mark_passed_keeps_its_verb_and_is_no_answer_when_the_exact_figure_is_asked(grain_retrieval) -> None:
    # Hunan states only "粮食产量突破620亿斤": shown as 620亿斤, a bound would pass for the harvest itself
    plain, = Comparer(grain_retrieval).run("河南、湖南去年粮食各打了多少斤?").rows[1:]
    assert (plain.region, plain.value, plain.kind) == ("湖南省", "突破620亿斤", "actual")
    _holds(grain_retrieval, plain)
    assert grain_retrieval.document_text(plain.doc_id)[plain.value_start :].startswith(plain.value)
    exact, = Comparer(grain_retrieval).run("河南、湖南去年粮食各打了多少斤？要具体数。").rows[1:]
    assert exact.value is None and exact.reason == "报告只说突破620亿斤，没有具体数"
    assert exact.text == plain.text  # the sentence stays, for the reader to check
    # a mark ruled out asks the figure itself just as well (set m's writer), and so does "实数"
    for asked in ("河南、湖南去年粮食各打了多少斤？“突破多少”这种说法不算。",
                  "河南、湖南去年粮食各打了多少斤？要实数。"):
        ruled, = Comparer(grain_retrieval).run(asked).rows[1:]
        assert ruled.value is None and ruled.reason == "报告只说突破620亿斤，没有具体数", asked


def test_a_figure_named_in_the_reports_own_words_is_found_when_nothing_else_comes_close(retrieval) -> None:
    # 仲恺 writes "全區行政負責人出庭應訴率達到100%" (no 机关): below the usual label coverage, but the only candidate
    question = "仲恺、殷都区的行政机关负责人出庭应诉率各是多少？"
    row = Comparer(retrieval).run(question).rows[0]
    assert (row.region, row.value) == ("仲恺高新区", "100%")
    _holds(retrieval, row)
    strict = CompareSettings(min_label_coverage_alone=1.0)
    assert Comparer(retrieval, strict).run(question).rows[0].value is None


def test_the_best_figure_of_the_kind_asked_is_weighed_apart_from_targets_and_plan_goals(grain_retrieval) -> None:
    # Qinghai's "常住人口城镇化率提高至64.7%" (2025) and "提升至67%左右" (a goal) both name the measure in words of
    # their own; Henan's five-year review gives the level reached, "常住人口城镇化率60%", beside the 2030 goal
    # "达到65%左右" ("住在城镇的人口占比" is the asker's 城镇化率)
    rows = Comparer(grain_retrieval).run("到去年底，青海、河南住在城镇的人口占比各是多少？").rows
    assert [(row.region, row.value, row.kind) for row in rows] == [("青海省", "64.7%", "actual"),
                                                                   ("河南省", "60%", "actual")]
    for row in rows:
        _holds(grain_retrieval, row)


def test_a_figure_of_a_part_of_the_population_is_not_the_measure(grain_retrieval) -> None:
    # Hong Kong 1999 gives only "年輕人失業率達到百分之二十九" (youth); "城镇调查失业率" is what many reports state
    rows = {row.region: row for row in Comparer(grain_retrieval).run("香港、河南的失业率各是多少?").rows}
    assert rows["香港特别行政区"].value is None
    assert "5.5%左右" in rows["河南省"].reason  # its 城镇调查失业率 still names the measure (only a target is given)


def test_a_measure_said_twice_is_named_by_either_wording(grain_retrieval) -> None:
    # "老百姓的收入涨了多少" in everyday words, then in the reports' words: a label naming the second is enough
    question = "老百姓的收入涨了多少？北京、湖南去年居民人均可支配收入各增长多少"
    rows = {row.region: row for row in Comparer(grain_retrieval).run(question).rows}
    assert (rows["北京市"].value, rows["湖南省"].value) == ("4.4%", "5%")
    for row in rows.values():
        _holds(grain_retrieval, row)
        assert row.kind == "actual"


def _candidate(label: str, score: float = 1.0) -> SimpleNamespace:
    return SimpleNamespace(figure=SimpleNamespace(label=label), score=score)


def _is_part(narrower: _Narrower, label: str) -> bool:
    return narrower.kept([_candidate(label)], least=0.0) == []


def test_a_label_narrower_than_the_measure_is_told_by_how_many_reports_use_it() -> None:
    reports = ["城镇调查失业率5.5%", "城镇调查失业率5.2%", "全省城镇调查失业率5%", "年轻人失业率很高"]
    narrower = _Narrower("失业率", (), reports)
    assert _is_part(narrower, "或是年輕人失業率達到")  # a part of the population, in one report only
    assert not any(_is_part(narrower, label) for label in ("城镇调查失业率", "全省城镇调查失业率", "失业率"))
    assert not _is_part(_Narrower("失业率", (), reports[:2]), "年轻人失业率")  # too few reports to tell by
    # 审查 is the measure's own word, 政府 narrows nothing
    assert not _is_part(_Narrower("审查 涉法事项", (), reports), "审查政府涉法事项")
    # the asker's 外贸…出口 shares only "出口"; the indicator name shares "进出口总额增长", after which 服务 narrows it
    trade = ["进出口总额增长5%", "货物进出口总额增长3%", "外贸进出口增长2%", "服务进出口总额增长22.1%"]
    assert _is_part(_Narrower("外贸 进口 出口合计 增长", ("进出口总额增长",), trade), "服务进出口总额增长")
    # 全社会 is the whole, however few reports write it (上海, 2026: "全社会固定资产投资增长4.6%")
    investment = ["固定资产投资增长3%", "固定资产投资增长5%", "全省固定资产投资下降2%", "全社会固定资产投资增长4.6%"]
    assert not _is_part(_Narrower("固投 增长", ("固定资产投资增长",), investment), "全社会固定资产投资增长")


def test_the_measure_per_head_is_not_the_measure_unless_it_has_no_other_form() -> None:
    reports = ["地区生产总值5696亿元", "全省地区生产总值增长5%", "生产总值突破3万亿元", "人均地区生产总值7.8万元",
               "人均预期寿命达到79岁", "人均预期寿命提高到80岁", "人均预期寿命82岁", "居民人均可支配收入增长5%",
               "居民人均可支配收入增长4%", "居民人均可支配收入增长6%", "居民收入增长和经济增长同步"]
    gdp = _Narrower("经济总量 GDP", (), reports)  # GDP is 生产总值 in the reports' words
    assert _is_part(gdp, "人均地区生产总值从5.6万元增至")
    assert not _is_part(gdp, "地区生产总值")
    assert not _is_part(_Narrower("人均 GDP", (), reports), "人均地区生产总值")  # asked per head
    assert not _is_part(_Narrower("老百姓 预期寿命", (), reports), "人均预期寿命达到")  # no other form in reports
    assert not _is_part(_Narrower("居民 收入 增长", (), reports), "居民人均可支配收入增长")  # said around it


def test_two_parts_a_report_states_side_by_side_are_not_the_measure() -> None:
    reports = ["全体居民人均可支配收入增长5%", "居民人均可支配收入增长4%", "居民人均可支配收入增长6%",
               "城镇居民、农村居民人均可支配收入分别增长4.5%、5.7%", "城镇居民人均可支配收入增长4%",
               "农村居民人均可支配收入增长6%", "城镇调查失业率5%", "城镇调查失业率5.2%", "居民人均可支配收入增长3%"]
    narrower = _Narrower("居民人均可支配收入增长", (), reports)
    urban, rural = _candidate("城镇居民人均可支配收入增长"), _candidate("农村居民人均可支配收入增长")
    whole = _candidate("全体居民人均可支配收入增长")
    assert narrower.kept([urban, rural, whole], 0.5) == [whole]  # 3 of the 7 reports stating it use 城镇居民
    assert narrower.kept([urban, whole], 0.5) == [urban, whole]  # alone, a usual wording (3 reports) is the measure
    # the usual name of a measure is kept beside a part: 城镇调查失业率 in 2 of 2 reports
    usual, youth = _candidate("城镇调查失业率"), _candidate("年轻人失业率")
    assert _Narrower("失业率", (), reports).kept([usual, youth], 0.5) == [usual]


def test_contract_json(retrieval) -> None:
    data = Comparer(retrieval).run("朝天区和火星市各收到多少件行政复议申请?", regions=["朝天区", "火星市"]).to_json()
    assert set(data) == {"question", "rows"}
    found, missing = data["rows"]
    assert set(found) == {"region", "year", "value", "unit", "kind", "text", "source", "start", "end"}
    assert missing["value"] is None and missing["reason"]


def test_a_label_found_only_through_the_indicator_name_must_share_a_word_with_the_question(grain_retrieval) -> None:
    # Below the calibrated similarity (0.9) the nearest indicator name is often another thing: "失业的人" comes out
    # as an employment indicator, and 城镇新增就业 (new urban jobs) is no count of the unemployed.
    from config import settings

    loose = settings().compare.model_copy(update={"indicator_min_similarity": 0.85})
    comparer = Comparer(grain_retrieval, loose)
    unemployed = comparer.run("河南、黑龙江、山东去年失业的人各有多少？")
    assert comparer.indicator_names(unemployed.measure)  # the indicator name is in play
    assert [row.value for row in unemployed.rows] == [None, None, None]
    # A label that repeats the asker's word (粮食) still stands
    grain = {row.region: row.value for row in comparer.run("河南、黑龙江、山东去年各打了多少粮食？").rows}
    assert (grain["河南省"], grain["黑龙江省"]) == ("1350.97亿斤", "1640.06亿斤")


def _row(region: str, value: str | None, unit: str | None, number: float | None) -> ComparisonRow:
    return ComparisonRow(region, 2025, value, unit, "actual" if value else None, None, None, None, None,
                         None if value else "未找到", number=number)


def test_a_table_compares_like_with_like() -> None:
    # most regions count 老旧小区 in 个: 黑龙江's "惠及群众10.08万户" counts households, another measure
    estates = [_row("北京市", "1225个", "个", 1225), _row("辽宁省", "682个", "个", 682),
               _row("吉林省", "950个", "个", 950), _row("黑龙江省", "10.08万户", "万户", 10.08)]
    rows = _like_with_like(estates)
    assert [r.value for r in rows] == ["1225个", "682个", "950个", None] and "单位" in (rows[3].reason or "")
    # one dimension, several units: 亿美元 and 亿元, 亿斤 and 万吨, are compared
    capital = [_row("辽宁省", "33.8亿美元", "亿美元", 33.8), _row("浙江省", "115.6亿美元", "亿美元", 115.6),
               _row("广东省", "1126.6亿元", "亿元", 1126.6)]
    assert _like_with_like(capital) == capital
    # the measure per head among totals: the same unit, ten thousand times apart
    gdp = [_row("福建省", "60199.45亿元", "亿元", 60199.45), _row("四川省", "67665亿元", "亿元", 67665),
           _row("宁夏回族自治区", "7.8万元", "万元", 7.8), _row("云南省", "32765亿元", "亿元", 32765)]
    assert [r.value for r in _like_with_like(gdp)] == ["60199.45亿元", "67665亿元", None, "32765亿元"]
    assert _like_with_like(gdp[:2]) == gdp[:2]  # two figures: nothing to tell by
    # a growth in times among growths in % is the same measure ("入境游客增长1倍": the picker takes 倍 only as a growth)
    tourists = [_row("北京市", "39%", "%", 39), _row("陕西省", "1倍", "倍", 1), _row("海南省", "64%", "%", 64)]
    assert _like_with_like(tourists) == tourists


def test_how_the_question_was_read_is_said_back_with_its_year_and_kind() -> None:
    target = Comparison("河南、山东今年粮食打算产多少?", "粮食产量", 2026, "target", [])
    assert target.understood == "按“粮食产量”比较2026年的目标"
    average = Comparison("q", "居民收入 增长", None, "average", [], excluded=("城镇", "农村"))
    assert average.understood == "按“居民收入 增长”比较年均数；不算：城镇、农村"


def test_a_figure_per_head_asked_in_everyday_words_is_not_the_regions_total(grain_retrieval) -> None:
    # "按人头算的GDP" is 人均地区生产总值: Shandong writes "人均生产总值由7.34万元提升至10.26万元" beside its
    # "地区生产总值…达到10.3万亿元", which was shown for it before the per-head words were read (terms.report_words)
    rows = {row.region: row for row in Comparer(grain_retrieval).run("按人头算的GDP，去年山东、云南各到了多少？").rows}
    assert rows["山东省"].value == "10.26万元" and rows["云南省"].value == "超1万美元"  # a mark passed, said so
    for row in rows.values():
        _holds(grain_retrieval, row)
