"""Scale benchmark (issue 11): one store backend on a synthetic corpus of N passages (bench/scale_corpus.py).

    python -m bench.scale_bench --store faiss  --n 100000 --work /tmp/govqa-scale
    python -m bench.scale_bench --store milvus --n 100000 --work /tmp/govqa-scale [--hnsw-threshold 50000]

The parent encodes the 200 questions once (their real query vectors) and computes exact top-10s; the build
and the searches each run in a child process of their own, so that each child's peak RSS (VmHWM, plus that of
milvus-lite's server process when there is one) is what a build or a search process of that store needs.
- build: the synthetic documents through the store interface (begin → upsert_document → publish), without
  encoding; time, peak RSS, size on disk;
- search, warm, store calls only (query vectors precomputed): hybrid (dense + BM25, 60 candidates each,
  the project's weighted RRF, then the top 5 passages fetched), with no filter, a region filter, a region +
  year filter; BM25 alone; recall@10 of the dense index against exact inner product.
``--alternatives`` also measures FAISS index types on the same vectors (Flat, IVFFlat as built, IVF-SQ8).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

from bench.devset import DEV_QUESTIONS, load_questions
from bench.scale_corpus import generate, load_sources, region_and_year
from config import IndexerSettings, RetrievalSettings
from indexer.normalize import normalize_for_matching
from indexer.stores import PassageFilter, open_backend
from retrieval.search import fuse

QUESTION_FILES = [DEV_QUESTIONS, DEV_QUESTIONS.parent / "user_questions_a.jsonl"]
N_QUERIES, TOP = 200, 10


def peak_rss_mb() -> float:
    """Peak RSS of this process plus that of its child processes (milvus-lite's server), in MB."""
    pids = [os.getpid()]
    for task in Path("/proc/self/task").iterdir():
        pids += [int(p) for p in (task / "children").read_text().split()]
    total = 0
    for pid in pids:
        try:
            status = Path(f"/proc/{pid}/status").read_text()
        except FileNotFoundError:
            continue
        total += next(int(line.split()[1]) for line in status.splitlines() if line.startswith("VmHWM"))
    return total / 1024


def disk_mb(path: Path) -> float:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) / 1e6


def settings_for(args: argparse.Namespace) -> IndexerSettings:
    store_dir = args.work / args.store
    return IndexerSettings(store=args.store, milvus_uri=str(store_dir / "milvus.db") if args.store == "milvus" else "",
                           milvus_hnsw_threshold=args.hnsw_threshold, ivf_threshold=args.ivf_threshold)


def build(args: argparse.Namespace) -> dict:
    from indexer.manifest import Manifest

    sources = load_sources(args.source)
    store_dir = args.work / args.store
    shutil.rmtree(store_dir, ignore_errors=True)
    started = time.perf_counter()
    backend = open_backend(settings_for(args), store_dir)
    version = backend.begin(rebuild=True)
    vectors, meta, hashes = [], [], {}
    for doc in generate(sources, args.n):
        version.upsert_document(doc.record, doc.text, doc.chunks, doc.match_texts, doc.vectors)
        vectors.append(doc.vectors)
        meta += [(doc.record.region, doc.record.year)] * len(doc.chunks)
        hashes[doc.record.doc_id] = doc.record.content_hash
    source_manifest = Manifest.read(args.source / "current")
    kind = version.publish(source_manifest.model_copy(update={"documents": hashes, "n_chunks": args.n}))
    version.close()
    seconds = time.perf_counter() - started
    np.save(args.work / "vectors.npy", np.concatenate(vectors))  # chunk ids are 1..N in this order on both stores
    (args.work / "meta.json").write_text(json.dumps(meta, ensure_ascii=False))
    return {"index": kind, "build_s": seconds, "build_peak_rss_mb": peak_rss_mb(), "disk_mb": disk_mb(store_dir)}


