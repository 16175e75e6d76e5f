"""Which wording of the judge's yes/no question separates answers that will be right from the rest?

    GOVQA_ANSWER_JUDGE_GATE=false python bench/answer_bench.py --backend local --split train --shuffle \\
        --rgb-limit 0 --log /tmp/train-gate-off.jsonl
    python -m bench.judge_wording /tmp/train-gate-off.jsonl [--votes /tmp/judge-wording.jsonl] [--index DIR]

For every single-part question of a TRAIN gate-off log (so each was generated and verified, and its outcome is
known), the judge's material (passages and question, exactly as retrieval/answer/prompt.py builds it) is asked
each wording below and the model's log-odds of its yes over its no option are recorded (resumable: --votes
caches them; the passages are read once per question, every further wording costs only its own tokens).
Printed per wording: the AUC of the vote for "answered right" against every other outcome and against the
unanswerable questions, and, with the vote in place of the shipped calibration's model signal, the best share
answered right at a threshold that still refuses ≥ 90% of the unanswerable ones.

Measured 2026-12-04 (docs/benchmarks.md, eighth pass): "能确定这个问题的答案吗" (能/不能) beat the shipped
"能回答这个问题吗" (是/否) here, but the judge refitted on it refused fewer unanswerable questions on the test
split and on RGB, so it was not shipped. A wording must win on held-out questions, not only here.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from retrieval.answer.prompt import JUDGE_ASK, JUDGE_OPTIONS  # noqa: E402


@dataclass(frozen=True)
class Wording:
    name: str
    ask: str
    yes: str
    no: str  # the whole option: the model's first token of it is read ("没有" is one token, "没" is another)


WORDINGS = (
    Wording("answer", JUDGE_ASK, *JUDGE_OPTIONS),  # the judge's own
    Wording("given", "资料里有没有直接给出这个问题的答案？只回答“有”或“没有”。", "有", "没有"),
    Wording("determine", "根据上面的资料，能确定这个问题的答案吗？只回答“能”或“不能”。", "能", "不能"),
    Wording("states", "资料中是否有一句话正好说的是问题问的这件事？只回答“是”或“否”。", "是", "否"),
)
REFUSAL_FLOOR = 0.9  # the target for refusing unanswerable questions


def auc(labels: np.ndarray, scores: np.ndarray) -> float:
    """Probability that a random positive outscores a random negative (ties count half)."""
    positives, negatives = scores[labels], scores[~labels]
    if not len(positives) or not len(negatives):
        return float("nan")
    greater = (positives[:, None] > negatives[None, :]).sum()
    ties = (positives[:, None] == negatives[None, :]).sum()
    return float((greater + 0.5 * ties) / (len(positives) * len(negatives)))


def best_right(records: list[dict], probabilities: np.ndarray, floor: float = REFUSAL_FLOOR) -> tuple[float, float]:
    """(share of answerable questions answered right, threshold) at the best threshold that still refuses
    ``floor`` of the unanswerable ones (refused by the gate, or by the model and the verifier)."""
    answerable = np.array([r["answerable"] for r in records])
    right = np.array([r["right"] for r in records])
    refused = np.array([r["refused"] for r in records])
    best = (0.0, 1.0)
    for threshold in np.linspace(0.01, 0.99, 99):
        passed = probabilities >= threshold
        leaked = (passed & ~answerable & ~refused).sum() / max((~answerable).sum(), 1)
        share = (passed & right).sum() / max(answerable.sum(), 1)
        if 1 - leaked >= floor and share > best[0]:
            best = (float(share), float(threshold))
    return best


def collect(log: Path, votes: Path, index: Path) -> list[dict]:
    from bench.answer_bench import load_questions
    from bench.calibrate_judge import open_retrieval
    from config import settings
    from retrieval.answer.evidence import gather
    from retrieval.answer.judge import vote
    from retrieval.answer.prompt import judge_messages
    from retrieval.answer.query import analyse
    from retrieval.llm.settings import make_backend
    from retrieval.search import Filters

    rows = {r["id"]: r for r in load_questions(None)}
    records = [json.loads(line) for line in votes.read_text(encoding="utf-8").splitlines()] if votes.exists() else []
    done = {r["id"] for r in records}
    retrieval, backend = open_retrieval(index), make_backend()
    with votes.open("a", encoding="utf-8") as out:
        for line in log.read_text(encoding="utf-8").splitlines():
            logged = json.loads(line)
            row = rows.get(logged["id"])
            if row is None or row.get("split") != "train" or logged.get("parts") or logged["id"] in done:
                continue
            if not logged.get("judge_signals"):
                continue  # a cross-region answer: the judge never saw it
            query = analyse(row["question"], retrieval.index.regions.regions_in)
            evidence = gather(retrieval, query, Filters(), settings().answer)
            if query.facets or not evidence.passages:
                continue
            record = {"id": row["id"], "answerable": bool(row["answerable"]),
                      "right": bool(row["answerable"] and logged["ok"] and logged.get("cited_ok")),
                      "refused": bool(logged["refused"]), "signals": logged["judge_signals"]}
            for wording in WORDINGS:
                messages = judge_messages(query, evidence.passages, wording.ask)
                record[wording.name] = vote(backend, messages, (wording.yes, wording.no))
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
            out.flush()
            records.append(record)
    return records


def report(records: list[dict]) -> list[dict]:
    from retrieval.answer.judge import Signals, load_calibrations

    # Each wording's own vote is weighed: by the fit over the vote itself ("llm_parts", fitted 2026-12-02), as the
    # shipped "llm" fit weighs the vote less the prior, which was asked in the shipped wording only.
    calibration = next(c for c in load_calibrations().values() if "model" in c.features)
    right = np.array([r["right"] for r in records])
    versus = np.array([r["right"] or not r["answerable"] for r in records])  # right vs unanswerable only
    lines = []
    for wording in WORDINGS:
        votes = np.array([r[wording.name] for r in records])
        signals = [Signals(**{**r["signals"], "model": r[wording.name]}) for r in records]
        probabilities = np.array([calibration.probability(s) for s in signals])
        share, threshold = best_right(records, probabilities)
        lines.append({"wording": wording.name, "ask": wording.ask,
                      "auc_right_vs_rest": round(auc(right, votes), 3),
                      "auc_right_vs_unanswerable": round(auc(right[versus], votes[versus]), 3),
                      "right_at_refusal_0.9": round(share, 3), "threshold": round(threshold, 2)})
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("log", type=Path, help="answer_bench log of a train run with the gate off")
    parser.add_argument("--votes", type=Path, default=Path("/tmp/govqa-judge-wording.jsonl"))
    parser.add_argument("--index", type=Path, default=Path("/tmp/govqa-bench-index"))
    args = parser.parse_args(argv)
    records = collect(args.log, args.votes, args.index)
    print(f"{len(records)} questions, {sum(not r['answerable'] for r in records)} unanswerable")
    for line in report(records):
        print(json.dumps(line, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
