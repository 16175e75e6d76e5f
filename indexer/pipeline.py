"""The indexing pipeline: load → clean → chunk → embed → store, incremental and atomic.

``build(paths)`` re-embeds only files that are new or whose bytes (or sidecar) changed, drops documents
whose file is gone, then publishes the new version at once through the configured store (indexer/stores/:
FAISS + SQLite + bm25s, or Milvus).
A file that cannot be read (or is over ``max_file_mb``) is reported with its reason and skipped; it never
aborts the build.

Embedding is checkpointed batch by batch (indexer/embedding_checkpoint.py): a build killed at any point
is resumed by the next one, which encodes only the passages whose vectors were not yet committed.
Identical passages are encoded once, and each file's passages are batched by length.
"""

from __future__ import annotations

import fcntl
import hashlib
import time
from collections.abc import Callable, Iterable
from contextlib import closing, contextmanager
from pathlib import Path

import numpy as np

from config import IndexerSettings
from config import settings as project_settings
from indexer.chunking import Chunker
from indexer.cleaning import extract_paragraphs
from indexer.embedding import Embedder
from indexer.embedding_checkpoint import EmbeddingCheckpoint, text_key
from indexer.errors import ErrorCode, IndexerError, IndexMismatchError
from indexer.loaders import load_document
from indexer.manifest import Manifest
from indexer.metadata import extract_metadata
from indexer.models import Chunk, DocumentMeta
from indexer.normalize import normalize_for_matching
from indexer.ocr import OcrReader, PageProgress
from indexer.progress import ProgressListener, ProgressTracker
from indexer.report import BuildReport, Failure, discover
from indexer.store import DocumentRecord
from indexer.stores import StoreVersion, open_backend

ProgressCallback = Callable[[int, int, str], None]  # (files done, files total, current source)


def content_hash(path: Path) -> str:
    digest = hashlib.sha256(path.read_bytes())
    sidecar = path.with_name(path.name + ".meta.json")
    if sidecar.is_file():  # editing the sidecar changes the metadata, so it must trigger a re-index
        digest.update(sidecar.read_bytes())
    return digest.hexdigest()


def doc_id_for(path: Path) -> str:
    return hashlib.sha1(str(path).encode()).hexdigest()[:16]


def match_text(meta: DocumentMeta, chunk: Chunk) -> str:
    """What is embedded and BM25-indexed for a passage: title and heading chain give it context."""
    return normalize_for_matching(f"{meta.title} {chunk.section_path}\n{chunk.text}")


def chunking_settings(settings: IndexerSettings) -> dict[str, int]:
    return {"chunk_size": settings.chunk_size, "chunk_overlap": settings.chunk_overlap}


@contextmanager
def _build_lock(root: Path):
    root.mkdir(parents=True, exist_ok=True)
    with (root / ".build.lock").open("w") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as error:
            raise IndexerError(f"another build is running on {root}", ErrorCode.BUILD_RUNNING) from error
        yield


