"""Citation markers and their verification, on real passages of the seed reports."""

from __future__ import annotations

import pytest

from retrieval.answer.citations import Verifier, parse_markers, question_checks, split_claims
from retrieval.answer.query import analyse
from retrieval.regions import RegionMatcher
from retrieval.types import Hit, Passage


def passage(retrieval, query: str, needle: str) -> Hit:
    """The retrieved seed passage that contains ``needle`` (fails loudly if retrieval lost it)."""
    for hit in retrieval.search(query, top_k=10):
        if needle in hit.passage.text:
            return hit
    raise AssertionError(f"no passage with {needle!r} among the hits for {query!r}")


@pytest.fixture(scope="module")
def fuyi(retrieval) -> Hit:  # 朝天区: "2024年共收到行政复议申请26件,受理21件"
    return passage(retrieval, "朝天区2024年收到多少件行政复议申请", "收到行政复议申请26件")


@pytest.fixture(scope="module")
def xuefa(retrieval) -> Hit:  # 朝天区: "2800余名国家工作人员参加学法考法"
    return passage(retrieval, "朝天区参加学法考法的国家工作人员有多少", "2800余名")


@pytest.fixture(scope="module")
def zhongkai(retrieval) -> Hit:  # 仲恺高新区, Traditional script: "共收到行政復議案件179宗"
    return passage(retrieval, "仲恺高新区2023年收到多少宗行政复议案件", "179宗")


def _report(text: str, title: str, region: str, year: int) -> Hit:
    """A hand-made passage: the whole ``text`` of a report with this title, region and covered year."""
    return Hit(Passage(region, f"{region}.txt", title, region, year, "", text, 0, len(text)), 1, 1.0)


def verifier(passages: dict[int, Hit], retrieval, extra: list[Hit] | None = None) -> Verifier:
    return Verifier(passages, extra, regions_in=retrieval.index.regions.regions_in)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("答案[1]。", [1]),
        ("答案[1][3]。", [1, 3]),
        ("答案[1, 2]。", [1, 2]),
        ("答案[2，1]。", [2, 1]),
        ("答案【4】。", [4]),
        ("答案［2］。", [2]),
        ("答案[1-3]。", [1, 2, 3]),
        ("答案[资料2]。", [2]),
        ("没有标注。", []),
    ],
)
def test_parse_markers(text: str, expected: list[int]) -> None:
    assert parse_markers(text) == expected


def test_split_claims_attaches_markers_after_the_full_stop() -> None:
    claims = split_claims("朝天区收到26件[1]。受理21件。[2]\n通城县：62件【3】")
    assert [(c.body, c.cited, c.line) for c in claims] == [
        ("朝天区收到26件", (1,), 0), ("受理21件", (2,), 0), ("通城县：62件", (3,), 1),
    ]


def test_text_right_after_a_marker_is_a_new_claim() -> None:
    # The 1.5B model writes region lines without punctuation or line breaks between them.
    claims = split_claims("朝天区：26件[1]通城县：62件[2]")
    assert [(c.body, c.cited) for c in claims] == [("朝天区：26件", (1,)), ("通城县：62件", (2,))]
    # A leading marker, or one followed by punctuation, still belongs to its sentence.
    assert [(c.body, c.cited) for c in split_claims("[1]殷都区为全省第12位。")] == [("殷都区为全省第12位", (1,))]
    assert [(c.body, c.cited) for c in split_claims("新增4个[1]，新增6个[2]。")] == [("新增4个，新增6个", (1, 2))]


def test_true_figure_passes_with_the_supporting_sentence(retrieval, fuyi: Hit, xuefa: Hit) -> None:
    result = verifier({1: xuefa, 2: fuyi}, retrieval).verify("朝天区2024年共收到行政复议申请26件，受理21件[2]。")
    assert result.answer == "朝天区2024年共收到行政复议申请26件，受理21件[1]。"  # renumbered by first use
    (citation,) = result.citations
    assert citation.n == 1 and citation.passage == fuyi.passage
    document = retrieval.document_text(fuyi.passage.doc_id)
    assert document[citation.passage.start : citation.passage.end] == citation.passage.text
    support = document[citation.support_start : citation.support_end]
    assert "26件" in support and "21件" in support and len(support) < len(citation.passage.text)
    assert result.unsupported == []


def test_a_sentence_the_model_repeats_verbatim_is_kept_once(retrieval, fuyi: Hit) -> None:
    claim = "朝天区2024年共收到行政复议申请26件[1]。"
    result = verifier({1: fuyi}, retrieval).verify(claim + claim)
    assert result.answer == claim


