"""The SQLite store's own queries, on hand-made documents (no model)."""

from __future__ import annotations

from contextlib import closing
from pathlib import Path

import numpy as np
import pytest

from indexer.models import Chunk
from indexer.store import DocumentRecord, DocumentStore

TEXT_A = "一、总体情况\n朝天区收到行政复议申请26件。\n二、下一步\n继续推进府院联动。"
TEXT_B = "通城县推行综合查一次。"


def _record(doc_id: str, region: str, year: int, path: str) -> DocumentRecord:
    return DocumentRecord(doc_id, f"seeds/{doc_id}.txt", path, f"{region}{year}年报告", region, year, None,
                          f"hash-{doc_id}", "txt", "utf-8")


def _chunks(text: str, pieces: list[str]) -> list[Chunk]:
    out = []
    for piece in pieces:
        start = text.index(piece)
        out.append(Chunk(start, start + len(piece), piece, ["一、总体情况"]))
    return out


@pytest.fixture()
def store(tmp_path: Path):
    with closing(DocumentStore(tmp_path / "store.sqlite")) as store:
        pieces_a = ["朝天区收到行政复议申请26件。", "继续推进府院联动。"]
        store.upsert_document(_record("a", "广元市朝天区", 2024, "/r/a.txt"), TEXT_A, _chunks(TEXT_A, pieces_a),
                              ["ma1", "ma2"], np.eye(2, 4, dtype=np.float32))
        store.upsert_document(_record("b", "通城县", 2023, "/r/b.txt"), TEXT_B, _chunks(TEXT_B, [TEXT_B]),
                              ["mb1"], np.ones((1, 4), np.float32))
        yield store


def test_document_is_one_lookup_with_its_passage_count(store: DocumentStore) -> None:
    record = store.document("a")
    assert record is not None and (record.title, record.n_chunks) == ("广元市朝天区2024年报告", 2)
    assert store.document("missing") is None
    assert [d.doc_id for d in store.documents()] == ["a", "b"]  # ordered by source


def test_chunks_are_exact_spans_of_the_stored_text(store: DocumentStore) -> None:
    for chunk in store.chunks_of("a"):
        assert TEXT_A[chunk.start : chunk.end] == chunk.text
    assert [c.ordinal for c in store.chunks_of("a")] == [0, 1]
    assert store.document_text("b") == TEXT_B and store.document_text("missing") is None


def test_filter_columns_read_each_passage_document_and_each_document_region_and_year(store: DocumentStore) -> None:
    documents = store.document_columns()
    assert [tuple(d[1:]) for d in documents] == [("a", "广元市朝天区", 2024), ("b", "通城县", 2023)]
    row_of = {doc_id: row for row, doc_id, _, _ in documents}
    chunk_ids, rows = store.passage_documents()
    assert len(chunk_ids) == 3
    assert {int(c): int(r) for c, r in zip(chunk_ids, rows, strict=True)} == {
        c.chunk_id: row_of[doc] for doc in ("a", "b") for c in store.chunks_of(doc)
    }
    assert sorted(store.regions()) == ["广元市朝天区", "通城县"]


def test_embeddings_and_match_texts_in_chunk_id_order(store: DocumentStore) -> None:
    ids, matrix = store.embeddings()
    assert matrix.shape == (3, 4) and list(ids) == sorted(ids)
    some, rows = store.embeddings([int(ids[2])])
    assert list(some) == [ids[2]] and np.array_equal(rows[0], np.ones(4, np.float32))
    chunk_ids, texts = store.match_texts()
    assert chunk_ids == list(ids) and texts == ["ma1", "ma2", "mb1"]


def test_replacing_and_deleting_a_document_takes_its_passages(store: DocumentStore) -> None:
    old_ids = {c.chunk_id for c in store.chunks_of("b")}
    store.upsert_document(_record("b", "通城县", 2023, "/r/b.txt"), TEXT_B, _chunks(TEXT_B, [TEXT_B]),
                          ["mb1"], np.ones((1, 4), np.float32))
    new_ids = {c.chunk_id for c in store.chunks_of("b")}
    assert new_ids and not new_ids & old_ids  # ids are never reused: they double as vector ids
    assert store.delete_document("a") and not store.delete_document("a")
    assert store.chunks_of("a") == [] and len(store.passage_documents()[0]) == 1