class IndexBuilder:
    def __init__(self, settings: IndexerSettings | None = None, embedder: Embedder | None = None) -> None:
        self.settings = settings or project_settings().indexer
        self.embedder = embedder or Embedder(self.settings)
        self.chunker = Chunker(self.settings.chunk_size, self.settings.chunk_overlap, self.settings.min_chunk_chars)
        self.ocr = OcrReader.from_settings(self.settings)  # its models load on the first scanned page

    def run(
        self,
        paths: list[str],
        index_dir: Path | None = None,
        rebuild: bool = False,
        remove_doc_ids: Iterable[str] = (),
        progress: ProgressCallback | None = None,
        on_progress: ProgressListener | None = None,
    ) -> BuildReport:
        """Index ``paths``; ``progress`` hears (files done, total, file), ``on_progress`` also passages/s and ETA."""
        started = time.perf_counter()
        root = Path(index_dir or self.settings.index_dir)
        backend = open_backend(self.settings, root)
        report = BuildReport(index_dir=backend.where)
        with _build_lock(root):
            previous = backend.manifest() if backend.exists() and not rebuild else None
            if previous is not None:
                try:
                    previous.check_compatible(
                        self.embedder.model_id, chunking_settings(self.settings), backend.where, self.embedder.runtime,
                        backend.command_prefix,
                    )
                except IndexMismatchError as error:
                    raise IndexMismatchError(f"{error} (add --rebuild to re-embed everything)") from None
            with closing(EmbeddingCheckpoint(root, self.embedder.model_id, self.embedder.runtime)) as checkpoint:
                with closing(backend.begin(rebuild=previous is None)) as version:
                    self._sync(version, checkpoint, paths, set(remove_doc_ids), report, progress, on_progress)
                    documents = version.documents()
                    report.n_documents = len(documents)
                    report.n_chunks = sum(d.n_chunks for d in documents)
                    version.publish(
                        Manifest(
                            model_id=self.embedder.model_id,
                            runtime=self.embedder.runtime,
                            # the previous version's: asking the embedder would load the model for nothing
                            dimension=previous.dimension if previous else self.embedder.dimension,
                            chunking=chunking_settings(self.settings),
                            vector_store="",  # the backend records the index type it builds
                            documents={d.doc_id: d.content_hash for d in documents},
                            n_chunks=report.n_chunks,
                        )
                    )
                checkpoint.clear()  # after the publish: a kill in between leaves a stale but valid checkpoint
        report.seconds = time.perf_counter() - started
        return report

    def _sync(
        self,
        store: StoreVersion,
        checkpoint: EmbeddingCheckpoint,
        paths: list[str],
        remove_ids: set[str],
        report: BuildReport,
        progress: ProgressCallback | None,
        on_progress: ProgressListener | None,
    ) -> None:
        existing = {d.path: d for d in store.documents()}
        for record in existing.values():
            if record.doc_id in remove_ids or not Path(record.path).exists():
                store.delete_document(record.doc_id)
                report.removed.append(record.source)
        files, report.failed = discover(paths)
        todo: list[tuple[str, Path, str, bool]] = []  # (source, path, content hash, is an update)
        for source, path in files:
            try:
                self._check_size(path)
                digest = content_hash(path)
            except (IndexerError, OSError) as error:
                report.failed.append(_failure(source, error))
                continue
            old = existing.get(str(path))
            if old is not None and old.content_hash == digest and old.source not in report.removed:
                report.unchanged.append(source)
            else:
                todo.append((source, path, digest, old is not None))
        tracker = ProgressTracker([path.stat().st_size for _, path, _, _ in todo], on_progress)
        for done, (source, path, digest, is_update) in enumerate(todo):
            if progress:
                progress(done, len(todo), source)
            tracker.start_file(source, path.stat().st_size)
            try:
                on_page = _page_progress(progress, done, len(todo), source) if progress else None
                report.n_embedded_chunks += self._index_file(
                    store, checkpoint, tracker, source, path, digest, on_page, report
                )
                (report.updated if is_update else report.added).append(source)
            except (IndexerError, OSError, ValueError) as error:
                report.failed.append(_failure(source, error))
            tracker.end_file()
        report.n_encoded = tracker.encoded
        if progress:
            progress(len(todo), len(todo), "")

    def _check_size(self, path: Path) -> None:
        megabytes = path.stat().st_size / 1_000_000
        if megabytes > self.settings.max_file_mb:
            raise IndexerError(
                f"file is {megabytes:.1f} MB, over the {self.settings.max_file_mb:g} MB limit; raise "
                "GOVQA_MAX_FILE_MB (setting max_file_mb) to index it",
                ErrorCode.TOO_LARGE,
            )

    def _index_file(
        self, store: StoreVersion, checkpoint: EmbeddingCheckpoint, tracker: ProgressTracker, source: str,
        path: Path, digest: str, on_page: PageProgress | None, report: BuildReport,
    ) -> int:
        """Index one file; returns the number of passages embedded."""
        document = load_document(path, source=source, ocr=self.ocr, progress=on_page)
        report.warnings += [(source, warning) for warning in document.warnings]
        paragraphs = extract_paragraphs(document.text)
        if not paragraphs:
            raise IndexerError("no report text found after removing page chrome", ErrorCode.NO_REPORT_TEXT)
        meta = extract_metadata(document, paragraphs, path)
        chunks = self.chunker.run(document.text, paragraphs)
        texts = [match_text(meta, c) for c in chunks]
        vectors = self._embed(texts, checkpoint, tracker)
        record = DocumentRecord(
            doc_id_for(path),
            source,
            str(path),
            meta.title,
            meta.region,
            meta.year,
            meta.publish_date,
            digest,
            document.format,
            document.encoding,
        )
        store.upsert_document(record, document.text, chunks, texts, vectors)
        return len(chunks)

    def _embed(self, texts: list[str], checkpoint: EmbeddingCheckpoint, tracker: ProgressTracker) -> np.ndarray:
        """Vectors for ``texts``: from the checkpoint when an earlier (killed) build or file made them,
        otherwise encoded in batches of similar length, each committed to the checkpoint as it is done."""
        keys = [text_key(t) for t in texts]
        known = checkpoint.get(list(dict.fromkeys(keys)))
        missing = {key: text for key, text in zip(keys, texts, strict=True) if key not in known}
        tracker.passages(0, len(texts) - len(missing), 0.0)
        longest_first = sorted(missing, key=lambda key: -len(missing[key]))
        batch_size = self.settings.embedding_batch_size
        for begin in range(0, len(longest_first), batch_size):
            batch = longest_first[begin : begin + batch_size]
            vectors = self.embedder.encode_documents([missing[key] for key in batch])
            checkpoint.put(batch, vectors)
            known.update(zip(batch, vectors, strict=True))
            tracker.passages(len(batch), 0, min(1.0, (begin + len(batch)) / len(longest_first)))
        return np.vstack([known[key] for key in keys]) if keys else np.zeros((0, 0), np.float32)


def _failure(source: str, error: Exception) -> Failure:
    if isinstance(error, IndexerError):
        return Failure(source, error.code, str(error))
    code = ErrorCode.UNREADABLE if isinstance(error, OSError) else ErrorCode.CORRUPT
    return Failure(source, code, str(error))


def _page_progress(progress: ProgressCallback, done: int, total: int, source: str) -> PageProgress:
    """OCR pages reported through the file progress: the current file shows "(OCR page 3 of 12)"."""
    return lambda page, pages: progress(done, total, f"{source} (OCR page {min(page + 1, pages)} of {pages})")

