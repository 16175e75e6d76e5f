"""Retrieval quality of one built index on whichever store the settings choose (issue 11: store parity).

    GOVQA_STORE=milvus python -m bench.store_bench --index /tmp/govqa-milvus-index [--questions F ...] [--split train]
    python -m bench.store_bench --index /tmp/govqa-bench-index          # the FAISS index it was copied from

Opens the index read-only (no build; bench/copy_to_store.py makes a Milvus copy of a FAISS index with the same
passages and vectors) and prints hit@k and MRR@10 of BM25, dense and hybrid search, plus warm hybrid latency.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import time
from pathlib import Path

from bench.devset import DEV_QUESTIONS, evaluate, load_questions
from config import IndexerSettings
from retrieval.service import Retrieval


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--index", type=Path, required=True)
    parser.add_argument("--questions", type=Path, nargs="+", default=[DEV_QUESTIONS], help="question files (JSONL)")
    parser.add_argument("--split", default=None, help="only the questions of this split (train/test)")
    args = parser.parse_args()
    questions = [q for path in args.questions for q in load_questions(path, args.split) if q.answerable]
    settings = IndexerSettings()
    service = Retrieval.open(args.index, settings)
    load = os.getloadavg()
    print(f"# store {settings.store} ({service.index.manifest.vector_store}"
          f"{', BM25 tokens ' + settings.milvus_bm25_tokens if settings.store == 'milvus' else ''}) — "
          f"{time.strftime('%Y-%m-%d %H:%M')} — {platform.machine()}, {os.cpu_count()} cores, "
          f"load {load[0]:.1f} — {len(questions)} questions\n")
    print("| retriever | questions | hit@1 | hit@5 | hit@10 | MRR@10 |\n|---|---|---|---|---|---|")
    for mode in ("bm25", "dense", "hybrid"):
        print(evaluate(questions, lambda q, m=mode: service.search(q, top_k=10, mode=m)).row(mode), flush=True)
    times = []
    for q in questions:
        started = time.perf_counter()
        service.search(q.question, top_k=5)
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    print(f"\nhybrid latency, warm, top 5: p50 {statistics.median(times):.0f} ms, "
          f"p95 {times[int(0.95 * (len(times) - 1))]:.0f} ms (load {os.getloadavg()[0]:.1f})")


if __name__ == "__main__":
    main()
