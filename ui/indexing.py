"""Building the index from the app: the seed corpus on first start, uploads, removals.

The work itself is ``indexer.library.Library`` (saving uploads, rolling back files that failed, deleting
library files; incremental, atomic builds); this module turns its progress callback into a progress bar,
words its outcome in Chinese (ui/messages.py) and makes the open index pick up the new version at once
for every session.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import streamlit as st

from config import PROJECT_ROOT, IndexerSettings
from config.errors import GovqaError
from indexer.library import IncomingFile, Library
from indexer.report import Failure
from ui import messages, state

if TYPE_CHECKING:
    from indexer.pipeline import BuildReport, ProgressCallback

SEEDS_DIR = PROJECT_ROOT / "seeds"
UPLOAD_TYPES = ["txt", "md", "html", "htm", "pdf", "docx", "png", "jpg", "jpeg", "tif", "tiff"]


def explain_failure(failure: Failure) -> str:
    return messages.explain(failure.code, failure.detail)


@dataclass
class UploadOutcome:
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)  # (file name, plain-Chinese reason)
    report: BuildReport | None = None


def _progress_bar(label: str) -> ProgressCallback:
    bar = st.progress(0.0, text=f"{label}……")

    def update(done: int, total: int, source: str) -> None:
        fraction = done / total if total else 1.0
        current = f":{Path(source).name}" if source else ""
        bar.progress(fraction, text=f"{label}:{done}/{total} 个文件{current}")

    return update


def _library(config: IndexerSettings) -> Library:
    current = state.resources()
    if current is not None:
        current.ensure_warm()  # the builder shares the embedder: never load the model twice at once
    return Library(config, embedder=state.embedder(config))


def _refresh() -> None:
    resources = state.resources()
    if resources is not None:
        resources.refresh()


def run_build(
    paths: list[str], remove_doc_ids: Iterable[str] = (), label: str = "正在建立索引",
    config: IndexerSettings | None = None,
) -> BuildReport:
    """Run the incremental builder with a progress bar, then make the shared index reload."""
    config = config or state.settings()
    report = _library(config).index(paths, remove_doc_ids=list(remove_doc_ids), progress=_progress_bar(label))
    _refresh()
    return report


def build_error_message(error: GovqaError) -> str:
    return f"建立索引失败:{messages.explain_error(error, fallback=str(error))}"


def build_seeds() -> BuildReport:
    return run_build([str(SEEDS_DIR)], label="正在为示例报告建立索引")


def add_uploads(files: list[IncomingFile], config: IndexerSettings | None = None) -> UploadOutcome:
    """Keep the files in the library folder and index just them (``Library.add``); a file that fails is
    reported in Chinese and taken out of the folder again."""
    config = config or state.settings()
    outcome = _library(config).add(files, progress=_progress_bar("正在建立索引"))
    _refresh()
    return UploadOutcome(
        outcome.added, outcome.updated, outcome.unchanged,
        [(failure.source, explain_failure(failure)) for failure in outcome.failed], outcome.report,
    )


def remove_document(doc_id: str, config: IndexerSettings | None = None) -> BuildReport:
    """Remove a document from the index; an uploaded file is deleted from the library folder too (a seed
    file is left alone: it belongs to the project)."""
    config = config or state.settings()
    report = _library(config).remove(doc_id, progress=_progress_bar("正在删除"))
    _refresh()
    return report
