"""Encoder throughput and agreement: torch fp32 vs ONNX fp32 vs ONNX int8 on the same 1,000 real passages.

    python -m bench.encoder_bench [--passages 1000] [--repetitions 3] [--batch-size 16]
                                  [--onnx NAME=FILE ...] [--threads 2]

The passages are what the builder embeds (title + heading chain + text, normalised) from the 50 reports
(seeds + corpus/gov-reports), deduplicated, shuffled with a fixed seed.

The machine is shared, so its load changes during a run. To make that load hit every runtime alike, the
runtimes take turns batch by batch (round-robin, the order rotated every batch) and the whole pass is
repeated: each repetition gives every runtime's speed ratio to torch fp32 over the same batches at the same
moment, and the table reports the median ratio over repetitions (and their spread), with the load average
before and after each repetition. ``--onnx NAME=FILE`` adds candidate exports (for example a differently
quantised int8) to the same interleaving. Cosine is measured against torch fp32, passage by passage.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import statistics
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

from bench.retrieval_bench import CORPUS_PATHS
from config import IndexerSettings
from indexer.chunking import Chunker
from indexer.cleaning import extract_paragraphs
from indexer.embedding import Embedder
from indexer.loaders import load_document
from indexer.metadata import extract_metadata
from indexer.pipeline import discover, match_text

RUNTIMES = {
    "torch fp32": {"embedding_runtime": "torch"},
    "ONNX fp32": {"embedding_runtime": "onnx", "onnx_precision": "fp32"},
    "ONNX int8": {"embedding_runtime": "onnx", "onnx_precision": "int8"},
}
REFERENCE = "torch fp32"


def report_passages(settings: IndexerSettings, count: int, files: list[tuple[str, Path]] | None = None,
                    seed: int = 0) -> list[str]:
    """``count`` distinct passages as the builder embeds them, shuffled with ``seed``, from ``files``
    ((source, path) pairs; default: the bench corpus)."""
    chunker = Chunker(settings.chunk_size, settings.chunk_overlap, settings.min_chunk_chars)
    texts: list[str] = []
    for source, path in files if files is not None else discover([str(p) for p in CORPUS_PATHS])[0]:
        document = load_document(path, source=source)
        paragraphs = extract_paragraphs(document.text)
        if paragraphs:
            meta = extract_metadata(document, paragraphs, path)
            texts += [match_text(meta, chunk) for chunk in chunker.run(document.text, paragraphs)]
    unique = sorted(set(texts))
    random.Random(seed).shuffle(unique)
    if len(unique) < count:
        raise SystemExit(f"only {len(unique)} distinct passages in the corpus, {count} asked for")
    return unique[:count]


def length_sorted_batches(texts: list[str], batch_size: int) -> list[list[str]]:
    """The batches every runtime sees: cut from texts sorted by length, as both runtimes cut them anyway."""
    ordered = sorted(texts, key=len, reverse=True)
    return [ordered[begin : begin + batch_size] for begin in range(0, len(ordered), batch_size)]


def encoders(settings: IndexerSettings, extra_onnx: dict[str, Path]) -> dict[str, Callable[[list[str]], np.ndarray]]:
    runtimes = {}
    for name, update in RUNTIMES.items():
        embedder = Embedder(settings.model_copy(update=update))
        runtimes[name] = embedder.encode_documents
    if extra_onnx:
        from indexer.onnx_encoder import OnnxEncoder

        folder = Path(Embedder(settings).resolved.location)
        for name, file in extra_onnx.items():
            encoder = OnnxEncoder(folder, file, min(settings.max_seq_length, 512))
            runtimes[name] = lambda texts, e=encoder: e.encode(texts, "document", settings.embedding_batch_size)
    return runtimes


def one_repetition(runtimes: dict, batches: list[list[str]]) -> tuple[dict[str, float], dict[str, np.ndarray]]:
    """Seconds per runtime over all batches, the runtimes taking turns batch by batch; and their vectors."""
    names = list(runtimes)
    seconds = dict.fromkeys(names, 0.0)
    vectors: dict[str, list[np.ndarray]] = {name: [] for name in names}
    for turn, batch in enumerate(batches):
        shift = turn % len(names)
        for name in names[shift:] + names[:shift]:
            started = time.perf_counter()
            vectors[name].append(runtimes[name](batch))
            seconds[name] += time.perf_counter() - started
    return seconds, {name: np.vstack(parts) for name, parts in vectors.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--passages", type=int, default=1000)
    parser.add_argument("--repetitions", type=int, default=3)
    parser.add_argument("--batch-size", type=int, default=None, help="default: GOVQA_EMBEDDING_BATCH_SIZE")
    parser.add_argument("--onnx", nargs="*", default=[], metavar="NAME=FILE", help="candidate ONNX exports to add")
    args = parser.parse_args()
    base = IndexerSettings()
    if args.batch_size:
        base = base.model_copy(update={"embedding_batch_size": args.batch_size})
    extra = {item.split("=", 1)[0]: Path(item.split("=", 1)[1]) for item in args.onnx}
    texts = report_passages(base, args.passages)
    batches = length_sorted_batches(texts, base.embedding_batch_size)
    runtimes = encoders(base, extra)
    for encode in runtimes.values():
        encode(batches[-1])  # load and warm up outside the timing
    rates: dict[str, list[float]] = {name: [] for name in runtimes}
    ratios: dict[str, list[float]] = {name: [] for name in runtimes}
    loads = []
    started = time.strftime("%Y-%m-%d %H:%M")
    for _ in range(args.repetitions):
        before = os.getloadavg()[0]
        seconds, vectors = one_repetition(runtimes, batches)
        loads.append(f"{before:.1f}→{os.getloadavg()[0]:.1f}")
        for name in runtimes:
            rates[name].append(len(texts) / seconds[name])
            ratios[name].append(seconds[REFERENCE] / seconds[name])
    print(
        f"# Encoder bench — {started} UTC — {platform.machine()}, {os.cpu_count()} cores; {len(texts)} passages, "
        f"batch {base.embedding_batch_size}, {args.repetitions} repetitions; load average per repetition "
        f"{', '.join(loads)}\n"
    )
    print(
        "| runtime | passages/s (median) | × torch fp32: median | min–max | cosine to torch fp32: mean | min |\n"
        "|---|---|---|---|---|---|"
    )
    for name in runtimes:
        cosine = (vectors[name] * vectors[REFERENCE]).sum(axis=1)
        print(
            f"| {name} | {statistics.median(rates[name]):.1f} | {statistics.median(ratios[name]):.2f} | "
            f"{min(ratios[name]):.2f}–{max(ratios[name]):.2f} | {cosine.mean():.4f} | {cosine.min():.4f} |"
        )


if __name__ == "__main__":
    main()
