"""Regions and years a question names, with aliases derived from the indexed regions by rule."""

from __future__ import annotations

from retrieval.regions import RegionMatcher, place_core, places_named, region_aliases, years_in


def test_aliases_drop_parent_units_and_suffixes() -> None:
    assert region_aliases("广元市朝天区") == {"广元市朝天区", "朝天区", "朝天"}
    assert region_aliases("广西壮族自治区") == {"广西壮族自治区", "广西"}
    assert region_aliases("仲恺高新区") == {"仲恺高新区", "仲恺"}
    assert region_aliases("通城县") >= {"通城县", "通城"}


def test_matcher_finds_regions_by_any_alias() -> None:
    matcher = RegionMatcher(["广元市朝天区", "通城县", "北京市"])
    assert matcher.regions_in("朝天区怎样推进行政执法") == {"广元市朝天区"}
    assert matcher.regions_in("北京和通城各有多少") == {"北京市", "通城县"}
    assert matcher.regions_in("全国的情况") == set()


def test_years_are_four_digit_years_only() -> None:
    assert years_in("2021年和2023年的对比,共12345件") == {2021, 2023}
    assert years_in("第1999号") == {1999} and years_in("没有年份") == set()


def test_places_named_with_their_suffix_or_as_provinces() -> None:
    assert places_named("广元市利州区2024年收到了多少件行政复议申请?") == ["广元市", "利州区"]  # jieba: 利州 + 区
    assert places_named("苏州工业园区2025年引进外资多少亿美元?") == ["苏州工业园区"]
    assert places_named("澳门2024年施政报告拿出多少钱?") == ["澳门"]
    assert places_named("内蒙古每年大概产多少煤?") == ["内蒙古"]


def test_words_jieba_calls_places_are_not_places_without_a_suffix() -> None:
    assert places_named("全市城市建设和上市公司") == []  # 城市: one character before 市
    assert places_named("三江源国家公园的面积有多少平方公里?") == []  # 三江 (ns), no suffix


def test_place_core_is_what_texts_repeat() -> None:
    assert place_core("成都市") == "成都" and place_core("利州区") == "利州" and place_core("澳门") == "澳门"


def test_a_head_of_government_whose_reports_do_not_name_him_names_his_region() -> None:
    from retrieval.answer.text import norm

    matcher = RegionMatcher(["香港特别行政区", "全国", "北京市"])
    assert matcher.regions_in(norm("李家超对最低工资定了多久检讨一次的机制?")) == {"香港特别行政区"}
    assert matcher.regions_in(norm("林鄭月娥2018年提出的資助計劃")) == {"香港特别行政区"}  # Traditional script
    assert matcher.regions_in(norm("李克强2016年说“十三五”末高铁要修到多少公里?")) == {"全国"}
    assert matcher.regions_in(norm("北京的地铁有多少公里?")) == {"北京市"}  # no speaker named: as before
    assert {"董建华", "李家超"} <= region_aliases("香港") and "温家宝" in region_aliases("全国")
