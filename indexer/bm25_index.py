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
from dataclasses import dataclass
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
    """bm25s's BM25 (Lucene variant, k1 1.5, b 0.75), stored as one 8-bit code per (term, passage) posting.

    bm25s keeps a float32 score and an int32 passage position per posting, 8 B; the lists here keep the
    position and a code, 5 B, with one float32 scale per term (score ≈ code × scale, codes 1–255, the term's
    best score at 255). At 10⁶ passages of ~205 distinct terms that is 1.0 GB instead of 1.6 GB in the search
    process. Measured against the float32 scores: the same dev-set MRR, top-10 overlap in docs/benchmarks.md.
    An index saved by an earlier version (bm25s's own files, float32 scores) is still read as it is.
    """

    FOLDER = "bm25"

    def __init__(self, postings: Postings, vocab: dict[str, int], chunk_ids: np.ndarray) -> None:
        self.postings = postings
        self.vocab = vocab
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
        if not corpus:
            return cls(Postings.empty(), {}, np.zeros(0, np.int64))
        retriever = bm25s.BM25()
        retriever.index((corpus, vocab), show_progress=False)
        del corpus
        scores = retriever.scores
        postings = Postings.quantised(scores["indptr"], scores["indices"], scores["data"])
        return cls(postings, vocab, np.asarray(chunk_ids, np.int64))

    @classmethod
    def load(cls, folder: Path) -> BM25Index:
        target = folder / cls.FOLDER
        ids = np.asarray(json.loads((target / "chunk_ids.json").read_text()), np.int64)
        if not len(ids):
            return cls(Postings.empty(), {}, ids)
        if (target / LEGACY_SCORES).exists():  # saved by bm25s before the 8-bit codes: float32 scores, scale 1
            vocab = json.loads((target / "vocab.index.json").read_text(encoding="utf-8"))
            scores = np.load(target / LEGACY_SCORES)
            postings = Postings(np.load(target / "indptr.csc.index.npy"), np.load(target / "indices.csc.index.npy"),
                                scores, np.ones(len(vocab), np.float32))
            return cls(postings, vocab, ids)
        vocab = json.loads((target / "vocab.json").read_text(encoding="utf-8"))
        return cls(Postings(*(np.load(target / f"{name}.npy") for name in Postings.FIELDS)), vocab, ids)

    def save(self, folder: Path) -> None:
        target = folder / self.FOLDER
        target.mkdir(parents=True, exist_ok=True)
        if len(self.chunk_ids):
            for name in Postings.FIELDS:
                np.save(target / f"{name}.npy", getattr(self.postings, name))
            (target / "vocab.json").write_text(json.dumps(self.vocab, ensure_ascii=False), encoding="utf-8")
        (target / "chunk_ids.json").write_text(json.dumps(self.chunk_ids.tolist()))

    def scores(
        self, normalised_query: str, allowed_ids: np.ndarray | None = None, limit: int | None = None
    ) -> tuple[np.ndarray, np.ndarray]:
        """(chunk_ids, scores) of the chunks with a positive score, best first; the best ``limit`` if given."""
        terms = [self.vocab[t] for t in tokenize(normalised_query) if t in self.vocab]  # repeats count again
        if not len(self.chunk_ids) or not terms:
            return np.zeros(0, np.int64), np.zeros(0, np.float32)
        scores = self.postings.sum_scores(terms, len(self.chunk_ids))
        if allowed_ids is not None:
            allowed = np.asarray(allowed_ids, np.int64)
            found = np.minimum(np.searchsorted(self._sorted_ids, allowed), len(self.chunk_ids) - 1)
            mask = np.zeros(len(self.chunk_ids), bool)
            mask[self._by_id[found[self._sorted_ids[found] == allowed]]] = True
            scores[~mask] = 0
        candidates = np.flatnonzero(scores > 0)
        if limit is not None and len(candidates) > limit:  # a full sort of 10^6 scores costs ~80 ms
            kth = -np.partition(-scores[candidates], limit - 1)[limit - 1]
            above = candidates[scores[candidates] > kth]
            tied = candidates[scores[candidates] == kth][: limit - len(above)]  # first by position, as a full sort
            candidates = np.concatenate([above, tied])
        order = candidates[np.argsort(-scores[candidates], kind="stable")]
        return self.chunk_ids[order], scores[order]


LEGACY_SCORES = "data.csc.index.npy"


@dataclass(frozen=True)
class Postings:
    """Per term (column), the passages holding it and their scores: CSC lists, as bm25s builds them."""

    FIELDS = ("indptr", "positions", "codes", "scales")

    indptr: np.ndarray  # int64, terms + 1: term t's postings are [indptr[t], indptr[t + 1])
    positions: np.ndarray  # int32 passage positions, ascending within a term
    codes: np.ndarray  # uint8 codes (float32 scores in a legacy index)
    scales: np.ndarray  # float32, one a term: score = code × scale

    @classmethod
    def empty(cls) -> Postings:
        return cls(np.zeros(1, np.int64), np.zeros(0, np.int32), np.zeros(0, np.uint8), np.zeros(0, np.float32))

    @classmethod
    def quantised(cls, indptr: np.ndarray, positions: np.ndarray, scores: np.ndarray) -> Postings:
        """8-bit codes of positive ``scores`` (float32, overwritten): each term's best score is 255, none is 0."""
        counts = np.diff(indptr)
        firsts = np.minimum(indptr[:-1], max(len(scores) - 1, 0))
        best = np.where(counts > 0, np.maximum.reduceat(scores, firsts), 1.0) if len(scores) else np.ones(len(counts))
        scales = (np.asarray(best, np.float32) / 255).astype(np.float32)
        np.divide(scores, np.repeat(scales, counts), out=scores)  # in place: 4 B a posting, ~0.8 GB at 10⁶
        np.clip(np.rint(scores, out=scores), 1, 255, out=scores)  # a matching passage keeps a positive score
        codes = scores.astype(np.uint8)
        return cls(np.asarray(indptr, np.int64), np.asarray(positions, np.int32), codes, scales)

    def sum_scores(self, terms: list[int], n_passages: int) -> np.ndarray:
        """Every passage's score for ``terms`` (a term listed twice counts twice, as in bm25s), float32.

        Term by term: a term lists a passage once, so a plain indexed ``+=`` adds right, and only one list's
        weights exist at a time (all of a query's lists at once, for ``np.bincount``, peaked at +240 MB at 10⁶).
        """
        scores = np.zeros(n_passages, np.float32)
        for term in terms:
            begin, end = self.indptr[term], self.indptr[term + 1]
            scores[self.positions[begin:end]] += self.codes[begin:end] * self.scales[term]
        return scores
