"""The business case: round numbers worked out by hand, bad parameters named, the command line documented."""

from __future__ import annotations

import io
import math
import re
import sys
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path
from statistics import NormalDist

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from peerlib.analysis import business_case as bc
from peerlib.apps import cli
from peerlib.inputs import studies
from peerlib.inputs.errors import DataError, ParameterError
from peerlib.present.business_case import describe, drawn_labels, how_sure_table, rows
from peerlib.vocabulary import term
from tests.conftest import FROZEN_DATA, edit_cell

# A round service, by hand: salary £25,000; employer NI 15 % above £5,000 = £3,000; pension 20 % = £5,000;
# no overheads: £33,000 per FTE. Two FTE: £66,000 a year. 20 people at a time, 6 months each:
# 2 x 20 x 12 / 6 = 80 people a year; 2 bed-days avoided each: 160 bed-days, at £500: £80,000.
ROUND = {"evidence": "own", "n_fte": 2, "caseload": 20, "support_months": 6, "salary_gbp": 25_000,
         "employer_ni_rate": 0.15, "employer_ni_threshold_gbp": 5_000, "employer_pension_rate": 0.2,
         "overhead_rate": 0, "bed_day_cost_gbp": 500, "own_bed_days_saved_per_patient": 2, "own_low": 1,
         "own_high": 3, "n_draws": 20_000, "seed": 7}


def evaluated(**given: object) -> bc.BusinessCaseResult:
    """The business case of ``given`` on the frozen data (tests/data)."""
    return bc.evaluate(bc.build_inputs(FROZEN_DATA, **given), FROZEN_DATA)  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def round_case() -> bc.BusinessCaseResult:
    return evaluated(**ROUND)


def test_a_round_business_case_by_hand(round_case: bc.BusinessCaseResult) -> None:
    r = round_case
    assert r.cost_per_fte_gbp == pytest.approx(33_000)
    assert r.annual_cost_gbp == pytest.approx(66_000)
    assert r.people_supported_per_year == pytest.approx(80)
    assert r.bed_days_saved_per_year == pytest.approx(160)
    assert r.value_of_bed_days_gbp == pytest.approx(80_000)
    assert r.net_benefit_gbp == pytest.approx(14_000)
    assert r.benefit_cost_ratio == pytest.approx(80_000 / 66_000)
    # Break-even: £33,000 per FTE = 12 / 6 x caseload x 2 bed-days x £500 -> caseload 16.5;
    # at 20 people: 2 x 20 x bed-days x £500 = £33,000 -> 1.65 bed-days; £66,000 / 160 bed-days = £412.50.
    assert r.break_even_caseload == pytest.approx(16.5)
    assert r.break_even_bed_days_per_person == pytest.approx(1.65)
    assert r.break_even_bed_day_cost_gbp == pytest.approx(412.5)
    # No cash released by default: 160 bed-days of capacity, 160 / 365.25 beds all year.
    assert r.cash_released_gbp == 0 and r.net_cash_gbp == pytest.approx(-66_000)
    assert r.beds_freed == pytest.approx(160 / 365.25)


def test_the_probability_by_hand(round_case: bc.BusinessCaseResult) -> None:
    # The own figure is normal with its range as a 95 % interval: SE = (3 - 1) / 3.92. The ratio exceeds 1
    # when the bed-days avoided per person exceed the break-even 1.65: P = Phi((2 - 1.65) / SE).
    se = 2 / (2 * 1.959963984540054)
    expected = 1 - NormalDist(2, se).cdf(1.65)
    assert expected == pytest.approx(0.7536, abs=1e-3)
    assert round_case.probability_ratio_above_one == pytest.approx(expected, abs=0.01)
    # The interval of the ratio is that of the effect, scaled: 80 x e x £500 / £66,000.
    low, high = round_case.ratio_interval
    assert low == pytest.approx(80 * (2 - 1.96 * se) * 500 / 66_000, abs=0.03)
    assert high == pytest.approx(80 * (2 + 1.96 * se) * 500 / 66_000, abs=0.03)


def test_the_break_evens_make_the_ratio_one(round_case: bc.BusinessCaseResult) -> None:
    at = {**ROUND, "caseload": round_case.break_even_caseload}
    assert evaluated(**at).benefit_cost_ratio == pytest.approx(1)  # type: ignore[arg-type]
    at = {**ROUND, "bed_day_cost_gbp": round_case.break_even_bed_day_cost_gbp}
    assert evaluated(**at).benefit_cost_ratio == pytest.approx(1)  # type: ignore[arg-type]


def test_cash_and_capacity_by_hand() -> None:
    r = evaluated(**{**ROUND, "cash_releasing_share": 0.25})
    # A quarter of £80,000 comes back as cash; three quarters of 160 bed-days are capacity.
    assert r.cash_released_gbp == pytest.approx(20_000)
    assert r.net_cash_gbp == pytest.approx(20_000 - 66_000)
    assert r.capacity_bed_days == pytest.approx(120)
    assert "£20,000 a year comes back against £66,000 paid: a net cash cost of £46,000 a year" in describe(r)


