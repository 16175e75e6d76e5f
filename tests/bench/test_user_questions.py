"""Validates the user-worded question sets bench/data/user_questions_*.jsonl against the shared data.

The parts (user_questions_a.jsonl, user_questions_b.jsonl, ...) were written by different people over
different files; together they form one held-out-quality set with a fixed train/test split by file.
Checks, per question: the schema, the split rule, evidence taken verbatim from its source (one line,
8-60 characters), every answer inside an evidence (compared after OpenCC t2s), a question in Simplified
script that paraphrases rather than quotes. Over the union: ids and questions unique, and coverage
minimums; per part: the minimums that part's writer was asked for, and for the train-only parts (c, e, f) and the
held-out test-only part (d) that every question stays in its split.

The split is by file (see bench/data/README.md): a question takes the split of its gold files and never
mixes them. An unanswerable question has no gold; when it names a region whose files all sit in one
split (e.g. 朝天区, 北京), its split must be that one.
"""

import json
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SHARED = REPO.parent / "shared"
DATA = REPO / "bench" / "data"
PART_FILES = sorted(DATA.glob("user_questions_*.jsonl"))
EXPECTED_PARTS = ("a", "b")

if not SHARED.is_dir():
    pytest.skip(
        f"shared data not found at {SHARED} (expected ../shared next to the repo); "
        "the user-question check needs the seed and corpus files",
        allow_module_level=True,
    )

import opencc  # noqa: E402  (only needed once the data is known to be present)

FIELDS = {"id", "question", "answerable", "kind", "style", "split", "answers", "gold"}
KINDS = {"seed", "corpus", "traditional", "multi_region", "unanswerable"}
STYLES = {"synonym", "colloquial", "relative_year", "person_programme", "formal"}
SPLITS = {"train", "test"}
SEED_PREFIX = "seeds/"
CORPUS_PREFIX = "corpus/gov-reports/"

# The fixed split: these 15 files are TEST, every other seed or corpus file is TRAIN.
TEST_FILES = frozenset(
    ["seeds/001_cabebfb8727e5438.txt", "seeds/003_2bfe8e35bc84f18f.txt"]
    + [f"{CORPUS_PREFIX}{n:03d}.txt" for n in (3, 6, 9, 13, 16, 20, 24, 27, 30, 34, 37, 41, 44)]
)

# Minimums over all parts together (checked once every expected part exists).
MIN_TOTAL = 230
MIN_PER_FILE = 3
MIN_SEED_QUESTIONS = 40
MIN_PER_SEED = 6
MIN_TRADITIONAL = 20
MIN_MULTI_REGION = 15
MIN_UNANSWERABLE = 35

# At most this share of answerable questions may repeat a run of REPEATED_RUN characters of their evidence:
# the point of these sets is that users do not word questions the way the reports do.
REPEATED_RUN = 5
MAX_REPEATING_SHARE = 0.5
MIN_STYLE_SHARE = 0.08

_T2S = opencc.OpenCC("t2s")


def t2s(text: str) -> str:
    return _T2S.convert(text)


def _load(path: Path) -> list[dict]:
    rows = []
    with path.open(encoding="utf-8") as f:
        for lineno, line in enumerate(f, 1):
            assert line.strip(), f"{path.name} line {lineno}: blank line"
            try:
                row = json.loads(line)
            except json.JSONDecodeError as error:
                raise ValueError(f"{path.name} line {lineno}: not valid JSON ({error})") from error
            row["_part"] = path.stem.removeprefix("user_questions_")
            rows.append(row)
    return rows


ROWS = [row for path in PART_FILES for row in _load(path)]
PARTS = {row["_part"] for row in ROWS}


def by_id(row) -> str:
    return row["id"]


def sources(row) -> set[str]:
    return {g["source"] for g in row["gold"]}


def split_of(source: str) -> str:
    return "test" if source in TEST_FILES else "train"


@cache
def source_text(source: str) -> str:
    return (SHARED / source).read_text(encoding="utf-8")


@cache
def all_sources() -> tuple[str, ...]:
    seeds = sorted(SEED_PREFIX + p.name for p in (SHARED / "seeds").glob("*.txt"))
    corpus = sorted(CORPUS_PREFIX + p.name for p in (SHARED / CORPUS_PREFIX).glob("[0-9]*.txt"))
    return tuple(seeds + corpus)


