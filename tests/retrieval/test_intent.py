"""Intent detection on the regions of the real corpus: plain asks, "who else does X" and comparisons."""

from __future__ import annotations

import pytest

from retrieval.intent import detect, measure_of, years_of
from retrieval.regions import RegionMatcher

REGIONS = ["上海市", "北京市", "浙江省", "安徽省", "河南省", "黑龙江省", "山东省", "江苏省", "全国", "香港特别行政区",
           "广元市朝天区", "通城县", "殷都区", "仲恺高新区", "长治市"]
MATCHER = RegionMatcher(REGIONS)


def _detect(question: str):
    return detect(question, MATCHER.regions_in, REGIONS)


def test_similar_elsewhere_names_the_probe_region_and_the_measure() -> None:
    intent = _detect("上海推行'一网通办'，还有哪些地方也在做类似的政务服务改革?")
    assert intent.kind == "elsewhere"
    assert intent.probe_regions == ("上海市",)
    assert "一网通办" in intent.measure and "上海" not in intent.measure and "哪些" not in intent.measure


@pytest.mark.parametrize("question", [
    "除了通城县，还有哪些地方明确推行柔性执法?",
    "浙江在推“综合查一次”，其他省份有没有类似做法?",
    "哪些地方在发展邮轮旅游?",
])
def test_elsewhere_cues(question: str) -> None:
    assert _detect(question).kind == "elsewhere"


@pytest.mark.parametrize("question", [
    "朝天区怎样推进行政执法规范化?",
    "哪个区对涉及剑门蜀道保护的规范性文件开展了集中专项清理?",  # one region asked for: a plain question
    "朝天区也开展了府院联动吗?",  # a yes/no question about the region named
    "通城县跟哪些相邻省份的县签了协议?",  # the region named is the scope
    "仲恺高新区各单位在网上执法办案系统里办了多少宗案子?",  # 各单位: the region's own bodies, not every region
    "朝天区各部门全年审核了多少件规范性文件?",
])
def test_plain_questions_stay_plain(question: str) -> None:
    assert _detect(question).kind == "ask"


def test_compare_over_named_regions_with_year() -> None:
    intent = _detect("对比一下河南、黑龙江、山东2025年的粮食产量")
    assert intent.kind == "compare"
    assert intent.regions == ("河南省", "黑龙江省", "山东省")  # in the question's order
    assert (intent.measure, intent.year, intent.figure_kind) == ("粮食产量", 2025, "actual")


def test_compare_over_every_region_and_target_kind() -> None:
    intent = _detect("各省2026年经济增长目标是多少?")
    assert intent.kind == "compare" and intent.every_region and set(intent.regions) == set(REGIONS)
    assert intent.figure_kind == "target"


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("河南和山东今年城镇新增就业各要达到多少人?", "target"),  # this year: the one the reports set targets for
        ("河南和山东明年粮食产量各多少?", "target"),
        ("河南和山东去年城镇新增就业各多少人?", "actual"),
        ("河南和山东今年以来城镇新增就业各多少人?", "actual"),  # so far this year: a review
    ],
)
def test_this_year_asks_the_target(question: str, kind: str) -> None:
    assert _detect(question).figure_kind == kind


def test_compare_reads_the_unit_and_the_year_of_each_region() -> None:
    intent = _detect("朝天区2024年和通城县2023年各收到多少件行政复议申请?")
    assert intent.kind == "compare" and intent.unit == "件"
    assert intent.region_years == (2024, 2023)


def test_compare_over_years_of_one_region() -> None:
    intent = _detect("国务院政府工作报告回顾的2012、2014到2018年全国GDP实际增速各是多少?")
    assert intent.kind == "compare" and intent.regions == ("全国",)
    assert intent.years == (2012, 2014, 2015, 2016, 2017, 2018)


def test_measure_drops_group_names_places_and_framing() -> None:
    question = "长三角这几个省市,上海、江苏,去年城镇新增就业各有多少人?"
    assert measure_of(question, ("上海市", "江苏省"), asking_only=True) == "城镇新增就业"
    assert years_of("1998到2001年和2017年") == [1998, 1999, 2000, 2001, 2017]
    # a span of years is when, not what: "过去五年" once left "过去五" in the measure
    five_years = "过去五年河南、山东城镇新增就业累计多少人?"
    assert measure_of(five_years, ("河南省", "山东省"), asking_only=True) == "城镇新增就业"
    assert measure_of("近三年粮食产量", ()) == "粮食产量"


