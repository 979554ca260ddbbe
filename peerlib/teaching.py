"""Exercise checks for the teaching notebooks.

Each check compares a student's answer with the figure peerlib computes from ``data/``. A right
answer prints a short confirmation; a wrong one raises :class:`NotYet` (an ``AssertionError``)
with a hint about the likely mistake, never the answer itself, so a notebook with blanks stops at
its check cells. :func:`assess` does the comparison without raising, for anything that wants the
verdict as a value.
"""

from __future__ import annotations

import math
import numbers
import reprlib
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from peerlib import costs, crisis_house, ratios, sensitivity, studies, weighting
from peerlib.errors import ParameterError

RELATIVE_TOLERANCE = 0.005  # half a per cent: rounding in a hand calculation is fine
DEFAULT_STUDY_ID = "sledge2011"  # the worked example of notebooks 02 and 03: an RCT with mean bed-days per arm
PERCENT_HINT = "It looks like a percentage: give it as a fraction (0.25 for 25 %)."


class NotYet(AssertionError):
    """The answer is missing or wrong; the message says what to look at."""


@dataclass(frozen=True)
class Mistake:
    """A typical wrong answer and the hint that goes with it."""

    value: float
    hint: str


@dataclass(frozen=True)
class Check:
    """The verdict on one answer: right or not, and what to tell the student."""

    ok: bool
    message: str


def assess(name: str, answer: object, expected: float, mistakes: Sequence[Mistake] = (), unit: str = "") -> Check:
    """Compare ``answer`` with ``expected``; when it is wrong, name the first typical mistake it matches.

    The right answer is tested first, so a mistake that happens to give the right number under
    the current data (with an overhead rate of 0, "forgot overheads" is right) is accepted.
    """
    if answer is None or answer is Ellipsis:
        return Check(False, f"{name}: not answered yet. Write your calculation in place of the ... in the cell "
                            "above, run that cell, then run this one again.")
    number = _as_number(answer)
    in_unit = f" ({unit})" if unit else ""
    if number is None:
        return Check(False, f"{name}: expected a single number{in_unit}, found {reprlib.repr(answer)}.")
    if _close(number, expected):
        return Check(True, f"Right: {name} = {_shown(number)}{in_unit}.")
    for mistake in mistakes:
        if _close(number, mistake.value):
            return Check(False, f"{name}: not yet. {mistake.hint}")
    if expected != 0 and _close(-number, expected):
        return Check(False, f"{name}: not yet. Check the sign: which arm used more beds, and which way round "
                            "is a saving?")
    direction = "too high" if number > expected else "too low"
    return Check(False, f"{name}: not yet; your answer is {direction}. Go back over each step and its units.")


def report(result: Check) -> None:
    """Print the confirmation, or raise :class:`NotYet` so the notebook stops at this check."""
    if not result.ok:
        raise NotYet(result.message)
    print(result.message)


def _as_number(answer: object) -> float | None:
    """The answer as a float if it is one real number (numpy scalars included), else None."""
    if isinstance(answer, np.ndarray) and answer.ndim == 0:
        answer = answer.item()
    if isinstance(answer, (bool, np.bool_)) or not isinstance(answer, numbers.Real):
        return None
    number = float(answer)
    return number if math.isfinite(number) else None


def _shown(number: float) -> str:
    """Four significant figures, but whole pounds or days written out rather than as 2.122e+04."""
    return f"{number:,.0f}" if abs(number) >= 1000 else f"{number:.4g}"


def _close(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=RELATIVE_TOLERANCE, abs_tol=1e-9)


def _as_percentage(expected: float) -> Mistake:
    return Mistake(100 * expected, PERCENT_HINT)


# --- 01 unit costs --------------------------------------------------------------------------

def check_peer_worker_cost(answer_gbp: object) -> None:
    c = costs.load_cost_assumptions()
    worker = c.peer_worker
    salary, ni, pension = worker.salary_gbp, worker.employer_ni_gbp, worker.employer_pension_gbp
    markup = 1 + c.overhead_rate
    report(assess("cost of one FTE peer worker for a year", answer_gbp, worker.total_gbp, [
        Mistake(salary, "That is the salary alone: an employer also pays national insurance and pension, "
                        "and carries overheads."),
        Mistake((salary + pension) * markup, "Pension is in, but the employer's national insurance is missing."),
        Mistake((salary + ni) * markup, "National insurance is in, but the employer's pension contribution is "
                                        "missing."),
        Mistake((salary * (1 + c.employer_ni_rate + c.employer_pension_rate)) * markup,
                "National insurance is paid only on earnings above the threshold, not on the whole salary."),
        Mistake(salary + ni + pension, "Salary and on-costs are in; the overheads are missing."),
        Mistake(salary * markup + ni + pension,
                "Overheads are a share of salary *and* on-costs, not of the salary alone."),
    ], "£ a year"))


