"""The teaching pack: checks accept the worked answer, reject typical mistakes with a one-line hint
that gives away neither the answer nor its formula, point back to an earlier exercise when a
mistake is carried forward, and show a student in Jupyter that line and nothing else; the
students' notebooks are the solutions with the answers blanked."""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal
from functools import partial
from pathlib import Path

import jupytext
import nbformat
import numpy as np
import papermill as pm
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

from peerlib.apps import classroom, teaching
from peerlib.config import PROJECT_ROOT
from peerlib.core import crisis_house
from peerlib.inputs import prices, studies, unit_costs
from peerlib.inputs.published import load_published
from scripts.make_exercises import blank_exercises, student_path
from tests.conftest import kernel_sockets

TEACHING = PROJECT_ROOT / "notebooks" / "teaching"
SOLUTIONS = sorted((TEACHING / "solutions").glob("*.py"))
CheckFn = Callable[[object], None]

# --- The right answers, worked by hand from what the loaders read in data/ ---------------------------
# The checks compute on the project's data/ (they take no data folder), as the notebooks do; so each right
# answer is worked here from the inputs the loaders read there, and a legitimate edit of data/ moves the
# check and its expectation alike. Nothing below restates a figure of data/.
UNIT = unit_costs.load_unit_costs()
BED_DAY = UNIT["bed_day_cost_gbp"]
BED_DAY_GBP = BED_DAY.value
SALARY_GBP = UNIT["peer_worker_salary_gbp"].value
# Employer NI: the rate on earnings above the threshold, less the contracted-out rebate rate on the earnings
# between the band's edges; pension a share of the salary; overheads a share of salary and on-costs.
NI_RATE, PENSION_RATE = UNIT["employer_ni_rate"].value, UNIT["employer_pension_rate"].value
MARKUP = 1 + UNIT["overhead_rate"].value


def employer_ni_by_hand(salary_gbp: float) -> float:
    rebate_band_gbp = max(0.0, min(salary_gbp, UNIT["employer_ni_rebate_upper_gbp"].value)
                          - UNIT["employer_ni_rebate_lower_gbp"].value)
    return (NI_RATE * max(0.0, salary_gbp - UNIT["employer_ni_threshold_gbp"].value)
            - UNIT["employer_ni_rebate_rate"].value * rebate_band_gbp)


def worker_cost_by_hand(salary_gbp: float) -> float:
    return (salary_gbp + employer_ni_by_hand(salary_gbp) + PENSION_RATE * salary_gbp) * MARKUP


NI_GBP, PENSION_GBP = employer_ni_by_hand(SALARY_GBP), PENSION_RATE * SALARY_GBP
WORKER_GBP = worker_cost_by_hand(SALARY_GBP)
# data/staffing.csv: patients one FTE peer worker supports at a time, one-to-one and in groups (the delivery
# of each study is in data/studies.csv).
STAFFING = studies.load_staffing()
CASELOAD, CASELOAD_GROUP = STAFFING.caseload, STAFFING.caseload_group
assert CASELOAD_GROUP is not None
# Sledge et al. 2011 (data/study_inputs.csv): bed-days per patient in the control arm less the peer arm,
# saved over the months of support. Peer work: n_peer x months / (12 x caseload) FTE-years; bed-days saved
# per FTE-year: delta x n_peer / FTE-years; valued at the bed-day cost and set against a worker's cost.
SLEDGE = {name: i.value for name, i in studies.load_study(teaching.DEFAULT_STUDY_ID).inputs.items()}
DELTA = SLEDGE["bed_days_control"] - SLEDGE["bed_days_peer"]
N_PEER, N_CONTROL, MONTHS = SLEDGE["n_peer"], SLEDGE["n_control"], SLEDGE["support_months"]
FTE_YEARS = N_PEER * MONTHS / (12 * CASELOAD)
SAVED = DELTA * N_PEER / FTE_YEARS
RATIO = SAVED * BED_DAY_GBP / WORKER_GBP
BREAK_EVEN_CASELOAD = WORKER_GBP * MONTHS / (12 * DELTA * BED_DAY_GBP)  # patients per FTE at a time
# Leeds (data/crisis_house.csv, data/published.csv): the claimed saving over what a diverted day saves (an
# inpatient day less the crisis-house visit); break-even share: visit cost over inpatient day cost.
LEEDS = crisis_house.load_crisis_house_inputs()
IMPLIED_DAYS = LEEDS.claimed_annual_saving_gbp / (LEEDS.inpatient_cost_per_day_gbp - LEEDS.crisis_cost_per_visit_gbp)
SHARE = LEEDS.crisis_cost_per_visit_gbp / LEEDS.inpatient_cost_per_day_gbp


def ratio_by_hand(delta: float, months: float, caseload: float = CASELOAD) -> float:
    """delta x n_peer bed-days over n_peer x months / (12 x caseload) FTE-years, valued and costed."""
    return delta * 12 * caseload / months * BED_DAY_GBP / WORKER_GBP


def saved_per_patient(inputs: dict[str, float]) -> float:
    """Bed-days saved per peer-arm patient, from whichever form the study gives (data/study_inputs.csv)."""
    if "bed_days_saved_per_patient" in inputs:
        return inputs["bed_days_saved_per_patient"]
    if "bed_days_saved_total" in inputs:
        return inputs["bed_days_saved_total"] / inputs["n_peer"]
    return inputs["bed_days_control"] - inputs["bed_days_peer"]


# The six studies of data/studies.csv from data/study_inputs.csv: bed-days saved per patient over the
# support, support months, patients in the peer and control arms, and the caseload of the study's delivery.
SIX = {s.study_id: (saved_per_patient(inputs), inputs["support_months"], inputs["n_peer"], inputs["n_control"],
                    CASELOAD_GROUP if s.delivery == "group" else CASELOAD)
       for s in studies.load_studies() for inputs in [{name: i.value for name, i in s.inputs.items()}]}
RATIOS = {sid: ratio_by_hand(delta, months, caseload) for sid, (delta, months, _, _, caseload) in SIX.items()}
SIZES = {sid: n_peer + n_control for sid, (_, _, n_peer, n_control, _) in SIX.items()}


def weighted(ids: list[str], weight: Callable[[str], float]) -> float:
    total = 0.0
    for sid in ids:
        total += RATIOS[sid] * weight(sid)
    return total / sum(weight(sid) for sid in ids)


LARGEST = max(SIZES, key=SIZES.__getitem__)  # by patients in both arms
REST = [sid for sid in SIX if sid != LARGEST]
POOLED = weighted(list(SIX), lambda s: SIZES[s])
WITHOUT_LARGEST = weighted(REST, lambda s: SIZES[s])
LARGEST_SHARE = SIZES[LARGEST] / sum(SIZES.values())

PSA_DRAWS = teaching.psa_for_teaching().ratios["sledge2011"]  # the draws come from peerlib; the count is ours
P_ABOVE_ONE = sum(1 for ratio in PSA_DRAWS if ratio > 1) / len(PSA_DRAWS)

INDEX = prices.load_price_index()
LATER_YEAR = "2024-25"  # the price year the exercise converts to
LATER_GBP = BED_DAY_GBP * INDEX.level(LATER_YEAR) / INDEX.level(BED_DAY.price_year)
YEARS_TO_LATER = INDEX.years[INDEX.years.index(BED_DAY.price_year):INDEX.years.index(LATER_YEAR) + 1]
SUMMED_PCT = sum(INDEX.level(b) / INDEX.level(a) - 1 for a, b in zip(YEARS_TO_LATER, YEARS_TO_LATER[1:], strict=False))

