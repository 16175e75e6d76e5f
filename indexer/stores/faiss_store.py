"""The embedded backend: SQLite (source of truth) + FAISS (dense) + bm25s (lexical) in version folders.

    INDEX_DIR/current -> versions/<id>/{store.sqlite, vectors.faiss, bm25/, manifest.json}

A build copies the current store.sqlite into a new version folder, syncs it, derives the FAISS and BM25
files from it and repoints ``current`` (indexer/layout.py). A ``PassageFilter`` becomes the list of
passage ids it keeps, which both FAISS (an id selector) and BM25 (a mask over its passages) take; the
columns a filter tests are held in memory (``FilterColumns``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import numpy as np

from indexer.bm25_index import BM25Index
from indexer.layout import STORE_FILE, IndexLayout
from indexer.manifest import Manifest
from indexer.models import Chunk
from indexer.store import ChunkRecord, DocumentRecord, DocumentStore
from indexer.stores.base import PassageFilter
from indexer.vector_store import FaissVectorStore, LargeIndex


@dataclass(frozen=True)
class FilterColumns:
    """What a filter tests, in memory: each passage's document (16 B a passage) and each document's id, region
    and year. SQLite answering a filter scanned the documents table (no index on region) and returned each
    passage id as a Python row: 27 ms for a 2.6 % filter at 10^6 passages (docs/benchmarks.md, "Scale
    benchmark, third pass")."""

    chunk_ids: np.ndarray
    chunk_documents: np.ndarray  # position of each passage's document in the arrays below
    doc_ids: np.ndarray
    regions: np.ndarray
    years: np.ndarray  # -1: no year

    @classmethod
    def read(cls, sql: DocumentStore) -> FilterColumns:
        documents = sql.document_columns()  # by row number
        rows = np.array([d[0] for d in documents], np.int64)
        chunk_ids, document_rows = sql.passage_documents()
        return cls(chunk_ids, np.searchsorted(rows, document_rows), np.array([d[1] for d in documents], str),
                   np.array([d[2] or "" for d in documents], str),
                   np.array([-1 if d[3] is None else d[3] for d in documents], np.int64))

    def allowed(self, where: PassageFilter) -> np.ndarray:
        kept = np.ones(len(self.doc_ids), bool)
        for column, values in ((self.regions, where.regions), (self.years, where.years),
                               (self.doc_ids, where.doc_ids)):
            if values:
                kept &= np.isin(column, list(values))
        if where.exclude_doc_ids:
            kept &= ~np.isin(self.doc_ids, list(where.exclude_doc_ids))
        return self.chunk_ids[kept[self.chunk_documents]]


class FaissPassageStore:
    kind = "faiss"

    def __init__(self, folder: Path) -> None:
        self.version = str(folder)
        self.manifest = Manifest.read(folder)
        self.folder = folder
        self.sql = DocumentStore(folder / STORE_FILE)
        self._last_filter: tuple[PassageFilter, np.ndarray] | None = None  # hybrid search asks twice

    @cached_property
    def vectors(self) -> FaissVectorStore:  # loaded on the first search: a document lookup needs only SQLite
        return FaissVectorStore.load(self.folder)

    @cached_property
    def bm25(self) -> BM25Index:
        return BM25Index.load(self.folder)

    @cached_property
    def filter_columns(self) -> FilterColumns:  # read on the first filtered search
        return FilterColumns.read(self.sql)

    def close(self) -> None:
        self.sql.close()

    def documents(self) -> list[DocumentRecord]:
        return self.sql.documents()

    def document(self, doc_id: str) -> DocumentRecord | None:
        return self.sql.document(doc_id)

    def document_text(self, doc_id: str) -> str | None:
        return self.sql.document_text(doc_id)

    def chunks(self, chunk_ids: Iterable[int]) -> dict[int, ChunkRecord]:
        return self.sql.chunks(chunk_ids)

    def chunks_of(self, doc_id: str) -> list[ChunkRecord]:
        return self.sql.chunks_of(doc_id)

    def match_texts(self) -> tuple[list[int], list[str]]:
        return self.sql.match_texts()

    def dense_search(self, vector: np.ndarray, k: int, where: PassageFilter | None = None) -> np.ndarray:
        allowed = self.allowed_ids(where)
        if allowed is not None and not len(allowed):
            return np.zeros(0, np.int64)
        _, ids = self.vectors.search(vector, k, allowed)
        return ids[0][ids[0] >= 0]

    def lexical_search(self, normalised_query: str, k: int, where: PassageFilter | None = None) -> np.ndarray:
        allowed = self.allowed_ids(where)
        if allowed is not None and not len(allowed):
            return np.zeros(0, np.int64)
        ids, _ = self.bm25.scores(normalised_query, allowed, limit=k)
        return ids

    def allowed_ids(self, where: PassageFilter | None) -> np.ndarray | None:
        """The passage ids the filter keeps; None when nothing is filtered."""
        if not where:
            return None
        cached = self._last_filter
        if cached is not None and cached[0] == where:
            return cached[1]
        ids = self.filter_columns.allowed(where)
        self._last_filter = (where, ids)
        return ids


class FaissVersion:
    """A version folder being built: a seeded (or empty) store.sqlite, published with its derived files."""

    def __init__(self, layout: IndexLayout, rebuild: bool, ivf_threshold: int, large_index: LargeIndex) -> None:
        self.layout = layout
        self.ivf_threshold = ivf_threshold
        self.large_index = large_index
        layout.sweep()
        layout.versions.mkdir(parents=True, exist_ok=True)
        self.folder = layout.new_version()
        if rebuild:
            (self.folder / STORE_FILE).unlink(missing_ok=True)  # start from nothing
        self.sql = DocumentStore(self.folder / STORE_FILE)

    def documents(self) -> list[DocumentRecord]:
        return self.sql.documents()

    def delete_document(self, doc_id: str) -> bool:
        return self.sql.delete_document(doc_id)

    def upsert_document(
        self, record: DocumentRecord, text: str, chunks: list[Chunk], match_texts: list[str], vectors: np.ndarray
    ) -> None:
        self.sql.upsert_document(record, text, chunks, match_texts, vectors)

    def publish(self, manifest: Manifest) -> str:
        ids, vectors = self.sql.embeddings()
        vector_store = FaissVectorStore.build(ids, vectors, self.ivf_threshold, self.large_index)
        vector_store.save(self.folder)
        kind = vector_store.kind
        del ids, vectors, vector_store  # at 10^6 passages 1.5 GB that the BM25 build can use
        chunk_ids, texts = self.sql.match_texts()
        BM25Index.build(chunk_ids, texts).save(self.folder)
        manifest.model_copy(update={"vector_store": kind}).write(self.folder)
        self.sql.close()
        self.layout.publish(self.folder)
        return kind

    def close(self) -> None:
        self.sql.close()  # an unpublished folder stays ".partial" and the next build sweeps it


class FaissBackend:
    kind = "faiss"
    command_prefix = ""

    def __init__(self, index_dir: Path, ivf_threshold: int, large_index: LargeIndex = "ivf_sq8") -> None:
        self.layout = IndexLayout(index_dir)
        self.where = str(index_dir)
        self.ivf_threshold = ivf_threshold
        self.large_index = large_index

    def exists(self) -> bool:
        return self.layout.exists()

    def manifest(self) -> Manifest:
        return Manifest.read(self.layout.current())

    def current_version(self) -> str:
        return str(self.layout.current())

    def begin(self, rebuild: bool) -> FaissVersion:
        return FaissVersion(self.layout, rebuild, self.ivf_threshold, self.large_index)

    def open(self) -> FaissPassageStore:
        return FaissPassageStore(self.layout.current())
