"""Context selection on hand-made hits: which passages reach the prompt, in which order, cut how."""

from __future__ import annotations

from retrieval.answer.context import _kind_agreement, clean_excerpt, select_passages, trim
from retrieval.answer.query import SpanScorer, analyse
from retrieval.types import Hit, Passage
from tests.conftest import require_shared


def _hit(doc_id: str, text: str, region: str | None = None, start: int = 0, rank: int = 1) -> Hit:
    return Hit(Passage(doc_id, f"{doc_id}.txt", f"{region or doc_id}报告", region, 2024, "", text, start,
                       start + len(text)), rank, 1.0)


def _regions(text: str) -> set[str]:
    return {r for r in ("朝天区", "通城县") if r in text}


def test_the_best_matching_passage_comes_first_and_weak_ones_are_dropped() -> None:
    query = analyse("朝天区收到多少件行政复议申请?")
    hits = [
        _hit("a", "本年度开展普法宣传活动多次。", rank=1),
        _hit("b", "全年共收到行政复议申请26件,办结24件。", rank=2),
    ]
    chosen = select_passages(query, hits, SpanScorer(query, [h.passage.text for h in hits]), 3, 150)
    assert [p.hit.passage.doc_id for p in chosen] == ["b"]  # the unrelated passage falls below the relative floor
    assert chosen[0].n == 1 and "26件" in chosen[0].excerpt


def test_duplicates_are_quoted_once_and_the_count_is_capped() -> None:
    query = analyse("行政复议申请有多少件?")
    text = "全年共收到行政复议申请26件。"
    hits = [_hit("a", text), _hit("a", text), _hit("b", "行政复议申请同比增长百分之十。", rank=2),
            _hit("c", "行政复议申请办结率百分之百。", rank=3)]
    chosen = select_passages(query, hits, SpanScorer(query, [h.passage.text for h in hits]), 2, 150)
    assert len(chosen) <= 2 and [p.n for p in chosen] == list(range(1, len(chosen) + 1))
    assert sum(p.hit.passage.doc_id == "a" for p in chosen) == 1


def test_each_region_of_a_multi_region_question_gets_a_passage() -> None:
    query = analyse("朝天区和通城县各收到多少件行政复议申请?", _regions)
    hits = [
        _hit("ct1", "朝天区收到行政复议申请26件。", "朝天区"),
        _hit("ct2", "朝天区办结行政复议案件24件。", "朝天区"),
        _hit("tc1", "通城县收到行政复议申请62件。", "通城县", rank=3),
    ]
    chosen = select_passages(query, hits, SpanScorer(query, [h.passage.text for h in hits]), 2, 150)
    assert {p.hit.passage.region for p in chosen} == {"朝天区", "通城县"}


def test_trim_keeps_the_best_clause_within_the_budget() -> None:
    query = analyse("行政复议申请多少件?")
    text = "一是加强组织领导,健全工作机制。二是规范执法行为,全年共收到行政复议申请26件。三是强化监督。"
    excerpt = trim(text, SpanScorer(query, [text]), 40)
    assert "26件" in excerpt and len(excerpt.strip("…")) <= 40 and excerpt != text


def _report_line(name: str, line: int) -> str:
    return (require_shared() / "corpus" / "gov-reports" / name).read_text(encoding="utf-8").splitlines()[line - 1]


def test_the_excerpt_shows_the_span_the_passage_was_ranked_by() -> None:
    # The 2026 Yunnan report (025.txt): the answer stands early in a long list of achievements. Grown from the
    # clause scored alone, the excerpt showed the list's tail; grown from the ranked span, it shows the answer.
    text = _report_line("025.txt", 42)
    query = analyse("云南给官员和企业打交道划了哪几类清单?", lambda t: {"云南省"} if "云南" in t else set())
    scorer = SpanScorer(query, [text])
    best = scorer.best(text)
    assert best is not None and "正面、负面、倡导" in best.span.text
    excerpt = trim(text, scorer, 150, best)
    assert "正面、负面、倡导" in excerpt and len(excerpt.strip("…")) <= 150