def test_wrong_figure_is_dropped(retrieval, fuyi: Hit, xuefa: Hit) -> None:
    result = verifier({1: fuyi, 2: xuefa}, retrieval).verify(
        "朝天区2024年共收到行政复议申请27件[1]。2800余名国家工作人员参加学法考法[2]。"
    )
    assert "27件" not in result.answer
    assert result.unsupported == ["朝天区2024年共收到行政复议申请27件"]
    assert result.answer == "2800余名国家工作人员参加学法考法[1]。"
    assert [c.passage.doc_id for c in result.citations] == [xuefa.passage.doc_id]


def test_citation_of_the_wrong_passage_is_reattached(retrieval, fuyi: Hit, xuefa: Hit) -> None:
    result = verifier({1: xuefa, 2: fuyi}, retrieval).verify("2024年朝天区共收到行政复议申请26件[1]。")
    assert result.answer == "2024年朝天区共收到行政复议申请26件[1]。"
    assert result.citations[0].passage.text == fuyi.passage.text  # [1] was 学法, the claim now cites the 复议 passage
    assert result.claims[0].status == "reattached"


@pytest.mark.parametrize("marker", ["[7]", "[0]", "【9】", "[3, 8]"])
def test_marker_pointing_at_nothing_never_survives(retrieval, fuyi: Hit, marker: str) -> None:
    result = verifier({1: fuyi}, retrieval).verify(f"朝天区2024年共收到行政复议申请26件{marker}。")
    assert [c.n for c in result.citations] == [1]
    assert result.answer == "朝天区2024年共收到行政复议申请26件[1]。"  # re-attached to the passage that holds


def test_unsupported_claim_without_any_passage_is_removed(retrieval, fuyi: Hit) -> None:
    result = verifier({1: fuyi}, retrieval).verify("朝天区聘请了15名政府法律顾问[1]。")
    assert result.answer == "" and result.citations == []
    assert result.unsupported == ["朝天区聘请了15名政府法律顾问"]


def test_claim_in_simplified_is_checked_against_a_traditional_passage(retrieval, zhongkai: Hit) -> None:
    result = verifier({1: zhongkai}, retrieval).verify("仲恺高新区2023年共收到行政复议案件179宗[1]。")
    assert result.answer == "仲恺高新区2023年共收到行政复议案件179宗[1]。"
    wrong = verifier({1: zhongkai}, retrieval).verify("仲恺高新区2023年共收到行政复议案件197宗[1]。")
    assert wrong.answer == ""


def test_region_named_in_a_claim_must_be_the_passage_region(retrieval, fuyi: Hit, zhongkai: Hit) -> None:
    # 朝天区's figure attributed to 仲恺高新区: the figure is in passage 1, but that is another region's report.
    result = verifier({1: fuyi, 2: zhongkai}, retrieval).verify("仲恺高新区收到行政复议申请26件[1]。")
    assert result.answer == "" and result.unsupported


def test_statement_that_the_reports_do_not_say_is_kept_uncited(retrieval, fuyi: Hit) -> None:
    result = verifier({1: fuyi}, retrieval).verify(
        "朝天区：2024年共收到行政复议申请26件[1]。\n通城县：报告中没有找到相关内容。"
    )
    assert result.answer == "朝天区：2024年共收到行政复议申请26件[1]。\n通城县：报告中没有找到相关内容。"
    assert result.supported == 1 and result.refusals == 1


def test_figure_must_count_what_the_claim_says_it_counts() -> None:
    # 通城县's report has a "26件", but of repealed regulations: it does not hold a claim about review cases.
    text = "梳理2017年至2022年县政府、县政府办公室印发的行政规范性文件共42,宣布失效、废止26件,拟修改2件。"
    passage = Passage("tc", "tc.txt", "2023年度通城县法治政府建设工作报告", "通城县", 2023, "", text, 0, len(text))
    hit = Hit(passage, 1, 1.0)
    verifier = Verifier({1: hit})
    assert verifier.support("通城县：收到行政复议申请26件", hit) is None
    assert verifier.support("通城县废止了26件规范性文件", hit) is not None


def test_a_passage_header_echoed_back_is_no_claim() -> None:
    # The prompt heads each passage "[1] 陕西省 2025年 《…》"; a small model sometimes repeats that as its answer.
    text = "全年新增城镇就业45万人。"
    hit = _report(text, "陕西省2026年政府工作报告", "陕西省", 2025)
    assert Verifier({1: hit}).support("陕西省 2025年 《陕西省2026年政府工作报告》", hit) is None
    assert Verifier({1: hit}).support("陕西省新增城镇就业45万人", hit) is not None