@cache
def _index_rows() -> list[dict]:
    lines = (SHARED / CORPUS_PREFIX / "INDEX.tsv").read_text(encoding="utf-8").splitlines()
    header = lines[0].split("\t")
    return [dict(zip(header, line.split("\t"), strict=False)) for line in lines[1:] if line.strip()]


@cache
def traditional_sources() -> frozenset[str]:
    """The 仲恺 seed plus the corpus files INDEX.tsv marks 'traditional'."""
    found = {CORPUS_PREFIX + r["file"] for r in _index_rows() if r["script"] == "traditional"}
    found |= {SEED_PREFIX + p.name for p in (SHARED / "seeds").glob("002_*.txt")}
    return frozenset(found)


SEED_NAMES = {"000": ("朝天",), "001": ("殷都",), "002": ("仲恺",), "003": ("通城",), "004": ("长治",)}
REGION_SUFFIXES = ("壮族自治区", "回族自治区", "维吾尔自治区", "自治区", "特别行政区", "省", "市")


@cache
def region_files() -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    """How people name the places: seed names (county level) and provinces, each to its files."""
    seeds = {}
    for number, names in SEED_NAMES.items():
        (path,) = (SHARED / "seeds").glob(f"{number}_*.txt")
        for name in names:
            seeds[name] = {SEED_PREFIX + path.name}
    provinces: dict[str, set[str]] = {}
    for r in _index_rows():
        region = r["region"].split(" ")[0]
        for suffix in REGION_SUFFIXES:
            region = region.removesuffix(suffix)
        if region and region != "全国":
            provinces.setdefault(region, set()).add(CORPUS_PREFIX + r["file"])
    return seeds, provinces


def named_files(question: str) -> set[str]:
    """Files of the places a question names; a county-level seed name wins over its province."""
    seeds, provinces = region_files()
    found = {f for name, files in seeds.items() if name in question for f in files}
    if found:
        return found
    return {f for name, files in provinces.items() if name in question for f in files}


def longest_shared_run(a: str, b: str) -> int:
    best = 0
    for start in range(len(a)):
        end = start + best + 1
        while end <= len(a) and a[start:end] in b:
            best = end - start
            end += 1
    return best


def test_parts_found():
    assert PART_FILES, f"no user_questions_*.jsonl in {DATA}"


@pytest.mark.parametrize("row", ROWS, ids=by_id)
def test_schema(row):
    fields = set(row) - {"_part"}
    assert fields == FIELDS, f"fields: {sorted(fields)}"
    assert re.fullmatch(rf"u{row['_part']}\d{{3}}", row["id"]), f"id {row['id']!r} in part {row['_part']}"
    assert isinstance(row["question"], str) and row["question"].strip()
    assert row["kind"] in KINDS, row["kind"]
    assert row["style"] in STYLES, row["style"]
    assert row["split"] in SPLITS, row["split"]
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
        assert row["answers"] == [] and row["gold"] == [], "unanswerable question with answers or gold"


@pytest.mark.parametrize("row", ROWS, ids=by_id)
def test_question_is_simplified(row):
    # Questions about Traditional-script documents are still asked in Simplified script.
    assert t2s(row["question"]) == row["question"], t2s(row["question"])


def test_ids_and_questions_unique_across_parts():
    ids = Counter(r["id"] for r in ROWS)
    assert not [i for i, n in ids.items() if n > 1], "duplicate ids"
    questions = Counter(r["question"] for r in ROWS)
    assert not [q for q, n in questions.items() if n > 1], "duplicate questions"


@pytest.mark.parametrize("row", [r for r in ROWS if r["gold"]], ids=by_id)
def test_split_follows_gold_files(row):
    splits = {split_of(s) for s in sources(row)}
    assert len(splits) == 1, f"question mixes train and test files: {sorted(sources(row))}"
    assert row["split"] == splits.pop(), f"split {row['split']!r} but gold files {sorted(sources(row))}"


@pytest.mark.parametrize("row", [r for r in ROWS if not r["answerable"]], ids=by_id)
def test_unanswerable_split_follows_named_region(row):
    splits = {split_of(f) for f in named_files(row["question"])}
    if len(splits) != 1:
        pytest.skip("names no region, or regions whose files sit in both splits")
    assert row["split"] == splits.pop(), f"split {row['split']!r} for a question about {row['question']}"


