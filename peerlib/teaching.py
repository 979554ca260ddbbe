"""Exercise checks for the teaching notebooks.

Each check compares a student's answer with the figure peerlib computes from ``data/``. A right
answer prints a short confirmation; a wrong one raises :class:`NotYet` with a hint about the
likely mistake, never the answer itself, so a notebook with blanks stops at its check cells.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from peerlib import costs, crisis_house, ratios, sensitivity, studies, weighting

RELATIVE_TOLERANCE = 0.005  # half a per cent: rounding in a hand calculation is fine


class NotYet(AssertionError):
    """The answer is missing or wrong; the message says what to look at."""


@dataclass(frozen=True)
class Mistake:
    """A typical wrong answer and the hint that goes with it."""

    value: float
    hint: str


def check(name: str, answer: object, expected: float, mistakes: Sequence[Mistake] = (), unit: str = "") -> str:
    """Raise NotYet unless ``answer`` is within rounding of ``expected``; return the confirmation."""
    if answer is None or answer is Ellipsis:
        raise NotYet(f"{name}: not answered yet. Replace the ... with your calculation, then run this cell again.")
    if isinstance(answer, bool) or not isinstance(answer, (int, float)) or not math.isfinite(answer):
        raise NotYet(f"{name}: expected a number{' in ' + unit if unit else ''}, found {answer!r}.")
    if _close(answer, expected):
        return f"Right: {name} = {answer:,.4g}{' ' + unit if unit else ''}."
    for mistake in mistakes:
        if _close(answer, mistake.value):
            raise NotYet(f"{name}: not yet. {mistake.hint}")
    if expected != 0 and _close(answer / 100, expected):
        raise NotYet(f"{name}: not yet. It looks like a percentage: give it as a fraction (0.25 for 25 %).")
    if expected != 0 and _close(-answer, expected):
        raise NotYet(f"{name}: not yet. Check the sign: which arm used more beds, and which way round is saving?")
    direction = "too high" if answer > expected else "too low"
    raise NotYet(f"{name}: not yet; your answer is {direction}. Go back over each step and its units.")


def _close(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=RELATIVE_TOLERANCE, abs_tol=1e-9)


def confirm(message: str) -> None:
    print(message)


# --- 01 unit costs --------------------------------------------------------------------------

def check_peer_worker_cost(answer_gbp: object) -> None:
    c = costs.load_cost_assumptions()
    worker = c.peer_worker
    confirm(check("cost of one FTE peer worker for a year", answer_gbp, worker.total_gbp, [
        Mistake(worker.salary_gbp, "That is the salary alone: an employer also pays national insurance and pension."),
        Mistake(worker.salary_gbp + worker.employer_pension_gbp,
                "Pension is in, but the employer's national insurance is missing."),
        Mistake(worker.salary_gbp * (1 + c.employer_ni_rate + c.employer_pension_rate),
                "National insurance is paid only on earnings above the threshold, not on the whole salary."),
    ], "£ a year"))


def check_price_conversion(answer_gbp: object, price_year: str) -> None:
    index = costs.load_price_index()
    c = costs.load_cost_assumptions()
    expected = index.convert(c.bed_day_cost_gbp, c.price_year, price_year)
    confirm(check(f"bed-day cost at {price_year} prices", answer_gbp, expected, [
        Mistake(c.bed_day_cost_gbp * index.factor(price_year, c.price_year),
                "The conversion runs the wrong way: multiply by level(new year) / level(old year)."),
    ], "£"))


# --- 02 from bed-days to a ratio -----------------------------------------------------------------

def _sledge() -> ratios.StudyResult:
    return ratios.evaluate_study(studies.load_study("sledge2011"), costs.load_cost_assumptions())


def check_bed_days_saved_per_fte_year(answer: object) -> None:
    r = _sledge()
    assert r.delta_bed_days_per_patient is not None
    confirm(check("bed-days saved per FTE-year", answer, r.bed_days_saved_per_fte_year, [
        Mistake(r.delta_bed_days_per_patient * r.n_peer / r.peer_fte,
                "Nearly: the follow-up was not a year. Divide by FTE-years (FTE x months / 12), not by FTE."),
        Mistake(r.delta_bed_days_per_patient,
                "That is per patient: multiply by the patients in the peer arm, then divide by FTE-years."),
        Mistake(r.delta_bed_days_per_patient * r.sample_size / ratios.fte_years(r.peer_fte, r.followup_months),
                "Only the peer arm's patients were supported by the peer workers: use n_peer, not both arms."),
    ], "bed-days per FTE-year"))


def check_benefit_cost_ratio(answer: object) -> None:
    r = _sledge()
    c = costs.load_cost_assumptions()
    confirm(check("benefit:cost ratio", answer, r.benefit_cost_ratio, [
        Mistake(1 / r.benefit_cost_ratio, "Upside down: benefit (value of beds saved) over cost (the worker)."),
        Mistake(r.benefit_per_fte_year_gbp / c.peer_worker_salary_gbp,
                "The cost of a worker is more than the salary: use the full employment cost."),
    ]))


# --- 03 break-even ----------------------------------------------------------------------------

def check_break_even_caseload(answer: object) -> None:
    r = _sledge()
    assert r.break_even_caseload is not None and r.delta_bed_days_per_patient is not None
    confirm(check("break-even caseload", answer, r.break_even_caseload, [
        Mistake(r.peer_worker_cost_gbp / (r.delta_bed_days_per_patient * r.bed_day_cost_gbp),
                "Nearly: the patients are supported over the follow-up, not a year. Scale by months / 12."),
        Mistake(r.break_even_bed_days_per_fte_year,
                "That is the break-even in bed-days per FTE-year; now turn it into patients."),
    ], "patients per FTE"))


def check_break_even_bed_days(answer: object) -> None:
    r = _sledge()
    confirm(check("break-even bed-days per FTE-year", answer, r.break_even_bed_days_per_fte_year, [
        Mistake(r.bed_day_cost_gbp / r.peer_worker_cost_gbp, "Upside down: cost of a worker over cost of a bed-day."),
    ], "bed-days per FTE-year"))


# --- 04 weighting -------------------------------------------------------------------------------

def _six() -> list[ratios.StudyResult]:
    c = costs.load_cost_assumptions()
    return [ratios.evaluate_study(s, c) for s in studies.load_studies()]


def check_pooled_ratio(answer: object) -> None:
    results = _six()
    by_peer_arm = weighting.weighted_mean([r.benefit_cost_ratio for r in results], [r.n_peer for r in results])
    confirm(check("pooled ratio weighted by sample size", answer, weighting.pooled_ratio(results).benefit_cost_ratio, [
        Mistake(weighting.pooled_ratio(results, "equal").benefit_cost_ratio,
                "That is a simple average: weight each ratio by its study's sample size."),
        Mistake(by_peer_arm, "The report's weight is the sample size of both arms, n_peer + n_control."),
    ]))


def check_largest_weight_share(answer: object) -> None:
    results = _six()
    sizes = [r.sample_size for r in results]
    confirm(check("largest study's share of the weight", answer, max(sizes) / sum(sizes), [
        Mistake(max(sizes), "That is its sample size: divide by the total of all six."),
    ], "fraction"))


# --- 05 the Leeds claim ---------------------------------------------------------------------------

def _leeds() -> crisis_house.CrisisHouseResult:
    return crisis_house.evaluate_crisis_house(crisis_house.load_crisis_house_inputs())


def check_implied_diverted_days(answer: object) -> None:
    result = _leeds()
    i = result.inputs
    confirm(check("diverted days the claim implies", answer, result.implied_diverted_days, [
        Mistake(i.claimed_annual_saving_gbp / i.crisis_cost_per_visit_gbp,
                "Each diverted day saves the difference in cost, not the crisis-house cost."),
        Mistake(i.claimed_annual_saving_gbp / i.inpatient_cost_per_day_gbp,
                "Each diverted day saves the difference in cost, not the whole inpatient cost."),
    ], "days a year"))


def check_break_even_share(answer: object) -> None:
    result = _leeds()
    i = result.inputs
    confirm(check("break-even diversion share", answer, result.break_even_diversion_share, [
        Mistake(i.inpatient_cost_per_day_gbp / i.crisis_cost_per_visit_gbp,
                "Upside down: the share is crisis cost over inpatient cost, a number below 1."),
        Mistake(1 - result.break_even_diversion_share, "That is the share that may *fail* to replace a hospital day."),
    ], "fraction"))


# --- 06 reading a probabilistic analysis -----------------------------------------------------------

PSA_DRAWS = 20_000
PSA_SEED = 2013


def psa_for_teaching() -> sensitivity.PSAResult:
    """The probabilistic analysis the exercise reads: fixed draws and seed, so every student sees the same."""
    six = studies.load_studies()
    specs = sensitivity.parameter_specs(six, costs.load_cost_assumptions(), sensitivity.load_uncertainty())
    return sensitivity.probabilistic(specs, six, n_draws=PSA_DRAWS, seed=PSA_SEED)


def check_probability_above_one(answer: object, outcome: str = "sledge2011") -> None:
    probability = float((psa_for_teaching().ratios[outcome] > 1).mean())
    confirm(check(f"P(ratio > 1) for {outcome}", answer, probability, [
        Mistake(1 - probability, "That is the probability that the ratio is at most 1."),
    ], "probability"))