def test_a_bare_figure_is_a_claim() -> None:
    text = "区政府重大决策事项集体决策率达100%。"
    passage = Passage("ct", "ct.txt", "朝天区2024年法治政府建设情况", "广元市朝天区", 2024, "", text, 0, len(text))
    hit = Hit(passage, 1, 1.0)
    assert Verifier({1: hit}).support("100%", hit) is not None


def test_words_repeated_from_the_question_are_not_the_claim_news() -> None:
    text = "12345热线受理群众诉求5000余件，按时办结4502件，群众满意率98%。"
    title = "广元市朝天区2024年法治政府建设情况"
    hit = _report(text, title, "朝天区", 2024)
    question = "朝天区的12345热线那一年按时办完了多少件老百姓的事?"
    echoed = "朝天区的12345热线按时办完了4502件老百姓的事"
    assert Verifier({1: hit}, question=question).support(echoed, hit) is not None
    # The words beside a figure still have to be there, question's words or not: 26件 of repealed rules does
    # not hold "收到行政复议申请26件" even when the question asked about 行政复议申请.
    repealed = "宣布失效、废止26件,拟修改2件。"
    title = "2023年度通城县法治政府建设工作报告"
    other = _report(repealed, title, "通城县", 2023)
    assert Verifier({1: other}, question="通城县收到多少件行政复议申请?").support("收到行政复议申请26件", other) is None
    checks = Verifier({1: hit}, question=question)
    assert checks.support("朝天区的12345热线按时办完了4503件老百姓的事", hit) is None
    assert checks.support("朝天区的12345热线那一年按时办完了多少件老百姓的事", hit) is None


def test_a_bare_figure_is_held_by_the_same_amount_in_chinese_numerals() -> None:
    text = "本港約有二十九萬家中小型企業，佔本港企業總數百分之九十八。"
    hit = _report(text, "二零零零年施政報告", "香港特别行政区", 2000)
    verifier = Verifier({1: hit}, question="2000年时香港一共有多少家中小企业?")
    assert verifier.verify("290000[1]").supported == 1
    assert verifier.verify("一共有29万家中小企业[1]。").supported == 1
    assert verifier.verify("一共有29万人[1]。").supported == 0


def _qinghai() -> Hit:
    text = ("稳步实施“碳达峰十大行动”，绿电外送拓展至22个省区市，输出345亿度、增长32%，"
            "减少碳排放2810万吨，绿电成为青海名片。")
    return _report(text, "2026年青海省政府工作报告", "青海省", 2025)


def test_words_beside_a_figure_may_be_the_reports_abbreviation() -> None:
    # "绿电外送…输出345亿度": the claim spells out what the report abbreviates; the characters are there.
    hit = _qinghai()
    verifier = Verifier({1: hit}, question="青海去年（2025年）往外省输送了多少度绿色电力?")
    assert verifier.verify("青海去年（2025年）往外省输送了345亿度绿色电力[1]。").supported == 1
    # ... but not for a figure of something else ("减少碳排放2810万吨" is no amount of electricity)
    assert verifier.verify("青海往外省输送了2810万吨绿色电力[1]。").supported == 0


def test_a_lead_in_and_the_question_repeated_hold_nothing() -> None:
    text = "“三公”经费持续压减，行政复议纠错率高等问题明显改善，政府执行力和公信力稳步提升。"
    hit = _report(text, "2026年湖南省政府工作报告", "湖南省", 2025)
    verifier = Verifier({1: hit}, question="湖南去年（2025年）行政复议的纠错率具体是多少?")
    assert verifier.verify("根据资料，湖南去年（2025年）行政复议的纠错率是[1]。").supported == 0
    assert verifier.verify("资料显示，行政复议纠错率高等问题明显改善[1]。").supported == 1


def test_an_amount_question_is_not_answered_without_an_amount() -> None:
    hit = _qinghai()
    asked = "青海往外省输送了多少度绿色电力?"
    amount = Verifier({1: hit}, question=asked, **question_checks(analyse(asked)))
    stated = amount.verify("绿电成为青海名片[1]。")
    assert stated.supported == 0 and stated.unsupported == ["绿电成为青海名片"]
    assert amount.verify("绿电外送输出345亿度[1]。").supported == 1
    assert Verifier({1: hit}, question=asked).verify("绿电成为青海名片[1]。").supported == 1