def test_a_study_as_evidence_by_hand() -> None:
    # Sledge et al. 2011: 19.08 - 10.08 = 9 bed-days saved per patient supported, over 9 months of support.
    # 1 FTE at 20 at a time for 9 months: 20 x 12 / 9 = 26.67 people a year, 240 bed-days, at £500: £120,000.
    inputs = bc.build_inputs(FROZEN_DATA, **{**{k: v for k, v in ROUND.items()
                                                if not k.startswith("own") and k != "support_months"},
                                             "evidence": "sledge2011", "n_fte": 1})  # type: ignore[arg-type]
    r = bc.evaluate(inputs, FROZEN_DATA)
    assert r.support_months == 9
    assert r.bed_days_saved_per_person == pytest.approx(9)
    assert r.bed_days_saved_per_year == pytest.approx(240)
    assert r.benefit_cost_ratio == pytest.approx(240 * 500 / 33_000)
    assert "Sledge et al. 2011: how long each patient was supported is not published" in describe(r)


def test_a_pool_as_evidence_is_the_pooled_ratio_of_the_one_model() -> None:
    inputs = bc.build_inputs(FROZEN_DATA, evidence="pooled_sample_size", n_draws=1_000)
    r = bc.evaluate(inputs, FROZEN_DATA)
    six = studies.load_studies(FROZEN_DATA)
    # By hand from each study's published figures: bed-days saved per patient, its months of support and its
    # sample size. Each study's ratio = delta x 12 x caseload / support months x bed-day cost / worker cost; the
    # pool is their mean weighted by sample size (the pooled report's ratio, at today's costs).
    delta = {"sledge2011": 19.08 - 10.08, "rivera2007": 0.0, "min2007": 1549 / 106, "klein1998": 9 / 9 * 6,
             "landers2011": 2.0, "lawn2008": 300 / 49}
    weights = {s.study_id: s.n_peer + s.n_control for s in six}
    worker = TODAY_WORKER  # with PSSRU's overheads
    bed = 651 * 1.0402 * 1.0483
    caseload = {s.study_id: 45.5 if s.study_id == "landers2011" else 12.6 for s in six}  # in groups, or one-to-one
    ratios = {s.study_id: delta[s.study_id] * 12 * caseload[s.study_id] / s.support_months * bed / worker for s in six}
    expected = sum(ratios[k] * weights[k] for k in delta) / sum(weights.values())
    assert r.benefit_cost_ratio == pytest.approx(expected)
    assert r.bed_days_saved_per_year == pytest.approx(expected * worker / bed)
    assert "Landers & Zhou 2011 carries 98% of the weight" in describe(r)


# --- One model: CORE at today's costs, staffed by its own sessions and hours --------------------------

# By hand from data/: CORE's admitted counts, the assumed length of stay (32 days) and the assumed share of its
# readmissions that were inpatient admissions (0.5, the centre of 0 to 1); its sessions from the published
# shares (28 % one session, 72 % - a third six, a third all ten) of 2.5 hours each; an FTE-year of 37.5 hours for
# 52.14 weeks less 35 days of 7.5 hours; the bed-day cost of 2023-24 brought to 2025-26 by the pay and prices
# index (4.02 % then 4.83 %); band 3 top with national insurance 15 % above £5,000 and pension 23.78 %, and
# PSSRU's overheads on all three: (£7,708 + £11,842) / (£26,399 + £8,165) of salary and on-costs.
CORE_DELTA = (83 / 216 * 32 - 64 / 218 * 32) * 0.5
CORE_SESSIONS = 0.28 * 1 + (0.72 - 1 / 3) * 6 + 1 / 3 * 10
CORE_HOURS = CORE_SESSIONS * 2.5
FTE_HOURS = 37.5 * 52.14 - 35 * 7.5
TODAY_BED = 651 * 1.0402 * 1.0483
TODAY_WORKER_BEFORE_OVERHEADS = 26_598 + 0.15 * (26_598 - 5_000) + 0.2378 * 26_598  # £36,162.70
TODAY_OVERHEADS = (7_708 + 11_842) / (26_399 + 8_165)
TODAY_WORKER = TODAY_WORKER_BEFORE_OVERHEADS * (1 + TODAY_OVERHEADS)  # £56,616.96
CORE_PEOPLE_PER_FTE = FTE_HOURS / CORE_HOURS
CORE_RATIO = CORE_DELTA * CORE_PEOPLE_PER_FTE * TODAY_BED / TODAY_WORKER


