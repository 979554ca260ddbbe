"""Words for a reader: labels of named figures (from the one vocabulary, :mod:`peerlib.vocabulary`), of categories
(designs, weighting schemes, evidence grades) and tables for readers, their figures written by the one
formatter (:mod:`peerlib.formatting`).

Used by every report, chart and the command line, so a reader never meets a raw identifier such as
``landers2011.bed_days_saved_per_patient``, and a figure is shown at the same precision everywhere.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd

from peerlib.config import PART_PREFIX

# The names of the weighting schemes and pools are defined beside them; the vocabulary is read from here.
from peerlib.core.weighting import POOL_LABELS as POOL_LABELS
from peerlib.core.weighting import SCHEME_LABELS as SCHEME_LABELS
from peerlib.core.weighting import SCHEME_SHORT as SCHEME_SHORT
from peerlib.formatting import formatted
from peerlib.inputs.studies import EVIDENCE_GRADES, Study
from peerlib.vocabulary import TERMS, term

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


def pool_label(outcome_id: str, members: Sequence[Study]) -> str:
    """A pooled ratio named with what it pools, its weighting and its studies: "Pooled (sample-size weights), six
    studies"; with a study that is not pooled by default, named: "Pooled (sample-size weights), seven studies incl.
    Johnson et al. 2018 (CORE)"."""
    scheme = outcome_id.removeprefix("pooled_")
    added = [s.label for s in members if not s.included]
    return (f"Pooled ({SCHEME_SHORT.get(scheme, scheme)}), {count_words(len(members), 'study', 'studies')}"
            + (f" incl. {', '.join(added)}" if added else ""))


def parameter_label(name: str, study_labels: Mapping[str, str] | None = None, with_unit: bool = True,
                    stored: bool = False) -> str:
    """A named figure in words, a study's with the study: ``sledge2011.bed_days_peer`` -> "Sledge et al. 2011: mean
    bed-days, peer arm (per patient)"; ``crisis_cost_per_visit_gbp`` -> "crisis-house cost of a visit (£ per visit)".
    ``stored``: the unit of the value as data holds it (a fraction, not a percentage)."""
    study_id, _, item = name.rpartition(".")
    described = term(item)
    text = (described.stored_heading if stored else described.heading) if with_unit else described.label
    return f"{(study_labels or {}).get(study_id, study_id)}: {text}" if study_id else text


def input_label(name: str, unit: str = "", study_labels: Mapping[str, str] | None = None,
                with_unit: bool = True) -> str:
    """A study input or a part of a derived figure, with its unit: ``part_share_three_or_more`` ->
    "part of a derived figure: share three or more (proportion)"; others as :func:`parameter_label`."""
    item = name.rpartition(".")[2]
    if item.startswith(PART_PREFIX):
        known = TERMS.get(item)
        what = known.label if known else "part: " + item.removeprefix(PART_PREFIX).replace("_", " ")
        return f"{what} ({unit})" if unit and with_unit else what
    return parameter_label(name, study_labels or {}, with_unit, stored=True)  # beside the value as data holds it


def formula_name(name: str, study_labels: Mapping[str, str]) -> str:
    """An input in words for a formula: this study's (``item``) or another's (``study_id.item``, with its label)."""
    owner, _, item = name.rpartition(".")
    text = input_label(item, with_unit=False).removeprefix("part: ")
    return f"{study_labels[owner]}: {text}" if owner else text


def outcome_names(frame: pd.DataFrame, study_labels: Mapping[str, str]) -> pd.DataFrame:
    """``frame`` with its outcome ids (study ids, pooled ids) as readable names."""
    return frame.rename(index=lambda o: outcome_label(str(o), study_labels))


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


def present(frame: pd.DataFrame, formats: Mapping[str, str] | None = None, headings: bool = True) -> pd.DataFrame:
    """A table for a reader: every known column formatted at its precision and headed with its label and unit.

    ``formats`` adds or overrides the format of columns (by their identifier). ``headings=False`` keeps the
    identifiers as headings, for a reader who uses them in code (a student).
    """
    kinds = {c: (formats or {}).get(str(c), term(str(c)).format) for c in frame.columns}
    shown = pd.DataFrame({c: [formatted(v, kinds[c]) for v in frame[c]] for c in frame.columns}, index=frame.index)
    return shown.rename(columns={c: term(str(c)).heading for c in frame.columns}) if headings else shown


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
    if unit.startswith("£"):
        return "gbp"
    if unit == "ratio":
        return "ratio"
    if unit.startswith("patients per FTE"):
        return "one"
    return "value"


def unit_beside(unit: str, kind: str) -> str:
    """The unit written beside a figure shown in format ``kind``: a share's "%" already says "fraction", so
    "fraction of visits" reads "of visits" after "69%", and "£ a year" reads "a year" after "£17,368"; text and a
    factor ("x 1.3") have none."""
    if kind in ("text", "times"):
        return ""
    if kind == "gbp":
        return unit.removeprefix("£").strip()
    return unit.removeprefix("fraction").strip() if kind == "share" else unit


def value_text(name: str, value: float) -> str:
    """A named figure's value with its unit, as the vocabulary words them: ``bed_day_cost_gbp`` 334 -> "£334 per
    bed-day", ``caseload`` 20 -> "20 patients per FTE at a time", ``overhead_rate`` 0.2 -> "20% of salary and
    on-costs"."""
    described = term(name)
    unit = unit_beside(described.unit, described.format)
    return f"{formatted(value, described.format)} {unit}".strip()


def formula_text(text: str, names: Mapping[str, str] | None = None) -> str:
    """A formula of data/ for a reader: x for *, − for a minus between terms, and each name in ``names`` (an
    input, or ``study_id.input``) replaced by its words."""
    import re

    for name in sorted(names or {}, key=len, reverse=True):
        text = re.sub(rf"(?<![\w.]){re.escape(name)}(?![\w.])", (names or {})[name], text)
    return text.replace(" * ", " x ").replace(" - ", " − ")