def test_an_everyday_name_finds_the_report_s_indicator() -> None:
    # The 2026 Tianjin report (002.txt): "经济增速" is "地区生产总值增长" in the report's words (terms.report_words).
    text = _report_line("002.txt", 21)
    query = analyse("天津去年经济增速是多少?", lambda t: {"天津市"} if "天津" in t else set())
    scorer = SpanScorer(query, [text])
    best = scorer.best(text)
    assert best is not None and best.answers and "4.8%" in best.span.text
    assert "4.8%" in trim(text, scorer, 150, best)


def test_clean_excerpt_turns_brackets_that_look_like_markers() -> None:
    assert clean_excerpt("见[1]和【字号】  两处") == "见〔1〕和〔字号〕 两处"


def test_a_question_about_this_years_target_gets_the_targets_first() -> None:
    # the 2026 Tianjin report (../shared/corpus/gov-reports/002.txt): its review of 2025 shares more words with
    # the question than its targets for 2026 do
    review = "惠民政策有序实施，发放就业创业补贴13亿元，新增城镇就业岗位32.7万人。"
    targets = "今年经济社会发展主要预期目标是：地区生产总值增长4.5%，城镇新增就业28万人；居民消费价格涨幅2%左右。"
    hits = [Hit(Passage(d, "002.txt", "2026年天津市政府工作报告", "天津市", 2025, "", t, 0, len(t)), n, 1.0)
            for n, (d, t) in enumerate((("review", review), ("targets", targets)), start=1)]
    asked = analyse("天津今年（2026年）打算新增多少城镇就业岗位?")
    chosen = select_passages(asked, hits, SpanScorer(asked, [h.passage.text for h in hits]), 3, 150)
    assert chosen[0].hit.passage.doc_id == "targets"
    last_year = analyse("天津去年（2025年）新增了多少城镇就业岗位?")  # no target asked: the words decide
    chosen = select_passages(last_year, hits, SpanScorer(last_year, [h.passage.text for h in hits]), 3, 150)
    assert chosen[0].hit.passage.doc_id == "review"


def test_a_question_about_the_reviewed_year_ranks_its_result_above_next_year_s_target() -> None:
    # The 2026 Jiangxi report (014.txt). In the bench index the search and the meaning scores put the 2026 plan
    # ("粮食总产436亿斤以上") above the review of 2025 ("粮食总产达446.1亿斤"), and a small model answers from the
    # first passage: the kind asked (a result of the year the report reviews) moves each by KIND_BONUS.
    plan, review = _report_line("014.txt", 68), _report_line("014.txt", 25)
    hits = {d: Hit(Passage(d, "014.txt", "2026年江西省政府工作报告", "江西省", 2025, "", t, 0, len(t)), 1, 1.0)
            for d, t in (("plan", plan), ("review", review))}
    asked = analyse("江西去年（2025年）粮食一共打了多少斤?")
    scorer = SpanScorer(asked, [plan, review])
    agreement = {d: _kind_agreement(asked, hit, scorer.best(hit.passage.text)) for d, hit in hits.items()}
    assert agreement == {"plan": -1, "review": 1}
    chosen = select_passages(asked, list(hits.values()), scorer, 3, 150)
    assert chosen[0].hit.passage.doc_id == "review" and "446.1亿斤" in chosen[0].excerpt
    undated = analyse("江西粮食一共打了多少斤?")  # no year asked: the words decide
    assert _kind_agreement(undated, hits["plan"], SpanScorer(undated, [plan]).best(plan)) == 0


def test_the_relative_floor_decides_whether_a_weaker_second_passage_is_quoted() -> None:
    query = analyse("行政复议申请有多少件?")
    hits = [_hit("a", "全年共收到行政复议申请26件,办结24件。"), _hit("b", "行政复议工作规范开展。", rank=2)]
    scorer = SpanScorer(query, [h.passage.text for h in hits])
    ranked = select_passages(query, hits, scorer, 3, 150, relative_floor=0.0)
    assert [p.hit.passage.doc_id for p in ranked] == ["a", "b"]
    share = ranked[1].relevance / ranked[0].relevance  # the second passage's relevance, as a share of the first's
    assert 0 < share < 1
    below = select_passages(query, hits, scorer, 3, 150, relative_floor=share + 0.01)
    at = select_passages(query, hits, scorer, 3, 150, relative_floor=share - 0.01)
    assert [p.hit.passage.doc_id for p in below] == ["a"] and [p.hit.passage.doc_id for p in at] == ["a", "b"]
