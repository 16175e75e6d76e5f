"""The indexing pipeline: load → clean → chunk → embed → store, incremental and atomic.

``build(paths)`` re-embeds only files that are new or whose bytes (or sidecar) changed, drops documents
whose file is gone, then rebuilds the derived FAISS and BM25 files and publishes the new version at once.
A file that cannot be read is reported with its reason and skipped; it never aborts the build.
"""

from __future__ import annotations

import fcntl
import hashlib
import sys
import time
from collections.abc import Callable, Iterable
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from indexer.bm25_index import BM25Index
from indexer.chunking import Chunker
from indexer.cleaning import extract_paragraphs
from indexer.embedding import Embedder
from indexer.errors import IndexerError, IndexMismatchError
from indexer.layout import STORE_FILE, IndexLayout
from indexer.loaders import SUPPORTED_EXTENSIONS, load_document
from indexer.manifest import Manifest
from indexer.metadata import extract_metadata
from indexer.models import Chunk, DocumentMeta
from indexer.normalize import normalize_for_matching
from indexer.ocr import OcrReader, PageProgress
from indexer.settings import IndexerSettings
from indexer.store import DocumentRecord, DocumentStore
from indexer.vector_store import make_vector_store

ProgressCallback = Callable[[int, int, str], None]  # (files done, files total, current source)


@dataclass
class BuildReport:
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)  # (source, reason)
    warnings: list[tuple[str, str]] = field(default_factory=list)  # (source, message), e.g. low OCR confidence
    n_documents: int = 0
    n_chunks: int = 0
    n_embedded_chunks: int = 0
    seconds: float = 0.0
    index_dir: str = ""

    def summary(self) -> str:
        lines = [
            f"index: {self.index_dir}",
            f"documents: {len(self.added)} added, {len(self.updated)} updated, {len(self.removed)} removed, "
            f"{len(self.unchanged)} unchanged, {len(self.failed)} failed",
            f"total: {self.n_documents} documents, {self.n_chunks} passages "
            f"({self.n_embedded_chunks} embedded in this build) in {self.seconds:.1f}s",
        ]
        lines += [f"failed: {source}: {reason}" for source, reason in self.failed]
        lines += [f"warning: {source}: {message}" for source, message in self.warnings]
        return "\n".join(lines)


def discover(paths: Iterable[str]) -> tuple[list[tuple[str, Path]], list[tuple[str, str]]]:
    """Expand folders into supported files: ([(source as given, absolute path)], [(path, error)])."""
    found: list[tuple[str, Path]] = []
    errors: list[tuple[str, str]] = []
    for given in paths:
        path = Path(given)
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                if child.is_file() and child.suffix.lower() in SUPPORTED_EXTENSIONS and not child.name.startswith("."):
                    found.append((str(Path(given) / child.relative_to(path)), child.resolve()))
        elif path.is_file():
            found.append((given, path.resolve()))
        else:
            errors.append((given, "no such file or folder"))
    return found, errors


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
            raise IndexerError(f"another build is running on {root}") from error
        yield


