"""The app in a real browser: Debian's Chromium driven by Playwright against ``streamlit run`` on localhost.

Ask a seed question, see the answer with a citation, click the citation, see the document scrolled to the
highlighted paragraph. Screenshots go to /tmp/govqa-ui-*.png for a person to look at.

Needs: ``apt-get install chromium fonts-noto-cjk`` (without the CJK font every Chinese character is drawn
as an empty box) and ``pip install playwright`` — never ``playwright install``: the system Chromium is
used through ``executable_path``.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.request
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tests.paths import ROOT, process_env

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync",
]
SHOTS = Path("/tmp")
QUESTION = "朝天区2024年收到了多少件行政复议申请?"
# A laptop screen.
VIEWPORT = {"width": 1366, "height": 768}

pytestmark = pytest.mark.browser

if not CHROMIUM.is_file():
    pytest.skip(f"{CHROMIUM} is missing: apt-get install chromium fonts-noto-cjk", allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed: pip install playwright")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_healthy(url: str, process: subprocess.Popen, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"streamlit exited with {process.returncode}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise TimeoutError(f"streamlit did not answer on {url} within {timeout}s")


@pytest.fixture(scope="module")
def server(seed_index: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("browser")
    index_dir = folder / "index"
    shutil.copytree(seed_index, index_dir, symlinks=True)
    port = _free_port()
    env = process_env(
        GOVQA_INDEX_DIR=str(index_dir),
        GOVQA_LIBRARY_DIR=str(folder / "library"),
        GOVQA_LLM_BACKEND="extractive",  # deterministic and instant, whatever LLM the machine has
    )
    command = [
        sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"), "--server.port", str(port),
        "--server.address", "127.0.0.1", "--server.headless", "true", "--browser.gatherUsageStats", "false",
        "--server.fileWatcherType", "none",
    ]
    log = (folder / "streamlit.log").open("w")
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_healthy(url, process)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if not subprocess.run(["fc-list", ":lang=zh"], capture_output=True, text=True).stdout.strip():
        warnings.warn("no CJK font (apt-get install fonts-noto-cjk): screenshots will show boxes", stacklevel=1)
    with sync_api.sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield instance
        instance.close()


def _open_chat(browser: Browser, server: str) -> tuple[Page, list[str]]:
    """The chat page in a fresh context, once its input is ready, and the page errors it will collect."""
    page = browser.new_context(viewport=VIEWPORT, locale="zh-CN").new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(server + "/")
    page.get_by_placeholder("输入问题").wait_for(timeout=120_000)
    return page, errors


def _ask(page: Page, question: str) -> None:
    chat = page.get_by_placeholder("输入问题")
    chat.fill(question)
    chat.press("Enter")


def test_ask_cite_and_open_highlighted_paragraph(server: str, browser: Browser) -> None:
    page, errors = _open_chat(browser, server)
    context = page.context
    page.screenshot(path=str(SHOTS / "govqa-ui-home.png"))

    _ask(page, QUESTION)
    marker = page.locator(".gq-answer .gq-cite a").first
    marker.wait_for(timeout=180_000)  # the first question may wait for the model to finish loading
    answer = page.locator(".gq-answer").last.inner_text()
    assert "26件" in answer and "[1]" in answer
    card = page.locator(".gq-card").first
    assert card.locator("mark").first.inner_text().strip(), "the supporting sentence is highlighted"
    page.screenshot(path=str(SHOTS / "govqa-ui-answer.png"))

    marker.hover()  # hovering a marker shows the cited passage
    popup_text = page.locator(".gq-answer .gq-pop").first
    popup_text.wait_for(state="visible", timeout=5_000)
    assert "广元市朝天区" in popup_text.inner_text()
    page.screenshot(path=str(SHOTS / "govqa-ui-cite-hover.png"))

    with context.expect_page() as opened:  # the document opens in a new tab: the chat stays where it was
        marker.click()
    document = opened.value
    assert "/document?doc=" in document.url and "start=" in document.url and "end=" in document.url
    highlight = document.locator("mark#hl")
    highlight.wait_for(timeout=60_000)
    document.wait_for_function(
        "() => { const r = document.getElementById('hl').getBoundingClientRect();"
        " return r.top >= 0 && r.bottom <= window.innerHeight; }",
        timeout=15_000,
    )
    assert "26件" in document.locator("p.gq-hit").inner_text()
    assert document.locator(".gq-doc p").count() > 10  # the whole document, not just the passage
    document.screenshot(path=str(SHOTS / "govqa-ui-document.png"))

    # reopening the shared URL in a fresh session gives the same view
    again = context.new_page()
    again.goto(document.url)
    again.locator("mark#hl").wait_for(timeout=60_000)
    assert again.locator("mark#hl").inner_text() == highlight.inner_text()
    assert not errors, errors
    context.close()


def test_comparison_renders_as_a_table_with_a_chart(server: str, browser: Browser) -> None:
    page, errors = _open_chat(browser, server)
    _ask(page, "朝天区和通城县各收到多少件行政复议申请?")
    table = page.locator("table.gq-compare")
    table.wait_for(timeout=180_000)
    rows = table.locator("tr")
    assert rows.count() == 3  # header + one row per region
    assert "26件" in rows.nth(1).inner_text() and "62件" in rows.nth(2).inner_text()
    assert "document?doc=" in (table.locator("a").first.get_attribute("href") or "")
    chart = page.locator('[data-testid="stVegaLiteChart"]').first
    chart.wait_for(timeout=60_000)
    chart.locator("canvas, svg").first.wait_for(timeout=30_000)  # drawn, not just a placeholder
    box = chart.bounding_box()
    assert box and box["width"] > 100 and box["height"] > 50
    table.scroll_into_view_if_needed()
    page.screenshot(path=str(SHOTS / "govqa-ui-compare.png"))
    assert not errors, errors


def test_who_else_answer_groups_each_regions_quotes_under_one_heading(server: str, browser: Browser) -> None:
    page, errors = _open_chat(browser, server)
    _ask(page, "哪些地方在做行政执法人员培训?")  # on the seeds, some regions state it in two passages
    page.locator(".gq-region").first.wait_for(timeout=180_000)
    answer = page.locator(".gq-answer").last.inner_text()
    twice = [line for line in answer.splitlines() if "；" in line and line.count("[") == 2]
    assert twice, answer
    region = twice[0].split("：", 1)[0]
    headings = [h.strip() for h in page.locator(".gq-region").all_inner_texts()]
    assert headings.count(region) == 1, headings  # one heading, however many of its passages are quoted
    assert len(headings) == len(set(headings))
    cards = page.locator(".gq-card")
    assert cards.count() == answer.count("[") and all(m.strip() for m in cards.locator("mark").all_inner_texts())
    page.locator(".gq-region").first.scroll_into_view_if_needed()
    page.screenshot(path=str(SHOTS / "govqa-ui-elsewhere.png"), full_page=True)
    assert not errors, errors
