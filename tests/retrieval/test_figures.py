"""Figures read verbatim from report sentences, with their label and kind (actual / target / cumulative / average)."""

from __future__ import annotations

from retrieval.figures import Setting, multi_year_parts, plan_headings, read_figures

HENAN = ("一年来，全省生产总值增长5.6%，进出口总值增长14.1%，粮食产量1350.97亿斤，主要指标增速居全国前列")


def _by_value(sentence: str, setting: Setting = Setting()) -> dict[str, tuple[str, str]]:
    return {f.value: (f.label, f.kind) for f in read_figures(sentence, setting)}


def test_each_figure_keeps_its_own_label_and_is_verbatim() -> None:
    found = read_figures(HENAN)
    assert [f.value for f in found] == ["5.6%", "14.1%", "1350.97亿斤"]
    assert all(HENAN[f.start : f.end] == f.value for f in found)
    assert found[2].label == "粮食产量" and found[2].unit == "亿斤" and found[2].number == 1350.97
    assert {f.kind for f in found} == {"actual"}


def test_targets_totals_and_averages_are_told_apart() -> None:
    assert _by_value("主要预期目标是：经济增长5%左右，粮食产量1300亿斤以上")["5%左右"][1] == "target"
    assert _by_value("地区生产总值增长4.5-5%")["4.5-5%"][1] == "target"
    assert _by_value("粮食总产量连续9年稳定在1300亿斤以上")["1300亿斤以上"][1] == "cumulative"
    assert _by_value("过去五年，一般公共预算收入累计3.7万亿元")["3.7万亿元"][1] == "cumulative"
    assert _by_value("地区生产总值年均增长5.2%")["5.2%"][1] == "average"
    # a count over the last two or three years is their total, not one year's (长治市's 2023 report)
    two_years = "近两年来市本级完成行政规范性文件、重大行政决策、涉法事务合法性审核675件"
    assert _by_value(two_years)["675件"][1] == "cumulative"
    assert _by_value("三年來共化解矛盾糾紛1200宗")["1200宗"][1] == "cumulative"
    assert _by_value("近年来受理行政复议申请26件")["26件"][1] == "actual"  # 近年来: of late, not a count of years
    plan = Setting(section="三、2026年重点工作安排", covered_year=2025)
    assert _by_value("城镇新增就业65万人", plan)["65万人"][1] == "target"
    five_years = Setting(paragraph_before="过去五年，我们稳就业惠民生。", covered_year=2025)
    assert _by_value("城镇新增就业603.7万人", five_years)["603.7万人"][1] == "cumulative"
    assert _by_value("2025年城镇新增就业121.7万人", five_years)["121.7万人"][1] == "actual"
    listed = Setting(paragraph_before="主要预期目标是：地区生产总值增长5%左右；", covered_year=2025)
    assert _by_value("城镇新增就业70万人", listed)["70万人"][1] == "target"


def test_a_five_year_plans_goal_is_a_target_for_the_plans_last_year() -> None:
    # Henan's 2026 report states this year's target (110万人以上) and the "十五五" goal (500万人以上) alike
    plan = Setting(section="二、“十五五”时期主要目标任务", covered_year=2025)
    found = read_figures("推进基本公共服务均等化，城镇新增就业500万人以上", plan)
    assert [(f.value, f.kind, f.years) for f in found] == [("500万人以上", "target", (2030,))]
    ahead = Setting(paragraph_before="今后五年，", covered_year=2025)
    assert read_figures("城镇新增就业500万人以上", ahead)[0].years == (2030,)
    national_2016 = Setting(section="二、“十三五”时期主要目标任务和重大举措", covered_year=2015)
    assert read_figures("实现城镇新增就业5000万人以上", national_2016)[0].years == (2020,)
    this_year = Setting(section="三、2026年重点工作", paragraph_before="开好“十五五”局。", covered_year=2025)
    assert read_figures("城镇新增就业110万人以上", this_year)[0].years == ()
    assert read_figures("城镇新增就业110万人以上", Setting(section="“十五五”时期 > 2026年", covered_year=2025)
                        )[0].years == ()  # the coming year named: the year's own target
    assert read_figures("“十四五”时期城镇新增就业603.7万人", Setting(covered_year=2025))[0].years == ()  # a review


