"""Fit where the second opinion decides (retrieval/answer/review.py) and write it into calibration.json.

    # once each, with the gate off so that every question was generated (train: ~40 min, RGB: ~35 min)
    GOVQA_ANSWER_JUDGE_GATE=false python bench/answer_bench.py --backend local --split train --rgb-limit 0 \\
        --log /tmp/train-gateoff.jsonl
    GOVQA_ANSWER_JUDGE_GATE=false python bench/answer_bench.py --backend local --split train --limit 0 \\
        --rgb-start 50 --rgb-limit 100 --log /tmp/rgb-gateoff.jsonl
    python -m bench.calibrate_review /tmp/train-gateoff.jsonl /tmp/rgb-gateoff.jsonl    # votes: ~5 min
    python -m bench.calibrate_review … --refit      # from the cached votes, no model

Each logged draft is verified again with the current code (as bench.reverify does), and every draft the judge
put under its threshold but above ``--floor`` gets the model's vote on each of its kept claims (the same
``review.claim_votes`` the answerer calls). Two numbers are then chosen on a grid: the band's lower edge
(``review_threshold``) and the weakest claim's vote needed in it (``claim_vote_threshold``).

What they maximise: the mean, over the two domains, of (answerable right − ½ answerable wrong + unanswerable
refused) / 2, the judge's end-to-end objective. The domains are the train split of the user-worded questions
about the reports and RGB's news questions 50–149 (each with its noisy and its negative-only pool; answer_bench
reports questions 0–49, so the fit never sees them). RGB is in the fit because a lower gate looked better on
the reports alone and let RGB's negative pools through (docs/benchmarks.md, issue 9, twelfth pass). The
figure for a choice made this way is cross-validated: 5 folds by question, the grid chosen on four and scored
on the fifth.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bench.answer_bench import RGB_K, holds, load_questions, rgb_pools, squash  # noqa: E402
from bench.calibrate_judge import WRONG_COST, evidence_of, open_retrieval  # noqa: E402
from config import AnswerSettings  # noqa: E402
from retrieval.answer.answerer import verifier_for  # noqa: E402
from retrieval.answer.evidence import from_hits  # noqa: E402
from retrieval.answer.judge import CALIBRATION, load_calibrations  # noqa: E402
from retrieval.answer.query import analyse  # noqa: E402
from retrieval.answer.review import claim_votes  # noqa: E402

BANDS = np.round(np.arange(0.20, 0.81, 0.05), 2)  # candidate lower edges, up to the judge's threshold
VOTES = np.round(np.arange(-1.0, 3.01, 0.1), 2)  # candidate votes needed


@dataclass(frozen=True)
class Draft:
    """One logged question, verified again, with the model's votes where the band could reach it."""

    id: str
    domain: str  # "reports" or "rgb"
    answerable: bool
    probability: float  # the judge's, as logged
    answered: bool  # a claim of the draft holds in its cited passage
    correct: bool  # … and the answer states the gold
    votes: tuple[float, ...] = ()  # the model's vote on each kept claim; () when not asked


def passes(d: Draft, threshold: float, band: float, vote: float) -> bool:
    """Whether the answer would stand: above the judge's threshold, or in the band with every claim's vote."""
    if d.probability >= threshold:
        return True
    return d.probability >= band and d.answered and bool(d.votes) and min(d.votes) >= vote


def rates(drafts: list[Draft], passed: list[bool]) -> dict[str, float]:
    answerable = [(d, p) for d, p in zip(drafts, passed, strict=True) if d.answerable]
    unanswerable = [(d, p) for d, p in zip(drafts, passed, strict=True) if not d.answerable]
    right = sum(p and d.correct for d, p in answerable)
    wrong = sum(p and d.answered and not d.correct for d, p in answerable)
    invented = sum(p and d.answered for d, p in unanswerable)
    return {"accuracy": right / max(len(answerable), 1), "wrong": wrong / max(len(answerable), 1),
            "refusal": 1 - invented / max(len(unanswerable), 1), "right": right, "answerable": len(answerable),
            "refused": len(unanswerable) - invented, "unanswerable": len(unanswerable)}


def objective(drafts: list[Draft], threshold: float, band: float, vote: float) -> float:
    """The mean over the domains of the judge's end-to-end objective (bench.calibrate_judge.objective)."""
    scores = []
    for domain in sorted({d.domain for d in drafts}):
        mine = [d for d in drafts if d.domain == domain]
        r = rates(mine, [passes(d, threshold, band, vote) for d in mine])
        scores.append((r["accuracy"] - WRONG_COST * r["wrong"] + r["refusal"]) / 2)
    return float(np.mean(scores))


def choose(drafts: list[Draft], threshold: float) -> tuple[float, float]:
    """The band and vote with the best objective; ties go to the narrower band, then the stricter vote."""
    grid = [(float(b), float(v)) for b in BANDS if b < threshold for v in VOTES]
    return max(grid, key=lambda bv: (round(objective(drafts, threshold, *bv), 6), bv[0], bv[1]))


