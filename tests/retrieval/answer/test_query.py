"""What a question asks for: figure wanted, unit, the thing measured, regions and years (query.py)."""

from __future__ import annotations

import pytest

from retrieval.answer.query import SpanScorer, analyse, asks_for, mentions_year, part_years
from retrieval.answer.text import figures, norm
from retrieval.types import Hit, Passage

REGIONS = {"朝天区": "广元市朝天区", "通城县": "通城县", "安徽省": "安徽省"}


def regions_in(text: str) -> set[str]:
    return {full for short, full in REGIONS.items() if short in text}


@pytest.mark.parametrize(
    ("question", "unit", "head"),
    [
        ("朝天区2024年收到多少件行政复议申请?", "件", "行政复议申请"),
        ("山西省12345热线服务的群众满意度是多少?", "", "群众满意度"),
        # framing ("政府工作报告", "分别") is not what is measured
        ("2015年和2019年的国务院政府工作报告分别把赤字率定为多少?", "", "国务院把赤字率定"),
        ("张家界2025年接待了多少万人次入境游客?", "人次", "入境游客"),  # 万 is a magnitude, not the unit
        # a count of years; the share word before it is not what is asked
        ("江苏老百姓觉得安全的比例已经连续多少年不低于98%了?", "年", "不低于98%"),
        ("福建省政府网站评比全国第一连着几年了?", "年", "福建省政府网站评比全国第一连着"),
        # words of time are no interrogative: the ask comes after them
        ("甘肃城里人和农村人的收入差距这几年缩小到多少倍?", "倍", "收入差距这几年缩小"),
        ("近几年全省建了几座跨江大桥?", "座", "跨江大桥"),
    ],
)
def test_unit_and_head_of_an_amount_question(question: str, unit: str, head: str) -> None:
    query = analyse(question)
    assert query.asks_amount and (query.unit, query.head) == (unit, head)


@pytest.mark.parametrize(
    "question",
    [
        "浙江哪几个老牌传统产业进了国家培育名单?",
        "香港把一套房隔成好几间出租的那种分间房,合规的叫啥?",
        "几乎每个村都有法律顾问吗?",
    ],
)
def test_a_list_or_several_is_no_amount_asked(question: str) -> None:
    assert not analyse(question).asks_amount
    assert analyse("浙江有几个产业进了国家培育名单?").asks_amount


def test_regions_make_facets_only_with_a_conjunction() -> None:
    both = analyse("朝天区和通城县各收到多少件行政复议申请?", regions_in)
    assert both.multi and [v for _, v in both.facets] == ["广元市朝天区", "通城县"]
    one = analyse("朝天区收到多少件行政复议申请?", regions_in)
    assert one.regions == ("广元市朝天区",) and not one.multi and not one.facets
    years = analyse("2015年和2019年的赤字率分别是多少?")
    assert [v for _, v in years.facets] == [2015, 2019]


@pytest.mark.parametrize(
    ("question", "years"),
    [
        ("朝天区2024那年和通城县2023那年各收到多少件行政复议?", [(2024,), (2023,)]),  # a year after each name
        ("2024年朝天区和2023年通城县各收到多少件行政复议?", [(2024,), (2023,)]),  # a year before each name
        ("朝天区和通城县2023年各收到多少件行政复议?", [(2023,), (2023,)]),  # one year for both
        ("朝天区这两年和通城县2023年各收到多少件行政复议?", [(2023,), (2023,)]),  # one region's year only: shared
        ("朝天区和通城县各收到多少件行政复议?", [(), ()]),
    ],
)
def test_each_region_is_asked_the_year_said_beside_it(question: str, years: list[tuple[int, ...]]) -> None:
    query = analyse(question, regions_in)
    assert [part_years(query, region) for _, region in query.facets] == years


