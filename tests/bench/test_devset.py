"""Validates the dev question set bench/data/dev_questions.jsonl against the shared data.

Every gold evidence must be an exact, single-line substring (8-60 characters) of its source file under
../shared, and every answer string must appear in one of the question's evidences (compared after OpenCC
t2s, since answers are written in Simplified while some sources are in Traditional script).

Kinds:
  seed          a question about one Simplified seed report (seeds/000, 001, 003, 004)
  corpus        a question about one Simplified report in corpus/gov-reports
  traditional   a question, asked in Simplified, about one Traditional-script document
                (seeds/002 仲恺高新区, corpus 032-038 Hong Kong policy addresses)
  multi_region  a question spanning several documents, one gold entry per region/document
  unanswerable  a plausible question the documents do not answer (answers == [], gold == [])
"""

import json
import re
from collections import Counter
from functools import cache
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SHARED = REPO.parent / "shared"
DEVSET = REPO / "bench" / "data" / "dev_questions.jsonl"

if not SHARED.is_dir():
    pytest.skip(
        f"shared data not found at {SHARED} (expected ../shared next to the repo); "
        "the dev-set check needs the seed and corpus files",
        allow_module_level=True,
    )

import opencc  # noqa: E402  (only needed once the data is known to be present)

KINDS = {"seed", "corpus", "traditional", "multi_region", "unanswerable"}
SINGLE_DOC_KINDS = {"seed", "corpus", "traditional"}
FIELDS = {"id", "question", "answerable", "kind", "answers", "gold"}
SEED_PREFIX = "seeds/"
CORPUS_PREFIX = "corpus/gov-reports/"

MIN_SEED_QUESTIONS = 35
MIN_PER_SEED = 6
MIN_CORPUS_QUESTIONS = 35
MIN_MULTI_REGION = 8
MIN_UNANSWERABLE = 12
MIN_TOTAL = 90
MIN_CORPUS_FILES = 25

_T2S = opencc.OpenCC("t2s")


def t2s(text: str) -> str:
    return _T2S.convert(text)


def _load_rows():
    rows = []
    with DEVSET.open(encoding="utf-8") as f:
        for lineno, line in enumerate(f, 1):
            assert line.strip(), f"line {lineno}: blank line in {DEVSET.name}"
            rows.append(json.loads(line))
    return rows


ROWS = _load_rows()


@cache
def source_text(source: str) -> str:
    return (SHARED / source).read_text(encoding="utf-8")


@cache
def traditional_sources() -> frozenset:
    """Sources in Traditional script: the 仲恺 seed plus corpus files INDEX.tsv marks 'traditional'."""
    index = (SHARED / CORPUS_PREFIX / "INDEX.tsv").read_text(encoding="utf-8").splitlines()
    header = index[0].split("\t")
    file_col, script_col = header.index("file"), header.index("script")
    found = {CORPUS_PREFIX + cols[file_col]
             for cols in (line.split("\t") for line in index[1:] if line.strip())
             if cols[script_col] == "traditional"}
    found |= {SEED_PREFIX + p.name for p in (SHARED / "seeds").glob("002_*.txt")}
    return frozenset(found)


def sources(row) -> set:
    return {g["source"] for g in row["gold"]}


def by_id(row):
    return row["id"]


@pytest.mark.parametrize("row", ROWS, ids=by_id)
def test_schema(row):
    assert set(row) == FIELDS, f"fields: {sorted(row)}"
    assert isinstance(row["id"], str) and re.fullmatch(r"d\d{3}", row["id"])
    assert isinstance(row["question"], str) and row["question"].strip()
    assert row["kind"] in KINDS
    assert isinstance(row["answerable"], bool)
    assert row["answerable"] == (row["kind"] != "unanswerable")
    assert isinstance(row["answers"], list) and isinstance(row["gold"], list)
    assert all(isinstance(a, str) and a.strip() for a in row["answers"])
    for g in row["gold"]:
        assert isinstance(g, dict) and set(g) == {"source", "evidence"}, g
        assert isinstance(g["source"], str) and isinstance(g["evidence"], str)
    if row["answerable"]:
        assert row["answers"], "answerable question without answers"
        assert row["gold"], "answerable question without gold evidence"
    else:
        assert row["answers"] == [] and row["gold"] == []


