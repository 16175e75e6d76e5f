"""Building the index from the app: the seed corpus on first start, uploads, removals.

The work itself is ``IndexBuilder.run`` (incremental, atomic publication); this module saves uploaded
bytes into the library folder, turns the builder's progress callback into a progress bar, and makes the
open index pick up the new version at once for every session.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

import streamlit as st

from indexer.errors import IndexerError, IndexMismatchError
from indexer.settings import PROJECT_ROOT, IndexerSettings
from ui import state

if TYPE_CHECKING:
    from indexer.pipeline import BuildReport, ProgressCallback

SEEDS_DIR = PROJECT_ROOT / "seeds"
UPLOAD_TYPES = ["txt", "md", "html", "htm", "pdf", "docx", "png", "jpg", "jpeg", "tif", "tiff"]

# The builder's reasons are written for the command line; the common ones get a Chinese explanation.
# First match wins, so the specific messages come before the per-format catch-alls.
_REASONS: list[tuple[str, str]] = [
    ("the file is empty", "文件是空的"),
    ("no text found", "文件里没有文字(只有空白或网页标记)"),
    ("no report text found", "没有找到报告正文(只有网页导航、页眉页脚等框架内容)"),
    ("ocr is off", "这是扫描件,需要文字识别(OCR),但文字识别已关闭(GOVQA_OCR=off)"),
    ("ocr found no text", "这是没有文字层的 PDF,文字识别(OCR)也没有识别出文字"),
    ("no text layer", "这是没有文字层的 PDF(可能是扫描件),需要先做文字识别(OCR)"),
    ("not a readable image", "图片文件无法解析(可能已损坏)"),
    ("unsupported file type", "不支持的文件格式"),
    ("password", "文件有密码保护,无法读取"),
    ("encrypted", "文件已加密,无法读取"),
    ("encoding", "无法识别文件的文字编码,请另存为 UTF-8 后再上传"),
    ("byte-order mark", "无法识别文件的文字编码,请另存为 UTF-8 后再上传"),
    ("cannot read file", "无法读取文件"),
    ("no such file", "文件不存在"),
    ("not a readable pdf", "PDF 文件无法解析(可能已损坏)"),
    ("not a readable .docx", "Word 文件无法解析(可能已损坏,或不是 .docx 格式)"),
]


def explain_failure(reason: str) -> str:
    lowered = reason.lower()
    for needle, chinese in _REASONS:
        if needle in lowered:
            return f"{chinese}。详细原因:{reason}"
    return f"无法建立索引。详细原因:{reason}"


class Upload(Protocol):
    """What st.file_uploader returns (and what tests can fake)."""

    name: str

    def getvalue(self) -> bytes: ...


@dataclass
class UploadOutcome:
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)  # (file name, plain-Chinese reason)
    report: BuildReport | None = None


def safe_name(name: str) -> str:
    """A file name that stays inside the library folder whatever the browser sent."""
    base = Path(name.replace("\\", "/")).name.strip().lstrip(".")
    base = re.sub(r"[\x00-\x1f/:*?\"<>|]", "_", base)
    return base or "upload.txt"


def _progress_bar(label: str) -> ProgressCallback:
    bar = st.progress(0.0, text=f"{label}……")

    def update(done: int, total: int, source: str) -> None:
        fraction = done / total if total else 1.0
        current = f":{Path(source).name}" if source else ""
        bar.progress(fraction, text=f"{label}:{done}/{total} 个文件{current}")

    return update


def run_build(
    paths: list[str], remove_doc_ids: Iterable[str] = (), label: str = "正在建立索引",
    config: IndexerSettings | None = None,
) -> BuildReport:
    """Run the incremental builder with a progress bar, then make the shared index reload."""
    from indexer.pipeline import IndexBuilder

    config = config or state.settings()
    current = state.resources()
    if current is not None:
        current.ensure_warm()  # the builder shares the embedder: never load the model twice at once
    builder = IndexBuilder(config, embedder=state.embedder(config))
    report = builder.run(paths, index_dir=config.index_dir, remove_doc_ids=list(remove_doc_ids),
                         progress=_progress_bar(label))
    resources = state.resources()
    if resources is not None:
        resources.refresh()
    return report


def build_error_message(error: IndexerError) -> str:
    if isinstance(error, IndexMismatchError):
        return "现有索引是用另一个模型或另一种切分方式建立的,不能直接追加。请先重建索引(make clean-index 后 make run)。"
    if "another build is running" in str(error):
        return "另一个建立索引的任务正在进行,请等它完成后再试。"
    return f"建立索引失败:{error}"


def build_seeds() -> BuildReport:
    return run_build([str(SEEDS_DIR)], label="正在为示例报告建立索引")


def add_uploads(files: list[Upload], config: IndexerSettings | None = None) -> UploadOutcome:
    """Save the files into the library folder and index just them. A file that fails is reported with its
    reason and removed again (a replaced file gets its previous bytes back); the rest is indexed."""
    config = config or state.settings()
    library = Path(config.library_dir)
    library.mkdir(parents=True, exist_ok=True)
    saved: dict[str, tuple[str, bytes | None]] = {}  # path -> (name shown, previous bytes)
    for upload in files:
        target = library / safe_name(upload.name)
        previous = target.read_bytes() if target.is_file() else None
        target.write_bytes(upload.getvalue())
        # The source recorded in the index is the path as given: relative ("var/library/x.pdf") when the
        # library is under the working directory, so it reads like the seeds' "seeds/x.txt".
        relative = os.path.relpath(target)
        saved[str(target) if relative.startswith("..") else relative] = (upload.name, previous)
    report = run_build(list(saved), label="正在建立索引", config=config)
    outcome = UploadOutcome(report=report)
    for source in report.added:
        outcome.added.append(saved.get(source, (source, None))[0])
    for source in report.updated:
        outcome.updated.append(saved.get(source, (source, None))[0])
    for source in report.unchanged:
        outcome.unchanged.append(saved.get(source, (source, None))[0])
    for source, reason in report.failed:
        name, previous = saved.get(source, (source, None))
        outcome.failed.append((name, explain_failure(reason)))
        path = Path(source)
        if source in saved:  # never leave a file in the library that the index does not hold
            if previous is None:
                path.unlink(missing_ok=True)
            else:
                path.write_bytes(previous)
    return outcome


def remove_document(doc_id: str, config: IndexerSettings | None = None) -> BuildReport:
    """Remove a document from the index; an uploaded file is deleted from the library folder too (a seed
    file is left alone: it belongs to the project)."""
    config = config or state.settings()
    resources = state.resources()
    record = None
    if resources is not None:
        with resources.reading() as retrieval:
            record = next((d for d in retrieval.documents() if d.doc_id == doc_id), None)
    report = run_build([], remove_doc_ids=[doc_id], label="正在删除", config=config)
    if record is not None:
        path = Path(record.path)
        library = Path(config.library_dir).resolve()
        if path.resolve().is_relative_to(library):
            path.unlink(missing_ok=True)
            path.with_name(path.name + ".meta.json").unlink(missing_ok=True)
    return report