# The shape of Henan's and Yunnan's 2026 reports: one review section for the plan period and the year, then the plan.
REVIEW = (
    "一、“十四五”时期和2025年工作回顾\n"
    "过去的五年极不寻常。我们坚持稳中求进。\n"
    "民生福祉不断增进。城镇新增就业603.7万人，常住人口城镇化率达到67.4%，粮食总产量稳定在550亿斤左右。\n"
    "各位代表！刚刚过去的2025年很不平凡。\n"
    "（一）稳就业。城镇新增就业121.7万人，城镇调查失业率控制在5.5%以内。\n"
    "二、“十五五”时期主要目标任务\n"
    "“十五五”时期是关键时期。城镇新增就业500万人以上。\n"
)


def test_a_reviews_years_run_from_its_five_year_opener_to_the_year_it_covers() -> None:
    (start, end), = multi_year_parts(REVIEW)
    assert REVIEW[start:].startswith("过去的五年") and REVIEW[end:].startswith("各位代表！刚刚过去的2025年")


def test_a_figure_of_the_last_year_does_not_end_the_years_reviewed_but_a_heading_does() -> None:
    # Hainan: "2025年四大主导产业…" inside its five-year review; Gansu: an unnumbered heading "2026年重点工作"
    text = ("“十四五”时期工作回顾\n五年来，我们坚定不移推动高质量发展。\n"
            "2025年四大主导产业占GDP比重提高约14个百分点。\n城镇新增就业86.22万人。\n"
            "2026年重点工作\n今年城镇新增就业10万人以上。\n")
    (start, end), = multi_year_parts(text)
    assert text[start:end].startswith("“十四五”时期工作回顾") and "86.22万人" in text[start:end]
    assert text[end:].startswith("2026年重点工作")


def test_in_the_years_reviewed_a_flow_is_a_total_and_a_level_is_the_last_years() -> None:
    section = "一、“十四五”时期和2025年工作回顾"
    years = Setting(section=section, covered_year=2025, over_years=True)
    found = _by_value("城镇新增就业603.7万人，常住人口城镇化率达到67.4%，粮食总产量稳定在550亿斤左右", years)
    assert found["603.7万人"][1] == "cumulative" and found["67.4%"][1] == "actual"
    assert found["550亿斤左右"][1] == "cumulative"  # "about 550" over five years: no one year's figure
    assert _by_value("海洋生产总值增长6%左右", years)["6%左右"][1] == "average"
    # the year's review: 以内/左右 say "within"/"about" what happened, not a plan
    year = Setting(section=section, covered_year=2025)
    assert _by_value("城镇调查失业率控制在5.5%以内", year)["5.5%以内"][1] == "actual"
    plan = Setting(section="三、2026年重点工作安排", covered_year=2025)
    assert _by_value("城镇调查失业率控制在5.5%左右", plan)["5.5%左右"][1] == "target"


def test_a_range_with_the_unit_written_twice_is_one_target() -> None:
    # the national 2016 report: "国内生产总值增长6.5%—7%" is one target, not 6.5% and a second figure 7%
    found = read_figures("今年发展的主要预期目标是：国内生产总值增长6.5%—7%，居民消费价格涨幅3%左右")
    assert [(f.value, f.kind, f.label) for f in found] == [
        ("6.5%—7%", "target", "国内生产总值增长"), ("3%左右", "target", "居民消费价格涨幅")]
    assert _by_value("增长6%至7%")["6%至7%"][1] == "target"
    assert list(_by_value("增长5%—2026年")) == ["5%"]  # a year after the dash starts no range
    # 台阶 is a step, not 台 (machines); a milestone passed says the figure is above it, not what it is
    assert list(_by_value("地区生产总值迈上5万亿台阶、五年增量超1.36万亿元")) == ["1.36万亿元"]
    assert list(_by_value("全省地区生产总值历史性迈上4000亿元台阶")) == []
    assert list(_by_value("外贸进出口总额突破1万亿元大关")) == []
    assert list(_by_value("粮食产量突破620亿斤、创历史新高")) == ["620亿斤"]  # no milestone word: the figure


def test_a_label_that_names_nothing_reaches_back_to_its_clause() -> None:
    assert _by_value("全市生产总值达到5.67万亿元、增长5.4%")["5.4%"][0] == "全市生产总值达到5.67万亿元、增长"


def test_years_rates_in_words_and_full_width_digits() -> None:
    assert read_figures("2024年12月，共办理3件") [0].value == "3件"  # the year is not a figure
    words = read_figures("失業率已經達到百分之五")[0]
    assert (words.value, words.unit, words.number) == ("百分之五", "%", 5.0)
    wide = read_figures("全年GDP增長６．１％")[0]
    assert (wide.value, wide.number) == ("６．１％", 6.1)
    assert read_figures("2024年共收到行政复议申请26件")[0].years == (2024,)


