"""Hybrid search: fusion on hand-made rankings, then the real seed index (scripts, filters, region naming)."""

from __future__ import annotations

import numpy as np
import pytest
from opencc import OpenCC

from retrieval.errors import RetrievalError
from retrieval.search import HybridSearcher, fuse
from retrieval.service import Retrieval


@pytest.fixture()
def retrieval(store_retrieval: Retrieval) -> Retrieval:
    """Every search test here runs on each store backend (FAISS and Milvus)."""
    return store_retrieval


TRADITIONAL_SEED = "002_59c7d4ea9493623a.txt"


def test_fusion_sums_weighted_reciprocal_ranks() -> None:
    fused = fuse([(1.0, np.array([7, 8, 9])), (2.0, np.array([9, 7]))], rrf_k=10)
    assert fused[7] == pytest.approx(1 / 11 + 2 / 12)
    assert fused[8] == pytest.approx(1 / 12)
    assert fused[9] == pytest.approx(1 / 13 + 2 / 11)
    assert sorted(fused, key=lambda i: -fused[i]) == [9, 7, 8]  # agreement beats one first place


def test_fusion_weights_and_constant_decide_the_order() -> None:
    dense, bm25 = np.array([1, 2]), np.array([2, 1])
    assert max(fuse([(1.0, dense), (1.0, bm25)], 10).values()) == pytest.approx(1 / 11 + 1 / 12)
    heavier_bm25 = fuse([(1.0, dense), (3.0, bm25)], 10)
    assert heavier_bm25[2] > heavier_bm25[1]
    flat = fuse([(1.0, np.array([1, 2]))], rrf_k=1000)
    assert flat[1] / flat[2] == pytest.approx(1002 / 1001)  # a large constant flattens the rank curve
    assert fuse([], 10) == {} and fuse([(1.0, np.array([], np.int64))], 10) == {}


def test_simplified_query_finds_traditional_report(retrieval: Retrieval) -> None:
    hits = retrieval.search("仲恺高新区常务会学法制度", top_k=5)
    assert hits[0].passage.source.endswith(TRADITIONAL_SEED)
    assert "學法" in hits[0].passage.text  # the passage is returned in its original (Traditional) script


def test_traditional_query_finds_simplified_report(retrieval: Retrieval) -> None:
    query = OpenCC("s2t").convert("通城县健全完善府院联席会议制度")
    assert query != "通城县健全完善府院联席会议制度"
    hits = retrieval.search(query, top_k=5)
    assert any("府院联席会议" in h.passage.text and h.passage.region == "通城县" for h in hits)


@pytest.mark.parametrize("mode", ["dense", "bm25", "hybrid"])
def test_each_retriever_finds_an_exact_figure(retrieval: Retrieval, mode: str) -> None:
    hits = retrieval.search("长治市建立了多少个行政立法基层联系点?", top_k=5, mode=mode)
    assert any("33个行政立法基层联系点" in h.passage.text for h in hits)


def test_filters_restrict_every_hit(retrieval: Retrieval) -> None:
    by_region = retrieval.search("行政复议", top_k=10, filters=retrieval.filters(regions=["殷都区"]))
    assert by_region and {h.passage.region for h in by_region} == {"殷都区"}
    by_alias = retrieval.search("行政复议", top_k=10, filters=retrieval.filters(regions=["朝天区"]))
    assert by_alias and {h.passage.region for h in by_alias} == {"广元市朝天区"}
    by_year = retrieval.search("法治政府建设", top_k=10, filters=retrieval.filters(years=[2021]))
    assert by_year and {h.passage.year for h in by_year} == {2021}
    doc_id = by_year[0].passage.doc_id
    by_doc = retrieval.search("行政执法", top_k=10, filters=retrieval.filters(doc_ids=[doc_id]))
    assert by_doc and {h.passage.doc_id for h in by_doc} == {doc_id}
    assert retrieval.search("行政复议", filters=retrieval.filters(regions=["火星市"])) == []


def test_naming_a_region_prefers_its_report(retrieval: Retrieval) -> None:
    for region, expected in (("殷都区", "殷都区"), ("通城县", "通城县"), ("朝天区", "广元市朝天区")):
        hits = retrieval.search(f"{region}怎样加强行政执法监督?", top_k=3)
        assert hits[0].passage.region == expected, (region, [h.passage.region for h in hits])


def test_fusion_is_reciprocal_rank(retrieval: Retrieval) -> None:
    searcher: HybridSearcher = retrieval.searcher
    k = searcher.settings.rrf_k
    fused = searcher.fuse([(1.0, np.array([7, 8])), (2.0, np.array([8, 9]))])
    assert fused[7] == pytest.approx(1 / (k + 1))
    assert fused[8] == pytest.approx(1 / (k + 2) + 2 / (k + 1))
    assert fused[9] == pytest.approx(2 / (k + 2))


def test_similar_from_passage_returns_other_documents(retrieval: Retrieval) -> None:
    seed = retrieval.search("府院联席会议制度", top_k=1)[0]
    similar = retrieval.similar.from_passage(seed.passage.source, seed.passage.start, seed.passage.end, top_k=4)
    assert similar and all(h.passage.doc_id != seed.passage.doc_id for h in similar)
    assert len({h.passage.doc_id for h in similar}) == len(similar)
    two_each = retrieval.similar.from_passage(seed.passage.doc_id, seed.passage.start, seed.passage.end, top_k=6,
                                              per_document=2)
    counts = {d: sum(h.passage.doc_id == d for h in two_each) for d in {h.passage.doc_id for h in two_each}}
    assert max(counts.values()) <= 2 and seed.passage.doc_id not in counts


def test_similar_from_free_text(retrieval: Retrieval) -> None:
    hits = retrieval.similar.from_text("推行柔性执法和轻微违法行为免予处罚清单", top_k=3)
    assert any("免予处罚" in h.passage.text or "免罚" in h.passage.text or "柔性执法" in h.passage.text for h in hits)


def test_bad_input_is_explained(retrieval: Retrieval) -> None:
    with pytest.raises(RetrievalError, match="empty"):
        retrieval.search("   ")
    seed = retrieval.search("行政复议", top_k=1)[0]
    with pytest.raises(RetrievalError, match="outside the document"):
        retrieval.similar.from_passage(seed.passage.source, 0, 10**9)
    with pytest.raises(RetrievalError, match="not in the index"):
        retrieval.similar.from_passage("no/such/file.txt", 0, 5)
