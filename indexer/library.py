"""The document library of one index: add files, remove documents, rebuild from folders.

    library = Library(settings().indexer)
    outcome = library.add([NamedBytes("江津区报告.txt", data)])   # kept in library_dir, then indexed
    library.remove(doc_id)                                      # out of the index; an added file is deleted too

The CLI (``python -m indexer build``) and the app both go through it. Every bad input keeps what was
already indexed: a file that fails is reported with its code and detail, and an added file that failed
is taken out of the library folder again (a replaced file gets its previous bytes back), so the folder
never holds a file that the index does not.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from config import IndexerSettings
from config import settings as project_settings
from indexer.errors import ErrorCode, IndexerError
from indexer.report import SIDECAR_SUFFIX, BuildReport, Failure
from indexer.store import DocumentRecord
from indexer.stores import open_backend

if TYPE_CHECKING:
    from indexer.embedding import Embedder
    from indexer.pipeline import IndexBuilder, ProgressCallback
    from indexer.progress import ProgressListener


class IncomingFile(Protocol):
    """A file handed over as bytes (what a browser upload is; ``NamedBytes`` for everyone else)."""

    name: str

    def getvalue(self) -> bytes: ...


@dataclass(frozen=True)
class NamedBytes:
    name: str
    data: bytes

    def getvalue(self) -> bytes:
        return self.data


@dataclass
class Outcome:
    """What ``add`` did, by the names the files were handed over with."""

    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    failed: list[Failure] = field(default_factory=list)  # source = the name handed over
    report: BuildReport | None = None


def safe_name(name: str) -> str:
    """A file name that stays inside the library folder whatever the sender wrote."""
    base = Path(name.replace("\\", "/")).name.strip().lstrip(".")
    base = re.sub(r"[\x00-\x1f/:*?\"<>|]", "_", base)
    return base or "upload.txt"


class Library:
    def __init__(
        self, settings: IndexerSettings | None = None, embedder: Embedder | None = None,
        builder: IndexBuilder | None = None,
    ) -> None:
        self.settings = settings or project_settings().indexer
        self._embedder = embedder
        self._builder = builder

    @property
    def builder(self) -> IndexBuilder:
        if self._builder is None:  # made on first use: the CLI's `settings` command needs no model
            from indexer.pipeline import IndexBuilder

            self._builder = IndexBuilder(self.settings, embedder=self._embedder)
        return self._builder

    @property
    def folder(self) -> Path:
        return Path(self.settings.library_dir)

    def index(
        self, paths: list[str], rebuild: bool = False, remove_doc_ids: Iterable[str] = (),
        progress: ProgressCallback | None = None, on_progress: ProgressListener | None = None,
    ) -> BuildReport:
        """Index files and folders where they are (incremental); documents in ``remove_doc_ids`` leave the
        index, and those whose file is in the library folder leave the folder too."""
        remove_ids = list(remove_doc_ids)
        records = [record for doc_id in remove_ids if (record := self.document(doc_id)) is not None]
        report = self.builder.run(
            paths, index_dir=self.settings.index_dir, rebuild=rebuild, remove_doc_ids=remove_ids,
            progress=progress, on_progress=on_progress,
        )
        for record in records:
            self._delete_if_held(Path(record.path))
        return report

    def add(self, files: Iterable[IncomingFile], progress: ProgressCallback | None = None) -> Outcome:
        """Keep the files in the library folder and index just them; a file that fails is reported and
        taken out of the folder again (a replaced file gets its previous bytes back)."""
        self.folder.mkdir(parents=True, exist_ok=True)
        saved: dict[str, tuple[str, bytes | None]] = {}  # source -> (name handed over, previous bytes)
        for incoming in files:
            target = self.folder / safe_name(incoming.name)
            previous = target.read_bytes() if target.is_file() else None
            target.write_bytes(incoming.getvalue())
            saved[_source_of(target)] = (incoming.name, previous)
        try:
            report = self.index(list(saved), progress=progress)
        except BaseException:
            for source, (_, previous) in saved.items():  # nothing was indexed: leave the folder as it was
                _restore(Path(source), previous)
            raise
        outcome = Outcome(report=report)
        name = {source: given for source, (given, _) in saved.items()}
        outcome.added = [name.get(source, source) for source in report.added]
        outcome.updated = [name.get(source, source) for source in report.updated]
        outcome.unchanged = [name.get(source, source) for source in report.unchanged]
        for failure in report.failed:
            outcome.failed.append(Failure(name.get(failure.source, failure.source), failure.code, failure.detail))
            if failure.source in saved:  # never leave a file in the library that the index does not hold
                _restore(Path(failure.source), saved[failure.source][1])
        return outcome

    def remove(self, doc_id: str, progress: ProgressCallback | None = None) -> BuildReport:
        """Take a document out of the index; a file of the library folder is deleted with it (any other
        file, e.g. a seed report, is left alone: it belongs to whoever put it there)."""
        if self.document(doc_id) is None:
            raise IndexerError(f"no document {doc_id!r} in the index at {self.settings.index_dir}",
                               ErrorCode.NOT_IN_INDEX)
        return self.index([], remove_doc_ids=[doc_id], progress=progress)

    def document(self, doc_id: str) -> DocumentRecord | None:
        backend = open_backend(self.settings)
        if not backend.exists():
            return None
        with closing(backend.open()) as store:
            return store.document(doc_id)

    def _delete_if_held(self, path: Path) -> None:
        if path.resolve().is_relative_to(self.folder.resolve()):
            path.unlink(missing_ok=True)
            path.with_name(path.name + SIDECAR_SUFFIX).unlink(missing_ok=True)


def _source_of(target: Path) -> str:
    # The source recorded in the index is the path as given: relative ("var/library/x.pdf") when the
    # library is under the working directory, so it reads like the seeds' "seeds/x.txt".
    relative = os.path.relpath(target)
    return str(target) if relative.startswith("..") else relative


def _restore(path: Path, previous: bytes | None) -> None:
    if previous is None:
        path.unlink(missing_ok=True)
    else:
        path.write_bytes(previous)
