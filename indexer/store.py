"""The document and passage store (SQLite): texts, metadata, offsets and embeddings.

SQLite is the source of truth of an index version; the FAISS and BM25 files are derived from it at the
end of every build. Chunk ids are never reused (AUTOINCREMENT), so they double as vector ids.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from indexer.models import Chunk, DocumentMeta

SCHEMA = """
CREATE TABLE IF NOT EXISTS documents (
    doc_id TEXT PRIMARY KEY,
    source TEXT NOT NULL,
    path TEXT NOT NULL UNIQUE,
    title TEXT NOT NULL,
    region TEXT,
    year INTEGER,
    publish_date TEXT,
    content_hash TEXT NOT NULL,
    format TEXT NOT NULL,
    encoding TEXT,
    text TEXT NOT NULL,
    indexed_at TEXT NOT NULL DEFAULT (datetime('now'))
);
CREATE TABLE IF NOT EXISTS chunks (
    chunk_id INTEGER PRIMARY KEY AUTOINCREMENT,
    doc_id TEXT NOT NULL REFERENCES documents(doc_id) ON DELETE CASCADE,
    ordinal INTEGER NOT NULL,
    start INTEGER NOT NULL,
    end INTEGER NOT NULL,
    section TEXT NOT NULL,
    match_text TEXT NOT NULL,
    embedding BLOB NOT NULL
);
CREATE INDEX IF NOT EXISTS chunks_by_doc ON chunks(doc_id, start);
"""


@dataclass(frozen=True)
class DocumentRecord:
    doc_id: str
    source: str
    path: str  # absolute path, used to notice deleted files
    title: str
    region: str | None
    year: int | None
    publish_date: str | None
    content_hash: str
    format: str
    encoding: str | None
    n_chunks: int = 0


@dataclass(frozen=True)
class ChunkRecord:
    chunk_id: int
    doc_id: str
    ordinal: int
    start: int
    end: int
    section: str
    text: str  # document text[start:end], original script


class DocumentStore:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.db = sqlite3.connect(str(path), check_same_thread=False)
        self.db.execute("PRAGMA foreign_keys = ON")
        self.db.executescript(SCHEMA)

    def close(self) -> None:
        self.db.close()

    # -- writes ---------------------------------------------------------------------------------------
    def upsert_document(
        self,
        record: DocumentRecord,
        text: str,
        chunks: list[Chunk],
        match_texts: list[str],
        embeddings: np.ndarray,
    ) -> None:
        """Replace a document and all its passages in one transaction."""
        with self.db:
            self.db.execute("DELETE FROM documents WHERE doc_id = ? OR path = ?", (record.doc_id, record.path))
            self.db.execute(
                "INSERT INTO documents (doc_id, source, path, title, region, year, publish_date, content_hash,"
                " format, encoding, text) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                (
                    record.doc_id,
                    record.source,
                    record.path,
                    record.title,
                    record.region,
                    record.year,
                    record.publish_date,
                    record.content_hash,
                    record.format,
                    record.encoding,
                    text,
                ),
            )
            self.db.executemany(
                "INSERT INTO chunks (doc_id, ordinal, start, end, section, match_text, embedding)"
                " VALUES (?,?,?,?,?,?,?)",
                [
                    (record.doc_id, i, c.start, c.end, c.section_path, m, np.asarray(e, np.float32).tobytes())
                    for i, (c, m, e) in enumerate(zip(chunks, match_texts, embeddings, strict=True))
                ],
            )

    def delete_document(self, doc_id: str) -> bool:
        with self.db:
            return self.db.execute("DELETE FROM documents WHERE doc_id = ?", (doc_id,)).rowcount > 0

    # -- reads ----------------------------------------------------------------------------------------
    _DOCUMENT_COLUMNS = (
        "SELECT d.doc_id, source, path, title, region, year, publish_date, content_hash, format, encoding,"
        " (SELECT COUNT(*) FROM chunks c WHERE c.doc_id = d.doc_id) FROM documents d"
    )

    def documents(self) -> list[DocumentRecord]:
        rows = self.db.execute(f"{self._DOCUMENT_COLUMNS} ORDER BY source")
        return [DocumentRecord(*row) for row in rows]

    def document(self, doc_id: str) -> DocumentRecord | None:
        """One document's record by its id: one indexed lookup, whatever the size of the library."""
        row = self.db.execute(f"{self._DOCUMENT_COLUMNS} WHERE d.doc_id = ?", (doc_id,)).fetchone()
        return DocumentRecord(*row) if row else None

    def document_text(self, doc_id: str) -> str | None:
        row = self.db.execute("SELECT text FROM documents WHERE doc_id = ?", (doc_id,)).fetchone()
        return row[0] if row else None

    def chunks(self, chunk_ids: Iterable[int]) -> dict[int, ChunkRecord]:
        ids = [int(i) for i in chunk_ids]
        if not ids:
            return {}
        marks = ",".join("?" * len(ids))
        rows = self.db.execute(
            f"SELECT c.chunk_id, c.doc_id, c.ordinal, c.start, c.end, c.section, substr(d.text, c.start + 1,"
            f" c.end - c.start) FROM chunks c JOIN documents d USING (doc_id) WHERE c.chunk_id IN ({marks})",
            ids,
        )
        return {row[0]: ChunkRecord(*row) for row in rows}

    def chunks_of(self, doc_id: str) -> list[ChunkRecord]:
        ids = [r[0] for r in self.db.execute("SELECT chunk_id FROM chunks WHERE doc_id = ?", (doc_id,))]
        return sorted(self.chunks(ids).values(), key=lambda c: c.ordinal)

    def document_columns(self) -> list[tuple[int, str, str | None, int | None]]:
        """(row number, doc_id, region, year) of every document, by row number: what filters test."""
        return self.db.execute("SELECT rowid, doc_id, region, year FROM documents ORDER BY rowid").fetchall()

    def passage_documents(self) -> tuple[np.ndarray, np.ndarray]:
        """(chunk ids, the row number of each one's document), read in one pass: 16 B a passage."""
        rows = self.db.execute("SELECT c.chunk_id, d.rowid FROM chunks c JOIN documents d USING (doc_id)")
        pairs = np.fromiter(rows, np.dtype([("chunk", np.int64), ("document", np.int64)]))
        return pairs["chunk"].copy(), pairs["document"].copy()

    def embeddings(self, chunk_ids: list[int] | None = None) -> tuple[np.ndarray, np.ndarray]:
        """(ids, matrix) of stored vectors, in chunk-id order."""
        if chunk_ids is None:
            rows = self.db.execute("SELECT chunk_id, embedding FROM chunks ORDER BY chunk_id").fetchall()
        else:
            marks = ",".join("?" * len(chunk_ids))
            rows = self.db.execute(
                f"SELECT chunk_id, embedding FROM chunks WHERE chunk_id IN ({marks}) ORDER BY chunk_id",
                [int(i) for i in chunk_ids],
            ).fetchall()
        ids = np.array([r[0] for r in rows], dtype=np.int64)
        matrix = np.vstack([np.frombuffer(r[1], np.float32) for r in rows]) if rows else np.zeros((0, 0), np.float32)
        return ids, matrix

    def match_texts(self) -> tuple[list[int], list[str]]:
        rows = self.db.execute("SELECT chunk_id, match_text FROM chunks ORDER BY chunk_id").fetchall()
        return [r[0] for r in rows], [r[1] for r in rows]

    def regions(self) -> list[str]:
        return [r[0] for r in self.db.execute("SELECT DISTINCT region FROM documents WHERE region IS NOT NULL")]


def meta_of(record: DocumentRecord) -> DocumentMeta:
    return DocumentMeta(record.title, record.region, record.year, record.publish_date)
