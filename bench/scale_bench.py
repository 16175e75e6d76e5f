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
``--alternatives`` also measures both large FAISS index types on the same vectors (IVFFlat, IVF-SQ8).
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
from bench.scale_corpus import generate, load_sources, region_and_year, sentences
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
                           milvus_hnsw_threshold=args.hnsw_threshold, ivf_threshold=args.ivf_threshold,
                           faiss_large_index=args.large_index)


def timing(phases: dict[str, float], owner: object, name: str) -> None:
    """Wrap ``owner.name`` so that the seconds spent in it add up in ``phases[name]`` (build breakdown)."""
    original = getattr(owner, name)
    key = f"{owner.__name__.rsplit('.', 1)[-1]}.{name}"

    def timed(*args, **kwargs):
        started = time.perf_counter()
        try:
            return original(*args, **kwargs)
        finally:
            phases[key] = phases.get(key, 0.0) + time.perf_counter() - started

    setattr(owner, name, timed)


def sentence_cached(tokenize):
    """``tokenize`` run once per distinct sentence: the synthetic passages recombine a fixed pool of sentences.

    jieba segments within runs of Han characters and alphanumerics, and a sentence ends at 。！？；, so a
    passage's tokens are the union of its sentences' tokens (the order differs, which BM25 ignores), except
    where a drawn sentence had no final punctuation and now runs into the next one.
    """
    from functools import lru_cache

    cached = lru_cache(maxsize=None)(lambda sentence: tuple(tokenize(sentence)))

    def tokenize_by_sentence(normalised_text: str) -> list[str]:
        return [token for sentence in sentences(normalised_text) for token in cached(sentence)]

    return tokenize_by_sentence


def build(args: argparse.Namespace) -> dict:
    from indexer import bm25_index, vector_store
    from indexer.manifest import Manifest

    sources = load_sources(args.source)
    store_dir = args.work / args.store
    shutil.rmtree(store_dir, ignore_errors=True)
    phases: dict[str, float] = {}
    if args.sentence_token_cache:
        bm25_index.tokenize = sentence_cached(bm25_index.tokenize)
    timing(phases, vector_store.FaissVectorStore, "build")
    timing(phases, bm25_index.BM25Index, "build")
    timing(phases, bm25_index, "tokenize")  # jieba + bigrams, inside BM25Index.build (FAISS)
    if args.store == "milvus":
        from indexer.stores import milvus_schema

        if args.sentence_token_cache:
            milvus_schema.tokenize = bm25_index.tokenize
        timing(phases, milvus_schema, "tokenize")  # the `project` BM25 tokens, made at each upsert
    started = time.perf_counter()
    backend = open_backend(settings_for(args), store_dir)
    version = backend.begin(rebuild=True)
    # the vectors go straight to disk: the bench keeps no copy in the build process it measures
    vectors = np.lib.format.open_memmap(args.work / "vectors.npy", "w+", np.float32, (args.n, sources.vectors.shape[1]))
    meta, hashes, position = [], {}, 0
    for doc in generate(sources, args.n):
        version.upsert_document(doc.record, doc.text, doc.chunks, doc.match_texts, doc.vectors)
        vectors[position : position + len(doc.vectors)] = doc.vectors  # chunk ids are 1..N in this order
        position += len(doc.vectors)
        meta += [(doc.record.region, doc.record.year)] * len(doc.chunks)
        hashes[doc.record.doc_id] = doc.record.content_hash
    upserted = time.perf_counter()
    source_manifest = Manifest.read(args.source / "current")
    kind = version.publish(source_manifest.model_copy(update={"documents": hashes, "n_chunks": args.n}))
    version.close()
    seconds = time.perf_counter() - started
    vectors.flush()
    (args.work / "meta.json").write_text(json.dumps(meta, ensure_ascii=False))
    return {"index": kind, "build_s": seconds, "upserts_s": upserted - started,
            "publish_s": seconds - (upserted - started),
            **{f"{name}_s": round(value, 1) for name, value in phases.items()},
            "build_peak_rss_mb": peak_rss_mb(), "disk_mb": disk_mb(store_dir)}


