"""Answer-quality benchmark: accuracy, citation precision, refusals and latency per backend.

    python bench/answer_bench.py --backend extractive local [--split test] [--index DIR] [--rgb-limit 300]
    python bench/answer_bench.py --questions bench/data/dev_questions.jsonl ...   (the old, tuned-on dev set)

Questions (default: the user-worded bench/data/user_questions_*.jsonl, one split) against an index of
../shared/seeds + ../shared/corpus/gov-reports, tallied by split, by seeds / reports, by kind and by wording style:
  accuracy          answerable questions whose answer contains every gold string (both sides t2s-normalised)
                    or its amounts ("2千元" for "二千元"; `exact strings` counts verbatim matches only)
  accuracy+cite     ... and at least one citation whose passage contains a gold evidence or answer string
  cite precision    citations whose passage contains a gold evidence or answer string (answerable questions)
  refusal rate      unanswerable questions refused;  false refusals: answerable questions refused
  dangling          answers with an [n] marker that no citation carries (must be 0)
  ttft / total      seconds to the first token and to the final answer (mean, p50, max)
RGB (../shared/bench/rgb, zh_refine): the passages for a question are the top-k of a BM25 search over the
pooled corpus ("noise": positives among negatives); "negative rejection" repeats it with the question's
positives and every passage containing an answer string removed, where the right answer is a refusal.

Build the index once (several minutes): python -m indexer build ../shared/seeds ../shared/corpus/gov-reports
--index /tmp/govqa-bench-index
"""

from __future__ import annotations

import argparse
import json
import random
import re
import statistics
import sys
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bench.machine import describe as describe_machine  # noqa: E402
from indexer.normalize import normalize_for_matching  # noqa: E402
from retrieval.answer.answerer import Answerer  # noqa: E402
from retrieval.answer.text import figure_supported, figures, norm  # noqa: E402
from retrieval.answer.types import Answer, FinalEvent, TokenEvent  # noqa: E402
from retrieval.types import Hit, Passage  # noqa: E402

SHARED = REPO.parent / "shared"
DATA = REPO / "bench" / "data"
DEV = DATA / "dev_questions.jsonl"
RGB = SHARED / "bench" / "rgb"
RGB_K = 8  # passages per RGB question (--rgb-k)


def squash(text: str) -> str:
    """Matching form for scoring: t2s + NFKC, without spaces and thousands separators."""
    return normalize_for_matching(text).replace(" ", "").replace(",", "")


_NUMERALS = "0-9〇零一二两三四五六七八九十百千万亿"
_DIGITS = "0-9〇零一二两三四五六七八九"  # a magnitude after the number may follow: RGB's gold "60.39" for "60.39亿"


def holds(gold: str, squashed_answer: str) -> bool:
    """The answer states the gold string, or the same amounts ("2千元" for "二千元", "290000家" for "二十九万家";
    units compared as the verifier compares them). A number is read whole: "2件" is not stated by "4502件", nor
    "五个" by "二十五个"; citation markers are no amounts ("[2]")."""
    squashed_answer = re.sub(r"\[\d+\]", " ", squashed_answer)
    if _verbatim(squash(gold), squashed_answer):
        return True
    wanted = [f for f in figures(norm(gold)) if not f.is_year]
    stated = figures(squashed_answer)
    return bool(wanted) and all(figure_supported(f, stated, squashed_answer) for f in wanted)


def _verbatim(gold: str, answer: str) -> bool:
    if not gold:
        return False
    before = rf"(?<![{_NUMERALS}])(?<![{_NUMERALS}]\.)" if re.match(rf"[{_NUMERALS}]", gold) else ""
    after = rf"(?!\.?[{_DIGITS}])" if re.search(rf"[{_NUMERALS}]$", gold) else ""
    return re.search(before + re.escape(gold) + after, answer) is not None


