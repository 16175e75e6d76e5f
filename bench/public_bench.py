"""Retrieval on public Chinese sets: CMRC2018 and DRCD (Traditional) at sentence level, and RGB.

    python -m bench.public_bench [--sets cmrc2018/sentence drcd/sentence rgb] [--limit N]

Each set's sentences/passages are the units (no chunking): the same normalisation, jieba BM25, embedding
model and weighted reciprocal-rank fusion as the product. Like the product, which indexes a passage with its
document title and heading chain (indexer.pipeline.match_text), a unit is indexed with its article title
when the set gives one; --no-title indexes the bare sentence. Prints recall@1/5/10 and MRR@10 per retriever.
Reference (shared/README.md, character-bigram BM25): CMRC hit@1 0.69 / R@10 0.96; DRCD 0.80 / 0.94.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import numpy as np

from bench.devset import SHARED
from config import RetrievalSettings
from indexer.bm25_index import BM25Index
from indexer.embedding import Embedder
from indexer.normalize import normalize_for_matching
from indexer.vector_store import FaissVectorStore


def _jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def run_set(folder: Path, embedder: Embedder, limit: int | None, with_title: bool = True) -> list[str]:
    corpus = _jsonl(folder / "corpus.jsonl")
    queries = _jsonl(folder / "queries.jsonl")[:limit]
    gold: dict[str, set[str]] = {}
    for line in (folder / "qrels.tsv").read_text(encoding="utf-8").splitlines():
        qid, pid, *_ = line.split("\t")
        gold.setdefault(qid, set()).add(pid)
    queries = [q for q in queries if q["qid"] in gold]
    texts = [normalize_for_matching(f"{c.get('title', '')}\n{c['text']}" if with_title else c["text"]) for c in corpus]
    ids = np.arange(len(corpus), dtype=np.int64)
    started = time.perf_counter()
    vectors = embedder.encode_documents(texts)
    encode_s = time.perf_counter() - started
    dense = FaissVectorStore.build(ids, vectors, ivf_threshold=10**9)
    bm25 = BM25Index.build(ids.tolist(), texts)
    settings = RetrievalSettings()
    query_texts = [normalize_for_matching(q["query"]) for q in queries]
    query_vectors = embedder.encode_queries(query_texts)
    rankings: dict[str, list[list[int]]] = {"bm25": [], "dense": [], "hybrid": []}
    depth = settings.candidates
    for text, vector in zip(query_texts, query_vectors, strict=True):
        bm25_ids = bm25.scores(text)[0][:depth].tolist()
        dense_ids = [i for i in dense.search(vector[None, :], depth)[1][0].tolist() if i >= 0]
        fused: dict[int, float] = {}
        for weight, ranked in ((settings.bm25_weight, bm25_ids), (settings.dense_weight, dense_ids)):
            for rank, i in enumerate(ranked, start=1):
                fused[i] = fused.get(i, 0.0) + weight / (settings.rrf_k + rank)
        rankings["bm25"].append(bm25_ids)
        rankings["dense"].append(dense_ids)
        rankings["hybrid"].append(sorted(fused, key=lambda i: -fused[i]))
    rows = []
    for name, ranked_lists in rankings.items():
        r1 = r5 = r10 = mrr = 0.0
        for query, ranked in zip(queries, ranked_lists, strict=True):
            pids = [corpus[i]["pid"] for i in ranked[:10]]
            rank = next((k for k, pid in enumerate(pids, start=1) if pid in gold[query["qid"]]), None)
            r1 += rank == 1
            r5 += rank is not None and rank <= 5
            r10 += rank is not None
            mrr += 1 / rank if rank else 0
        n = len(queries)
        rows.append(
            f"| {folder.relative_to(SHARED / 'bench')} | {name} | {n} | {r1 / n:.3f} | {r5 / n:.3f} | "
            f"{r10 / n:.3f} | {mrr / n:.3f} |"
        )
    rows.append(
        f"| {folder.relative_to(SHARED / 'bench')} | (encode {len(corpus)} units: "
        f"{len(corpus) / encode_s:.1f}/s) | | | | | |"
    )
    return rows


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sets", nargs="+", default=["cmrc2018/sentence", "drcd/sentence", "rgb"])
    parser.add_argument("--limit", type=int, default=None, help="first N queries only (quick runs)")
    parser.add_argument("--no-title", action="store_true", help="index the bare sentence, without its title")
    args = parser.parse_args()
    embedder = Embedder()
    print("| set | retriever | queries | recall@1 | recall@5 | recall@10 | MRR@10 |\n|---|---|---|---|---|---|---|")
    for name in args.sets:
        for row in run_set(SHARED / "bench" / name, embedder, args.limit, not args.no_title):
            print(row, flush=True)


if __name__ == "__main__":
    main()