@pytest.mark.parametrize("row", [r for r in ROWS if r["gold"]], ids=by_id)
def test_evidence_is_exact_substring(row):
    for g in row["gold"]:
        source, evidence = g["source"], g["evidence"]
        assert source in all_sources(), f"unknown source {source!r}"
        assert "\n" not in evidence and "\r" not in evidence, f"evidence crosses a line break: {evidence!r}"
        assert 8 <= len(evidence) <= 60, f"evidence length {len(evidence)}: {evidence!r}"
        assert evidence in source_text(source), f"evidence not in {source}: {evidence!r}"
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
        assert len(srcs) >= 2, "multi_region needs two or more regions"
        assert len(row["gold"]) == len(srcs), "multi_region takes one gold entry per region"
        return
    assert len(srcs) == 1, f"{row['kind']} question should rest on one document: {sorted(srcs)}"
    (source,) = srcs
    if row["kind"] == "traditional":
        assert source in traditional_sources(), f"'traditional' question on a Simplified source {source}"
    else:
        assert source not in traditional_sources(), f"question on Traditional {source} should be 'traditional'"
        expected = SEED_PREFIX if row["kind"] == "seed" else CORPUS_PREFIX
        assert source.startswith(expected), f"kind {row['kind']} with source {source}"


@dataclass(frozen=True)
class Counts:
    kinds: Counter  # questions per kind
    per_file: Counter  # questions whose gold includes the file (multi-region ones count for each file)
    single_seed: Counter  # single-document questions per seed file
    traditional: Counter  # 'traditional' questions per source

    @classmethod
    def of(cls, rows: list[dict]) -> "Counts":
        single = [next(iter(sources(r))) for r in rows if r["gold"] and r["kind"] != "multi_region"]
        return cls(
            kinds=Counter(r["kind"] for r in rows),
            per_file=Counter(s for r in rows for s in sources(r)),
            single_seed=Counter(s for s in single if s.startswith(SEED_PREFIX)),
            traditional=Counter(next(iter(sources(r))) for r in rows if r["kind"] == "traditional"),
        )


def test_union_minimums():
    missing = [p for p in EXPECTED_PARTS if p not in PARTS]
    if missing:
        pytest.skip(f"part(s) {missing} not written yet: the union minimums need every part")
    c = Counts.of(ROWS)
    total = len(ROWS)
    assert total >= MIN_TOTAL, f"{total} questions over parts {sorted(PARTS)}"
    short = {f: c.per_file[f] for f in all_sources() if c.per_file[f] < MIN_PER_FILE}
    assert not short, f"files with fewer than {MIN_PER_FILE} questions: {short}"
    seeds = [f for f in all_sources() if f.startswith(SEED_PREFIX)]
    assert sum(c.single_seed.values()) >= MIN_SEED_QUESTIONS, c.single_seed
    assert all(c.single_seed[s] >= MIN_PER_SEED for s in seeds), c.single_seed
    assert c.kinds["traditional"] >= MIN_TRADITIONAL, c.kinds
    assert c.kinds["multi_region"] >= MIN_MULTI_REGION, c.kinds
    assert c.kinds["unanswerable"] >= MIN_UNANSWERABLE, c.kinds


@dataclass(frozen=True)
class PartMinimums:
    """What one part's writer was asked for: its files and the counts within that part alone.

    The fields after `unanswerable` default to the shared rules, so a part declares only what its brief
    asked beyond them (part d: two seeds only, more per seed and per file, tighter copying and styles)."""

    part: str
    seeds: bool  # whether seeds are this part's files (the five, or those in seed_numbers)
    corpus_numbers: Sequence[int]  # corpus/gov-reports files NNN.txt of this part
    total: int
    seed_questions: int  # single-document questions over the seeds
    traditional: int  # questions about this part's Traditional-script files
    multi_region: int
    unanswerable: int
    seed_numbers: tuple[str, ...] = ()  # with seeds=True: only these seeds (e.g. "001"); empty = all five
    per_seed: int = MIN_PER_SEED  # single-document questions on each of this part's seeds
    corpus_questions: int = 0  # single-document questions of kind `corpus` (Simplified corpus files)
    single_per_file: int = 0  # single-document questions on each of this part's files
    corpus_files: int = 0  # distinct Simplified corpus files carrying this part's `corpus` questions
    corpus_traditional: int = 0  # `traditional` questions on corpus files (the Hong Kong addresses)
    seed_unanswerable: int = 0  # unanswerable questions naming a seed's place (朝天, 仲恺, ...) and no other
    max_repeating_share: float = MAX_REPEATING_SHARE
    min_style_share: float = MIN_STYLE_SHARE

    def files(self) -> list[str]:
        seeds = [f for f in all_sources() if f.startswith(SEED_PREFIX)] if self.seeds else []
        if self.seed_numbers:
            seeds = [f for f in seeds if f.removeprefix(SEED_PREFIX)[:3] in self.seed_numbers]
        return seeds + [f"{CORPUS_PREFIX}{n:03d}.txt" for n in self.corpus_numbers]