def test_a_report_title_with_a_year_in_chinese_numerals_states_no_amount() -> None:
    # The 1.5B model answered "综援金额提高了多少" with the report's title: "一九九七年" is its year, not an amount.
    text = ("123. 關於如何為沒有能力維持生計的人提供足夠社會保障這個課題，近來社會上有很熱烈的討論。目前有些長者、"
            "因為擁有超過某一水平的資產而不能領取綜援。")
    hit = _report(text, "香港特別行政區政府一九九七年施政報告", "香港特别行政区", 1997)
    asked = "董建华1997年施政报告把综援金额提高了多少?"
    checker = Verifier({1: hit}, question=asked, **question_checks(analyse(asked)))
    answer = checker.verify("香港特别行政区 1997年 《香港特別行政區政府一九九七年施政報告》[1]")
    assert answer.supported == 0


def test_an_echoed_paragraph_number_states_no_amount() -> None:
    # The 2024 Hong Kong report (039.txt) numbers its paragraphs; asked a floor area, the 1.5B model echoed the
    # paragraph's number with its last clause, and "161" passed as a bare amount.
    text = ("161.「解决劏房问题」工作组已提交报告，政府决定以立法方式制订住宅楼宇分间单位的出租制度，"
            "合标单位将名为「简朴房」。")
    hit = _report(text, "行政长官2024年施政报告", "香港特别行政区", 2024)
    asked = "香港合规的分间出租房,最小得有多大面积?"
    checker = Verifier({1: hit}, question=asked, **question_checks(analyse(asked)))
    assert checker.verify("161. 合标单位将名为「简朴房」[1]。").supported == 0
    assert Verifier({1: hit}, question="香港合规的分间房叫什么?").verify("合标单位将名为「简朴房」[1]。").supported == 1


def test_an_amount_of_another_kind_does_not_answer() -> None:
    # "增长32%" holds in the passage, but a growth rate is no amount of electricity sent out
    hit, asked = _qinghai(), "青海去年往外省输送了多少亿度绿色电力?"
    rate = "青海省外送电力增长32%"
    checker = Verifier({1: hit}, question=asked, **question_checks(analyse(asked)))
    assert checker.support(rate, hit) is not None
    assert checker.verify(f"{rate}[1]。").supported == 0
    assert checker.verify("绿电外送输出345亿度[1]。").supported == 1


def test_a_place_no_report_is_about_needs_a_passage_that_names_it() -> None:
    # 利州区 is not indexed; 朝天区's report (the same city, 广元市) holds "收到行政复议申请26件" about 朝天区
    text = "2024年共收到行政复议申请26件，受理21件。"
    hit = _report(text, "广元市朝天区2024年法治政府建设情况", "广元市朝天区", 2024)
    regions_in = RegionMatcher(["广元市朝天区"]).regions_in
    asked = "广元市利州区2024年收到了多少件行政复议申请?"
    query = analyse(asked, regions_in)
    assert query.places == ("广元市", "利州区")  # 广元市 is named by the report's title, 利州区 nowhere
    checker = Verifier({1: hit}, regions_in=regions_in, question=asked, **question_checks(query))
    assert checker.verify("广元市利州区2024年收到了26件行政复议申请[1]。").supported == 0
    about_chaotian = "朝天区2024年收到了多少件行政复议申请?"
    query = analyse(about_chaotian, regions_in)
    assert query.places == ()  # an indexed region is matched through metadata, not named in the text
    checker = Verifier({1: hit}, regions_in=regions_in, question=about_chaotian, **question_checks(query))
    assert checker.verify("朝天区2024年收到了26件行政复议申请[1]。").supported == 1


def test_a_programme_quoted_by_name_needs_a_passage_that_names_it() -> None:
    # 朝天区's "3391个事项网上可办" says nothing of Hunan's “湘易办” app: the 1.5B model answered it from there
    asked = "“湘易办”上现在能办多少个政务服务事项?"
    query = analyse(asked)
    assert query.names == ("湘易办",)
    elsewhere = _report("2024年,全区实现3391个事项网上可办,3319个事项全程网办。", "广元市朝天区2024年法治政府建设情况",
                        "广元市朝天区", 2024)
    claim = "“湘易办”上现在能办3391个政务服务事项[1]。"
    assert Verifier({1: elsewhere}, question=asked).verify(claim).supported == 1  # figure and words hold
    assert Verifier({1: elsewhere}, question=asked, **question_checks(query)).verify(claim).supported == 0
    named = _report("“湘易办”可办政务服务事项3391个,用户突破3500万。", "2026年湖南省政府工作报告", "湖南省", 2025)
    assert Verifier({1: named}, question=asked, **question_checks(query)).verify(claim).supported == 1


