"""An opened, checked index: the store, the vectors, BM25 and the embedding model that made them.

``SearchIndex.open`` refuses an index built with another model or format (with the rebuild command in
the message). ``refresh()`` picks up a newer version published by a build (e.g. an upload in the app)
without reloading the model.
"""

from __future__ import annotations

import threading
from pathlib import Path

from config import IndexerSettings
from config import settings as project_settings
from indexer.bm25_index import BM25Index
from indexer.embedding import Embedder
from indexer.layout import STORE_FILE, IndexLayout
from indexer.manifest import Manifest
from indexer.store import DocumentRecord, DocumentStore
from indexer.vector_store import FaissVectorStore, VectorStore
from retrieval.regions import RegionMatcher


class SearchIndex:
    def __init__(
        self, index_dir: Path | None = None, settings: IndexerSettings | None = None, embedder: Embedder | None = None
    ) -> None:
        self.settings = settings or project_settings().indexer
        self.layout = IndexLayout(index_dir or self.settings.index_dir)
        self.embedder = embedder or Embedder(self.settings)
        self._lock = threading.Lock()
        self.version: Path | None = None
        self._load()

    def _load(self) -> None:
        folder = self.layout.current()
        manifest = Manifest.read(folder)
        manifest.check_compatible(self.embedder.model_id, None, self.layout.root, runtime=self.embedder.runtime)
        self.manifest = manifest
        self.store = DocumentStore(folder / STORE_FILE)
        self.vectors: VectorStore = FaissVectorStore.load(folder)
        self.bm25 = BM25Index.load(folder)
        self.documents: dict[str, DocumentRecord] = {d.doc_id: d for d in self.store.documents()}
        self.regions = RegionMatcher(sorted({d.region for d in self.documents.values() if d.region}))
        self.version = folder

    def refresh(self) -> bool:
        """Reload if a build has published a new version since we opened; True when reloaded."""
        with self._lock:
            if self.layout.current() == self.version:
                return False
            old = self.store
            self._load()
            old.close()
            return True

    def document_by_source(self, source: str) -> DocumentRecord | None:
        """Match a document by the source string given to the build, or by its absolute path."""
        resolved = str(Path(source).resolve())
        return next((d for d in self.documents.values() if source in (d.source, d.path) or d.path == resolved), None)