@dataclass
class Tally:
    answerable: int = 0
    correct: int = 0
    correct_cited: int = 0
    correct_exact: int = 0  # the gold strings verbatim (no amount matching): the previous sessions' measure
    false_refusals: int = 0
    unanswerable: int = 0
    refused: int = 0
    citations: int = 0
    citations_ok: int = 0
    dangling: int = 0
    ttft: list[float] = field(default_factory=list)
    total: list[float] = field(default_factory=list)

    def add(self, answerable: bool, answer: Answer, golds: list[list[str]], evidence: list[str]) -> dict:
        text = squash(answer.answer)
        markers = {int(n) for n in re.findall(r"\[(\d+)\]", answer.answer)}
        self.dangling += bool(markers - {c.n for c in answer.citations})
        self.total.append(answer.timings.get("total_s", 0.0))
        if "first_token_s" in answer.timings:
            self.ttft.append(answer.timings["first_token_s"])
        if not answerable:
            self.unanswerable += 1
            self.refused += answer.refused
            return {"ok": answer.refused}
        self.answerable += 1
        self.false_refusals += answer.refused
        ok = not answer.refused and all(any(holds(g, text) for g in group) for group in golds)
        self.correct_exact += not answer.refused and all(any(_verbatim(squash(g), text) for g in group)
                                                         for group in golds)
        marks = [squash(e) for e in evidence] + [squash(g) for group in golds for g in group]
        held = [any(m in squash(c.passage.text) for m in marks) for c in answer.citations]
        self.citations += len(held)
        self.citations_ok += sum(held)
        self.correct += ok
        self.correct_cited += ok and any(held)
        return {"ok": ok, "cited_ok": any(held)}

    def report(self, name: str) -> str:
        def pct(a: int, b: int) -> str:
            return f"{a}/{b} = {a / b:.0%}" if b else "n/a"

        def secs(values: list[float]) -> str:
            if not values:
                return "n/a"
            return f"mean {statistics.mean(values):.2f}s, p50 {statistics.median(values):.2f}s, max {max(values):.2f}s"

        lines = [f"  {name}"]
        if self.answerable:
            lines += [
                f"    accuracy        {pct(self.correct, self.answerable)}",
                f"    accuracy+cite   {pct(self.correct_cited, self.answerable)}",
                f"    exact strings   {pct(self.correct_exact, self.answerable)}",
                f"    cite precision  {pct(self.citations_ok, self.citations)}",
                f"    false refusals  {pct(self.false_refusals, self.answerable)}",
            ]
        if self.unanswerable:
            lines.append(f"    refusal rate    {pct(self.refused, self.unanswerable)}")
        lines += [f"    dangling [n]    {self.dangling}",
                  f"    first token     {secs(self.ttft)}", f"    total           {secs(self.total)}"]
        return "\n".join(lines)


