"""Why comparison rows are missed: each expected row of a question set put in one category, and whether the figure
picker's own signals could accept more rows by a fitted decision (no LLM).

    python -m bench.compare_misses --index /tmp/govqa-bench-index [--split train] [--set all|a|…|l] [--fit]

Categories (the candidates are the ones ``Comparer`` weighed for the row's region, best first by score):
  right                       the row holds the expected figure (bench.crossregion_bench's test)
  wrong figure shown          a figure other than the expected one (for a trap: any figure)
  right figure, not holding   the expected figure from another sentence or report
  missed, not a candidate     no candidate of the region has the expected figure (unit, reading, or retrieval)
  missed, ranked first        the best candidate is the expected figure; the rules did not accept it, with the
                              row's reason's opening ("报告只给出累计数": a kind the asker did not ask for)
  missed, ranked 2nd / 3rd+   the expected figure is a candidate, below another

``--fit``: over the rows where nothing was shown and the best candidate is of the kind asked, a logistic
regression over that candidate's signals (label coverage, the asker's own coverage, embedding similarity, lead
over the next figure of another value, score, a shared content word; and one the picker does not use: the cosine of
the whole question, glosses included, to the figure's context), cross-validated by question, says how many rows a
threshold would add right against wrong. Use the train split only: the test split is for measuring.
"""

from __future__ import annotations

import argparse
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from bench.crossregion_bench import SETS, align_rows, read_sets, row_holds, run_comparisons, same_figure, same_region
from retrieval.answer.text import norm
from retrieval.compare import Comparer, ComparisonRow
from retrieval.figure_picker import Candidate
from retrieval.service import Retrieval

SIGNALS = ("label_coverage", "own_coverage", "dense", "lead", "score", "asker_word", "question_dense")
_NO_RIVAL_LEAD = 1.0  # the lead of a candidate that has no rival of another value (scores spread about 0.5-2.5)


@dataclass(frozen=True)
class Miss:
    question: str  # id
    asked: str  # the question's text
    region: str
    category: str
    best: Candidate | None  # the best candidate not ruled out, when nothing was shown and it is of the kind asked
    expected_is_best: bool
    lead: float


def categorise(service: Retrieval, items: list[dict]) -> list[Miss]:
    weighed: dict[str, tuple[str, list[Candidate]]] = {}  # region → (kind asked, candidates), for one question
    comparer = Comparer(service, on_weighed=lambda region, kind, seen: weighed.update({region: (kind, seen)}))
    found = []
    for compared in run_comparisons(comparer, items):
        for expected, row in align_rows(compared.rows, compared.item["rows"]):
            seen = next((w for r, w in weighed.items() if same_region(r, expected["region"])), None)
            found.append(_miss(service, compared.item, expected, row, seen))
        weighed.clear()
    return found


def _miss(service: Retrieval, item: dict, expected: dict, row: ComparisonRow | None,
          weighed: tuple[str, list[Candidate]] | None) -> Miss:
    value = expected.get("value")
    kind, candidates = weighed if weighed else ("", [])
    candidates = [c for c in candidates if not c.ruled_out]
    ranks = [i for i, c in enumerate(candidates) if value and same_figure(c.figure.value, value)]
    best = candidates[0] if candidates else None
    rival = next((c for c in candidates[1:] if best and c.figure.value != best.figure.value), None)
    lead = min(best.score - rival.score, _NO_RIVAL_LEAD) if best and rival else _NO_RIVAL_LEAD
    if row is not None and row_holds(service, row, expected):
        category = "right"
    elif row is not None and row.value is not None:
        category = "right figure, not holding" if value and same_figure(row.value, value) else "wrong figure shown"
    elif not ranks:
        category = "missed, not a candidate"
    elif ranks[0] == 0:
        category = f"missed, ranked first: {_opening(row.reason if row else '')}"
    else:
        category = "missed, ranked 2nd" if ranks[0] == 1 else "missed, ranked 3rd+"
    shown = row is not None and row.value is not None
    weighable = not shown and best is not None and best.figure.kind == kind
    return Miss(item["id"], item["question"], expected["region"], category, best if weighable else None,
                bool(ranks) and ranks[0] == 0, lead)


# The openings of the reasons ``Comparer`` gives, by what they say.
_REASONS = (
    ("报告中没有找到", "no figure names the measure well enough"),
    ("报告只给出", "only another kind (target, cumulative, average)"),
    ("报告中的", "another year"),
    ("报告中有几个", "figures stated alike (a tie)"),
    ("报告中与所问最接近", "a ruled-out figure as close"),
)


def _opening(reason: str) -> str:
    return next((said for opening, said in _REASONS if (reason or "").startswith(opening)), reason or "(no reason)")


def fit_acceptance(misses: list[Miss], service: Retrieval) -> None:
    from sklearn.metrics import roc_auc_score
    from sklearn.model_selection import GroupKFold

    from bench.logistic import fit_logistic

    rows = [m for m in misses if m.best is not None]
    if len({m.expected_is_best for m in rows}) < 2:
        print("--fit: too few rows of each outcome to fit")
        return
    embedder = service.index.embedder
    questions = embedder.encode_queries([norm(m.asked) for m in rows])
    contexts = embedder.encode_documents([norm(m.best.figure.context + m.best.figure.value) for m in rows])
    columns = {
        "label_coverage": [m.best.label_coverage for m in rows], "own_coverage": [m.best.own_coverage for m in rows],
        "dense": [m.best.dense for m in rows], "lead": [m.lead for m in rows], "score": [m.best.score for m in rows],
        "asker_word": [float(m.best.asker_word) for m in rows], "question_dense": (questions * contexts).sum(axis=1),
    }
    x = np.column_stack([columns[name] for name in SIGNALS])
    y = np.array([int(m.expected_is_best) for m in rows])
    print(f"\n--fit: {len(rows)} rows with nothing shown and a best candidate of the kind asked; "
          f"{y.sum()} of those candidates are the expected figure")
    for i, name in enumerate(SIGNALS):
        print(f"  AUC of {name:15s} {roc_auc_score(y, x[:, i]):.3f}")
    fit = fit_logistic(x, y, GroupKFold(n_splits=5), groups=[m.question for m in rows])
    print(f"  cross-validated AUC of the fit: {roc_auc_score(y, fit.held_out):.3f}")
    for threshold in (0.5, 0.6, 0.7, 0.8, 0.9):
        accepted = fit.held_out >= threshold
        print(f"  threshold {threshold}: {int(accepted.sum())} rows accepted, {int(y[accepted].sum())} right, "
              f"{int((1 - y[accepted]).sum())} wrong figures shown")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--index", type=Path, default=None)
    parser.add_argument("--data", type=Path, default=Path(__file__).parent / "data")
    parser.add_argument("--split", default="train", choices=["train", "test", "all"])
    parser.add_argument("--set", default="all", choices=["all", *SETS])
    parser.add_argument("--fit", action="store_true", help="fit an acceptance of the best candidate (see above)")
    args = parser.parse_args(argv)
    service = Retrieval.open(args.index) if args.index else Retrieval.open()
    misses = categorise(service, read_sets(args.data, "compare_questions", args.split, args.set))
    tally = Counter(m.category for m in misses)
    print(f"{len(misses)} expected rows ({args.split}, set {args.set})")
    for category, count in tally.most_common():
        print(f"  {count:5d}  {category}")
    if args.fit:
        fit_acceptance(misses, service)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
