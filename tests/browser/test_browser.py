"""The HTML reports as a person sees them: Debian's Chromium, headless, driven by Playwright.

Opens index.html from the session's build in a 1,300 px laptop window and again in a 390 px phone,
follows every link, and checks that each page loads with its figures rendered, no broken link, no
request to the network, no console error, no sideways scroll, no ``None`` and no number such as
``3.37e+04`` in a table or paragraph, and no empty "Show the code" (a fold with no code in it, one
in a summary box, or a run of folds with nothing shown between them); that each report page has
its own title, a link back to the index, its parameters as a table and no code in view until asked
for, and opens with its summary box when its notebook has a cell tagged ``summary``. Screenshots of the index and the
pooled report are saved in screenshots/ for a reviewer. Then opens the explorer in JupyterLab (a screenshot too),
runs it, changes the price year, the weighting and every slider in turn, and checks each figure shown against
peerlib at the same settings, with no error output.
"""

from __future__ import annotations

import csv
import os
import re
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn
from urllib.parse import unquote, urlparse

import nbformat
import pytest

from peerlib.config import PROJECT_ROOT
from scripts.run_notebook import parser, run_one
from tests.notebooks.test_chart_layout import PHONE_IMAGE_PX

if TYPE_CHECKING:
    from playwright.sync_api import Browser, ConsoleMessage, Request

CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
# As root in a closed network: no sandbox, no GPU, no background connections to Google's hosts.
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
IN_CI = os.environ.get("CI", "").lower() not in ("", "0", "false")
LOCAL_SCHEMES = ("file", "data", "blob", "about")  # a report may load these; anything else is the network
WIDTH = 1300  # px: a laptop window; no page may scroll sideways in it
PHONE = 390  # px: a phone held upright; nor in this
SCREENSHOTS = PROJECT_ROOT / "screenshots"
# What the browser knows after loading: images not rendered, every link, every element id (anchors),
# the title, how wide the page is, how much code is in view, and what follows the page's heading.
PAGE_STATE = """() => {
  const shown = e => e.checkVisibility();  // false inside a closed <details>
  const heading = document.querySelector('main h1');
  const headingCell = heading && heading.closest('.jp-Cell');
  const next = headingCell && headingCell.nextElementSibling;
  return {
    unrendered: [...document.images].filter(i => !(i.complete && i.naturalWidth > 0))
                                    .map(i => (i.getAttribute('src') || '').slice(0, 60)),
    images: document.images.length,
    // The width each image is shown at, of those scaled down to fit (CSS px).
    scaledWidths: [...document.images].filter(i => i.naturalWidth > i.getBoundingClientRect().width + 1)
                                      .map(i => i.getBoundingClientRect().width),
    links: [...document.querySelectorAll('a[href]')].map(a => a.getAttribute('href')),
    ids: [...document.querySelectorAll('[id]')].map(e => e.id),
    title: document.title,
    scrollWidth: document.documentElement.scrollWidth,
    clientWidth: document.documentElement.clientWidth,
    codeInView: [...document.querySelectorAll('.jp-CodeCell .jp-InputArea')].filter(shown).length,
    foldedCode: document.querySelectorAll('details.report-code').length,
    afterHeading: next ? next.className : null,
    summaryInView: [...document.querySelectorAll('.report-summary')].filter(shown).length,
    parameterTable: [...document.querySelectorAll('.report-parameters th')].map(th => th.innerText.trim()),
    parameterCode: document.querySelectorAll('.celltag_parameters, .celltag_injected-parameters').length,
    // What a reader reads: each table cell, paragraph and list item outside the folded code.
    texts: [...document.querySelectorAll('td, th, p, li, caption, pre')].filter(e => !e.closest('details.report-code'))
                                                                   .map(e => e.innerText),
    emptyFolds: [...document.querySelectorAll('details.report-code')].map(fold => {
      const code = (fold.querySelector('.jp-InputArea-editor') || fold).textContent;
      if (!code.split('\\n').some(line => line.trim() && !line.trim().startsWith('#'))) return 'with no code in it';
      if (fold.closest('.report-summary')) return 'in the summary box';
      const cell = fold.closest('.jp-Cell');
      const output = cell && cell.querySelector('.jp-OutputArea-output');
      const shows = output && (output.innerText.trim() || output.querySelector('img, svg, table'));
      const next = cell && cell.nextElementSibling;
      const nextFold = next && next.querySelector('details.report-code');
      if (!shows && nextFold) return 'followed by another with nothing between';
      return null;
    }).filter(Boolean),
  };
}"""
# A number as Python prints a float too big or small for %g: no reader should meet one.
SCIENTIFIC = re.compile(r"\d[eE][+-]?\d")
NONE = re.compile(r"\bNone\b")


