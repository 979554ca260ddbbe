"""Check what plain `make` wrote: the session's one build of every report (tests/conftest.py).

The build is what a reviewer's `make` does, in a copy of the project; every test here reads it,
and a test that must build again rebuilds only what it needs, in a copy of that build.
"""

from __future__ import annotations

import csv
import re
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from peerlib import costs, crisis_house, studies
from peerlib.paths import PROJECT_ROOT
from tests.conftest import copy_tree, make_in


@pytest.fixture(scope="module")
def results(built: Path) -> pd.DataFrame:
    return pd.read_csv(built / "results.csv", dtype={"price_year": str}).set_index("id")


PAGES = ["six_studies", "six_studies-latest", "sensitivity", "leeds_crisis_house"]


def test_every_report_is_built(built: Path) -> None:
    every = [f"study-{s.study_id}" for s in studies.load_studies(included_only=False)] + PAGES
    for name in every:
        assert (built / f"{name}.html").stat().st_size > 10_000, name
        assert (built / f"{name}.ipynb").exists(), name
    index = (built / "index.html").read_text()
    for name in every:
        assert f'href="{name}.html"' in index
    for solution in sorted((PROJECT_ROOT / "notebooks" / "teaching" / "solutions").glob("*.ipynb")):
        assert (built / "teaching" / f"{solution.stem}.html").exists(), solution.name
        assert f'href="teaching/{solution.stem}.html"' in index
    assert not list(built.rglob(".run-*")), "a temporary run folder was left behind"
    assert not list(built.parent.glob(".reports-staging/**/.run-*")), "a temporary run folder was left behind"


def test_results_have_the_agreed_columns(results: pd.DataFrame) -> None:
    for column in ("kind", "benefit_cost_ratio", "sample_size", "price_year"):
        assert column in results.columns
    assert set(results["kind"]) == {"study", "pooled", "sensitivity", "value_of_information", "crisis_house"}


WORKER_GBP = 17_368 + 0.138 * (17_368 - 7_072) + 0.14 * 17_368  # data/unit_costs.csv by hand


def test_study_rows_by_hand(results: pd.DataFrame) -> None:
    every = studies.load_studies(included_only=False)
    assert sorted(results[results["kind"] == "study"].index) == sorted(s.study_id for s in every)
    # Sledge: 9 bed-days saved x 12 x 20 patients per FTE / 9 months of support x £334 / £21,220.37
    assert results.loc["sledge2011", "benefit_cost_ratio"] == pytest.approx(9 * 12 * 20 / 9 * 334 / WORKER_GBP)
    assert results.loc["sledge2011", "break_even_caseload"] == pytest.approx(WORKER_GBP * 9 / (12 * 9 * 334))
    assert results.loc["sledge2011", "caseload"] == 20
    for study in every:
        row = results.loc[study.study_id]
        assert row["sample_size"] == study.n_peer + study.n_control
        assert row["price_year"] == "2011-12"
        assert row["bed_day_cost_gbp"] == 334
        assert bool(row["included"]) == study.included


def test_pooled_rows_by_hand(results: pd.DataFrame) -> None:
    six = [s.study_id for s in studies.load_studies()]
    study_rows = results.loc[six]
    # The report's method, by hand: sum of ratio x (n_peer + n_control) over the sum of sample sizes.
    by_hand = sum(study_rows["benefit_cost_ratio"] * study_rows["sample_size"]) / sum(study_rows["sample_size"])
    assert results.loc["pooled_sample_size", "benefit_cost_ratio"] == pytest.approx(by_hand, rel=1e-9)
    assert results.loc["pooled_equal", "benefit_cost_ratio"] == pytest.approx(
        study_rows["benefit_cost_ratio"].mean(), rel=1e-9)
    assert results.loc["pooled_sample_size", "published_benefit_cost_ratio"] == 4.8
    # Pooled, every ratio is proportional to the caseload: break-even = 20 / pooled ratio
    assert results.loc["pooled_sample_size", "break_even_caseload"] == pytest.approx(20 / by_hand, rel=1e-9)