def load_questions(paths: list[Path] | None, split: str = "all", style: str | None = None) -> list[dict]:
    """Question rows from JSONL files (default: the user-worded sets), of one split ("all": every row) and, given
    ``style``, of that wording style only."""
    paths = paths or sorted(DATA.glob("user_questions_*.jsonl"))
    lines = [line for path in paths for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    rows = [json.loads(line) for line in lines]
    return [r for r in rows if (split == "all" or r.get("split", "train") == split)
            and (style is None or r.get("style") == style)]


def groups(row: dict) -> list[str]:
    """The tallies a question counts in: all, seeds or reports (by its gold files), kind, wording style."""
    sources = [g["source"] for g in row["gold"]]
    where = "seeds" if sources and all(s.startswith("seeds/") for s in sources) else "reports"
    keys = ["all", where if row["answerable"] else "unanswerable", f"kind:{row['kind']}"]
    return keys + ([f"style:{row['style']}"] if row.get("style") else [])


def run_dev(answerer: Answerer, rows: list[dict], limit: int | None, log) -> dict[str, Tally]:
    tallies: dict[str, Tally] = defaultdict(Tally)
    for row in rows[:limit]:
        answer = answerer.ask(row["question"])
        golds = [[a] for a in row["answers"]]
        evidence = [g["evidence"] for g in row["gold"]]
        result = {}
        for key in groups(row):
            result = tallies[key].add(row["answerable"], answer, golds, evidence)
        log.write(json.dumps({"id": row["id"], "kind": row["kind"], **result, **answer.to_json()},
                             ensure_ascii=False) + "\n")
        log.flush()
    return tallies


def rgb_pools(k: int) -> list[tuple[dict, list[Hit], list[Hit]]]:
    """(query, noisy top-k, negative-only top-k) per RGB question, by BM25 over the pooled corpus."""
    import bm25s
    import numpy as np

    from indexer.bm25_index import tokenize

    corpus = [json.loads(line) for line in (RGB / "corpus.jsonl").read_text(encoding="utf-8").splitlines()]
    queries = [json.loads(line) for line in (RGB / "queries.jsonl").read_text(encoding="utf-8").splitlines()]
    positives: dict[str, set[str]] = defaultdict(set)
    for line in (RGB / "qrels.tsv").read_text(encoding="utf-8").splitlines():
        qid, pid, *_ = line.split("\t")
        positives[qid].add(pid)
    normalised = [squash(p["text"]) for p in corpus]
    retriever = bm25s.BM25()
    retriever.index([tokenize(normalize_for_matching(p["text"])) or ["∅"] for p in corpus], show_progress=False)

    def hit(rank: int, index: int) -> Hit:
        text = corpus[index]["text"]
        pid = corpus[index]["pid"]
        return Hit(Passage(pid, pid, pid, None, None, "", text, 0, len(text)), rank, 0.0)

    pools = []
    for query in queries:
        tokens = tokenize(normalize_for_matching(query["query"])) or ["∅"]
        scores = retriever.get_scores(tokens)
        order = np.argsort(-scores)[:200]
        answers = [squash(a) for a in flatten_answers(query["answer"])]
        noisy = [hit(r, int(i)) for r, i in enumerate(order[:k], start=1)]
        negatives = [
            int(i) for i in order
            if corpus[int(i)]["pid"] not in positives[query["qid"]]
            and not any(a in normalised[int(i)] for a in answers)
        ][:k]
        pools.append((query, noisy, [hit(r, i) for r, i in enumerate(negatives, start=1)]))
    return pools


def flatten_answers(answer: list) -> list[str]:
    return [x for item in answer for x in (item if isinstance(item, list) else [item])]


def _answer(answerer: Answerer, question: str, hits: list[Hit]) -> Answer:
    started = time.perf_counter()
    final = None
    for event in answerer.answer_from_hits(question, hits, [h.passage.doc_id for h in hits], started, {}):
        if isinstance(event, FinalEvent):
            final = event.answer
        assert isinstance(event, TokenEvent | FinalEvent)
    assert final is not None
    return final


def run_rgb(answerer: Answerer, pools, limit: int | None, log, start: int = 0) -> dict[str, Tally]:
    tallies: dict[str, Tally] = defaultdict(Tally)
    for query, noisy, negatives in pools[start : None if limit is None else start + limit]:
        golds = [item if isinstance(item, list) else [item] for item in query["answer"]]
        answer = _answer(answerer, query["query"], noisy)
        result = tallies["rgb noise"].add(True, answer, golds, [])
        log.write(json.dumps({"id": query["qid"], "kind": "rgb-noise", **result, **answer.to_json()},
                             ensure_ascii=False) + "\n")
        answer = _answer(answerer, query["query"], negatives)
        result = tallies["rgb negative rejection"].add(False, answer, golds, [])
        log.write(json.dumps({"id": query["qid"], "kind": "rgb-negative", **result, **answer.to_json()},
                             ensure_ascii=False) + "\n")
        log.flush()
    return tallies


def make_answerer(backend_name: str, index: Path | None):
    from config import LLMSettings
    from retrieval.llm.settings import make_backend
    from retrieval.service import Retrieval

    backend = make_backend(LLMSettings(backend=backend_name))
    if backend_name != "extractive" and backend is None:
        raise SystemExit(f"backend {backend_name} is not available here")
    retrieval = Retrieval.open(index) if index else None
    # Load the models before timing anything: the first question should not pay for loading them.
    if retrieval:
        retrieval.search("预热", 1)
    if backend is not None and hasattr(backend, "load"):
        backend.load()
    return Answerer(retrieval, backend)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--backend", nargs="+", default=["extractive"], choices=["extractive", "local", "openai"])
    parser.add_argument("--index", type=Path, default=Path("/tmp/govqa-bench-index"))
    parser.add_argument("--questions", type=Path, nargs="*", default=None,
                        help="question files (default: bench/data/user_questions_*.jsonl)")
    parser.add_argument("--split", default="test", choices=["train", "test", "all"], help="which split to run")
    parser.add_argument("--limit", type=int, default=None, help="first N questions only")
    parser.add_argument("--style", default=None,
                        help="only questions of this wording style (relative_year, colloquial, …: a row's 'style')")
    parser.add_argument("--shuffle", action="store_true",
                        help="a fixed shuffle first, so that --limit takes a sample across files and kinds")
    parser.add_argument("--rgb-limit", type=int, default=None, help="first N RGB questions (0: skip RGB)")
    parser.add_argument("--rgb-start", type=int, default=0,
                        help="skip the first N RGB questions: the ones reported are 0-49; fits may study later ones")
    parser.add_argument("--rgb-k", type=int, default=RGB_K, help="passages per RGB question")
    parser.add_argument("--log", type=Path, default=Path("/tmp/govqa-answer-bench.jsonl"),
                        help="per-question results (JSONL)")
    args = parser.parse_args(argv)
    if not (args.index / "current").exists() and not (args.index / "manifest.json").exists():
        raise SystemExit(f"no index at {args.index}; build it first (see the module docstring)")
    pools = rgb_pools(args.rgb_k) if args.rgb_limit != 0 and RGB.is_dir() else []
    with args.log.open("w", encoding="utf-8") as log:
        for name in args.backend:
            answerer = make_answerer(name, args.index)
            print(f"== {name} ({answerer.backend_name}) on {describe_machine()}, {time.strftime('%Y-%m-%d %H:%M')}",
                  flush=True)
            rows = load_questions(args.questions, args.split, args.style)
            if args.shuffle:
                rows = [rows[i] for i in random.Random(0).sample(range(len(rows)), len(rows))]
            for kind, tally in sorted(run_dev(answerer, rows, args.limit, log).items()):
                print(tally.report(f"{args.split}/{kind}"), flush=True)
            if pools:
                for kind, tally in sorted(run_rgb(answerer, pools, args.rgb_limit, log, args.rgb_start).items()):
                    print(tally.report(kind), flush=True)
    print(f"per-question results: {args.log}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
