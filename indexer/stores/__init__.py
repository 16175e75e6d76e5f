"""The store interface (base.py) and the backend the settings choose (``store``, env GOVQA_STORE)."""

from __future__ import annotations

from pathlib import Path

from config import IndexerSettings
from indexer.stores.base import PassageFilter, PassageStore, StoreBackend, StoreVersion


def open_backend(settings: IndexerSettings, index_dir: Path | None = None) -> StoreBackend:
    """The configured backend for the index at ``index_dir`` (default ``settings.index_dir``)."""
    index_dir = Path(index_dir or settings.index_dir)
    if settings.store == "milvus":
        from indexer.stores.milvus_store import MilvusBackend

        return MilvusBackend(index_dir, settings)
    from indexer.stores.faiss_store import FaissBackend

    return FaissBackend(index_dir, settings.ivf_threshold, settings.faiss_large_index)


__all__ = ["PassageFilter", "PassageStore", "StoreBackend", "StoreVersion", "open_backend"]