def unavailable(message: str) -> NoReturn:
    """In CI a missing browser fails the run, so the test cannot pass by not running; elsewhere it skips."""
    if IN_CI:
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        unavailable("playwright is not installed: `make env` installs it from requirements.txt")
    if not CHROMIUM.exists():
        unavailable(f"{CHROMIUM} not found: install Debian's chromium (`make test` installs it when run as root)")
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@dataclass
class PageReport:
    problems: list[str] = field(default_factory=list)
    images: int = 0
    pages: list[Path] = field(default_factory=list)  # the local HTML pages it links to
    state: dict[str, Any] = field(default_factory=dict)  # PAGE_STATE as the browser found it


class Tab:
    """One browser tab that opens page after page, as a reader following links does, and notes what
    goes wrong on the page it shows (a new tab per page would start a renderer process for each)."""

    def __init__(self, browser: Browser) -> None:
        self.page = browser.new_page(viewport={"width": WIDTH, "height": 900})
        self.width = WIDTH
        self.problems: list[str] = []
        self.page.on("console", self._on_console)
        self.page.on("request", self._on_request)
        self.page.on("pageerror", lambda error: self.problems.append(f"script error: {error}"))
        self.page.on("requestfailed", lambda request: self.problems.append(f"failed request: {request.url}"))

    def _on_console(self, message: ConsoleMessage) -> None:
        if message.type == "error":
            self.problems.append(f"console error: {message.text}")

    def _on_request(self, request: Request) -> None:
        if urlparse(request.url).scheme not in LOCAL_SCHEMES:
            self.problems.append(f"network request: {request.url}")


@pytest.fixture(scope="module")
def tab(browser: Browser) -> Iterator[Tab]:
    opened = Tab(browser)
    yield opened
    opened.page.close()


def check_page(tab: Tab, path: Path, screenshot: Path | None = None, width: int = WIDTH) -> PageReport:
    """Open one page in the tab, ``width`` px wide, and say what is wrong with it."""
    report = PageReport()
    tab.problems = []
    if width != tab.width:
        tab.page.set_viewport_size({"width": width, "height": 900})
        tab.width = width
    tab.page.goto(path.resolve().as_uri(), wait_until="load")
    state = tab.page.evaluate(PAGE_STATE)
    if screenshot is not None:
        tab.page.screenshot(path=str(screenshot), full_page=True)
    tab.page.goto("about:blank")  # the page is closed: nothing it does later is put down to the next one
    report.problems = tab.problems
    report.images, report.state = state["images"], state
    report.problems += [f"image not rendered: {src}" for src in state["unrendered"]]
    if state["scrollWidth"] > state["clientWidth"]:
        report.problems.append(f"scrolls sideways at {width} px: {state['scrollWidth']} px wide")
    # tests/notebooks/test_chart_layout.py sizes a chart's text for an image this wide on a phone: a page must not
    # shrink it more
    if width == PHONE and any(shown < PHONE_IMAGE_PX for shown in state["scaledWidths"]):
        report.problems.append(f"an image narrower than {PHONE_IMAGE_PX} px at {width} px: {state['scaledWidths']}")
    report.problems += [f"None in the text: {text[:80]!r}" for text in state["texts"] if NONE.search(text)]
    report.problems += [f"a number in e-notation: {text[:80]!r}" for text in state["texts"] if SCIENTIFIC.search(text)]
    report.problems += [f"an empty 'Show the code': {why}" for why in state["emptyFolds"]]
    for href in state["links"]:
        parsed = urlparse(href)
        if parsed.scheme == "mailto":
            continue
        if parsed.scheme:  # a report is read offline: a link to the web cannot be checked, so none is allowed
            report.problems.append(f"external link: {href}")
        elif not parsed.path:
            # As browsers do: the fragment names an id as written, or else percent-decoded.
            if parsed.fragment and not {parsed.fragment, unquote(parsed.fragment)} & set(state["ids"]):
                report.problems.append(f"broken anchor: {href}")
        elif not (target := (path.parent / unquote(parsed.path)).resolve()).is_file():
            report.problems.append(f"broken link: {href}")
        elif target.suffix == ".html":
            report.pages.append(target)
    return report


