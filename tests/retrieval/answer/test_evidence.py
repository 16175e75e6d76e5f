"""Stage 2 of an answer: which passages a question is answered from (the year asked, the region or report
named, the scope a refusal names). Hand-made hits for the year rule, the real seed index for the searches."""

from __future__ import annotations

from config import AnswerSettings
from retrieval.answer.evidence import facet_filter, from_hits, gather, retrieve, scope_of, year_filter
from retrieval.answer.query import analyse
from retrieval.search import Filters
from retrieval.service import Retrieval
from retrieval.types import Hit, Passage

SETTINGS = AnswerSettings(meaning_weight=0)  # shared words only: no model needed for the hand-made hits


def _hit(doc_id: str, text: str, year: int | None, title: str = "报告", rank: int = 1) -> Hit:
    return Hit(Passage(doc_id, f"{doc_id}.txt", title, "朝天区", year, "", text, 0, len(text)), rank, 1.0)


def test_passages_not_about_the_year_asked_are_dropped() -> None:
    query = analyse("朝天区2023年收到多少件行政复议申请?")
    hits = [
        _hit("y2024", "全年共收到行政复议申请26件。", 2024, rank=1),
        _hit("y2023", "全年共收到行政复议申请19件。", 2023, rank=2),
        _hit("text", "2023年共收到行政复议申请19件。", 2024, rank=3),  # the year in its text counts
        _hit("title", "共收到行政复议申请19件。", None, title="2023年法治政府建设报告", rank=4),  # …and in its title
    ]
    evidence = from_hits(query, hits, ["报告"], SETTINGS)
    assert [h.passage.doc_id for h in evidence.hits] == ["y2023", "text", "title"]
    assert "y2024" not in {p.hit.passage.doc_id for p in evidence.passages}
    assert [p.n for p in evidence.passages] == list(range(1, len(evidence.passages) + 1))
    assert evidence.scope == ["报告"] and evidence.query is query


def test_without_a_year_every_passage_stays_and_the_best_is_quoted_first() -> None:
    query = analyse("朝天区收到多少件行政复议申请?")
    hits = [_hit("a", "全年开展普法宣传活动多次。", 2024), _hit("b", "全年共收到行政复议申请26件。", 2023, rank=2)]
    evidence = from_hits(query, hits, [], SETTINGS)
    assert [h.passage.doc_id for h in evidence.hits] == ["a", "b"]
    assert evidence.passages[0].hit.passage.doc_id == "b" and "26件" in evidence.passages[0].excerpt
    assert evidence.scorer.best(hits[1].passage.text) is not None  # the scorer is the one extractive answers reuse


def test_a_named_region_restricts_the_search_and_the_scope(retrieval: Retrieval) -> None:
    query = analyse("朝天区收到多少件行政复议申请?", retrieval.index.regions.regions_in)
    hits, scope = retrieve(retrieval, query, Filters(), 8)
    assert hits and {h.passage.region for h in hits} == {"广元市朝天区"}
    chaotian = [d.title for d in retrieval.documents() if d.region == "广元市朝天区"]
    assert scope == chaotian


def test_without_a_region_everything_is_searched(retrieval: Retrieval) -> None:
    query = analyse("府院联动机制", retrieval.index.regions.regions_in)
    hits, scope = retrieve(retrieval, query, Filters(), 8)
    assert len({h.passage.doc_id for h in hits}) > 1
    assert len(scope) == len(retrieval.documents())


def test_given_filters_win_over_what_the_question_names(retrieval: Retrieval) -> None:
    tongcheng = next(d for d in retrieval.documents() if d.region == "通城县")
    query = analyse("朝天区收到多少件行政复议申请?", retrieval.index.regions.regions_in)
    hits, scope = retrieve(retrieval, query, Filters(doc_ids=(tongcheng.doc_id,)), 5)
    assert hits and {h.passage.doc_id for h in hits} == {tongcheng.doc_id}
    assert scope == [tongcheng.title]


def test_year_filter_takes_the_reports_delivered_that_year_else_those_covering_it(retrieval: Retrieval) -> None:
    ids = {d.region: d.doc_id for d in retrieval.documents()}
    # titled 2023年度… (仲恺, 通城县); 长治市's report covers 2023 too, but its title names no year
    assert set(year_filter(retrieval, 2023).doc_ids) == {ids["仲恺高新区"], ids["通城县"]}
    assert year_filter(retrieval, 2023, ("长治市",)).doc_ids == (ids["长治市"],)  # no title of 2023 there
    assert not year_filter(retrieval, 1999)  # no report of that year: no filter (the caller searches all)
    assert facet_filter(retrieval, "region", "通城县") == Filters(regions=("通城县",))
    assert facet_filter(retrieval, "year", 2023) == year_filter(retrieval, 2023)


def test_scope_lists_the_titles_the_filters_allow(retrieval: Retrieval) -> None:
    documents = retrieval.documents()
    titles = {d.region: d.title for d in documents}
    assert scope_of(retrieval, Filters()) == [d.title or d.source for d in documents]
    assert scope_of(retrieval, Filters(regions=("朝天区",))) == [titles["广元市朝天区"]]  # as users type it
    assert sorted(scope_of(retrieval, Filters(years=(2023,)))) == sorted(
        titles[r] for r in ("仲恺高新区", "通城县", "长治市")
    )


def test_gather_quotes_the_named_regions_passage(retrieval: Retrieval) -> None:
    query = analyse("朝天区2024年收到多少件行政复议申请?", retrieval.index.regions.regions_in)
    evidence = gather(retrieval, query, Filters(), AnswerSettings())  # with the model: meaning counts too
    assert evidence.passages and all(p.hit.passage.region == "广元市朝天区" for p in evidence.passages)
    assert any("26件" in p.excerpt for p in evidence.passages)



def test_for_a_count_in_one_unit_the_excerpt_reaches_a_figure_in_that_unit(retrieval: Retrieval) -> None:
    # "几期" is answered by "全年共制作在线访谈7期". The sentences before it count 件 (the mailbox's "按时办结161件")
    # and share more words with the question; while any figure earned a clause the same bonus, the excerpt grew
    # towards them and stopped one sentence short of the answer.
    query = analyse("朝天区政府网站上做过几期网上访谈节目?", retrieval.index.regions.regions_in)
    evidence = gather(retrieval, query, Filters(), AnswerSettings())
    assert "在线访谈7期" in evidence.passages[0].excerpt


def test_a_chief_executive_named_instead_of_hong_kong_restricts_the_search_to_its_reports(
        corpus_sample_index, indexer_settings, embedder) -> None:
    """"董建华说…" names Hong Kong by who delivered its reports; the policy address (1999, Traditional) is then
    the only report searched, and its "老有所養" is quoted."""
    retrieval = Retrieval.open(corpus_sample_index, indexer_settings, embedder=embedder)
    query = analyse("董建华说照顾老人要做到哪几个“老有”?", retrieval.index.regions.regions_in)
    assert query.regions == ("香港特别行政区",)
    evidence = gather(retrieval, query, Filters(), AnswerSettings())
    hong_kong = [d.title for d in retrieval.documents() if d.region == "香港特别行政区"]
    assert evidence.scope == hong_kong and {h.passage.region for h in evidence.hits} == {"香港特别行政区"}
    assert "老有所養" in evidence.passages[0].excerpt
