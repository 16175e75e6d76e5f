"""Re-check a bench log's drafts with the verifier as the code stands now: what a verifier change gains and loses.

    GOVQA_ANSWER_JUDGE_GATE=false python bench/answer_bench.py --backend local --split train --rgb-limit 0 \
        --log /tmp/gateoff.jsonl                                  # once, ~40 min: generation is the slow part
    python -m bench.reverify /tmp/gateoff.jsonl [--index DIR]     # after each verifier change, ~5 min

answer_bench logs each answer's draft (what the model wrote before verification). Retrieval is deterministic
and the draft does not depend on the verifier, so gathering the evidence again and verifying the logged draft
gives the answer the current code would give, without generating again. Use a log made with the gate off:
every question then has a draft, and the judge's logged probability still tells what the gate would refuse.

Skipped: questions answered part by part, cross-region answers and extractive fallbacks (their draft is not
the model's). Only train questions are read unless --split says otherwise: tune on train, never on test.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bench.answer_bench import holds, load_questions, squash  # noqa: E402
from bench.calibrate_judge import evidence_of, open_retrieval  # noqa: E402
from config import AnswerSettings  # noqa: E402
from retrieval.answer.answerer import verifier_for  # noqa: E402
from retrieval.answer.judge import load_calibrations  # noqa: E402


@dataclass(frozen=True)
class Outcome:
    """One logged question, verified again."""

    id: str
    question: str
    answerable: bool
    draft: str
    answer: str  # the verified answer now ("" when every claim was dropped)
    was_ok: bool  # as logged: a right answer, or a refusal of an unanswerable question
    ok: bool  # now, gate off
    gated: bool  # the judge's logged probability is under the threshold: the gate would refuse it

    @property
    def changed(self) -> bool:
        return self.ok != self.was_ok


def reverify(retrieval, rows: list[dict], logged: Iterable[dict], settings: AnswerSettings) -> list[Outcome]:
    """The outcome of each logged draft under the current verifier (``rows``: the question rows, with answers)."""
    by_id = {r["id"]: r for r in rows}
    threshold = load_calibrations()["llm"].threshold
    out = []
    for entry in logged:
        row = by_id.get(entry["id"])
        skipped = entry.get("parts") or entry.get("intent", "ask") != "ask" or entry.get("fallback")
        if row is None or skipped or "draft" not in entry:
            continue
        evidence = evidence_of(retrieval, row["question"])
        if evidence is None:
            continue
        numbered = {p.n: p.hit for p in evidence.passages}
        verification = verifier_for(evidence, numbered, settings, retrieval).verify(entry["draft"])
        answered = verification.supported > 0
        text = squash(verification.answer) if answered else ""
        ok = (answered and all(holds(g, text) for g in row["answers"])) if row["answerable"] else not answered
        out.append(Outcome(row["id"], row["question"], bool(row["answerable"]), entry["draft"],
                           verification.answer if answered else "", bool(entry.get("ok")), ok,
                           (entry.get("answerability") or 0.0) < threshold))
    return out


def summary(outcomes: list[Outcome]) -> str:
    right = [o for o in outcomes if o.answerable]  # counted when answered right
    refused = [o for o in outcomes if not o.answerable]  # counted when refused

    def share(items: list[Outcome], ok) -> str:
        return f"{sum(1 for o in items if ok(o))}/{len(items)}"

    return "\n".join([
        f"answerable right   logged {share(right, lambda o: o.was_ok)}, now {share(right, lambda o: o.ok)},"
        f" now with the gate {share(right, lambda o: o.ok and not o.gated)}",
        f"unanswerable refused logged {share(refused, lambda o: o.was_ok)}, now {share(refused, lambda o: o.ok)},"
        f" now with the gate {share(refused, lambda o: o.ok or o.gated)}",
    ])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("log", type=Path, help="an answer_bench log (JSONL), made with the gate off")
    parser.add_argument("--index", type=Path, default=Path("/tmp/govqa-bench-index"))
    parser.add_argument("--questions", type=Path, nargs="*", default=None,
                        help="question files (default: bench/data/user_questions_*.jsonl)")
    parser.add_argument("--split", default="train", choices=["train", "test", "all"])
    args = parser.parse_args(argv)
    logged = [json.loads(line) for line in args.log.read_text(encoding="utf-8").splitlines() if line.strip()]
    outcomes = reverify(open_retrieval(args.index), load_questions(args.questions, args.split), logged,
                        AnswerSettings())
    for o in outcomes:
        if o.changed:
            print(json.dumps({"id": o.id, "now": "ok" if o.ok else "not ok", "question": o.question,
                              "draft": o.draft, "answer": o.answer}, ensure_ascii=False))
    print(summary(outcomes))
    return 0


if __name__ == "__main__":
    sys.exit(main())
