"""The 相似举措 page groups similar passages by region, regions in the order of their best passage."""

from __future__ import annotations

from retrieval.types import Hit, Passage
from ui.similar import group_by_region


def _hit(region: str | None, rank: int) -> Hit:
    return Hit(Passage(f"d{rank}", "a.txt", "报告", region, 2024, "", "正文", 0, 2), rank, 1.0 / rank)


def test_regions_in_the_order_of_their_best_passage_and_ranks_kept_inside() -> None:
    hits = [_hit("通城县", 1), _hit("长治市", 2), _hit("通城县", 3), _hit(None, 4)]
    groups = group_by_region(hits)
    assert [region for region, _ in groups][:2] == ["通城县", "长治市"]
    assert [h.rank for h in groups[0][1]] == [1, 3]
    assert len(groups) == 3 and groups[2][1] == [hits[3]]  # a passage without a region gets its own group
