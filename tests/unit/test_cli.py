"""The command line: right numbers, readable help, clear errors for bad values."""

from __future__ import annotations

import csv
import io
import re
import subprocess
import sys
from contextlib import redirect_stderr, redirect_stdout

import pandas as pd
import papermill as pm
import pytest

from peerlib.apps import cli
from peerlib.config import PROJECT_ROOT, REPORT_DRAWS
from peerlib.inputs import studies
from peerlib.present.labels import POOL_LABELS
from tests.conftest import FROZEN_DATA


def run_process(*args: str) -> subprocess.CompletedProcess[str]:
    """`python -m peerlib ARGS`, as a person types it."""
    return subprocess.run([sys.executable, "-m", "peerlib", *args], cwd=PROJECT_ROOT, capture_output=True, text=True)


def run(*args: str) -> subprocess.CompletedProcess[str]:
    """What `python -m peerlib ARGS` prints and exits with, from the main() that command calls, run in this process:
    a Python start-up and its imports cost about two seconds a command. test_the_command_is_main_in_a_process
    checks that the command itself prints the same, byte for byte."""
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        try:
            code = cli.main(list(args))
        except SystemExit as stop:  # argparse's --help and its errors exit
            code = stop.code if isinstance(stop.code, int) else 1
    return subprocess.CompletedProcess(["python", "-m", "peerlib", *args], code, out.getvalue(), err.getvalue())


@pytest.mark.parametrize("args", [(), ("ratios", "--help"), ("ratios", "--caseload", "0"), ("leeds",),
                                  ("frobnicate",)], ids=" ".join)
def test_the_command_is_main_in_a_process(args: tuple[str, ...]) -> None:
    """The command a person types prints exactly what the tests read from main() in this process, and exits alike."""
    typed, called = run_process(*args), run(*args)
    assert (typed.returncode, typed.stdout, typed.stderr) == (called.returncode, called.stdout, called.stderr)


def csv_output(*args: str) -> pd.DataFrame:
    """What `python -m peerlib ... --data-dir tests/data --format csv` prints, from the same main() in this
    process (the tests of what a reader sees run the command line itself)."""
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = cli.main([*args, "--data-dir", str(FROZEN_DATA), "--format", "csv"])
    assert code == 0, err.getvalue()
    return pd.read_csv(io.StringIO(out.getvalue()), index_col=0, dtype={"price_year": str})


def test_studies_lists_all_rows() -> None:
    table = csv_output("studies")
    assert list(table.index) == [s.study_id for s in studies.load_studies(FROZEN_DATA, included_only=False)]


# tests/data/unit_costs.csv by hand; NI less the 3.7 % contracted-out rebate on earnings above £102 x 52
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
    for study in studies.load_studies(FROZEN_DATA, included_only=False):
        factor = 1.0 if study.staffing_basis == "intensity" else 2.0  # CORE publishes its own intensity
        assert at_40.loc[study.study_id, "benefit_cost_ratio"] == pytest.approx(
            factor * at_20.loc[study.study_id, "benefit_cost_ratio"], rel=1e-9, abs=1e-12)
    six_20, six_40 = csv_output("ratios", "--caseload", "20"), csv_output("ratios", "--caseload", "40")
    assert six_40.loc["pooled_sample_size", "benefit_cost_ratio"] == pytest.approx(
        2 * six_20.loc["pooled_sample_size", "benefit_cost_ratio"])


