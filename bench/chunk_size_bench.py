"""Chunk size (and embedding model) by measurement: rebuild an index per size and score the dev questions it can answer.

    python -m bench.chunk_size_bench [--sizes 240 360 500] [--corpus seeds|all]

``seeds`` (default) indexes the five seeds only (about a minute per size) and scores the seed questions;
``all`` indexes the 50 shared reports (tens of minutes per size on 2 cores).
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from bench.devset import SHARED, evaluate, load_questions
from config import IndexerSettings
from indexer.embedding import Embedder
from indexer.pipeline import IndexBuilder
from retrieval.service import Retrieval


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", nargs="+", type=int, default=[240, 360, 500])
    parser.add_argument("--overlap", type=int, default=60)
    parser.add_argument("--corpus", choices=["seeds", "all"], default="seeds")
    parser.add_argument("--model", default=None, help="embedding model (default: the configured one)")
    args = parser.parse_args()
    paths = [SHARED / "seeds"] + ([SHARED / "corpus" / "gov-reports"] if args.corpus == "all" else [])
    questions = [q for q in load_questions() if q.answerable]
    if args.corpus == "seeds":
        questions = [q for q in questions if all(g.source.startswith("seeds/") for g in q.gold)]
    base = IndexerSettings(**({"embedding_model": args.model} if args.model else {}))
    embedder = Embedder(base)
    print(f"| chunk size / overlap | passages | mode | questions | hit@1 | hit@5 | hit@10 | MRR@10 |\n{'|---' * 8}|")
    for size in args.sizes:
        settings = base.model_copy(update={"chunk_size": size, "chunk_overlap": args.overlap})
        with tempfile.TemporaryDirectory() as folder:
            report = IndexBuilder(settings, embedder).run([str(p) for p in paths], index_dir=Path(folder))
            service = Retrieval.open(Path(folder), settings, embedder=embedder)
            for mode in ("bm25", "dense", "hybrid"):
                scores = evaluate(questions, lambda q, m=mode, s=service: s.search(q, top_k=10, mode=m))
                row = scores.row(f"{size} / {args.overlap} | {report.n_chunks} | {mode}")
                print(row, flush=True)


if __name__ == "__main__":
    main()