def test_core_at_its_defaults_is_the_core_ratio_re_costed_from_current_unit_costs() -> None:
    from peerlib.analysis import recosting

    assert CORE_RATIO == pytest.approx(6.5005 / 1.5656 / 2, abs=1e-3)  # 2.076: overheads, and half the readmissions
    r = evaluated(n_fte=4, n_draws=1_000)
    assert r.staffing_basis == "intensity"
    assert r.benefit_cost_ratio == pytest.approx(CORE_RATIO)
    # The re-costing counts no overheads (as the 2011-12 costing); the business case counts PSSRU's.
    current = recosting.recost().base_case("current", every_study=True).study("core2018")
    assert current.benefit_cost_ratio == pytest.approx(CORE_RATIO * (1 + TODAY_OVERHEADS))
    assert r.cost_per_fte_gbp == pytest.approx(TODAY_WORKER) and r.inputs.bed_day_cost_gbp == pytest.approx(TODAY_BED)


def test_an_intensity_study_supports_as_many_people_as_its_sessions_allow() -> None:
    r = evaluated(n_fte=2, n_draws=1_000)
    # 2 FTE x about 1,693 hours a year / about 14.8 hours per person: about 228 people a year, not 2 x 20 x 12 / 12.
    assert r.people_supported_per_year == pytest.approx(2 * FTE_HOURS / CORE_HOURS)
    assert r.people_supported_per_year == pytest.approx(228.2, abs=0.1)
    assert r.bed_days_saved_per_year == pytest.approx(2 * FTE_HOURS / CORE_HOURS * CORE_DELTA)
    assert r.sessions_per_person == pytest.approx(5.9333, abs=1e-4) and r.hours_per_session == 2.5
    # The ratio is 1 when each person takes 14.8 hours x the ratio of a worker's time.
    assert r.break_even_hours_per_person == pytest.approx(CORE_HOURS * CORE_RATIO)
    assert math.isnan(r.break_even_caseload)
    text = describe(r, markdown=False)
    # CORE's 5.9 sessions come from published shares with assumed counts; its 2.5 hours are 1 published + 1.5 assumed
    # 5.9 sessions x 2.5 hours = 14.75, shown 14.8; sessions from published shares and assumed counts, hours assumed.
    assert "The staffing is the trial's own: 5.9 sessions x 2.5 hours = 14.8 hours of a peer worker's time" in text
    assert ("The sessions are from published and assumed figures, and the hours per session are assumed." in text)
    assert "published intensity" not in text
    assert "where support lasted" not in text and "how long each patient was supported is not published" not in text
    # Plain words: no parameter's identifier, and each data file's reason as a sentence of its own.
    identifiers = re.findall(r"\b[a-z]+_[a-z_]+\b(?!\.csv)", text)
    assert not identifiers, identifiers
    assert "is an assumption (" not in text and "is an assumption. " in text


def test_a_caseload_alone_leaves_the_trial_s_intensity_standing() -> None:
    r = evaluated(n_fte=2, caseload=10, n_draws=1_000)
    assert r.people_supported_per_year == pytest.approx(2 * FTE_HOURS / CORE_HOURS)
    assert "Your caseload is not used" in describe(r)


def test_a_caseload_and_months_of_support_replace_the_trial_s_intensity() -> None:
    r = evaluated(n_fte=2, caseload=10, support_months=3, n_draws=1_000)
    # 2 FTE x 10 people at a time x 12 / 3 months = 80 people a year, each avoiding CORE's bed-days.
    assert r.staffing_basis == "caseload"
    assert r.people_supported_per_year == pytest.approx(80)
    assert r.benefit_cost_ratio == pytest.approx(80 * CORE_DELTA * TODAY_BED / (2 * TODAY_WORKER))
    # Break-even: worker cost x 3 months / (12 x delta x bed-day cost).
    assert r.break_even_caseload == pytest.approx(TODAY_WORKER * 3 / (12 * CORE_DELTA * TODAY_BED))
    assert "Staffing basis: your caseload and months of support" in describe(r)


def _core_caveat() -> str:
    import csv

    with open(FROZEN_DATA / "studies.csv", newline="", encoding="utf-8") as f:
        return next(row["caveat"] for row in csv.DictReader(f) if row["study_id"] == "core2018")


def test_the_trial_s_own_finding_travels_with_its_evidence() -> None:
    caveat = _core_caveat()
    assert "did not differ significantly" in caveat
    r = evaluated(n_draws=1_000)
    assert f"**The trial's own finding.** {caveat}" in describe(r)
    (row,) = rows(r)
    assert caveat in str(row["caveat"])
    code, printed, err = run("--n-draws", "1000")
    assert code == 0, err
    assert f"The trial's own finding. {caveat}" in " ".join(printed.split())  # wrapped to a terminal's width