def test_measure_keeps_growth_words_whole_and_drops_groups_of_big_provinces() -> None:
    assert measure_of("上海、江苏去年经济增长了多少", ("上海市", "江苏省"), asking_only=True) == "经济增长"
    assert measure_of("上海、江苏去年经济各长了多少", ("上海市", "江苏省"), asking_only=True) == "经济增长"
    question = "工业大省去年的规上工业增加值增速对比:江苏、浙江"
    assert measure_of(question, ("江苏省", "浙江省"), asking_only=True) == "规上工业增加值增速"


def test_a_province_whose_name_ends_in_zhou_is_named_without_its_suffix() -> None:
    matcher = RegionMatcher(["贵州省", "云南省", "广元市朝天区"])
    assert matcher.regions_in("云南、贵州、甘肃") == {"云南省", "贵州省"}


def test_the_national_report_is_named_by_who_delivers_it() -> None:
    intent = _detect("国务院每年给GDP定的增长目标：2015、2016、2017年各定了多少？")
    assert intent.kind == "compare" and intent.regions == ("全国",) and intent.years == (2015, 2016, 2017)
    assert intent.figure_kind == "target"
    assert _detect("总理的报告里2016、2017年城镇新增就业各是多少?").regions == ("全国",)


def test_plans_in_the_askers_words_ask_for_a_target() -> None:
    assert _detect("河南、浙江今年财政收入打算增长多少？").figure_kind == "target"
    assert _detect("北京、上海失业率要控制在什么水平?").figure_kind == "target"
    assert _detect("北京、上海去年失业率各是多少?").figure_kind == "actual"
    set_down = _detect("今年河南、山东定下多少粮食产量?")  # 定下 is how the plan is asked, not what is measured
    assert set_down.figure_kind == "target" and "定下" not in set_down.measure


def test_life_expectancy_is_an_indicator_not_a_plan() -> None:
    intent = _detect("北京、浙江、贵州，截至去年老百姓的预期寿命到了多少岁？")
    assert intent.figure_kind == "actual" and "预期寿命" in intent.measure and intent.unit == "岁"
    assert _detect("北京、浙江今年的预期目标是多少?").figure_kind == "target"
    # 实际使用外资 is the indicator's name: 实际 stays with it, though it only says "actual" elsewhere
    assert "实际引进外资" in _detect("去年辽宁、上海实际引进外资的规模是多少？").measure
    assert "实际" not in _detect("去年辽宁、上海经济实际增长多少？").measure


def test_groups_counted_units_and_colloquial_asking_are_not_the_measure() -> None:
    intent = _detect("华东三省（浙江、安徽、江苏）去年粮食各打了多少斤?")
    assert intent.regions == ("浙江省", "安徽省", "江苏省") and intent.unit == "斤"
    assert "三省" not in intent.measure and "斤" not in intent.measure and "粮食" in intent.measure
    assert "谁" not in _detect("财政收入谁涨得快：北京、上海的一般公共预算收入增长多少?").measure


def test_percentage_points_asked_are_the_unit() -> None:
    intent = _detect("“十四五”五年里，安徽、山东、广西的城镇化率提高了几个百分点？")
    assert intent.unit == "个百分点" and "百分点" not in intent.measure and intent.figure_kind == "cumulative"


def test_copies_and_case_files_are_counted_units() -> None:
    intent = _detect("执法卷宗抽查：朝天区、殷都区在报告那一年各抽评了多少份案卷？")
    assert intent.unit == "份" and "份" not in intent.measure and "案卷" in intent.measure


def test_everyday_measure_words_ask_what_reports_count_in() -> None:
    # 个 of people asks a count of people (reports write 人, 名); 本 of case files asks 卷 or 份 (one unit group)
    kids = _detect("育儿补贴去年发到了多少个娃手上？按婴幼儿人数算。山西、辽宁、江苏、河南")
    assert kids.unit == "人" and "个" not in kids.measure
    assert _detect("朝天区、殷都区、通城县去年各有多少个项目开工？").unit == "个"
    files = _detect("执法卷宗评查抽了多少本？请对比朝天区、殷都区、通城县。")
    assert files.unit == "本" and "本" not in files.measure
    assert _detect("法治夜校朝天区、殷都区、通城县各办了多少期？").unit == "期"  # shown only when asked
    # units offered as alternatives are all asked: 朝天 counts case files in 卷, 殷都 in 份
    assert _detect("执法案卷抽查评查，当年各抽了多少卷（份）？朝天、殷都、通城。").unit == "卷|份"
    # "那种", "这类" point at the thing, they are not part of it
    assert "那种" not in _detect("高新企业（国家认定的那种）河北、浙江各有多少家？").measure


