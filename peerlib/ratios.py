"""Bed-days saved, the benefit:cost ratio per FTE peer worker, and its break-even values.

Studies publish bed use in different forms. Each form has one small conversion function that
turns the published figures into ``delta``: mean psychiatric bed-days saved per peer-arm patient
over the study's follow-up (negative when the peer arm used more beds). Everything after that is
shared: scale to bed-days saved per FTE-year, value them, divide by the cost of a peer worker.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING

import pandas as pd

from peerlib.costs import CostAssumptions

if TYPE_CHECKING:
    from peerlib.studies import Study

MONTHS_PER_YEAR = 12.0


# --- One conversion per published form: figures -> bed-days saved per patient over follow-up ---

def delta_from_mean_bed_days(bed_days_control: float, bed_days_peer: float) -> float:
    """Mean bed-days per patient in each arm: the difference, control minus peer."""
    return bed_days_control - bed_days_peer


def delta_from_total_saved(bed_days_saved_total: float, n_peer: float) -> float:
    """Bed-days saved by the whole peer arm over follow-up, spread over its patients."""
    return bed_days_saved_total / n_peer


def delta_from_admissions(admissions_control: float, admissions_peer: float, length_of_stay_days: float) -> float:
    """Mean admissions per patient in each arm, times the mean length of one stay."""
    return (admissions_control - admissions_peer) * length_of_stay_days


def delta_from_proportions(
    proportion_admitted_control: float, proportion_admitted_peer: float, bed_days_per_admitted_patient: float
) -> float:
    """Share of each arm admitted at least once, times the bed-days of an admitted patient."""
    return (proportion_admitted_control - proportion_admitted_peer) * bed_days_per_admitted_patient


def risk_difference_from_counts(
    admitted_control: float, n_control: float, admitted_peer: float, n_peer: float
) -> float:
    """Share of the control arm admitted minus the share of the peer arm admitted."""
    return admitted_control / n_control - admitted_peer / n_peer


def odds_ratio_from_counts(admitted_peer: float, n_peer: float, admitted_control: float, n_control: float) -> float:
    """Odds of admission in the peer arm over the odds in the control arm (unadjusted)."""
    return (admitted_peer / (n_peer - admitted_peer)) / (admitted_control / (n_control - admitted_control))


def proportion_from_odds_ratio(odds_ratio: float, proportion_control: float) -> float:
    """The peer arm's proportion implied by an odds ratio (peer vs control) and the control proportion."""
    odds_peer = odds_ratio * proportion_control / (1 - proportion_control)
    return odds_peer / (1 + odds_peer)


def delta_from_odds_ratio(
    odds_ratio: float, proportion_admitted_control: float, bed_days_per_admitted_patient: float
) -> float:
    """An odds ratio of admission, turned into proportions and then into bed-days per patient."""
    proportion_peer = proportion_from_odds_ratio(odds_ratio, proportion_admitted_control)
    return delta_from_proportions(proportion_admitted_control, proportion_peer, bed_days_per_admitted_patient)


@dataclass(frozen=True)
class OutcomeForm:
    """How a study reports bed use: the inputs it needs and how they give ``delta``.

    ``delta`` is None for the form that enters at the report's own level (bed-days saved per
    FTE-year), where there is no per-patient difference to compute.
    """

    name: str
    inputs: tuple[str, ...]
    delta: Callable[[Mapping[str, float]], float] | None
    description: str