# Notebook 07: the report's pooled ratio (data/published.csv); a quarter of the average bed-day cost saved
# by an avoided bed-day (the notebook's assumed default, not data); Sledge's bed-days saved per FTE-year.
REPORT, MARGINAL = load_published()[teaching.REPORT_RATIO].value, 0.25
NET_BENEFIT = (POOLED - 1) * WORKER_GBP  # a loss while the pooled ratio is below 1
CASH_RELEASED = SAVED * BED_DAY_GBP * MARGINAL
CASH_TO_FIND = WORKER_GBP - CASH_RELEASED

# Each exercise: its check, the right answer, and typical wrong answers with a phrase of their hint.
EXERCISES: dict[str, tuple[CheckFn, float, list[tuple[float, str]]]] = {
    "peer worker cost": (teaching.check_peer_worker_cost, WORKER_GBP, [
        (SALARY_GBP, "salary alone"),
        ((SALARY_GBP + PENSION_GBP) * MARKUP, "national insurance is missing"),
        ((SALARY_GBP + NI_GBP) * MARKUP, "pension contribution is missing"),
        (SALARY_GBP * (1 + NI_RATE + PENSION_RATE) * MARKUP, "above the threshold"),
        (WORKER_GBP / 12, "months against years"),  # a month's cost
        (-WORKER_GBP, "cannot be below zero"),
        # "overheads missing" is the right answer while data/unit_costs.csv has overheads at 0.
    ]),
    "price conversion": (partial(teaching.check_price_conversion, price_year=LATER_YEAR), LATER_GBP, [
        (BED_DAY_GBP * INDEX.level(BED_DAY.price_year) / INDEX.level(LATER_YEAR), "wrong way"),
        (BED_DAY_GBP, "not converted yet"),
        (BED_DAY_GBP * (1 + SUMMED_PCT), "compound"),
    ]),
    "FTE-years": (teaching.check_fte_years, FTE_YEARS, [
        (N_PEER * MONTHS / CASELOAD, "FTE-months"),
        (N_PEER * MONTHS / 12 * CASELOAD, "caseload is the wrong way round"),
        (N_PEER / CASELOAD, "did not last exactly a year"),
        (N_PEER * MONTHS / 12, "patient-years"),
        (FTE_YEARS / 12, "months against years"),
        (-FTE_YEARS, "cannot be below zero"),  # no arms in peer work
    ]),
    "bed-days per FTE-year": (teaching.check_bed_days_saved_per_fte_year, SAVED, [
        (DELTA * N_PEER / (N_PEER / CASELOAD), "did not last a year"),  # per FTE, not per FTE-year
        (DELTA * N_PEER, "all the bed-days the peer arm saved"),
        (DELTA, "That is per patient"),
        (DELTA * (N_PEER + N_CONTROL) / FTE_YEARS, "not both arms"),
        (-SAVED, "which arm used more beds"),
        (SAVED / 12, "months against years"),
    ]),
    "ratio": (teaching.check_benefit_cost_ratio, RATIO, [
        (1 / RATIO, "Upside down"),
        (SAVED * BED_DAY_GBP / SALARY_GBP, "more than the salary"),
        (SAVED, "Those are bed-days"),
        (SAVED * BED_DAY_GBP, "a ratio has no unit"),
        (100 * RATIO, "percentage"),
        (RATIO / 12, "same period"),
        (RATIO * 12, "same period"),
        (-RATIO, "which arm used more beds"),
    ]),
    "break-even bed-days": (teaching.check_break_even_bed_days, WORKER_GBP / BED_DAY_GBP, [
        (BED_DAY_GBP / WORKER_GBP, "Upside down"),
        (SALARY_GBP / BED_DAY_GBP, "more than the salary"),
        (WORKER_GBP / BED_DAY_GBP / 12, "months against years"),
        (-WORKER_GBP / BED_DAY_GBP, "cannot be below zero"),  # no arms in a break-even
    ]),
    "break-even caseload": (teaching.check_break_even_caseload, BREAK_EVEN_CASELOAD, [
        (WORKER_GBP / (DELTA * BED_DAY_GBP), "not a whole year"),
        (WORKER_GBP / (DELTA * BED_DAY_GBP) * 12 / MONTHS, "Scaled the wrong way"),
        (WORKER_GBP / BED_DAY_GBP, "now turn it into patients"),
    ]),
    "ratio from break-even": (teaching.check_ratio_from_break_even, CASELOAD / BREAK_EVEN_CASELOAD, [
        (BREAK_EVEN_CASELOAD / CASELOAD, "Upside down"),
        (CASELOAD - BREAK_EVEN_CASELOAD, "difference in patients"),
        (100 * CASELOAD / BREAK_EVEN_CASELOAD, "percentage"),
    ]),
    "pooled ratio": (teaching.check_pooled_ratio, POOLED, [
        (sum(RATIOS.values()) / 6, "simple average"),
        (weighted(list(SIX), lambda s: SIX[s][2]), "both arms"),
        (POOLED * sum(SIZES.values()), "weighted sum"),
        (POOLED * sum(SIZES.values()) / 6, "not divided by the number of studies"),
        (100 * POOLED, "percentage"),
        (POOLED / 12, "same period"),
    ]),
    "largest share": (teaching.check_largest_weight_share, LARGEST_SHARE, [
        (SIZES[LARGEST], "That is its sample size"),
        (1 / 6, "equal weights"),
        (100 * LARGEST_SHARE, "percentage"),
    ]),
    "pooled without the largest": (teaching.check_pooled_without_largest, WITHOUT_LARGEST, [
        (POOLED, "still includes the largest study"),
        (WITHOUT_LARGEST * (1 - LARGEST_SHARE), "kept its weight in the total"),
        (sum(RATIOS[s] for s in REST) / 5, "simple average of the others"),
        (100 * WITHOUT_LARGEST, "percentage"),
    ]),
    "implied days": (teaching.check_implied_diverted_days, IMPLIED_DAYS, [
        (LEEDS.claimed_annual_saving_gbp / LEEDS.crisis_cost_per_visit_gbp, "crisis-house cost"),
        (LEEDS.claimed_annual_saving_gbp / LEEDS.inpatient_cost_per_day_gbp, "whole inpatient cost"),
        (IMPLIED_DAYS / 12, "months against years"),
    ]),
    "break-even share": (teaching.check_break_even_share, SHARE, [
        (1 / SHARE, "Upside down"),
        (1 - SHARE, "fail"),
        (100 * SHARE, "percentage"),
    ]),
    "probability above one": (teaching.check_probability_above_one, P_ABOVE_ONE, [
        (1 - P_ABOVE_ONE, "at most 1"),
        (P_ABOVE_ONE * len(PSA_DRAWS), "count of draws"),
        (float(np.mean(PSA_DRAWS)), "mean ratio"),
        (100 * P_ABOVE_ONE, "percentage"),
    ]),
    "net benefit": (teaching.check_net_benefit_per_fte_year, NET_BENEFIT, [
        (POOLED * WORKER_GBP, "beds saved alone"),
        ((REPORT - 1) * WORKER_GBP, "report's ratio"),
        (POOLED - 1, "still a ratio"),
        (-NET_BENEFIT, "gain the NHS money, or lose it"),
        (NET_BENEFIT / 12, "months against years"),
    ]),
    "ratio at marginal cost": (partial(teaching.check_ratio_at_marginal_cost, marginal_cost_share=MARGINAL),
                               REPORT * MARGINAL, [
        (REPORT / MARGINAL, "went up"),
        (REPORT * (1 - MARGINAL), "not saved"),
        (MARGINAL, "marginal share alone"),
        (REPORT, "as published"),
        (100 * REPORT * MARGINAL, "percentage"),
        (REPORT * MARGINAL / 12, "same period"),
    ]),
    "break-even marginal share": (teaching.check_break_even_marginal_share, 1 / REPORT, [
        (REPORT, "Upside down"),
        (1 - 1 / REPORT, "unsaved"),
        (100 / REPORT, "percentage"),
    ]),
    "beds freed": (teaching.check_beds_freed_per_fte, SAVED / 365.25, [
        (365.25 / SAVED, "Upside down"),
        (SAVED / 12, "bed-days a month"),
        (SAVED, "Those are bed-days"),
    ]),
    "cash released": (partial(teaching.check_cash_released_per_fte_year, marginal_cost_share=MARGINAL),
                      CASH_RELEASED, [
        (SAVED * BED_DAY_GBP, "average cost"),
        (SAVED * BED_DAY_GBP * (1 - MARGINAL), "not released"),
        (SAVED * MARGINAL, "in bed-days"),
        (CASH_RELEASED * 12, "months against years"),
    ]),
    "cash to find": (partial(teaching.check_cash_to_find_per_fte_year, marginal_cost_share=MARGINAL),
                     CASH_TO_FIND, [
        (WORKER_GBP, "before the cash it releases"),
        (WORKER_GBP - SAVED * BED_DAY_GBP, "every bed-day at its average cost"),
        (CASH_RELEASED, "That is the cash released"),
        (-CASH_TO_FIND, "cost more cash than it releases"),
        (CASH_TO_FIND / 12, "months against years"),
    ]),
}
MISTAKES = [(name, wrong, hint) for name, (_, _, wrongs) in EXERCISES.items() for wrong, hint in wrongs]


