"""``python -m retrieval ask``: grounded answers with citations.

    python -m retrieval ask "QUESTION" [--index DIR] [--backend auto|local|openai|extractive]
                            [--region R] [--year Y] [--doc ID] [--top-k K] --json
    python -m retrieval ask --queries FILE.jsonl --json      (one JSON line per question, models loaded once)
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from pathlib import Path

from config import settings as project_settings
from retrieval.answer.answerer import Answerer
from retrieval.answer.types import Answer, FinalEvent, TokenEvent
from retrieval.llm.base import LLMUnavailableError
from retrieval.llm.settings import make_backend
from retrieval.queries import read_queries
from retrieval.search import Filters
from retrieval.service import Retrieval


def add_ask_parser(subparsers: argparse._SubParsersAction,
                   add_common: Callable[[argparse.ArgumentParser], None]) -> argparse.ArgumentParser:
    ask = subparsers.add_parser("ask", help="answer a question with cited passages")
    ask.add_argument("question", nargs="?", help="the question, in Chinese")
    ask.add_argument("--queries", type=Path, help='JSONL file of {"id", "question"} lines')
    ask.add_argument(
        "--backend", choices=["auto", "local", "openai", "extractive"], default=None,
        help="answer generator (default: settings [llm] backend, i.e. auto: local model if set up, else extractive)",
    )
    ask.add_argument("--markdown", type=Path, default=None, help="also write the answer and its citations as Markdown")
    add_common(ask)
    ask.set_defaults(handler=run_ask)
    return ask


def run_ask(service: Retrieval, args: argparse.Namespace) -> int:
    if bool(args.question) == bool(args.queries):
        print("error: give either a QUESTION or --queries FILE", file=sys.stderr)
        return 2
    settings = project_settings().llm
    if args.backend:
        settings = settings.model_copy(update={"backend": args.backend})
    try:
        backend = make_backend(settings)
    except LLMUnavailableError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    answerer = Answerer(service, backend)
    filters = Filters(tuple(args.region), tuple(args.year), tuple(args.doc))
    if args.queries:
        for question_id, question in read_queries(args.queries):
            answer = answerer.ask(question, filters, args.top_k)
            _print(answer, args.json, {"id": question_id})
        return 0
    if args.json:
        answer = answerer.ask(args.question, filters, args.top_k)
        _print(answer, True, {})
        _write_markdown(answer, args.markdown)
        return 0
    for event in answerer.stream(args.question, filters, args.top_k):
        if isinstance(event, TokenEvent) and backend is not None:
            print(event.text, end="", file=sys.stderr, flush=True)  # raw stream; the checked answer follows
        elif isinstance(event, FinalEvent):
            if backend is not None:
                print(file=sys.stderr)
            _print(event.answer, False, {})
            _write_markdown(event.answer, args.markdown)
    return 0


def _write_markdown(answer: Answer, path: Path | None) -> None:
    if path is not None:
        from retrieval.export import answer_markdown

        path.write_text(answer_markdown(answer), encoding="utf-8")


def _print(answer: Answer, as_json: bool, header: dict) -> None:
    if as_json:
        print(json.dumps({**header, **answer.to_json()}, ensure_ascii=False), flush=True)
        return
    for value in header.values():
        print(f"# {value}")
    print(answer.answer)
    for citation in answer.citations:
        p = citation.passage
        place = " ".join(str(x) for x in (p.region, p.year) if x)
        print(f"  [{citation.n}] {p.title} ({place}) {p.source}:{p.start}-{p.end}")
    if answer.unsupported_claims:
        print("  removed (no passage supports them): " + " / ".join(answer.unsupported_claims))
    for note in answer.notes:
        print(f"  note: {note}")
    timings = ", ".join(f"{k} {v:.2f}s" for k, v in answer.timings.items())
    print(f"  ({answer.backend}; {timings})", flush=True)