# Pages the index builder writes itself, from results.csv and peerlib: no notebook, no code, no parameters.
WRITTEN_BY_THE_INDEX = ("results_guide.html", "cheers.html")


def has_summary(page: Path) -> bool:
    """Whether the notebook behind a page (its executed .ipynb beside it) has a cell tagged summary."""
    notebook = nbformat.read(page.with_suffix(".ipynb"), as_version=4)
    return any("summary" in cell.metadata.get("tags", []) for cell in notebook.cells)


def reader_problems(page: Path, reports: Path, state: dict[str, Any]) -> list[str]:
    """What a reader of a report page should find: its own title, the way back, no code in the way."""
    problems = []
    if not state["title"] or state["title"] == "Notebook":
        problems.append(f"no title of its own: {state['title']!r}")
    back = [href for href in state["links"] if (page.parent / unquote(urlparse(href).path)).resolve()
            == (reports / "index.html").resolve()]
    if not back:
        problems.append("no link back to index.html")
    if page.name in WRITTEN_BY_THE_INDEX and page.parent == reports:
        return problems
    if state["codeInView"]:
        problems.append(f"{state['codeInView']} code cell(s) in view before any is asked for")
    if state["parameterCode"] or state["parameterTable"] != ["name", "value", "unit"]:
        problems.append(f"parameters not shown as a table of name, value and unit: {state['parameterTable']}")
    if has_summary(page) and not (state["summaryInView"] and "report-summary" in (state["afterHeading"] or "")):
        problems.append("its notebook has a summary cell, but the page does not open with the summary box")
    return problems


@pytest.mark.parametrize("width", [WIDTH, PHONE])
def test_every_report_opens_with_its_figures(tab: Tab, built: Path, tmp_path: Path, width: int) -> None:
    # A copy of the build: screenshots go beside its index without adding a file to the shared build.
    reports = tmp_path / "reports"
    shutil.copytree(built, reports)
    index = check_page(tab, reports / "index.html", screenshot=reports / "index.png", width=width)
    problems = [f"index.html: {p}" for p in index.problems]
    every_report = {p.resolve() for p in reports.rglob("*.html")} - {(reports / "index.html").resolve()}
    assert set(index.pages) == every_report, "the index should link to every report, and only to reports"
    titles: dict[str, str] = {"index.html": index.state["title"]}
    for page in sorted(set(index.pages)):  # a report listed in two sections is checked once
        name = str(page.relative_to(reports.resolve()))
        shot = reports / "six_studies.png" if name == "six_studies.html" else None
        report = check_page(tab, page, screenshot=shot, width=width)
        problems += [f"{name}: {p}" for p in report.problems + reader_problems(page, reports, report.state)]
        # Not every teaching page has a figure, nor do the pages the index builder writes.
        if report.images == 0 and page.parent.name != "teaching" and name not in WRITTEN_BY_THE_INDEX:
            problems.append(f"{name}: no figure")
        titles[name] = report.state["title"]
    shared = {t for t in titles.values() if list(titles.values()).count(t) > 1}
    problems += [f"{n}: title shared with another page: {t!r}" for n, t in titles.items() if t in shared]
    assert not problems, "\n".join(problems)
    SCREENSHOTS.mkdir(exist_ok=True)  # for a reviewer: the pages as Chromium showed them
    for name in ("index.png", "six_studies.png"):
        screenshot = (reports / name).read_bytes()
        assert screenshot.startswith(b"\x89PNG") and len(screenshot) > 10_000, name
        (SCREENSHOTS / (name if width == WIDTH else name.replace(".png", f"-{width}px.png"))).write_bytes(screenshot)