def test_the_index_shows_the_business_case_with_its_evidence_s_caveat() -> None:
    import importlib.util

    from peerlib.config import PROJECT_ROOT
    from peerlib.present import report

    spec = importlib.util.spec_from_file_location("build_index", PROJECT_ROOT / "scripts" / "build_index.py")
    assert spec is not None and spec.loader is not None
    build_index = importlib.util.module_from_spec(spec)
    sys.modules["build_index"] = build_index  # its dataclasses look their module up by name
    spec.loader.exec_module(build_index)
    r = evaluated(n_draws=1_000)
    frame = report.results_frame(rows(r))
    frame["report"] = "business_case.html"
    page = build_index.index_page(frame)
    import html

    assert _core_caveat() in html.unescape(page)  # however the template escapes a quote


def drawn_defaults(result: bc.BusinessCaseResult) -> tuple[str, ...]:
    """The project's own assumptions drawn, as the page names them."""
    return drawn_labels(result.drawn_defaults, result.study_labels)


def test_how_sure_draws_the_project_s_defaults_and_takes_the_commissioner_s_values_as_known() -> None:
    mine = evaluated(n_draws=1_000)
    assert drawn_defaults(mine) == ("bed-day cost", "working hours of one FTE", "overheads") and mine.known == ()
    table = how_sure_table(mine)["in How sure"]
    assert [n for n, how in table.items() if how.startswith("drawn: the project's")] == [
        "bed-day cost", "working hours of one FTE", "overheads"]
    # CORE's inputs drawn by their names for a reader, never "part: ..."
    assert "length of an inpatient stay" in table.index and not any(n.startswith("part") for n in table.index)
    theirs = evaluated(bed_day_cost_gbp=650, overhead_rate=0.3, n_draws=1_000)
    assert drawn_defaults(theirs) == ("working hours of one FTE",) and theirs.known == ("bed-day cost", "overheads")
    known = how_sure_table(theirs)["in How sure"]
    assert [n for n, how in known.items() if how == "known: your own value"] == ["bed-day cost", "overheads"]
    # A study staffed by the caseload draws the caseload too, unless it is set.
    sledge = evaluated(evidence="sledge2011", n_draws=1_000)
    assert set(drawn_defaults(sledge)) == {"bed-day cost", "caseload", "overheads"}
    set_caseload = evaluated(evidence="sledge2011", caseload=12.6, n_draws=1_000)  # the default
    assert drawn_defaults(set_caseload) == ("bed-day cost", "overheads")
    # The same seed: drawing the caseload widens the range of the ratio.
    assert np.std(sledge.ratio_draws) > np.std(set_caseload.ratio_draws)


def test_the_same_seed_gives_the_same_draws() -> None:
    first = evaluated(evidence="core2018", n_draws=1_000, seed=11)
    again = evaluated(evidence="core2018", n_draws=1_000, seed=11)
    other = evaluated(evidence="core2018", n_draws=1_000, seed=12)
    assert np.array_equal(first.ratio_draws, again.ratio_draws)
    assert not np.array_equal(first.ratio_draws, other.ratio_draws)


def test_defaults_are_today_s_costs() -> None:
    inputs = bc.build_inputs(FROZEN_DATA, n_draws=1_000)
    assert inputs.evidence == "core2018" and inputs.caseload == 12.6 and inputs.price_year == "2025-26"
    landers = bc.build_inputs(FROZEN_DATA, evidence="landers2011", n_draws=1_000)
    assert landers.caseload == 45.5  # its support was in groups
    assert inputs.salary_gbp == 26_598 and inputs.employer_pension_rate == pytest.approx(0.2378)
    assert inputs.bed_day_cost_gbp == pytest.approx(651 * 1.0402 * 1.0483)
    assert bc.build_inputs(FROZEN_DATA, pension_basis="trust", n_draws=1_000).employer_pension_rate == 0.1438
    assert bc.build_inputs(FROZEN_DATA, pay_band=4, pay_point="entry", n_draws=1_000).salary_gbp == 27_485


def test_summary_says_whether_it_pays(round_case: bc.BusinessCaseResult) -> None:
    text = describe(round_case)
    for heading in ("**Cost.**", "**What you get back.**", "**How sure.**", "**What has to be true for it to pay.**",
                    "**Cash or capacity.**"):
        assert heading in text
    assert "It pays now" in text and "costs **£66,000 a year**" in text and "**1.21 : 1**" in text
    losing = evaluated(**{**ROUND, "bed_day_cost_gbp": 300})
    assert "It does not pay now" in describe(losing) and "a net cost of" in describe(losing)
    assert "**" not in describe(round_case, markdown=False)


