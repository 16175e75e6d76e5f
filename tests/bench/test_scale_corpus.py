"""The synthetic corpus of the scale benchmark (bench/scale_corpus.py), on a tiny made-up source corpus."""

from __future__ import annotations

import numpy as np
import pytest

from bench.scale_corpus import FIRST_YEAR, N_YEARS, SourceCorpus, generate, sentences


def _sources(n: int = 6, dim: int = 8) -> SourceCorpus:
    rng = np.random.default_rng(1)
    vectors = rng.normal(size=(n, dim)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    texts = [f"第{i}段第一句。第{i}段第二句！第{i}段第三句；" for i in range(n)]
    return SourceCorpus(texts, vectors, ["甲市", "乙县"])


def test_size_documents_and_offsets() -> None:
    docs = list(generate(_sources(), 25, passages_per_doc=10))
    assert [len(d.chunks) for d in docs] == [10, 10, 5]
    for doc in docs:
        assert doc.vectors.shape == (len(doc.chunks), 8)
        assert doc.record.n_chunks == len(doc.chunks)
        for chunk, match_text in zip(doc.chunks, doc.match_texts, strict=True):
            assert doc.text[chunk.start : chunk.end] == chunk.text == match_text


def test_real_passages_first_then_recombined_perturbed_copies() -> None:
    sources = _sources()
    docs = generate(sources, 18, passages_per_doc=4)
    passages = [(t, v) for d in docs for t, v in zip(d.match_texts, d.vectors, strict=True)]
    for i, (text, vector) in enumerate(passages[:6]):
        assert text == sources.texts[i]
        np.testing.assert_array_equal(vector, sources.vectors[i])
    pool = {s for t in sources.texts for s in sentences(t)}
    for i, (text, vector) in enumerate(passages[6:], start=6):
        assert set(sentences(text)) <= pool and len(sentences(text)) == 3
        assert abs(np.linalg.norm(vector) - 1) < 1e-5
        similarities = sources.vectors @ vector
        assert 0.9 < similarities[i % 6] < 1.0  # near its seed passage, not a copy of it
        assert int(np.argmax(similarities)) == i % 6


def test_regions_years_and_determinism() -> None:
    docs = list(generate(_sources(), 40, passages_per_doc=2))
    assert {d.record.region for d in docs} == {"甲市", "乙县"}
    assert {d.record.year for d in docs} == set(range(FIRST_YEAR, FIRST_YEAR + N_YEARS))
    assert len({(d.record.region, d.record.year) for d in docs}) == 20
    again = list(generate(_sources(), 40, passages_per_doc=2))
    assert [d.text for d in docs] == [d.text for d in again]
    assert all(np.array_equal(a.vectors, b.vectors) for a, b in zip(docs, again, strict=True))
    assert [d.text for d in generate(_sources(), 40, passages_per_doc=2, seed=5)] != [d.text for d in docs]


def test_rejects_empty_sizes() -> None:
    with pytest.raises(ValueError, match="at least 1"):
        list(generate(_sources(), 0))