@pytest.mark.parametrize(
    "question",
    [
        "城里和农村的低保现在每个月各发多少钱?",  # 各 before the ask
        "城乡居民收入各增长了百分之多少?",
        "财政赤字规模和赤字率分别是多少?",
        "一年来旅游的人从多少涨到了多少?",  # two asks
        "办理了多少件人大代表建议和政协提案?",  # a conjunction in what is counted
    ],
)
def test_several_amounts_in_one_part(question: str) -> None:
    assert analyse(question).several


@pytest.mark.parametrize(
    "question",
    [
        "朝天区收到多少件行政复议申请?",
        "全省各级法院一共受理了多少件案件?",  # 各级: every court, one total
        "朝天区和通城县各收到多少件行政复议申请?",  # one amount per region: the parts answer it
        "2015年和2019年的赤字率分别是多少?",  # one amount per year
        "各地都在推行什么执法方式?",  # no amount asked
        "好办易办的比例有多高?",  # one ask in two words
        "城乡居民收入比这几年缩小到多少倍?",  # 这几年 is a time, not an ask
        "十几年来建了多少公里地铁?",
        "与上年相比GDP增长了多少?",  # a comparison, not a second thing counted
        "有多少人参与了志愿服务?",  # 与 inside a word
        "各地有多少个贫困村?",  # one line per region
    ],
)
def test_one_amount_per_part(question: str) -> None:
    assert not analyse(question, regions_in).several


def test_everyday_indicator_names_get_the_report_s_wording() -> None:
    query = analyse("天津去年经济增速是多少?")
    assert {"总值", "增长"} <= query.report_units and "生产总值增长" in query.report_head
    plain = analyse("朝天区收到多少件行政复议申请?")
    assert not plain.report_units and not plain.report_head  # nothing to reword: one wording only


def test_report_year_names_the_report_not_the_covered_year() -> None:
    assert analyse("2016年政府工作报告提到,2015年农村脱贫人数有多少?").report_year == 2016
    assert analyse("2015年农村脱贫人数有多少?").report_year is None


def test_a_figure_of_another_thing_does_not_answer() -> None:
    query = analyse("朝天区收到多少件行政复议申请?", regions_in)
    scorer = SpanScorer(query, ["2024年共收到行政复议申请26件。审结应诉案件72件。"])
    assert scorer.answers("2024年共收到行政复议申请26件")
    assert not scorer.answers("审结应诉案件72件")  # a count, of the wrong thing
    assert not scorer.answers("共收到行政复议申请")  # the right thing, no count



def test_what_was_added_does_not_answer_what_stands_now() -> None:
    """Beijing's report (corpus 001): the length added and the length there is, in one sentence."""
    sentence = "开通3条地铁新线、新增运营里程30公里，总里程达909公里、居全国首位"
    window = "开通3条地铁新线、新增运营里程30公里"  # the clauses up to the added length
    standing = SpanScorer(analyse("北京的地铁现在一共有多少公里?", regions_in), [sentence])
    assert not standing.answers(window)
    assert standing.answers(sentence)
    assert standing.score(window)[0] < standing.score(sentence)[0]
    added = SpanScorer(analyse("北京去年地铁新增了多少公里?", regions_in), [sentence])
    assert added.answers(window)
    assert added.score(window)[0] > standing.score(window)[0]  # the bonus for a figure of the kind asked


def _fits(question: str, stated: str, unit_optional: bool = False) -> bool:
    (figure,) = [f for f in figures(norm(stated)) if not f.is_year]
    return asks_for(analyse(question), figure, unit_optional)


