"""Passage vectors for a build: reused from the checkpoint, or encoded in batches cut by token count.

The builder hands over the passages of several files at once (a pool of ``embedding_pool_size`` or more,
indexer/pipeline.py). The ones an earlier, killed build already committed come from the checkpoint
(indexer/embedding_checkpoint.py); identical ones are encoded once; the rest are sorted by token count,
longest first, and cut into batches of ``embedding_batch_size``, each committed to the checkpoint as soon as
it is encoded, so a build killed at any moment loses at most the batch in flight.

Why sort a pool by tokens: a batch computes every layer at its longest passage's length in every row. On the
50 reports, batches of 16 cut per file from passages sorted by characters computed 16 % more tokens than the
passages hold; cut from pools of 512 passages sorted by token count, 2 % (docs/benchmarks.md, issue 12).
"""

from __future__ import annotations

import numpy as np

from indexer.embedding import Embedder
from indexer.embedding_checkpoint import EmbeddingCheckpoint, text_key
from indexer.progress import ProgressTracker


def token_sorted_batches(token_counts: list[int], batch_size: int) -> list[list[int]]:
    """Positions cut into batches of ``batch_size``, most tokens first (ties keep their order)."""
    order = sorted(range(len(token_counts)), key=lambda i: -token_counts[i])
    return [order[begin : begin + batch_size] for begin in range(0, len(order), batch_size)]


class PassageVectors:
    def __init__(self, embedder: Embedder, checkpoint: EmbeddingCheckpoint, batch_size: int) -> None:
        self.embedder = embedder
        self.checkpoint = checkpoint
        self.batch_size = batch_size

    def vectors(self, texts: list[str], tracker: ProgressTracker) -> np.ndarray:
        """One row per text, in order; the tracker hears of every batch committed."""
        if not texts:
            return np.zeros((0, 0), np.float32)
        keys = [text_key(text) for text in texts]
        known = self.checkpoint.get(list(dict.fromkeys(keys)))
        missing = {key: text for key, text in zip(keys, texts, strict=True) if key not in known}
        tracker.passages(0, len(texts) - len(missing), 0.0)
        missing_keys, missing_texts = list(missing), list(missing.values())
        done = 0
        for rows in token_sorted_batches(self.embedder.document_token_counts(missing_texts), self.batch_size):
            batch = [missing_keys[row] for row in rows]
            vectors = self.embedder.encode_documents([missing_texts[row] for row in rows])
            self.checkpoint.put(batch, vectors)
            known.update(zip(batch, vectors, strict=True))
            done += len(batch)
            tracker.passages(len(batch), 0, done / len(missing))
        return np.vstack([known[key] for key in keys])