def test_pooled_row_follows_the_weighting() -> None:
    equal = csv_output("ratios", "--weighting", "equal")
    six = [s.study_id for s in studies.load_studies(FROZEN_DATA)]
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
    (("ratios", "--bed-day-cost-gbp", "-3"), "--bed-day-cost-gbp: expected an amount from £1 to £20,000, found -3"),
    (("ratios", "--bed-day-cost-gbp", "lots"), "--bed-day-cost-gbp: expected an amount from £1 to £20,000, found "
                                               "'lots'"),
    (("ratios", "--bed-day-cost-gbp"), "--bed-day-cost-gbp: expected a value after it, found none"),
    (("ratios", "--price-year", "2050-51"), "price_year '2050-51' is not in price_index.csv"),
    (("ratios", "--weighting", "median"), "--weighting: expected one of sample_size, equal, fte_years, found 'median'"),
    (("ratios", "--caseload", "0"), "--caseload: expected a number greater than 0 and at most 1,000 (patients per "
                                    "FTE at a time), found 0"),
    (("ratios", "--caseload", "nan"), "--caseload: expected a number greater than 0 and at most 1,000 (patients per "
                                      "FTE at a time), found nan"),
    (("sensitivity", "--caseload", "5000"), "--caseload: expected a number greater than 0 and at most 1,000 "
                                            "(patients per FTE at a time), found 5000"),
    (("ratios", "--overhead-rate", "30"), "--overhead-rate: expected a fraction from 0 to 1"),
    (("ratios", "--frobnicate"), "arguments: expected only the options --help lists, found '--frobnicate'"),
    (("sensitivity", "--draws", "1"), "--draws: expected a whole number from 1,000 to 10,000,000 (draws"),
    (("voi", "--draws", "2.5"), "--draws: expected a whole number from 1,000 to 10,000,000 (draws; fewer put fewer "
                                "than 25 draws beyond each end of a 95 % interval), found 2.5"),
    (("sensitivity", "--seed", "x"), "--seed: expected a whole number from 0 to 4,294,967,295, found 'x'"),
    (("voi", "--seed", "-1"), "--seed: expected a whole number from 0 to 4,294,967,295, found -1"),  # 2**32 - 1
    (("business-case", "--seed", "4294967296"), "--seed: expected a whole number from 0 to 4,294,967,295, found "
                                                "4294967296"),
    (("business-case", "--n-draws", "10"), "--n-draws: expected a whole number from 1,000 to 10,000,000 (draws"),
    (("leeds", "--visits-per-year", "0"), "--visits-per-year: expected a number greater than 0"),
    (("voi", "--outcome", "pooled", "--draws", "1000"), "unknown outcome 'pooled'"),
    (("leeds", "--diversion-share", "1.5"), "--diversion-share: expected a fraction from 0 to 1"),
    (("frobnicate",), "command: expected one of studies, ratios, sensitivity, voi, leeds, business-case, class, "
                      "found 'frobnicate'"),
])
def test_a_bad_argument_gets_one_line_and_exit_2(args: tuple[str, ...], message: str) -> None:
    """As a reader meets it: one line on the error stream, naming the option, what was expected and what was
    found; nothing on the output; exit status 2; whether argparse or the model found the fault."""
    result = run(*args)
    assert result.returncode == 2, result.stderr
    assert result.stdout == ""
    assert result.stderr.startswith("error: ") and result.stderr.count("\n") == 1, result.stderr
    assert message in result.stderr
    assert "usage:" not in result.stderr and "Traceback" not in result.stderr


def test_fewer_draws_than_an_interval_needs_are_refused_with_the_reason() -> None:
    said = run("sensitivity", "--draws", "1").stderr
    assert "beyond each end of a 95 % interval" in said and said.endswith("found 1\n")


def test_main_returns_a_code_instead_of_raising(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["ratios", "nosuch"]) == 2
    assert "error: unknown study_id" in capsys.readouterr().err


# --- What a reader sees: tables and help --------------------------------------------------------------

READING_COMMANDS = [("studies",), ("ratios",), ("ratios", "--all", "--price-year", "2024-25"),
                    ("sensitivity", "--draws", "1000"), ("voi", "--draws", "1000"),
                    ("leeds", "--price-year", "2024-25"), ("business-case",)]
MOST_COLUMNS = 112  # characters: a terminal a little wider than the usual 100


@pytest.mark.parametrize("args", READING_COMMANDS, ids=" ".join)
def test_a_table_is_narrow_and_human(args: tuple[str, ...]) -> None:
    result = run(*args)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert max(len(line) for line in lines) <= MOST_COLUMNS, max(lines, key=len)
    for raw in ("NaN", "nan", "inf", "None", "e+0", "e-0", "_gbp", "pooled_"):
        assert raw not in result.stdout, f"{raw!r} in {' '.join(args)}"


def table_rows(text: str) -> dict[str, str]:
    """Each row of a printed table by its first words (the text before two spaces)."""
    return {line.split("  ")[0]: line for line in text.splitlines() if "  " in line}


def test_ratios_table_reads_as_the_reports_do() -> None:
    text = run("ratios").stdout
    assert text.splitlines()[0] == "price year: 2011-12"  # the same on every row: said once, above the table
    rows = table_rows(text)
    # Each study's caseload is its way of delivering support's: 12.6 one-to-one, 45.5 in groups (Landers & Zhou)
    assert "45.5" in rows["Landers & Zhou 2011"] and "12.6" in rows["Sledge et al. 2011"]
    # Rivera et al. 2007 saved no bed-days: no caseload breaks even. 38 + 36 = 74 people, a whole number.
    assert rows["Rivera et al. 2007"].split()[4] == "never"
    assert rows["Sledge et al. 2011"].split()[-1] == "74"
    assert "(people)" in text and "(FTE-years)" in text
    assert rows["Landers & Zhou 2011"].split()[-1] == "35,600"
    assert "–: does not apply to that row" in text  # the pooled row has no FTE-years of its own


