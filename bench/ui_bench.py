"""UI benchmark: time from `make run` to a usable page, and question latency as a user sees it.

    python bench/ui_bench.py [--fresh-index | --index var/index] [--backend extractive|auto|local] [--questions 5]

* **make run → usable page**: `make run` is started with an index folder that does not exist yet
  (``--fresh-index``, the default: what a newcomer on a fresh checkout gets; dependencies and the embedding
  model are assumed installed — their download time depends on the network, not on this project) or with an
  existing one (``--index``). The clock stops when Chromium shows the question box of the ask page.
  Reported with the index-build part read from `make`'s output.
* **question latency in the UI**: from pressing Enter in the chat box to the finished answer on screen
  (the "用时" caption that follows verification), for the first question after the page opened (may wait
  for the models to finish loading) and for the following, warm ones.

Needs Debian's chromium and fonts-noto-cjk, and the playwright Python package (not `playwright install`).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import TYPE_CHECKING

try:
    from playwright.sync_api import Error as PlaywrightError
except ImportError:  # reported by main() with the install hint
    PlaywrightError = Exception  # type: ignore[misc,assignment]

if TYPE_CHECKING:
    from playwright.sync_api import Page

REPO = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync",
]
QUESTIONS = [
    "朝天区2024年收到了多少件行政复议申请?",
    "仲恺高新区2023年收到多少宗行政复议案件?",
    "通城县有多少项证明事项可以用告知承诺代替?",
    "朝天区怎样推进行政执法规范化?",
    "殷都区村居法律顾问覆盖了多少个村和社区?",
    "朝天区政务服务事项全程网上办理的比例有多高?",
]
FINISHED = re.compile(r"用时 [\d.]+ 秒")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class MakeRun:
    """`make run` in its own process group, its output captured with a timestamp per line."""

    def __init__(self, index_dir: Path, port: int, backend: str | None) -> None:
        env = {
            **os.environ,
            # Streamlit also reads its options from STREAMLIT_* variables (the Makefile's flags win): no
            # browser, no e-mail prompt, no telemetry, no file watcher walking .venv.
            "STREAMLIT_SERVER_PORT": str(port),
            "STREAMLIT_SERVER_ADDRESS": "127.0.0.1",
            "STREAMLIT_SERVER_HEADLESS": "true",
            "STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false",
            "STREAMLIT_SERVER_FILE_WATCHER_TYPE": "none",
            "GOVQA_LIBRARY_DIR": str(index_dir.parent / "library"),
        }
        if backend:
            env["GOVQA_LLM_BACKEND"] = backend
        self.started = time.perf_counter()
        self.process = subprocess.Popen(
            ["make", "run", f"INDEX_DIR={index_dir}", f"PORT={port}"], cwd=REPO, env=env, stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT, text=True, start_new_session=True,
        )
        self.lines: list[tuple[float, str]] = []
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.append((time.perf_counter() - self.started, line.rstrip()))

    def seconds_until(self, pattern: str) -> float | None:
        return next((t for t, line in self.lines if re.search(pattern, line)), None)

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)  # make and the streamlit it started, nothing else
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)


def wait_usable(page: Page, url: str, run: MakeRun, timeout: float) -> float:
    """Seconds from `make run` until the ask page shows its question box."""
    deadline = time.perf_counter() + timeout
    while time.perf_counter() < deadline:
        if run.process.poll() is not None:
            tail = "\n".join(line for _, line in run.lines[-20:])
            raise RuntimeError(f"make run exited with {run.process.returncode}:\n{tail}")
        try:
            page.goto(url, timeout=5_000)
            page.get_by_placeholder("输入问题").wait_for(timeout=60_000)
            return time.perf_counter() - run.started
        except PlaywrightError:  # not listening yet, or still loading: try again
            time.sleep(0.5)
    raise TimeoutError(f"no usable page within {timeout}s")


def ask(page: Page, question: str, finished_before: int, timeout: float) -> float:
    """Seconds from Enter to the finished answer of ``question``."""
    box = page.get_by_placeholder("输入问题")
    box.fill(question)
    started = time.perf_counter()
    box.press("Enter")
    page.get_by_text(FINISHED).nth(finished_before).wait_for(timeout=timeout * 1000)
    return time.perf_counter() - started


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--fresh-index", action="store_true", help="start with no index (default)")
    where.add_argument("--index", type=Path, help="use this existing index folder")
    parser.add_argument("--backend", default="extractive", help="GOVQA_LLM_BACKEND for the run ('' = configured)")
    parser.add_argument("--questions", type=int, default=5, help="questions asked (the first one is cold)")
    parser.add_argument("--timeout", type=float, default=900, help="seconds allowed for each step")
    parser.add_argument("--screenshots", type=Path, default=Path("/tmp"), help="where to save screenshots")
    args = parser.parse_args(argv)
    if not Path(CHROMIUM).is_file():
        print(f"{CHROMIUM} is missing: apt-get install chromium fonts-noto-cjk", file=sys.stderr)
        return 2
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        print("playwright is missing: pip install playwright (never `playwright install`)", file=sys.stderr)
        return 2

    scratch = Path(tempfile.mkdtemp(prefix="govqa-ui-bench-"))
    index_dir = args.index.resolve() if args.index else scratch / "index"
    port = free_port()
    url = f"http://127.0.0.1:{port}/"
    result: dict[str, object] = {
        "index": "existing" if args.index else "fresh", "backend": args.backend or "configured",
        "cpus": os.cpu_count(), "load_average_before": [round(x, 1) for x in os.getloadavg()],
    }
    run = MakeRun(index_dir, port, args.backend or None)
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1366, "height": 768}, locale="zh-CN")
            result["make_run_to_usable_page_s"] = round(wait_usable(page, url, run, args.timeout), 1)
            index_done = run.seconds_until(r"^total: \d+ documents") or run.seconds_until(r"index present")
            server_up = run.seconds_until(r"You can now view|Local URL")
            result["index_ready_after_s"] = round(index_done, 1) if index_done else None
            result["server_listening_after_s"] = round(server_up, 1) if server_up else None
            page.screenshot(path=str(args.screenshots / "govqa-bench-usable.png"))
            latencies = []
            for i in range(args.questions):
                question = QUESTIONS[i % len(QUESTIONS)]
                latencies.append(round(ask(page, question, i, args.timeout), 2))
            page.screenshot(path=str(args.screenshots / "govqa-bench-answers.png"))
            browser.close()
        result["first_question_s"] = latencies[0]
        warm = latencies[1:]
        if warm:
            result["warm_question_median_s"] = round(statistics.median(warm), 2)
            result["warm_question_max_s"] = max(warm)
        result["latencies_s"] = latencies
        result["load_average_after"] = [round(x, 1) for x in os.getloadavg()]
    finally:
        run.stop()
    print(json.dumps(result, ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
