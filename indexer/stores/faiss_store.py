"""The embedded backend: SQLite (source of truth) + FAISS (dense) + bm25s (lexical) in version folders.

    INDEX_DIR/current -> versions/<id>/{store.sqlite, vectors.faiss, bm25/, manifest.json}

A build copies the current store.sqlite into a new version folder, syncs it, derives the FAISS and BM25
files from it and repoints ``current`` (indexer/layout.py). A ``PassageFilter`` becomes the list of
passage ids it keeps, which both FAISS (an id selector) and BM25 (a mask over its passages) take: SQLite
selects the documents, and a passage → document column held in memory selects their passages.
"""

from __future__ import annotations

from collections.abc import Iterable
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
    def _passage_documents(self) -> tuple[np.ndarray, np.ndarray]:
        # Read on the first filter (16 B a passage): SQLite returning a filter's passage ids one row at a time
        # took 27 ms for a 2.6 % filter at 10^6 passages, a lookup in these arrays takes a few.
        return self.sql.passage_documents()

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
        rows = self.sql.document_rows_where(list(where.regions) or None, list(where.years) or None,
                                            list(where.doc_ids) or None)
        if where.exclude_doc_ids:  # "similar passages in other reports": all but one, not an IN list of all others
            rows = np.setdiff1d(rows, self.sql.document_rows_where(None, None, list(where.exclude_doc_ids)))
        chunk_ids, documents = self._passage_documents
        kept = np.zeros(int(max(documents.max(initial=0), rows.max(initial=0))) + 1, bool)
        kept[rows] = True
        ids = chunk_ids[kept[documents]]
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
