"""Copy a built FAISS index into another store (e.g. Milvus) without loading or encoding anything again.

    GOVQA_STORE=milvus python -m bench.copy_to_store --from /tmp/govqa-bench-index --to /tmp/govqa-milvus-index

Every document of the source's published version (its text, metadata, passages, match texts and vectors)
is written through the store interface (``StoreVersion.upsert_document``) and published with the source's
manifest, so both stores hold the very same passages and vectors and the benches compare only the stores.
The source is only read. An incremental build into ``--to`` afterwards (same settings) finds nothing to do.
"""

from __future__ import annotations

import argparse
import sqlite3
import time
from contextlib import closing
from pathlib import Path

import numpy as np

from config import IndexerSettings
from indexer.layout import STORE_FILE, IndexLayout
from indexer.manifest import Manifest
from indexer.models import Chunk
from indexer.store import DocumentStore
from indexer.stores import open_backend


def copy(source: Path, target: Path, settings: IndexerSettings) -> int:
    folder = IndexLayout(source).current()
    manifest = Manifest.read(folder)
    reader = DocumentStore.__new__(DocumentStore)  # read-only: the source index must not change
    reader.path, reader.db = folder / STORE_FILE, sqlite3.connect(f"file:{folder / STORE_FILE}?mode=ro", uri=True)
    target.mkdir(parents=True, exist_ok=True)
    with closing(reader), closing(open_backend(settings, target).begin(rebuild=True)) as version:
        for record in reader.documents():
            text = reader.document_text(record.doc_id) or ""
            chunks = reader.chunks_of(record.doc_id)
            ids = [c.chunk_id for c in chunks]
            rows = dict(reader.db.execute(
                f"SELECT chunk_id, match_text FROM chunks WHERE chunk_id IN ({','.join('?' * len(ids))})", ids
            ).fetchall()) if ids else {}
            _, vectors = reader.embeddings(ids) if ids else (None, np.zeros((0, manifest.dimension), np.float32))
            version.upsert_document(
                record, text, [Chunk(c.start, c.end, c.text, [c.section] if c.section else []) for c in chunks],
                [rows[i] for i in ids], vectors,
            )
        version.publish(manifest)
    return manifest.n_chunks


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--from", dest="source", type=Path, required=True, help="a built FAISS index folder")
    parser.add_argument("--to", dest="target", type=Path, required=True, help="index folder of the target store")
    args = parser.parse_args()
    settings = IndexerSettings()
    started = time.perf_counter()
    n = copy(args.source, args.target, settings)
    seconds = time.perf_counter() - started
    print(f"{n} passages copied to the {settings.store} store at {args.target} in {seconds:.0f} s")


if __name__ == "__main__":
    main()