def test_value_of_information_rows(results: pd.DataFrame) -> None:
    rows = results[results["kind"] == "value_of_information"]
    evpi = rows.loc["evpi_pooled_sample_size"]
    assert evpi["unit"] == "GBP per FTE-year" and evpi["value_gbp_per_fte_year"] >= 0
    evppi = rows[rows.index.str.startswith("evppi_pooled_sample_size_")]
    assert {"evppi_pooled_sample_size_staffing", "evppi_pooled_sample_size_unit_costs"} <= set(evppi.index)
    assert (evppi["value_gbp_per_fte_year"] <= evpi["value_gbp_per_fte_year"] + 1e-6).all()


def test_todays_prices_variant(results: pd.DataFrame) -> None:
    index = costs.load_price_index()
    latest = results.loc[f"pooled_sample_size_{index.latest_year}"]
    assert latest["price_year"] == index.latest_year
    # Both sides of the ratio move with one index: the ratio is the same at any price year.
    assert latest["benefit_cost_ratio"] == pytest.approx(results.loc["pooled_sample_size", "benefit_cost_ratio"])


def test_crisis_house_row(results: pd.DataFrame) -> None:
    row = results.loc["leeds_crisis_house"]
    assert row["saving_per_diverted_day_gbp"] == pytest.approx(259 - 180)
    assert row["implied_diverted_days"] == pytest.approx(28_000 / 79)
    assert row["break_even_diversion_share"] == pytest.approx(180 / 259)
    expected = crisis_house.evaluate_crisis_house(crisis_house.load_crisis_house_inputs())
    assert row["annual_saving_gbp"] == pytest.approx(expected.annual_saving_gbp)


def test_second_make_does_nothing(built_tree: Path) -> None:
    assert make_in(built_tree, "-q").returncode == 0, "an unchanged tree should need no rebuild"
    again = make_in(built_tree)
    assert again.returncode == 0 and "Nothing to be done" in again.stdout, again.stdout + again.stderr


def test_a_clean_build_is_quiet(built_tree: Path) -> None:
    """Plain `make` on a clean tree prints one line per report with its time, then a closing line:
    no warning or error from a kernel, no command echoed."""
    out = (built_tree.parent / "make.out").read_text(encoding="utf-8").splitlines()
    err = (built_tree.parent / "make.err").read_text(encoding="utf-8").splitlines()
    assert not [line for line in out + err if "WARNING" in line or "ERROR" in line], out + err
    assert err == [], err
    pages = sorted(str(p.relative_to(built_tree / "reports")) for p in (built_tree / "reports").rglob("*.html"))
    report_lines = [re.fullmatch(r" *\d+\.\d s  (\S+\.html)  \(notebooks/\S+\.ipynb(, \w+=\S+)*\)", line)
                    for line in out[:-1]]
    assert all(report_lines), out
    assert sorted(m.group(1) for m in report_lines if m) == [p for p in pages if p != "index.html"]
    assert re.fullmatch(r"\d+ reports in reports/ \(\d+ files changed\): open reports/index.html", out[-1]), out[-1]


def test_figures_are_as_expected(built_tree: Path) -> None:
    """A change that moves a figure commits the new reports/expected/results.csv with it."""
    result = make_in(built_tree, "diff")
    assert result.returncode == 0 and "no differences" in result.stdout, (
        "figures of a fresh build differ from reports/expected/results.csv. If the change is intended, run "
        "`make expected` (it copies the built results.csv there) and commit the file with the change:\n"
        + result.stdout + result.stderr[-2000:])