def shown_forms(value: float) -> list[str]:
    """How an answer might be written out in a message."""
    forms = [f"{value:.4g}", f"{value:,.4g}", f"{value:.3g}", f"{value:.2f}", f"{value:,.2f}"]
    return forms + ([f"{value:,.0f}", f"{value:.0f}"] if abs(value) >= 10 else [])


@pytest.mark.parametrize("name", EXERCISES)
def test_right_answer_accepted(name: str, capsys: pytest.CaptureFixture[str]) -> None:
    check, right, _ = EXERCISES[name]
    decimals = teaching.PRECISION[check_name(check)].decimals
    check(right)
    check(round(right, decimals + 1))  # more precise than asked is fine
    check(np.float32(right))  # as numpy gives it
    assert capsys.readouterr().out.count("Right:") == 3


@pytest.mark.parametrize("name, wrong, hint", MISTAKES, ids=[f"{n}: {h}" for n, _, h in MISTAKES])
def test_typical_mistake_gets_a_hint_not_the_answer(name: str, wrong: float, hint: str) -> None:
    check, right, _ = EXERCISES[name]
    with pytest.raises(teaching.NotYet) as err:
        check(wrong)
    message = str(err.value)
    assert hint in message
    assert "\n" not in message
    for shown in shown_forms(right):
        assert shown not in message, f"the hint gives the answer away: {message}"


def test_a_sign_hint_speaks_of_arms_only_where_arms_are_compared() -> None:
    for check, wrong in ((teaching.check_fte_years, -FTE_YEARS),
                         (teaching.check_break_even_bed_days, -WORKER_GBP / BED_DAY_GBP)):
        with pytest.raises(teaching.NotYet) as err:
            check(wrong)
        assert "Check the sign" in str(err.value) and "arm" not in str(err.value)


def check_name(check: Callable[..., None]) -> str:
    return getattr(check, "func", check).__name__


@pytest.mark.parametrize("name", EXERCISES)
def test_an_answer_rounded_as_the_exercise_asks_is_right(name: str, capsys: pytest.CaptureFixture[str]) -> None:
    check, right, _ = EXERCISES[name]
    decimals = teaching.PRECISION[check_name(check)].decimals
    step = 10.0 ** -decimals
    check(round(right, decimals))
    assert "Right:" in capsys.readouterr().out
    for off_by_one in (round(right, decimals) + step, round(right, decimals) - step):  # a wrong last figure is wrong
        with pytest.raises(teaching.NotYet):
            check(off_by_one)


def test_rounding_asked_for_by_hand() -> None:
    one, two, whole = teaching.Precision(1), teaching.Precision(2), teaching.Precision(0)
    # 1.425 FTE-years to one decimal place is 1.4; 3.778 to two is 3.78, to one 3.8
    assert teaching.assess("x", 1.4, 1.425, precision=one).ok and not teaching.assess("x", 1.4, 1.425, precision=two).ok
    assert teaching.assess("x", 3.78, 3.778, precision=two).ok and teaching.assess("x", 3.8, 3.778, precision=one).ok
    assert not teaching.assess("x", 3.7, 3.778, precision=one).ok
    assert teaching.assess("x", 20_774, 20_774.4, precision=whole).ok
    # to a whole number: 240 and 240.3 are 240.3 rounded or more precise; 241 and 239 are not, though within 0.5 %
    assert teaching.assess("x", 240, 240.3, precision=whole).ok and teaching.assess("x", 240.3, 240, precision=whole).ok
    for off in (241, 239):
        assert not teaching.assess("x", off, 240, precision=whole).ok


def test_precision_in_words() -> None:
    assert teaching.Precision(0).words == "to a whole number"
    assert teaching.Precision(0, pounds=True).words == "to the nearest pound"
    assert teaching.Precision(1).words == "to one decimal place"
    assert teaching.Precision(2).words == "to two decimal places"


def test_an_answer_rounded_further_than_asked_gets_a_precision_hint() -> None:
    two, whole = teaching.Precision(2), teaching.Precision(0, pounds=True)
    # 1.425 asked to two places: 1.4 is it to one place; 1.43 is it to two (right); 1.5 is neither
    assert teaching.assess("x", 1.4, 1.425, precision=two).message == (
        "x: right, but give it to two decimal places, as the exercise asks.")
    assert "too high" in teaching.assess("x", 1.5, 1.425, precision=two).message
    # cut short rather than rounded: 0.6 for 0.695 (one place short); 1 for 0.695 is too far off to tell
    assert "right, but give it to two decimal places" in teaching.assess("x", 0.6, 0.695, precision=two).message
    assert "too high" in teaching.assess("x", 1, 0.695, precision=two).message
    # a sum of money asked to the pound and given to the pound but £1 out is wrong, not too coarse
    assert "too high" in teaching.assess("x", 20_775, 20_774.4, precision=whole).message


# --- The precision logic, as properties: the expected values rounded here by hand, with decimal -------------

PROPERTIES = settings(max_examples=200, deadline=None, derandomize=True)
VALUES = st.floats(min_value=0.05, max_value=90_000, allow_nan=False).flatmap(
    lambda v: st.sampled_from([v, -v]))


def by_hand(value: float, places: int, rounding: str = ROUND_HALF_UP) -> float:
    """``value`` rounded (half away from zero) or cut short to ``places`` decimal places, as a student would."""
    return float(Decimal(repr(value)).quantize(Decimal(1).scaleb(-places), rounding=rounding))


def on_an_edge(value: float, places: int) -> bool:
    """``value`` is halfway between two answers rounded to ``places`` (1.5, 1.05: either is right), or within
    float noise of a last figure's edge (1.99999999998 cut short to no places is 1, by a hair)."""
    scaled = abs(value) * 10 ** places
    return min(abs(scaled - round(scaled)), abs(scaled - int(scaled) - 0.5)) < 1e-6


def places_written(number: float) -> int:
    exponent = Decimal(repr(number)).normalize().as_tuple().exponent
    assert isinstance(exponent, int)
    return max(0, -exponent)


@PROPERTIES
@given(value=VALUES, places=st.sampled_from([0, 1, 2]))
def test_property_any_value_rounded_as_asked_is_accepted(value: float, places: int) -> None:
    asked = teaching.Precision(places)
    assert teaching.assess("x", by_hand(value, places), value, precision=asked).ok
    assert teaching.assess("x", by_hand(value, places + 2), value, precision=asked).ok  # more precise than asked