@pytest.mark.parametrize(
    ("question", "stated"),
    [
        ("海南离岛免税一共卖了多少亿元?", "销售额303.5亿元"),  # 亿 is the magnitude of 元
        ("长治有几个案子被评为优秀案例?", "7件执法案件"),  # 个 counts anything countable
        ("西藏去年城里新增了多少个就业?", "城镇新增就业5.1万人"),
        ("北京有多少家企业进了白名单?", "白名单企业55万户"),
        ("安徽去年整车出口卖出去了多少辆?", "突破百万辆"),
        ("湖南行政复议的纠错率是多少?", "纠错率12.5%"),
        ("朝天区前年把关了多少份红头文件?", "2024年共审核行政规范性文件8件"),  # documents: 份 or 件
        ("西藏一共有多少件事项上线了?", "上线事项43个"),  # 个 counts what 件 asks for
        ("云南的咖啡现在有多少是拿去做深加工的?", "精深加工率85%"),  # "有多少是…": a share
        ("城镇化率到多少了?", "城镇化率达到61.6%"),
        ("海南去年GDP增长了多少左右?", "增长4.3%"),
        ("安徽的“免申即享”这类政策一共兑现了多少钱?", "兑现资金64.5亿元"),  # 钱: money, in 元
        ("香港政府准备拿多少钱帮的士换成电动车?", "五十亿元"),
        ("微软花了多少钱收购动视暴雪?", "全现金交易总价值687亿美元"),  # any currency is money
        ("江苏老百姓觉得安全的比例已经连续多少年不低于98%了?", "群众安全感连续7年保持高位"),
        ("甘肃城里人和农村人的收入差距缩小到多少倍?", "城乡居民收入比值缩小至2.93"),  # a ratio written bare
        ("湖南的湘易办App现在有多少人在用?", "“湘易办”用户突破3500万"),  # the measure word left out after 万
        ("仲恺开了几次常务会集体学法?", "已召开两期常务会学法"),  # 次, the general counter of occurrences
        ("林郑月娥一共答了多少条议员提问?", "一共回答了139项质询"),  # 条 for the report's 项
        ("朝天区公布的惠企政策一共多少条?", "梳理发布惠企政策事项161项"),
    ],
)
def test_an_amount_of_the_kind_asked(question: str, stated: str) -> None:
    assert _fits(question, stated)


@pytest.mark.parametrize(
    ("question", "stated"),
    [
        ("张家界接待了多少万人次入境游客?", "入境游客增长32.5%"),  # a growth rate is no number of visits
        ("海南离岛免税一共卖了多少亿元?", "离岛免税销售额增长46.8%"),
        ("董建华施政报告提到的失业率是多少?", "创造三万多个就业机会"),  # a rate wants a percentage
        ("长治有几个案子被评为优秀案例?", "投入资金50万元"),  # 个 counts things, not money
        ("长治投入了多少万元?", "建成站点50个"),  # nor is money counted in 个
        ("浙江去年落地了几个外资大项目?", "实际使用外资115.6亿美元"),  # in any currency
        ("朝天区收到多少件行政复议申请?", "2024年"),
        ("北京2025年一共来了多少外国入境游客?", "入境游客增长39%"),  # the thing counted follows 多少: no unit needed
        ("山西现在有多少智能化煤矿?", "智能化煤矿占比65%"),
        ("朝天区的普法宣传经费一共投入了多少钱?", "发放宣传资料1500余份"),  # money is no count of leaflets
        ("仲恺公证业务一共收了多少钱?", "办理公证1200件"),
        ("江苏老百姓觉得安全的比例已经连续多少年不低于98%了?", "群众安全感保持98%以上"),  # years, not the share
        ("黑龙江粮食产量全国第一已经连着多少年了?", "粮食产量1650亿斤"),
        ("“96178”省长直通车帮企业解决了多少问题?", "完善“2115”接诉即办机制"),  # a number in quotes is a name
        ("仲恺办了几期常务会学法?", "学法5次"),  # the general counters take the specific ones, not the reverse
        ("北京立改废了多少项政府规章?", "新修订条例12条"),
    ],
)
def test_an_amount_of_another_kind(question: str, stated: str) -> None:
    figures_stated = figures(norm(stated))
    assert not any(asks_for(analyse(question), f, unit_optional=True) for f in figures_stated)


