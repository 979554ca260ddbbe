"""Human labels, with units, for weighting schemes, parameters, outcomes and table columns.

Defined once here and used by every report, chart and the command line, so a reader never meets
a raw identifier such as ``landers2011.bed_days_saved_per_patient``.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import pandas as pd

from peerlib.config import PART_PREFIX

# The names of the weighting schemes and pools are defined beside them; the vocabulary is read from here.
from peerlib.core.weighting import POOL_LABELS as POOL_LABELS
from peerlib.core.weighting import SCHEME_LABELS as SCHEME_LABELS
from peerlib.core.weighting import SCHEME_SHORT as SCHEME_SHORT
from peerlib.inputs.studies import EVIDENCE_GRADES

# Shared parameters and study inputs: (what it is, its unit).
PARAMETER_LABELS: dict[str, tuple[str, str]] = {
    "caseload": ("caseload", "patients per FTE at a time"),
    "fte_hours_per_year": ("working hours of one FTE", "hours a year"),
    "effect_scale": ("effect, as a multiple of the reported figure", "x the figure"),
    "bed_day_cost_gbp": ("bed-day cost", "£"),
    "peer_worker_salary_gbp": ("peer worker's salary", "£ a year"),
    "employer_ni_rate": ("employer national insurance rate", "fraction"),
    "employer_ni_threshold_gbp": ("national insurance threshold", "£ a year"),
    "employer_pension_rate": ("employer pension rate", "fraction of salary"),
    "employer_ni_rebate_rate": ("contracted-out national insurance rebate", "fraction of band earnings"),
    "employer_ni_rebate_lower_gbp": ("rebate band: lower earnings limit", "£ a year"),
    "employer_ni_rebate_upper_gbp": ("rebate band: upper accrual point", "£ a year"),
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

# How a study is described: its design, the role of its peers and how it reports bed use (the categories of
# data/studies.csv and data/README.md).
DESIGN_LABELS: dict[str, str] = {
    "rct": "randomised controlled trial",
    "comparison_group": "comparison group, not randomised",
    "no_comparison_group": "no comparison group",
}
PEER_ROLE_LABELS: dict[str, str] = {
    "additional": "peers added to a service",
    "substitute": "peers in place of staff",
}
OUTCOME_FORM_LABELS: dict[str, str] = {
    "mean_bed_days": "mean bed-days in each arm",
    "bed_days_saved_per_patient": "bed-days saved per patient",
    "total_bed_days_saved": "bed-days saved by the whole peer arm",
    "admissions_and_length_of_stay": "admissions in each arm and the length of stay",
    "proportion_admitted": "the share of each arm admitted",
    "admitted_counts": "people admitted in each arm",
    "odds_ratio": "an odds ratio of admission",
    "saved_per_fte_year": "bed-days saved per FTE-year, as published",
}
# The Leeds crisis-house figures (data/crisis_house.csv): (what it is, its unit).
CRISIS_HOUSE_LABELS: dict[str, tuple[str, str]] = {
    "crisis_cost_per_visit_gbp": ("crisis-house cost of a visit", "£ per person per day, as claimed"),
    "inpatient_cost_per_day_gbp": ("inpatient cost of a day", "£ per inpatient day"),
    "claimed_annual_saving_gbp": ("claimed saving", "£ a year"),
    "visits_per_month_low": ("visits a month, fewest", "visits"),
    "visits_per_month_high": ("visits a month, most", "visits"),
    "visits_per_year": ("visits a year", "visits"),
    "nights_open_per_week": ("nights open a week", "nights"),
    "hours_open_per_night": ("hours open a night", "hours"),
    "diversion_share": ("share of visits that replace inpatient care", "fraction"),
    "inpatient_days_per_visit": ("inpatient days one diverted visit replaces", "days"),
    "price_year": ("price year of every sum", ""),
    "saving_per_diverted_day_gbp": ("saving per diverted day", "£ per day"),
    "implied_diverted_days": ("diverted days the claim implies", "days a year"),
    "break_even_diversion_share": ("break-even diversion share", "fraction of visits"),
    "annual_saving_gbp": ("saving at the diversion share set", "£ a year"),
    "benefit_cost_ratio": ("benefit : cost ratio at the diversion share set", "ratio"),
    "implied_diversion_share": ("diversion share the claim implies", "fraction of visits"),
}

# Columns of result tables: (heading, unit or "", format). Formats: "ratio" 2 decimals, "gbp" whole pounds
# with separators, "count" whole with separators, "one" 1 decimal, "share" a percentage, "text" as it is.
COLUMN_LABELS: dict[str, tuple[str, str, str]] = {
    "label": ("study", "", "text"),
    "benefit_cost_ratio": ("benefit : cost ratio", "", "ratio"),
    "break_even_caseload": ("break-even caseload", "patients per FTE at a time", "one"),
    "caseload": ("assumed caseload", "patients per FTE at a time", "value"),
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
    "evppi_gbp_population": ("value of knowing, nationally", "£ over the horizon", "gbp"),
    "evpi_gbp_per_fte_year": ("value of perfect information", "£ per FTE-year", "gbp"),
    "evpi_gbp_population": ("value of perfect information, nationally", "£ over the horizon", "gbp"),
    "evidence_grade": ("evidence", "", "text"),
    "value": ("value", "", "value"),
    "low": ("low", "", "value"),
    "high": ("high", "", "value"),
    "unit": ("unit", "", "text"),
    "status": ("status", "", "text"),
    "distribution": ("distribution", "", "text"),
    "price_year": ("price year", "", "text"),
    "gbp_per_year": ("cost", "£ a year", "gbp"),
    "times_base": ("times the base value", "", "times"),
    "ratio_low": ("ratio with the input low", "", "ratio"),
    "ratio_high": ("ratio with the input high", "", "ratio"),
    "value_gbp_per_fte_year": ("value of knowing", "£ per FTE-year", "gbp"),
    "parameters": ("what it covers", "", "text"),
    "included": ("pooled", "", "text"),
    "country": ("country", "", "text"),
    "design": ("design", "", "text"),
    "assumptions": ("assumed figures", "", "count"),
    "what": ("figure", "", "text"),
}


def grade_label(grade: str) -> str:
    """An evidence grade in words: ``no_comparison_group`` -> "no comparison group"."""
    return EVIDENCE_GRADES.get(grade, grade.replace("_", " "))


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


def input_label(name: str, unit: str = "", study_labels: Mapping[str, str] | None = None,
                with_unit: bool = True) -> str:
    """A study input or a part of a derived figure, with its unit: ``part_share_three_or_more`` ->
    "part of a derived figure: share three or more (proportion)"; others as :func:`parameter_label`."""
    item = name.rpartition(".")[2]
    if item.startswith(PART_PREFIX):
        what = "part: " + item.removeprefix(PART_PREFIX).replace("_", " ")
        return f"{what} ({unit})" if unit and with_unit else what
    return parameter_label(name, study_labels or {}, with_unit)


def formula_name(name: str, study_labels: Mapping[str, str]) -> str:
    """An input in words for a formula: this study's (``item``) or another's (``study_id.item``, with its label)."""
    owner, _, item = name.rpartition(".")
    text = input_label(item, with_unit=False).removeprefix("part: ")
    return f"{study_labels[owner]}: {text}" if owner else text


def outcome_names(frame: pd.DataFrame, study_labels: Mapping[str, str]) -> pd.DataFrame:
    """``frame`` with its outcome ids (study ids, pooled ids) as readable names."""
    return frame.rename(index=lambda o: outcome_label(str(o), study_labels))


def crisis_house_label(item: str, with_unit: bool = True) -> str:
    """A figure of the Leeds comparison: ``crisis_cost_per_visit_gbp`` -> "crisis-house cost of a visit (...)"."""
    what, unit = CRISIS_HOUSE_LABELS.get(item, (item.replace("_", " "), ""))
    return f"{what} ({unit})" if with_unit and unit else what


def design_label(design: str) -> str:
    return DESIGN_LABELS.get(design, design.replace("_", " "))


def country_phrase(country: str) -> str:
    """A country in a sentence: ``US`` -> "the US", ``Australia`` -> "Australia"."""
    return f"the {country}" if country in ("US", "UK", "USA", "Netherlands") else country


def design_phrase(design: str) -> str:
    """A design in a sentence: ``rct`` -> "a randomised controlled trial"."""
    phrases = {"rct": "a randomised controlled trial", "comparison_group": "a non-randomised study with a "
               "comparison group", "no_comparison_group": "a study with no comparison group"}
    return phrases.get(design, f"a study ({design_label(design)})")


def column_label(column: str) -> str:
    heading, unit, _ = COLUMN_LABELS.get(column, (column.replace("_", " "), "", "text"))
    return f"{heading} ({unit})" if unit else heading


def figure_text(number: float, significant: int = 4) -> str:
    """A figure as data gives it, for a reader: whole numbers whole, others to ``significant`` figures,
    with thousands separators and never in scientific notation (``17118`` -> "17,118", ``0.138`` -> "0.138")."""
    if math.isnan(number) or math.isinf(number):
        return "–"
    if number == round(number):
        return f"{number:,.0f}"
    decimals = max(0, significant - 1 - math.floor(math.log10(abs(number))))
    text = f"{number:,.{decimals}f}"
    return text.rstrip("0").rstrip(".") if decimals else text


def gbp_text(amount: float, decimals: int = 0) -> str:
    """An amount of money for a reader: "£18,225", "−£18,225" (never "£-18,225").

    An amount that is not 0 is never shown as £0: below half the last digit it gets pence, or
    "under £0.01" ("£0.49", not "£0").
    """
    if amount != 0 and round(abs(amount), decimals) == 0:
        if round(abs(amount), 2) == 0:
            return f"{'−' if amount < 0 else ''}under £0.01"
        decimals = 2
    return f"{'−' if amount < 0 and round(amount, decimals) != 0 else ''}£{abs(amount):,.{decimals}f}"


def formatted(value: object, kind: str) -> str:
    """One figure at a meaningful precision: counts whole, £ with separators, ratios to 2 decimals.

    Kinds: "ratio" (2 decimals), "gbp" (whole £), "gbp2" (£ and pence), "count" (whole), "one" (1 decimal),
    "share" (a percentage), "value" (a figure as data gives it: :func:`figure_text`), "times" (x 2.5),
    "text" (as it is).
    """
    if isinstance(value, str) or kind == "text":
        return "" if value is None else str(value)
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    number = float(value)  # type: ignore[arg-type]
    if math.isinf(number):
        return "never" if number > 0 else "–"
    if kind == "share" and 0 < number < 0.005:
        return "<1%"
    if kind == "value":
        return figure_text(number)
    if kind in ("gbp", "gbp2"):
        return gbp_text(number, 2 if kind == "gbp2" else 0)
    if kind == "times":
        return f"x {figure_text(number, 3)}"
    patterns = {"ratio": "{:,.2f}", "count": "{:,.0f}", "one": "{:,.1f}", "share": "{:.0%}"}
    shown = patterns[kind].format(number)
    # A value that rounds to zero is shown as 0, not "-0.00".
    return shown[1:] if shown.startswith("-") and not any(c in "123456789" for c in shown) else shown


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


# --- Tables for readers --------------------------------------------------------------------------

def unit_kind(unit: str) -> str:
    """The format of a figure given with its unit (a fraction as a percentage, people whole); see :func:`formatted`."""
    if unit.startswith(("fraction", "share of")):
        return "share"
    if unit.startswith("people") or unit in ("visits", "draws"):
        return "count"
    return _step_kind(unit)


def _step_kind(unit: str) -> str:
    if unit.startswith("£"):
        return "gbp"
    if unit == "ratio":
        return "ratio"
    if unit.startswith("patients per FTE"):
        return "one"
    return "value"


def present_steps(steps: pd.DataFrame, outcome_form: str = "") -> pd.DataFrame:
    """The steps of :func:`peerlib.core.model.calculation_steps` for a reader: each value at the precision of its unit
    (£ whole, the ratio to 2 decimals, a caseload to 1), the study's outcome form in words."""
    shown = pd.DataFrame({
        "calculation": [str(s).replace(f"({outcome_form})", f"({OUTCOME_FORM_LABELS.get(outcome_form, outcome_form)})")
                        if outcome_form else str(s) for s in steps["sum"]],
        "value": [formatted(v, _step_kind(str(u))) for v, u in zip(steps["value"], steps["unit"], strict=True)],
        "unit": list(steps["unit"]),
    }, index=steps.index)
    shown.index.name = None
    return shown


def formula_text(text: str, names: Mapping[str, str] | None = None) -> str:
    """A formula of data/ for a reader: x for *, − for a minus between terms, and each name in ``names`` (an
    input, or ``study_id.input``) replaced by its words."""
    import re

    for name in sorted(names or {}, key=len, reverse=True):
        text = re.sub(rf"(?<![\w.]){re.escape(name)}(?![\w.])", (names or {})[name], text)
    return text.replace(" * ", " x ").replace(" - ", " − ")
