"""BM25 tokens and the lexical index: jieba words plus CJK bigrams, filters, save and load (real bm25s)."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from indexer.bm25_index import BM25Index, tokenize

TEXTS = ["朝天区收到行政复议申请26件", "通城县推行综合查一次改革", "行政执法规范化建设持续推进"]


def test_tokens_are_words_and_bigrams_without_punctuation() -> None:
    tokens = tokenize("复议案件,共26件。")
    assert "复议" in tokens and "案件" in tokens  # jieba words
    assert "议案" in tokens  # a bigram across jieba's word boundary
    assert "26" in tokens and "," not in tokens and "。" not in tokens
    assert tokenize("ABC Def") == ["abc", "def"]  # lower-cased Latin words, no bigrams


def test_scores_rank_matching_passages_and_respect_filters() -> None:
    index = BM25Index.build([11, 12, 13], TEXTS)
    ids, scores = index.scores("行政复议申请")
    assert ids[0] == 11 and np.all(np.diff(scores) <= 0) and np.all(scores > 0)
    ids, _ = index.scores("行政", allowed_ids=np.array([13]))
    assert list(ids) == [13]
    ids, _ = index.scores("完全无关的词语")
    assert len(ids) == 0


def test_save_and_load(tmp_path: Path) -> None:
    index = BM25Index.build([11, 12, 13], TEXTS)
    index.save(tmp_path)
    loaded = BM25Index.load(tmp_path)
    for a, b in zip(index.scores("综合查一次"), loaded.scores("综合查一次"), strict=True):
        assert np.array_equal(a, b)


def test_an_empty_index_scores_nothing(tmp_path: Path) -> None:
    index = BM25Index.build([], [])
    index.save(tmp_path)
    ids, scores = BM25Index.load(tmp_path).scores("行政")
    assert len(ids) == 0 and len(scores) == 0


def test_limit_and_filter_on_unordered_chunk_ids() -> None:
    index = BM25Index.build([30, 10, 20], TEXTS)  # ids need not be ascending
    ids, scores = index.scores("行政执法", limit=1)
    assert list(ids) == [20] and len(scores) == 1
    ids, _ = index.scores("行政", allowed_ids=np.array([20, 99]))
    assert list(ids) == [20]  # 30 also matches but is filtered out; 99 is not in the index
    assert list(index.scores("行政", limit=5)[0]) == list(index.scores("行政")[0])


def test_limit_keeps_ties_in_corpus_order() -> None:
    index = BM25Index.build([5, 6, 7, 8], ["行政复议", "行政复议", "行政复议", "综合改革"])
    assert list(index.scores("行政复议")[0]) == [5, 6, 7]
    assert list(index.scores("行政复议", limit=2)[0]) == [5, 6]  # as the full ranking, cut at 2