OUTCOME_FORMS: dict[str, OutcomeForm] = {
    form.name: form
    for form in (
        OutcomeForm(
            "mean_bed_days", ("bed_days_peer", "bed_days_control"),
            lambda v: delta_from_mean_bed_days(v["bed_days_control"], v["bed_days_peer"]),
            "mean bed-days per patient in each arm over follow-up",
        ),
        OutcomeForm(
            "bed_days_saved_per_patient", ("bed_days_saved_per_patient",),
            lambda v: v["bed_days_saved_per_patient"],
            "difference in mean bed-days per patient over follow-up, control minus peer",
        ),
        OutcomeForm(
            "total_bed_days_saved", ("bed_days_saved_total",),
            lambda v: delta_from_total_saved(v["bed_days_saved_total"], v["n_peer"]),
            "bed-days saved by the whole peer arm over follow-up",
        ),
        OutcomeForm(
            "admissions_and_length_of_stay", ("admissions_peer", "admissions_control", "length_of_stay_days"),
            lambda v: delta_from_admissions(v["admissions_control"], v["admissions_peer"], v["length_of_stay_days"]),
            "mean admissions per patient in each arm, and a mean length of stay",
        ),
        OutcomeForm(
            "proportion_admitted",
            ("proportion_admitted_peer", "proportion_admitted_control", "bed_days_per_admitted_patient"),
            lambda v: delta_from_proportions(v["proportion_admitted_control"], v["proportion_admitted_peer"],
                                             v["bed_days_per_admitted_patient"]),
            "share of each arm admitted, and the bed-days of an admitted patient",
        ),
        OutcomeForm(
            "admitted_counts", ("admitted_peer", "admitted_control", "bed_days_per_admitted_patient"),
            lambda v: risk_difference_from_counts(v["admitted_control"], v["n_control"], v["admitted_peer"],
                                                  v["n_peer"]) * v["bed_days_per_admitted_patient"],
            "people admitted at least once in each arm (counts), and the bed-days of an admitted patient",
        ),
        OutcomeForm(
            "odds_ratio", ("odds_ratio", "proportion_admitted_control", "bed_days_per_admitted_patient"),
            lambda v: delta_from_odds_ratio(v["odds_ratio"], v["proportion_admitted_control"],
                                            v["bed_days_per_admitted_patient"]),
            "odds ratio of admission (peer vs control), a control-arm proportion and bed-days per admitted patient",
        ),
        OutcomeForm(
            "saved_per_fte_year", ("bed_days_saved_per_fte_year",), None,
            "bed-days saved per FTE-year as a derived figure (the report's own level)",
        ),
    )
}


# --- Shared steps: scale, value, compare with cost ---

def fte_from_sessions(
    n_peer: float, sessions_per_patient: float, hours_per_session: float, fte_hours_per_year: float,
    followup_months: float,
) -> float:
    """Peer FTE averaged over follow-up, from the hours of peer work the sessions took."""
    fte_years_worked = n_peer * sessions_per_patient * hours_per_session / fte_hours_per_year
    return fte_years_worked / (followup_months / MONTHS_PER_YEAR)


def fte_years(peer_fte: float, followup_months: float) -> float:
    """Peer-worker input over follow-up, in FTE-years."""
    return peer_fte * followup_months / MONTHS_PER_YEAR


def bed_days_saved_per_fte_year(delta: float, n_peer: float, peer_fte: float, followup_months: float) -> float:
    """All bed-days the peer arm saved, per FTE-year of peer-worker input."""
    return delta * n_peer / fte_years(peer_fte, followup_months)


def benefit_per_fte_year_gbp(saved_per_fte_year: float, bed_day_cost_gbp: float) -> float:
    return saved_per_fte_year * bed_day_cost_gbp


def benefit_cost_ratio(saved_per_fte_year: float, bed_day_cost_gbp: float, peer_worker_cost_gbp: float) -> float:
    """Value of the bed-days one FTE saves in a year, over what that FTE costs in a year."""
    return benefit_per_fte_year_gbp(saved_per_fte_year, bed_day_cost_gbp) / peer_worker_cost_gbp


def break_even_bed_days_per_fte_year(bed_day_cost_gbp: float, peer_worker_cost_gbp: float) -> float:
    """Bed-days an FTE must save each year for the ratio to reach 1."""
    return peer_worker_cost_gbp / bed_day_cost_gbp


def break_even_caseload(
    delta: float, followup_months: float, bed_day_cost_gbp: float, peer_worker_cost_gbp: float
) -> float:
    """Patients one FTE must support over the follow-up period for the ratio to reach 1.

    Needs no assumption about staffing. Infinite when the study saved no bed-days (or used more):
    no caseload then pays for the peer worker.
    """
    if delta <= 0:
        return math.inf
    return peer_worker_cost_gbp * followup_months / (MONTHS_PER_YEAR * delta * bed_day_cost_gbp)


@dataclass(frozen=True)
class StudyResult:
    """Every step of one study's calculation, with the inputs it used and their price year."""

    study_id: str
    label: str
    outcome_form: str
    n_peer: float
    n_control: float
    sample_size: float
    followup_months: float
    peer_fte: float
    caseload_per_fte: float
    delta_bed_days_per_patient: float | None
    bed_days_saved_per_fte_year: float
    bed_day_cost_gbp: float
    peer_worker_cost_gbp: float
    benefit_per_fte_year_gbp: float
    benefit_cost_ratio: float
    break_even_bed_days_per_fte_year: float
    break_even_caseload: float | None
    price_year: str
    assumptions: str


