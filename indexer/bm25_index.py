"""Lexical search: bm25s over jieba tokens of the normalised (NFKC, Simplified) text.

Because documents and queries are both converted to Simplified script before tokenising, a query in
either script matches text in either.
"""

from __future__ import annotations

import json
import logging
import re
from array import array
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

import numpy as np

_WORD = re.compile(r"[\w\u4e00-\u9fff]")  # tokens made only of punctuation or spaces carry no meaning
_CJK_RUN = re.compile(r"[\u4e00-\u9fff]{2,}")


@lru_cache(maxsize=1)
def jieba():
    """jieba, its dictionary loaded once per process (and its loading chatter silenced)."""
    import jieba as module

    module.setLogLevel(logging.WARNING)
    module.initialize()
    return module


def tokenize(normalised_text: str) -> list[str]:
    """jieba search-mode tokens (words and sub-words) plus the character bigrams of every CJK run.

    Bigrams catch what jieba segments differently in question and report ("复议案件" vs "复议/案件");
    measured: dev set MRR 0.870 → 0.882, CMRC2018 sentence BM25 hit@1 0.587 → 0.618 (docs/benchmarks.md).
    """
    words = [t.lower() for t in jieba().cut_for_search(normalised_text) if _WORD.search(t)]
    bigrams = [run[i : i + 2] for run in _CJK_RUN.findall(normalised_text) for i in range(len(run) - 1)]
    return words + bigrams


class BM25Index:
    FOLDER = "bm25"

    def __init__(self, retriever: object, chunk_ids: np.ndarray) -> None:
        self.retriever = retriever
        self.chunk_ids = chunk_ids  # position in the BM25 corpus -> chunk id
        self._by_id = np.argsort(chunk_ids, kind="stable")  # positions in chunk id order, for filter masks
        self._sorted_ids = chunk_ids[self._by_id]

    @classmethod
    def build(cls, chunk_ids: list[int], normalised_texts: Iterable[str]) -> BM25Index:
        """Tokens become vocabulary ids passage by passage (4 B a token in an ``array``), not lists of str.

        A list of jieba's str tokens costs ~85 B a token (estimated), ~30 kB a passage: ~30 GB at 10^6 passages.
        """
        import bm25s

        vocab: dict[str, int] = {}
        corpus = [array("i", [vocab.setdefault(t, len(vocab)) for t in tokenize(text) or ["∅"]])
                  for text in normalised_texts]
        retriever = bm25s.BM25()
        if corpus:
            retriever.index((corpus, vocab), show_progress=False)
        return cls(retriever, np.asarray(chunk_ids, np.int64))

    @classmethod
    def load(cls, folder: Path) -> BM25Index:
        import bm25s

        target = folder / cls.FOLDER
        ids = np.asarray(json.loads((target / "chunk_ids.json").read_text()), np.int64)
        retriever = bm25s.BM25.load(str(target)) if len(ids) else bm25s.BM25()
        return cls(retriever, ids)

    def save(self, folder: Path) -> None:
        target = folder / self.FOLDER
        target.mkdir(parents=True, exist_ok=True)
        if len(self.chunk_ids):
            self.retriever.save(str(target))
        (target / "chunk_ids.json").write_text(json.dumps(self.chunk_ids.tolist()))

    def scores(
        self, normalised_query: str, allowed_ids: np.ndarray | None = None, limit: int | None = None
    ) -> tuple[np.ndarray, np.ndarray]:
        """(chunk_ids, scores) of the chunks with a positive score, best first; the best ``limit`` if given."""
        if not len(self.chunk_ids):
            return np.zeros(0, np.int64), np.zeros(0, np.float32)
        vocab = self.retriever.vocab_dict
        tokens = [t for t in tokenize(normalised_query) if t in vocab]
        if not tokens:
            return np.zeros(0, np.int64), np.zeros(0, np.float32)
        mask = None
        if allowed_ids is not None:
            allowed = np.asarray(allowed_ids, np.int64)
            found = np.minimum(np.searchsorted(self._sorted_ids, allowed), len(self.chunk_ids) - 1)
            mask = np.zeros(len(self.chunk_ids), np.float32)
            mask[self._by_id[found[self._sorted_ids[found] == allowed]]] = 1.0
        scores = np.asarray(self.retriever.get_scores(tokens, weight_mask=mask), np.float32)
        candidates = np.flatnonzero(scores > 0)
        if limit is not None and len(candidates) > limit:  # a full sort of 10^6 scores costs ~80 ms
            kth = -np.partition(-scores[candidates], limit - 1)[limit - 1]
            above = candidates[scores[candidates] > kth]
            tied = candidates[scores[candidates] == kth][: limit - len(above)]  # first by position, as a full sort
            candidates = np.concatenate([above, tied])
        order = candidates[np.argsort(-scores[candidates], kind="stable")]
        return self.chunk_ids[order], scores[order]
