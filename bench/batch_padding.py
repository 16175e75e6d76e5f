"""How much padding each way of cutting the build's batches computes, on the 50 reports (tokenizer only, fast).

    python -m bench.batch_padding [--batch-size 16] [--pools 128 256 512]

A batch is computed at its longest passage's length in every row, so the tokens a build computes are
sum(batch size × longest in batch). Printed per cut: those tokens over the passages' real tokens (feed-forward
and projection work), and the same for the squared lengths (attention's Q·Kᵀ work). The cuts: per file sorted
by characters (the builder before issue 12's fourth pass), per file sorted by tokens, pools of files of at least
N passages sorted by tokens (the builder now, ``embedding_pool_size``), and the whole corpus sorted by tokens.
"""

from __future__ import annotations

import argparse

from bench.retrieval_bench import CORPUS_PATHS
from config import IndexerSettings
from indexer.chunking import Chunker
from indexer.cleaning import extract_paragraphs
from indexer.embedding import Embedder
from indexer.loaders import load_document
from indexer.metadata import extract_metadata
from indexer.passage_vectors import token_sorted_batches
from indexer.pipeline import discover, match_text


def passages_per_file(settings: IndexerSettings) -> list[list[str]]:
    chunker = Chunker(settings.chunk_size, settings.chunk_overlap, settings.min_chunk_chars)
    files = []
    for source, path in discover([str(p) for p in CORPUS_PATHS])[0]:
        document = load_document(path, source=source)
        paragraphs = extract_paragraphs(document.text)
        meta = extract_metadata(document, paragraphs, path)
        files.append(list(dict.fromkeys(match_text(meta, c) for c in chunker.run(document.text, paragraphs))))
    return files


def overhead(groups: list[list[int]], batch_size: int, by_characters: list[list[int]] | None = None) -> str:
    """Computed over real tokens and squared tokens, each group cut on its own (by tokens, or by characters)."""
    real = computed = real_squared = computed_squared = 0
    for index, lengths in enumerate(groups):
        sort_keys = by_characters[index] if by_characters else lengths
        for rows in token_sorted_batches(sort_keys, batch_size):
            width = max(lengths[row] for row in rows)
            real += sum(lengths[row] for row in rows)
            computed += width * len(rows)
            real_squared += sum(lengths[row] ** 2 for row in rows)
            computed_squared += width * width * len(rows)
    return f"{computed / real - 1:+.1%} | {computed_squared / real_squared - 1:+.1%}"


def pools(files: list[list[int]], size: int) -> list[list[int]]:
    grouped, current = [], []
    for lengths in files:
        current += lengths
        if len(current) >= size:
            grouped.append(current)
            current = []
    return grouped + ([current] if current else [])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--batch-size", type=int, default=16)
    parser.add_argument("--pools", type=int, nargs="*", default=[128, 256, 512])
    args = parser.parse_args()
    settings = IndexerSettings().model_copy(update={"embedding_runtime": "onnx"})
    embedder = Embedder(settings)
    texts = passages_per_file(settings)
    tokens = [embedder.document_token_counts(file) for file in texts]
    characters = [[len(text) for text in file] for file in texts]
    print(f"{len(texts)} files, {sum(map(len, texts))} passages, batch {args.batch_size}\n")
    print("| batches cut | extra tokens computed | extra attention work |\n|---|---|---|")
    print(f"| per file, sorted by characters | {overhead(tokens, args.batch_size, characters)} |")
    print(f"| per file, sorted by tokens | {overhead(tokens, args.batch_size)} |")
    for size in args.pools:
        print(f"| pools of ≥ {size} passages, sorted by tokens | {overhead(pools(tokens, size), args.batch_size)} |")
    everything = [[n for file in tokens for n in file]]
    print(f"| the whole corpus, sorted by tokens | {overhead(everything, args.batch_size)} |")


if __name__ == "__main__":
    main()
