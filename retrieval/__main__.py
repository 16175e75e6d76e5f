"""Command line: ``python -m retrieval search|similar|ask`` — a thin layer over the Python API.

python -m retrieval search "QUERY" [--index DIR] [--top-k K] [--region R] [--year Y] [--doc ID] --json
python -m retrieval search --queries FILE.jsonl [--top-k K] --json      (one JSON line per query)
python -m retrieval similar --source PATH --start N --end M [--top-k K] --json   (or --text "…")
python -m retrieval compare "QUESTION" [--regions R ...] [--year Y] [--index DIR] --json   (see compare_cli.py)
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from config.errors import GovqaError
from retrieval.queries import read_queries
from retrieval.types import Hit


def _add_common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--index", type=Path, default=None, help="index folder (default: settings index_dir)")
    parser.add_argument("--top-k", type=int, default=None, help="number of passages")
    parser.add_argument("--region", action="append", default=[], help="only these regions (repeatable)")
    parser.add_argument("--year", action="append", type=int, default=[], help="only these years (repeatable)")
    parser.add_argument("--doc", action="append", default=[], help="only these doc_ids (repeatable)")
    parser.add_argument("--json", action="store_true", help="print JSON (the stable contract)")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m retrieval", description="Search the report index.")
    commands = parser.add_subparsers(dest="command", required=True)
    search = commands.add_parser("search", help="hybrid search for passages")
    search.add_argument("query", nargs="?", help="the question or keywords")
    search.add_argument("--queries", type=Path, help='JSONL file of {"id", "question"} lines')
    search.add_argument("--mode", choices=["hybrid", "dense", "bm25"], default="hybrid", help=argparse.SUPPRESS)
    _add_common(search)
    similar = commands.add_parser("similar", help="similar passages in other documents")
    similar.add_argument("--source", help="document source path (as given to build) or doc_id")
    similar.add_argument("--start", type=int, help="passage start offset")
    similar.add_argument("--end", type=int, help="passage end offset")
    similar.add_argument("--text", help="free text instead of a passage")
    similar.add_argument("--per-document", type=int, default=1, help="passages per other document")
    _add_common(similar)
    from retrieval.compare_cli import add_compare_parser

    add_compare_parser(commands)
    try:
        from retrieval.answer.cli import add_ask_parser
    except ImportError:  # the answer layer is optional for search-only installs
        pass
    else:
        add_ask_parser(commands, _add_common)
    return parser


def _print_hits(hits: list[Hit], as_json: bool, header: dict) -> None:
    if as_json:
        print(json.dumps({**header, "hits": [h.to_json() for h in hits]}, ensure_ascii=False), flush=True)
        return
    for value in header.values():
        print(f"# {value}")
    for hit in hits:
        p = hit.passage
        place = " ".join(str(x) for x in (p.region, p.year) if x)
        print(f"[{hit.rank}] {hit.score:.4f} {p.title} ({place}) {p.source}:{p.start}-{p.end}")
        print(f"    {p.section}" if p.section else "", end="\n" if p.section else "")
        print("    " + p.text.replace("\n", " ")[:300])


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    from retrieval.service import Retrieval

    try:
        service = Retrieval.open(args.index)
        if args.command == "compare":
            return args.handler(service, args)
        filters = service.filters(args.region, args.year, args.doc)
        if args.command == "search":
            if bool(args.query) == bool(args.queries):
                parser.error("give either a QUERY or --queries FILE")
            if args.queries:
                for query_id, question in read_queries(args.queries):
                    hits = service.search(question, args.top_k, filters, mode=args.mode)
                    _print_hits(hits, args.json, {"id": query_id})
            else:
                _print_hits(
                    service.search(args.query, args.top_k, filters, mode=args.mode), args.json, {"query": args.query}
                )
        elif args.command == "similar":
            top_k = args.top_k or 5
            if args.text:
                hits = service.similar.from_text(args.text, top_k, args.per_document, filters)
                header = {"text": args.text}
            elif args.source and args.start is not None and args.end is not None:
                hits = service.similar.from_passage(
                    args.source, args.start, args.end, top_k, args.per_document, filters
                )
                header = {"source": args.source, "start": args.start, "end": args.end}
            else:
                parser.error("give --source PATH --start N --end M, or --text")
            _print_hits(hits, args.json, header)
        else:
            return args.handler(service, args)
    except GovqaError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