def check_price_conversion(answer_gbp: object, price_year: str) -> None:
    """The bed-day cost of ``data/unit_costs.csv`` moved to ``price_year`` prices."""
    index = costs.load_price_index()
    c = costs.load_cost_assumptions()
    base_gbp = c.bed_day_cost_gbp
    mistakes = [
        Mistake(base_gbp * index.factor(price_year, c.price_year),
                "The conversion runs the wrong way: multiply by level(new year) / level(old year)."),
        Mistake(base_gbp, f"That is the cost at {c.price_year} prices, not converted yet."),
    ]
    if price_year in index.years and index.years.index(price_year) > index.years.index(c.price_year):
        mistakes.append(Mistake(base_gbp * (1 + _summed_changes(index, c.price_year, price_year)),
                                "Price changes compound: multiply the yearly factors (or take the ratio of "
                                "the two levels) rather than adding up the percentages."))
    report(assess(f"bed-day cost at {price_year} prices", answer_gbp,
                  index.convert(base_gbp, c.price_year, price_year), mistakes, "£"))


def _summed_changes(index: costs.PriceIndex, from_year: str, to_year: str) -> float:
    """The yearly changes from ``from_year`` to a later ``to_year`` added up (as fractions), not chained."""
    years = index.years[index.years.index(from_year):index.years.index(to_year) + 1]
    return sum(index.factor(before, after) - 1 for before, after in zip(years, years[1:], strict=False))


# --- 02 from bed-days to a ratio -----------------------------------------------------------------

def _study(study_id: str) -> tuple[ratios.StudyResult, float]:
    """The study evaluated at the data's costs, and its bed-days saved per patient over follow-up."""
    result = ratios.evaluate_study(studies.load_study(study_id), costs.load_cost_assumptions())
    if result.delta_bed_days_per_patient is None:
        raise ParameterError(f"study {study_id!r} publishes bed-days saved per FTE-year directly: "
                             "there is no per-patient figure for these exercises to scale")
    return result, result.delta_bed_days_per_patient


def check_fte_years(answer: object, study_id: str = DEFAULT_STUDY_ID) -> None:
    r, _ = _study(study_id)
    years = r.followup_months / ratios.MONTHS_PER_YEAR
    report(assess("peer-worker input in FTE-years", answer, ratios.fte_years(r.peer_fte, r.followup_months), [
        Mistake(r.peer_fte / years, "Upside down: the follow-up in years is months / 12, not 12 / months."),
        Mistake(r.peer_fte * r.followup_months, "That is FTE-months: divide by 12 to get FTE-years."),
        Mistake(r.peer_fte, "That is the staffing in FTE; the study did not last exactly a year."),
    ], "FTE-years"))


def check_bed_days_saved_per_fte_year(answer: object, study_id: str = DEFAULT_STUDY_ID) -> None:
    r, delta = _study(study_id)
    years = r.followup_months / ratios.MONTHS_PER_YEAR
    report(assess("bed-days saved per FTE-year", answer, r.bed_days_saved_per_fte_year, [
        Mistake(delta * r.n_peer / r.peer_fte,
                "Nearly: the follow-up was not a year. Divide by FTE-years (FTE x months / 12), not by FTE."),
        Mistake(delta * r.n_peer * years / r.peer_fte,
                "Upside down in time: FTE-years are FTE x months / 12, so divide by that."),
        Mistake(delta * r.n_peer, "That is all the bed-days the peer arm saved: now divide by the FTE-years "
                                  "of peer work behind them."),
        Mistake(delta, "That is per patient: multiply by the patients in the peer arm, then divide by FTE-years."),
        Mistake(delta * r.sample_size / ratios.fte_years(r.peer_fte, r.followup_months),
                "Only the peer arm's patients were supported by the peer workers: use n_peer, not both arms."),
    ], "bed-days per FTE-year"))


