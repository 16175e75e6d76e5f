"""Encoder throughput and agreement: torch fp32 vs ONNX fp32 vs ONNX int8 on the same 1,000 real passages.

    python -m bench.encoder_bench [--passages 1000] [--slice 100]

The passages are what the builder embeds (title + heading chain + text, normalised) from the 50 reports
(seeds + corpus/gov-reports), deduplicated, shuffled with a fixed seed. The runtimes take turns on slices of
``--slice`` passages (order rotated every slice), so a machine whose load changes during the run slows all
three alike and the speed ratios stay meaningful. Cosine is measured against torch fp32, passage by passage.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import time

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


def report_passages(settings: IndexerSettings, count: int) -> list[str]:
    chunker = Chunker(settings.chunk_size, settings.chunk_overlap, settings.min_chunk_chars)
    texts: list[str] = []
    for source, path in discover([str(p) for p in CORPUS_PATHS])[0]:
        document = load_document(path, source=source)
        paragraphs = extract_paragraphs(document.text)
        if paragraphs:
            meta = extract_metadata(document, paragraphs, path)
            texts += [match_text(meta, chunk) for chunk in chunker.run(document.text, paragraphs)]
    unique = sorted(set(texts))
    random.Random(0).shuffle(unique)
    if len(unique) < count:
        raise SystemExit(f"only {len(unique)} distinct passages in the corpus, {count} asked for")
    return unique[:count]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--passages", type=int, default=1000)
    parser.add_argument("--slice", type=int, default=100, help="passages per turn of each runtime")
    args = parser.parse_args()
    base = IndexerSettings()
    texts = report_passages(base, args.passages)
    embedders = {name: Embedder(base.model_copy(update=update)) for name, update in RUNTIMES.items()}
    for embedder in embedders.values():
        embedder.encode_documents(texts[:16])  # load and warm up outside the timing
    seconds = dict.fromkeys(embedders, 0.0)
    vectors: dict[str, list[np.ndarray]] = {name: [] for name in embedders}
    names = list(embedders)
    load_before = os.getloadavg()[0]
    for turn, begin in enumerate(range(0, len(texts), args.slice)):
        part = texts[begin : begin + args.slice]
        for name in names[turn % 3 :] + names[: turn % 3]:
            started = time.perf_counter()
            vectors[name].append(embedders[name].encode_documents(part))
            seconds[name] += time.perf_counter() - started
    load_after = os.getloadavg()[0]
    reference = np.vstack(vectors["torch fp32"])
    print(
        f"# Encoder bench — {time.strftime('%Y-%m-%d %H:%M')} UTC — {platform.machine()}, {os.cpu_count()} cores, "
        f"load average {load_before:.1f} → {load_after:.1f}; {len(texts)} passages, batch {base.embedding_batch_size}\n"
    )
    print("| runtime | passages/s | × torch fp32 | cosine to torch fp32: mean | min |\n|---|---|---|---|---|")
    torch_rate = len(texts) / seconds["torch fp32"]
    for name in names:
        rate = len(texts) / seconds[name]
        cosine = (np.vstack(vectors[name]) * reference).sum(axis=1)
        print(f"| {name} | {rate:.1f} | {rate / torch_rate:.2f} | {cosine.mean():.4f} | {cosine.min():.4f} |")


if __name__ == "__main__":
    main()