def queries(args: argparse.Namespace) -> tuple[list[str], np.ndarray]:
    """The first 200 answerable questions and their real query vectors (cached in the work folder)."""
    texts = [q.question for path in QUESTION_FILES for q in load_questions(path) if q.answerable][:N_QUERIES]
    cache = args.work / "queries.npy"
    if not cache.exists():
        from indexer.embedding import Embedder

        np.save(cache, Embedder(IndexerSettings()).encode_queries([normalize_for_matching(t) for t in texts]))
    return texts, np.load(cache)


def query_filters(n: int, regions: list[str]) -> list[tuple[str, int]]:
    """A (region, year) per query, each an assigned pair of the corpus, fixed by the query's number."""
    return [region_and_year((7 * i) % max(1, n // 80), regions) for i in range(N_QUERIES)]


def exact_top(vectors: np.ndarray, query_vectors: np.ndarray, mask: np.ndarray | None = None) -> np.ndarray:
    scores = query_vectors @ vectors.T
    if mask is not None:
        scores[~mask] = -np.inf
    return np.argsort(-scores, axis=1)[:, :TOP] + 1  # chunk ids are positions + 1


def search(args: argparse.Namespace) -> dict:
    texts, query_vectors = queries(args)
    pairs = [tuple(p) for p in json.loads((args.work / "pairs.json").read_text())]
    exact = np.load(args.work / "exact.npy")
    exact_region = np.load(args.work / "exact_region.npy")
    retrieval = RetrievalSettings()
    store = open_backend(settings_for(args), args.work / args.store).open()
    assert len(store.chunks([1, args.n])) == 2 and not store.chunks([args.n + 1]), "chunk ids are not 1..N"
    normalised = [normalize_for_matching(t) for t in texts]

    def hybrid(i: int, where: PassageFilter | None) -> list[int]:
        dense = store.dense_search(query_vectors[i : i + 1], retrieval.candidates, where)
        lexical = store.lexical_search(normalised[i], retrieval.candidates, where)
        fused = fuse([(retrieval.dense_weight, dense), (retrieval.bm25_weight, lexical)], retrieval.rrf_k)
        best = sorted(fused, key=lambda c: -fused[c])[:5]
        store.chunks(best)
        return best

    def timed(call) -> list[float]:
        for i in range(20):  # warm: loads the indexes, fills caches
            call(i)
        times = []
        for i in range(N_QUERIES):
            started = time.perf_counter()
            call(i)
            times.append((time.perf_counter() - started) * 1000)
        return sorted(times)

    region = [PassageFilter(regions=(r,)) for r, _ in pairs]
    both = [PassageFilter(regions=(r,), years=(y,)) for r, y in pairs]
    results = {
        "hybrid": timed(lambda i: hybrid(i, None)),
        "hybrid_region": timed(lambda i: hybrid(i, region[i])),
        "hybrid_region_year": timed(lambda i: hybrid(i, both[i])),
        "bm25": timed(lambda i: store.lexical_search(normalised[i], retrieval.candidates)),
        "dense": timed(lambda i: store.dense_search(query_vectors[i : i + 1], retrieval.candidates)),
    }
    found = [store.dense_search(query_vectors[i : i + 1], TOP) for i in range(N_QUERIES)]
    found_region = [store.dense_search(query_vectors[i : i + 1], TOP, region[i]) for i in range(N_QUERIES)]
    out = {f"{name}_p{p}_ms": times[int(p / 100 * (len(times) - 1))]
           for name, times in results.items() for p in (50, 95)}
    out["recall10"] = _recall(found, exact)
    out["recall10_region"] = _recall(found_region, exact_region)
    out["search_peak_rss_mb"] = peak_rss_mb()
    return out


def _recall(found: list[np.ndarray], exact: np.ndarray) -> float:
    return float(np.mean([len(set(f.tolist()) & set(e.tolist())) / TOP for f, e in zip(found, exact, strict=True)]))


def alternatives(vectors: np.ndarray, query_vectors: np.ndarray, exact: np.ndarray, ivf_threshold: int) -> list[dict]:
    """FAISS index types on the same vectors: recall@10, p50 for one query, bytes per vector when serialised."""
    import math

    import faiss

    from indexer.vector_store import FaissVectorStore

    n, dim = vectors.shape
    n_lists, nprobe = int(4 * math.sqrt(n)), max(8, int(4 * math.sqrt(n)) // 16)  # as indexer/vector_store.py
    sq8 = faiss.IndexIVFScalarQuantizer(faiss.IndexFlatIP(dim), dim, n_lists, faiss.ScalarQuantizer.QT_8bit,
                                        faiss.METRIC_INNER_PRODUCT)
    sq8.train(vectors)
    sq8.add(vectors)
    sq8.nprobe = nprobe
    flat = faiss.IndexFlatIP(dim)
    flat.add(vectors)
    built = FaissVectorStore.build(np.arange(1, n + 1), vectors, ivf_threshold).index
    rows = []
    for name, index in (("Flat", flat), (f"as built ({FaissVectorStore(built).kind})", built),
                        (f"IVF{n_lists}-SQ8, nprobe {nprobe}", sq8)):
        offset = 0 if index is built else 1
        times, found = [], []
        for q in query_vectors:
            started = time.perf_counter()
            _, ids = index.search(q[None, :], TOP)
            times.append((time.perf_counter() - started) * 1000)
            found.append(ids[0] + offset)
        times.sort()
        rows.append({"index": name, "recall10": _recall(found, exact), "p50_ms": times[len(times) // 2],
                     "bytes_per_vector": faiss.serialize_index(index).nbytes / n})
    return rows


def child(args: argparse.Namespace, phase: str) -> dict:
    command = [sys.executable, "-u", "-m", "bench.scale_bench", "--phase", phase, *sys.argv[1:]]
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode:
        raise SystemExit(f"the {phase} phase failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", choices=["faiss", "milvus"], required=True)
    parser.add_argument("--n", type=int, default=100_000, help="passages in the synthetic corpus")
    parser.add_argument("--work", type=Path, default=Path("/tmp/govqa-scale"), help="working folder (rewritten)")
    parser.add_argument("--source", type=Path, default=Path("/tmp/govqa-bench-index"), help="built FAISS index")
    parser.add_argument("--hnsw-threshold", type=int, default=IndexerSettings().milvus_hnsw_threshold)
    parser.add_argument("--ivf-threshold", type=int, default=IndexerSettings().ivf_threshold)
    parser.add_argument("--alternatives", action="store_true", help="also measure FAISS index types")
    parser.add_argument("--phase", choices=["build", "search"], help=argparse.SUPPRESS)
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    if args.phase:
        print(json.dumps(build(args) if args.phase == "build" else search(args)))
        return
    load = os.getloadavg()[0]
    result = {"store": args.store, "n": args.n, "started": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())}
    result.update(child(args, "build"))
    vectors = np.load(args.work / "vectors.npy")
    meta = json.loads((args.work / "meta.json").read_text())
    _, query_vectors = queries(args)
    regions = sorted({r for r, _ in meta})
    pairs = query_filters(args.n, regions)
    (args.work / "pairs.json").write_text(json.dumps(pairs, ensure_ascii=False))
    exact = exact_top(vectors, query_vectors)
    np.save(args.work / "exact.npy", exact)
    region_of = np.asarray([r for r, _ in meta])
    mask = np.stack([region_of == r for r, _ in pairs])
    np.save(args.work / "exact_region.npy", exact_top(vectors, query_vectors, mask))
    result["region_filter_share"] = float(mask.mean())
    year_of = np.asarray([y for _, y in meta])
    result["region_year_filter_share"] = float(np.mean([((region_of == r) & (year_of == y)).mean() for r, y in pairs]))
    result.update(child(args, "search"))
    result["load_before_after"] = [round(load, 1), round(os.getloadavg()[0], 1)]
    result["machine"] = f"{platform.machine()}, {os.cpu_count()} cores"
    if args.alternatives:
        result["faiss_alternatives"] = alternatives(vectors, query_vectors, exact, args.ivf_threshold)
    print(json.dumps(result, ensure_ascii=False, indent=1))
    with (args.work / "results.jsonl").open("a", encoding="utf-8") as log:
        log.write(json.dumps(result, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
