"""The evidence stage alone, without the LLM: does the prompt quote the answer, how long is it, how long does it take.

    python -m bench.evidence_bench [--split train] [--index /tmp/govqa-bench-index] [--retrieve-k 8] \\
        [--max-passages 3] [--meaning-weight 5] [--relative-floor 0.7]

For each single-part answerable question of the user-worded sets (bench/data/user_questions_*.jsonl, one
split): the passages the prompt would quote (retrieval/answer/evidence.py), whether a gold answer stands in
their excerpts (the ceiling for a right answer) and in the first one (a small model's usual pick when the
passages disagree), how many passages and prompt tokens the judge's prompt has (the bundled model's
tokenizer, if it is set up), and the evidence stage's time (search, clause encoding, excerpting). Prompt
tokens are what the answer waits for: the 1.5B model reads about 50 of them a second on two cores
(docs/benchmarks.md). Use --split train while tuning; the test split is for the final figure.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bench.answer_bench import load_questions, squash  # noqa: E402
from config import AnswerSettings  # noqa: E402
from retrieval.answer.evidence import gather  # noqa: E402
from retrieval.answer.prompt import judge_messages  # noqa: E402
from retrieval.answer.query import analyse  # noqa: E402
from retrieval.search import Filters  # noqa: E402


def prompt_tokenizer():
    """Counts the judge prompt's tokens with the bundled model's chat template, or None without the model."""
    from config import LLMSettings
    from retrieval.llm.base import LLMUnavailableError
    from retrieval.llm.settings import make_backend

    backend = make_backend(LLMSettings(backend="local"))
    if backend is None:
        return None
    try:
        llm = backend.load()
    except LLMUnavailableError:
        return None
    return lambda messages: len(backend._chat_tokens(llm, messages))


@dataclass
class EvidenceReport:
    """What the evidence stage made of a set of questions (single-part answerable ones only)."""

    questions: int = 0
    gold_in_excerpts: int = 0
    gold_in_first: int = 0  # in passage [1]: the one a small model answers from when passages disagree
    passages_per_prompt: Counter = field(default_factory=Counter)
    seconds: list[float] = field(default_factory=list)
    prompt_tokens: list[int] = field(default_factory=list)
    misses: list[dict] = field(default_factory=list)

    def summary(self) -> dict:
        out = {"questions": self.questions, "gold_in_excerpts": self.gold_in_excerpts,
               "gold_in_first": self.gold_in_first,
               "passages_per_prompt": dict(sorted(self.passages_per_prompt.items())),
               "evidence_s_median": round(statistics.median(self.seconds), 3) if self.seconds else None,
               "evidence_s_mean": round(statistics.fmean(self.seconds), 3) if self.seconds else None}
        if self.prompt_tokens:
            out |= {"judge_prompt_tokens_median": statistics.median(self.prompt_tokens),
                    "judge_prompt_tokens_mean": round(statistics.fmean(self.prompt_tokens), 1)}
        return out


def measure(retrieval, rows: list[dict], settings: AnswerSettings,
            count_tokens: Callable[[list], int] | None = None) -> EvidenceReport:
    report = EvidenceReport()
    for row in rows:
        if not row["answerable"]:
            continue
        query = analyse(row["question"], retrieval.index.regions.regions_in)
        if query.facets:
            continue  # a question over several regions: each part has its own evidence (answer_bench measures it)
        started = time.perf_counter()
        evidence = gather(retrieval, query, Filters(), settings)
        report.seconds.append(time.perf_counter() - started)
        report.questions += 1
        quoted = squash("".join(p.excerpt for p in evidence.passages))
        if any(squash(a) in quoted for a in row["answers"]):
            report.gold_in_excerpts += 1
            first = squash(evidence.passages[0].excerpt)
            report.gold_in_first += any(squash(a) in first for a in row["answers"])
        else:
            report.misses.append({"id": row["id"], "question": row["question"], "answers": row["answers"],
                                  "quoted": [p.excerpt for p in evidence.passages]})
        report.passages_per_prompt[len(evidence.passages)] += 1
        if count_tokens and evidence.passages:
            report.prompt_tokens.append(count_tokens(judge_messages(query, evidence.passages)))
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--index", type=Path, default=Path("/tmp/govqa-bench-index"))
    parser.add_argument("--split", default="train", choices=["train", "test", "all"])
    parser.add_argument("--retrieve-k", type=int, default=None)
    parser.add_argument("--max-passages", type=int, default=None)
    parser.add_argument("--meaning-weight", type=float, default=None)
    parser.add_argument("--relative-floor", type=float, default=None)
    parser.add_argument("--no-tokens", action="store_true", help="do not load the LLM to count prompt tokens")
    parser.add_argument("--verbose", action="store_true", help="one line per question whose excerpts miss the answer")
    args = parser.parse_args(argv)
    overrides = {k: v for k, v in (("retrieve_k", args.retrieve_k), ("max_passages", args.max_passages),
                                   ("meaning_weight", args.meaning_weight),
                                   ("relative_floor", args.relative_floor)) if v is not None}

    from retrieval.service import Retrieval

    retrieval = Retrieval.open(args.index)
    retrieval.search("预热", 1)  # load the models before timing anything
    report = measure(retrieval, load_questions(None, args.split), AnswerSettings(**overrides),
                     None if args.no_tokens else prompt_tokenizer())
    if args.verbose:
        for miss in report.misses:
            print(json.dumps(miss, ensure_ascii=False))
    summary = {"split": args.split, "settings": overrides or "defaults", **report.summary()}
    print(json.dumps(summary, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
