"""A failed run stops with a message naming what was wrong and where, and leaves nothing half-written."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from peerlib.paths import PROJECT_ROOT

RUNNER = [sys.executable, "scripts/run_notebook.py"]


def run_notebook(notebook: str, out_dir: Path, *params: str) -> subprocess.CompletedProcess[str]:
    stem = Path(notebook).stem
    return subprocess.run(
        [*RUNNER, notebook, str(out_dir / f"{stem}.ipynb"), "--results", str(out_dir / "results" / f"{stem}.csv"),
         *params], cwd=PROJECT_ROOT, capture_output=True, text=True)


@pytest.mark.parametrize("notebook, params, message", [
    ("notebooks/study.ipynb", ["-p", "study_id", "smith2020"], "unknown study_id 'smith2020'"),
    ("notebooks/study.ipynb", ["-p", "bed_day_cost_gbp", "-334"], "bed_day_cost_gbp: expected an amount in £"),
    ("notebooks/study.ipynb", ["-p", "bed_day_cost_gbp", "lots"], "bed_day_cost_gbp: expected a number, found 'lots'"),
    ("notebooks/study.ipynb", ["-p", "caseload", "0"], "caseload (notebook parameter caseload): expected a number"),
    ("notebooks/six_studies.ipynb", ["-p", "caseload", "2000"], "caseload (notebook parameter caseload): expected"),
    ("notebooks/six_studies.ipynb", ["-p", "price_year", "1990-91"], "price_year '1990-91' is not in price_index.csv"),
    ("notebooks/sensitivity.ipynb", ["-p", "n_draws", "0"], "n_draws: expected a whole number of 1 or more"),
    ("notebooks/sensitivity.ipynb", ["-p", "scheme", "median"], "unknown weighting scheme 'median'"),
    ("notebooks/leeds_crisis_house.ipynb", ["-p", "diversion_share", "2"], "diversion_share: expected a share"),
    ("notebooks/business_case.ipynb", ["-p", "n_fte", "0"],
     "n_fte (notebook parameter n_fte): expected a number above 0 and at most 1,000 (FTE), found 0"),
    ("notebooks/business_case.ipynb", ["-p", "evidence", "smith2020"],
     "evidence (notebook parameter evidence): expected one of sledge2011"),
    ("notebooks/todays_costs.ipynb", ["-p", "pay_band", "5"], "pay_band: expected one of 3, 4"),
])
def test_bad_parameters_fail_cleanly(tmp_path: Path, notebook: str, params: list[str], message: str) -> None:
    result = run_notebook(notebook, tmp_path, *params)
    assert result.returncode == 1
    assert f"{notebook} failed in cell" in result.stderr
    assert message in result.stderr, result.stderr[-2000:]
    assert list(tmp_path.iterdir()) == [], "a failed run must leave nothing behind"


def test_unwritable_reports_folder(tmp_path: Path) -> None:
    blocker = tmp_path / "reports"
    blocker.write_text("a file where the reports folder should be")
    result = run_notebook("notebooks/leeds_crisis_house.ipynb", blocker)
    assert result.returncode == 1
    assert "cannot write" in result.stderr and str(blocker) in result.stderr


@pytest.fixture
def project_copy(tmp_path: Path) -> Path:
    """The project's sources in a temporary folder (times kept, so make sees the environment as up to date)."""
    copy = tmp_path / "project"
    copy.mkdir()
    for name in ("peerlib", "data", "notebooks", "scripts"):
        shutil.copytree(PROJECT_ROOT / name, copy / name, ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("Makefile", "pyproject.toml", "requirements.txt", "README.md"):
        shutil.copy2(PROJECT_ROOT / name, copy / name)
    (copy / ".venv").symlink_to(PROJECT_ROOT / ".venv")
    return copy


def make_in(copy: Path, *targets: str) -> subprocess.CompletedProcess[str]:
    # PYTHONPATH makes the kernel import this copy's peerlib (and so read this copy's data/).
    env = {k: v for k, v in os.environ.items() if not k.startswith("MAKE")} | {"PYTHONPATH": str(copy)}
    # -o: never reinstall the shared environment from the copy (it would repoint peerlib here).
    command = ["make", "--no-print-directory", "-o", ".venv/.installed", *targets]
    return subprocess.run(command, cwd=copy, env=env, capture_output=True, text=True)


def test_broken_data_keeps_the_previous_report(project_copy: Path) -> None:
    target = "reports/study-sledge2011.html"
    first = make_in(project_copy, target)
    assert first.returncode == 0, first.stderr[-2000:]
    good = (project_copy / target).read_bytes()

    inputs = project_copy / "data" / "study_inputs.csv"
    inputs.write_text(inputs.read_text().replace("sledge2011,followup_months,9,", "sledge2011,followup_months,0,"))
    second = make_in(project_copy, target)
    assert second.returncode != 0
    assert "notebooks/study.ipynb failed in cell" in second.stderr
    assert "study_inputs.csv" in second.stderr and "column 'value'" in second.stderr
    assert (project_copy / target).read_bytes() == good, "the previous good report must stay in place"
    assert not list((project_copy / "reports").glob(".run-*"))


def test_broken_notebook_names_the_cell(project_copy: Path) -> None:
    notebook = project_copy / "notebooks" / "leeds_crisis_house.ipynb"
    notebook.write_text(notebook.read_text().replace("result = crisis_house.evaluate_crisis_house(inputs)",
                                                     "result = 1 / 0"))
    result = make_in(project_copy, "reports/leeds_crisis_house.html")
    assert result.returncode != 0
    assert "notebooks/leeds_crisis_house.ipynb failed in cell" in result.stderr
    assert "ZeroDivisionError" in result.stderr
    assert not (project_copy / "reports" / "leeds_crisis_house.html").exists()
