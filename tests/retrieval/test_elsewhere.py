"""Who else does X, on the real seed index: the named region is the example, never an answer."""

from __future__ import annotations

from dataclasses import replace

import pytest

from config import ElsewhereSettings
from retrieval.answer.text import norm
from retrieval.elsewhere import ElsewhereFinder, _longest_common_run

QUESTION = "朝天区推行府院联动，还有哪些地方也在做?"


def test_other_regions_are_found_and_the_probe_region_is_excluded(retrieval) -> None:
    result = ElsewhereFinder(retrieval).run(QUESTION)
    assert result.probe_regions == ("广元市朝天区",)
    regions = [f.region for f in result.findings]
    assert "通城县" in regions
    assert "广元市朝天区" not in regions
    tongcheng = result.findings[regions.index("通城县")]
    assert "府院联动" in tongcheng.quote
    document = retrieval.document_text(tongcheng.hit.passage.doc_id)
    assert document[tongcheng.quote_start : tongcheng.quote_end] == tongcheng.quote


def test_the_threshold_keeps_only_regions_that_state_the_initiative(retrieval) -> None:
    finder = ElsewhereFinder(retrieval)
    every = finder.candidates(QUESTION)
    kept = finder.run(QUESTION).findings
    assert len(every) > len(kept) >= 1  # not top-N: weaker regions are left out
    assert all(f.probability >= finder.threshold for f in kept)
    assert not any(f.probability >= finder.threshold for f in every if f.region not in {k.region for k in kept})
    assert [f.probability for f in kept] == sorted((f.probability for f in kept), reverse=True)
    assert [f.relevance for f in every] == sorted((f.relevance for f in every), reverse=True)
    assert len({f.region for f in every}) == len(every)  # one line per region


def test_the_threshold_can_be_set(retrieval) -> None:
    everything = ElsewhereFinder(retrieval, ElsewhereSettings(min_probability=0.0)).run(QUESTION).findings
    nothing = ElsewhereFinder(retrieval, ElsewhereSettings(min_probability=1.0)).run(QUESTION).findings
    assert len(everything) == len(ElsewhereFinder(retrieval).candidates(QUESTION)) and not nothing
    capped = ElsewhereFinder(retrieval, ElsewhereSettings(min_probability=0.0, max_regions=2)).run(QUESTION).findings
    assert len(capped) == 2 and len(ElsewhereFinder(retrieval).candidates(QUESTION)) > 2  # candidates: never capped


def test_the_probe_regions_own_passage_joins_the_probe(retrieval) -> None:
    result = ElsewhereFinder(retrieval).run(QUESTION)
    assert result.probe.startswith(result.measure) and len(result.probe) > len(result.measure)


def test_a_passage_naming_the_initiative_weighs_for_listing_its_region(retrieval) -> None:
    # on five seeds every run is "common", so the share limit is lifted here
    finder = ElsewhereFinder(retrieval, ElsewhereSettings(anchor_max_share=1.0))
    tongcheng = next(f for f in finder.candidates(QUESTION) if f.region == "通城县")
    assert tongcheng.names_it and "府院联动" in tongcheng.quote
    assert tongcheng.signals is not None and tongcheng.signals.names_it == 1.0
    unnamed = finder.calibration.probability(replace(tongcheng.signals, names_it=0.0))
    assert tongcheng.probability > unnamed  # naming the initiative is evidence for listing, never against
    longer = ElsewhereFinder(retrieval, ElsewhereSettings(anchor_max_share=1.0, anchor_chars=40))
    assert not any(f.names_it for f in longer.candidates(QUESTION))


def test_a_short_name_the_report_quotes_and_the_asker_says_names_the_initiative(retrieval) -> None:
    # 通城县: "安装5套“免证明”扫码系统": three characters, shorter than any run that names by itself (anchor_chars)
    finder = ElsewhereFinder(retrieval, ElsewhereSettings(anchor_max_share=1.0))
    named = [f for f in finder.candidates("殷都区办事少跑腿，还有哪些地方在推免证明？") if f.names_it]
    assert [f.region for f in named] == ["通城县"] and "免证明" in named[0].quote


def test_longest_common_run_skips_punctuation() -> None:
    assert _longest_common_run("重庆说政务服务一网通办效率提高", "“一网通办”首办成功率超过90%，") == "一网通办"
    assert _longest_common_run("法治乡村建设", "无关的句子") == ""


TWICE = "哪些地方在做行政执法人员培训?"  # on the seeds, some regions state it in two passages


def test_a_listed_region_also_quotes_its_other_passages_that_pass_the_cut(retrieval) -> None:
    finder = ElsewhereFinder(retrieval)
    findings = finder.run(TWICE).findings
    quoted_twice = [f for f in findings if f.also]
    assert quoted_twice
    for finding in quoted_twice:
        assert len(finding.quotes) <= finder.settings.quotes_per_region
        for also in finding.also:
            assert also.region == finding.region and also.hit.passage != finding.hit.passage
            assert also.probability >= finder.threshold
            # judged at its region's place and against the same best region as the region's first passage
            assert also.signals is not None and finding.signals is not None
            assert also.signals.region_rank == finding.signals.region_rank
            assert also.signals.share_of_best * finding.relevance == pytest.approx(
                finding.signals.share_of_best * also.relevance)
            assert norm(also.quote) not in norm(finding.quote) and norm(finding.quote) not in norm(also.quote)
            document = retrieval.document_text(also.hit.passage.doc_id)
            assert document[also.quote_start : also.quote_end] == also.quote
    first = quoted_twice[0]
    assert [q["quote"] for q in first.to_json()["also"]] == [a.quote for a in first.also]


def test_further_quotes_never_change_which_regions_are_listed(retrieval) -> None:
    one = ElsewhereFinder(retrieval, ElsewhereSettings(quotes_per_region=1)).run(TWICE).findings
    two = ElsewhereFinder(retrieval).run(TWICE).findings
    assert not any(f.also for f in one)
    assert [(f.region, f.hit.passage, f.quote) for f in one] == [(f.region, f.hit.passage, f.quote) for f in two]


def test_a_district_named_as_the_example_stands_for_the_region_it_lies_in(retrieval) -> None:
    # 上党区 is a district of 长治市, whose report says "其中上党区还被…推荐为全国第三批法治政府建设示范地区"
    result = ElsewhereFinder(retrieval).run("上党区被推荐创建法治政府示范，其他地方呢?")
    assert result.probe_regions == ("长治市",) and result.excluded == "上党区（长治市）"
    assert "长治市" not in [f.region for f in result.findings]
    assert ElsewhereFinder(retrieval).run(QUESTION).excluded == "广元市朝天区"  # an indexed region is named as is
