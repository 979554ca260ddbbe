"""The command line: right numbers, readable help, clear errors for bad values."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from peerlib import cli, costs, ratios, studies
from peerlib.paths import PROJECT_ROOT


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "peerlib", *args], cwd=PROJECT_ROOT, capture_output=True, text=True)


def csv_output(*args: str) -> pd.DataFrame:
    result = run(*args, "--format", "csv")
    assert result.returncode == 0, result.stderr
    return pd.read_csv(io.StringIO(result.stdout), index_col=0, dtype={"price_year": str})


def test_help_lists_every_command() -> None:
    result = run("--help")
    assert result.returncode == 0
    for command in ("studies", "ratios", "leeds"):
        assert command in result.stdout
    for command in ("studies", "ratios", "leeds"):
        assert run(command, "--help").returncode == 0


def test_studies_lists_all_rows() -> None:
    table = csv_output("studies")
    assert list(table.index) == [s.study_id for s in studies.load_studies(included_only=False)]


def test_ratios_by_hand_with_chosen_assumptions() -> None:
    # Sledge with 3 FTE and a £400 bed-day: 9.00 x 38 / (3 x 9/12) = 152 bed-days per FTE-year;
    # ratio = 152 x 400 / cost of a worker.
    worker_gbp = costs.load_cost_assumptions().peer_worker_cost_gbp
    table = csv_output("ratios", "sledge2011", "--peer-fte", "3", "--bed-day-cost-gbp", "400")
    assert table.loc["sledge2011", "bed_days_saved_per_fte_year"] == pytest.approx(152)
    assert table.loc["sledge2011", "benefit_cost_ratio"] == pytest.approx(152 * 400 / worker_gbp)


def test_pooled_row_follows_the_weighting() -> None:
    results = [ratios.evaluate_study(s, costs.load_cost_assumptions()) for s in studies.load_studies()]
    equal = csv_output("ratios", "--weighting", "equal")
    assert equal.loc["pooled_equal", "benefit_cost_ratio"] == pytest.approx(
        sum(r.benefit_cost_ratio for r in results) / len(results))


def test_price_year_moves_every_sum() -> None:
    base = csv_output("ratios", "sledge2011")
    later = csv_output("ratios", "sledge2011", "--price-year", "2024-25")
    assert later.loc["sledge2011", "price_year"] == "2024-25"
    # Costs and benefits move by the same index: the ratio stays, the break-even bed-days too.
    assert later.loc["sledge2011", "benefit_cost_ratio"] == pytest.approx(base.loc["sledge2011", "benefit_cost_ratio"])


def test_leeds_by_hand() -> None:
    table = csv_output("leeds", "--diversion-share", "0.5")
    assert float(table.loc["saving_per_diverted_day_gbp", "value"]) == pytest.approx(79)
    # 960 visits x (0.5 x £259 - £180)
    assert float(table.loc["annual_saving_gbp", "value"]) == pytest.approx(960 * (0.5 * 259 - 180))


@pytest.mark.parametrize("args, message", [
    (("ratios", "nosuch"), "unknown study_id 'nosuch'"),
    (("ratios", "--bed-day-cost-gbp", "-3"), "expected a number greater than 0, found '-3'"),
    (("ratios", "--bed-day-cost-gbp", "lots"), "expected a number, found 'lots'"),
    (("ratios", "--price-year", "2050-51"), "price_year '2050-51' is not in price_index.csv"),
    (("ratios", "--weighting", "median"), "invalid choice: 'median'"),
    (("ratios", "--peer-fte", "2"), "--peer-fte needs exactly one STUDY_ID"),
    (("leeds", "--diversion-share", "1.5"), "expected a fraction from 0 to 1"),
    (("frobnicate",), "invalid choice: 'frobnicate'"),
])
def test_bad_arguments_exit_non_zero_with_a_message(args: tuple[str, ...], message: str) -> None:
    result = run(*args)
    assert result.returncode == 2
    assert message in result.stderr
    assert result.stdout == ""


def test_main_returns_a_code_instead_of_raising(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["ratios", "nosuch"]) == 2
    assert "error: unknown study_id" in capsys.readouterr().err


def test_output_matches_the_built_results(built: Path) -> None:
    results = pd.read_csv(built / "results.csv", dtype={"price_year": str}).set_index("id")
    table = csv_output("ratios", "--all")
    for study_id, row in table.iterrows():
        if str(study_id).startswith("pooled_"):
            continue
        assert row["benefit_cost_ratio"] == pytest.approx(results.loc[study_id, "benefit_cost_ratio"], rel=1e-9)
        assert row["break_even_bed_days_per_fte_year"] == pytest.approx(
            results.loc[study_id, "break_even_bed_days_per_fte_year"], rel=1e-9)
    six = csv_output("ratios")
    assert six.loc["pooled_sample_size", "benefit_cost_ratio"] == pytest.approx(
        results.loc["pooled_sample_size", "benefit_cost_ratio"], rel=1e-9)
    leeds = csv_output("leeds")
    assert float(leeds.loc["implied_diverted_days", "value"]) == pytest.approx(
        results.loc["leeds_crisis_house", "implied_diverted_days"], rel=1e-9)
