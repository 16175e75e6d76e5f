"""Command line: ``python -m indexer build [PATH ...] [--index DIR]``.

Progress goes to stderr, the summary to stdout. Exit code 0 when the build published an index (even if
some files failed: they are listed), 1 when nothing could be built, 2 for usage errors.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from config import PROJECT_ROOT, Settings, describe
from config import settings as project_settings
from indexer.errors import IndexerError


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m indexer", description="Build the report index.")
    commands = parser.add_subparsers(dest="command", required=True)
    build = commands.add_parser("build", help="index files or folders (default: seeds/)")
    build.add_argument("paths", nargs="*", help="files or folders (.txt .md .html .htm .pdf .docx .png .jpg .tif)")
    build.add_argument("--index", type=Path, default=None, help="index folder (default: settings index_dir)")
    build.add_argument(
        "--rebuild",
        action="store_true",
        help="discard the existing index and re-embed all (an interrupted build's checkpointed vectors are reused)",
    )
    build.add_argument(
        "--remove", action="append", default=[], metavar="DOC_ID",
        help="remove a document (a file in the library folder, i.e. an upload, is deleted with it)",
    )
    build.add_argument("--json", action="store_true", help="print the summary as JSON")
    commands.add_parser("settings", help="show the effective settings and what each means")
    return parser


def _default_corpus() -> str:
    """seeds/ as a relative path when run from the project root, so sources read "seeds/…"."""
    relative = os.path.relpath(PROJECT_ROOT / "seeds")
    return relative if not relative.startswith("..") else str(PROJECT_ROOT / "seeds")


def print_settings() -> None:
    """Every field of every section (indexer, retrieval, answer, llm, compare, elsewhere): value and meaning."""
    current = None
    for section, name, value, description in describe(project_settings()):
        if section != current:
            current = section
            print(f"[{section}]  {Settings.model_fields[section].description}")
        print(f"  {name} = {value}\n      {description}")


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.command == "settings":
        print_settings()
        return 0
    settings = project_settings().indexer
    if args.index is not None:
        settings = settings.model_copy(update={"index_dir": args.index})
    from indexer.library import Library
    from indexer.progress import tqdm_listener

    paths = args.paths or ([_default_corpus()] if not args.remove else [])
    try:
        report = Library(settings).index(
            paths, rebuild=args.rebuild, remove_doc_ids=args.remove, on_progress=tqdm_listener()
        )
    except IndexerError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    if args.json:
        print(json.dumps(report.as_json(), ensure_ascii=False, indent=2))
    else:
        print(report.summary())
    return 0


if __name__ == "__main__":
    sys.exit(main())