def test_an_asking_clause_that_names_only_a_verb_keeps_the_topic_said_before() -> None:
    intent = _detect("朝天区、殷都区的行政执法证年审，各通过了多少？")
    assert "行政执法证" in intent.measure


def test_where_to_look_is_not_the_measure() -> None:
    intent = _detect("朝天区、殷都区这几份法治报告里，老百姓申请复议的案子，当年各办结了多少件？")
    assert "法治" not in intent.measure and "复议" in intent.measure and "办结" in intent.measure
    assert _detect("几个区县年度报告里审结的复议案件数排一排：朝天区、殷都区").measure == "审结 复议案件数"
    assert "报告" not in _detect("对比一下河南、山东政府工作报告中的粮食产量").measure
    # the measure said before the reports is kept, and so are words that only begin like 中/上
    assert _detect("朝天区、殷都区行政复议案件数在年度报告中各是多少？").measure == "行政复议案件数"
    assert "审结案件数" in _detect("朝天区和殷都区审结案件数在报告里分别写了多少？").measure
    assert "环境影响评价" in _detect("朝天区、殷都区环境影响评价报告中，审批了多少件？").measure
    assert "中心" in _detect("河南、山东信用报告中心各建了几个？").measure


def test_a_measure_said_in_two_clauses_keeps_each_as_a_wording() -> None:
    intent = _detect("老百姓的收入涨了多少？北京、河南去年居民人均可支配收入各增长多少")
    assert intent.wordings == ("老百姓 收入涨", "居民人均可支配收入 增长")
    assert intent.measure == "老百姓 收入涨 居民人均可支配收入 增长"
    assert _detect("朝天区、殷都区的行政执法证年审，各通过了多少？").wordings == ()  # "通过" alone names nothing
    assert _detect("对比一下河南、山东2025年的粮食产量").wordings == ()


def test_an_average_over_years_is_asked_apart_from_a_years_average_rate() -> None:
    assert _detect("过去五年，河南、山东的居民收入平均每年涨多少？").figure_kind == "average"
    assert _detect("河南、山东十四五期间城镇调查失业率平均是多少？").figure_kind == "average"
    yearly = _detect("北京、上海去年城镇调查失业率平均是多少？")
    assert yearly.figure_kind == "actual" and yearly.measure == "城镇调查失业率"


@pytest.mark.parametrize("question", [
    "香港要给年轻人开青年驿站，内地有哪个省也在办青年驿站？",  # one place asked for, but "also"
    "安徽在推无证明城市，还有哪个地方提到了？",
    "哪些地方在推买卖排污指标的交易？",  # 指标 is what is traded, no amount is asked
])
def test_who_else_in_the_singular_and_lists_that_ask_no_amount(question: str) -> None:
    assert _detect(question).kind == "elsewhere"


def test_a_national_rank_is_not_the_national_reports() -> None:
    intent = _detect("北京说个人养老金开户人数全国第一，还有哪些省也在推？")
    assert intent.kind == "elsewhere" and intent.probe_regions == ("北京市",)
    assert _detect("国务院这几年的报告里，2016、2017年城镇新增就业各是多少？").regions == ("全国",)


def test_words_with_year_or_long_in_them_stay_whole() -> None:
    assert "青年驿站" in _detect("香港要开青年驿站，还有哪些地方也在办？").measure
    assert "延长" in _detect("安徽把婚假延长了，还有哪些省也在做？").measure
    assert measure_of("上海、江苏去年经济各长了多少", ("上海市", "江苏省"), asking_only=True) == "经济增长"


