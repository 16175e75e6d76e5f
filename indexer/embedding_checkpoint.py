"""Vectors computed by a build that has not been published yet, so a killed build resumes instead of restarting.

``INDEX_DIR/embedding-checkpoint.sqlite`` maps the SHA-256 of a passage's normalised text (what is
embedded) to its vector. The builder commits after every batch, so ``kill -9`` at any moment loses at most
the batch being encoded; the next build, with or without ``--rebuild``, looks every passage up here first.
A build that publishes empties the checkpoint: its vectors are then in the published store, and the next
``--rebuild`` really starts cold.

The checkpoint lives beside ``versions/``, not in the unfinished version folder, because the next build
sweeps unfinished folders away. It remembers the model and runtime that made its vectors and is emptied
when either changes, so it can never hand a vector from another model to an index.
"""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import numpy as np

FILE_NAME = "embedding-checkpoint.sqlite"

SCHEMA = """
CREATE TABLE IF NOT EXISTS vectors (text_sha256 TEXT PRIMARY KEY, vector BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS made_by (model_id TEXT NOT NULL, runtime TEXT NOT NULL);
"""
_LOOKUP_CHUNK = 500  # SQLite caps the number of ? parameters in one statement


def text_key(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class EmbeddingCheckpoint:
    def __init__(self, index_root: Path, model_id: str, runtime: str) -> None:
        index_root.mkdir(parents=True, exist_ok=True)
        self.path = index_root / FILE_NAME
        self.db = sqlite3.connect(str(self.path))
        # WAL: a commit per batch stays cheap; a killed process loses nothing it committed
        self.db.execute("PRAGMA journal_mode = WAL")
        self.db.execute("PRAGMA synchronous = NORMAL")
        self.db.executescript(SCHEMA)
        made_by = self.db.execute("SELECT model_id, runtime FROM made_by").fetchall()
        if made_by != [(model_id, runtime)]:
            with self.db:
                self.db.execute("DELETE FROM vectors")
                self.db.execute("DELETE FROM made_by")
                self.db.execute("INSERT INTO made_by VALUES (?, ?)", (model_id, runtime))

    def close(self) -> None:
        self.db.close()

    def __len__(self) -> int:
        return int(self.db.execute("SELECT COUNT(*) FROM vectors").fetchone()[0])

    def get(self, keys: list[str]) -> dict[str, np.ndarray]:
        found: dict[str, np.ndarray] = {}
        for begin in range(0, len(keys), _LOOKUP_CHUNK):
            part = keys[begin : begin + _LOOKUP_CHUNK]
            rows = self.db.execute(
                f"SELECT text_sha256, vector FROM vectors WHERE text_sha256 IN ({','.join('?' * len(part))})", part
            )
            found.update((key, np.frombuffer(blob, np.float32)) for key, blob in rows)
        return found

    def put(self, keys: list[str], vectors: np.ndarray) -> None:
        """Store one batch durably (one transaction)."""
        rows = [(key, np.asarray(v, np.float32).tobytes()) for key, v in zip(keys, vectors, strict=True)]
        with self.db:
            self.db.executemany("INSERT OR REPLACE INTO vectors VALUES (?, ?)", rows)

    def clear(self) -> None:
        """After a publish: the vectors are in the published store now."""
        with self.db:
            self.db.execute("DELETE FROM vectors")
        self.db.execute("VACUUM")  # give the space back: a checkpoint can hold a whole collection's vectors