def cross_validated(drafts: list[Draft], threshold: float, folds: int = 5) -> float:
    """The objective of choices made without the questions they are scored on (folds by question)."""
    rng = np.random.default_rng(0)
    keys = sorted({_key(d) for d in drafts})
    fold_of = dict(zip(keys, rng.permutation(len(keys)) % folds, strict=True))
    passed = {}
    for fold in range(folds):
        held = [d for d in drafts if fold_of[_key(d)] == fold]
        band, vote = choose([d for d in drafts if fold_of[_key(d)] != fold], threshold)
        passed.update({id(d): passes(d, threshold, band, vote) for d in held})
    scores = []
    for domain in sorted({d.domain for d in drafts}):
        mine = [d for d in drafts if d.domain == domain]
        r = rates(mine, [passed[id(d)] for d in mine])
        scores.append((r["accuracy"] - WRONG_COST * r["wrong"] + r["refusal"]) / 2)
    return float(np.mean(scores))


def _key(d: Draft) -> str:
    return d.id.rsplit("-", 1)[0] if d.domain == "rgb" else d.id  # RGB's two pools of a question stay together


def collect(index: Path, logs: list[Path], floor: float, threshold: float, out: Path) -> list[Draft]:
    """Verify each logged draft again and ask the model's vote where the band could reach it."""
    from config import LLMSettings
    from retrieval.llm.settings import make_backend

    backend = make_backend(LLMSettings(backend="local"))
    retrieval = open_retrieval(index)
    regions_in = retrieval.index.regions.regions_in
    rows = {r["id"]: r for r in load_questions(None, "train")}
    pools = {query["qid"]: (query, noisy, negatives) for query, noisy, negatives in rgb_pools(RGB_K)}
    drafts = []
    with out.open("w", encoding="utf-8") as cache:
        for log in logs:
            for line in log.read_text(encoding="utf-8").splitlines():
                entry = json.loads(line)
                skipped = entry.get("parts") or entry.get("intent", "ask") != "ask" or entry.get("fallback")
                if skipped or "draft" not in entry or entry.get("answerability") is None:
                    continue
                if entry.get("kind", "").startswith("rgb-"):
                    if entry["id"] not in pools:
                        continue
                    query, noisy, negatives = pools[entry["id"]]
                    negative = entry["kind"] == "rgb-negative"
                    hits = negatives if negative else noisy
                    evidence = from_hits(analyse(query["query"], regions_in), hits, [h.passage.doc_id for h in hits],
                                         AnswerSettings(), retrieval.index.embedder)
                    golds = [] if negative else [g if isinstance(g, list) else [g] for g in query["answer"]]
                    key, domain, question = f"{entry['id']}-{entry['kind'][4:]}", "rgb", query["query"]
                elif entry["id"] in rows:
                    row = rows[entry["id"]]
                    evidence = evidence_of(retrieval, row["question"])
                    golds = [[g] for g in row["answers"]] if row["answerable"] else []
                    negative, key, domain, question = not row["answerable"], row["id"], "reports", row["question"]
                else:
                    continue
                if evidence is None:
                    continue
                verification = verifier_for(evidence, {p.n: p.hit for p in evidence.passages}, AnswerSettings(),
                                            retrieval).verify(entry["draft"])
                answered = verification.supported > 0
                text = squash(verification.answer) if answered else ""
                correct = answered and not negative and all(any(holds(g, text) for g in group) for group in golds)
                probability = float(entry["answerability"])
                votes = ()
                if answered and floor <= probability < threshold:
                    votes = tuple(v for v in claim_votes(backend, question, verification) if v is not None)
                draft = Draft(key, domain, not negative, probability, answered, correct, votes)
                drafts.append(draft)
                cache.write(json.dumps(asdict(draft), ensure_ascii=False) + "\n")
                cache.flush()
    return drafts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("logs", type=Path, nargs="*", help="gate-off answer_bench logs: train split and RGB 50–149")
    parser.add_argument("--index", type=Path, default=Path("/tmp/govqa-bench-index"))
    parser.add_argument("--votes", type=Path, default=Path("/tmp/govqa-review-votes.jsonl"), help="vote cache")
    parser.add_argument("--refit", action="store_true", help="fit from --votes without running the model")
    parser.add_argument("--floor", type=float, default=float(BANDS[0]), help="lowest probability asked about")
    parser.add_argument("--output", type=Path, default=CALIBRATION)
    args = parser.parse_args(argv)
    threshold = load_calibrations(args.output)["llm"].threshold
    if args.refit:
        lines = args.votes.read_text(encoding="utf-8").splitlines()
        drafts = [Draft(**{**json.loads(x), "votes": tuple(json.loads(x)["votes"])}) for x in lines]
    else:
        if not args.logs:
            parser.error("give the gate-off logs, or --refit to reuse the cached votes")
        drafts = collect(args.index, args.logs, args.floor, threshold, args.votes)
    band, vote = choose(drafts, threshold)
    for label, b, v in (("gate alone", threshold, 0.0), ("with the review", band, vote)):  # band = threshold: none
        print(f"{label:16} objective {objective(drafts, threshold, b, v):.4f}")
        for domain in ("reports", "rgb"):
            mine = [d for d in drafts if d.domain == domain]
            r = rates(mine, [passes(d, threshold, b, v) for d in mine])
            print(f"  {domain:8} right {r['right']}/{r['answerable']}  wrong {r['wrong']:.3f}"
                  f"  refused {r['refused']}/{r['unanswerable']}")
    print(f"chosen: review_threshold {band}, claim_vote_threshold {vote};"
          f" cross-validated objective {cross_validated(drafts, threshold):.4f}")
    data = json.loads(args.output.read_text(encoding="utf-8"))
    data["calibrations"]["llm"].update(review_threshold=band, claim_vote_threshold=vote)
    args.output.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