def rss_mb(field: str = "VmRSS") -> float:
    """This process's resident memory in MB: VmRSS in all, or RssAnon (private) / RssFile (mapped files)."""
    status = Path("/proc/self/status").read_text()
    return next(int(line.split()[1]) for line in status.splitlines() if line.startswith(field + ":")) / 1024


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


def exact_top(vectors: np.ndarray, query_vectors: np.ndarray, rows: list[np.ndarray] | None = None) -> np.ndarray:
    """Exact top 10 chunk ids by inner product; with ``rows``, query i among vectors[rows[i]] only."""
    tops = []
    for i, query in enumerate(query_vectors):
        positions = rows[i] if rows is not None else np.arange(len(vectors))
        scores = vectors[positions] @ query
        best = np.argpartition(-scores, TOP)[:TOP]
        tops.append(positions[best[np.argsort(-scores[best])]] + 1)  # chunk ids are positions + 1
    return np.stack(tops)


def search(args: argparse.Namespace) -> dict:
    texts, query_vectors = queries(args)
    pairs = [tuple(p) for p in json.loads((args.work / "pairs.json").read_text())]
    exact = np.load(args.work / "exact.npy")
    exact_region = np.load(args.work / "exact_region.npy")
    retrieval = RetrievalSettings()
    rss = {"search_rss_start_mb": rss_mb()}
    store = open_backend(settings_for(args), args.work / args.store).open()
    if args.store == "faiss":  # what each index adds to the search process, resident
        store.vectors.search(query_vectors[:1], 1)
        rss["search_rss_with_vectors_mb"] = rss_mb()
        store.bm25.scores(normalize_for_matching(texts[0]))
        rss["search_rss_with_bm25_mb"] = rss_mb()
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
        "bm25_region": timed(lambda i: store.lexical_search(normalised[i], retrieval.candidates, region[i])),
        "dense": timed(lambda i: store.dense_search(query_vectors[i : i + 1], retrieval.candidates)),
        "dense_region": timed(lambda i: store.dense_search(query_vectors[i : i + 1], retrieval.candidates, region[i])),
    }
    found = [store.dense_search(query_vectors[i : i + 1], TOP) for i in range(N_QUERIES)]
    found_region = [store.dense_search(query_vectors[i : i + 1], TOP, region[i]) for i in range(N_QUERIES)]
    out = {f"{name}_p{p}_ms": times[int(p / 100 * (len(times) - 1))]
           for name, times in results.items() for p in (50, 95)}
    out["recall10"] = _recall(found, exact)
    out["recall10_region"] = _recall(found_region, exact_region)
    out["search_peak_rss_mb"] = peak_rss_mb()
    # file-backed pages (memory-mapped files, libraries) are page cache shared between processes; anon is private
    out["search_rss_anon_mb"], out["search_rss_file_mb"] = rss_mb("RssAnon"), rss_mb("RssFile")
    return {**out, **rss}


def _recall(found: list[np.ndarray], exact: np.ndarray) -> float:
    return float(np.mean([len(set(f.tolist()) & set(e.tolist())) / TOP for f, e in zip(found, exact, strict=True)]))


