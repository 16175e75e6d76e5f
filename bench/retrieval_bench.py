"""Retrieval quality and speed on the real reports (../shared seeds + corpus/gov-reports).

    python -m bench.retrieval_bench [--index /tmp/govqa-bench-index] [--no-baseline] [--rebuild]
                                    [--questions FILE ...] [--split train]

Prints markdown tables: quality on the dev set (or on --questions, e.g. the user-worded
bench/data/user_questions_*.jsonl with --split train) (BM25 only, dense only, hybrid, naive baseline; all
questions and the seed questions), index build speed against the model's raw encode throughput, warm
search latency (p50/p95) and peak memory.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import statistics
import time
from pathlib import Path

from bench.devset import DEV_QUESTIONS, SHARED, evaluate, load_questions
from bench.machine import describe as describe_machine
from config import IndexerSettings
from indexer.pipeline import IndexBuilder, discover
from retrieval.service import Retrieval

CORPUS_PATHS = [SHARED / "seeds", SHARED / "corpus" / "gov-reports"]


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


ENCODER_SAMPLE = 384  # passages for the raw encoder's throughput, drawn at random from the built index


def build_index(index_dir: Path, rebuild: bool) -> dict:
    """Build (timed, wall clock and CPU), then time the raw encoder on a random sample of the same passages.

    CPU seconds per passage are reported beside wall-clock rates: on a shared machine the load changes between
    the build and the raw encode, and CPU time is far less sensitive to that than the clock.
    """
    settings = IndexerSettings()
    builder = IndexBuilder(settings)
    load_before = os.getloadavg()[0]
    started, cpu_started = time.perf_counter(), time.process_time()
    report = builder.run([str(p) for p in CORPUS_PATHS], index_dir=index_dir, rebuild=rebuild)
    seconds, cpu_seconds = time.perf_counter() - started, time.process_time() - cpu_started
    load_after_build = os.getloadavg()[0]
    # raw model throughput on the same passages: one call, which the encoder cuts into token-sorted batches
    service = Retrieval.open(index_dir, settings, embedder=builder.embedder)
    _, texts = service.index.store.match_texts()
    distinct = sorted(set(texts))
    sample = random.Random(0).sample(distinct, min(ENCODER_SAMPLE, len(distinct)))
    builder.embedder.encode_documents(sample[:16])  # warm-up
    t0, c0 = time.perf_counter(), time.process_time()
    builder.embedder.encode_documents(sample)
    raw_seconds, raw_cpu = time.perf_counter() - t0, time.process_time() - c0
    return {
        "report": report,
        "seconds": seconds,
        "cpu_per_passage": cpu_seconds / max(1, report.n_encoded),
        "raw_passages": len(sample),
        "raw_passages_per_s": len(sample) / raw_seconds,
        "raw_cpu_per_passage": raw_cpu / len(sample),
        "loads": f"{load_before:.1f} → {load_after_build:.1f} (build) → {os.getloadavg()[0]:.1f} (raw encode)",
        "service": service,
    }


def latency(service: Retrieval, questions: list[str]) -> tuple[float, float]:
    for q in questions[:3]:
        service.search(q)  # warm
    times = []
    for q in questions:
        t0 = time.perf_counter()
        service.search(q, top_k=5)
        times.append((time.perf_counter() - t0) * 1000)
    times.sort()
    return statistics.median(times), times[int(0.95 * (len(times) - 1))]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--index", type=Path, default=Path("/tmp/govqa-bench-index"))
    parser.add_argument("--rebuild", action="store_true", help="re-embed everything (measures a cold build)")
    parser.add_argument("--no-baseline", action="store_true")
    parser.add_argument("--questions", type=Path, nargs="+", default=[DEV_QUESTIONS], help="question files (JSONL)")
    parser.add_argument("--split", default=None, help="only the questions of this split (user-worded sets: train/test)")
    args = parser.parse_args()
    questions = [q for path in args.questions for q in load_questions(path, args.split) if q.answerable]
    seeds = [q for q in questions if q.about_seeds]

    built = build_index(args.index, args.rebuild)
    service: Retrieval = built["service"]
    report = built["report"]
    print(
        f"# Retrieval bench — {time.strftime('%Y-%m-%d')} — {describe_machine()}, "
        f"model {service.index.manifest.model_id}\n"
    )
    print("| retriever | questions | hit@1 | hit@5 | hit@10 | MRR@10 |\n|---|---|---|---|---|---|")
    misses = {}
    for mode in ("bm25", "dense", "hybrid"):
        for label, subset in (("all", questions), ("seeds", seeds)):
            scores = evaluate(subset, lambda q, m=mode: service.search(q, top_k=10, mode=m))
            print(scores.row(f"{mode} ({label})"))
            if mode == "hybrid" and label == "all":
                misses = scores.misses
    # speed and memory of the product itself, before the baseline's extra model work inflates the peak
    p50, p95 = latency(service, [q.question for q in questions])
    peak = peak_rss_mb()
    if not args.no_baseline:
        from bench.naive_baseline import NaiveBaseline

        files = [path for _, path in discover([str(p) for p in CORPUS_PATHS])[0]]
        baseline = NaiveBaseline(service.index.embedder, files)
        for label, subset in (("all", questions), ("seeds", seeds)):
            print(evaluate(subset, baseline.search).row(f"naive 500/50 dense ({label})"))
    print("\nhybrid misses (rank > 5):")
    for line in misses:
        print(f"- {line}")

    seconds = built["seconds"]
    print("\n| measure | value |\n|---|---|")
    raw = built["raw_passages_per_s"]
    print(
        f"| raw model encode ({built['raw_passages']} random passages of the index, one call, batch "
        f"{service.index.embedder.settings.embedding_batch_size}) | {raw:.1f} passages/s, "
        f"{built['raw_cpu_per_passage'] * 1000:.0f} ms CPU per passage |"
    )
    if report.n_encoded:
        rate = report.n_encoded / seconds
        print(
            f"| index build (cold) | {report.n_documents} documents, {report.n_chunks} passages "
            f"({report.n_encoded} encoded) in {seconds:.0f} s: {report.n_documents / seconds:.2f} documents/s, "
            f"{rate:.1f} passages/s, {built['cpu_per_passage'] * 1000:.0f} ms CPU per encoded passage |"
        )
        print(
            f"| build ÷ raw encoder | {rate / raw:.2f}× (wall clock), "
            f"{built['raw_cpu_per_passage'] / built['cpu_per_passage']:.2f}× (CPU time) |"
        )
    print(f"| load average | {built['loads']} |")
    print(f"| search latency, warm (hybrid, top 5) | p50 {p50:.0f} ms, p95 {p95:.0f} ms |")
    print(f"| peak memory (RSS, index + model + searches) | {peak:.0f} MB |")


if __name__ == "__main__":
    main()
