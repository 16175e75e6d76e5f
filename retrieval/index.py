"""An opened, checked index: the store (any backend of indexer/stores/) and the embedding model that made it.

``SearchIndex.open`` refuses an index built with another model or format (with the rebuild command in
the message). ``refresh()`` picks up a newer version published by a build (e.g. an upload in the app)
without reloading the model. Retrieval sees only the store interface, never FAISS or Milvus.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from config import IndexerSettings
from config import settings as project_settings
from indexer.embedding import Embedder
from indexer.store import DocumentRecord
from indexer.stores import PassageStore, open_backend
from retrieval.regions import RegionMatcher

T = TypeVar("T")


class SearchIndex:
    def __init__(
        self, index_dir: Path | None = None, settings: IndexerSettings | None = None, embedder: Embedder | None = None
    ) -> None:
        self.settings = settings or project_settings().indexer
        self.backend = open_backend(self.settings, index_dir)
        self.embedder = embedder or Embedder(self.settings)
        self._lock = threading.Lock()
        self.version: str | None = None
        self._load()

    def _load(self) -> None:
        # checked before the (heavier) opening: a mismatched index is refused without loading it
        self.backend.manifest().check_compatible(
            self.embedder.model_id, None, self.backend.where, self.embedder.runtime, self.backend.command_prefix
        )
        store = self.backend.open()
        self.store: PassageStore = store
        self.manifest = store.manifest
        self.documents: dict[str, DocumentRecord] = {d.doc_id: d for d in store.documents()}
        self.regions = RegionMatcher(sorted({d.region for d in self.documents.values() if d.region}))
        self.version = store.version
        self._derived: dict[str, Any] = {}  # read from this loaded version on first use (see derived)

    def derived(self, name: str, build: Callable[[], T]) -> T:
        """A value read from the loaded index once, on first use, and kept with it: ``refresh()`` loads a new
        version with an empty set, so nothing outlives the version it was read from (e.g. the indicator names
        of ``retrieval.indicators``)."""
        derived = self._derived  # a refresh while building swaps the dict: the value stays with its version
        if name not in derived:
            derived[name] = build()
        return derived[name]

    def current_version(self) -> str:
        """The version a build has published last (IndexNotFoundError when the index is gone)."""
        return self.backend.current_version()

    def refresh(self) -> bool:
        """Reload if a build has published a new version since we opened; True when reloaded."""
        with self._lock:
            if self.current_version() == self.version:
                return False
            old = self.store
            self._load()
            old.close()
            return True

    def document_by_source(self, source: str) -> DocumentRecord | None:
        """Match a document by the source string given to the build, or by its absolute path."""
        resolved = str(Path(source).resolve())
        return next((d for d in self.documents.values() if source in (d.source, d.path) or d.path == resolved), None)
