"""Human labels, with units, for weighting schemes, parameters, outcomes and table columns.

Defined once here and used by every report, chart and the command line, so a reader never meets
a raw identifier such as ``landers2011.bed_days_saved_per_patient``.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

SCHEME_LABELS: dict[str, str] = {
    "sample_size": "weighted by sample size (the report's method)",
    "equal": "equal weights",
    "fte_years": "ratio of totals (weighted by FTE-years of peer work)",
}
SCHEME_SHORT: dict[str, str] = {"sample_size": "sample-size weights", "equal": "equal weights",
                                "fte_years": "ratio of totals"}

# Shared parameters and study inputs: (what it is, its unit).
PARAMETER_LABELS: dict[str, tuple[str, str]] = {
    "caseload": ("caseload", "patients per FTE at a time"),
    "fte_hours_per_year": ("working hours of one FTE", "hours a year"),
    "bed_day_cost_gbp": ("bed-day cost", "£"),
    "peer_worker_salary_gbp": ("peer worker's salary", "£ a year"),
    "employer_ni_rate": ("employer national insurance rate", "fraction"),
    "employer_ni_threshold_gbp": ("national insurance threshold", "£ a year"),
    "employer_pension_rate": ("employer pension rate", "fraction of salary"),
    "overhead_rate": ("overheads", "fraction of salary and on-costs"),
    "n_peer": ("patients in the peer arm", "people"),
    "n_control": ("patients in the comparison arm", "people"),
    "followup_months": ("follow-up", "months"),
    "support_months": ("support per patient", "months"),
    "peer_fte": ("peer FTE (published)", "FTE"),
    "bed_days_peer": ("mean bed-days, peer arm", "per patient"),
    "bed_days_control": ("mean bed-days, comparison arm", "per patient"),
    "sd_bed_days_peer": ("SD of bed-days, peer arm", "per patient"),
    "sd_bed_days_control": ("SD of bed-days, comparison arm", "per patient"),
    "bed_days_saved_per_patient": ("bed-days saved", "per patient"),
    "bed_days_saved_total": ("bed-days saved, whole peer arm", "bed-days"),
    "admissions_peer": ("admissions, peer arm", "per patient"),
    "admissions_control": ("admissions, comparison arm", "per patient"),
    "length_of_stay_days": ("length of stay", "bed-days per admission"),
    "proportion_admitted_peer": ("share admitted, peer arm", "proportion"),
    "proportion_admitted_control": ("share admitted, comparison arm", "proportion"),
    "bed_days_per_admitted_patient": ("bed-days per admitted patient", "bed-days"),
    "odds_ratio": ("odds ratio of admission", "peer vs comparison"),
    "admitted_peer": ("people admitted, peer arm", "people"),
    "admitted_control": ("people admitted, comparison arm", "people"),
    "sessions_per_patient": ("sessions per patient", "sessions"),
    "hours_per_session": ("hours per session", "hours"),
    "bed_days_saved_per_fte_year": ("bed-days saved per FTE-year", "bed-days"),
}

# Columns of result tables: (heading, unit or "").
COLUMN_LABELS: dict[str, tuple[str, str]] = {
    "label": ("study", ""),
    "benefit_cost_ratio": ("benefit : cost ratio", ""),
    "break_even_caseload": ("break-even caseload", "patients per FTE at a time"),
    "caseload": ("assumed caseload", "patients per FTE at a time"),
    "net_benefit_per_fte_year_gbp": ("net benefit", "£ per FTE-year"),
    "benefit_per_fte_year_gbp": ("value of bed-days saved", "£ per FTE-year"),
    "peer_worker_cost_gbp": ("cost of a peer worker", "£ per FTE-year"),
    "bed_day_cost_gbp": ("bed-day cost", "£"),
    "sample_size": ("patients, both arms", "people"),
    "n_peer": ("patients, peer arm", "people"),
    "followup_months": ("follow-up", "months"),
    "support_months": ("support", "months"),
    "fte_years": ("peer work", "FTE-years"),
    "peer_fte": ("peer FTE over follow-up", "FTE"),
    "delta_bed_days_per_patient": ("bed-days saved per patient", "over follow-up"),
    "bed_days_saved_per_fte_year": ("bed-days saved", "per FTE-year"),
    "break_even_bed_days_per_fte_year": ("break-even bed-days", "per FTE-year"),
    "outcome_form": ("how the study reports bed use", ""),
    "staffing_basis": ("staffing from", ""),
    "weight_share": ("share of the weight", ""),
    "mean": ("mean ratio", ""),
    "median": ("median ratio", ""),
    "base": ("base case", ""),
    "interval_low": ("2.5th percentile", ""),
    "interval_high": ("97.5th percentile", ""),
    "probability_above_one": ("P(ratio > 1)", ""),
    "base_percentile": ("base case's percentile", ""),
    "change": ("change from the full pool", ""),
    "threshold": ("value at which the ratio is 1", ""),
    "evppi_gbp_per_fte_year": ("value of knowing", "£ per FTE-year"),
}


def scheme_label(scheme: str) -> str:
    return SCHEME_LABELS.get(scheme, scheme)


def outcome_label(outcome: str, study_labels: Mapping[str, str]) -> str:
    """A study's label, or "Pooled: <scheme>" for a pooled outcome id such as ``pooled_sample_size``."""
    if outcome in study_labels:
        return study_labels[outcome]
    scheme = outcome.removeprefix("pooled_")
    return f"Pooled: {SCHEME_SHORT.get(scheme, scheme)}"


def parameter_label(name: str, study_labels: Mapping[str, str], with_unit: bool = True) -> str:
    """``sledge2011.bed_days_peer`` -> "Sledge et al. 2011: mean bed-days, peer arm (per patient)"."""
    study_id, _, item = name.rpartition(".")
    what, unit = PARAMETER_LABELS.get(item, (item.replace("_", " "), ""))
    text = f"{what} ({unit})" if with_unit and unit else what
    return f"{study_labels.get(study_id, study_id)}: {text}" if study_id else text


def column_label(column: str) -> str:
    heading, unit = COLUMN_LABELS.get(column, (column.replace("_", " "), ""))
    return f"{heading} ({unit})" if unit else heading


def labelled(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame with every known column renamed to its human heading and unit."""
    return frame.rename(columns={c: column_label(str(c)) for c in frame.columns})