@PROPERTIES
@given(value=VALUES, places=st.sampled_from([0, 1, 2]), step=st.sampled_from([-1, 1]))
def test_property_a_wrong_last_figure_is_not_accepted(value: float, places: int, step: int) -> None:
    if on_an_edge(value, places):
        return
    off = by_hand(value, places) + step * 10.0 ** -places
    assert not teaching.assess("x", off, value, precision=teaching.Precision(places)).ok


@PROPERTIES
@given(value=VALUES, places=st.sampled_from([1, 2]), rounding=st.sampled_from([ROUND_HALF_UP, ROUND_DOWN]))
def test_property_a_value_one_place_coarser_gets_the_precision_hint(value: float, places: int, rounding: str) -> None:
    coarse = by_hand(value, places - 1, rounding)
    differs = abs(coarse - value) > 0.5 * 10.0 ** -places  # else it is the answer rounded as asked
    edge = on_an_edge(value, places) or on_an_edge(value, places - 1)
    if coarse == 0 or not differs or edge or places_written(coarse) != places - 1:  # 2.0 is written 2: too coarse
        return
    words = {1: "to one decimal place", 2: "to two decimal places"}[places]
    assert teaching.assess("x", coarse, value, precision=teaching.Precision(places)).message == (
        f"x: right, but give it {words}, as the exercise asks.")


@PROPERTIES
@given(fraction=st.floats(min_value=0.1, max_value=0.999), places=st.sampled_from([0, 1]),
       rounding=st.sampled_from([ROUND_HALF_UP, ROUND_DOWN]))
def test_property_a_percentage_is_recognised_at_the_precision_typed(fraction: float, places: int,
                                                                    rounding: str) -> None:
    typed = by_hand(100 * fraction, places, rounding)  # 69 or 69.5 for 0.695, rounded or cut short
    twice = by_hand(by_hand(100 * fraction, 1), 0)  # 0.695 -> 69.5 -> 70
    percentage = teaching.Mistake(100 * fraction, "a percentage")
    for answer in (typed, twice):
        assert teaching.assess("x", answer, fraction, [percentage], precision=teaching.Precision(2)).message == (
            "x: not yet. a percentage")


def test_a_calculation_from_a_rounded_earlier_answer_is_right() -> None:
    two = teaching.Precision(2)
    earlier = teaching.Earlier("exercise 1", 1.4, 1.425, lambda v: 2 * v, teaching.Precision(1))
    assert teaching.assess("y", 2.8, 2.85, earlier=[earlier], precision=two).ok  # 2 x 1.4, 1.8 % below 2 x 1.425
    too_rough = teaching.Earlier("exercise 1", 1.4, 1.425, lambda v: 2 * v, two)
    assert "follows from your answer" in teaching.assess("y", 2.8, 2.85, earlier=[too_rough], precision=two).message


@pytest.mark.parametrize("solution", SOLUTIONS, ids=lambda p: p.stem)
def test_each_exercise_says_how_far_to_round(solution: Path) -> None:
    cells = jupytext.read(solution).cells
    for i, cell in enumerate(cells):
        if "check" not in tags(cell):
            continue
        precision = teaching.PRECISION[re.match(r"check_\w+", cell.source)[0]]
        text = " ".join(" ".join(c.source for c in cells[:i] if c.cell_type == "markdown").split()[-150:])
        asked = text[text.rindex("**Exercise"):]
        assert precision.words in asked, asked
        others = {p.words for p in teaching.PRECISION.values()} - {precision.words}
        assert not any(words in asked for words in others), asked  # one precision, the one the check applies


@pytest.mark.parametrize("name, wrong, hint", MISTAKES, ids=[f"{n}: {h}" for n, _, h in MISTAKES])
def test_no_hint_writes_out_a_formula(name: str, wrong: float, hint: str) -> None:
    check, _, _ = EXERCISES[name]
    with pytest.raises(teaching.NotYet) as err:
        check(wrong)
    said = str(err.value).split(": ", 1)[1]  # what follows the exercise's name
    assert not re.search(r"[*/=+]|\w\(|\bx\b", said), f"a formula in the hint: {said}"


@pytest.mark.parametrize("name", EXERCISES)
def test_blank_is_not_answered_yet(name: str) -> None:
    check, _, _ = EXERCISES[name]
    for blank in (..., None):
        with pytest.raises(teaching.NotYet, match="not answered yet"):
            check(blank)


@pytest.mark.parametrize("not_a_number", ["0.69", float("nan"), float("inf"), True, np.bool_(True),
                                          np.array([0.69, 0.7]), [0.69]], ids=repr)
def test_not_a_number_is_not_an_answer(not_a_number: object) -> None:
    with pytest.raises(teaching.NotYet, match=r"expected a single number \(fraction\)"):
        teaching.check_break_even_share(not_a_number)


def test_numpy_scalars_and_zero_dimensional_arrays_are_numbers() -> None:
    one = teaching.Precision(1)
    assert teaching.assess("x", np.int64(3), 3.0, precision=one).ok
    assert teaching.assess("x", np.array(2.5), 2.5, precision=one).ok
    assert teaching.assess("x", np.float32(3.04), 3.0, precision=one).ok  # 3.0 to one place
    assert not teaching.assess("x", np.float32(3.06), 3.0, precision=one).ok


def test_an_unrecognised_wrong_answer_says_which_way() -> None:
    whole = teaching.Precision(0)
    assert "too high" in teaching.assess("x", 12, 10, precision=whole).message
    assert "too low" in teaching.assess("x", 8, 10, precision=whole).message


# --- A mistake carried forward from an earlier exercise ------------------------------------------

FTE_MONTHS = N_PEER * MONTHS / CASELOAD  # exercise 1 of notebook 02 left in FTE-months: 17.1
CARRIED: dict[str, tuple[Callable[..., None], float, dict[str, object], str]] = {
    # exercise 2 of notebook 02 worked right from a wrong exercise 1
    "bed-days from wrong FTE-years": (teaching.check_bed_days_saved_per_fte_year, DELTA * N_PEER / FTE_MONTHS,
                                      {"your_fte_years": FTE_MONTHS}, "exercise 1"),
    # exercise 3 of notebook 02 worked right from a wrong exercise 2 (bed-days per FTE-month)
    "ratio from wrong bed-days": (teaching.check_benefit_cost_ratio, SAVED / 12 * BED_DAY_GBP / WORKER_GBP,
                                  {"your_bed_days_saved_per_fte_year": SAVED / 12}, "exercise 2"),
    # exercise 2 of notebook 03 worked right from exercise 1 upside down
    "caseload from wrong bed-days": (teaching.check_break_even_caseload,
                                     BED_DAY_GBP / WORKER_GBP * MONTHS / 12 / DELTA,
                                     {"your_break_even_bed_days": BED_DAY_GBP / WORKER_GBP}, "exercise 1"),
    # exercise 3 of notebook 03 worked right from exercise 2 scaled to a year
    "ratio from wrong caseload": (teaching.check_ratio_from_break_even,
                                  CASELOAD / (WORKER_GBP / (DELTA * BED_DAY_GBP)),
                                  {"your_break_even_caseload": WORKER_GBP / (DELTA * BED_DAY_GBP)}, "exercise 2"),
    # exercise 6 of notebook 07 worked right from exercise 5 at the average cost (itself a typical mistake
    # of exercise 6: the carried-forward reading comes first, as it is the one that fits the student's work)
    "cash from wrong cash released": (partial(teaching.check_cash_to_find_per_fte_year, marginal_cost_share=MARGINAL),
                                      WORKER_GBP - SAVED * BED_DAY_GBP,
                                      {"your_cash_released_gbp": SAVED * BED_DAY_GBP}, "exercise 5"),
}


