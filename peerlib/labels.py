"""Human labels, with units, for weighting schemes, parameters, outcomes and table columns.

Defined once here and used by every report, chart and the command line, so a reader never meets
a raw identifier such as ``landers2011.bed_days_saved_per_patient``.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import pandas as pd

SCHEME_LABELS: dict[str, str] = {
    "sample_size": "weighted by sample size (the report's method)",
    "equal": "equal weights",
    "fte_years": "ratio of totals (weighted by FTE-years of peer work)",
}
SCHEME_SHORT: dict[str, str] = {"sample_size": "sample-size weights", "equal": "equal weights",
                                "fte_years": "ratio of totals", "evidence_only": "published bed-use figures only"}
POOL_LABELS: dict[str, str] = {**{f"pooled_{k}": v for k, v in SCHEME_LABELS.items()},
                               "pooled_evidence_only": "weighted by sample size, studies with their own published "
                                                       "bed-use figures only (no assumed or borrowed effect)"}

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

# Columns of result tables: (heading, unit or "", format). Formats: "ratio" 2 decimals, "gbp" whole pounds
# with separators, "count" whole with separators, "one" 1 decimal, "share" a percentage, "text" as it is.
COLUMN_LABELS: dict[str, tuple[str, str, str]] = {
    "label": ("study", "", "text"),
    "benefit_cost_ratio": ("benefit : cost ratio", "", "ratio"),
    "break_even_caseload": ("break-even caseload", "patients per FTE at a time", "one"),
    "caseload": ("assumed caseload", "patients per FTE at a time", "one"),
    "net_benefit_per_fte_year_gbp": ("net benefit", "£ per FTE-year", "gbp"),
    "benefit_per_fte_year_gbp": ("value of bed-days saved", "£ per FTE-year", "gbp"),
    "peer_worker_cost_gbp": ("cost of a peer worker", "£ per FTE-year", "gbp"),
    "bed_day_cost_gbp": ("bed-day cost", "£", "gbp2"),
    "sample_size": ("patients, both arms", "people", "count"),
    "n_peer": ("patients, peer arm", "people", "count"),
    "followup_months": ("follow-up", "months", "one"),
    "support_months": ("support", "months", "one"),
    "fte_years": ("peer work", "FTE-years", "ratio"),
    "peer_fte": ("peer FTE over follow-up", "FTE", "ratio"),
    "delta_bed_days_per_patient": ("bed-days saved per patient", "over follow-up", "ratio"),
    "bed_days_saved_per_fte_year": ("bed-days saved", "per FTE-year", "one"),
    "break_even_bed_days_per_fte_year": ("break-even bed-days", "per FTE-year", "one"),
    "outcome_form": ("how the study reports bed use", "", "text"),
    "staffing_basis": ("staffing from", "", "text"),
    "weight_share": ("share of the weight", "", "share"),
    "mean": ("mean ratio", "", "ratio"),
    "median": ("median ratio", "", "ratio"),
    "base": ("base case", "", "ratio"),
    "interval_low": ("2.5th percentile", "", "ratio"),
    "interval_high": ("97.5th percentile", "", "ratio"),
    "probability_above_one": ("P(ratio > 1)", "", "ratio"),
    "base_percentile": ("base case's percentile", "", "share"),
    "change": ("change from the full pool", "", "ratio"),
    "threshold": ("value at which the ratio is 1", "", "text"),
    "evppi_gbp_per_fte_year": ("value of knowing", "£ per FTE-year", "gbp"),
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
    heading, unit, _ = COLUMN_LABELS.get(column, (column.replace("_", " "), "", "text"))
    return f"{heading} ({unit})" if unit else heading


def formatted(value: object, kind: str) -> str:
    """One figure at a meaningful precision: counts whole, £ with separators, ratios to 2 decimals."""
    if isinstance(value, str) or kind == "text":
        return "" if value is None else str(value)
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    number = float(value)  # type: ignore[arg-type]
    if math.isinf(number):
        return "never" if number > 0 else "–"
    if kind == "share" and 0 < number < 0.005:
        return "<1%"
    patterns = {"ratio": "{:,.2f}", "gbp": "£{:,.0f}", "gbp2": "£{:,.2f}", "count": "{:,.0f}", "one": "{:,.1f}",
                "share": "{:.0%}"}
    return patterns[kind].format(number)


def present(frame: pd.DataFrame, formats: Mapping[str, str] | None = None) -> pd.DataFrame:
    """A table for a reader: every known column formatted at its precision and headed with its label and unit.

    ``formats`` adds or overrides the format of columns (by their identifier).
    """
    kinds = {c: (formats or {}).get(str(c), COLUMN_LABELS.get(str(c), ("", "", "text"))[2]) for c in frame.columns}
    shown = pd.DataFrame({c: [formatted(v, kinds[c]) for v in frame[c]] for c in frame.columns}, index=frame.index)
    return shown.rename(columns={c: column_label(str(c)) for c in frame.columns})


_WORDS = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve")


def count_words(n: int, noun: str = "", plural: str = "") -> str:
    """A count in words for prose: ``count_words(6, "study", "studies")`` -> "six studies"."""
    words = _WORDS[n] if 0 <= n < len(_WORDS) else f"{n:,}"
    if not noun:
        return words
    return f"{words} {noun if n == 1 else (plural or noun + 's')}"
