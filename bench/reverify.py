"""Re-check a bench log's drafts with the verifier as the code stands now: what a verifier change gains and loses.

    GOVQA_ANSWER_JUDGE_GATE=false python bench/answer_bench.py --backend local --split train --rgb-limit 0 \
        --log /tmp/gateoff.jsonl                                  # once, ~40 min: generation is the slow part
    python -m bench.reverify /tmp/gateoff.jsonl [--index DIR]     # after each verifier change, ~5 min
    python -m bench.reverify RGB_LOG --rgb 50:150                 # a gate-off log of RGB questions 50-149

answer_bench logs each answer's draft (what the model wrote before verification). Retrieval is deterministic
and the draft does not depend on the verifier, so gathering the evidence again and verifying the logged draft
gives the answer the current code would give, without generating again. Use a log made with the gate off:
every question then has a draft. What the gate would refuse is judged as the code stands too: the model's
logged votes (judge_signals: model, prior) with the other signals computed again, under the current calibration.

Skipped: questions answered part by part, cross-region answers and extractive fallbacks (their draft is not
the model's). Only train questions are read unless --split says otherwise: tune on train, never on test. With
--rgb, the log's RGB questions in that range are read instead (answer_bench's --rgb-start/--rgb-limit; each with
its noisy pool, answerable, and its negative-only pool, not), out of the reports' domain.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bench.answer_bench import RGB_K, holds, load_questions, rgb_pools, squash  # noqa: E402
from bench.calibrate_judge import evidence_of, open_retrieval, question_range, rgb_items  # noqa: E402
from config import AnswerSettings  # noqa: E402
from retrieval.answer import several  # noqa: E402
from retrieval.answer.answerer import verifier_for  # noqa: E402
from retrieval.answer.evidence import Evidence  # noqa: E402
from retrieval.answer.judge import Judge, load_calibrations  # noqa: E402


@dataclass(frozen=True)
class Case:
    """A question a log may hold, as the bench scores it."""

    key: str  # the log entry's id, with its RGB pool for RGB ("rgb-q050-negative")
    question: str
    answerable: bool
    golds: list[list[str]]  # every group must be stated, by one of its strings
    evidence: Callable[[], Evidence | None]  # None: judged part by part


def report_cases(retrieval, rows: list[dict]) -> list[Case]:
    return [Case(r["id"], r["question"], bool(r["answerable"]), [[a] for a in r["answers"]],
                 lambda r=r: evidence_of(retrieval, r["question"])) for r in rows]


def rgb_cases(retrieval, questions: range) -> list[Case]:
    """Both pools of each RGB question (calibrate_judge.rgb_items), with the answer groups answer_bench scores."""
    queries = {q["qid"]: q for q, _, _ in rgb_pools(RGB_K)}
    cases = []
    for item in rgb_items(retrieval, questions):
        query = queries[item.id.rsplit("-", 1)[0]]
        golds = [a if isinstance(a, list) else [a] for a in query["answer"]] if item.answerable else []
        cases.append(Case(item.id, query["query"], item.answerable, golds, item.evidence))
    return cases


def log_key(entry: dict) -> str:
    kind = entry.get("kind", "")
    return f"{entry['id']}-{kind.removeprefix('rgb-')}" if kind.startswith("rgb-") else entry["id"]


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
    gated: bool  # the judge's probability (logged votes, current signals and calibration) is under the threshold

    @property
    def changed(self) -> bool:
        return self.ok != self.was_ok


def reverify(retrieval, cases: list[Case], logged: Iterable[dict], settings: AnswerSettings) -> list[Outcome]:
    """The outcome of each logged draft of these ``cases`` under the current verifier and judge."""
    by_key = {c.key: c for c in cases}
    calibration = load_calibrations()["llm"]
    judge = Judge(None, retrieval.index.embedder)
    out = []
    for entry in logged:
        case = by_key.get(log_key(entry))
        skipped = entry.get("parts") or entry.get("intent", "ask") != "ask" or entry.get("fallback")
        if case is None or skipped or "draft" not in entry:
            continue
        evidence = case.evidence()
        if evidence is None:
            continue
        numbered = {p.n: p.hit for p in evidence.passages}
        verification = verifier_for(evidence, numbered, settings, retrieval).verify(entry["draft"])
        verification = several.complete(evidence, verification) or verification  # as answerer._completed does
        answered = verification.supported > 0
        text = squash(verification.answer) if answered else ""
        right = all(any(holds(g, text) for g in group) for group in case.golds)
        ok = answered and right if case.answerable else not answered
        votes = entry.get("judge_signals") or {}
        signals = replace(judge.signals(evidence), model=votes.get("model"), prior=votes.get("prior"))
        out.append(Outcome(case.key, case.question, case.answerable, entry["draft"],
                           verification.answer if answered else "", bool(entry.get("ok")), ok,
                           not calibration.probability(signals) >= calibration.threshold))  # no vote: gated
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
    parser.add_argument("--rgb", type=question_range, default=None, metavar="START:END",
                        help="read the log's RGB questions START..END-1 (0-based) instead of the report questions")
    args = parser.parse_args(argv)
    logged = [json.loads(line) for line in args.log.read_text(encoding="utf-8").splitlines() if line.strip()]
    retrieval = open_retrieval(args.index)
    cases = (rgb_cases(retrieval, args.rgb) if args.rgb is not None
             else report_cases(retrieval, load_questions(args.questions, args.split)))
    outcomes = reverify(retrieval, cases, logged, AnswerSettings())
    for o in outcomes:
        if o.changed:
            print(json.dumps({"id": o.id, "now": "ok" if o.ok else "not ok", "question": o.question,
                              "draft": o.draft, "answer": o.answer}, ensure_ascii=False))
    print(summary(outcomes))
    return 0


if __name__ == "__main__":
    sys.exit(main())
