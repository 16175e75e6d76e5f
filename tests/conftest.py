"""Shared fixtures: the real bundled embedding model and a real index of the seed reports."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from config import IndexerSettings, settings
from indexer.embedding import Embedder
from indexer.model_setup import materialise_e5

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
SHARED = ROOT.parent / "shared"


def require_shared() -> Path:
    if not SHARED.is_dir():
        pytest.skip(f"{SHARED} (the shared test corpus) is absent on this machine")
    return SHARED


@pytest.fixture(autouse=True)
def fresh_settings():
    """settings() is read once per process; a test that changes the environment must not see stale values."""
    settings.cache_clear()  # read again on first use, after the test's fixtures have set the environment
    yield
    settings.cache_clear()


@pytest.fixture(scope="session")
def indexer_settings() -> IndexerSettings:
    settings = IndexerSettings()
    materialise_e5(settings.model_cache_dir)  # what `make model` does; a no-op when already there
    return settings


@pytest.fixture(scope="session")
def embedding_model_dir(indexer_settings: IndexerSettings) -> Path:
    from indexer.model_setup import E5_FOLDER_NAME

    return indexer_settings.model_cache_dir / E5_FOLDER_NAME


@pytest.fixture(scope="session")
def embedder(indexer_settings: IndexerSettings) -> Embedder:
    return Embedder(indexer_settings)


@pytest.fixture(scope="session")
def seed_index(tmp_path_factory: pytest.TempPathFactory, indexer_settings: IndexerSettings, embedder: Embedder) -> Path:
    """A real index of the five seeds (real model, FAISS, SQLite, BM25), built once per test session."""
    from indexer.pipeline import IndexBuilder

    folder = tmp_path_factory.mktemp("seed-index")
    corpus = folder / "seeds"
    shutil.copytree(SEEDS, corpus)
    report = IndexBuilder(indexer_settings, embedder).run([str(corpus)], index_dir=folder / "index")
    assert not report.failed, report.failed
    return folder / "index"


@pytest.fixture(scope="session")
def retrieval(seed_index: Path, indexer_settings: IndexerSettings, embedder: Embedder):
    from retrieval.service import Retrieval

    return Retrieval.open(seed_index, indexer_settings, embedder=embedder)


STORES = ["faiss", "milvus"]  # every backend of indexer/stores/; milvus runs embedded (milvus-lite)


@pytest.fixture(scope="session", params=STORES)
def store_backend(request: pytest.FixtureRequest) -> str:
    return request.param


@pytest.fixture(scope="session")
def store_settings(indexer_settings: IndexerSettings, store_backend: str) -> IndexerSettings:
    """The indexer settings with ``store`` set to the backend under test (milvus-lite under the index folder)."""
    return indexer_settings.model_copy(update={"store": store_backend, "milvus_uri": ""})


@pytest.fixture(scope="session")
def store_retrieval(
    tmp_path_factory: pytest.TempPathFactory, seed_index: Path, store_settings: IndexerSettings, embedder: Embedder
):
    """Retrieval over the five seeds on the backend under test (the FAISS one is ``retrieval``'s index)."""
    from indexer.pipeline import IndexBuilder
    from retrieval.service import Retrieval

    index = seed_index
    if store_settings.store != "faiss":
        folder = tmp_path_factory.mktemp(f"seed-index-{store_settings.store}")
        shutil.copytree(SEEDS, folder / "seeds")
        report = IndexBuilder(store_settings, embedder).run([str(folder / "seeds")], index_dir=folder / "index")
        assert not report.failed, report.failed
        index = folder / "index"
    return Retrieval.open(index, store_settings, embedder=embedder)