@pytest.mark.parametrize("name", CARRIED)
def test_a_mistake_carried_forward_points_to_the_earlier_exercise(name: str) -> None:
    check, answer, earlier, exercise = CARRIED[name]
    with pytest.raises(teaching.NotYet) as err:
        check(answer, **earlier)
    message = str(err.value)
    assert f"follows from your answer to {exercise}" in message and "not right yet" in message
    right = EXERCISES[next(n for n, (c, _, _) in EXERCISES.items() if _same_check(c, check))][1]
    for shown in shown_forms(right):
        assert shown not in message


def _same_check(a: Callable[..., None], b: Callable[..., None]) -> bool:
    return getattr(a, "func", a) is getattr(b, "func", b)


def test_a_right_answer_is_right_whatever_the_earlier_answer(capsys: pytest.CaptureFixture[str]) -> None:
    teaching.check_bed_days_saved_per_fte_year(SAVED, your_fte_years=FTE_MONTHS)
    assert "Right:" in capsys.readouterr().out


def test_an_earlier_answer_that_is_right_or_blank_changes_nothing() -> None:
    for earlier in (FTE_YEARS, ..., None):
        with pytest.raises(teaching.NotYet, match="That is per patient"):
            teaching.check_bed_days_saved_per_fte_year(DELTA, your_fte_years=earlier)
        with pytest.raises(teaching.NotYet, match="too high"):
            teaching.check_bed_days_saved_per_fte_year(SAVED * 2, your_fte_years=earlier)


def test_a_new_mistake_on_a_wrong_earlier_answer_still_gets_its_hint() -> None:
    with pytest.raises(teaching.NotYet, match="That is per patient"):
        teaching.check_bed_days_saved_per_fte_year(DELTA, your_fte_years=FTE_MONTHS)
    with pytest.raises(teaching.NotYet, match="exercise 1 .* is not right yet either"):
        teaching.check_bed_days_saved_per_fte_year(SAVED * 2, your_fte_years=FTE_MONTHS)
    with pytest.raises(teaching.NotYet, match="not right yet either"):  # nothing follows from 0 FTE-years
        teaching.check_bed_days_saved_per_fte_year(SAVED * 2, your_fte_years=0)


# --- Parameters the checks follow, and parameters they refuse ------------------------------------

def test_checks_follow_the_study_and_the_caseload_chosen() -> None:
    # Min et al. 2007: its bed-days saved by its peer arm over its months of support, at the shared caseload.
    min_delta, min_months, min_n_peer, _, _ = SIX["min2007"]
    min_fte_years = min_n_peer * min_months / (12 * CASELOAD)
    teaching.check_fte_years(min_fte_years, "min2007")
    teaching.check_bed_days_saved_per_fte_year(min_delta * min_n_peer / min_fte_years, "min2007")
    with pytest.raises(teaching.NotYet):
        teaching.check_bed_days_saved_per_fte_year(SAVED, "min2007")  # Sledge's answer is not Min's
    # Sledge at 10 patients per FTE at a time: n_peer x months / (12 x 10) FTE-years, 10 / caseload of the ratio.
    at_ten_fte_years = N_PEER * MONTHS / (12 * 10)
    teaching.check_fte_years(at_ten_fte_years, "sledge2011", 10)
    teaching.check_bed_days_saved_per_fte_year(DELTA * N_PEER / at_ten_fte_years, "sledge2011", 10)
    teaching.check_benefit_cost_ratio(RATIO * 10 / CASELOAD, "sledge2011", 10)
    teaching.check_ratio_from_break_even(10 / BREAK_EVEN_CASELOAD, "sledge2011", 10)
    # One caseload of 10 for every study, groups included.
    at_ten = {sid: ratio_by_hand(delta, months, 10) for sid, (delta, months, _, _, _) in SIX.items()}
    pooled_at_ten = sum(at_ten[s] * SIZES[s] for s in SIX) / sum(SIZES.values())
    teaching.check_pooled_ratio(pooled_at_ten, "", 10)
    teaching.check_net_benefit_per_fte_year((pooled_at_ten - 1) * WORKER_GBP, 10)
    teaching.check_cash_released_per_fte_year(DELTA * N_PEER / at_ten_fte_years * BED_DAY_GBP * 0.5, 0.5,
                                              "sledge2011", 10)


GIVEN_SALARY_GBP = 20_000.0  # a salary a notebook's parameters give, not the data's


def test_the_worker_cost_check_follows_the_salary_given(capsys: pytest.CaptureFixture[str]) -> None:
    at_given = worker_cost_by_hand(GIVEN_SALARY_GBP)  # the data's rates, the notebook's salary
    teaching.check_peer_worker_cost(round(at_given), GIVEN_SALARY_GBP)
    assert "Right:" in capsys.readouterr().out
    for wrong, hint in ((WORKER_GBP, "salary in the data"),  # the cost at the data's salary
                        (GIVEN_SALARY_GBP, "salary alone"),
                        ((GIVEN_SALARY_GBP + employer_ni_by_hand(GIVEN_SALARY_GBP)) * MARKUP, "pension contribution"),
                        (at_given / 12, "months against years")):
        with pytest.raises(teaching.NotYet, match=hint) as err:
            teaching.check_peer_worker_cost(wrong, GIVEN_SALARY_GBP)
        assert not any(shown in str(err.value) for shown in shown_forms(at_given))
    with pytest.raises(teaching.NotYet, match="too high"):  # no salary given: the data's
        teaching.check_peer_worker_cost(at_given)


# £120 a visit against £300 an inpatient day, as a notebook's parameters might give them (not the data's)
GIVEN_CRISIS_GBP, GIVEN_INPATIENT_GBP = 120.0, 300.0


def test_the_leeds_checks_follow_the_figures_given(capsys: pytest.CaptureFixture[str]) -> None:
    # A diverted day saves £300 - £120 = £180: the claimed saving / £180 diverted days; break-even £120 / £300 = 0.4.
    days = LEEDS.claimed_annual_saving_gbp / (GIVEN_INPATIENT_GBP - GIVEN_CRISIS_GBP)
    given = ("", GIVEN_CRISIS_GBP, GIVEN_INPATIENT_GBP)
    teaching.check_implied_diverted_days(round(days), *given)
    teaching.check_break_even_share(0.4, *given)
    # At 2015-16 prices the claimed saving moves with the index; the figures given are already at that year's.
    saving_later = LEEDS.claimed_annual_saving_gbp * INDEX.level("2015-16") / INDEX.level(LEEDS.price_year)
    teaching.check_implied_diverted_days(round(saving_later / (GIVEN_INPATIENT_GBP - GIVEN_CRISIS_GBP)), "2015-16",
                                         GIVEN_CRISIS_GBP, GIVEN_INPATIENT_GBP)
    teaching.check_break_even_share(0.4, "2015-16", GIVEN_CRISIS_GBP, GIVEN_INPATIENT_GBP)
    assert capsys.readouterr().out.count("Right:") == 4
    # The data's answers are wrong at other figures; a slip is still recognised at them.
    with pytest.raises(teaching.NotYet, match="too"):
        teaching.check_implied_diverted_days(round(IMPLIED_DAYS), *given)
    with pytest.raises(teaching.NotYet, match="crisis-house cost"):
        teaching.check_implied_diverted_days(LEEDS.claimed_annual_saving_gbp / GIVEN_CRISIS_GBP, *given)
    with pytest.raises(teaching.NotYet, match="Upside down"):
        teaching.check_break_even_share(2.5, *given)
    with pytest.raises(teaching.NotYet, match="percentage"):
        teaching.check_break_even_share(40, *given)


