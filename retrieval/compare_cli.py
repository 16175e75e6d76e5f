"""``python -m retrieval compare``: a table of one figure per region, each read verbatim from a cited sentence.

    python -m retrieval compare "QUESTION" [--regions R ...] [--year Y] [--index DIR] [--csv F] [--xlsx F] --json
    python -m retrieval compare --queries FILE.jsonl [--index DIR] --json     (one JSON line per query)

JSON: {"question", "rows": [{"region", "year", "value", "unit", "kind", "text", "source", "start", "end"}]};
a row whose value is null also has "reason". No LLM is used.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from retrieval.compare import KIND_LABELS, Comparer, Comparison
from retrieval.export import comparison_csv, comparison_xlsx
from retrieval.queries import read_queries
from retrieval.service import Retrieval


def add_compare_parser(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    compare = subparsers.add_parser("compare", help="a figure side by side across regions, with its sentence")
    compare.add_argument("question", nargs="?", help="the question, e.g. 对比一下河南、黑龙江、山东2025年的粮食产量")
    compare.add_argument("--queries", type=Path, help='JSONL file of {"id", "question"} lines')
    compare.add_argument("--regions", nargs="+", default=None,
                         help="regions to compare (default: those the question names)")
    compare.add_argument("--year", type=int, default=None, help="the year of the figures (default: the question's)")
    compare.add_argument("--index", type=Path, default=None, help="index folder (default: settings index_dir)")
    compare.add_argument("--json", action="store_true", help="print JSON (the stable contract)")
    compare.add_argument("--csv", type=Path, default=None, help="also write the table to this CSV file")
    compare.add_argument("--xlsx", type=Path, default=None, help="also write the table to this Excel file")
    compare.set_defaults(handler=run_compare)
    return compare


def run_compare(service: Retrieval, args: argparse.Namespace) -> int:
    if bool(args.question) == bool(args.queries):
        print("error: give either a QUESTION or --queries FILE", file=sys.stderr)
        return 2
    comparer = Comparer(service)
    if args.queries:
        for query_id, question in read_queries(args.queries):
            comparison = comparer.run(question, args.regions, args.year)
            _print(comparison, args.json, {"id": query_id})
        return 0
    comparison = comparer.run(args.question, args.regions, args.year)
    _print(comparison, args.json, {"question": args.question})
    if args.csv:
        args.csv.write_bytes(comparison_csv(comparison))
    if args.xlsx:
        args.xlsx.write_bytes(comparison_xlsx(comparison))
    return 0


def _print(comparison: Comparison, as_json: bool, header: dict) -> None:
    if as_json:
        print(json.dumps({**header, "rows": comparison.to_json()["rows"]}, ensure_ascii=False), flush=True)
        return
    for value in header.values():
        print(f"# {value}")
    print(f"# {comparison.understood}")
    for row in comparison.rows:
        year = f"{row.year}年" if row.year else ""
        if row.found:
            kind = KIND_LABELS[row.kind or "actual"]
            print(f"{row.region}\t{year}\t{row.value}\t{kind}\t{row.source}:{row.start}-{row.end}")
            print(f"    {row.text}")
        else:
            print(f"{row.region}\t{year}\t—\t{row.reason}")
    print(f"  ({comparison.timings.get('total_s', 0.0):.2f}s)", flush=True)