def test_diff_names_every_moved_figure(built_tree: Path, tmp_path: Path) -> None:
    rows = list(csv.DictReader((built_tree / "reports" / "results.csv").open(encoding="utf-8")))
    sledge = next(r for r in rows if r["id"] == "sledge2011")
    old_ratio = sledge["benefit_cost_ratio"]
    sledge["benefit_cost_ratio"] = str(float(old_ratio) * 2)
    sledge["sample_size"] = str(float(sledge["sample_size"]) * (1 + 1e-12))  # within the tolerance: not a move
    leeds = next(r for r in rows if r["id"] == "leeds_crisis_house")
    leeds["label"] = "somewhere else"
    expected = tmp_path / "expected.csv"
    with expected.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows[:-1])  # and the last row is missing from the expected file
    result = make_in(built_tree, "diff", f"EXPECTED={expected}")
    assert result.returncode != 0, result.stdout
    moved = [line.strip() for line in result.stdout.splitlines() if line.startswith("  ")]
    assert f"sledge2011, benefit_cost_ratio: expected {float(old_ratio) * 2}, built {old_ratio}" in moved, moved
    assert any(line.startswith("leeds_crisis_house, label:") and "somewhere else" in line for line in moved), moved
    assert any(line == f"row {rows[-1]['id']}: built, not expected" for line in moved), moved
    assert len(moved) == 3, moved
    assert "make expected" in result.stdout


def test_failed_notebook_leaves_nothing_and_names_the_cell(built: Path, tmp_path: Path) -> None:
    target = tmp_path / "study-nosuch.ipynb"
    result = subprocess.run(
        [sys.executable, "scripts/run_notebook.py", "notebooks/study.ipynb", str(target),
         "--results", str(tmp_path / "results" / "study-nosuch.csv"), "-p", "study_id", "nosuch"],
        cwd=PROJECT_ROOT, capture_output=True, text=True)
    assert result.returncode != 0
    assert "notebooks/study.ipynb failed in cell" in result.stderr
    assert "unknown study_id 'nosuch'" in result.stderr
    assert list(tmp_path.rglob("*")) == [], "a failed run must leave nothing behind"


REBUILT = ["study-sledge2011", "six_studies"]


def test_rebuilt_reports_are_identical(built_tree: Path, tmp_path: Path) -> None:
    """Two builds give byte-identical files.

    Rather than a second full build, this rebuilds, in a copy of the session's build, the reports
    that exercise every source of run-to-run difference: a study page (figures, a table of inputs)
    and the pooled page (seeded probabilistic draws, figures), then the index and results.csv
    gathered from them; every published file must come out byte for byte as before.
    """
    tree = copy_tree(built_tree, tmp_path / "project")
    stage = tree / ".reports-staging"
    for name in REBUILT:
        for path in (stage / f"{name}.html", stage / f"{name}.ipynb", stage / "results" / f"{name}.csv"):
            path.unlink()
    result = make_in(tree)
    assert result.returncode == 0, result.stderr[-3000:]
    ran = re.findall(r"s  (\S+)\.html  \(", result.stdout)
    assert sorted(ran) == sorted(REBUILT), f"make should rebuild exactly what was removed: {ran}"
    before, after = built_tree / "reports", tree / "reports"
    files = sorted(p.relative_to(before) for p in before.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(after) for p in after.rglob("*") if p.is_file())
    different = [str(f) for f in files if (before / f).read_bytes() != (after / f).read_bytes()]
    assert not different, f"files that differ between two builds: {different}"


def test_a_price_year_builds_its_own_folder(built_tree: Path, tmp_path: Path) -> None:
    """`make PRICE_YEAR=...` is never ignored: without REPORTS it builds reports-<year>/, and a
    setting that changes rebuilds every report even into the same folder."""
    tree = copy_tree(built_tree, tmp_path / "project")
    latest = costs.load_price_index().latest_year
    plan = make_in(tree, "-n", f"PRICE_YEAR={latest}")
    assert plan.returncode == 0 and "Nothing to be done" not in plan.stdout
    assert f"-p price_year {latest}" in plan.stdout and f"--publishes-to reports-{latest} " in plan.stdout
    assert "study-sledge2011" in plan.stdout
    assert make_in(tree, "-q", f"PRICE_YEAR={latest}", "REPORTS=reports").returncode != 0
    assert make_in(tree, "-q").returncode != 0, "after another setting, the base-year build must rebuild too"
    bad = make_in(tree, "PRICE_YEAR=1890-91")
    assert bad.returncode != 0 and "PRICE_YEAR=1890-91" in bad.stderr and "price_index.csv" in bad.stderr
