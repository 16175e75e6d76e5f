"""The ONNX runtime must embed like the torch one: same prompts, pooling and normalisation, per text."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from config import IndexerSettings
from indexer.chunking import Chunker
from indexer.cleaning import extract_paragraphs
from indexer.embedding import Embedder
from indexer.errors import IndexerError
from indexer.loaders import load_document
from indexer.metadata import extract_metadata
from indexer.onnx_encoder import OnnxEncoder
from indexer.pipeline import match_text
from tests.paths import SEEDS

QUERIES = ["殷都区2021年办理了多少件行政复议案件?", "朝天区怎样推进行政执法规范化?", "府院联动"]


@pytest.fixture(scope="module")
def passages() -> list[str]:
    """Real report passages, as the builder embeds them (title + heading chain + text), of mixed lengths."""
    texts: list[str] = []
    for path in sorted(SEEDS.glob("*.txt"))[:2]:
        document = load_document(path)
        paragraphs = extract_paragraphs(document.text)
        meta = extract_metadata(document, paragraphs, path)
        texts += [match_text(meta, c) for c in Chunker(360, 60, 80).run(document.text, paragraphs)]
    return [*texts[:40], "短句。"]


@pytest.fixture(scope="module")
def torch_vectors(indexer_settings: IndexerSettings, passages: list[str]) -> tuple[np.ndarray, np.ndarray]:
    torch = Embedder(indexer_settings.model_copy(update={"embedding_runtime": "torch"}))
    return torch.encode_documents(passages), torch.encode_queries(QUERIES)


# int8 floors: dynamic int8 kernels round by the CPU's instruction set. On the Intel machines the floors were set on
# the three queries averaged ≥ 0.998; on an AMD EPYC (AVX2, no VNNI, 2026-12-05) 0.9979 with the lowest 0.9975.
@pytest.mark.parametrize(("precision", "mean_floor", "min_floor"), [("fp32", 0.9999, 0.9999), ("int8", 0.997, 0.996)])
def test_onnx_matches_torch_on_report_passages(
    indexer_settings: IndexerSettings, passages, torch_vectors, precision: str, mean_floor: float, min_floor: float
) -> None:
    onnx = Embedder(indexer_settings.model_copy(update={"embedding_runtime": "onnx", "onnx_precision": precision}))
    assert onnx.runtime.startswith(f"onnx-{precision}")
    documents, queries = onnx.encode_documents(passages), onnx.encode_queries(QUERIES)
    for ours, reference in ((documents, torch_vectors[0]), (queries, torch_vectors[1])):
        assert ours.dtype == np.float32 and ours.shape == reference.shape
        np.testing.assert_allclose(np.linalg.norm(ours, axis=1), 1.0, atol=1e-5)
        cosine = (ours * reference).sum(axis=1)  # row by row: the length sort must not reorder results
        assert cosine.mean() >= mean_floor and cosine.min() >= min_floor, (cosine.mean(), cosine.min())
    # the prompts are applied: a text's query and passage vectors differ
    both = onnx.encode_queries(passages[:1])[0] @ documents[0]
    assert float(both) < 0.99


def test_missing_export_says_how_to_make_it(embedding_model_dir: Path, tmp_path: Path) -> None:
    with pytest.raises(IndexerError, match="make model"):
        OnnxEncoder(embedding_model_dir, tmp_path / "model_int8.onnx", 512)


class _ShapeRecordingSession:
    """Stands in for the onnxruntime session: records each batch's shape, returns hidden states of ones."""

    def __init__(self) -> None:
        self.batches: list[tuple[np.ndarray, np.ndarray]] = []

    def run(self, _outputs, feeds: dict[str, np.ndarray]) -> list[np.ndarray]:
        self.batches.append((feeds["input_ids"], feeds["attention_mask"]))
        return [np.ones((*feeds["input_ids"].shape, 4), dtype=np.float32)]


def test_batches_are_cut_by_token_count_and_pad_only_to_their_own_longest(
    indexer_settings: IndexerSettings, passages: list[str]
) -> None:
    encoder = Embedder(indexer_settings.model_copy(update={"embedding_runtime": "onnx"})).onnx
    recorder = _ShapeRecordingSession()
    real_session, real_dimension = encoder.session, encoder.dimension
    try:
        encoder.session, encoder.dimension = recorder, 4
        encoder.encode(passages, "document", batch_size=8)
    finally:
        encoder.session, encoder.dimension = real_session, real_dimension
    lengths = [len(ids) for ids in encoder.tokenizer(["passage: " + t for t in passages], truncation=True)["input_ids"]]
    widths = [ids.shape[1] for ids, _ in recorder.batches]
    assert sum(ids.shape[0] for ids, _ in recorder.batches) == len(passages)
    assert widths == sorted(widths, reverse=True) and widths[0] == max(lengths)
    expected = sorted(lengths, reverse=True)
    for number, (ids, mask) in enumerate(recorder.batches):
        rows = expected[number * 8 : number * 8 + 8]
        assert sorted(mask.sum(axis=1).tolist(), reverse=True) == rows  # the mask covers exactly the real tokens
        assert ids.shape[1] == rows[0]  # padded to this batch's longest text only
        assert (ids[mask == 0] == encoder.tokenizer.pad_token_id).all()
