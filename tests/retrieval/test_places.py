"""Places below the indexed regions: named with a suffix or as a proper name, placed by the division codes."""

from __future__ import annotations

import pytest

from retrieval.places import Place, enclosing_region, place_named


@pytest.mark.parametrize(
    ("question", "name", "path"),
    [
        ("上党区被推荐创建法治政府示范，其他地方呢?", "上党区", ("山西省", "长治市", "上党区")),  # with its suffix
        ("深圳在搞低空经济，还有哪些地方也在做?", "深圳", ("广东省", "深圳市")),  # jieba: a place name
        ("泸州在发展白酒产业，还有哪些地方也在做?", "泸州", ("四川省", "泸州市")),
        ("张家界市在发展入境旅游，还有哪些地方也在做?", "张家界市", ("湖南省", "张家界市")),
        ("浦东新区在搞综合改革试点，还有哪些地方也在做?", "浦东新区", ("上海市", "浦东新区")),  # a municipality's
    ],
)
def test_places_a_question_names(question: str, name: str, path: tuple[str, ...]) -> None:
    assert place_named(question) == Place(name, path)


@pytest.mark.parametrize(
    "question",
    [
        "大同小异的做法还有哪些地方?",  # an idiom, not 大同市
        "白银价格涨了多少?",  # silver, not 白银市 (jieba tags it a person's name, as it does 张家界)
        "给临终病人减轻痛苦的安宁疗护，哪些地方的报告里提了？",  # a county-level name needs its suffix (安宁市)
        "哪些地方在做行政执法人员培训?",
        "",
    ],
)
def test_words_that_only_look_like_places_are_not_places(question: str) -> None:
    assert place_named(question) is None


def test_the_most_specific_enclosing_region_is_chosen() -> None:
    shangdang = place_named("上党区被推荐创建法治政府示范")
    assert enclosing_region(shangdang, ["山西省", "长治市", "通城县"]) == "长治市"
    assert enclosing_region(shangdang, ["山西省", "通城县"]) == "山西省"
    assert enclosing_region(shangdang, ["通城县", "全国"]) is None


def test_a_sibling_district_or_an_unlisted_zone_never_encloses() -> None:
    lizhou = place_named("利州区在推行府院联动")  # 广元市's other district
    assert lizhou is not None and enclosing_region(lizhou, ["广元市朝天区"]) is None
    huizhou = place_named("惠州市在推公职律师")
    # 仲恺高新区 lies in 惠州市, but the codes do not list it: the parent city must not stand in for it
    assert huizhou is not None and enclosing_region(huizhou, ["仲恺高新区"]) is None
