"""The HTML reports as a person sees them: Debian's Chromium, headless, driven by Playwright.

Opens reports/index.html from a fresh build, follows every link, and checks that each page loads
with its figures rendered, no broken local link and no console error. A screenshot of the index
is saved as reports/index.png. Then opens the explorer in JupyterLab, runs it, moves a slider and
checks that the pooled figure is redrawn.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest

from peerlib.paths import PROJECT_ROOT

CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
# As root in a closed network: no sandbox, no GPU, no background connections to Google's hosts.
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]

playwright_api = pytest.importorskip("playwright.sync_api")


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    if not CHROMIUM.exists():
        message = f"{CHROMIUM} not found: install Debian's chromium (make test installs it when run as root)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    with playwright_api.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def page_problems(browser: object, path: Path, screenshot: Path | None = None) -> tuple[list[str], list[Path]]:
    """Open one page; return what is wrong with it and the local pages it links to."""
    page = browser.new_page(viewport={"width": 1200, "height": 900})  # type: ignore[attr-defined]
    problems: list[str] = []
    page.on("console", lambda m: problems.append(f"console {m.type}: {m.text}") if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(f"script error: {e}"))
    page.on("requestfailed", lambda r: problems.append(f"failed request: {r.url}"))
    page.goto(path.resolve().as_uri(), wait_until="load")
    images = page.eval_on_selector_all(
        "img", "imgs => imgs.map(i => [(i.getAttribute('src') || '').slice(0, 40), i.complete && i.naturalWidth > 0])")
    problems += [f"image not rendered: {src}" for src, ok in images if not ok]
    links: list[Path] = []
    for href in page.eval_on_selector_all("a[href]", "links => links.map(a => a.getAttribute('href'))"):
        parsed = urlparse(href)
        if parsed.scheme in ("http", "https", "mailto") or href.startswith("#"):
            continue
        target = (path.parent / unquote(parsed.path)).resolve()
        if not target.exists():
            problems.append(f"broken link: {href}")
        elif target.suffix == ".html":
            links.append(target)
    if screenshot is not None:
        page.screenshot(path=str(screenshot), full_page=True)
    page.close()
    return problems, links


def test_every_report_opens_with_its_figures(browser: object, built: Path, tmp_path: Path) -> None:
    screenshot = tmp_path / "index.png"  # not into the build itself, which other tests compare
    problems, pages = page_problems(browser, built / "index.html", screenshot)
    assert not problems, problems
    assert len(pages) >= 16, f"the index links to too few reports: {pages}"
    for page in pages:
        page_issues, _ = page_problems(browser, page)
        assert not page_issues, f"{page.name}: {page_issues}"
        if page.parent.name != "teaching":  # every report has a figure; not every teaching page does
            assert "<img" in page.read_text(encoding="utf-8"), f"{page.name} shows no figure"
    assert screenshot.stat().st_size > 10_000
    (PROJECT_ROOT / "reports").mkdir(exist_ok=True)
    shutil.copyfile(screenshot, PROJECT_ROOT / "reports" / "index.png")


def test_the_checks_catch_a_broken_page(browser: object, tmp_path: Path) -> None:
    page = tmp_path / "broken.html"
    page.write_text('<html><body><img src="missing.png"><a href="nowhere.html">x</a>'
                    "<script>console.error('boom')</script></body></html>")
    problems, _ = page_problems(browser, page)
    assert any("image not rendered" in p for p in problems)
    assert any("broken link: nowhere.html" in p for p in problems)
    assert any("boom" in p for p in problems)


@pytest.fixture
def lab(tmp_path: Path) -> Iterator[str]:
    """JupyterLab serving a copy of the explorer (so nothing it saves touches notebooks/); yields its URL."""
    shutil.copy(PROJECT_ROOT / "notebooks" / "explore.ipynb", tmp_path / "explore.ipynb")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = os.environ | {"JUPYTER_CONFIG_DIR": str(tmp_path / ".config"), "JUPYTER_RUNTIME_DIR": str(tmp_path / ".rt")}
    server = subprocess.Popen(
        [sys.executable, "-m", "jupyterlab", "--no-browser", "--allow-root", f"--port={port}",
         "--ServerApp.ip=127.0.0.1", "--IdentityProvider.token=test", f"--ServerApp.root_dir={tmp_path}",
         "--LabApp.expose_app_in_browser=True", "--LabApp.news_url=",
         "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            with socket.socket() as s:
                if s.connect_ex(("127.0.0.1", port)) == 0:
                    break
            time.sleep(0.5)
        yield f"http://127.0.0.1:{port}/lab/tree/explore.ipynb?token=test"
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_explorer_responds_to_its_sliders(browser: object, lab: str) -> None:
    page = browser.new_page(viewport={"width": 1400, "height": 1000})  # type: ignore[attr-defined]
    page.goto(lab)
    page.wait_for_selector(".jp-Notebook", timeout=120_000)
    page.wait_for_function("window.jupyterapp && window.jupyterapp.commands.hasCommand('notebook:run-all-cells')",
                           timeout=60_000)
    page.wait_for_timeout(3000)  # let the kernel start before asking it to run anything
    page.evaluate("window.jupyterapp.commands.execute('notebook:run-all-cells')")
    page.wait_for_selector(".widget-slider .noUi-handle", timeout=120_000)
    pooled = "() => [...document.querySelectorAll('.jp-OutputArea-output strong')]" \
             ".map(e => e.innerText).filter(t => t.startsWith('Pooled ratio')).pop()"
    page.wait_for_function(f"({pooled})() !== undefined", timeout=60_000)
    before = page.evaluate(f"({pooled})()")
    handle = page.query_selector(".widget-slider .noUi-handle")  # the first slider: the bed-day cost
    handle.focus()
    for _ in range(5):
        page.keyboard.press("PageUp")
    page.wait_for_function(f"({pooled})() !== {before!r}", timeout=60_000)
    after = page.evaluate(f"({pooled})()")
    page.close()
    assert before != after and after.startswith("Pooled ratio")