def test_a_clause_that_only_says_what_was_done_carries_over_the_subject_before_it() -> None:
    rate = {f.value: f for f in read_figures("国内生产总值达到74.4万亿元，增长6.7%，名列世界前茅")}["6.7%"]
    assert (rate.label, rate.topic) == ("增长", "国内生产总值达到")
    cases = {f.value: f for f in read_figures("2024年共收到行政复议申请26件,受理21件")}
    assert cases["21件"].label == "受理" and "行政复议申请" in cases["21件"].topic
    assert cases["26件"].topic == ""
    # another unit is another subject: the villages are not grain
    moved_on = {f.value: f for f in read_figures("粮食年产量超760亿斤，建成3000多个宜居宜业和美乡村")}
    assert moved_on["3000多个"].topic == ""


def test_reviews_laws_and_campaigns_are_counted_in_their_own_measure_words() -> None:
    # the seeds' 法治 figures and the provinces' laws: 份, 卷, 部, 场次, 批次 are units; 份额, 部门 are not
    text = "随机抽取案卷35份，评查1批次共28卷，审议地方性法规草案8部，普法活动3228场次。"
    values = {f.value for f in read_figures(text)}
    assert values == {"35份", "1批次", "28卷", "8部", "3228场次"}
    assert read_figures("12部门联合开展行动，市场份额稳居第一") == []
    # "其中" names nothing: the part carries over the subject before it
    part = {f.value: f for f in read_figures("受理行政复议案件16起,其中审结14起")}["14起"]
    assert part.label == "其中审结" and part.topic == "受理行政复议案件"


def test_respectively_pairs_each_listed_item_with_its_figure() -> None:
    found = _by_value("规上工业增加值、规上服务业营收分别增长6.5%和7%")
    assert found["6.5%"][0] == "规上工业增加值增长" and found["7%"][0] == "规上服务业营收增长"
    # the head the last item ends with is every item's (福建's 2026 report)
    incomes = _by_value("城镇居民、农村居民人均可支配收入分别增长4.5%、5.7%")
    assert incomes["4.5%"][0] == "城镇居民人均可支配收入增长" and incomes["5.7%"][0] == "农村居民人均可支配收入增长"
    assert _by_value("出口、进口分别增长7%和3%")["7%"][0] == "出口增长"


def test_done_is_actual_and_a_ranking_held_for_years_makes_no_paragraph_cumulative() -> None:
    plans = Setting(paragraph_before="今年的目标是把失业率降下来。", covered_year=1998)
    assert _by_value("失業率已經達到百分之五", plans)["百分之五"][1] == "actual"
    ranking = Setting(paragraph_before="地区生产总值增长3.9%、总量连续37年居全国首位。", covered_year=2025)
    assert _by_value("规模以上工业企业达7.6万家、增加值增长3%", ranking)["3%"][1] == "actual"
    # 累计 makes its own clause a running total, not the paragraph's later figures (朝天区's 2024 report)
    total_before = Setting(paragraph_before="一是推进多元化政策解读。累计发布政策解读34期。二是做好群众诉求办理。",
                           covered_year=2024)
    assert _by_value("12345热线按时办结4502件", total_before)["4502件"][1] == "actual"


def test_where_a_change_started_is_not_a_figure_and_this_five_years_is_a_review() -> None:
    assert [f.value for f in read_figures("一般公共预算收入从874.6亿元增加到1112.4亿元。")] == ["1112.4亿元"]
    assert [f.value for f in read_figures("年末城镇调查失业率从上半年5.5%降到5.3%。")] == ["5.3%"]
    assert [f.value for f in read_figures("服务业比重由45.3%上升到51.6%")] == ["51.6%"]
    review = Setting(paragraph_before="这五年，我区经济繁荣的基础更加坚实。", covered_year=2025)
    assert _by_value("地方一般公共预算收入突破500亿元", review)["500亿元"][1] == "cumulative"


def test_the_years_mean_concentration_is_the_years_level_not_an_average_over_years() -> None:
    found = read_figures("PM2.5年均浓度为26.3微克/立方米、下降7.4%", Setting(covered_year=2025))
    assert [(f.value, f.unit, f.kind) for f in found] == [("26.3微克/立方米", "微克/立方米", "actual"),
                                                          ("7.4%", "%", "actual")]