def alternatives(vectors: np.ndarray, query_vectors: np.ndarray, exact: np.ndarray, exact_region: np.ndarray,
                 region_rows: list[np.ndarray], ivf_threshold: int) -> list[dict]:
    """Both large FAISS index types on the same vectors, as indexer/vector_store.py builds them: build time,
    recall@10 unfiltered and under the region filter, p50 for one query, bytes per vector when serialised."""
    import faiss

    from indexer.vector_store import FaissVectorStore

    n = len(vectors)
    rows = []
    for large_index in ("ivf_flat", "ivf_sq8"):
        started = time.perf_counter()
        store = FaissVectorStore.build(np.arange(1, n + 1), np.asarray(vectors), ivf_threshold, large_index)
        build_s = time.perf_counter() - started
        times, found = [], []
        for q in query_vectors:
            started = time.perf_counter()
            _, ids = store.search(q[None, :], TOP)
            times.append((time.perf_counter() - started) * 1000)
            found.append(ids[0])
        found_region = [store.search(q[None, :], TOP, rows + 1)[1][0] for q, rows in zip(query_vectors, region_rows,
                                                                                          strict=True)]
        times.sort()
        rows.append({"index": f"{store.kind} ({large_index})", "build_s": build_s, "recall10": _recall(found, exact),
                     "recall10_region": _recall(found_region, exact_region), "p50_ms": times[len(times) // 2],
                     "bytes_per_vector": faiss.serialize_index(store.index).nbytes / n})
        del store
    return rows


def child(args: argparse.Namespace, phase: str) -> dict:
    command = [sys.executable, "-u", "-m", "bench.scale_bench", "--phase", phase,
               *[a for a in sys.argv[1:] if a not in ("--only", "build", "search")]]
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
    parser.add_argument("--large-index", choices=["ivf_sq8", "ivf_flat"], default=IndexerSettings().faiss_large_index)
    parser.add_argument("--alternatives", action="store_true", help="also measure FAISS index types")
    parser.add_argument("--sentence-token-cache", action="store_true",
                        help="the BENCH tokenises each distinct sentence once (see sentence_cached); the build "
                        "time then leaves out most tokenisation, whose cost per passage is measured apart")
    parser.add_argument("--only", choices=["build", "search"],
                        help="build: build and stop (WORK/build.json); search: measure the build already in WORK "
                        "(so that only the timed part runs under the heavy lock)")
    parser.add_argument("--phase", choices=["build", "search"], help=argparse.SUPPRESS)
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    if args.phase:
        print(json.dumps(build(args) if args.phase == "build" else search(args)))
        return
    load = os.getloadavg()[0]
    result = {"store": args.store, "n": args.n, "started": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())}
    result["command"] = " ".join(["python -m bench.scale_bench", *sys.argv[1:]])
    if args.only == "search":
        result.update(json.loads((args.work / "build.json").read_text()))
    else:
        built = child(args, "build")
        built["build_load_before_after"] = [round(load, 1), round(os.getloadavg()[0], 1)]
        result.update(built)
    vectors = np.load(args.work / "vectors.npy", mmap_mode="r")
    meta = json.loads((args.work / "meta.json").read_text())
    _, query_vectors = queries(args)
    regions = sorted({r for r, _ in meta})
    pairs = query_filters(args.n, regions)
    (args.work / "pairs.json").write_text(json.dumps(pairs, ensure_ascii=False))
    exact = exact_top(vectors, query_vectors)
    np.save(args.work / "exact.npy", exact)
    region_of = np.asarray([r for r, _ in meta])
    rows_of = {r: np.flatnonzero(region_of == r) for r in regions}
    region_rows = [rows_of[r] for r, _ in pairs]
    exact_region = exact_top(vectors, query_vectors, region_rows)
    np.save(args.work / "exact_region.npy", exact_region)
    result["region_filter_share"] = float(np.mean([len(rows) for rows in region_rows]) / args.n)
    year_of = np.asarray([y for _, y in meta])
    result["region_year_filter_share"] = float(np.mean([((region_of == r) & (year_of == y)).mean() for r, y in pairs]))
    if args.alternatives and args.only != "search":  # not timed: builds two IVF indexes (minutes at 10^6)
        result["faiss_alternatives"] = alternatives(vectors, query_vectors, exact, exact_region, region_rows,
                                                    args.ivf_threshold)
    if args.only != "search":
        (args.work / "build.json").write_text(json.dumps(result, ensure_ascii=False))
    if args.only != "build":
        load = os.getloadavg()[0]
        result.update(child(args, "search"))
        result["load_before_after"] = [round(load, 1), round(os.getloadavg()[0], 1)]
    result["machine"] = f"{platform.machine()}, {os.cpu_count()} cores"
    print(json.dumps(result, ensure_ascii=False, indent=1))
    with (args.work / "results.jsonl").open("a", encoding="utf-8") as log:
        log.write(json.dumps(result, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
