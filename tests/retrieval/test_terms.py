"""One list of question words for the answer layer and for highlighting: what neither treats as content; and
the report words for everyday names of indicators."""

from __future__ import annotations

import pytest

from retrieval.answer.query import analyse
from retrieval.answer.text import units
from retrieval.highlight import query_terms
from retrieval.terms import QUESTION_WORDS, REPORT_BOILERPLATE, report_words, same_things, without_question_words


def test_question_words_and_framing_are_taken_out_longest_first() -> None:
    assert without_question_words("行政复议怎么样了") == "行政复议 了"  # 怎么样 whole, not 怎么 + 样
    assert without_question_words("政府工作报告里提到多少件?") == " 里  件 "
    assert without_question_words("收到多少件", "") == "收到件"
    assert without_question_words("全年收到行政复议申请26件") == "全年收到行政复议申请26件"  # nothing to take


@pytest.mark.parametrize("word", ["多少", "怎么样", "哪些", "报告提到", "是否", "情况"])
def test_neither_layer_counts_a_question_word_as_content(word: str) -> None:
    question = f"朝天区行政复议{word}"
    assert not units(word) & analyse(question).units  # the answer layer: no passage is expected to say it
    assert not any(word in term or term in word for term in query_terms(question))  # highlighting: not marked
    assert "行政复议" in query_terms(question)


def test_highlighting_also_leaves_report_boilerplate_unmarked() -> None:
    terms = query_terms("朝天区怎样推进行政执法工作?")
    assert not REPORT_BOILERPLATE & set(terms) and {"朝天区", "执法"} <= set(terms)
    # still content for the answer layer: a passage that says 推进 shares it with the question
    assert "推进" in analyse("朝天区怎样推进行政执法工作?").units


def test_the_list_has_no_duplicates_or_blanks() -> None:
    assert len(set(QUESTION_WORDS)) == len(QUESTION_WORDS) and all(w.strip() for w in QUESTION_WORDS)


def test_people_s_words_become_the_reports_words() -> None:
    assert report_words("经济 长") == "生产总值 增长"
    assert report_words("财政收入增速") == "一般公共预算收入增长"
    assert report_words("外贸进出口") == "进出口"


def test_everyday_words_for_prices_trade_and_rising_become_the_reports_words() -> None:
    assert report_words("物价上涨 CPI涨幅") == "居民消费价格上涨 居民消费价格涨幅"
    assert report_words("对外贸易 增长") == "进出口 增长"
    assert report_words("商品零售额涨了") == "商品零售额增长"
    # a share of cases is written as a rate
    assert report_words("调成 比例") == "调成率" and report_words("纠错的比率") == "纠错率"
    assert report_words("所占比例") == "所占比例"
    assert report_words("住在城镇 人口占比") == "城镇化率" and report_words("固投 增长") == "固定资产投资 增长"
    assert report_words("政府当被告 行政官司") == "被诉 行政诉讼"
    assert report_words("合法性审核过 红头文件") == "合法性审核过 规范性文件"
    # the legal-affairs reports' words: 调解成功 (but 调成率 is how 殷都区 writes the rate), 案卷, 评查; 棚户区改造
    assert report_words("调成 矛盾纠纷") == "调解成功 矛盾纠纷" and report_words("调成 比例") == "调成率"
    assert report_words("抽评 执法卷宗") == "评查 执法案卷" and report_words("棚改") == "棚户区改造"


def test_two_names_of_one_thing_are_compared_in_one() -> None:
    assert same_things("pm2.5浓度") == same_things("细颗粒物浓度") == "细颗粒物浓度"
    assert report_words("细颗粒污染物 pm二点五 浓度") == "细颗粒物 细颗粒物 浓度"


def test_foreign_capital_received_and_clean_air_days_in_the_reports_words() -> None:
    assert report_words("实打实到位 外商投资金额") == "实际使用外资金额"
    assert report_words("外商投资 到账") == report_words("招了 外资") == "实际使用外资"
    assert report_words("空气达标 日子占比 蓝天率") == "优良天数占比 优良天数"
    assert report_words("外商投资企业 新设") == "外商投资企业 新设"  # firms set up, not capital received
    assert report_words("高企 数量") == "高新技术企业 数量"


def test_everyday_words_for_per_head_become_the_reports_word() -> None:
    assert report_words("按人头算 GDP") == "人均 生产总值"
    assert report_words("每人摊到的GDP") == "人均生产总值"
    assert report_words("按常住人口平均下来") == "人均"
    assert report_words("平均每年 增长") == "平均每年 增长"  # an average over years is not per head


def test_the_share_living_in_towns_is_the_urbanisation_rate_whole() -> None:
    # "常住人口里住在城镇的比例": 常住人口 is part of 城镇化率's meaning, not a word a label must repeat
    assert report_words("常住人口里住在城镇 比例") == "城镇化率"
    assert report_words("住在城里的人口的比例") == "城镇化率"
    assert report_words("常住人口 增长") == "常住人口 增长"