@pytest.mark.parametrize("change, message", [
    ({"n_fte": 0}, "n_fte (notebook parameter n_fte): expected a number greater than 0 and at most 1,000 (FTE), "
                   "found 0"),
    ({"caseload": -5}, "caseload (notebook parameter caseload): expected a number greater than 0 and at most 1,000 "
                       "(patients per FTE at a time), found -5"),
    ({"support_months": 300}, "support_months (notebook parameter support_months): expected a number greater than 0 "
                              "and at most 240 (months), found 300"),
    ({"bed_day_cost_gbp": 0}, "bed_day_cost_gbp (notebook parameter bed_day_cost_gbp): expected an amount from £1 to "
                              "£20,000, found 0"),
    ({"overhead_rate": 20}, "overhead_rate (notebook parameter overhead_rate): expected a fraction from 0 to 1"),
    ({"cash_releasing_share": -0.1}, "cash_releasing_share (notebook parameter cash_releasing_share): expected"),
    ({"evidence": "smith2020"}, "evidence (notebook parameter evidence): expected one of sledge2011"),
    ({"own_low": 2.5}, "own_low (notebook parameter own_low): expected a range with own_low <= "
                       "own_bed_days_saved_per_patient (2) <= own_high, found '2.5 to 3'"),
    # The days in 6 months: 6 x 365.25 / 12 = 182.625
    ({"own_bed_days_saved_per_patient": 400}, "own_bed_days_saved_per_patient (notebook parameter "
                                              "own_bed_days_saved_per_patient): expected a number from -182.625 to "
                                              "182.625 (bed-days per person supported; the days in 6 months)"),
    ({"own_high": None}, "own_high (notebook parameter own_high): expected a number of bed-days per person supported"),
    ({"n_draws": 2.5}, "n_draws (notebook parameter n_draws): expected a whole number from 1,000 to 10,000,000 "
                       "(draws; fewer put fewer than 25 draws beyond each end of a 95 % interval), found 2.5"),
    ({"n_draws": 10}, "n_draws (notebook parameter n_draws): expected a whole number from 1,000 to 10,000,000"),
    ({"salary_gbp": "lots"}, "salary_gbp (notebook parameter salary_gbp): expected an amount from £1,000 to "
                             "£500,000, found 'lots'"),
])
def test_bad_parameters_are_named(change: dict[str, object], message: str) -> None:
    with pytest.raises(ParameterError) as caught:
        bc.build_inputs(FROZEN_DATA, **{**ROUND, **change})  # type: ignore[arg-type]
    assert message in str(caught.value)


def test_own_figures_need_the_own_evidence() -> None:
    with pytest.raises(ParameterError, match=r"own_low \(notebook parameter own_low\): expected no value unless "
                                             r"evidence is 'own'"):
        bc.build_inputs(FROZEN_DATA, evidence="core2018", own_low=1.0)
    with pytest.raises(ParameterError, match=r"support_months \(notebook parameter support_months\): expected the "
                                             r"months each person is supported.*found no value"):
        bc.build_inputs(FROZEN_DATA, evidence="own", own_bed_days_saved_per_patient=1.0, own_low=0.0, own_high=2.0)


# --- Command line ---------------------------------------------------------------------------------

def run(*args: str) -> tuple[int, str, str]:
    """`python -m peerlib business-case ... --data-dir tests/data`: the same main() in this process (the shell's
    route is run by tests/unit/test_cli.py); its exit code, what it printed and what it wrote to stderr."""
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        try:
            code = cli.main(["business-case", *args, "--data-dir", str(FROZEN_DATA)])
        except SystemExit as done:  # --help, and argparse's own errors
            code = int(done.code or 0)
    return code, out.getvalue(), err.getvalue()


def test_help_documents_every_option_with_its_unit(capsys: pytest.CaptureFixture[str]) -> None:
    code, printed, _ = run("--help")
    assert code == 0
    text = re.sub(r"-\s+", "-", " ".join(printed.split()))  # argparse wraps lines, after a hyphen too
    for name in bc.PARAMETERS:
        unit = term(name).unit
        option = f"--{name.replace('_', '-')}"
        assert option in text, option
        assert f"[{unit}]" in text, f"{option}: unit {unit!r} not in the help"
    with pytest.raises(SystemExit):
        cli.main(["--help"])
    assert "business-case" in capsys.readouterr().out


def options(values: dict[str, object]) -> list[str]:
    return [x for k, v in values.items() for x in (f"--{k.replace('_', '-')}", str(v))]


def test_a_run_prints_the_summary_and_the_figures() -> None:
    code, printed, err = run(*options(ROUND))
    assert code == 0, err
    assert printed.startswith("Cost. Employing 2 full-time peer support workers")
    read = " ".join(printed.split())  # the summary is wrapped to the width of a terminal
    assert "costs £66,000 a year" in read and "What has to be true for it to pay." in read
    code, printed, err = run(*options(ROUND), "--format", "csv")
    assert code == 0, err
    table = pd.read_csv(io.StringIO(printed), index_col=0)
    assert float(table.loc["benefit_cost_ratio", "value"]) == pytest.approx(80_000 / 66_000)
    assert float(table.loc["break_even_caseload", "value"]) == pytest.approx(16.5)