PART_MINIMUMS = [
    PartMinimums("a", seeds=True, corpus_numbers=range(1, 23), total=120, seed_questions=MIN_SEED_QUESTIONS,
                 traditional=8, multi_region=8, unanswerable=18),
    PartMinimums("b", seeds=False, corpus_numbers=range(23, 46), total=115, seed_questions=0,
                 traditional=14, multi_region=8, unanswerable=18),
    # Part c: train-split files only (seeds 000/002/004 first), more unanswerable and seed-like questions;
    # no file list of its own, so only its counts are checked here (its split by TRAIN_ONLY_PARTS below).
    PartMinimums("c", seeds=False, corpus_numbers=range(0), total=50, seed_questions=30,
                 traditional=0, multi_region=0, unanswerable=20),
    # Part d: the held-out set, written blind on the 15 test-split files only (seeds 001 殷都区 and 003 通城县,
    # the 11 Simplified test reports, Hong Kong 034 and 037); never read while tuning.
    PartMinimums("d", seeds=True, seed_numbers=("001", "003"),
                 corpus_numbers=(3, 6, 9, 13, 16, 20, 24, 27, 30, 34, 37, 41, 44), total=110, seed_questions=30,
                 traditional=10, multi_region=8, unanswerable=22, per_seed=15, corpus_questions=40,
                 single_per_file=3, max_repeating_share=1 / 3, min_style_share=0.10),
    # Part e: train-split files only, for tuning and calibrating the answer judge: the three train seeds (000 朝天区,
    # 002 仲恺高新区, 004 长治) 12+ each, `corpus` questions over 20+ Simplified train reports, the train Hong Kong
    # addresses (not 034/037), and many unanswerables, half of them about the seeds' places.
    PartMinimums("e", seeds=True, seed_numbers=("000", "002", "004"), corpus_numbers=(), total=140,
                 seed_questions=45, traditional=12, multi_region=6, unanswerable=35, per_seed=12,
                 corpus_questions=45, corpus_files=20, corpus_traditional=8, seed_unanswerable=18,
                 max_repeating_share=1 / 3, min_style_share=0.10),
    # Part f: written blind like part d, but on train-split files only (part e's files and minimums, more
    # multi-region and unanswerable questions, 10+ on the train Hong Kong addresses).
    PartMinimums("f", seeds=True, seed_numbers=("000", "002", "004"), corpus_numbers=(), total=150,
                 seed_questions=45, traditional=10, multi_region=8, unanswerable=40, per_seed=12,
                 corpus_questions=45, corpus_files=20, corpus_traditional=10, seed_unanswerable=18,
                 max_repeating_share=1 / 3, min_style_share=0.10),
]
PART_LIMITS = {m.part: m for m in PART_MINIMUMS}

# Parts written on train-split files only: every question of theirs is `train`.
TRAIN_ONLY_PARTS = ("c", "e", "f")
# Parts written on test-split files only (held out): every question of theirs is `test`.
TEST_ONLY_PARTS = ("d",)