def test_code_is_one_click_away(tab: Tab, built: Path) -> None:
    page = tab.page
    page.goto((built / "six_studies.html").resolve().as_uri(), wait_until="load")
    code = page.locator("details.report-code").first
    assert not code.locator(".jp-InputArea-editor").is_visible()
    code.locator("summary").click()
    assert code.locator(".jp-InputArea-editor").is_visible()


SUMMARY_NOTEBOOK = [  # a notebook as the runner meets it: parameters, narrative, a summary cell last
    ("markdown", [], "# Six studies at {price_year} prices\n\nWhat this page is about.\n\n## First part"),
    ("code", ["parameters"], 'price_year = "2011-12"  # financial year of every cost\nn_draws = 10  # draws\n'
                             "caseload = None  # patients per FTE at a time; None: data/staffing.csv"),
    ("code", [], "from peerlib.inputs.studies import load_staffing\nfrom peerlib.present.parameters import "
                 "publish_parameters\n\npublish_parameters(load_staffing().with_caseload(caseload))"),
    ("code", [], "# Nothing but a comment"),
    ("code", [], "print('the body of the report')"),
    ("markdown", [], "## Second part"),
    ("code", ["summary"], "from IPython.display import Markdown\nMarkdown('**The summary**: ratio 4.8 : 1')"),
]


def test_a_summary_cell_opens_the_page(tab: Tab, tmp_path: Path) -> None:
    """A cell tagged summary, wherever it stands, is shown first after the title, in a box, without code; the
    parameters the run was given are in the table, and in the title where the heading names them; one left to
    data/ shows the value the notebook published for it, with its source; the code of cells that show nothing
    is folded with the next cell's, under one "Show the code"."""
    notebook = nbformat.v4.new_notebook(metadata={"kernelspec": {"name": "python3", "display_name": "Python 3",
                                                                 "language": "python"}})
    for kind, tags, source in SUMMARY_NOTEBOOK:
        make_cell = nbformat.v4.new_markdown_cell if kind == "markdown" else nbformat.v4.new_code_cell
        notebook.cells.append(make_cell(source, metadata={"tags": tags}))
    nbformat.write(notebook, tmp_path / "summary.ipynb")
    args = parser().parse_args([str(tmp_path / "summary.ipynb"), str(tmp_path / "reports" / "summary.ipynb"),
                                    "-p", "price_year", "2024-25"])
    assert run_one(args) == 0  # the runner's own code, as a build runs it
    (tmp_path / "reports" / "index.html").write_text("<title>index</title>")
    page = tmp_path / "reports" / "summary.html"
    report = check_page(tab, page)
    assert report.problems == [] and reader_problems(page, tmp_path / "reports", report.state) == []
    assert report.state["title"] == "Six studies at 2024-25 prices"  # the heading names the price year
    shown = tab.page
    shown.goto(page.resolve().as_uri())
    assert shown.locator("main h1").inner_text().startswith("Six studies at 2024-25 prices")
    assert shown.locator(".report-summary").inner_text().endswith("The summary: ratio 4.8 : 1")
    assert [a.inner_text() for a in shown.locator(".report-header nav a").all()] == ["First part", "Second part"]
    rows = [[td.inner_text() for td in row.locator("td").all()] for row in shown.locator(".report-parameters tr").all()]
    with (PROJECT_ROOT / "data" / "staffing.csv").open(encoding="utf-8") as staffing:
        value = {row["item"]: row["value"] for row in csv.DictReader(staffing)}
    caseload = f"{value['caseload']} one-to-one and {value['caseload_group']} in groups"
    assert rows[1:] == [["price_year", '"2024-25" (set for this report)', "financial year of every cost"],
                        ["n_draws", "10", "draws"],
                        ["caseload", f"{caseload} patients per FTE at a time (data/staffing.csv)",
                         "patients per FTE at a time"]]
    assert shown.locator(".jp-OutputArea-output pre", has_text="the body of the report").is_visible()
    assert "Parameters as used" not in shown.locator("main").inner_text()  # the published values are in the table
    folds = shown.locator("details.report-code")
    assert folds.count() == 1 and shown.locator(".report-summary details").count() == 0
    code = folds.first.text_content() or ""
    assert "publish_parameters" in code and "print('the body of the report')" in code and "Nothing but" not in code


