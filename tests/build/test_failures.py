"""A failed run stops with a message naming what was wrong and where, and leaves nothing half-written.

A failed build, as a reviewer meets it: on a project whose reports/ plain `make` built, break one
input, run plain `make` as the README writes it, and every file in reports/ is still the one the
last good build left, byte for byte; the index links to no missing page.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

from peerlib.config import PROJECT_ROOT
from scripts.run_notebook import parser, run_one
from tests.conftest import copy_tree, edit_cell, make_in

RUNNER = [sys.executable, "scripts/run_notebook.py"]


def run_notebook(notebook: str, out_dir: Path, *params: str) -> subprocess.CompletedProcess[str]:
    stem = Path(notebook).stem
    return subprocess.run(
        [*RUNNER, notebook, str(out_dir / f"{stem}.ipynb"), "--results", str(out_dir / "results" / f"{stem}.csv"),
         *params], cwd=PROJECT_ROOT, capture_output=True, text=True)


@pytest.mark.parametrize("notebook, params, message", [
    ("notebooks/study.ipynb", ["-p", "study_id", "smith2020"], "unknown study_id 'smith2020'"),
    ("notebooks/study.ipynb", ["-p", "bed_day_cost_gbp", "-334"],
     "bed_day_cost_gbp: expected an amount from £1 to £20,000, found -334"),
    ("notebooks/study.ipynb", ["-p", "bed_day_cost_gbp", "lots"],
     "bed_day_cost_gbp: expected an amount from £1 to £20,000, found 'lots'"),
    ("notebooks/study.ipynb", ["-p", "caseload", "0"], "caseload (notebook parameter caseload): expected a number"),
    ("notebooks/six_studies.ipynb", ["-p", "caseload", "2000"], "caseload (notebook parameter caseload): expected"),
    ("notebooks/six_studies.ipynb", ["-p", "price_year", "1990-91"], "price_year '1990-91' is not in price_index.csv"),
    ("notebooks/sensitivity.ipynb", ["-p", "n_draws", "10"],
     "n_draws: expected a whole number from 1,000 to 10,000,000"),
    ("notebooks/sensitivity.ipynb", ["-p", "scheme", "median"],
     "scheme: expected one of sample_size, equal, fte_years, found 'median'"),
    ("notebooks/leeds_crisis_house.ipynb", ["-p", "diversion_share", "2"],
     "diversion_share: expected a fraction from 0 to 1"),
    ("notebooks/business_case.ipynb", ["-p", "n_fte", "0"],
     "n_fte (notebook parameter n_fte): expected a number greater than 0 and at most 1,000 (FTE), found 0"),
    ("notebooks/business_case.ipynb", ["-p", "evidence", "smith2020"],
     "evidence (notebook parameter evidence): expected one of sledge2011"),
    ("notebooks/todays_costs.ipynb", ["-p", "pay_band", "5"], "pay_band: expected one of 3, 4"),
])
def test_bad_parameters_fail_cleanly(tmp_path: Path, capsys: pytest.CaptureFixture[str], notebook: str,
                                     params: list[str], message: str) -> None:
    """The runner's own code, in this process (the command line's
    exit status is checked by test_unwritable_reports_folder and in tests/build/test_reports.py)."""
    stem = Path(notebook).stem
    args = parser().parse_args([str(PROJECT_ROOT / notebook), str(tmp_path / f"{stem}.ipynb"),
                                    "--results", str(tmp_path / "results" / f"{stem}.csv"), *params])
    assert run_one(args) == 1
    stderr = capsys.readouterr().err
    assert notebook in stderr and "failed in cell" in stderr
    assert message in stderr, stderr[-2000:]
    assert list(tmp_path.iterdir()) == [], "a failed run must leave nothing behind"


def test_unwritable_reports_folder(tmp_path: Path) -> None:
    blocker = tmp_path / "reports"
    blocker.write_text("a file where the reports folder should be")
    result = run_notebook("notebooks/leeds_crisis_house.ipynb", blocker)
    assert result.returncode == 1
    assert "cannot write" in result.stderr and str(blocker) in result.stderr


# --- A failed build on a built project --------------------------------------------------------


@pytest.fixture(scope="module")
def reviewer(built_tree: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the project that plain `make` built (the session's build), to break inputs in."""
    tree = copy_tree(built_tree, tmp_path_factory.mktemp("reviewer") / "project")
    assert make_in(tree, "-q").returncode == 0, "the copy should be up to date, as the build left it"
    return tree


