"""MRR@10 and hit@5 of the hybrid and of each retriever alone, on the dev set and on the user-worded train questions
whose gold reports the index holds (docs/benchmarks.md, Test-suite time).

    python -m bench.retrieval_modes --index /tmp/govqa-bench-index
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from bench.devset import DEV_QUESTIONS, Question, RetrievalScores, evaluate, load_questions
from config import settings
from retrieval.service import Retrieval

MODES = ("hybrid", "bm25", "dense")


def question_sets() -> dict[str, list[Question]]:
    users = [q for path in sorted(DEV_QUESTIONS.parent.glob("user_questions_*.jsonl"))
             for q in load_questions(path, split="train") if q.answerable and q.gold]
    return {"dev": [q for q in load_questions() if q.answerable], "user-train": users}


def held_by(questions: list[Question], service: Retrieval) -> list[Question]:
    """The questions whose every gold report the index of ``service`` holds (a sample index holds some)."""
    documents = {Path(d.source).as_posix() for d in service.index.documents.values()}
    return [q for q in questions if all(any(d.endswith(g.source) for d in documents) for g in q.gold)]


def scores_by_mode(questions: list[Question], service: Retrieval) -> dict[str, RetrievalScores]:
    """The hybrid's scores and each retriever's alone, on the same questions."""
    return {mode: evaluate(questions, lambda q, o=({} if mode == "hybrid" else {"mode": mode}):
                           service.search(q, top_k=10, **o))
            for mode in MODES}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--index", type=Path, default=Path("/tmp/govqa-bench-index"))
    args = parser.parse_args(argv)
    service = Retrieval.open(args.index, settings().indexer)
    print("| questions | n | " + " | ".join(f"{m} hit@5 | {m} MRR" for m in MODES) + " |")
    for name, questions in question_sets().items():
        held = held_by(questions, service)
        by_mode = scores_by_mode(held, service)
        cells = [f"{value:.3f}" for mode in MODES for value in (by_mode[mode].hit_at_5, by_mode[mode].mrr)]
        print(f"| {name} | {len(held)} | " + " | ".join(cells) + " |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
