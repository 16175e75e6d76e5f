"""Regions and years a question names, with aliases derived from the indexed regions by rule."""

from __future__ import annotations

from retrieval.regions import RegionMatcher, region_aliases, years_in


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
