"""Fit the answer judge (retrieval/answer/judge.py) on the TRAIN split and write calibration.json.

    python -m bench.calibrate_judge [--index /tmp/govqa-bench-index] [--backend local] [--features FILE]

For every train question (bench/data/user_questions_*.jsonl, split "train"; questions over several regions
are judged part by part, so they are left out here) the evidence is gathered as `ask` gathers it and the
judge's signals are recorded. The label is whether the evidence really answers: the question is answerable
and a gold answer string stands in the quoted excerpts (if retrieval missed it, refusing is right). One
logistic regression per feature set ("llm": with the model's vote; "extractive": without), and the threshold
that maximises balanced accuracy on cross-validated probabilities, so the threshold is not fitted to the
same predictions it is judged by. Signals are cached in --features (JSONL) to refit without the LLM.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from dataclasses import asdict
from datetime import date
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bench.answer_bench import load_questions, squash  # noqa: E402
from config import AnswerSettings  # noqa: E402
from retrieval.answer.evidence import gather  # noqa: E402
from retrieval.answer.judge import CALIBRATION, Judge, Signals  # noqa: E402
from retrieval.answer.query import analyse  # noqa: E402
from retrieval.search import Filters  # noqa: E402

FEATURE_SETS = {"llm": ("model", "dense", "lexical", "states"), "extractive": ("dense", "lexical", "states")}


def collect(index: Path, backend_name: str, rows: list[dict], out: Path) -> list[dict]:
    from config import LLMSettings
    from retrieval.llm.settings import make_backend
    from retrieval.service import Retrieval

    retrieval = Retrieval.open(index)
    backend = make_backend(LLMSettings(backend=backend_name))
    judge = Judge(backend, retrieval.index.embedder)
    settings = AnswerSettings()
    # Resumable: signals already in the cache are kept (a run on a loaded machine takes long).
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()] if out.exists() else []
    done = {r["id"] for r in records}
    with out.open("a", encoding="utf-8") as log:
        for row in rows:
            if row["id"] in done:
                continue
            query = analyse(row["question"], retrieval.index.regions.regions_in)
            if query.facets:
                continue
            evidence = gather(retrieval, query, Filters(), settings)
            started = time.perf_counter()
            signals = judge.signals(evidence)
            quoted = squash("".join(p.excerpt for p in evidence.passages))
            label = bool(row["answerable"]) and any(squash(a) in quoted for a in row["answers"])
            record = {"id": row["id"], "label": label, "answerable": row["answerable"], **asdict(signals),
                      "seconds": round(time.perf_counter() - started, 3)}
            log.write(json.dumps(record, ensure_ascii=False) + "\n")
            log.flush()
            records.append(record)
    return records


def fit(records: list[dict], features: tuple[str, ...]) -> dict:
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import cross_val_predict

    x = np.array([Signals(**{k: r[k] for k in ("model", "dense", "lexical", "states")}).vector(features)
                  for r in records])
    y = np.array([r["label"] for r in records], dtype=int)
    model = LogisticRegression(C=1.0, max_iter=1000)
    held_out = cross_val_predict(model, x, y, cv=5, method="predict_proba")[:, 1]
    threshold, best = 0.5, -1.0
    for candidate in np.linspace(0.05, 0.95, 91):
        tpr = float(np.mean(held_out[y == 1] >= candidate)) if (y == 1).any() else 0.0
        tnr = float(np.mean(held_out[y == 0] < candidate)) if (y == 0).any() else 0.0
        if (tpr + tnr) / 2 > best:
            threshold, best = float(candidate), (tpr + tnr) / 2
    model.fit(x, y)
    return {"features": list(features), "weights": [round(float(w), 6) for w in model.coef_[0]],
            "bias": round(float(model.intercept_[0]), 6), "threshold": round(threshold, 4),
            "cv_balanced_accuracy": round(best, 4), "n": len(y), "positives": int(y.sum())}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--index", type=Path, default=Path("/tmp/govqa-bench-index"))
    parser.add_argument("--backend", default="local", choices=["local", "openai"])
    parser.add_argument("--features", type=Path, default=Path("/tmp/govqa-judge-features.jsonl"),
                        help="signal cache: reused with --refit")
    parser.add_argument("--refit", action="store_true", help="fit from --features without running the model")
    parser.add_argument("--output", type=Path, default=CALIBRATION)
    args = parser.parse_args(argv)
    rows = [r for r in load_questions(None) if r.get("split") == "train"]
    # A fixed shuffle, so that a run stopped early still holds answerable and unanswerable questions of
    # every file in proportion.
    rows = [rows[i] for i in np.random.default_rng(0).permutation(len(rows))]
    if args.refit:
        records = [json.loads(line) for line in args.features.read_text(encoding="utf-8").splitlines()]
    else:
        records = collect(args.index, args.backend, rows, args.features)
    calibrations = {}
    for name, features in FEATURE_SETS.items():
        usable = [r for r in records if all(r[f] is not None for f in features)]
        calibrations[name] = fit(usable, features)
        print(name, json.dumps(calibrations[name], ensure_ascii=False))
    payload = {"fitted_on": f"train split of bench/data/user_questions_*.jsonl ({len(records)} questions, "
                            f"{date.today().isoformat()}, python -m bench.calibrate_judge)",
               "calibrations": calibrations}
    args.output.write_text(json.dumps(payload, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