def test_checks_refuse_what_they_cannot_teach() -> None:
    with pytest.raises(teaching.CannotCheck, match="saved no bed-days"):  # Rivera et al. 2007: no difference
        teaching.check_break_even_caseload(1.0, "rivera2007")
    with pytest.raises(teaching.CannotCheck, match="already among"):
        teaching.check_pooled_ratio(1.0, "sledge2011")
    with pytest.raises(teaching.CannotCheck, match="own staffing"):  # CORE publishes its intensity
        teaching.check_fte_years(1.0, "core2018")
    with pytest.raises(teaching.CannotCheck, match="caseload"):
        teaching.check_fte_years(1.0, "sledge2011", -5)
    with pytest.raises(teaching.CannotCheck, match="marginal_cost_share"):
        teaching.check_ratio_at_marginal_cost(1.0, 1.5)
    with pytest.raises(teaching.CannotCheck, match="price_year"):
        teaching.check_price_conversion(BED_DAY_GBP, "1999-00")
    with pytest.raises(teaching.CannotCheck, match="peer_worker_salary_gbp"):
        teaching.check_peer_worker_cost(1.0, -20_000)
    with pytest.raises(teaching.CannotCheck, match="price_year"):
        teaching.check_break_even_share(0.5, "1999-00")
    with pytest.raises(teaching.CannotCheck, match="inpatient_cost_per_day_gbp"):
        teaching.check_break_even_share(0.5, "", None, 0)
    # A visit that costs as much as the day it would replace: no diverted day saves anything.
    for check in (teaching.check_implied_diverted_days, teaching.check_break_even_share):
        with pytest.raises(teaching.CannotCheck, match="saves nothing"):
            check(1.0, "", GIVEN_INPATIENT_GBP, GIVEN_INPATIENT_GBP)


# --- The notebooks ------------------------------------------------------------------------------

def code_cells(nb: nbformat.NotebookNode) -> list[nbformat.NotebookNode]:
    return [c for c in nb.cells if c.cell_type == "code"]


def tags(cell: nbformat.NotebookNode) -> list[str]:
    return list(cell.metadata.get("tags", []))


@pytest.mark.parametrize("solution", SOLUTIONS, ids=lambda p: p.stem)
def test_solution_shape(solution: Path) -> None:
    """One parameters cell first, each parameter commented; every exercise followed by its check."""
    cells = code_cells(jupytext.read(solution))
    assert [i for i, c in enumerate(cells) if "parameters" in tags(c)] == [0], solution.name
    assert all("#" in line for line in cells[0].source.splitlines()), "a parameter without a comment"
    exercises = [i for i, c in enumerate(cells) if "exercise" in tags(c)]
    checks = [i for i, c in enumerate(cells) if "check" in tags(c)]
    assert exercises and checks == [i + 1 for i in exercises], "each exercise cell must be followed by its check"
    for i in exercises:
        answer_name = cells[i].source.split("=")[0].strip()
        assert cells[i + 1].source.startswith("check_") and answer_name in cells[i + 1].source


@pytest.mark.parametrize("solution", SOLUTIONS, ids=lambda p: p.stem)
def test_no_figure_is_typed_into_the_narrative(solution: Path) -> None:
    """Figures (decimals, thousands, sums of money) are formatted from data/ or a result, not typed."""
    for cell in jupytext.read(solution).cells:
        if cell.cell_type == "markdown":
            assert not re.search(r"\d[.,]\d|£\s*\d", cell.source), f"{solution.name}: {cell.source[:80]!r}"


def test_the_decision_notebook_states_its_assumption() -> None:
    nb = jupytext.read(TEACHING / "solutions" / "07_from_ratio_to_decision.py")
    parameter = next(line for line in code_cells(nb)[0].source.splitlines() if line.startswith("marginal_cost_share"))
    assert "ASSUMPTION" in parameter and "not in data/" in parameter
    narrative = " ".join(c.source for c in nb.cells if c.cell_type == "markdown")
    assert "not an estimate from any source" in narrative and "**assumption**" in narrative


@pytest.mark.parametrize("solution", SOLUTIONS, ids=lambda p: p.stem)
def test_student_notebook_is_the_blanked_solution(solution: Path) -> None:
    committed = nbformat.read(student_path(solution), as_version=4)
    generated = blank_exercises(jupytext.read(solution))
    assert committed == generated, f"{student_path(solution).name} is out of date: run python scripts/make_exercises.py"
    paired = nbformat.read(solution.with_suffix(".ipynb"), as_version=4)
    assert [(c.cell_type, c.source, tags(c)) for c in paired.cells] == [
        (c.cell_type, c.source, tags(c)) for c in jupytext.read(solution).cells], (
        f"{solution.with_suffix('.ipynb').name} and {solution.name} differ: run scripts/refresh_golden.py")
    assert paired.metadata["jupytext"]["formats"] == "ipynb,py:percent"
    assert all(not c.get("outputs") for c in code_cells(committed) + code_cells(paired))
    for solved, blank in zip(code_cells(jupytext.read(solution)), code_cells(committed), strict=True):
        if "exercise" in tags(solved):
            assert blank.source.endswith("= ...  # your calculation here") and "teaching" not in blank.source


def test_blanking_keeps_each_assigned_name() -> None:
    nb = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_code_cell("a = 1\nb = a == 1  # compare\na == 1\n  # a comment",
                                  metadata={"tags": ["exercise"]}),
        nbformat.v4.new_code_cell("teaching.check(b)", metadata={"tags": ["check"]}),
    ])
    student = blank_exercises(nb)
    assert student.cells[0].source == "a = ...  # your calculation here\nb = ...  # your calculation here"
    assert student.cells[1].source == "teaching.check(b)"
    with pytest.raises(ValueError, match="no assignment"):
        blank_exercises(nbformat.v4.new_notebook(cells=[
            nbformat.v4.new_code_cell("print(1)", metadata={"tags": ["exercise"]})]))


def run(nb: nbformat.NotebookNode, allow_errors: bool = True) -> nbformat.NotebookNode:
    with kernel_sockets() as config:
        NotebookClient(nb, kernel_name="python3", allow_errors=allow_errors, timeout=300, config=config,
                       resources={"metadata": {"path": str(TEACHING)}}).execute()
    return nb


def error_of(cell: nbformat.NotebookNode) -> nbformat.NotebookNode:
    return next(o for o in cell.outputs if o.output_type == "error")


ANSI = re.compile(r"\x1b\[[0-9;]*m")


def what_the_student_sees(cell: nbformat.NotebookNode) -> str:
    """The error output as Jupyter renders it: its traceback lines, without colour codes."""
    return ANSI.sub("", "\n".join(error_of(cell).traceback))


@pytest.mark.parametrize("solution", SOLUTIONS, ids=lambda p: p.stem)
def test_student_notebook_fails_only_at_its_checks(solution: Path) -> None:
    nb = run(nbformat.read(student_path(solution), as_version=4))
    failed = [c for c in code_cells(nb) if any(o.output_type == "error" for o in c.outputs)]
    checks = [c for c in code_cells(nb) if "check" in tags(c)]
    assert checks, "a teaching notebook without exercises"
    assert failed == checks, [c.source[:60] for c in failed]
    for cell in failed:
        assert error_of(cell).ename == "NotYet" and "not answered yet" in error_of(cell).evalue
        assert what_the_student_sees(cell) == error_of(cell).evalue  # one line, the message alone