@pytest.mark.parametrize("args, message", [
    (("--n-fte", "0"), "error: --n-fte: expected a number greater than 0 and at most 1,000 (FTE), found 0"),
    (("--pay-band", "5"), "pay_band (option --pay-band): expected one of 3, 4"),
    (("--pay-point", "middle"), "pay_point (option --pay-point): expected one of entry, top (the band's first point, "
                                "or its top, reached after two years in band 3 and three in band 4), found 'middle'"),
    (("--pension-basis", "cash"), "pension_basis (option --pension-basis): expected one of economic, trust"),
    (("--caseload", "5000"), "error: --caseload: expected a number greater than 0 and at most 1,000 (patients per "
                             "FTE at a time), found 5000"),
    (("--evidence", "own"), "support_months (option --support-months): expected the months each person is supported"),
    (("--n-fte", "lots"), "error: --n-fte: expected a number greater than 0 and at most 1,000 (FTE), found 'lots'"),
    (("--salary-gbp", "30000", "--pay-band", "4"), "salary_gbp (option --salary-gbp): expected either a salary or a "
                                                    "pay band and point, not both"),
])
def test_bad_options_exit_non_zero_naming_the_option(capsys: pytest.CaptureFixture[str], args: tuple[str, ...],
                                                     message: str) -> None:
    """main() in this process, as `python -m peerlib business-case` runs it (the shell's exit status is
    checked in tests/unit/test_cli.py)."""
    try:
        code = cli.main(["business-case", *args])
    except SystemExit as done:  # argparse's own errors
        code = int(done.code or 0)
    assert code == 2
    printed = capsys.readouterr()
    assert message in printed.err
    assert printed.out == ""


def test_main_returns_a_code(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["business-case", "--evidence", "own"]) == 2  # found by the business case, not by argparse
    assert "error: support_months (option --support-months)" in capsys.readouterr().err


def test_results_row(round_case: bc.BusinessCaseResult) -> None:
    (row,) = rows(round_case)
    assert row["id"] == "business_case_own" and row["kind"] == "business_case" and row["price_year"] == "2025-26"
    assert row["benefit_cost_ratio"] == pytest.approx(80_000 / 66_000)
    assert row["break_even_caseload"] == pytest.approx(16.5)
    assert re.search(r"1\.21 : 1, P\(ratio > 1\) = 7\d%", str(row["headline"]))
    assert not any(isinstance(v, float) and math.isnan(v) for v in row.values())


def test_the_net_benefit_curve_comes_from_the_result_by_hand(round_case: bc.BusinessCaseResult) -> None:
    """The curve the business-case figure draws: the value of bed-days, £80,000 at 20 people each, goes with the
    caseload, against £66,000 a year: at 10 people £40,000 - £66,000; at 16.5 (break-even) nothing."""
    r = round_case
    curve = r.net_benefit_at_caseload([0, 10, 16.5, 20])
    assert curve.tolist() == pytest.approx([-66_000, -26_000, 0, 14_000])


def test_the_net_benefit_against_hours_is_the_result_at_the_trial_s_hours_and_nothing_at_break_even() -> None:
    trial = evaluated(n_draws=1_000)  # the default evidence: a trial's own sessions and hours
    assert trial.staffing_basis == "intensity"
    hours = trial.sessions_per_person * trial.hours_per_session
    assert trial.net_benefit_at_hours(hours) == pytest.approx(trial.net_benefit_gbp)
    assert trial.net_benefit_at_hours(trial.break_even_hours_per_person) == pytest.approx(0, abs=1e-6)
    # Twice the hours per person: half the people, half the value of bed-days, the same cost.
    value = trial.net_benefit_gbp + trial.annual_cost_gbp
    assert trial.net_benefit_at_hours(2 * hours) == pytest.approx(value / 2 - trial.annual_cost_gbp)


def test_no_business_case_sentence_calls_an_assumed_figure_published() -> None:
    from peerlib.present.business_case import rows
    from tests.unit.test_study_text import false_claims
    core = studies.load_study("core2018", FROZEN_DATA)
    r = evaluated(n_fte=2, n_draws=1_000)
    from peerlib.present.business_case import present as shown
    text = " ".join([describe(r, markdown=False), str(rows(r)[0]["headline"]),
                     *shown(r)["value"].astype(str)])
    assert [c for c in false_claims(text, core) if not c.startswith("unchecked")] == []


# --- Costs a commissioner pays: overheads, and today's ranges ------------------------------------------------------

# PSSRU's band 4 community post (data/current_costs.csv, part_pssru_band4_ rows): salary £26,399 and on-costs £8,165
# make £34,564 of direct salary costs; management, administration and estates staff £7,708, non-staff £11,842 and
# capital £7,689 on top.
PSSRU_DIRECT = 26_399 + 8_165
PSSRU_OVERHEADS = (7_708 + 11_842) / PSSRU_DIRECT  # 19,550 / 34,564 = 0.5656
PSSRU_LOW = 7_708 / PSSRU_DIRECT  # 0.2230: management, administration and estates staff alone
PSSRU_HIGH = (7_708 + 11_842 + 7_689) / PSSRU_DIRECT  # 27,239 / 34,564 = 0.7881: with capital overheads
# Today's bed-day costs at 2025-26 prices: £651 (2023-24) x 1.0402 x 1.0483, and £564 (2024-25) x 1.0483.
TODAY_BED_HIGH = 651 * 1.0402 * 1.0483  # £709.88
TODAY_BED_LOW = 564 * 1.0483  # £591.24


