"""Build every report with make into a temporary folder, then check what it wrote.

This is the slowest test (it runs every notebook once); it is what a reviewer's `make` does.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from peerlib import costs, crisis_house, ratios, studies, weighting
from peerlib.paths import PROJECT_ROOT
from tests.conftest import make


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
    assert not list(built.glob(".run-*")), "a temporary run folder was left behind"


def test_results_have_the_agreed_columns(results: pd.DataFrame) -> None:
    for column in ("kind", "benefit_cost_ratio", "sample_size", "price_year"):
        assert column in results.columns
    assert set(results["kind"]) == {"study", "pooled", "sensitivity", "crisis_house"}


def test_study_rows_match_peerlib(results: pd.DataFrame) -> None:
    cost_assumptions = costs.load_cost_assumptions()
    every = studies.load_studies(included_only=False)
    assert sorted(results[results["kind"] == "study"].index) == sorted(s.study_id for s in every)
    for study in every:
        expected = ratios.evaluate_study(study, cost_assumptions)
        row = results.loc[study.study_id]
        assert row["benefit_cost_ratio"] == pytest.approx(expected.benefit_cost_ratio, rel=1e-9, abs=1e-12)
        assert row["sample_size"] == study.n_peer + study.n_control
        assert row["price_year"] == cost_assumptions.price_year
        assert row["bed_day_cost_gbp"] == pytest.approx(cost_assumptions.bed_day_cost_gbp)
        assert bool(row["included"]) == study.included


def test_pooled_rows_match_peerlib(results: pd.DataFrame) -> None:
    cost_assumptions = costs.load_cost_assumptions()
    evaluated = [ratios.evaluate_study(s, cost_assumptions) for s in studies.load_studies()]
    # The report's method, by hand: sum of ratio x (n_peer + n_control) over the sum of sample sizes.
    by_hand = sum(r.benefit_cost_ratio * r.sample_size for r in evaluated) / sum(r.sample_size for r in evaluated)
    assert results.loc["pooled_sample_size", "benefit_cost_ratio"] == pytest.approx(by_hand, rel=1e-9)
    assert results.loc["pooled_sample_size", "published_benefit_cost_ratio"] == 4.8
    for scheme in weighting.WEIGHTING_SCHEMES:
        assert results.loc[f"pooled_{scheme}", "benefit_cost_ratio"] == pytest.approx(
            weighting.pooled_ratio(evaluated, scheme).benefit_cost_ratio, rel=1e-9)


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


def test_second_make_does_nothing(built: Path) -> None:
    assert make("-q", f"REPORTS={built}").returncode == 0, "an unchanged tree should need no rebuild"


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


def test_two_clean_builds_are_identical(built: Path, tmp_path: Path) -> None:
    again = tmp_path / "reports"
    result = make("-j2", f"REPORTS={again}")
    assert result.returncode == 0, result.stderr[-3000:]
    files = sorted(p.relative_to(built) for p in built.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(again) for p in again.rglob("*") if p.is_file())
    different = [str(f) for f in files if (built / f).read_bytes() != (again / f).read_bytes()]
    assert not different, f"files that differ between two clean builds: {different}"