def fill_in(nb: nbformat.NotebookNode, answers: dict[str, str]) -> nbformat.NotebookNode:
    """The student's notebook with some exercises answered: ``{answer name: expression}``."""
    for cell in code_cells(nb):
        name = cell.source.split("=")[0].strip()
        if "exercise" in tags(cell) and name in answers:
            cell.source = f"{name} = {answers.pop(name)}"
    assert not answers, f"no exercise cell for {', '.join(answers)}"
    return nb


def check_cell_of(nb: nbformat.NotebookNode, answer_name: str) -> nbformat.NotebookNode:
    cells = code_cells(nb)
    i = next(i for i, c in enumerate(cells) if "exercise" in tags(c) and c.source.startswith(f"{answer_name} ="))
    return cells[i + 1]


def solution_answer(stem: str, answer_name: str) -> str:
    """The worked solution's expression for one answer, as a student who got it right would write it."""
    for cell in code_cells(jupytext.read(TEACHING / "solutions" / f"{stem}.py")):
        if "exercise" in tags(cell) and cell.source.startswith(f"{answer_name} ="):
            return cell.source.split("=", 1)[1].strip()
    raise AssertionError(f"{stem} has no exercise {answer_name}")


# A typical wrong answer in each notebook, written as a student would write it, the phrase of the
# hint it must get, and the right answer worked by hand.
WRONG_IN_NOTEBOOK = {
    "01_unit_costs": ("answer_peer_worker_cost_gbp", "c.peer_worker_salary_gbp", "salary alone", WORKER_GBP),
    "02_bed_days_to_ratio": ("answer_fte_years", "study.n_peer * study.support_months / assumed_caseload",
                             "FTE-months", FTE_YEARS),
    "03_break_even": ("answer_break_even_bed_days", "c.bed_day_cost_gbp / c.peer_worker_cost_gbp", "Upside down",
                      WORKER_GBP / BED_DAY_GBP),
    "04_weighting": ("answer_pooled_ratio", "sum(r.benefit_cost_ratio for r in results) / len(results)",
                     "simple average", POOLED),
    "05_leeds_counterfactual": ("answer_implied_days",
                                "inputs.claimed_annual_saving_gbp / inputs.crisis_cost_per_visit_gbp",
                                "crisis-house cost", IMPLIED_DAYS),
    "06_reading_a_psa": ("answer_probability", "100 * (psa.ratios[outcome] > 1).mean()", "percentage", P_ABOVE_ONE),
    "07_from_ratio_to_decision": ("answer_net_benefit_gbp", "pooled.benefit_cost_ratio * c.peer_worker_cost_gbp",
                                  "beds saved alone", NET_BENEFIT),
}
NOT_FOR_STUDENTS = ("def ", "teaching.py", "report(", "assess(", "Traceback", "File ", "site-packages",
                    "Mistake(", "raise ", "-->")


def test_every_notebook_has_a_wrong_answer_to_try() -> None:
    assert sorted(WRONG_IN_NOTEBOOK) == [p.stem for p in SOLUTIONS]


@pytest.mark.parametrize("stem", WRONG_IN_NOTEBOOK)
def test_a_wrong_answer_shows_the_student_one_line_hint_and_nothing_else(stem: str) -> None:
    name, wrong, hint, right = WRONG_IN_NOTEBOOK[stem]
    nb = run(fill_in(nbformat.read(TEACHING / f"{stem}.ipynb", as_version=4), {name: wrong}))
    check = check_cell_of(nb, name)
    seen = what_the_student_sees(check)
    assert error_of(check).ename == "NotYet"
    assert hint in seen and "not yet" in seen
    assert len(error_of(check).traceback) == 1 and "\n" not in seen, seen
    for text in NOT_FOR_STUDENTS:
        assert text not in seen, f"{text!r} shown to the student: {seen}"
    for shown in shown_forms(right):
        assert shown not in seen, f"the right answer shown to the student: {seen}"


def test_a_student_given_a_salary_is_checked_at_it() -> None:
    """A student handed notebook 01 with the lowest salary a class draws: the cost at the data's salary (a
    classmate's answer, say) gets a one-line hint; the cost at their own salary, worked by hand, is right."""
    salary = min(classroom.DRAWN["peer_worker_salary_gbp"]().values)
    name = "answer_peer_worker_cost_gbp"

    def answered(answer: str) -> nbformat.NotebookNode:
        handed = classroom.with_values(nbformat.read(TEACHING / "01_unit_costs.ipynb", as_version=4),
                                       {"peer_worker_salary_gbp": salary})
        return check_cell_of(run(fill_in(handed, {name: answer})), name)

    seen = what_the_student_sees(answered(f"{WORKER_GBP:.0f}"))
    assert "salary in the data" in seen and "\n" not in seen, seen
    assert not any(shown in seen for shown in shown_forms(worker_cost_by_hand(salary))), seen
    assert "Right:" in "".join(o.get("text", "") for o in answered(f"{worker_cost_by_hand(salary):.0f}").outputs)


def test_run_all_stops_at_the_first_failing_check() -> None:
    name, wrong, hint, _ = WRONG_IN_NOTEBOOK["02_bed_days_to_ratio"]
    nb = fill_in(nbformat.read(TEACHING / "02_bed_days_to_ratio.ipynb", as_version=4), {name: wrong})
    with pytest.raises(CellExecutionError) as err:
        run(nb, allow_errors=False)
    assert err.value.ename == "NotYet" and hint in str(err.value)
    cells = code_cells(nb)
    stopped = cells.index(check_cell_of(nb, name))
    assert all(c.execution_count is None and not c.outputs for c in cells[stopped + 1:])


def test_a_mistake_carried_forward_is_named_in_the_notebook() -> None:
    stem = "02_bed_days_to_ratio"
    nb = fill_in(nbformat.read(TEACHING / f"{stem}.ipynb", as_version=4), {
        "answer_fte_years": "study.n_peer * study.support_months / assumed_caseload",  # FTE-months
        "answer_bed_days_saved_per_fte_year": solution_answer(stem, "answer_bed_days_saved_per_fte_year"),
        "answer_ratio": solution_answer(stem, "answer_ratio"),
    })
    nb = run(nb)
    assert "FTE-months" in what_the_student_sees(check_cell_of(nb, "answer_fte_years"))
    second = what_the_student_sees(check_cell_of(nb, "answer_bed_days_saved_per_fte_year"))
    third = what_the_student_sees(check_cell_of(nb, "answer_ratio"))
    assert "follows from your answer to exercise 1" in second and "fix that first" in second.lower()
    assert "follows from your answer to exercise 2" in third
    for seen, right in ((second, SAVED), (third, RATIO)):
        assert not any(shown in seen for shown in shown_forms(right)), seen


def test_the_one_line_handler_leaves_other_errors_and_handlers_alone() -> None:
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(source) for source in (
        "def mine(shell, etype, value, tb, tb_offset=None):\n"
        "    shell._showtraceback(etype, value, ['handled by mine'])\n"
        "get_ipython().set_custom_exc((KeyError,), mine)",
        "import importlib\nfrom peerlib.apps import teaching\nteaching = importlib.reload(teaching)",
        f"teaching.check_fte_years({FTE_YEARS * 12})",  # FTE-months
        "teaching.check_break_even_caseload(1.0, 'rivera2007')",
        "{}['missing']",
        "1 / 0",
        "not_an_answer_name",
    )])
    cells = run(nb).cells
    assert [what_the_student_sees(c).count("\n") for c in cells[2:5]] == [0, 0, 0]
    assert "FTE-months" in what_the_student_sees(cells[2])
    assert error_of(cells[3]).ename == "CannotCheck" and "saved no bed-days" in what_the_student_sees(cells[3])
    assert what_the_student_sees(cells[4]) == "handled by mine"
    assert "Traceback" in what_the_student_sees(cells[5])  # anything else: the usual traceback
    assert "Traceback" in what_the_student_sees(cells[6]) and "not_an_answer_name" in what_the_student_sees(cells[6])