def test_csv_keeps_every_figure_for_a_program() -> None:
    table = pd.read_csv(io.StringIO(run("ratios", "--format", "csv").stdout), index_col=0)
    assert table.loc["sledge2011", "sample_size"] == 74
    assert table.loc["rivera2007", "break_even_caseload"] == float("inf")
    assert table.loc["sledge2011", "fte_years"] == pytest.approx(38 * 9 / (12 * 12.6))
    assert table.loc["landers2011", "caseload"] == 45.5


def test_leeds_names_a_rebased_claim_as_such() -> None:
    # £28,000 at 2009-10 prices moved to 2024-25: not "the claimed saving", which was £28,000
    rows = run("leeds", "--price-year", "2024-25").stdout  # the label wraps onto a second line
    assert re.search(r"^claimed saving \(2009-10 prices\), rebased to .*\n2024-25 prices$", rows, re.MULTILINE), rows
    assert "£28,000" in run("leeds").stdout and "rebased" not in run("leeds").stdout


def test_help_lists_every_command_and_reads_as_printed() -> None:
    top = run("--help")
    assert top.returncode == 0
    for command in ("studies", "ratios", "sensitivity", "voi", "leeds", "business-case"):
        assert command in top.stdout
        said = run(command, "--help").stdout
        assert said.startswith("usage: ") and "%%" not in said, command
    assert "95 % interval" in " ".join(run("sensitivity", "--help").stdout.split())
    assert "patients one FTE peer worker supports at a time" in run("ratios", "--help").stdout


def test_voi_help_names_every_pooled_outcome() -> None:
    said = "".join(run("voi", "--help").stdout.split())
    for pooled in POOL_LABELS:
        assert pooled in said


def test_business_case_help_says_what_evidence_own_requires() -> None:
    said = " ".join(run("business-case", "--help").stdout.split())
    for option in ("--own-low", "--own-high"):
        at = said.index(f"{option} NUMBER ")
        assert "required with --evidence own" in said[at:at + 160], option


def test_business_case_employs_as_many_workers_as_the_report() -> None:
    report_n_fte = pm.inspect_notebook(str(PROJECT_ROOT / "notebooks" / "business_case.ipynb"))["n_fte"]["default"]
    table = pd.read_csv(io.StringIO(run("business-case", "--format", "csv").stdout), index_col=0)
    assert float(table.loc["n_fte", "value"]) == float(report_n_fte)
    assert f"(default: {float(report_n_fte):g}, as in the business-case report)" in " ".join(
        run("business-case", "--help").stdout.split())


# --- The command line says what it did, as the reports do ---------------------------------------------------------

def test_an_option_says_what_to_set_in_the_words_of_the_notebook_parameter() -> None:
    """An option's help is the vocabulary's sentence, then its default: the words a notebook parameter's comment
    begins with (test_vocabulary)."""
    ratios = " ".join(run("ratios", "--help").stdout.split())
    assert ("--caseload CASELOAD patients one FTE peer worker supports at a time, for every study (default: "
            "data/staffing.csv)") in ratios
    assert "--pension-rate PENSION_RATE employer pension, fraction of salary (0.14 for 14 %)" in ratios
    sensitivity = " ".join(run("sensitivity", "--help").stdout.split())
    assert ("--draws DRAWS probabilistic draws (whole number, 1,000 to 10,000,000) (default: 100,000, as in the "
            "reports)") in sensitivity
    case = " ".join(run("business-case", "--help").stdout.split())
    assert ("--n-fte NUMBER full-time-equivalent peer support workers employed (default: 4, as in the "
            "business-case report) [FTE]") in case
    assert "--own-low NUMBER low end of a 95 % range for your own figure, bed-days per person supported (default: " \
           "none; required with --evidence own) [bed-days per person supported]" in case
    notebook = pm.inspect_notebook(str(PROJECT_ROOT / "notebooks" / "business_case.ipynb"))
    assert notebook["own_low"]["help"].startswith("low end of a 95 % range for your own figure, bed-days per person "
                                                  "supported")


def test_without_a_command_it_prints_its_usage() -> None:
    result = run()
    assert result.returncode == 0 and result.stderr == ""
    assert result.stdout.startswith("usage: peer-support")
    for command in ("studies", "ratios", "sensitivity", "voi", "leeds", "business-case"):
        assert command in result.stdout


def test_every_command_that_draws_says_how_many_draws_and_defaults_to_the_reports() -> None:
    """The reports draw 100,000 times (test_parameters checks that the notebooks and the README say config's
    number); the command line does too unless told otherwise, and says how many it drew above its table."""
    assert REPORT_DRAWS == 100_000
    for command in ("sensitivity", "voi"):
        assert "draws: 100,000; seed: 2013" in " ".join(run(command).stdout.split()), command
        assert "draws: 2,000; seed: 7" in " ".join(run(command, "--draws", "2000", "--seed", "7").stdout.split())
    said = " ".join(run("business-case").stdout.split())
    report = pm.inspect_notebook(str(PROJECT_ROOT / "notebooks" / "business_case.ipynb"))["n_draws"]["default"]
    assert report == "10_000" and "of 10,000 draws" in said