@pytest.mark.parametrize("minimums", PART_MINIMUMS, ids=lambda m: f"part_{m.part}")
def test_part_minimums(minimums: PartMinimums):
    rows = [r for r in ROWS if r["_part"] == minimums.part]
    if not rows:
        pytest.skip(f"user_questions_{minimums.part}.jsonl absent")
    c = Counts.of(rows)
    total = len(rows)
    assert total >= minimums.total, f"{total} questions"
    files = minimums.files()
    short = {f: c.per_file[f] for f in files if c.per_file[f] < MIN_PER_FILE}
    assert not short, f"files with fewer than {MIN_PER_FILE} questions: {short}"
    seeds = [f for f in files if f.startswith(SEED_PREFIX)]
    assert sum(c.single_seed.values()) >= minimums.seed_questions, c.single_seed
    assert all(c.single_seed[f] >= minimums.per_seed for f in seeds), c.single_seed
    traditional = sum(n for f, n in c.traditional.items() if f in files)
    assert traditional >= minimums.traditional, c.traditional
    assert c.kinds["multi_region"] >= minimums.multi_region, c.kinds
    assert c.kinds["unanswerable"] >= minimums.unanswerable, c.kinds
    assert c.kinds["corpus"] >= minimums.corpus_questions, c.kinds
    single = Counter(next(iter(sources(r))) for r in rows if r["gold"] and r["kind"] != "multi_region")
    thin = {f: single[f] for f in files if single[f] < minimums.single_per_file}
    assert not thin, f"files with fewer than {minimums.single_per_file} single-document questions: {thin}"
    corpus_files = {next(iter(sources(r))) for r in rows if r["kind"] == "corpus"}
    assert len(corpus_files) >= minimums.corpus_files, f"`corpus` questions on {len(corpus_files)} files"
    corpus_traditional = sum(n for f, n in c.traditional.items() if f.startswith(CORPUS_PREFIX))
    assert corpus_traditional >= minimums.corpus_traditional, c.traditional
    seed_files = {f for f in all_sources() if f.startswith(SEED_PREFIX)}
    about_seeds = [r["id"] for r in rows
                   if not r["answerable"] and named_files(r["question"]) and named_files(r["question"]) <= seed_files]
    assert len(about_seeds) >= minimums.seed_unanswerable, f"{len(about_seeds)} unanswerable questions about the seeds"


@pytest.mark.parametrize("part", [p for p in TRAIN_ONLY_PARTS if p in PARTS])
def test_train_only_parts(part):
    test_rows = [r["id"] for r in ROWS if r["_part"] == part and r["split"] != "train"]
    assert not test_rows, f"part {part} is train-only: {test_rows}"


@pytest.mark.parametrize("part", [p for p in TEST_ONLY_PARTS if p in PARTS])
def test_test_only_parts(part):
    train_rows = [r["id"] for r in ROWS if r["_part"] == part and r["split"] != "test"]
    assert not train_rows, f"part {part} is test-only (held out): {train_rows}"
    outside = [r["id"] for r in ROWS if r["_part"] == part and not sources(r) <= TEST_FILES]
    assert not outside, f"part {part} rests on train-split files: {outside}"


# Parts whose test-split questions were written away from the dev set's facts: the pipeline was tuned on
# bench/data/dev_questions.jsonl, so a test question resting on a dev evidence would not be held out.
DEV_DISJOINT_PARTS = ("a",)
DEV_QUESTIONS = DATA / "dev_questions.jsonl"


@pytest.mark.parametrize("part", [p for p in DEV_DISJOINT_PARTS if p in PARTS])
def test_test_split_avoids_dev_evidence(part):
    dev = [json.loads(line) for line in DEV_QUESTIONS.read_text(encoding="utf-8").splitlines() if line.strip()]
    dev_gold = [(g["source"], g["evidence"]) for row in dev for g in row["gold"]]
    shared = [r["id"] for r in ROWS if r["_part"] == part and r["split"] == "test"
              for g in r["gold"] for source, evidence in dev_gold
              if source == g["source"] and (evidence in g["evidence"] or g["evidence"] in evidence)]
    assert not shared, f"test questions resting on a dev-set evidence: {sorted(set(shared))}"


@pytest.mark.parametrize("part", sorted(PARTS))
def test_styles_are_spread(part):
    rows = [r for r in ROWS if r["_part"] == part]
    styles = Counter(r["style"] for r in rows)
    share = PART_LIMITS[part].min_style_share if part in PART_LIMITS else MIN_STYLE_SHARE
    thin = {s: styles[s] for s in STYLES if styles[s] < share * len(rows)}
    assert not thin, f"part {part}: styles under {share:.0%} of {len(rows)} questions: {thin}"


@pytest.mark.parametrize("part", sorted(PARTS))
def test_questions_do_not_copy_report_wording(part):
    rows = [r for r in ROWS if r["_part"] == part and r["answerable"]]
    repeating = [r["id"] for r in rows
                 if max(longest_shared_run(t2s(r["question"]), t2s(g["evidence"])) for g in r["gold"])
                 >= REPEATED_RUN]
    share = len(repeating) / len(rows)
    limit = PART_LIMITS[part].max_repeating_share if part in PART_LIMITS else MAX_REPEATING_SHARE
    assert share <= limit, (
        f"part {part}: {share:.0%} of answerable questions repeat {REPEATED_RUN}+ characters of their "
        f"evidence: {repeating}")
