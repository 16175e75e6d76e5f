"""The passage types: one frozen Passage inside Hit and Citation, flat JSON, no second copy of its fields."""

from __future__ import annotations

import dataclasses

import pytest

from retrieval.answer.types import Citation
from retrieval.types import Hit, Passage

PASSAGE = Passage("d1", "seeds/a.txt", "朝天区报告", "广元市朝天区", 2024, "一、总体", "收到申请26件。", 10, 18)


def test_hit_json_is_the_cli_contract() -> None:
    hit = Hit(PASSAGE, rank=1, score=0.5, chunk_id=7)
    assert hit.to_json() == {
        "rank": 1, "score": 0.5, "doc_id": "d1", "source": "seeds/a.txt", "title": "朝天区报告",
        "region": "广元市朝天区", "year": 2024, "section": "一、总体", "text": "收到申请26件。", "start": 10, "end": 18,
    }


def test_citation_json_adds_number_and_support_span() -> None:
    citation = Citation.from_hit(2, Hit(PASSAGE, 1, 0.5), 12, 18)
    data = citation.to_json()
    assert list(data)[:2] == ["n", "doc_id"] and data["support_start"] == 12 and data["text"] == PASSAGE.text
    assert citation.passage is PASSAGE


def test_passages_are_frozen_and_hits_hold_no_copy_of_their_fields() -> None:
    hit = Hit(PASSAGE, 1, 0.5)
    citation = Citation.from_hit(1, hit, 10, 18)
    with pytest.raises(dataclasses.FrozenInstanceError):
        PASSAGE.text = "x"  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        hit.passage = PASSAGE  # type: ignore[misc]
    # the passage's fields are read through it: no flat shortcuts that could drift from it
    for holder in (hit, citation):
        for name in ("doc_id", "text", "start", "end", "region"):
            assert not hasattr(holder, name), (type(holder).__name__, name)
