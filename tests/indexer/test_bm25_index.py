"""BM25 tokens and the lexical index: jieba words plus CJK bigrams, filters, save and load (real bm25s)."""

from __future__ import annotations

import json
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


MANY_TEXTS = [f"{region}推进行政复议{'规范化' * (i % 4)}建设，{'综合改革' * (i % 3)}成效明显" for i, region in
              enumerate(["朝天区", "通城县", "利州区", "昭化区", "旺苍县", "青川县", "剑阁县", "苍溪县"] * 3)]


def bm25s_scores(texts: list[str], query: str) -> np.ndarray:
    """The float32 scores of bm25s itself on the same tokens, passage by passage."""
    import bm25s

    retriever = bm25s.BM25()
    retriever.index([tokenize(t) for t in texts], show_progress=False)
    return retriever.get_scores([t for t in tokenize(query) if t in retriever.vocab_dict])


def test_postings_are_8_bit_codes_that_keep_bm25s_scores_and_ranking(tmp_path: Path) -> None:
    index = BM25Index.build(list(range(1, len(MANY_TEXTS) + 1)), MANY_TEXTS)
    index.save(tmp_path)
    codes = np.load(tmp_path / "bm25" / "codes.npy")
    positions = np.load(tmp_path / "bm25" / "positions.npy")
    assert codes.dtype == np.uint8 and positions.dtype == np.int32  # 5 B a posting, not bm25s's 8
    assert codes.min() >= 1 and codes.max() == 255  # each term's best passage is 255; none falls to 0
    query = "朝天区行政复议规范化综合改革"
    expected = bm25s_scores(MANY_TEXTS, query)
    ids, scores = BM25Index.load(tmp_path).scores(query)
    assert len(ids) == np.count_nonzero(expected)
    by_id = dict(zip(ids.tolist(), scores.tolist(), strict=True))
    got = np.array([by_id.get(i + 1, 0.0) for i in range(len(MANY_TEXTS))])
    terms = len([t for t in tokenize(query) if t in index.vocab])
    assert np.abs(got - expected).max() <= terms * expected.max() / 510  # half a step of 255 a term, at most
    assert ids[0] == int(np.argmax(expected)) + 1


def test_an_index_saved_by_bm25s_itself_is_still_read(tmp_path: Path) -> None:
    """Indexes built before the 8-bit codes hold bm25s's own files (float32 scores); they load as they are."""
    import bm25s

    retriever = bm25s.BM25()
    retriever.index([tokenize(t) for t in MANY_TEXTS], show_progress=False)
    retriever.save(str(tmp_path / "bm25"))
    (tmp_path / "bm25" / "chunk_ids.json").write_text(json.dumps(list(range(101, 101 + len(MANY_TEXTS)))))
    query = "通城县综合改革成效"
    expected = bm25s_scores(MANY_TEXTS, query)
    ids, scores = BM25Index.load(tmp_path).scores(query)
    order = np.flatnonzero(expected > 0)
    order = order[np.argsort(-expected[order], kind="stable")]
    assert list(ids) == [i + 101 for i in order]
    assert np.allclose(scores, expected[order], rtol=1e-5)
