"""The project's dev question set and the retrieval metrics computed on it (hit@k, MRR).

A hit is a passage from the gold source file that contains the gold evidence string verbatim (the
passage text is the original script, so Traditional evidence stays Traditional).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from retrieval.types import Hit

DEV_QUESTIONS = Path(__file__).resolve().parent / "data" / "dev_questions.jsonl"
SHARED = Path(__file__).resolve().parents[2] / "shared"


@dataclass(frozen=True)
class Gold:
    source: str  # relative to ../shared, e.g. "seeds/000_….txt"
    evidence: str


@dataclass(frozen=True)
class Question:
    id: str
    question: str
    kind: str
    answerable: bool
    answers: tuple[str, ...]
    gold: tuple[Gold, ...]

    @property
    def about_seeds(self) -> bool:
        return any(g.source.startswith("seeds/") for g in self.gold)


def load_questions(path: Path = DEV_QUESTIONS, split: str | None = None) -> list[Question]:
    """The questions of one file; with ``split``, only its rows of that split (the user-worded sets have one)."""
    questions = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            item = json.loads(line)
            if split is not None and item.get("split") != split:
                continue
            questions.append(
                Question(
                    item["id"],
                    item["question"],
                    item["kind"],
                    item["answerable"],
                    tuple(item["answers"]),
                    tuple(Gold(g["source"], g["evidence"]) for g in item["gold"]),
                )
            )
    return questions


def is_relevant(hit: Hit, question: Question) -> bool:
    source = Path(hit.passage.source).as_posix()
    return any(source.endswith(g.source) and g.evidence in hit.passage.text for g in question.gold)


@dataclass
class RetrievalScores:
    n: int
    hit_at_1: float
    hit_at_5: float
    hit_at_10: float
    mrr: float  # MRR@10
    misses: list[str]

    def row(self, name: str) -> str:
        return (
            f"| {name} | {self.n} | {self.hit_at_1:.3f} | {self.hit_at_5:.3f} | {self.hit_at_10:.3f} | {self.mrr:.3f} |"
        )


def evaluate(questions: Iterable[Question], search: Callable[[str], list[Hit]]) -> RetrievalScores:
    """``search`` returns at least 10 ranked hits for a question."""
    ranks: list[int | None] = []
    misses: list[str] = []
    for question in questions:
        hits = search(question.question)[:10]
        rank = next((i for i, hit in enumerate(hits, start=1) if is_relevant(hit, question)), None)
        ranks.append(rank)
        if rank is None or rank > 5:
            misses.append(f"{question.id} rank={rank} {question.question}")
    n = len(ranks) or 1
    return RetrievalScores(
        n=len(ranks),
        hit_at_1=sum(r == 1 for r in ranks) / n,
        hit_at_5=sum(r is not None and r <= 5 for r in ranks) / n,
        hit_at_10=sum(r is not None for r in ranks) / n,
        mrr=sum(1 / r for r in ranks if r) / n,
        misses=misses,
    )
