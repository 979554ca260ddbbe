"""The command line: right numbers, readable help, clear errors for bad values."""

from __future__ import annotations

import io
import subprocess
import sys
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import pandas as pd
import pytest

from peerlib.apps import cli
from peerlib.config import PROJECT_ROOT
from peerlib.inputs import studies


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "peerlib", *args], cwd=PROJECT_ROOT, capture_output=True, text=True)


def csv_output(*args: str) -> pd.DataFrame:
    """What `python -m peerlib ... --format csv` prints, from the same main() in this process (the
    shell's own route is run by test_help_lists_every_command and test_a_bad_argument_exits_2_from_the_shell)."""
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = cli.main([*args, "--format", "csv"])
    assert code == 0, err.getvalue()
    return pd.read_csv(io.StringIO(out.getvalue()), index_col=0, dtype={"price_year": str})


def help_of(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    """What `python -m peerlib ... --help` prints, from the same main() in this process."""
    with pytest.raises(SystemExit) as done:
        cli.main([*args, "--help"])
    assert done.value.code in (0, None)
    return capsys.readouterr().out


def test_help_lists_every_command(capsys: pytest.CaptureFixture[str]) -> None:
    result = run("--help")  # once as a reader types it
    assert result.returncode == 0
    for command in ("studies", "ratios", "sensitivity", "voi", "leeds"):
        assert command in result.stdout
        assert help_of(capsys, command).startswith("usage: ")
    assert "patients one FTE peer worker supports at a time" in help_of(capsys, "ratios")


def test_studies_lists_all_rows() -> None:
    table = csv_output("studies")
    assert list(table.index) == [s.study_id for s in studies.load_studies(included_only=False)]


# data/unit_costs.csv by hand; NI less the 3.7 % contracted-out rebate on earnings above £102 x 52
WORKER_GBP = 17_368 + 0.138 * (17_368 - 7_072) - 0.037 * (17_368 - 102 * 52) + 0.14 * 17_368


def test_ratios_by_hand_with_chosen_assumptions() -> None:
    # Sledge at 12.5 patients per FTE and a £400 bed-day: 38 x 9 / (12 x 12.5) = 2.28 FTE-years;
    # 9.00 x 38 / 2.28 = 150 bed-days per FTE-year; ratio = 150 x 400 / cost of a worker.
    table = csv_output("ratios", "sledge2011", "--caseload", "12.5", "--bed-day-cost-gbp", "400")
    assert table.loc["sledge2011", "fte_years"] == pytest.approx(2.28)
    assert table.loc["sledge2011", "bed_days_saved_per_fte_year"] == pytest.approx(150)
    assert table.loc["sledge2011", "benefit_cost_ratio"] == pytest.approx(150 * 400 / WORKER_GBP)
    # The break-even caseload needs no caseload (it needs the months of support, 9): £20,774.00 x 9 / (12 x 9 x £400)
    assert table.loc["sledge2011", "break_even_caseload"] == pytest.approx(WORKER_GBP * 9 / (12 * 9 * 400))


def test_doubling_the_caseload_doubles_every_ratio() -> None:
    at_20 = csv_output("ratios", "--all", "--caseload", "20")
    at_40 = csv_output("ratios", "--all", "--caseload", "40")
    for study in studies.load_studies(included_only=False):
        factor = 1.0 if study.staffing_basis == "intensity" else 2.0  # CORE publishes its own intensity
        assert at_40.loc[study.study_id, "benefit_cost_ratio"] == pytest.approx(
            factor * at_20.loc[study.study_id, "benefit_cost_ratio"], rel=1e-9, abs=1e-12)
    six_20, six_40 = csv_output("ratios", "--caseload", "20"), csv_output("ratios", "--caseload", "40")
    assert six_40.loc["pooled_sample_size", "benefit_cost_ratio"] == pytest.approx(
        2 * six_20.loc["pooled_sample_size", "benefit_cost_ratio"])


def test_pooled_row_follows_the_weighting() -> None:
    equal = csv_output("ratios", "--weighting", "equal")
    six = [s.study_id for s in studies.load_studies()]
    assert equal.loc["pooled_equal", "benefit_cost_ratio"] == pytest.approx(
        sum(equal.loc[six, "benefit_cost_ratio"]) / len(six))
    totals = csv_output("ratios", "--weighting", "fte_years")
    saved = sum(totals.loc[six, "bed_days_saved_per_fte_year"] * totals.loc[six, "fte_years"])
    assert totals.loc["pooled_fte_years", "benefit_cost_ratio"] == pytest.approx(
        saved * 334 / (sum(totals.loc[six, "fte_years"]) * WORKER_GBP))


def test_sensitivity_and_value_of_information() -> None:
    psa = csv_output("sensitivity", "--draws", "2000")
    assert 0 <= psa.loc["pooled_sample_size", "probability_above_one"] <= 1
    value = csv_output("voi", "--draws", "2000", "--outcome", "sledge2011")
    assert value.loc["all inputs (EVPI)", "value_gbp_per_fte_year"] >= value["value_gbp_per_fte_year"].max() - 1e-9


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
    (("ratios", "--caseload", "0"), "expected a number greater than 0, found '0'"),
    (("ratios", "--caseload", "nan"), "expected a finite number, found 'nan'"),
    (("ratios", "--caseload", "5000"), "caseload (option --caseload): expected a number of patients per FTE above 0 "
                                       "and at most 1,000, found 5000.0"),
    (("ratios", "--overhead-rate", "30"), "expected a fraction from 0 to 1"),
    (("sensitivity", "--draws", "0"), "--draws: expected a whole number of 1 or more, found 0"),
    (("voi", "--outcome", "pooled", "--draws", "10"), "unknown outcome 'pooled'"),
    (("leeds", "--diversion-share", "1.5"), "expected a fraction from 0 to 1"),
    (("frobnicate",), "invalid choice: 'frobnicate'"),
])
def test_bad_arguments_exit_non_zero_with_a_message(capsys: pytest.CaptureFixture[str], args: tuple[str, ...],
                                                    message: str) -> None:
    """The command line's own main(), in this process (test_a_bad_argument_exits_2_from_the_shell runs one
    case as a reader does)."""
    assert exit_code_of(list(args)) == 2
    printed = capsys.readouterr()
    assert message in printed.err
    assert printed.out == ""


def exit_code_of(argv: list[str]) -> int:
    """What `python -m peerlib` would exit with: main()'s return value, or argparse's exit."""
    try:
        return cli.main(argv)
    except SystemExit as done:
        return int(done.code or 0)


def test_a_bad_argument_exits_2_from_the_shell() -> None:
    result = run("ratios", "nosuch")
    assert result.returncode == 2 and "unknown study_id 'nosuch'" in result.stderr and result.stdout == ""


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
