"""Shared fixtures: the real bundled embedding model and a real index of the seed reports."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from config import IndexerSettings, settings
from indexer.embedding import Embedder
from indexer.model_setup import materialise_e5
from tests.background import BackgroundBuild
from tests.paths import SEEDS, SHARED


def require_shared() -> Path:
    if not SHARED.is_dir():
        pytest.skip(f"{SHARED} (the shared test corpus) is absent on this machine")
    return SHARED


# The corpus reports indexed beside the seeds for the tests that need many real reports (retrieval quality on the
# dev set, comparison tables). Indexing all 45 took 12.4 min of a 31-min test run on an AMD EPYC with 2 cores,
# and pushed CI past its 30 minutes; the 50-report figures are bench/retrieval_bench's (docs/benchmarks.md).
# The sample: the reports of the comparison tests (河南, 黑龙江, 山东, 云南, 青海, 北京, 湖南 of 2026, 香港 1999, in
# Traditional script) and every other report that holds the answer to two or more dev questions, with the State
# Council's of 2015 and 2019. No other 香港 year: the comparison tests ask about 1999's.
CORPUS_SAMPLE = (
    "016.txt", "008.txt", "015.txt", "025.txt", "029.txt", "001.txt", "018.txt", "034.txt",
    "012.txt", "030.txt", "006.txt", "011.txt", "013.txt", "020.txt", "021.txt", "041.txt", "045.txt",
)


@pytest.fixture(scope="session", autouse=True)
def corpus_sample_build(request: pytest.FixtureRequest,
                        tmp_path_factory: pytest.TempPathFactory) -> Iterator[BackgroundBuild | None]:
    """Start indexing the corpus sample when the session starts, if any collected test needs it.

    It is a real ``python -m indexer build`` in a process of its own, at low priority: the tests that need it
    run near the end, and until then it takes the CPU the other tests leave idle (most of them use one core of
    two). Built in the foreground, it took 295-374 s of a 25-30 minute run on a 2-core AMD EPYC.
    """
    needed = any("corpus_sample_index" in getattr(item, "fixturenames", ()) for item in request.session.items)
    if not needed or not SHARED.is_dir():  # without ../shared, corpus_sample_index skips the tests that need it
        yield None
        return
    request.getfixturevalue("indexer_settings")  # the model is set up before the build process looks for it
    folder = tmp_path_factory.mktemp("corpus-sample")
    seeds, reports = folder / "seeds", folder / "corpus" / "gov-reports"  # as in ../shared: the dev set's gold paths
    shutil.copytree(SHARED / "seeds", seeds)
    reports.mkdir(parents=True)
    for name in CORPUS_SAMPLE:
        shutil.copy(SHARED / "corpus" / "gov-reports" / name, reports)
    build = BackgroundBuild.start([seeds, reports], folder / "index", folder / "build.log")
    yield build
    build.stop()


@pytest.fixture(scope="session")
def corpus_sample_index(corpus_sample_build: BackgroundBuild | None) -> Path:
    """A real index of the seeds and CORPUS_SAMPLE's reports from ../shared, built once per test session."""
    require_shared()
    assert corpus_sample_build is not None, "corpus_sample_build starts whenever a collected test needs this index"
    report = corpus_sample_build.wait()
    assert not report["failed"] and report["n_documents"] == 5 + len(CORPUS_SAMPLE), report["failed"]
    return corpus_sample_build.index


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
