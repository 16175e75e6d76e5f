"""The ``--queries FILE.jsonl`` input shared by ``search`` and ``ask``: lines of {"id", "question"}."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

from retrieval.errors import RetrievalError


def read_queries(path: Path) -> Iterator[tuple[str, str]]:
    """(id, question) per non-empty line; a malformed line is reported with its file and line number."""
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
            yield str(item["id"]), str(item["question"])
        except (json.JSONDecodeError, KeyError, TypeError) as error:
            raise RetrievalError(
                f"{path}:{number}: expected a JSON object with 'id' and 'question' ({error})",
            ) from None
