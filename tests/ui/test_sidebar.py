"""The active filters in words, as refusals and empty results name them."""

from __future__ import annotations

from retrieval.search import Filters
from ui.sidebar import describe_filters
from ui.state import Controls


def test_filters_in_words() -> None:
    assert describe_filters(Controls()) == "全部报告"
    controls = Controls(filters=Filters(regions=("朝天区",), years=(2024,), doc_ids=("d1", "d2")))
    assert describe_filters(controls, {"d1": "朝天区报告"}) == "朝天区、2024年、《朝天区报告》、《d2》"