def test_how_fast_and_what_percentage_ask_for_a_rate() -> None:
    intent = _detect("今年北京、浙江的GDP要跑多快，目标各是多少？")
    assert intent.kind == "compare" and intent.figure_kind == "target" and intent.measure == "GDP 增长"
    intent = _detect("北京、浙江、安徽去年新能源车产量增长了百分之几？")
    assert intent.kind == "compare" and intent.measure == "新能源车产量增长"
    intent = _detect("北京、安徽去年的经济盘子各有多大？")
    assert intent.kind == "compare" and intent.measure == "经济"
    assert _detect("今年北京、安徽对外贸易准备增长多少？").measure == "对外贸易 增长"


def test_what_the_asker_rules_out_leaves_the_measure() -> None:
    intent = _detect("去年上海、北京的财政一般预算那块各收了多少亿？要绝对数，不是增幅。")
    assert "增幅" not in intent.measure and "增长" not in intent.measure and intent.excluded == ("增幅",)
    intent = _detect("对比朝天区、殷都区受理的复议案子各有多少件？不要收到的申请数，也不要办结数。")
    assert intent.excluded == ("收到 申请", "办结") and "办结" not in intent.measure
    assert _detect("浙江、河南的外贸总额各比上年涨了几个点？光有出口的别算。").excluded == ("出口",)
    assert _detect("对比浙江、河南的外贸总额，别的省份的外贸总额也对比一下").excluded == ()  # 别的 is "other"
    # a list ruled out: each item by itself; a "don't" inside the clause, with its verb after it
    assert _detect("江苏、山东5G基站建了多少个？每万人拥有量、增长倍数都不算。").excluded == ("拥有量", "增长 倍数")
    intent = _detect("去年安徽、江苏外贸（进口加出口合计）增速各多少？光出口的数或者五年累计的涨幅都别拿来凑。")
    assert intent.excluded == ("出口", "五年 累计 涨幅") and intent.figure_kind == "actual"
    assert "凑" not in intent.measure and "出口 数" not in intent.measure


def test_a_list_said_before_a_bare_dont_is_ruled_out_item_by_item() -> None:
    # set m's writer: "只给增速的、只说“突破”的，还有只报服务贸易的，都不算": the things ruled out are clauses of their
    # own, each ending in 的, and "都不算" after them names none; a growth rate in that list is not what is asked
    intent = _detect("去年外贸做了多少钱的生意？要进出口总额，只给增长了百分之几的、只说“突破某个数”的，还有只报"
                     "服务贸易的，都不算。上海、江苏、广东")
    assert intent.kind == "compare" and "增长" not in intent.measure and "服务" not in intent.measure
    assert intent.excluded == ("增长 百分之几", "突破 某个", "服务 贸易")
    # a clause that asks something is no item of the list, even when it ends in 的
    intent = _detect("上海、江苏去年新增了多少就业？要当年新增的，五年累计的，都不算")
    assert intent.excluded == ("五年 累计",) and "新增" in intent.measure


def test_an_asking_clause_of_only_how_much_of_it_leaves_the_topic_to_the_others() -> None:
    # set m: "外贸（进出口）定了增长多少的目标？要增速目标" asks 增长 and 增速 of a topic said before them
    intent = _detect("今年各地外贸（进出口）定了增长多少的目标？要2026年的增速目标（百分之几）。上海、安徽、河南。")
    assert intent.kind == "compare" and intent.figure_kind == "target"
    assert "进出口" in intent.measure.split() and "外贸" in intent.measure


def test_how_many_tenths_more_came_asks_a_comparison_of_growth() -> None:
    # set l's writer: "几成" asks a rate, "多来了" how much more came, "要…的增幅" what is wanted, and "这种口径"
    # says how the thing ruled out is counted, not what it is
    intent = _detect("去年境外游客比前年多来了几成？要入境游客人次的增幅，入境过夜游客这种口径不算。北京、上海、浙江")
    assert intent.kind == "compare" and intent.regions == ("北京市", "上海市", "浙江省")
    assert "增长" in intent.measure and "入境游客人次" in intent.measure.split()
    assert "多来" not in intent.measure and "要" not in intent.measure
    assert intent.excluded == ("入境 过夜 游客",)


def test_last_years_average_resident_is_no_average_over_years() -> None:
    assert _detect("上海、北京去年平均每个居民能支配多少钱？").figure_kind == "actual"
    # the name of an indicator, a year's mean: "PM2.5年均浓度"; the level where a plan ended: "“十四五”末"
    assert _detect("去年北京、上海的PM2.5年均浓度是多少微克？").figure_kind == "actual"
    assert _detect("森林覆盖率现在到多少了？要“十四五”末实际达到的水平。北京、上海").figure_kind == "actual"
    assert _detect("“十四五”北京、上海一共新增了多少就业？").figure_kind == "cumulative"
    assert _detect("上海、北京五年来年平均增长多少？").figure_kind == "average"