PIXEL = ("data:image/png;base64,"  # a 1x1 PNG
         "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=")


def fold(code: str, output: str = "") -> str:
    """A code cell as the page template writes it: its code folded, then its output."""
    shown = f'<div class="jp-OutputArea-output">{output}</div>' if output else ""
    return (f'<div class="jp-Cell"><details class="report-code"><summary>Show the code</summary>'
            f'<div class="jp-InputArea-editor">{code}</div></details>{shown}</div>')


@pytest.mark.parametrize("width", [WIDTH, PHONE])
def test_the_checks_pass_a_sound_page(tab: Tab, tmp_path: Path, width: int) -> None:
    (tmp_path / "other.html").write_text("<p>another report</p>")
    page = tmp_path / "sound.html"
    # Anchors as nbconvert writes them (id percent-encoded) and as a person would (id in plain text); code
    # that shows nothing before a fold that does; None and 1e+04 in code, which a reader opens to read code.
    page.write_text(f'<meta charset="utf-8"><h1 id="top">Report</h1><img src="{PIXEL}"><a href="#top">top</a>'
                    '<h2 id="%C2%A3180">a</h2><a href="#%C2%A3180">a</a><h2 id="£259">b</h2><a href="#%C2%A3259">b</a>'
                    '<a href="other.html#x">other</a><a href="mailto:a@b.c">mail</a>'
                    + fold("x = None\ny = 1e+04", "<p>33,700 people</p>") + fold("# why\nz = 1")
                    + '<div style="overflow-x: auto"><table><tr><td style="min-width: 800px">wide</td></tr></table>'
                    '</div>',
                    encoding="utf-8")
    report = check_page(tab, page, width=width)
    assert report.problems == [] and report.images == 1 and report.pages == [(tmp_path / "other.html").resolve()]


@pytest.mark.parametrize(("body", "expected"), [
    ('<img src="missing.png">', "image not rendered: missing.png"),
    ('<img src="data:image/png;base64,bm90IGEgcG5n">', "image not rendered: data:image/png"),
    ('<a href="nowhere.html">x</a>', "broken link: nowhere.html"),
    ('<a href="#nowhere">x</a>', "broken anchor: #nowhere"),
    ('<a href="https://example.org/">x</a>', "external link: https://example.org/"),
    ('<script src="https://cdn.example.invalid/require.js"></script>',
     "network request: https://cdn.example.invalid/require.js"),
    ("<script>console.error('boom')</script>", "console error: boom"),
    ("<script>undefinedFunction()</script>", "script error: undefinedFunction is not defined"),
    ("<table><tr><td>caseload</td><td>None</td></tr></table>", "None in the text: 'None'"),
    ("<p>n_control = 3.37e+04 people</p>", "a number in e-notation: 'n_control = 3.37e+04 people'"),
    ("<pre>ratio 1.2e-05</pre>", "a number in e-notation"),
    (fold("# only a comment\n  "), "an empty 'Show the code': with no code in it"),
    (f'<section class="report-summary">{fold("show(summary)", "<p>The summary</p>")}</section>',
     "an empty 'Show the code': in the summary box"),
    (fold("import pandas") + fold("table = 1", "<p>1</p>"),
     "an empty 'Show the code': followed by another with nothing between"),
    ('<div style="width: 1400px">wider than the window</div>', "scrolls sideways at 1300 px: 14"),
], ids=["missing image", "unreadable image", "broken link", "broken anchor", "external link", "CDN script",
        "console error", "script error", "None", "e-notation", "e-notation printed", "fold of comments",
        "fold in the summary", "run of folds", "wider than a laptop"])
