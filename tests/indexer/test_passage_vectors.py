"""Build-time passage vectors: batches cut by token count, each committed to the checkpoint; the real model."""

from __future__ import annotations

import itertools
import re
from contextlib import closing
from pathlib import Path

import numpy as np
import pytest

from indexer.embedding import Embedder
from indexer.embedding_checkpoint import EmbeddingCheckpoint
from indexer.passage_vectors import PassageVectors, token_sorted_batches
from indexer.progress import ProgressTracker
from tests.paths import SEEDS


def test_batches_are_cut_from_positions_sorted_by_token_count() -> None:
    assert token_sorted_batches([3, 9, 5, 9, 1], 2) == [[1, 3], [2, 0], [4]]
    assert token_sorted_batches([], 16) == []


def _seed_passages(count: int) -> list[str]:
    """Real report sentences of very different lengths, in file order (not sorted)."""
    text = (SEEDS / "000_7d2528075ee80db9.txt").read_text(encoding="utf-8")
    passages = list(dict.fromkeys(s.strip() for s in re.split(r"[。\n]", text) if len(s.strip()) >= 8))
    assert len(passages) >= count
    return passages[:count]


def test_batches_follow_token_counts_and_each_is_checkpointed(
    embedder: Embedder, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    texts = _seed_passages(40)
    texts += texts[:3]  # duplicates are encoded once
    reference = embedder.encode_documents(texts)
    batches: list[list[str]] = []
    committed: list[int] = []
    encode = embedder.encode_documents

    with closing(EmbeddingCheckpoint(tmp_path, embedder.model_id, embedder.runtime)) as checkpoint:

        def spy(batch: list[str], show_progress: bool = False) -> np.ndarray:
            committed.append(len(checkpoint))  # what was committed before this batch started
            batches.append(batch)
            return encode(batch)

        monkeypatch.setattr(embedder, "encode_documents", spy)
        vectors = PassageVectors(embedder, checkpoint, batch_size=8).vectors(texts, ProgressTracker([1], None))

        assert [len(batch) for batch in batches] == [8, 8, 8, 8, 8]  # 40 distinct passages
        counts = [embedder.document_token_counts(batch) for batch in batches]
        assert all(min(earlier) >= max(later) for earlier, later in itertools.pairwise(counts))
        distinct = texts[:40]
        by_characters = sorted(distinct, key=len, reverse=True)
        assert [set(batch) for batch in batches] != [set(by_characters[i : i + 8]) for i in range(0, 40, 8)]
        assert committed == [0, 8, 16, 24, 32] and len(checkpoint) == 40  # every batch committed as it finished
        assert vectors.shape == reference.shape
        assert np.allclose(vectors, reference, atol=1e-4)  # same vectors as one call, rows in the input's order

        batches.clear()
        again = PassageVectors(embedder, checkpoint, batch_size=8).vectors(texts[::-1], ProgressTracker([1], None))
        assert batches == [] and np.array_equal(again, vectors[::-1])  # all from the checkpoint


def test_token_counts_include_the_prompt_and_the_truncation(embedder: Embedder) -> None:
    short, long = "依法行政", "依法行政。" * 400
    counts = embedder.document_token_counts([short, long])
    assert 4 <= counts[0] < 16  # "passage: " + four characters, with the special tokens
    assert counts[1] == min(embedder.settings.max_seq_length, 512)
    assert embedder.document_token_counts([]) == []
