"""Resume after kill -9: a cold build of the 50 reports, killed at 10 random points, then run to the end.

    python -m bench.resume_bench [--kills 10] [--index /tmp/govqa-resume-bench] [--seed N]

Each attempt is the real command line (``python -m indexer build … --index DIR``) in a subprocess, killed
with SIGKILL once the embedding checkpoint holds a randomly drawn number of passages (the draws are sorted,
so the kills fall at random points along one build). For every attempt the bench checks that it encoded
only passages that were not yet in the checkpoint when it started: its own reported count of encoded
passages must not exceed what it added to the checkpoint. The last build runs to the end and must encode
exactly the passages still missing. The work lost per kill (encoded but not committed) is at most the
batch in flight.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

from bench.retrieval_bench import CORPUS_PATHS
from config import PROJECT_ROOT, IndexerSettings
from indexer.embedding_checkpoint import FILE_NAME as CHECKPOINT
from indexer.layout import STORE_FILE, IndexLayout
from indexer.store import DocumentStore


@dataclass
class Attempt:
    kill_at: int  # checkpoint rows that trigger the kill
    rows_before: int
    rows_after: int
    encoded_reported: int  # the attempt's last progress line: passages it encoded (and committed)
    reused_reported: int
    seconds: float

    @property
    def encoded_only_new(self) -> bool:
        return self.encoded_reported <= self.rows_after - self.rows_before


def checkpoint_rows(index: Path) -> int:
    path = index / CHECKPOINT
    if not path.is_file():
        return 0
    with closing(sqlite3.connect(str(path), timeout=30)) as db:
        try:
            return int(db.execute("SELECT COUNT(*) FROM vectors").fetchone()[0])
        except sqlite3.OperationalError:  # not created yet
            return 0


def build_command(index: Path) -> list[str]:
    return [sys.executable, "-m", "indexer", "build", *[str(p) for p in CORPUS_PATHS], "--index", str(index)]


def last_count(pattern: str, text: str) -> int:
    found = re.findall(pattern, text)
    return int(found[-1]) if found else 0


def killed_attempt(index: Path, kill_at: int, log: Path) -> Attempt:
    before = checkpoint_rows(index)
    started = time.perf_counter()
    with log.open("w") as err:
        build = subprocess.Popen(build_command(index), cwd=PROJECT_ROOT, stdout=subprocess.DEVNULL, stderr=err)
        while checkpoint_rows(index) < kill_at and build.poll() is None:
            time.sleep(0.05)
        if build.poll() is not None:
            raise SystemExit(f"the build ended (code {build.returncode}) before {kill_at} passages; see {log}")
        build.send_signal(signal.SIGKILL)
        build.wait()
    progress = log.read_text(encoding="utf-8", errors="replace")
    return Attempt(
        kill_at,
        before,
        checkpoint_rows(index),
        last_count(r"files, (\d+) passages", progress),
        last_count(r"\+(\d+) reused", progress),
        time.perf_counter() - started,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kills", type=int, default=10)
    parser.add_argument("--index", type=Path, default=Path("/tmp/govqa-resume-bench"))
    parser.add_argument("--passages", type=int, default=3875, help="distinct passages of the corpus (to draw from)")
    parser.add_argument("--seed", type=int, default=None)
    args = parser.parse_args()
    shutil.rmtree(args.index, ignore_errors=True)
    draw = random.Random(args.seed)
    kill_points = sorted(draw.sample(range(1, args.passages - 50), args.kills))
    batch = IndexerSettings().embedding_batch_size
    attempts = [killed_attempt(args.index, point, Path(f"{args.index}.attempt{i}.log")) for i, point in
                enumerate(kill_points)]
    started = time.perf_counter()
    final = subprocess.run(
        [*build_command(args.index), "--json"], cwd=PROJECT_ROOT, capture_output=True, text=True, check=True
    )
    final_seconds = time.perf_counter() - started
    report = json.loads(final.stdout)
    store = DocumentStore(IndexLayout(args.index).current() / STORE_FILE)
    unique = len(set(store.match_texts()[1]))
    store.close()
    rows_at_last_kill = attempts[-1].rows_after

    print(f"# Resume bench — {time.strftime('%Y-%m-%d %H:%M')} UTC — {os.cpu_count()} cores, batch {batch}, "
          f"load average {os.getloadavg()[0]:.1f}\n")
    print("| kill | at ≥ passages | checkpoint before → after | encoded by this attempt | reused | only new? | s |")
    print("|---|---|---|---|---|---|---|")
    for number, a in enumerate(attempts, start=1):
        print(f"| {number} | {a.kill_at} | {a.rows_before} → {a.rows_after} | {a.encoded_reported} | "
              f"{a.reused_reported} | {'yes' if a.encoded_only_new else 'NO'} | {a.seconds:.0f} |")
    expected = unique - rows_at_last_kill
    print(f"\nfinal build: {report['n_documents']} documents, {report['n_chunks']} passages ({unique} distinct), "
          f"encoded {report['n_encoded']} = distinct − checkpointed ({expected}): "
          f"{'yes' if report['n_encoded'] == expected else 'NO'}; {final_seconds:.0f} s")
    ok = all(a.encoded_only_new for a in attempts) and report["n_encoded"] == expected
    print(f"every resume re-embedded at most the unfinished passages (+ the batch in flight): {'yes' if ok else 'NO'}")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
