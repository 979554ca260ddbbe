"""The forms in which studies report bed use, and one conversion per form to ``delta``.

``delta`` is the mean number of psychiatric bed-days saved per peer-arm patient over a study's
follow-up (negative when the peer arm used more beds). Every conversion is plain arithmetic, so it
applies element-wise to numpy arrays as well as to numbers. Which inputs each form needs is part of
the data's schema (:data:`peerlib.inputs.studies.OUTCOME_FORM_INPUTS`); the model and the teaching
checks build on the conversions here.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from peerlib.inputs.studies import OUTCOME_FORM_INPUTS, REPORT_LEVEL_FORM

Number = Any  # a float, or a numpy array of floats: the conversions work on both


def delta_from_mean_bed_days(bed_days_control: Number, bed_days_peer: Number) -> Number:
    """Mean bed-days per patient in each arm: the difference, control minus peer."""
    return bed_days_control - bed_days_peer


def delta_from_total_saved(bed_days_saved_total: Number, n_peer: Number) -> Number:
    """Bed-days saved by the whole peer arm over follow-up, spread over its patients."""
    return bed_days_saved_total / n_peer


def delta_from_admissions(admissions_control: Number, admissions_peer: Number, length_of_stay_days: Number) -> Number:
    """Mean admissions per patient in each arm, times the mean length of one stay."""
    return (admissions_control - admissions_peer) * length_of_stay_days


def delta_from_proportions(
    proportion_admitted_control: Number, proportion_admitted_peer: Number, bed_days_per_admitted_patient: Number
) -> Number:
    """Share of each arm admitted at least once, times the bed-days of an admitted patient."""
    return (proportion_admitted_control - proportion_admitted_peer) * bed_days_per_admitted_patient


def risk_difference_from_counts(
    admitted_control: Number, n_control: Number, admitted_peer: Number, n_peer: Number
) -> Number:
    """Share of the control arm admitted minus the share of the peer arm admitted."""
    return admitted_control / n_control - admitted_peer / n_peer


def odds_ratio_from_counts(
    admitted_peer: Number, n_peer: Number, admitted_control: Number, n_control: Number
) -> Number:
    """Odds of admission in the peer arm over the odds in the control arm (unadjusted)."""
    return (admitted_peer / (n_peer - admitted_peer)) / (admitted_control / (n_control - admitted_control))


def proportion_from_odds_ratio(odds_ratio: Number, proportion_control: Number) -> Number:
    """The peer arm's proportion implied by an odds ratio (peer vs control) and the control proportion."""
    odds_peer = odds_ratio * proportion_control / (1 - proportion_control)
    return odds_peer / (1 + odds_peer)


def delta_from_odds_ratio(
    odds_ratio: Number, proportion_admitted_control: Number, bed_days_per_admitted_patient: Number
) -> Number:
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
    delta: Callable[[Mapping[str, Number]], Number] | None
    description: str


OUTCOME_FORMS: dict[str, OutcomeForm] = {
    form.name: form
    for form in (
        OutcomeForm(
            "mean_bed_days", OUTCOME_FORM_INPUTS["mean_bed_days"],
            lambda v: delta_from_mean_bed_days(v["bed_days_control"], v["bed_days_peer"]),
            "mean bed-days per patient in each arm over follow-up",
        ),
        OutcomeForm(
            "bed_days_saved_per_patient", OUTCOME_FORM_INPUTS["bed_days_saved_per_patient"],
            lambda v: v["bed_days_saved_per_patient"],
            "difference in mean bed-days per patient over follow-up, control minus peer",
        ),
        OutcomeForm(
            "total_bed_days_saved", OUTCOME_FORM_INPUTS["total_bed_days_saved"],
            lambda v: delta_from_total_saved(v["bed_days_saved_total"], v["n_peer"]),
            "bed-days saved by the whole peer arm over follow-up",
        ),
        OutcomeForm(
            "admissions_and_length_of_stay", OUTCOME_FORM_INPUTS["admissions_and_length_of_stay"],
            lambda v: delta_from_admissions(v["admissions_control"], v["admissions_peer"], v["length_of_stay_days"]),
            "mean admissions per patient in each arm, and a mean length of stay",
        ),
        OutcomeForm(
            "proportion_admitted", OUTCOME_FORM_INPUTS["proportion_admitted"],
            lambda v: delta_from_proportions(v["proportion_admitted_control"], v["proportion_admitted_peer"],
                                             v["bed_days_per_admitted_patient"]),
            "share of each arm admitted, and the bed-days of an admitted patient",
        ),
        OutcomeForm(
            "admitted_counts", OUTCOME_FORM_INPUTS["admitted_counts"],
            lambda v: risk_difference_from_counts(v["admitted_control"], v["n_control"], v["admitted_peer"],
                                                  v["n_peer"]) * v["bed_days_per_admitted_patient"],
            "people admitted at least once in each arm (counts), and the bed-days of an admitted patient",
        ),
        OutcomeForm(
            "odds_ratio", OUTCOME_FORM_INPUTS["odds_ratio"],
            lambda v: delta_from_odds_ratio(v["odds_ratio"], v["proportion_admitted_control"],
                                            v["bed_days_per_admitted_patient"]),
            "odds ratio of admission (peer vs control), a control-arm proportion and bed-days per admitted patient",
        ),
        OutcomeForm(
            REPORT_LEVEL_FORM, OUTCOME_FORM_INPUTS[REPORT_LEVEL_FORM], None,
            "bed-days saved per FTE-year as a derived figure (the report's own level)",
        ),
    )
}