def check_benefit_cost_ratio(answer: object, study_id: str = DEFAULT_STUDY_ID) -> None:
    r, _ = _study(study_id)
    c = costs.load_cost_assumptions()
    mistakes = [] if r.benefit_cost_ratio == 0 else [
        Mistake(1 / r.benefit_cost_ratio, "Upside down: benefit (value of beds saved) over cost (the worker).")]
    report(assess("benefit:cost ratio", answer, r.benefit_cost_ratio, mistakes + [
        Mistake(r.benefit_per_fte_year_gbp / c.peer_worker_salary_gbp,
                "The cost of a worker is more than the salary: use the full employment cost."),
        Mistake(r.benefit_cost_ratio * r.followup_months / ratios.MONTHS_PER_YEAR,
                "Benefit and cost must cover the same time: use bed-days saved per FTE-*year*."),
        Mistake(r.bed_days_saved_per_fte_year, "Those are bed-days: value them at the cost of a bed-day, then "
                                               "divide by the cost of a worker."),
        Mistake(r.benefit_per_fte_year_gbp, "That is the value of the beds saved, in £: divide it by what the "
                                            "worker costs."),
    ]))


# --- 03 break-even ----------------------------------------------------------------------------

def check_break_even_bed_days(answer: object) -> None:
    c = costs.load_cost_assumptions()
    report(assess("break-even bed-days per FTE-year", answer,
                  ratios.break_even_bed_days_per_fte_year(c.bed_day_cost_gbp, c.peer_worker_cost_gbp), [
        Mistake(c.bed_day_cost_gbp / c.peer_worker_cost_gbp,
                "Upside down: how many bed-days, each worth the cost of a bed-day, add up to a year of a worker?"),
        Mistake(c.peer_worker_salary_gbp / c.bed_day_cost_gbp,
                "The cost of a worker is more than the salary: use the full employment cost."),
    ], "bed-days per FTE-year"))


def check_break_even_caseload(answer: object, study_id: str = DEFAULT_STUDY_ID) -> None:
    r, delta = _study(study_id)
    if delta <= 0:
        raise ParameterError(f"study {study_id!r} saved no bed-days: no caseload breaks even, so pick a study "
                             "whose peer arm used fewer beds")
    assert r.break_even_caseload is not None  # _study has ruled out the form without a per-patient figure
    years = r.followup_months / ratios.MONTHS_PER_YEAR
    per_year_caseload = r.peer_worker_cost_gbp / (delta * r.bed_day_cost_gbp)
    report(assess("break-even caseload", answer, r.break_even_caseload, [
        Mistake(per_year_caseload,
                "Nearly: the patients are supported over the follow-up, not a year. Scale by months / 12."),
        Mistake(per_year_caseload / years, "Scaled the wrong way: multiply by months / 12, not 12 / months."),
        Mistake(r.break_even_bed_days_per_fte_year,
                "That is the break-even in bed-days per FTE-year; now turn it into patients."),
    ], "patients per FTE"))


# --- 04 weighting -------------------------------------------------------------------------------

def pooled_results(extra_studies: str = "") -> list[ratios.StudyResult]:
    """The six studies, plus any comma-separated ``extra_studies`` ids, evaluated at the data's costs."""
    six = studies.load_studies()
    extra_ids = [study_id.strip() for study_id in extra_studies.split(",") if study_id.strip()]
    already = [study_id for study_id in extra_ids if study_id in {s.study_id for s in six}]
    if already:
        raise ParameterError(f"extra_studies: {', '.join(already)} already among the six pooled studies")
    c = costs.load_cost_assumptions()
    return [ratios.evaluate_study(s, c) for s in six + [studies.load_study(i) for i in extra_ids]]


def _largest(results: Sequence[ratios.StudyResult]) -> ratios.StudyResult:
    return max(results, key=lambda r: r.sample_size)


def check_pooled_ratio(answer: object, extra_studies: str = "") -> None:
    results = pooled_results(extra_studies)
    ratios_, sizes = [r.benefit_cost_ratio for r in results], [r.sample_size for r in results]
    weighted_sum = sum(ratio * size for ratio, size in zip(ratios_, sizes, strict=True))
    report(assess("pooled ratio weighted by sample size", answer, weighting.pooled_ratio(results).benefit_cost_ratio, [
        Mistake(weighting.pooled_ratio(results, "equal").benefit_cost_ratio,
                "That is a simple average: weight each ratio by its study's sample size."),
        Mistake(weighting.weighted_mean(ratios_, [r.n_peer for r in results]),
                "The report's weight is the sample size of both arms, n_peer + n_control."),
        Mistake(weighted_sum, "That is the weighted sum: divide it by the total weight."),
        Mistake(weighted_sum / len(results), "Divide by the sum of the weights, not the number of studies."),
    ]))