def test_the_worker_s_cost_counts_overheads_on_salary_and_on_costs_by_hand() -> None:
    from peerlib.core.costs import peer_worker_cost

    # £25,000; NI 15 % of (£25,000 - £5,000) = £3,000; pension 20 % = £5,000: £33,000 before overheads;
    # overheads 50 % of £33,000 = £16,500; £49,500 in all.
    cost = peer_worker_cost(25_000, 0.15, 5_000, 0.2, 0.5, "2025-26")
    assert (cost.employer_ni_gbp, cost.employer_pension_gbp) == pytest.approx((3_000, 5_000))
    assert cost.overheads_gbp == pytest.approx(16_500) and cost.total_gbp == pytest.approx(49_500)
    # Today's defaults: band 3 top £26,598; NI 15 % of £21,598 = £3,239.70; pension 23.78 % = £6,325.0044;
    # £36,162.7044 before overheads, then PSSRU's 19,550 / 34,564 of it on top.
    inputs = bc.build_inputs(FROZEN_DATA, n_draws=1_000)
    assert inputs.overhead_rate == pytest.approx(PSSRU_OVERHEADS) and inputs.overhead_range == pytest.approx(
        (PSSRU_LOW, PSSRU_HIGH))
    assert PSSRU_OVERHEADS == pytest.approx(0.5656, abs=1e-4)
    assert inputs.cost_per_fte_gbp == pytest.approx(36_162.7044 * (1 + 19_550 / 34_564))
    assert inputs.cost_per_fte_gbp == pytest.approx(56_617, abs=1)


def test_the_cost_of_n_workers_with_overheads_by_hand() -> None:
    # ROUND with overheads of 50 % and three workers: £49,500 each, £148,500 a year. 3 x 20 x 12 / 6 = 120 people,
    # 240 bed-days, at £500: £120,000; ratio 120,000 / 148,500 = 0.808. Break-even: £49,500 = 2 x caseload x 2 x £500.
    r = evaluated(**{**ROUND, "overhead_rate": 0.5, "n_fte": 3})
    assert r.cost_per_fte_gbp == pytest.approx(49_500) and r.annual_cost_gbp == pytest.approx(148_500)
    assert r.value_of_bed_days_gbp == pytest.approx(120_000) and r.net_benefit_gbp == pytest.approx(-28_500)
    assert r.benefit_cost_ratio == pytest.approx(120_000 / 148_500)
    assert r.break_even_caseload == pytest.approx(24.75)
    assert "Overheads are included at your own rate, 50% of salary and on-costs, taken as known." in describe(r)


@given(salary=st.floats(1_000, 500_000), ni=st.floats(0, 0.5), threshold=st.floats(0, 100_000),
       pension=st.floats(0, 0.5), overhead=st.floats(0, 1))
def test_overheads_multiply_salary_and_on_costs(salary: float, ni: float, threshold: float, pension: float,
                                                  overhead: float) -> None:
    from peerlib.core.costs import peer_worker_cost

    without = peer_worker_cost(salary, ni, threshold, pension, 0, "2025-26").total_gbp
    cost = peer_worker_cost(salary, ni, threshold, pension, overhead, "2025-26")
    assert cost.total_gbp == pytest.approx(without * (1 + overhead))
    assert cost.overheads_gbp == pytest.approx(overhead * (cost.salary_gbp + cost.employer_ni_gbp
                                                           + cost.employer_pension_gbp))


# Your own figure, fixed (its range is the figure itself), so the only draw left is the one under test. A ratio is
# 40 people x 2 bed-days x bed-day cost / cost of a worker.
FIXED_OWN = {"evidence": "own", "caseload": 20, "support_months": 6, "salary_gbp": 25_000, "employer_ni_rate": 0.15,
             "employer_ni_threshold_gbp": 5_000, "employer_pension_rate": 0.2, "own_bed_days_saved_per_patient": 2,
             "own_low": 2, "own_high": 2, "n_draws": 20_000, "seed": 3}