def test_the_checks_catch_a_broken_page(tab: Tab, tmp_path: Path, body: str, expected: str) -> None:
    page = tmp_path / "broken.html"
    page.write_text(f"<h1>Report</h1>{body}")
    problems = check_page(tab, page).problems
    assert any(p.startswith(expected) for p in problems), problems


def test_a_page_wider_than_a_phone_is_caught(tab: Tab, tmp_path: Path) -> None:
    """What fits a laptop may not fit a phone: a 500 px table with no box of its own to scroll in."""
    page = tmp_path / "wide.html"
    page.write_text('<meta name="viewport" content="width=device-width"><h1>Report</h1>'
                    '<table><tr><td style="min-width: 500px">wide</td></tr></table>')
    assert check_page(tab, page, width=WIDTH).problems == []
    assert any(p.startswith("scrolls sideways at 390 px") for p in check_page(tab, page, width=PHONE).problems)


@pytest.fixture
def lab(tmp_path: Path) -> Iterator[str]:
    """JupyterLab serving a copy of the explorer (so nothing it saves touches notebooks/); yields its URL."""
    shutil.copy(PROJECT_ROOT / "notebooks" / "explore.ipynb", tmp_path / "explore.ipynb")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    # The project's kernelspec and this tree's peerlib, as make lab gives them, however pytest was started.
    env = os.environ | {"JUPYTER_CONFIG_DIR": str(tmp_path / ".config"), "JUPYTER_RUNTIME_DIR": str(tmp_path / ".rt"),
                        "JUPYTER_PATH": str(PROJECT_ROOT / "jupyter"), "PYTHONPATH": str(PROJECT_ROOT)}
    server = subprocess.Popen(
        [sys.executable, "-m", "jupyterlab", "--no-browser", "--allow-root", f"--port={port}",
         "--ServerApp.ip=127.0.0.1", "--IdentityProvider.token=test", f"--ServerApp.root_dir={tmp_path}",
         "--LabApp.expose_app_in_browser=True", "--LabApp.news_url=",
         "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
         # At the end, the explorer's kernel takes about 3 s to go after it is asked to; it is not under test.
         "--KernelManager.shutdown_wait_time=0.5"],
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


# What the explorer shows, read from the page: its headline (the last one: the sliders' output), each slider's
# readout, the cells of its two tables, its charts, and every error or stderr output in the notebook.
EXPLORER_STATE = """() => {
  const outputs = [...document.querySelectorAll('.jp-OutputArea-output')];
  const tables = [...document.querySelectorAll('.jp-OutputArea-output table')].slice(-2);
  return {
    headline: [...document.querySelectorAll('.jp-OutputArea-output p')].map(p => p.innerText)
                                                                     .filter(t => t.startsWith('Pooled ratio')).pop(),
    readouts: [...document.querySelectorAll('.widget-readout')].map(e => e.innerText.trim()),
    tables: tables.map(t => [...t.querySelectorAll('td')].map(td => td.innerText.trim())),
    charts: [...document.querySelectorAll('.jp-OutputArea-output img')].map(i => i.src),
    errors: outputs.filter(o => ['application/vnd.jupyter.stderr', 'application/vnd.jupyter.error']
                                  .includes(o.getAttribute('data-mime-type'))).map(o => o.innerText.slice(0, 500)),
  };
}"""
# Runs code in the explorer's kernel, as a person typing in a new cell would, and returns its messages.
RUN_IN_KERNEL = """async (code) => {
  const kernel = window.jupyterapp.shell.currentWidget.sessionContext.session.kernel;
  const future = kernel.requestExecute({code});
  const messages = [];
  future.onIOPub = m => messages.push({type: m.header.msg_type, content: m.content});
  await future.done;
  return messages;
}"""


def explorer_expects(settings: dict[str, Any], moved: dict[str, float]) -> dict[str, Any]:
    """What the explorer must show at ``settings`` (price year, scheme) with the sliders a person ``moved`` (money at
    the data's own prices): peerlib's own headline, tables and slider values, worked out here from the same call."""
    from peerlib.apps.explore import MONEY, SLIDERS, data_values, explore, headline
    from peerlib.inputs import prices
    from peerlib.inputs.published import load_published
    from peerlib.present.labels import present

    base_year = "2011-12"  # data/unit_costs.csv: every money figure's price year
    factor = prices.load_price_index().factor(base_year, settings.get("price_year") or base_year)
    given = {name: value * factor if name in MONEY else value for name, value in moved.items()}
    exploration = explore(**settings, **given)
    table = exploration.table().set_index("label")
    shown = data_values(settings.get("price_year")) | given
    return {
        "headline": headline(exploration, load_published()["pooled_ratio_sample_size_weighted"].value)
                    .replace("**", ""),
        "readouts": [format(shown[name], spec.readout) for name, spec in SLIDERS.items()],
        "tables": [[cell for row in present(t).to_numpy() for cell in row] for t in (table, exploration.pooled())],
    }


def test_the_explorer_shows_peerlibs_figures_at_every_setting(browser: Browser, lab: str) -> None:
    """In JupyterLab: the price year, the weighting and every slider in turn, each figure shown checked against
    peerlib at the same settings; switching the price year back restores every value; no error output."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    from peerlib.apps.explore import SLIDERS
    from peerlib.inputs import prices, unit_costs

    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.goto(lab)
    page.wait_for_selector(".jp-Notebook", timeout=120_000)
    page.wait_for_function("window.jupyterapp && window.jupyterapp.commands.hasCommand('notebook:run-all-cells')",
                           timeout=60_000)
    # Let the kernel start before asking it to run anything (under load that takes more than seconds).
    page.wait_for_function("(() => { const w = window.jupyterapp.shell.currentWidget;"
                           " const k = w && w.sessionContext && w.sessionContext.session"
                           " && w.sessionContext.session.kernel; return k && k.status === 'idle'; })()",
                           timeout=120_000)
    page.evaluate("window.jupyterapp.commands.execute('notebook:run-all-cells')")
    page.wait_for_function(f"({EXPLORER_STATE})().readouts.length === {len(SLIDERS)}", timeout=120_000)
    page.wait_for_function(f"({EXPLORER_STATE})().charts.length === 4", timeout=60_000)

    def shows(settings: dict[str, Any], moved: dict[str, float], what: str,
              charts: list[str] | None = None) -> dict[str, Any]:
        """What the explorer shows once it has redrawn, checked against peerlib (and ``charts``, when given)."""
        expected = explorer_expects(settings, moved) | {"charts": charts}
        try:  # the kernel redraws in its own time: wait until the page shows it all, then compare for a clear message
            page.wait_for_function(f"expected => {{ const s = ({EXPLORER_STATE})(); const same = (a, b) => "
                                   "JSON.stringify(a) === JSON.stringify(b); return s.headline === expected.headline"
                                   " && same(s.readouts, expected.readouts) && same(s.tables, expected.tables)"
                                   " && s.charts.length === 4"
                                   " && (!expected.charts || same(s.charts, expected.charts)); }",
                                   arg=expected, timeout=30_000)
        except PlaywrightTimeout:
            pass  # the comparison below says what differs
        state: dict[str, Any] = page.evaluate(f"({EXPLORER_STATE})()")
        assert (state["headline"], state["readouts"], state["tables"]) == \
            (expected["headline"], expected["readouts"], expected["tables"]), what
        assert charts is None or state["charts"] == charts, f"{what}: the charts differ"
        assert state["errors"] == [], f"{what}: error output {state['errors']}"
        return state

    first = shows({}, {}, "as first shown")
    # Charts right on first display: the notebook's first charts, drawn before any widget, are the explorer's.
    assert first["charts"][:2] == first["charts"][2:], "the first charts differ from the same charts drawn again"
    dropdowns = page.locator(".widget-dropdown select")
    dropdowns.nth(0).select_option(label="2024-25")
    later = shows({"price_year": "2024-25"}, {}, "at 2024-25 prices")
    SCREENSHOTS.mkdir(exist_ok=True)  # for a reviewer: the explorer as JupyterLab showed it, at 2024-25 prices
    page.locator(".widget-vbox").first.scroll_into_view_if_needed()
    page.screenshot(path=str(SCREENSHOTS / "explorer.png"))
    # The bed-day cost and the salary as the loaders read them from data/, which the explorer shows, each moved
    # from its own price year to 2024-25 by hand.
    unit, index = unit_costs.load_unit_costs(), prices.load_price_index()
    bed_day, salary = unit["bed_day_cost_gbp"], unit["peer_worker_salary_gbp"]
    bed_day_later_gbp = bed_day.value * index.level("2024-25") / index.level(bed_day.price_year)
    salary_later_gbp = salary.value * index.level("2024-25") / index.level(salary.price_year)
    assert f"a bed-day £{bed_day_later_gbp:,.2f}, at 2024-25 prices" in later["headline"]
    assert later["readouts"][list(SLIDERS).index("peer_worker_salary_gbp")] == f"{salary_later_gbp:,.0f}"
    dropdowns.nth(0).select_option(label="the data's own")
    assert shows({}, {}, "back at the data's own prices", first["charts"]) == first  # every value as it was
    dropdowns.nth(1).select_option(label="equal weights")
    settings: dict[str, Any] = {"scheme": "equal"}
    shows(settings, {}, "with equal weights")
    moved: dict[str, float] = {}
    handles = page.locator(".widget-slider .noUi-handle")
    for i, name in enumerate(SLIDERS):
        handle = handles.nth(i)
        at_end = handle.get_attribute("aria-valuenow") == handle.get_attribute("aria-valuemax")
        before = page.evaluate(f"({EXPLORER_STATE})()")
        handle.focus()
        page.keyboard.press("PageDown" if at_end else "PageUp")  # several steps, as a person's keyboard moves it
        page.wait_for_function(f"({EXPLORER_STATE})().readouts[{i}] !== {before['readouts'][i]!r}", timeout=30_000)
        moved[name] = float(page.evaluate(f"({EXPLORER_STATE})()")["readouts"][i].replace(",", ""))
        after = shows(settings, moved, f"after moving {name} to {moved[name]}")
        # The forest chart is redrawn for every slider but the Leeds one, which the headline's Leeds sentence shows.
        assert (after["charts"][2] == before["charts"][2]) == (name == "diversion_share"), name
    moved_at_base = shows(settings, moved, "every slider moved")
    dropdowns.nth(0).select_option(label="2024-25")
    shows(settings | {"price_year": "2024-25"}, moved, "every slider moved, then 2024-25 chosen")
    dropdowns.nth(0).select_option(label="the data's own")
    assert shows(settings, moved, "every slider moved, then back to the data's own prices",
                 moved_at_base["charts"]) == moved_at_base
    # A value the explorer cannot take, set in code: one line saying what was expected, no traceback.
    for code, expected in [('explorer.controls["price_year"].value = "2030-31"',
                            "price year of every £: expected one of '', 2009-10"),
                           ('explorer.controls["caseload"].value = 1000',
                            "one-to-one caseload (patients per FTE at a time): expected a number from 1 to 400")]:
        errors = [m["content"] for m in page.evaluate(RUN_IN_KERNEL, code) if m["type"] == "error"]
        assert len(errors) == 1 and len(errors[0]["traceback"]) == 1, errors
        assert errors[0]["traceback"][0].startswith(expected), errors
    page.close()
