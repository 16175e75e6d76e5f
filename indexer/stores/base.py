"""The one store interface: what a build writes and what search, similar and answers read.

A backend (``StoreBackend``) holds published versions of an index. A build opens a new version
(``begin``), seeded with the current one unless it rebuilds, syncs documents into it (``documents``,
``delete_document``, ``upsert_document``: incremental by content hash) and ``publish``es it atomically;
a build that stops before publishing leaves the previous version searchable. Readers ``open`` the
published version as a ``PassageStore``: passages with their metadata, dense and lexical (BM25) search
under a typed ``PassageFilter``, and the document texts.

Two implementations, chosen by the setting ``store`` (``GOVQA_STORE``): FAISS + SQLite + bm25s, embedded
(indexer/stores/faiss_store.py), and Milvus (indexer/stores/milvus_store.py), which any number of app
servers can share. Each translates a ``PassageFilter`` into what its engine evaluates.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol

import numpy as np

from indexer.manifest import Manifest
from indexer.models import Chunk
from indexer.store import ChunkRecord, DocumentRecord


@dataclass(frozen=True)
class PassageFilter:
    """Which passages a search may return: all conditions hold at once; an empty tuple does not restrict.

    ``regions`` are indexed region names exactly as stored (search resolves what users type first).
    """

    regions: tuple[str, ...] = ()
    years: tuple[int, ...] = ()
    doc_ids: tuple[str, ...] = ()
    exclude_doc_ids: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.regions or self.years or self.doc_ids or self.exclude_doc_ids)


class PassageStore(Protocol):
    """A published index version, opened for reading."""

    kind: str  # "faiss" or "milvus"
    manifest: Manifest
    version: str  # identifies the published version: a new build publishes another one

    def documents(self) -> list[DocumentRecord]: ...

    def document(self, doc_id: str) -> DocumentRecord | None: ...

    def document_text(self, doc_id: str) -> str | None: ...

    def chunks(self, chunk_ids: Iterable[int]) -> dict[int, ChunkRecord]: ...

    def chunks_of(self, doc_id: str) -> list[ChunkRecord]:
        """A document's passages in reading order."""

    def dense_search(self, vector: np.ndarray, k: int, where: PassageFilter | None = None) -> np.ndarray:
        """Chunk ids of the ``k`` passages nearest ``vector`` ([1, dim], normalised), best first."""

    def lexical_search(self, normalised_query: str, k: int, where: PassageFilter | None = None) -> np.ndarray:
        """Chunk ids of the (at most ``k``) passages BM25 scores above zero for the query, best first."""

    def match_texts(self) -> tuple[list[int], list[str]]:
        """(chunk ids, the normalised text each was embedded and BM25-indexed from)."""

    def close(self) -> None: ...


class StoreVersion(Protocol):
    """A version being built: invisible to readers until ``publish``."""

    def documents(self) -> list[DocumentRecord]: ...

    def delete_document(self, doc_id: str) -> bool: ...

    def upsert_document(
        self, record: DocumentRecord, text: str, chunks: list[Chunk], match_texts: list[str], vectors: np.ndarray
    ) -> None:
        """Replace a document and all its passages."""

    def publish(self, manifest: Manifest) -> str:
        """Build the search indexes, make this version the current one at once; returns the index type."""

    def close(self) -> None:
        """Release the version; one not published is discarded (the current version is untouched)."""


class StoreBackend(Protocol):
    """Where an index's versions live; ``where`` names it in messages, ``command_prefix`` is the environment
    a build command needs to reach it (empty for the default store)."""

    kind: str
    where: str
    command_prefix: str

    def exists(self) -> bool: ...

    def manifest(self) -> Manifest:
        """The published version's manifest; IndexNotFoundError (with the build command) when there is none."""

    def current_version(self) -> str: ...

    def begin(self, rebuild: bool) -> StoreVersion: ...

    def open(self) -> PassageStore: ...
