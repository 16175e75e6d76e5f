"""Index folder layout with atomic publication.

    INDEX_DIR/current -> versions/<id>/   (symlink, swapped atomically with os.replace)
    INDEX_DIR/versions/<id>/{store.sqlite, vectors.faiss, bm25/, manifest.json}

A build writes a new version folder and only then repoints ``current``; a build that is interrupted
leaves ``current`` untouched, so the previous index stays loadable. Stale folders are swept later.
"""

from __future__ import annotations

import os
import shutil
import time
import uuid
from pathlib import Path

from indexer.errors import IndexNotFoundError
from indexer.manifest import FILE_NAME as MANIFEST

STORE_FILE = "store.sqlite"


class IndexLayout:
    def __init__(self, root: Path) -> None:
        self.root = Path(root)
        self.versions = self.root / "versions"
        self.pointer = self.root / "current"

    def exists(self) -> bool:
        return (self.pointer / MANIFEST).is_file()

    def current(self) -> Path:
        if not self.exists():
            raise IndexNotFoundError(
                f"no index at {self.root}; build one with: python -m indexer build [PATH ...] --index {self.root}"
            )
        return self.pointer.resolve()

    def new_version(self) -> Path:
        """A fresh version folder, seeded with a copy of the current store for incremental builds."""
        self.versions.mkdir(parents=True, exist_ok=True)
        folder = self.versions / f"{time.strftime('%Y%m%dT%H%M%S')}-{uuid.uuid4().hex[:6]}.partial"
        folder.mkdir()
        if self.exists():
            shutil.copyfile(self.current() / STORE_FILE, folder / STORE_FILE)
        return folder

    def publish(self, folder: Path) -> Path:
        final = folder.with_suffix("")
        folder.rename(final)
        link = self.root / f".current-{uuid.uuid4().hex[:6]}"
        link.symlink_to(final.relative_to(self.root))
        os.replace(link, self.pointer)  # atomic: readers see the old or the new version, never half of one
        self.sweep(keep=final)
        return final

    def sweep(self, keep: Path | None = None) -> None:
        """Remove unfinished builds and superseded versions (readers hold files open, so this is safe on POSIX)."""
        if not self.versions.is_dir():
            return
        keep = keep or (self.pointer.resolve() if self.exists() else None)
        for folder in self.versions.iterdir():
            if keep is None or folder.resolve() != keep.resolve():
                shutil.rmtree(folder, ignore_errors=True)
