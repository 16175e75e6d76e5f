"""Hand the vectors of a built FAISS index to another index folder's embedding checkpoint.

    python -m bench.seed_checkpoint --from /tmp/govqa-bench-index --to /tmp/govqa-milvus-index

A build into ``--to`` (e.g. with GOVQA_STORE=milvus) then finds every passage's vector in its checkpoint
and encodes nothing: the store benches compare backends on the very same vectors, without an hour of
encoding. The source index is only read.
"""

from __future__ import annotations

import argparse
import sqlite3
from contextlib import closing
from pathlib import Path

import numpy as np

from indexer.embedding_checkpoint import EmbeddingCheckpoint, text_key
from indexer.layout import STORE_FILE, IndexLayout
from indexer.manifest import Manifest


def seed(source: Path, target: Path) -> int:
    folder = IndexLayout(source).current()
    manifest = Manifest.read(folder)
    db = sqlite3.connect(f"file:{folder / STORE_FILE}?mode=ro", uri=True)
    rows = db.execute("SELECT match_text, embedding FROM chunks").fetchall()
    db.close()
    with closing(EmbeddingCheckpoint(target, manifest.model_id, manifest.runtime)) as checkpoint:
        checkpoint.put([text_key(t) for t, _ in rows], np.vstack([np.frombuffer(b, np.float32) for _, b in rows]))
        return len(checkpoint)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--from", dest="source", type=Path, required=True, help="a built FAISS index folder")
    parser.add_argument("--to", dest="target", type=Path, required=True, help="the index folder to build next")
    args = parser.parse_args()
    print(f"{seed(args.source, args.target)} vectors in {args.target}'s embedding checkpoint")


if __name__ == "__main__":
    main()