def check_largest_weight_share(answer: object, extra_studies: str = "") -> None:
    results = pooled_results(extra_studies)
    total = sum(r.sample_size for r in results)
    share = _largest(results).sample_size / total
    report(assess("largest study's share of the weight", answer, share, [
        Mistake(_largest(results).sample_size, "That is its sample size: divide by the total of all the studies."),
        Mistake(1 / len(results), "That is every study's share under equal weights; here the weight is sample size."),
        _as_percentage(share),
    ], "fraction"))


def check_pooled_without_largest(answer: object, extra_studies: str = "") -> None:
    results = pooled_results(extra_studies)
    largest = _largest(results)
    rest = [r for r in results if r.study_id != largest.study_id]
    total = sum(r.sample_size for r in results)
    report(assess("pooled ratio without the largest study", answer, weighting.pooled_ratio(rest).benefit_cost_ratio, [
        Mistake(weighting.pooled_ratio(results).benefit_cost_ratio,
                "That still includes the largest study: pool only the others."),
        Mistake(sum(r.benefit_cost_ratio * r.sample_size for r in rest) / total,
                "You left its ratio out but kept its weight in the total: divide by the others' weights only."),
        Mistake(weighting.pooled_ratio(rest, "equal").benefit_cost_ratio,
                "That is a simple average of the others: keep weighting by sample size."),
    ]))


# --- 05 the Leeds claim ---------------------------------------------------------------------------

def _leeds() -> crisis_house.CrisisHouseResult:
    return crisis_house.evaluate_crisis_house(crisis_house.load_crisis_house_inputs())


def check_implied_diverted_days(answer: object) -> None:
    result = _leeds()
    i = result.inputs
    report(assess("diverted days the claim implies", answer, result.implied_diverted_days, [
        Mistake(i.claimed_annual_saving_gbp / i.crisis_cost_per_visit_gbp,
                "Each diverted day saves the difference in cost, not the crisis-house cost."),
        Mistake(i.claimed_annual_saving_gbp / i.inpatient_cost_per_day_gbp,
                "Each diverted day saves the difference in cost, not the whole inpatient cost."),
    ], "days a year"))


def check_break_even_share(answer: object) -> None:
    result = _leeds()
    i = result.inputs
    share = result.break_even_diversion_share
    report(assess("break-even diversion share", answer, share, [
        Mistake(i.inpatient_cost_per_day_gbp / i.crisis_cost_per_visit_gbp,
                "Upside down: a share is at most 1. What does each visit cost, and what does a replaced day save?"),
        Mistake(1 - share, "That is the share that may *fail* to replace a hospital day."),
        _as_percentage(share),
    ], "fraction"))


# --- 06 reading a probabilistic analysis -----------------------------------------------------------

PSA_DRAWS = 20_000  # enough for the probabilities to be stable to about half a percentage point
PSA_SEED = 2013  # one seed for the whole class, so every student reads the same draws


def psa_for_teaching() -> sensitivity.PSAResult:
    """The probabilistic analysis the exercise reads: fixed draws and seed, so every student sees the same."""
    six = studies.load_studies()
    specs = sensitivity.parameter_specs(six, costs.load_cost_assumptions(), sensitivity.load_uncertainty())
    return sensitivity.probabilistic(specs, six, n_draws=PSA_DRAWS, seed=PSA_SEED)


def check_probability_above_one(answer: object, outcome: str = DEFAULT_STUDY_ID) -> None:
    psa = psa_for_teaching()
    if outcome not in psa.ratios:
        raise ParameterError(f"outcome {outcome!r} is not in the analysis; expected one of {', '.join(psa.ratios)}")
    draws = psa.ratios[outcome]
    probability = float(np.mean(draws > 1))
    report(assess(f"P(ratio > 1) for {outcome}", answer, probability, [
        Mistake(1 - probability, "That is the probability that the ratio is at most 1."),
        Mistake(float(np.sum(draws > 1)), "That is how many draws are above 1: divide by the number of draws."),
        Mistake(float(np.mean(draws)), "That is the mean ratio; the question asks for the share of draws above 1."),
        _as_percentage(probability),
    ], "probability"))
