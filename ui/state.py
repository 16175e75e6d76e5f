"""Process-wide resources (embedding model, opened index, LLM backends) and the per-session controls.

Models and the index are loaded once per process with ``st.cache_resource`` and shared by every browser
session. Caches are keyed by the settings that matter (index folder, model name), so a test process that
points GOVQA_INDEX_DIR at several temporary indexes never sees the wrong one.

Sharing needs one guard: ``Retrieval.refresh()`` closes the old SQLite store when an upload publishes a
new index version, which would break a search running in another session at that moment. Every read
therefore holds the shared side of a readers-writer lock and a refresh holds the exclusive side.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path

import streamlit as st

from config import IndexerSettings
from config import settings as project_settings
from config.errors import GovqaError
from indexer.embedding import Embedder
from indexer.stores import open_backend
from retrieval.search import Filters
from retrieval.service import Retrieval
from ui.backends import backend_for, configured_backend


class ReadWriteLock:
    """Many readers or one writer. Readers are never blocked by other readers (a long LLM answer in one
    session must not stall searches in another); a writer waits for the readers in flight."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._readers = 0
        self._writer = False

    @contextmanager
    def read(self) -> Iterator[None]:
        with self._cond:
            while self._writer:
                self._cond.wait()
            self._readers += 1
        try:
            yield
        finally:
            with self._cond:
                self._readers -= 1
                if not self._readers:
                    self._cond.notify_all()

    @contextmanager
    def write(self) -> Iterator[None]:
        with self._cond:
            while self._writer or self._readers:
                self._cond.wait()
            self._writer = True
        try:
            yield
        finally:
            with self._cond:
                self._writer = False
                self._cond.notify_all()


def settings() -> IndexerSettings:
    # The process's settings (read once); tests that change the environment call config.reload_settings().
    return project_settings().indexer


@st.cache_resource(show_spinner=False)
def _embedder(model: str, cache_dir: str) -> Embedder:
    config = settings().model_copy(update={"embedding_model": model, "model_cache_dir": Path(cache_dir)})
    return Embedder(config)  # cheap: the model itself is loaded by the warm-up below


def embedder(config: IndexerSettings | None = None) -> Embedder:
    config = config or settings()
    return _embedder(config.embedding_model, str(config.model_cache_dir))


def _warm(retrieval: Retrieval) -> None:
    # One search loads everything a first question would otherwise wait for: the embedding model
    # (~15 s on two cores), jieba's dictionary and OpenCC.
    retrieval.search("政府工作报告", top_k=1)


def _warm_llm(backend: object) -> None:
    # A local model takes seconds to load; loading it before the first question hides that. Failures are
    # left for the question to report (with its plain-Chinese fallback notice).
    load = getattr(backend, "load", None)
    if callable(load):
        with suppress(Exception):
            load()


@dataclass
class Resources:
    """An opened index shared by all sessions, with the lock that makes refreshing it safe.

    Opening is fast; loading the models is not, so it runs in a background thread started with the
    first page view: the page is usable at once, and only a question asked in the first seconds waits
    (``ensure_warm``) — never two threads loading the same model.
    """

    retrieval: Retrieval
    lock: ReadWriteLock = field(default_factory=ReadWriteLock)
    warm: Future[None] | None = None

    def start_warm_up(self, llm: object | None = None) -> None:
        """Load the models in the background; ``llm`` (the configured backend) is loaded after the
        retrieval models, and nothing waits for it: its own lock makes a first question wait if needed."""
        executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="govqa-warm-up")
        self.warm = executor.submit(_warm, self.retrieval)
        if llm is not None:
            executor.submit(_warm_llm, llm)
        executor.shutdown(wait=False)

    @property
    def is_warm(self) -> bool:
        return self.warm is None or self.warm.done()

    def ensure_warm(self) -> None:
        """Block until the models are loaded, with a spinner when that takes a while."""
        if self.warm is None:
            return
        if not self.warm.done():
            with st.spinner("首次使用,正在加载检索模型(约 15 秒,只需一次)……"):
                self.warm.result()
        self.warm.result()  # re-raises a failed warm-up (e.g. an unreadable model) where it can be shown

    @contextmanager
    def reading(self, warm: bool = False) -> Iterator[Retrieval]:
        """Hold the index for reading; ``warm=True`` first waits for the models (searches need them)."""
        if warm:
            self.ensure_warm()
        with self.lock.read():
            yield self.retrieval

    def refresh(self) -> bool:
        """Pick up a version published by a build (an upload, a removal, `make index`); True if reloaded."""
        index = self.retrieval.index
        try:
            current = index.current_version()
        except GovqaError:  # the index folder was deleted under us: keep serving what is loaded
            return False
        if current == index.version:  # cheap check first: no lock on the hot path
            return False
        with self.lock.write():
            return self.retrieval.refresh()


@st.cache_resource(show_spinner=False)
def _resources(index_dir: str, model: str, cache_dir: str) -> Resources:
    config = settings().model_copy(
        update={"index_dir": Path(index_dir), "embedding_model": model, "model_cache_dir": Path(cache_dir)}
    )
    retrieval = Retrieval.open(config.index_dir, config, embedder=_embedder(model, cache_dir))
    resources = Resources(retrieval)
    resources.start_warm_up(backend_for(configured_backend()).backend)
    return resources


def index_exists(config: IndexerSettings | None = None) -> bool:
    return open_backend(config or settings()).exists()


def resources() -> Resources | None:
    """The shared index for the configured folder, or None when no index has been built there yet.

    Raises IndexerError (model missing, index built with another model, ...) with a message for the
    page to show; failures are not cached, so fixing the cause and reloading the page is enough.
    """
    config = settings()
    if not index_exists(config):
        return None
    res = _resources(str(config.index_dir), config.embedding_model, str(config.model_cache_dir))
    res.refresh()
    return res


# -- per-session controls (set in the sidebar by app.py, read by the pages) ---------------------------
@dataclass(frozen=True)
class Controls:
    filters: Filters = field(default_factory=Filters)
    top_k: int = 5
    backend: str = "auto"


CONTROLS_KEY = "_controls"


def controls() -> Controls:
    return st.session_state.get(CONTROLS_KEY, Controls())


def set_controls(value: Controls) -> None:
    st.session_state[CONTROLS_KEY] = value
