"""A result cited for a target: the question's year against the year the report covers (kinds.py), on the
real wording of the 2026 Tianjin report (../shared/corpus/gov-reports/002.txt); a flow cited for what stands now,
on the 2026 Beijing and Shanxi reports (001.txt, 004.txt)."""

from __future__ import annotations

import pytest

from retrieval.answer.citations import Verifier, question_checks
from retrieval.answer.kinds import asked_kind, contradicts, flow_only, kinds_of
from retrieval.answer.query import analyse
from retrieval.answer.text import figures, norm
from retrieval.types import Hit, Passage

REVIEW = ("民心工程见行见效。惠民政策有序实施，出台促进高质量充分就业等政策措施，"
          "发放就业创业补贴13亿元，新增就业32.7万人。")
TARGETS = ("今年经济社会发展主要预期目标是：地区生产总值增长4.5%，在实际工作中努力争取更好结果；"
           "一般公共预算收入增长2%；固定资产投资提质增效；城镇调查失业率5.5%左右，城镇新增就业28万人；"
           "居民消费价格涨幅2%左右。")


def _hit(text: str, region: str = "天津市") -> Hit:
    passage = Passage(region, "report.txt", f"2026年{region}政府工作报告", region, 2025, "", text, 0, len(text))
    return Hit(passage, 1, 1.0)


@pytest.mark.parametrize(
    ("question", "covered", "expected"),
    [
        ("天津今年（2026年）打算新增多少城镇就业岗位?", 2025, "target"),
        ("天津去年（2025年）新增了多少城镇就业?", 2025, None),  # a result: not checked
        ("天津新增了多少城镇就业?", 2025, None),  # no year: the question does not say
        ("2017年那份报告说当年要让多少人进城落户?", 2016, None),  # the year the report was given
        ("李克强2017年说,2016年又取消了多少项审批?", 2016, None),
        ("2016年和2019年两份国务院报告里,上一年定下和修订的行政法规分别是多少部?", 2015, None),  # the reports
        ("天津今年（2026年）有什么打算?", 2025, None),  # no amount asked
    ],
)
def test_the_kind_asked(question: str, covered: int, expected: str | None) -> None:
    assert asked_kind(analyse(question), covered) == expected


@pytest.mark.parametrize(
    ("question", "covered", "expected"),
    [
        ("江西去年（2025年）粮食一共打了多少斤?", 2025, "actual"),  # the year the report reviews
        ("天津今年（2026年）打算新增多少城镇就业岗位?", 2025, "target"),
        ("1998年估计那一年香港经济会萎缩多少?", 1998, None),  # a forecast made that year, not its result
        ("天津新增了多少城镇就业?", 2025, None),  # no year: the question does not say
    ],
)
def test_the_kind_asked_for_ranking(question: str, covered: int, expected: str | None) -> None:
    assert asked_kind(analyse(question), covered, results=True) == expected


def test_the_reader_tells_the_review_from_the_targets() -> None:
    (result,) = [f for f in figures(norm("新增就业32.7万人")) if not f.is_year]
    (target,) = [f for f in figures(norm("城镇新增就业28万人")) if not f.is_year]
    assert kinds_of(result, REVIEW, 0, len(REVIEW), "", 2025) == {"actual"}
    assert kinds_of(target, TARGETS, 0, len(TARGETS), "", 2025) == {"target"}
    assert kinds_of(target, REVIEW, 0, len(REVIEW), "", 2025) == set()  # not stated there
    assert contradicts("target", {"actual"}) and not contradicts("target", {"target", "actual"})
    assert not contradicts(None, {"actual"}) and not contradicts("target", set())


def test_a_result_does_not_answer_a_question_about_the_target() -> None:
    question = "天津今年（2026年）打算新增多少城镇就业岗位?"
    query = analyse(question)
    review, targets = _hit(REVIEW), _hit(TARGETS)
    checker = Verifier({1: review, 2: targets}, question=question, **question_checks(query))
    assert checker.verify("新增城镇就业岗位32.7万人[1]。").supported == 0
    assert checker.verify("城镇新增就业28万人[2]。").supported == 1
    # unchecked, the review's figure holds: the check is what refuses it
    assert Verifier({1: review}, question=question).verify("新增城镇就业岗位32.7万人[1]。").supported == 1


SUBWAY = "深化交通综合治理，开通3条地铁新线、新增运营里程30公里，总里程达909公里、居全国首位。"
COAL = "新建智能化煤矿60座，推广先进成套技术装备，新增一批绿色开采试点。"


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("北京的地铁现在一共有多少公里?", True),
        ("山西现在有多少座智能化的煤矿?", True),
        ("仲恺高新区目前持证执法的人员总数是多少?", True),
        ("北京去年地铁新增了多少公里?", False),  # what was added is asked
        ("山西现在每年新建多少座智能化煤矿?", False),
        ("北京去年一共建了多少公里地铁?", False),  # 一共 over a year counts what was built in it
        ("北京的地铁现在怎么样?", False),  # no amount asked
    ],
)
def test_what_stands_now_is_asked(question: str, expected: bool) -> None:
    assert analyse(question).asks_standing is expected


def test_the_reader_tells_what_was_added_from_what_stands() -> None:
    def figure(text: str):
        (found,) = [f for f in figures(norm(text)) if not f.is_year]
        return found

    assert flow_only(figure("30公里"), SUBWAY, 0, len(SUBWAY), "", 2025)  # 新增运营里程30公里
    assert not flow_only(figure("909公里"), SUBWAY, 0, len(SUBWAY), "", 2025)  # 总里程达909公里
    assert flow_only(figure("60座"), COAL, 0, len(COAL), "", 2025)  # 新建智能化煤矿60座
    assert not flow_only(figure("150条"), "集装箱航线增至150条。", 0, 11, "", 2025)  # 增至: what there is now
    assert not flow_only(figure("400座"), COAL, 0, len(COAL), "", 2025)  # not stated there


def _beijing(text: str) -> set[str]:
    return {"北京市"} if "北京" in text else set()


def test_what_was_added_does_not_answer_what_stands_now() -> None:
    question = "北京的地铁现在一共有多少公里?"
    subway = {1: _hit(SUBWAY, "北京市")}
    checker = Verifier(subway, question=question, **question_checks(analyse(question, _beijing)))
    assert checker.verify("30公里[1]").supported == 0
    assert checker.verify("北京地铁总里程达909公里[1]。").supported == 1
    # unchecked, the added length holds: the check is what refuses it
    assert Verifier(subway, question=question).verify("30公里[1]").supported == 1
    added = "北京去年地铁新增了多少公里?"
    assert Verifier(subway, question=added, **question_checks(analyse(added, _beijing))).verify(
        "30公里[1]").supported == 1