def test_a_bare_number_fits_only_when_the_unit_is_optional() -> None:
    # evidence selection prefers the unit asked; verification only refuses a contradiction
    assert not _fits("2000年时香港一共有多少家中小企业?", "290000")
    assert _fits("2000年时香港一共有多少家中小企业?", "290000", unit_optional=True)
    assert not _fits("湖南的纠错率是多少?", "290000", unit_optional=True)
    # after 万 or 亿 reports leave out 人 and 元, not the measure words of things
    assert _fits("湖南的湘易办App现在有多少人在用?", "用户突破3500万")
    assert _fits("山东去年营收一共多少钱?", "营收3000亿")
    assert not _fits("“湘易办”上能办多少个政务服务事项?", "用户突破3500万")
    # a bare number before a measure word the reader does not know is still an amount
    assert _fits("“吉林一号”卫星现在组网有多少颗?", "组网卫星增至144颗", unit_optional=True)
    assert _fits("广东的无人机产量占全国几成?", "占全国9成", unit_optional=True)


def test_leading_is_no_rate() -> None:
    assert not analyse("哪个区率先建成了多少个调解室?").wants_rate
    assert analyse("行政复议纠错率是多少?").wants_rate


def _hit(text: str, title: str = "新闻", year: int | None = None) -> Hit:
    return Hit(Passage("n1", "n1.txt", title, None, year, "", text, 0, len(text)), 1, 1.0)


def test_mentions_year_in_text_title_or_covered_year() -> None:
    assert mentions_year(_hit("2021年，大兴机场旅客吞吐量2505万人次。"), 2021)
    assert mentions_year(_hit("激增至二零零一至零二年度的五百五十三億元。"), 2001)
    assert mentions_year(_hit("全年收到申请26件。", title="2026年河北省政府工作报告"), 2026)
    assert mentions_year(_hit("全年收到申请26件。", year=2024), 2024)
    assert not mentions_year(_hit("2020年，大兴机场旅客吞吐量1609万人次。", year=2020), 2021)



def test_relative_years_are_dated_against_today() -> None:
    from datetime import date

    query = analyse("北京去年PM2.5年平均浓度降到了多少?", today=date(2026, 12, 2))
    assert query.question == "北京2025年PM2.5年平均浓度降到了多少?" and query.years == (2025,)
    both = analyse("今年和前年的目标分别是多少?", today=date(2026, 12, 2))
    assert both.question == "2026年和2024年的目标分别是多少?"
    assert both.years == (2024, 2026) and both.facets == (("year", 2024), ("year", 2026))
    assert analyse("去年同期增长多少?", today=date(2026, 1, 5)).question == "2025年同期增长多少?"
    assert analyse("过去年份的增速是多少?", today=date(2026, 1, 5)).question == "过去年份的增速是多少?"


@pytest.mark.parametrize(
    ("asked", "dated"),
    [
        ("通城县大前年收到了多少件复议申请?", "通城县2023年收到了多少件复议申请?"),  # not 大2024年
        ("殷都区五年前办了多少件法律援助案件?", "殷都区2021年办了多少件法律援助案件?"),
        ("3年前的目标是多少?", "2023年的目标是多少?"),
        ("后年要达到多少?", "2028年要达到多少?"),
        ("十三年前后变化大吗?", "十三年前后变化大吗?"),  # 前后: around then, no year counted back
        ("近三年一共办了多少件?", "近三年一共办了多少件?"),
    ],
)
def test_years_counted_back_are_dated(asked: str, dated: str) -> None:
    from datetime import date

    assert analyse(asked, today=date(2026, 12, 2)).question == dated


def test_a_year_the_asker_wrote_is_kept_and_the_relative_word_dropped() -> None:
    """The model is shown the year alone: beside "前年（2024年）" it doubted a report headed 2024 answers."""
    from datetime import date

    assert analyse("去年（2025年）增长多少?", today=date(2026, 1, 5)).question == "2025年增长多少?"
    assert analyse("去年(2023)增长多少?", today=date(2026, 1, 5)).question == "2023年增长多少?"
