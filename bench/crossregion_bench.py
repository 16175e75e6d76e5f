"""Cross-region questions: "which other regions also…" and comparison tables, per split (no LLM).

    python -m bench.crossregion_bench --index /tmp/govqa-bench-index [--data bench/data] [--split train] [--verbose]
                                      [--set all|a|b|c|d|e|f|g]

Question files per kind: the first set (X_questions.jsonl, split train/test by id parity), a second, all-train set
written later in other wording (X_questions_b.jsonl), a third, all-train set on train-split files by another writer,
kept as the "unseen wording" check (X_questions_c.jsonl), a fourth by an independent writer over all 50 files, split
by id parity like the first (X_questions_d.jsonl), and a fifth, all-train comparison set heavy in traps
(compare_questions_e.jsonl), a sixth, all-test pair of sets by yet another writer, kept whole for measuring
(X_questions_f.jsonl), and a seventh, all-train, trap-heavy comparison set (compare_questions_g.jsonl); --set picks
one (default: all).

elsewhere (bench/data/elsewhere_questions.jsonl):
- evidence@5: share of questions with an expected passage among the 5 most relevant other-region passages;
- recall: share of expected regions listed in the answer with a holding citation (the cited passage is the
  expected report's and contains the expected evidence);
- precision: share of listed regions that are expected (the sets list what their authors found, not all);
- quotes: statements quoted in all, a listed region's further passages included (``quotes_per_region``);
- probe shown: answers that list the region the question names (must be 0).
compare (bench/data/compare_questions.jsonl):
- rows right: share of expected rows with the right figure (or "not found" where the report has none) and a
  holding sentence (document[start:end] == text, the figure verbatim in it, from the expected report); a figure is the
  expected one when they agree leaving aside words the writer put before it ("下降5.4%" for "5.4%");
- wrong shown: figures shown as found that differ from the expected one (must be 0);
- seconds for each comparison of 7 regions (models loaded beforehand).
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from config.errors import GovqaError
from retrieval.answer.text import norm
from retrieval.compare import Comparer, ComparisonRow
from retrieval.elsewhere import ElsewhereFinder
from retrieval.indicators import vocabulary_of
from retrieval.regions import region_aliases
from retrieval.service import Retrieval
from retrieval.types import Passage

DATA = Path(__file__).resolve().parent / "data"


def same_region(a: str | None, b: str | None) -> bool:
    """"惠州市仲恺高新区" and "仲恺高新区", "全国" and "全国 (国务院)": the same place named two ways."""
    if not a or not b:
        return False
    a, b = norm(a).split(" ")[0], norm(b).split(" ")[0]
    return a == b or a.endswith(b) or b.endswith(a) or bool(region_aliases(a) & region_aliases(b) - {""})


def read(path: Path, split: str) -> list[dict]:
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [r for r in rows if split == "all" or r.get("split") == split]


SETS = "abcdefghijklmn"  # the question sets, in the order they were written (a: the files without a suffix)


def read_sets(data: Path, stem: str, split: str, which: str = "all") -> list[dict]:
    """The questions of ``stem`` (e.g. "compare_questions") from one set (a, the first, to l, the twelfth: files
    ``stem.jsonl``, ``stem_b.jsonl`` … ``stem_l.jsonl``) or all of them."""
    paths = {"a": data / f"{stem}.jsonl", **{part: data / f"{stem}_{part}.jsonl" for part in SETS[1:]}}
    chosen = list(paths.values()) if which == "all" else [paths[which]]
    return [row for path in chosen if path.exists() for row in read(path, split)]


@dataclass
class ElsewhereScore:
    questions: int = 0
    evidence_at_5: int = 0
    expected: int = 0
    found: int = 0
    listed: int = 0
    listed_expected: int = 0
    quotes: int = 0  # statements quoted, a region's further ones included
    probe_shown: int = 0
    seconds: list[float] = field(default_factory=list)


def _evidence_span(service: Retrieval, source: str, evidence: str) -> tuple[str, int, int] | None:
    for document in service.documents():
        if document.source.endswith(source):
            text = service.document_text(document.doc_id) or ""
            at = text.find(evidence)
            if at < 0:
                at = norm(text).find(norm(evidence))
            return (document.doc_id, at, at + len(evidence)) if at >= 0 else (document.doc_id, -1, -1)
    return None


def _holds(passage: Passage, span: tuple[str, int, int] | None) -> bool:
    if span is None or span[0] != passage.doc_id:
        return False
    return span[1] < 0 or (passage.start < span[2] and span[1] < passage.end)  # evidence not located: the report itself


def bench_elsewhere(service: Retrieval, items: list[dict], verbose: bool) -> ElsewhereScore:
    finder = ElsewhereFinder(service)
    score = ElsewhereScore()
    for item in items:
        started = time.perf_counter()
        shown = finder.run(item["question"]).findings
        score.seconds.append(time.perf_counter() - started)
        # evidence@5 reads the regions in the order an answer lists them: most probable first
        every = sorted(finder.candidates(item["question"]), key=lambda f: -f.probability)
        spans = [(e, _evidence_span(service, e["source"], e["evidence"])) for e in item["expected"]]
        score.questions += 1
        score.evidence_at_5 += any(_holds(f.hit.passage, s) for f in every[:5] for _, s in spans)
        score.expected += len(spans)
        for expected, span in spans:
            score.found += any(same_region(f.region, expected["region"]) and _holds(q.hit.passage, span)
                               for f in shown for q in f.quotes)
        score.listed += len(shown)
        score.quotes += sum(len(f.quotes) for f in shown)
        score.listed_expected += sum(any(same_region(f.region, e["region"]) for e, _ in spans) for f in shown)
        score.probe_shown += any(same_region(f.region, item.get("probe_region")) for f in shown)
        if verbose:
            names = [e["region"] for e in item["expected"]]
            print(f"{item['id']} expected {names}")
            listed = {(f.hit.passage.doc_id, f.hit.passage.start): f for f in shown}
            for f in every[:10]:
                mark = "*" if any(same_region(f.region, n) for n in names) else " "
                key = (f.hit.passage.doc_id, f.hit.passage.start)
                cut = "|" if key in listed else " "
                print(f"   {mark}{cut} {f.relevance:.3f} p={f.probability:.2f} {f.region} {f.quote[:60]}")
                for also in listed[key].also if key in listed else ():
                    print(f"   {mark}+ {also.relevance:.3f} p={also.probability:.2f} {also.region} {also.quote[:60]}")
    return score


@dataclass
class CompareScore:
    rows: int = 0
    right: int = 0
    wrong_shown: int = 0
    seconds_7: list[float] = field(default_factory=list)
    seconds: list[float] = field(default_factory=list)


# Words a writer may put before the figure itself ("下降5.4%", "超过840亿斤"); the row's sentence still says them.
_LEADING_WORDS = re.compile(r"^[^0-9０-９.一二三四五六七八九十百两零]+")


def same_figure(value: str, expected: str) -> bool:
    """The same figure as the expected value, leading words aside."""
    return _LEADING_WORDS.sub("", norm(value)) == _LEADING_WORDS.sub("", norm(expected)) != ""


def row_holds(service: Retrieval, row: ComparisonRow, expected: dict) -> bool:
    if expected.get("value") is None:
        return row.value is None
    if row.value is None or row.text is None or row.doc_id is None:
        return False
    text = service.document_text(row.doc_id) or ""
    return (same_figure(row.value, expected["value"]) and text[row.start : row.end] == row.text
            and row.value in row.text and (row.source or "").endswith(expected["source"]))


def align_rows(rows: list[ComparisonRow], expected: list[dict]) -> list[tuple[dict, ComparisonRow | None]]:
    """Expected rows matched to output rows by region, in order when a region has several (one per year)."""
    used: set[int] = set()
    pairs = []
    for exp in expected:
        match = next((i for i, r in enumerate(rows) if i not in used and same_region(r.region, exp["region"])), None)
        if match is not None:
            used.add(match)
        pairs.append((exp, rows[match] if match is not None else None))
    return pairs


@dataclass(frozen=True)
class Compared:
    """One comparison question as run: its output rows and how long the comparison took."""

    item: dict
    rows: list[ComparisonRow]
    seconds: float


def run_comparisons(comparer: Comparer, items: list[dict], verbose: bool = False) -> Iterator[Compared]:
    """Each question run once through ``comparer``: the one loop the score here and bench.compare_misses' categories
    share. Lazy, so that a caller observing the comparer (``on_weighed``) reads what it saw for this question."""
    for item in items:
        started = time.perf_counter()
        try:
            rows = comparer.run(item["question"]).rows
        except GovqaError as error:  # e.g. no region recognised: every expected row is missed
            rows = []
            if verbose:
                print(f"{item['id']}: {error}")
        yield Compared(item, rows, time.perf_counter() - started)


def bench_compare(service: Retrieval, items: list[dict], verbose: bool) -> CompareScore:
    score = CompareScore()
    for compared in run_comparisons(Comparer(service), items, verbose):
        item, rows, seconds = compared.item, compared.rows, compared.seconds
        score.seconds.append(seconds)
        if len(rows) == 7:
            score.seconds_7.append(seconds)
        for exp, row in align_rows(rows, item["rows"]):
            score.rows += 1
            ok = row is not None and row_holds(service, row, exp)
            score.right += ok
            wrong = row is not None and row.value is not None and not same_figure(row.value, exp.get("value") or "")
            score.wrong_shown += wrong
            if verbose and not ok:
                got = f"{row.value} {row.kind} «{(row.text or '')[:50]}» {row.reason or ''}" if row else "no row"
                print(f"{item['id']} {exp['region']}: expected {exp.get('value')} got {got}{' WRONG' if wrong else ''}")
    return score


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--index", type=Path, default=Path("/tmp/govqa-bench-index"))
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--split", default="train", help="train, test or all")
    parser.add_argument("--only", choices=["elsewhere", "compare"], default=None)
    parser.add_argument("--set", dest="which", choices=["all", *SETS], default="all",
                        help="question set: first (a), second (b), … eleventh (k), or all")
    parser.add_argument("--verbose", action="store_true")
    args = parser.parse_args(argv)
    service = Retrieval.open(args.index)
    service.search("政府工作报告", top_k=1)  # load the models before timing anything
    vocabulary_of(service).nearest("粮食产量")  # and read the indicator names, once per process as in the app
    result: dict[str, object] = {"split": args.split, "set": args.which}
    if args.only != "compare":
        e = bench_elsewhere(service, read_sets(args.data, "elsewhere_questions", args.split, args.which), args.verbose)
        result["elsewhere"] = {
            "questions": e.questions, "evidence@5": round(e.evidence_at_5 / max(e.questions, 1), 3),
            "recall": round(e.found / max(e.expected, 1), 3), "expected_regions": e.expected,
            "precision": round(e.listed_expected / max(e.listed, 1), 3), "listed": e.listed,
            "quotes": e.quotes,
            "probe_shown": e.probe_shown, "median_s": round(statistics.median(e.seconds or [0]), 2),
        }
    if args.only != "elsewhere":
        c = bench_compare(service, read_sets(args.data, "compare_questions", args.split, args.which), args.verbose)
        result["compare"] = {
            "rows": c.rows, "rows_right": round(c.right / max(c.rows, 1), 3), "wrong_shown": c.wrong_shown,
            "seconds_7_regions": [round(s, 2) for s in c.seconds_7],
            "median_s": round(statistics.median(c.seconds or [0]), 2),
        }
    print(json.dumps(result, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