class IndexBuilder:
    def __init__(self, settings: IndexerSettings | None = None, embedder: Embedder | None = None) -> None:
        self.settings = settings or IndexerSettings()
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
    ) -> BuildReport:
        started = time.perf_counter()
        layout = IndexLayout(index_dir or self.settings.index_dir)
        report = BuildReport(index_dir=str(layout.root))
        with _build_lock(layout.root):
            previous = Manifest.read(layout.current()) if layout.exists() and not rebuild else None
            if previous is not None:
                try:
                    previous.check_compatible(self.embedder.model_id, chunking_settings(self.settings), layout.root)
                except IndexMismatchError as error:
                    raise IndexMismatchError(f"{error} (add --rebuild to re-embed everything)") from None
            layout.sweep()
            folder = layout.new_version() if previous is not None else self._empty_version(layout)
            store = DocumentStore(folder / STORE_FILE)
            try:
                self._sync(store, paths, set(remove_doc_ids), report, progress)
                self._write_derived(store, folder, report)
            finally:
                store.close()
            layout.publish(folder)
        report.seconds = time.perf_counter() - started
        return report

    @staticmethod
    def _empty_version(layout: IndexLayout) -> Path:
        layout.versions.mkdir(parents=True, exist_ok=True)
        folder = layout.new_version()
        (folder / STORE_FILE).unlink(missing_ok=True)  # --rebuild: start from nothing
        return folder

    def _sync(
        self,
        store: DocumentStore,
        paths: list[str],
        remove_ids: set[str],
        report: BuildReport,
        progress: ProgressCallback | None,
    ) -> None:
        existing = {d.path: d for d in store.documents()}
        for record in existing.values():
            if record.doc_id in remove_ids or not Path(record.path).exists():
                store.delete_document(record.doc_id)
                report.removed.append(record.source)
        files, report.failed = discover(paths)
        for done, (source, path) in enumerate(files):
            if progress:
                progress(done, len(files), source)
            try:
                digest = content_hash(path)
                old = existing.get(str(path))
                if old is not None and old.content_hash == digest and old.source not in report.removed:
                    report.unchanged.append(source)
                    continue
                on_page = _page_progress(progress, done, len(files), source) if progress else None
                report.n_embedded_chunks += self._index_file(store, source, path, digest, on_page, report)
                (report.updated if old is not None else report.added).append(source)
            except (IndexerError, OSError, ValueError) as error:
                report.failed.append((source, str(error)))
        if progress:
            progress(len(files), len(files), "")

    def _index_file(
        self, store: DocumentStore, source: str, path: Path, digest: str, on_page: PageProgress | None,
        report: BuildReport,
    ) -> int:
        """Index one file; returns the number of passages embedded."""
        document = load_document(path, source=source, ocr=self.ocr, progress=on_page)
        report.warnings += [(source, warning) for warning in document.warnings]
        paragraphs = extract_paragraphs(document.text)
        if not paragraphs:
            raise IndexerError("no report text found after removing page chrome")
        meta = extract_metadata(document, paragraphs, path)
        chunks = self.chunker.run(document.text, paragraphs)
        texts = [match_text(meta, c) for c in chunks]
        vectors = self.embedder.encode_documents(texts)
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

    def _write_derived(self, store: DocumentStore, folder: Path, report: BuildReport) -> None:
        ids, vectors = store.embeddings()
        vector_store = make_vector_store("faiss", ids, vectors, self.settings.ivf_threshold)
        vector_store.save(folder)
        chunk_ids, texts = store.match_texts()
        BM25Index.build(chunk_ids, texts).save(folder)
        documents = store.documents()
        Manifest(
            model_id=self.embedder.model_id,
            dimension=int(vectors.shape[1]) if vectors.size else self.embedder.dimension,
            chunking=chunking_settings(self.settings),
            vector_store=vector_store.kind,
            documents={d.doc_id: d.content_hash for d in documents},
            n_chunks=len(ids),
        ).write(folder)
        report.n_documents, report.n_chunks = len(documents), len(ids)


def _page_progress(progress: ProgressCallback, done: int, total: int, source: str) -> PageProgress:
    """OCR pages reported through the file progress: the current file shows "(OCR page 3 of 12)"."""
    return lambda page, pages: progress(done, total, f"{source} (OCR page {min(page + 1, pages)} of {pages})")


def tqdm_progress() -> ProgressCallback:
    """A progress bar on stderr, for the command line."""
    from tqdm import tqdm

    bar: dict[str, tqdm] = {}

    def update(done: int, total: int, source: str) -> None:
        if "bar" not in bar:
            bar["bar"] = tqdm(total=total, unit="file", file=sys.stderr, desc="indexing")
        bar["bar"].n = done
        bar["bar"].set_postfix_str(Path(source).name if source else "done")
        bar["bar"].refresh()
        if done == total:
            bar["bar"].close()

    return update