# Each slip a student makes, written into the student's notebook as they would write it: the answer
# name, what the student writes, and a phrase the check's one line must hold (None: it is right).
SLIPS_IN_NOTEBOOK: dict[str, list[tuple[str, str, str | None]]] = {
    "01_unit_costs": [
        ("answer_peer_worker_cost_gbp", f"{solution_answer('01_unit_costs', 'answer_peer_worker_cost_gbp')} / 12",
         "months against years"),
        ("answer_bed_day_cost_later_gbp", f"{LATER_GBP:.0f}", None),  # to the nearest pound, as asked
    ],
    "02_bed_days_to_ratio": [
        ("answer_fte_years", "study.n_peer / 0", "run the exercise cell above first"),  # the cell fails
        ("answer_bed_days_saved_per_fte_year", f"{SAVED:.0f}", None),  # not broken by exercise 1
        ("answer_ratio", f"100 * {SAVED:.0f} * c.bed_day_cost_gbp / c.peer_worker_cost_gbp", "percentage"),
    ],
    "03_break_even": [
        ("answer_break_even_bed_days", "-c.peer_worker_cost_gbp / c.bed_day_cost_gbp", "cannot be below zero"),
        ("answer_break_even_caseload", f"{BREAK_EVEN_CASELOAD:.1f}", None),  # one decimal place, as asked
        ("answer_ratio_at_caseload", f"{CASELOAD / BREAK_EVEN_CASELOAD:.2f} / 12", "same period"),
    ],
    # Rounded further than asked: FTE-years and the ratio to one place, where two are asked.
    "02_bed_days_to_ratio: rounded further": [
        ("answer_fte_years", f"{FTE_YEARS:.1f}", "right, but give it to two decimal places, as the exercise asks"),
        ("answer_bed_days_saved_per_fte_year", f"{SAVED:.0f}", None),
        ("answer_ratio", f"{RATIO:.1f}", "right, but give it to two decimal places"),
    ],
    "04_weighting": [
        ("answer_pooled_ratio", f"{POOLED:.1f}", "right, but give it to two decimal places"),  # one place
        ("answer_largest_share", f"{100 * LARGEST_SHARE:.0f}", "percentage"),  # 98 for 0.978
        ("answer_pooled_without_largest", f"{WITHOUT_LARGEST:.2f}", None),
    ],
    # 354.4 days "to a whole number" is 354: 355 is not, though within half a per cent. A percentage at the
    # precision typed: 69.5 or 69 for 0.695.
    "05_leeds_counterfactual": [
        ("answer_implied_days", f"{round(IMPLIED_DAYS) + 1}", "too high"),
        ("answer_break_even_share", f"{100 * SHARE:.1f}", "It looks like a percentage"),
    ],
    "05_leeds_counterfactual: a whole percentage": [
        ("answer_implied_days", f"{IMPLIED_DAYS:.0f}", None),
        ("answer_break_even_share", f"{100 * SHARE:.0f}", "It looks like a percentage"),
    ],
    "05_leeds_counterfactual: typed as text": [
        ("answer_implied_days", f"{IMPLIED_DAYS:.1f}", None),  # more precise than asked
        ("answer_break_even_share", f'"{100 * SHARE:.0f} %"', f"break-even diversion share: expected a single number "
         f"(fraction), found the text '{100 * SHARE:.0f} %': write the number without quotes or a % sign."),
    ],
    "06_reading_a_psa": [
        ("answer_probability", f"{100 * P_ABOVE_ONE:.0f}", "It looks like a percentage"),
    ],
    "07_from_ratio_to_decision": [
        ("answer_net_benefit_gbp", "(round(pooled.benefit_cost_ratio, 2) - 1) * c.peer_worker_cost_gbp",
         "a figure was rounded on the way"),
        ("answer_ratio_at_marginal_cost", f'"{REPORT * MARGINAL:g}"', f"found the text '{REPORT * MARGINAL:g}': "
                                                                     "write the number without quotes."),
        ("answer_break_even_share", f"{100 / REPORT:.0f}", "It looks like a percentage"),  # 21 for 0.2083
        ("answer_beds_freed", f"{SAVED / 365.25:.1f}", "right, but give it to two decimal places"),  # 0.4 for 0.414
        ("answer_cash_released_gbp", f"{CASH_RELEASED:.0f}", None),
        ("answer_cash_to_find_gbp", f"{CASH_TO_FIND / 12:.0f}", "months against years"),
    ],
}


def solution_answer_names(stem: str) -> list[str]:
    return [c.source.split("=")[0].strip() for c in code_cells(jupytext.read(TEACHING / "solutions" / f"{stem}.py"))
            if "exercise" in tags(c)]


@pytest.mark.parametrize("case", SLIPS_IN_NOTEBOOK)
def test_each_slip_gets_its_one_line_in_the_student_notebook(case: str) -> None:
    slips, stem = SLIPS_IN_NOTEBOOK[case], case.split(":")[0]
    assert [name for name, _, _ in slips] == solution_answer_names(stem)
    nb = run(fill_in(nbformat.read(TEACHING / f"{stem}.ipynb", as_version=4),
                     {name: written for name, written, _ in slips}))
    for name, _, hint in slips:
        check = check_cell_of(nb, name)
        if hint is None:
            printed = "".join(o.get("text", "") for o in check.outputs)
            assert "Right:" in printed and not any(o.output_type == "error" for o in check.outputs), check.outputs
            continue
        seen = what_the_student_sees(check)
        assert hint in seen and "\n" not in seen and len(error_of(check).traceback) == 1, seen
        for text in NOT_FOR_STUDENTS:
            assert text not in seen, f"{text!r} shown to the student: {seen}"
        if "below zero" in hint:  # a sign hint fit for the quantity: no arms in a break-even
            assert "arm" not in seen, seen


# Each solution with its parameters set away from the defaults: the checks follow the parameters.
OTHER_PARAMETERS = {
    "01_unit_costs": {"price_year": "2015-16", "peer_worker_salary_gbp": GIVEN_SALARY_GBP},
    "02_bed_days_to_ratio": {"study_id": "min2007", "caseload": 12},
    "03_break_even": {"study_id": "min2007", "caseload": 8},
    "04_weighting": {"extra_studies": "core2018", "caseload": 10},
    "05_leeds_counterfactual": {"price_year": "2011-12", "crisis_cost_per_visit_gbp": GIVEN_CRISIS_GBP,
                                "inpatient_cost_per_day_gbp": GIVEN_INPATIENT_GBP},
    "06_reading_a_psa": {"outcome": "pooled_sample_size", "caseload": 30},
    "07_from_ratio_to_decision": {"study_id": "min2007", "caseload": 12, "marginal_cost_share": 0.4},
}


def test_every_solution_has_other_parameters_to_try() -> None:
    assert sorted(OTHER_PARAMETERS) == [p.stem for p in SOLUTIONS]


@pytest.mark.parametrize("solution", SOLUTIONS, ids=lambda p: p.stem)
def test_solution_passes_its_checks_with_other_parameters(solution: Path, tmp_path: Path) -> None:
    with kernel_sockets() as config:
        executed = pm.execute_notebook(str(solution.with_suffix(".ipynb")), str(tmp_path / "out.ipynb"),
                                       parameters=OTHER_PARAMETERS[solution.stem], kernel_name="python3",
                                       progress_bar=False, cwd=str(solution.parent), config=config,
                                       request_save_on_cell_execute=False)
    printed = "".join(o.get("text", "") for c in code_cells(executed) if "check" in tags(c) for o in c.outputs)
    assert printed.count("Right:") == sum("check" in tags(c) for c in code_cells(executed))
