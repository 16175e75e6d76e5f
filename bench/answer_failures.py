"""Why answerable questions came out wrong in an answer_bench run with the gate off: where to work next.

    GOVQA_ANSWER_JUDGE_GATE=false python bench/answer_bench.py --backend local --split train --shuffle \\
        --rgb-limit 0 --log /tmp/train-gate-off.jsonl
    python -m bench.answer_failures /tmp/train-gate-off.jsonl [--index /tmp/govqa-bench-index] [--verbose]

Each single-part answerable question that was not answered right with a holding citation is put in one class:

  evidence_miss     no gold answer stands in the excerpts the model was shown (search or excerpting lost it)
  verifier_dropped  the model answered, the verifier held none of its claims (a refusal was shown)
  model_refused     the model said the material does not answer, with the answer in the excerpts
  answered_wrong    an answer was shown, without the gold figure or words, or not held by its citation

The evidence is recomputed (deterministic, no model); use it on TRAIN runs only, never to look at the test split.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bench.answer_bench import load_questions, squash  # noqa: E402
from bench.calibrate_judge import evidence_signals, open_retrieval  # noqa: E402
from retrieval.answer.judge import Judge  # noqa: E402


def classify(answers: list[str], quoted: str, logged: dict) -> str:
    """The class of one wrong answer: ``quoted`` is the excerpts shown to the model, in matching form."""
    if not any(squash(a) in quoted for a in answers):
        return "evidence_miss"
    if logged["refused"]:
        return "verifier_dropped" if logged["unsupported_claims"] else "model_refused"
    return "answered_wrong"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("log", type=Path)
    parser.add_argument("--index", type=Path, default=Path("/tmp/govqa-bench-index"))
    parser.add_argument("--verbose", action="store_true", help="one line per wrong answer")
    args = parser.parse_args(argv)
    rows = {r["id"]: r for r in load_questions(None)}
    retrieval = open_retrieval(args.index)
    judge = Judge(None, retrieval.index.embedder)
    classes: Counter[str] = Counter()
    for line in args.log.read_text(encoding="utf-8").splitlines():
        logged = json.loads(line)
        row = rows.get(logged["id"])
        if row is None or not row["answerable"] or logged.get("parts") or (logged.get("ok") and logged.get("cited_ok")):
            continue
        evidence, _ = evidence_signals(retrieval, judge, row["question"])
        if evidence is None:
            continue
        kind = classify(row["answers"], squash("".join(p.excerpt for p in evidence.passages)), logged)
        classes[kind] += 1
        if args.verbose:
            print(json.dumps({"id": row["id"], "class": kind, "question": row["question"], "answers": row["answers"],
                              "answer": logged["answer"][:160], "dropped": logged["unsupported_claims"][:2]},
                             ensure_ascii=False))
    print(json.dumps(dict(classes.most_common()), ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