def test_a_figure_of_another_quoted_programme_does_not_answer() -> None:
    # Shandong's "4000多万件" is the “12345” hotline's; “96178” is only named in the next sentence
    text = "“12345”热线受理诉求4000多万件。完善政企面对面交流、“96178”省长直通车等机制。"
    hit = _report(text, "2026年山东省政府工作报告", "山东省", 2025)
    asked = "周乃翔省长说的“96178”省长直通车去年帮企业解决了多少问题?"
    claim = "“96178”省长直通车2025年帮企业解决了4000多万件问题[1]。"
    assert Verifier({1: hit}, question=asked).verify(claim).supported == 1
    assert Verifier({1: hit}, question=asked, **question_checks(analyse(asked))).verify(claim).supported == 0
    hotline = "“12345”热线2025年受理了多少件诉求?"
    assert Verifier({1: hit}, question=hotline, **question_checks(analyse(hotline))).verify(
        "“12345”热线受理诉求4000多万件[1]。").supported == 1


def test_a_plan_period_in_quotes_names_no_programme() -> None:
    assert analyse("“十四五”期间湖北省级规章一共立改废了多少部?").names == ()


def test_a_city_named_in_a_provincial_report_is_answered_from_it() -> None:
    hit = _report("成都地区生产总值突破3万亿元。", "2026年四川省政府工作报告", "四川省", 2025)
    asked = "成都市去年GDP一共多少亿?"
    query = analyse(asked, RegionMatcher(["四川省"]).regions_in)
    assert query.places == ("成都市",)
    checker = Verifier({1: hit}, question=asked, **question_checks(query))
    assert checker.verify("成都地区生产总值突破3万亿元[1]。").supported == 1
    province = _report("全省地区生产总值6.5万亿元。", "2026年四川省政府工作报告", "四川省", 2025)
    claim = "成都市去年地区生产总值6.5万亿元[1]。"  # the province's figure, said of 成都
    assert Verifier({1: province}, question=asked).verify(claim).supported == 1  # words and figure hold
    assert Verifier({1: province}, question=asked, **question_checks(query)).verify(claim).supported == 0



def test_a_figure_said_of_another_city_in_the_same_sentence_does_not_answer() -> None:
    # Sichuan's report names 成都 in the sentence, but its 3000亿元 is 泸州's: the 1.5B model said it was 成都's GDP
    text = ("支持成都做优做强极核功能、强化辐射带动作用，成都都市圈主引擎地位更加凸显，省域经济副中心和区域中心城市"
            "发展能级持续提升，泸州经济总量突破3000亿元，内江、眉山、自贡、遂宁经济总量突破2000亿元。")
    hit = _report(text, "2026年四川省人民政府工作报告", "四川省", 2025)
    regions_in = RegionMatcher(["四川省"]).regions_in
    asked = "成都市去年GDP一共多少亿?"
    checker = Verifier({1: hit}, question=asked, **question_checks(analyse(asked, regions_in)))
    assert checker.verify("成都市2025年GDP一共3000亿元[1]。").supported == 0
    about_luzhou = "泸州市去年经济总量有多少?"
    checker = Verifier({1: hit}, question=about_luzhou, **question_checks(analyse(about_luzhou, regions_in)))
    assert checker.verify("泸州经济总量突破3000亿元[1]。").supported == 1


# -- a claim that restates the question around its figure -----------------------------------------------------

RESTATED = "朝天区收到的复议申请里,有几件压根没被受理?"  # the report: "受理21件,不予受理4件"


@pytest.fixture(scope="module")
def restated_evidence(retrieval):
    from config import AnswerSettings
    from retrieval.answer.evidence import gather
    from retrieval.search import Filters

    return gather(retrieval, analyse(RESTATED, retrieval.index.regions.regions_in), Filters(), AnswerSettings())


def test_a_figure_restated_in_the_questions_words_holds_where_the_best_spans_state_it(
    retrieval, restated_evidence
) -> None:
    from config import AnswerSettings
    from retrieval.answer.answerer import verifier_for

    evidence = restated_evidence
    assert any("不予受理4件" in span.text for _, span in evidence.best_spans())
    numbered = {p.n: p.hit for p in evidence.passages}
    checked = verifier_for(evidence, numbered, AnswerSettings(), retrieval)
    assert checked.verify("有4件压根没被受理[1]。").answer == "有4件压根没被受理[1]。"
    # A figure of the report that is not where the answer is ranked to be does not hold ("1500余份" 宣传资料)
    assert checked.verify("有1500件压根没被受理[1]。").supported == 0
    # Without the ranked spans (the verifier as it was), the words beside the figure must be the passage's.
    plain = Verifier(numbered, evidence.hits, regions_in=retrieval.index.regions.regions_in, question=RESTATED,
                     **question_checks(evidence.query))
    assert plain.verify("有4件压根没被受理[1]。").supported == 0
