"""The indexing pipeline: load → clean → chunk → embed → store, incremental and atomic.

``build(paths)`` re-embeds only files that are new or whose bytes (or sidecar) changed, drops documents
whose file is gone, then publishes the new version at once through the configured store (indexer/stores/:
FAISS + SQLite + bm25s, or Milvus).
A file that cannot be read (or is over ``max_file_mb``) is reported with its reason and skipped; it never
aborts the build.

Files are read and chunked ahead until their passages fill a pool (``embedding_pool_size``); the pool is
embedded in batches cut by token count across its files (indexer/passage_vectors.py), each batch
checkpointed (indexer/embedding_checkpoint.py), so a build killed at any point is resumed by the next one,
which encodes only the passages whose vectors were not yet committed. Identical passages are encoded once.
"""

from __future__ import annotations

import fcntl
import hashlib
import time
from collections.abc import Callable, Iterable
from contextlib import closing, contextmanager
from dataclasses import dataclass
from pathlib import Path

from config import IndexerSettings
from config import settings as project_settings
from indexer.chunking import Chunker
from indexer.cleaning import extract_paragraphs
from indexer.embedding import Embedder
from indexer.embedding_checkpoint import EmbeddingCheckpoint
from indexer.errors import ErrorCode, IndexerError, IndexMismatchError
from indexer.loaders import load_document
from indexer.manifest import Manifest
from indexer.metadata import extract_metadata
from indexer.models import Chunk, DocumentMeta
from indexer.normalize import normalize_for_matching
from indexer.ocr import OcrReader, PageProgress
from indexer.passage_vectors import PassageVectors
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


@dataclass(frozen=True)
class _ReadFile:
    """A file loaded and chunked, waiting in the pool for its vectors."""

    record: DocumentRecord
    is_update: bool
    text: str
    chunks: list[Chunk]
    texts: list[str]  # what is embedded, one per chunk (match_text)


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
        encoder = PassageVectors(self.embedder, checkpoint, self.settings.embedding_batch_size)
        pool: list[_ReadFile] = []  # files read and chunked, waiting for their vectors
        for done, (source, path, digest, is_update) in enumerate(todo):
            if progress:
                progress(done, len(todo), source)
            tracker.start_file(source, path.stat().st_size)
            try:
                on_page = _page_progress(progress, done, len(todo), source) if progress else None
                pool.append(self._read_file(source, path, digest, is_update, on_page, report))
            except (IndexerError, OSError, ValueError) as error:
                report.failed.append(_failure(source, error))
            if sum(len(file.texts) for file in pool) >= self.settings.embedding_pool_size:
                self._embed_and_store(store, encoder, tracker, pool, report)
                pool = []
        self._embed_and_store(store, encoder, tracker, pool, report)
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

    def _read_file(
        self, source: str, path: Path, digest: str, is_update: bool, on_page: PageProgress | None, report: BuildReport
    ) -> _ReadFile:
        """Load, clean, chunk one file and read its metadata: everything but the vectors."""
        document = load_document(path, source=source, ocr=self.ocr, progress=on_page)
        report.warnings += [(source, warning) for warning in document.warnings]
        paragraphs = extract_paragraphs(document.text)
        if not paragraphs:
            raise IndexerError("no report text found after removing page chrome", ErrorCode.NO_REPORT_TEXT)
        meta = extract_metadata(document, paragraphs, path)
        chunks = self.chunker.run(document.text, paragraphs)
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
        return _ReadFile(record, is_update, document.text, chunks, [match_text(meta, c) for c in chunks])

    def _embed_and_store(
        self, store: StoreVersion, encoder: PassageVectors, tracker: ProgressTracker, pool: list[_ReadFile],
        report: BuildReport,
    ) -> None:
        """Embed a pool of files' passages together (batches cut by token count across the files), then store
        each file. An error while embedding fails the pool's files; one while storing fails only its file."""
        try:
            vectors = encoder.vectors([text for file in pool for text in file.texts], tracker)
        except (IndexerError, OSError, ValueError) as error:
            report.failed += [_failure(file.record.source, error) for file in pool]
            tracker.end_files()
            return
        begin = 0
        for file in pool:
            part, begin = vectors[begin : begin + len(file.texts)], begin + len(file.texts)
            try:
                store.upsert_document(file.record, file.text, file.chunks, file.texts, part)
            except (IndexerError, OSError, ValueError) as error:
                report.failed.append(_failure(file.record.source, error))
                continue
            report.n_embedded_chunks += len(file.chunks)
            (report.updated if file.is_update else report.added).append(file.record.source)
        tracker.end_files()


def _failure(source: str, error: Exception) -> Failure:
    if isinstance(error, IndexerError):
        return Failure(source, error.code, str(error))
    code = ErrorCode.UNREADABLE if isinstance(error, OSError) else ErrorCode.CORRUPT
    return Failure(source, code, str(error))


def _page_progress(progress: ProgressCallback, done: int, total: int, source: str) -> PageProgress:
    """OCR pages reported through the file progress: the current file shows "(OCR page 3 of 12)"."""
    return lambda page, pages: progress(done, total, f"{source} (OCR page {min(page + 1, pages)} of {pages})")

