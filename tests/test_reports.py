"""Build every report with make into a temporary folder, then check what it wrote.

This is the slowest test (it runs every notebook once); it is what a reviewer's `make` does.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from peerlib import crisis_house, studies
from peerlib.paths import PROJECT_ROOT
from tests.conftest import make


@pytest.fixture(scope="module")
def results(built: Path) -> pd.DataFrame:
    return pd.read_csv(built / "results.csv", dtype={"price_year": str}).set_index("id")


PAGES = ["six_studies", "todays_costs", "business_case", "sensitivity", "leeds_crisis_house"]


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
    assert set(results["kind"]) == {"study", "pooled", "sensitivity", "value_of_information", "crisis_house",
                                    "recosting", "business_case"}


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


# The NHSCII 2015-16 to 2024-25 (data/cost_indices.csv, price_index.csv): pay and prices over pay.
COMPONENT_FACTOR = (1.004 * 1.0209 * 1.0124 * 1.016 * 1.0214 * 1.0249 * 1.0258 * 1.0732 * 1.0247 * 1.0402) / (
    1.003 * 1.021 * 1.0121 * 1.016 * 1.0258 * 1.0341 * 1.0307 * 1.0741 * 1.0218 * 1.0511)
# Today: £651 brought to 2025-26 (x 1.0402 x 1.0483); band 3 top £26,598 with NI 15 % above £5,000 and 23.78 %.
CURRENT_FACTOR = (651 * 1.0402 * 1.0483 / 334) / ((26_598 + 0.15 * 21_598 + 0.2378 * 26_598) / WORKER_GBP)


def test_recosted_rows_by_hand(results: pd.DataFrame) -> None:
    """Today's costs re-cost, not rebase: every ratio moves by the factor the evidence implies."""
    every = [s.study_id for s in studies.load_studies(included_only=False)]
    for outcome in [*every, "pooled_sample_size", "pooled_equal", "pooled_fte_years", "pooled_evidence_only"]:
        base = results.loc[outcome, "benefit_cost_ratio"]
        components, current = results.loc[f"recost_components_{outcome}"], results.loc[f"recost_current_{outcome}"]
        assert components["price_year"] == "2024-25" and current["price_year"] == "2025-26"
        assert components["benefit_cost_ratio"] == pytest.approx(base * COMPONENT_FACTOR, rel=1e-9, abs=1e-12)
        assert current["benefit_cost_ratio"] == pytest.approx(base * CURRENT_FACTOR, rel=1e-9, abs=1e-12)
        assert components["base_benefit_cost_ratio"] == pytest.approx(base, rel=1e-9, abs=1e-12)
    assert results.loc["recost_current_sledge2011", "ratio_factor"] != pytest.approx(1, abs=0.01)


def test_business_case_row(results: pd.DataFrame) -> None:
    (row,) = [r for _, r in results.iterrows() if r["kind"] == "business_case"]
    assert row["price_year"] == "2025-26"
    # The worker's cost by hand at the notebook's parameters: band 3 top, NI 15 % above £5,000, pension 23.78 %.
    assert row["cost_per_fte_gbp"] == pytest.approx(26_598 + 0.15 * 21_598 + 0.2378 * 26_598)
    assert row["annual_cost_gbp"] == pytest.approx(row["n_fte"] * row["cost_per_fte_gbp"])
    assert row["benefit_cost_ratio"] == pytest.approx(row["value_of_bed_days_gbp"] / row["annual_cost_gbp"])
    assert 0 <= row["probability_ratio_above_one"] <= 1


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