def test_today_s_bed_day_cost_is_drawn_over_today_s_range() -> None:
    r = evaluated(**{**FIXED_OWN, "overhead_rate": 0})
    assert r.drawn_defaults == ("bed_day_cost_gbp",)
    bed = r.ratio_draws * 33_000 / (40 * 2)  # each draw's bed-day cost
    assert r.inputs.bed_day_range_gbp == pytest.approx((TODAY_BED_LOW, TODAY_BED_HIGH))
    assert bed.min() >= TODAY_BED_LOW - 1e-6 and bed.max() <= TODAY_BED_HIGH + 1e-6
    assert bed.min() == pytest.approx(TODAY_BED_LOW, abs=0.1) and bed.max() == pytest.approx(TODAY_BED_HIGH, abs=0.1)
    assert bed.mean() == pytest.approx((TODAY_BED_LOW + TODAY_BED_HIGH) / 2, abs=1)  # uniform: £650.56
    # The base case uses the top of the range (the National Cost Collection figure), and the page says so.
    assert r.inputs.bed_day_cost_gbp == pytest.approx(TODAY_BED_HIGH)
    assert "the £710 used above is its top, so most draws are below it" in describe(r)
    assert "drawn evenly from £591 to £710" in describe(r)


def test_overheads_are_drawn_over_their_range_unless_set() -> None:
    r = evaluated(**{**FIXED_OWN, "bed_day_cost_gbp": 500})
    assert r.drawn_defaults == ("overhead_rate",) and "bed-day cost" in r.known and "overheads" not in r.known
    overheads = 40 * 2 * 500 / (r.ratio_draws * 33_000) - 1  # each draw's overhead rate
    assert overheads.min() >= PSSRU_LOW - 1e-9 and overheads.max() <= PSSRU_HIGH + 1e-9
    assert overheads.mean() == pytest.approx((PSSRU_LOW + PSSRU_HIGH) / 2, abs=0.01)  # uniform: 0.5055
    text = describe(r)
    assert "Overheads are included at 57% of salary and on-costs" in text and "(PSSRU Unit Costs)" in text
    assert "Overheads were drawn evenly from 22% to 79% of salary and on-costs" in text
    own = evaluated(**{**FIXED_OWN, "bed_day_cost_gbp": 500, "overhead_rate": 0.3})
    assert own.drawn_defaults == () and np.all(own.ratio_draws == own.ratio_draws[0])


def test_the_2011_12_bed_day_range_does_not_move_the_business_case_and_today_s_does(data_copy: Path) -> None:
    before = bc.evaluate(bc.build_inputs(data_copy, n_draws=2_000), data_copy).ratio_draws
    uncertainty = data_copy / "uncertainty.csv"
    edit_cell(uncertainty, lambda r: r["parameter"] == "bed_day_cost_gbp", "low", "200")
    edit_cell(uncertainty, lambda r: r["parameter"] == "bed_day_cost_gbp", "high", "900")
    assert np.array_equal(bc.evaluate(bc.build_inputs(data_copy, n_draws=2_000), data_copy).ratio_draws, before)
    edit_cell(data_copy / "current_costs.csv", lambda r: r["item"] == "alt_bed_day_cost_gbp", "value", "400")
    after = bc.evaluate(bc.build_inputs(data_copy, n_draws=2_000), data_copy)
    assert not np.array_equal(after.ratio_draws, before)
    assert after.inputs.bed_day_range_gbp[0] == pytest.approx(400 * 1.0483)


def _without_formula(path: Path, item: str, value: str) -> int:
    edit_cell(path, lambda r: r["item"] == item, "formula", "")
    return edit_cell(path, lambda r: r["item"] == item, "value", value)


def test_a_missing_overhead_rate_is_named(data_copy: Path) -> None:
    path = data_copy / "current_costs.csv"
    edit_cell(path, lambda r: r["item"] == "business_case_overhead_high_rate", "item", "overhead_high")
    with pytest.raises(DataError, match=r"current_costs.csv, column 'item': no row for item "
                                        r"'business_case_overhead_rate'|current_costs.csv, column 'item': no row for "
                                        r"item 'business_case_overhead_high_rate'"):
        bc.build_inputs(data_copy, n_draws=1_000)


@pytest.mark.parametrize("item, value, message", [
    ("business_case_overhead_high_rate", "1.5", r"business_case_overhead_high_rate is implausible; expected a "
                                                r"fraction from 0 to 1 \(0.5 for 50 %\), found '?1.5'?"),
    ("business_case_overhead_low_rate", "-0.1", r"column 'value': "),
    ("business_case_overhead_low_rate", "0.9", r"column 'value': business_case_overhead_low_rate is above "
                                               r"business_case_overhead_rate; expected at most "
                                               r"business_case_overhead_rate, 0.5656, found '?0.9'?"),
    ("business_case_overhead_high_rate", "0.4", r"column 'value': business_case_overhead_high_rate is below "
                                                r"business_case_overhead_rate; expected at least "
                                                r"business_case_overhead_rate, 0.5656, found '?0.4'?"),
])
def test_a_bad_overhead_rate_or_range_is_named(data_copy: Path, item: str, value: str, message: str) -> None:
    path = data_copy / "current_costs.csv"
    line = _without_formula(path, item, value)
    with pytest.raises(DataError) as caught:
        bc.build_inputs(data_copy, n_draws=1_000)
    text = str(caught.value)
    assert f"current_costs.csv, line {line}, column 'value'" in text
    assert re.search(message, text), text