@pytest.mark.parametrize("row", ROWS, ids=by_id)
def test_question_is_simplified(row):
    # Questions about Traditional-script documents must still be asked in Simplified script.
    assert t2s(row["question"]) == row["question"]


def test_ids_and_questions_unique():
    ids = Counter(r["id"] for r in ROWS)
    assert not [i for i, n in ids.items() if n > 1], "duplicate ids"
    questions = Counter(r["question"] for r in ROWS)
    assert not [q for q, n in questions.items() if n > 1], "duplicate questions"


@pytest.mark.parametrize("row", [r for r in ROWS if r["gold"]], ids=by_id)
def test_evidence_is_exact_substring(row):
    for g in row["gold"]:
        source, evidence = g["source"], g["evidence"]
        assert source.startswith((SEED_PREFIX, CORPUS_PREFIX)) and ".." not in source, source
        assert (SHARED / source).is_file(), f"missing source file {source}"
        assert "\n" not in evidence and "\r" not in evidence, f"evidence crosses a line break: {evidence!r}"
        assert 8 <= len(evidence) <= 60, f"evidence length {len(evidence)}: {evidence!r}"
        assert evidence in source_text(source), f"evidence not in {source}: {evidence!r}"
        # the question must paraphrase, not quote the whole evidence
        assert t2s(evidence) not in t2s(row["question"]), f"question quotes its evidence: {evidence!r}"


@pytest.mark.parametrize("row", [r for r in ROWS if r["answerable"]], ids=by_id)
def test_answers_appear_in_evidence(row):
    evidences = [t2s(g["evidence"]) for g in row["gold"]]
    for answer in row["answers"]:
        assert any(t2s(answer) in e for e in evidences), f"answer {answer!r} not in any evidence {evidences}"


@pytest.mark.parametrize("row", [r for r in ROWS if r["answerable"]], ids=by_id)
def test_kind_matches_sources(row):
    srcs = sources(row)
    if row["kind"] == "multi_region":
        assert len(row["gold"]) >= 2 and len(srcs) >= 2, "multi_region needs one gold entry per region"
        return
    assert len(srcs) == 1, f"{row['kind']} question should rest on one document: {sorted(srcs)}"
    (source,) = srcs
    is_traditional = source in traditional_sources()
    if row["kind"] == "traditional":
        assert is_traditional, f"'traditional' question on a Simplified source {source}"
    else:
        assert not is_traditional, f"question on Traditional source {source} should be kind 'traditional'"
        expected = SEED_PREFIX if row["kind"] == "seed" else CORPUS_PREFIX
        assert source.startswith(expected), f"kind {row['kind']} with source {source}"


def test_minimum_counts():
    kinds = Counter(r["kind"] for r in ROWS)
    single = [r for r in ROWS if r["kind"] in SINGLE_DOC_KINDS]
    seed_rows = [r for r in single if all(s.startswith(SEED_PREFIX) for s in sources(r))]
    corpus_rows = [r for r in single if all(s.startswith(CORPUS_PREFIX) for s in sources(r))]
    per_seed = Counter(next(iter(sources(r))) for r in seed_rows)
    seed_files = sorted(SEED_PREFIX + p.name for p in (SHARED / "seeds").glob("*.txt"))

    assert len(ROWS) >= MIN_TOTAL, f"{len(ROWS)} questions"
    assert len(seed_rows) >= MIN_SEED_QUESTIONS, f"{len(seed_rows)} seed questions"
    for seed in seed_files:
        assert per_seed[seed] >= MIN_PER_SEED, f"{seed}: {per_seed[seed]} questions"
    assert len(corpus_rows) >= MIN_CORPUS_QUESTIONS, f"{len(corpus_rows)} corpus questions"
    assert kinds["multi_region"] >= MIN_MULTI_REGION, kinds
    assert kinds["unanswerable"] >= MIN_UNANSWERABLE, kinds
    assert any(s.startswith(SEED_PREFIX) for r in ROWS if r["kind"] == "traditional" for s in sources(r))
    assert any(s.startswith(CORPUS_PREFIX) for r in ROWS if r["kind"] == "traditional" for s in sources(r))


def test_corpus_coverage():
    corpus_files = {g["source"] for r in ROWS for g in r["gold"] if g["source"].startswith(CORPUS_PREFIX)}
    assert len(corpus_files) >= MIN_CORPUS_FILES, f"only {len(corpus_files)} corpus files used"