def test_a_plain_average_in_a_years_review_is_the_years_rate_an_average_over_years_is_not() -> None:
    review = Setting(paragraph_before="一年来，我们稳就业惠民生。", covered_year=2025)
    assert _by_value("城镇调查失业率平均为5.2%，居民消费价格指数持平", review)["5.2%"][1] == "actual"
    assert _by_value("城镇调查失业率均值5.2%，居民人均可支配收入增长4.6%", review)["5.2%"][1] == "actual"
    assert _by_value("居民人均可支配收入年均增长6%", review)["6%"][1] == "average"
    assert _by_value("五年来，城镇调查失业率平均为5.1%", review)["5.1%"][1] == "average"
    five_years = Setting(paragraph_before="过去五年，我们稳就业惠民生。", covered_year=2025)
    assert _by_value("城镇调查失业率平均为5.1%", five_years)["5.1%"][1] == "average"


def test_a_round_mark_passed_is_not_the_figure_that_follows_it() -> None:
    figures = read_figures("地方一般公共预算收入突破4000亿元、达到4211亿元，其中税收收入增长3%")
    assert [f.value for f in figures] == ["4211亿元", "3%"]
    assert "一般公共预算收入" in figures[0].label
    assert [f.value for f in read_figures("粮食产量突破620亿斤、创历史新高")] == ["620亿斤"]
    assert [f.value for f in read_figures("全省接待游客超11亿人次、达到11.2亿人次")] == ["11.2亿人次"]  # 超 = 超过


def test_a_part_marker_before_a_list_governs_every_item() -> None:
    figures = read_figures("外贸新动能加快发展，对东盟、欧盟进出口分别增长16.7%、40.2%")
    assert [f.label for f in figures] == ["对东盟增长", "对欧盟进出口增长"]


def test_a_changes_base_year_is_not_the_figures_year() -> None:
    # 北京 and 重庆, 2026: the year a change is measured from belongs to its start, not to the level reached
    found = read_figures("人均预期寿命从2020年的82.4岁提升至83.9岁")
    assert [(f.value, f.years) for f in found] == [("83.9岁", ())]
    found = read_figures("全市人均预期寿命较2020年提高1.16岁、达到79.72岁")
    assert [(f.value, f.years) for f in found] == [("1.16岁", ()), ("79.72岁", ())]
    assert read_figures("2024年共收到行政复议申请26件")[0].years == (2024,)


def test_recurrence_and_a_totals_verb_govern_their_own_clause_only() -> None:
    # 天津 and 重庆, 2026: 每年/累计 in an earlier clause say nothing of a level stated after them
    tianjin = "每年精心实施民心工程，社会保障体系更加健全，人均预期寿命达到82.58岁"
    assert _by_value(tianjin)["82.58岁"][1] == "actual"
    chongqing = "“医检互认”累计为群众节省医疗费用3.5亿元，全市人均预期寿命达到79.72岁"
    assert _by_value(chongqing) == {"3.5亿元": ("“医检互认”累计为群众节省医疗费用", "cumulative"),
                                    "79.72岁": ("全市人均预期寿命达到", "actual")}
    assert _by_value("每年新增就业10万人")["10万人"][1] == "cumulative"
    # 山东, 2026: "5年增长" is five years' change; "2025年增长" is the year's
    assert _by_value("一般公共预算收入累计完成3.7万亿元，5年增长18.7%")["18.7%"][1] == "cumulative"
    assert _by_value("一般公共预算收入2025年增长18.7%")["18.7%"][1] == "actual"


def test_in_the_years_reviewed_a_change_is_the_periods_and_a_level_reached_the_last_years() -> None:
    years = Setting(section="一、“十四五”时期工作回顾", covered_year=2025, over_years=True)
    assert _by_value("居民人均可支配收入增长34.3%", years)["34.3%"][1] == "cumulative"
    # a paragraph that says it looks back over five years: any figure there may be the period's
    five_years = Setting(paragraph_before="这五年，我们以人为本、精细施策。", covered_year=2025)
    assert _by_value("城镇化率增至67.17%", five_years)["67.17%"][1] == "cumulative"
    assert _by_value("高标准农田达到5000万亩", five_years)["5000万亩"][1] == "cumulative"
    # …but where a change over those years ended is the level of the last year reviewed (河北, 宁夏, 2026)
    assert _by_value("居民人均可支配收入从27136元增长到36439元", five_years)["36439元"][1] == "actual"
    ningxia = _by_value("全体居民人均可支配收入由2.57万元增加到3.52万元、年均增长6.5%", five_years)
    assert ningxia["3.52万元"][1] == "actual" and ningxia["6.5%"][1] == "average"
    # 北京, 2026: one heading for the plan's results and the next plan's goals; its review part is no plan
    mixed = Setting(section="二、“十四五”时期发展成就和“十五五”时期主要目标任务", covered_year=2025, over_years=True)
    assert _by_value("人均预期寿命从2020年的82.4岁提升至83.9岁", mixed)["83.9岁"][1] == "actual"
    assert _by_value("人均预期寿命达到84岁", Setting(section=mixed.section, covered_year=2025))["84岁"][1] == "target"