@pytest.mark.parametrize(("question", "exact"), [
    ("去年粮食打了多少？要2025年总产量的具体数。河南、山东。", True),
    ("按人头算的GDP，去年上海、北京到了多少？要具体金额。", True),
    ("去年河南、山东打了多少粮食？要全年产量的实数。", True),
    ("到去年底浙江、江苏有多少家高企？要存量的准数。", True),
    ("河南、山东去年粮食各打了多少斤？“突破多少”这种说法不算。", True),  # a round mark ruled out
    ("河南、山东去年粮食总产量各是多少？", False),
])
def test_asking_for_the_exact_figure_is_how_exact_not_what(question: str, exact: bool) -> None:
    intent = _detect(question)
    assert intent.kind == "compare" and intent.exact is exact
    assert "具体" not in intent.measure and "金额" not in intent.measure and intent.measure


def test_a_glosss_that_is_no_part_of_the_measure() -> None:
    intent = _detect("去年北京、江苏空气里的细颗粒污染物（就是常说的pm二点五）全年平均浓度各是多少？")
    assert "就是" not in intent.measure and "常说" not in intent.measure and "pm二点五" in intent.measure


def test_a_kind_ruled_out_is_not_the_kind_asked() -> None:
    intent = _detect("国务院政府工作报告里，2014到2018年每年城镇实际新增了多少就业？按年份列出来，预期目标不要。")
    assert intent.kind == "compare" and intent.figure_kind == "actual" and intent.excluded == ("预期 目标",)
    intent = _detect("今年粮食打算收多少？黑龙江、河南、湖南的粮食产量目标，广西、安徽也看下，去年的实际产量不要。")
    assert intent.kind == "compare" and intent.figure_kind == "target" and "不要" not in intent.measure


def test_also_adds_regions_to_a_table_unless_places_are_asked() -> None:
    intent = _detect("去年几个省市的经济总量（GDP绝对数，不是增速）各有多大？浙江、安徽，再把上海、北京也带上。")
    assert intent.kind == "compare" and len(intent.regions) == 4 and intent.excluded == ("增速",)
    assert _detect("北京、上海都在推个人养老金，还有哪些省也在推？").kind == "elsewhere"


def test_growth_said_by_its_baseline_is_a_rate_and_a_point_is_no_unit() -> None:
    intent = _detect("2025年浙江、河南的外贸总额各比上年涨了几个点？")
    assert intent.measure == "外贸总额 增长" and intent.unit == ""


def test_a_quantity_without_its_topic_is_no_wording_of_its_own() -> None:
    # "增加值增速" would match any industry's; the measure is said once, with its gloss
    assert _detect("浙江、河南去年规上工业（规模以上企业）的增加值增速分别是多少？").wordings == ()


def test_spoken_framing_is_not_the_measure() -> None:
    intent = _detect("今年浙江、河南打算让粮食打多少？我问的是产量目标")
    assert "我问" not in intent.measure and "产量" in intent.measure and intent.figure_kind == "target"
    assert _detect("棚改这几年搞了多少套？按国务院报告对比2016、2017年").measure == "棚改"


def test_a_gloss_inside_a_noun_phrase_does_not_cut_it() -> None:
    # the verb before the gloss belongs to the phrase asked about: 调成, not every 矛盾纠纷 (受理730宗 is not asked)
    intent = _detect("殷都区、通城县报告那一年，调解组织最后调成（化解成功）的矛盾纠纷各有多少？")
    assert "调成" in intent.measure and "矛盾纠纷" in intent.measure


def test_a_count_in_any_unit_asks_for_a_figure_and_certified_is_no_plan() -> None:
    intent = _detect("政府当被告的行政官司一年有几起？比较朝天区、殷都区、通城，民事等其他应诉案子不算。")
    assert intent.kind == "compare" and intent.unit == "起"
    # 认定 (certified) is no 定 (set a target)
    assert _detect("上海、北京有多少家高企（国家认定的高新技术类企业）？").figure_kind == "actual"
    assert _detect("上海、北京今年GDP增速定在多少？").figure_kind == "target"