def study_delta(study: Study) -> float | None:
    """Bed-days saved per peer-arm patient over follow-up, from the study's own form of figures."""
    convert = OUTCOME_FORMS[study.outcome_form].delta
    return None if convert is None else convert(study.values())


def evaluate_study(study: Study, costs: CostAssumptions) -> StudyResult:
    """The study's benefit:cost ratio and break-even values under one set of costs."""
    delta = study_delta(study)
    if delta is None:
        saved = study.value("bed_days_saved_per_fte_year")
    else:
        saved = bed_days_saved_per_fte_year(delta, study.n_peer, study.peer_fte, study.followup_months)
    peer_cost = costs.peer_worker_cost_gbp
    return StudyResult(
        study_id=study.study_id,
        label=study.label,
        outcome_form=study.outcome_form,
        n_peer=study.n_peer,
        n_control=study.n_control,
        sample_size=study.sample_size,
        followup_months=study.followup_months,
        peer_fte=study.peer_fte,
        caseload_per_fte=study.n_peer / study.peer_fte,
        delta_bed_days_per_patient=delta,
        bed_days_saved_per_fte_year=saved,
        bed_day_cost_gbp=costs.bed_day_cost_gbp,
        peer_worker_cost_gbp=peer_cost,
        benefit_per_fte_year_gbp=benefit_per_fte_year_gbp(saved, costs.bed_day_cost_gbp),
        benefit_cost_ratio=benefit_cost_ratio(saved, costs.bed_day_cost_gbp, peer_cost),
        break_even_bed_days_per_fte_year=break_even_bed_days_per_fte_year(costs.bed_day_cost_gbp, peer_cost),
        break_even_caseload=None if delta is None else break_even_caseload(
            delta, study.followup_months, costs.bed_day_cost_gbp, peer_cost),
        price_year=costs.price_year,
        assumptions=";".join(item.name for item in study.assumptions),
    )


def results_table(results: Iterable[StudyResult]) -> pd.DataFrame:
    """One row per study, one column per figure: the form tests and reports read."""
    return pd.DataFrame([asdict(r) for r in results]).set_index("study_id")


def calculation_steps(result: StudyResult) -> pd.DataFrame:
    """Each step of the ratio as a row: what it is, the sum with its numbers, the value and its unit."""
    r = result
    steps: list[tuple[str, str, float, str]] = []
    if r.delta_bed_days_per_patient is not None:
        steps += [
            ("bed-days saved per patient over follow-up", f"from the study's figures ({r.outcome_form})",
             r.delta_bed_days_per_patient, "bed-days per patient"),
            ("bed-days saved by the whole peer arm", f"{r.delta_bed_days_per_patient:.3g} x {r.n_peer:g} patients",
             r.delta_bed_days_per_patient * r.n_peer, "bed-days"),
            ("peer-worker input over follow-up", f"{r.peer_fte:g} FTE x {r.followup_months:g} / 12 months",
             fte_years(r.peer_fte, r.followup_months), "FTE-years"),
            ("bed-days saved per FTE-year", "bed-days saved / FTE-years", r.bed_days_saved_per_fte_year,
             "bed-days per FTE-year"),
        ]
    else:
        steps.append(("bed-days saved per FTE-year", "taken as published", r.bed_days_saved_per_fte_year,
                      "bed-days per FTE-year"))
    steps += [
        ("value of bed-days saved", f"{r.bed_days_saved_per_fte_year:.4g} x £{r.bed_day_cost_gbp:,.2f}",
         r.benefit_per_fte_year_gbp, f"£ per FTE-year ({r.price_year})"),
        ("cost of one FTE peer worker", "salary + on-costs + overheads", r.peer_worker_cost_gbp,
         f"£ per FTE-year ({r.price_year})"),
        ("benefit : cost ratio", f"£{r.benefit_per_fte_year_gbp:,.0f} / £{r.peer_worker_cost_gbp:,.0f}",
         r.benefit_cost_ratio, "ratio"),
        ("break-even bed-days per FTE-year", f"£{r.peer_worker_cost_gbp:,.0f} / £{r.bed_day_cost_gbp:,.2f}",
         r.break_even_bed_days_per_fte_year, "bed-days per FTE-year"),
    ]
    if r.break_even_caseload is not None:
        steps.append(("break-even caseload", "cost x months / (12 x bed-days saved per patient x bed-day cost)",
                      r.break_even_caseload, "patients per FTE over follow-up"))
    return pd.DataFrame(steps, columns=["step", "sum", "value", "unit"]).set_index("step")