def test_the_plans_last_year_introduces_the_years_it_closes() -> None:
    # 山东, 2026: "2025年是“十四五”收官之年。五年来，…" opens the five-year review, not the year's
    text = ("2025年是很不平凡的一年。全省生产总值增长5.5%。\n"
            "各位代表！2025年是“十四五”收官之年。五年来，我们牢记嘱托、感恩奋进。\n"
            "——人民生活水平实现新跃升。居民人均可支配收入增长34.3%。\n"
            "二、“十五五”时期经济社会发展目标任务\n")
    (start, end), = multi_year_parts(text)
    assert text[start:].startswith("各位代表！2025年是") and text[end:].startswith("二、")


def test_an_unnumbered_line_that_heads_next_years_work_is_found_but_a_title_is_not() -> None:
    # 甘肃, 2026: "2026年重点工作" on a line of its own heads the plan; the report's title names the year too
    text = "2026年甘肃省政府工作报告\n城镇新增就业31.7万人。\n2026年重点工作\n三是城镇新增就业30万人。\n"
    assert plan_headings(text) == [(text.index("2026年重点工作"), "2026年重点工作")]
    # its five-year plan's goals are headed the same way, its review is not a plan
    text = "“十四五”时期工作回顾\n森林覆盖率提高1.64个百分点。\n“十五五”时期的主要目标任务\n森林覆盖率达到13.52%。\n"
    assert plan_headings(text) == [(text.index("“十五五”"), "“十五五”时期的主要目标任务")]


def test_a_deputys_proposals_handled_are_no_plan_and_add_up_over_years() -> None:
    # 上海, 2026: "办理市人大代表建议1256件" in the year's review; 建议 proposes only when someone else's it is not
    year = Setting(section="一、2025年工作回顾", covered_year=2025)
    assert _by_value("办理市人大代表建议1256件、市政协提案967件", year)["1256件"][1] == "actual"
    assert _by_value("建议安排专项资金20亿元", year)["20亿元"][1] == "target"
    # 湖北, 2026: cases handled in the five-year review are the five years' total, like 新增
    five_years = Setting(section="一、“十四五”时期工作回顾", covered_year=2025, over_years=True)
    assert _by_value("办理人大代表建议3623件、政协提案3862件", five_years)["3623件"][1] == "cumulative"
    # and so are farmland built and laws put to the congress (江苏, 甘肃 2026; set m's writer)
    assert _by_value("建设高标准农田1739万亩", five_years)["1739万亩"][1] == "cumulative"
    assert _by_value("提请省人大常委会审议地方性法规104件", five_years)["104件"][1] == "cumulative"
    assert _by_value("建设高标准农田47.8万亩", year)["47.8万亩"][1] == "actual"


def test_a_review_is_known_by_its_achievements_or_summary_as_well_as_by_回顾() -> None:
    # Zhejiang 2026: "研发投入强度从2.77%提高到3.3%左右" under "一、2025年主要工作和“十四五”发展成就" is what was
    # reached ("about 3.3%"), not a plan; Ningxia heads its review "2025年工作总结…"
    for section in ("一、2025年主要工作和“十四五”发展成就", "一、2025年工作总结和“十四五”发展成就"):
        found = _by_value("研发投入强度从2.77%提高到3.3%左右", Setting(section=section, covered_year=2025))
        assert found["3.3%左右"][1] == "actual"
    # a heading that joins the review to the plan's goals is no review: its 左右 are targets
    both = Setting(section="二、“十四五”时期发展成就和“十五五”时期主要目标任务", covered_year=2025)
    assert _by_value("研发投入强度达到3.5%左右", both)["3.5%左右"][1] == "target"