@contextmanager
def restored(path: Path) -> Iterator[None]:
    """Put ``path`` back as it was, content and time, so make sees the tree as the build left it; and
    with the records the failed make wrote in the staging folder (what each report read),
    so the next test's make starts from the same tree rather than rerunning this one's pages."""
    jobs = next(p for p in path.parents if (p / "Makefile").exists()) / ".reports-staging" / ".deps"
    kept = {p: (p.read_bytes(), p.stat()) for p in [path, *jobs.rglob("*")] if p.is_file()}
    try:
        yield
    finally:
        for kept_path, (content, stat) in kept.items():
            kept_path.write_bytes(content)
            os.utime(kept_path, ns=(stat.st_atime_ns, stat.st_mtime_ns))


def every_file(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def links_of(index: Path) -> list[str]:
    return re.findall(r'href="([^"#]+)"', index.read_text(encoding="utf-8"))


def study_row(study_id: str, item: str) -> Callable[[dict[str, str]], bool]:
    return lambda row: row["study_id"] == study_id and row["input"] == item


def zero_follow_up(data: Path) -> list[str]:
    """The README's own example: a follow-up of 0 months for Sledge et al. 2011."""
    line = edit_cell(data / "study_inputs.csv", study_row("sledge2011", "followup_months"), "value", "0")
    return ["study_inputs.csv", f"line {line},", "column 'value'"]


def studies_not_utf8(data: Path) -> list[str]:
    path = data / "studies.csv"
    lines = path.read_bytes().split(b"\n")
    lines[2] = lines[2].replace(b",", b",\xff", 1)  # a byte that is not UTF-8, on line 3
    path.write_bytes(b"\n".join(lines))
    return ["studies.csv", "line 3", "UTF-8"]


def studies_without_ids(data: Path) -> list[str]:
    path = data / "studies.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("study_id,", "id,", 1), encoding="utf-8")
    return ["studies.csv", "column 'study_id'"]


def horizon_out_of_range(data: Path) -> list[str]:
    edit_cell(data / "population.csv", lambda r: r["item"] == "horizon_years", "value", "500")
    return ["population.csv", "column 'value'", "horizon_years"]


# One input a notebook reads and two that make reads before any notebook runs: every way a build
# fails on data. Each message's wording is checked by the tests of the loader that raises it.
@dataclass(frozen=True)
class Breakage:
    file: str
    apply: Callable[[Path], list[str]]  # breaks data/ and returns what the message must name


BREAKAGES = {
    "follow-up of 0": Breakage("study_inputs.csv", zero_follow_up),
    "studies.csv not UTF-8": Breakage("studies.csv", studies_not_utf8),
    "studies.csv without its id column": Breakage("studies.csv", studies_without_ids),
    "a population horizon out of range": Breakage("population.csv", horizon_out_of_range),
}


@pytest.mark.parametrize("name", BREAKAGES)
def test_a_failed_build_keeps_every_report(reviewer: Path, name: str) -> None:
    breakage = BREAKAGES[name]
    reports = reviewer / "reports"
    before = every_file(reports)
    assert "index.html" in before and "results.csv" in before and "study-sledge2011.html" in before
    with restored(reviewer / "data" / breakage.file):
        named = breakage.apply(reviewer / "data")
        result = make_in(reviewer)  # plain make, as the README writes it
    assert result.returncode != 0, result.stdout[-2000:]
    for part in named:
        assert part in result.stderr, f"the message should name {part!r}:\n{result.stderr[-3000:]}"
    after = every_file(reports)
    changed = sorted(f for f in before.keys() | after.keys() if before.get(f) != after.get(f))
    assert not changed, f"a failed build changed files in reports/: {changed}"
    missing = [href for href in links_of(reports / "index.html") if not (reports / href).is_file()]
    assert not missing, f"the index links to missing pages: {missing}"
    assert not list(reports.rglob(".*.publishing")), "a temporary file was left in reports/"


def test_broken_notebook_names_the_cell(reviewer: Path) -> None:
    notebook = reviewer / "notebooks" / "leeds_crisis_house.ipynb"
    before = every_file(reviewer / "reports")
    with restored(notebook):
        text = notebook.read_text()
        assert "result = evaluate_crisis_house(inputs)" in text, "the cell this test breaks is gone: break another"
        notebook.write_text(text.replace("result = evaluate_crisis_house(inputs)", "result = 1 / 0"))
        result = make_in(reviewer)
    assert result.returncode != 0
    assert "notebooks/leeds_crisis_house.ipynb failed in cell" in result.stderr
    assert "ZeroDivisionError" in result.stderr
    assert "nothing was published: reports/ keeps the last good build" in result.stderr
    assert every_file(reviewer / "reports") == before