def test_value_of_information_is_the_page_s() -> None:
    """By default the decision is the sensitivity page's (the ratio of totals of the six studies), at its draws and
    seed: the EVPI is the one reports/expected/results.csv holds for that page."""
    expected = pd.read_csv(PROJECT_ROOT / "reports" / "expected" / "results.csv", index_col="id", low_memory=False)
    table = csv_output("voi")
    evpi = table.loc["all inputs (EVPI)"]
    assert evpi["decision"] == "Pooled (ratio of totals), six studies"
    assert (evpi["n_draws"], evpi["seed"]) == (100_000, 2013)
    assert evpi["value_gbp_per_fte_year"] == pytest.approx(
        expected.loc["evpi_pooled_fte_years", "value_gbp_per_fte_year"], rel=1e-6)
    shown = run("voi").stdout
    assert not re.search(r"£\d+\.\d", shown), "pence beside whole pounds"
    assert f"£{expected.loc['evpi_pooled_fte_years', 'value_gbp_per_fte_year']:,.0f}" in shown


def test_a_notebook_parameter_and_an_option_are_refused_in_the_same_words() -> None:
    """n_draws = 10 in a notebook and --draws 10 on the command line: one check, one message."""
    from peerlib.analysis.psa import probabilistic
    from peerlib.analysis.specs import load_specs
    from peerlib.core.model import Model
    from peerlib.inputs.errors import ParameterError

    model = Model.from_data(FROZEN_DATA)
    with pytest.raises(ParameterError) as notebook:
        probabilistic(model, load_specs(model, FROZEN_DATA), n_draws=10)
    expected = ("expected a whole number from 1,000 to 10,000,000 (draws; fewer put fewer than 25 draws beyond each "
                "end of a 95 % interval), found 10")
    assert str(notebook.value) == f"n_draws: {expected}"
    assert run("sensitivity", "--draws", "10").stderr == f"error: --draws: {expected}\n"
    assert run("business-case", "--n-draws", "10").stderr == f"error: --n-draws: {expected}\n"


def test_a_pool_is_labelled_with_the_studies_it_holds() -> None:
    with (PROJECT_ROOT / "data" / "studies.csv").open(encoding="utf-8") as rows:
        every = list(csv.DictReader(rows))
    added = [row["label"] for row in every if row["included"] == "no"]
    assert len(every) == 7 and added == ["Johnson et al. 2018 (CORE)"]
    assert csv_output("ratios", "--all").loc["pooled_sample_size", "label"] == (
        "Pooled (sample-size weights), seven studies incl. Johnson et al. 2018 (CORE)")
    assert csv_output("ratios").loc["pooled_sample_size", "label"] == "Pooled (sample-size weights), six studies"
    assert csv_output("ratios", "sledge2011", "min2007", "--weighting", "equal").loc["pooled_equal", "label"] == (
        "Pooled (equal weights), two studies")
    # Studies with their own published bed-use figures only: Sledge, Min and Lawn (tests/notebooks/test_chart_layout.py)
    assert csv_output("sensitivity", "--draws", "1000").loc["pooled_evidence_only", "label"] == (
        "Pooled (published bed-use figures only), three studies")


def test_months_of_support_the_user_sets_are_compared_with_the_evidence_s_own() -> None:
    """CORE's staffing is its own sessions and hours, not months of support: with a caseload and months given, no
    sentence says its support lasted 12 months (its follow-up). Sledge et al. followed and supported people for 9
    months (data/study_inputs.csv): 6 months of support is said to be optimistic against them."""
    core = " ".join(run("business-case", "--caseload", "10", "--support-months", "6").stdout.split())
    assert "each supported for 6 months" in core and "support lasted" not in core
    sledge = " ".join(run("business-case", "--evidence", "sledge2011", "--support-months", "6").stdout.split())
    assert "supported for 6 months to avoid as many bed-days as in the evidence, where support lasted 9 months: " \
           "optimistic" in sledge


def test_the_business_case_lists_what_how_sure_drew_below_its_sentences() -> None:
    """How sure says the table below lists what was drawn and what taken as known: the command line shows it."""
    said = run("business-case").stdout
    assert "in the table below" in said
    table = said[said.index("in How sure"):]
    assert "hours per session" in table and "known: your own" not in table
    mine = run("business-case", "--bed-day-cost-gbp", "650").stdout
    assert "known: your own" in mine[mine.index("in How sure"):]
