"""Study records: loading and validating ``data/studies.csv`` and ``data/study_inputs.csv``.

``studies.csv`` has one row per study: what it is, whether it is in the analysis and why, and
the form in which it reports bed use. ``study_inputs.csv`` has one row per figure (sample sizes,
follow-up, published bed-use figures, peer staffing), each with its own source, or flagged as an
assumption with its reason. Keeping figures one to a row lets every number carry its own source.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

import pandas as pd

from peerlib.errors import DataError, ParameterError
from peerlib.paths import DATA_DIR
from peerlib.ratios import OUTCOME_FORMS, fte_from_sessions
from peerlib.tables import Column, Kind, check_number, check_unique, expectation, read_csv_rows

STUDIES_FILE = "studies.csv"
STUDY_INPUTS_FILE = "study_inputs.csv"

DESIGNS = ("rct", "comparison_group", "no_comparison_group")
COMMON_INPUTS = ("n_peer", "n_control", "followup_months", "peer_fte")
# A study may give its peer input as sessions instead of FTE; peer_fte is then derived from them.
SESSION_INPUTS = ("sessions_per_patient", "hours_per_session", "fte_hours_per_year")

# Every input a study may carry, the range it must lie in, and its unit.
INPUT_KINDS: dict[str, tuple[Kind, str]] = {
    "n_peer": ("count", "people"),
    "n_control": ("count", "people"),
    "followup_months": ("positive", "months"),
    "peer_fte": ("positive", "FTE"),
    "bed_days_peer": ("nonnegative", "bed-days per patient"),
    "bed_days_control": ("nonnegative", "bed-days per patient"),
    "sd_bed_days_peer": ("nonnegative", "bed-days per patient"),
    "sd_bed_days_control": ("nonnegative", "bed-days per patient"),
    "bed_days_saved_per_patient": ("number", "bed-days per patient"),
    "bed_days_saved_total": ("number", "bed-days"),
    "admissions_peer": ("nonnegative", "admissions per patient"),
    "admissions_control": ("nonnegative", "admissions per patient"),
    "length_of_stay_days": ("positive", "bed-days per admission"),
    "proportion_admitted_peer": ("proportion", "proportion"),
    "proportion_admitted_control": ("proportion", "proportion"),
    "bed_days_per_admitted_patient": ("positive", "bed-days per admitted patient"),
    "odds_ratio": ("positive", "odds ratio"),
    "admitted_peer": ("count", "people"),
    "admitted_control": ("count", "people"),
    "sessions_per_patient": ("nonnegative", "sessions per patient"),
    "hours_per_session": ("positive", "hours per session"),
    "fte_hours_per_year": ("positive", "hours per FTE-year"),
    "bed_days_saved_per_fte_year": ("number", "bed-days per FTE-year"),
}


@dataclass(frozen=True)
class StudyInput:
    """One figure of a study: published (with its source) or assumed (with its reason)."""

    name: str
    value: float
    unit: str
    is_assumption: bool
    source: str
    reason: str = ""


@dataclass(frozen=True)
class Study:
    study_id: str
    label: str
    included: bool
    inclusion_reason: str
    source: str
    country: str
    design: str
    peer_role: str
    outcome_form: str
    summary: str
    caveat: str = ""
    inputs: Mapping[str, StudyInput] = field(default_factory=dict)

    def value(self, name: str) -> float:
        try:
            return self.inputs[name].value
        except KeyError:
            raise ParameterError(f"study {self.study_id!r} has no input {name!r}") from None

    def values(self) -> dict[str, float]:
        return {name: item.value for name, item in self.inputs.items()}

    @property
    def n_peer(self) -> float:
        return self.value("n_peer")

    @property
    def n_control(self) -> float:
        return self.value("n_control")

    @property
    def sample_size(self) -> float:
        """Patients in both arms: the report's weight when pooling ratios."""
        return self.n_peer + self.n_control

    @property
    def followup_months(self) -> float:
        return self.value("followup_months")

    @property
    def peer_fte(self) -> float:
        return self.value("peer_fte")

    @property
    def assumptions(self) -> list[StudyInput]:
        return [item for item in self.inputs.values() if item.is_assumption]

    def inputs_table(self) -> pd.DataFrame:
        """Every input with its unit and where it comes from: a source, or an assumption and its reason."""
        return pd.DataFrame(
            [{"input": i.name, "value": i.value, "unit": i.unit,
              "status": "assumption" if i.is_assumption else "published",
              "source or reason": i.reason if i.is_assumption else i.source} for i in self.inputs.values()]
        ).set_index("input")

    def with_values(self, reason: str = "set by the user", **values: float) -> Study:
        """A copy with some inputs replaced; each replaced figure becomes a flagged assumption."""
        inputs = dict(self.inputs)
        for name, value in values.items():
            if name not in INPUT_KINDS:
                raise ParameterError(f"unknown input {name!r}; expected one of {', '.join(INPUT_KINDS)}")
            kind, unit = INPUT_KINDS[name]
            try:
                number = check_number(f"parameter {name}", None, name, kind, float(value), value)
            except (TypeError, ValueError) as exc:
                raise ParameterError(f"{name} for {self.study_id}: expected {expectation(kind)}, "
                                     f"found {value!r}") from exc
            inputs[name] = StudyInput(name, number, unit, True, "", reason)
        return replace(self, inputs=inputs)


def required_inputs(outcome_form: str) -> tuple[str, ...]:
    return COMMON_INPUTS + OUTCOME_FORMS[outcome_form].inputs


def load_studies(data_dir: Path = DATA_DIR, *, included_only: bool = True) -> list[Study]:
    """Read and check both study files; by default return only the studies in the analysis.

    Swapping a study in or out of the analysis is a change of its ``included`` cell.
    """
    studies_path = data_dir / STUDIES_FILE
    rows = read_csv_rows(studies_path, [
        Column("study_id", "required_text"),
        Column("label", "required_text"),
        Column("included", "flag"),
        Column("inclusion_reason", "required_text"),
        Column("source", "required_text"),
        Column("country", "required_text"),
        Column("design", "required_text"),
        Column("peer_role", "required_text"),
        Column("outcome_form", "required_text"),
        Column("summary", "required_text"),
        Column("caveat", "text"),
    ])
    check_unique(studies_path, rows, lambda r: r["study_id"], "study_id")
    lines: dict[str, int] = {}
    for line, row in rows:
        if row["design"] not in DESIGNS:
            raise DataError(studies_path, "unknown design", line=line, column="design",
                            expected=f"one of {', '.join(DESIGNS)}", found=row["design"])
        if row["outcome_form"] not in OUTCOME_FORMS:
            raise DataError(studies_path, "unknown outcome form", line=line, column="outcome_form",
                            expected=f"one of {', '.join(OUTCOME_FORMS)}", found=row["outcome_form"])
        lines[str(row["study_id"])] = line
    inputs = _load_inputs(data_dir / STUDY_INPUTS_FILE, lines)
    studies = []
    for _, row in rows:
        study_id = str(row["study_id"])
        study_inputs = inputs.get(study_id, {})
        if "peer_fte" not in study_inputs and all(name in study_inputs for name in SESSION_INPUTS):
            study_inputs["peer_fte"] = derived_peer_fte(study_inputs)
        for name in required_inputs(str(row["outcome_form"])):
            if name not in study_inputs:
                raise DataError(data_dir / STUDY_INPUTS_FILE, f"no row for input {name!r} of study {study_id!r}",
                                column="input", expected=f"the inputs of outcome form {row['outcome_form']!r}: "
                                f"{', '.join(required_inputs(str(row['outcome_form'])))}")
        for arm in ("peer", "control"):
            admitted, n = study_inputs.get(f"admitted_{arm}"), study_inputs[f"n_{arm}"]
            if admitted is not None and admitted.value > n.value:
                raise DataError(data_dir / STUDY_INPUTS_FILE, f"admitted_{arm} of study {study_id!r} exceeds n_{arm}",
                                column="value", expected=f"at most {n.value:g} people", found=admitted.value)
        if study_inputs["n_peer"].value == 0:
            raise DataError(data_dir / STUDY_INPUTS_FILE, f"n_peer of study {study_id!r} is 0", column="value",
                            expected="at least one patient in the peer arm", found=0)
        studies.append(Study(inputs=study_inputs, **{k: v for k, v in row.items()}))  # type: ignore[arg-type]
    return [s for s in studies if s.included or not included_only]


def _load_inputs(path: Path, study_lines: Mapping[str, int]) -> dict[str, dict[str, StudyInput]]:
    rows = read_csv_rows(path, [
        Column("study_id", "required_text"),
        Column("input", "required_text"),
        Column("value", "number"),
        Column("unit", "required_text"),
        Column("is_assumption", "flag"),
        Column("source", "text"),
        Column("reason", "text"),
    ])
    check_unique(path, rows, lambda r: (r["study_id"], r["input"]), "input")
    inputs: dict[str, dict[str, StudyInput]] = {}
    for line, row in rows:
        study_id, name = str(row["study_id"]), str(row["input"])
        if study_id not in study_lines:
            raise DataError(path, "unknown study", line=line, column="study_id",
                            expected=f"a study_id of {STUDIES_FILE}", found=study_id)
        if name not in INPUT_KINDS:
            raise DataError(path, "unknown input", line=line, column="input",
                            expected=f"one of {', '.join(INPUT_KINDS)}", found=name)
        kind, unit = INPUT_KINDS[name]
        value = check_number(path, line, "value", kind, float(row["value"]), row["value"])  # type: ignore[arg-type]
        if row["unit"] != unit:
            raise DataError(path, f"wrong unit for {name}", line=line, column="unit", expected=unit, found=row["unit"])
        is_assumption = bool(row["is_assumption"])
        if is_assumption and not row["reason"]:
            raise DataError(path, "an assumption needs its reason", line=line, column="reason",
                            expected="why this value was chosen", found="")
        if not is_assumption and not row["source"]:
            raise DataError(path, "a published figure needs its source", line=line, column="source",
                            expected="a citation and where in it (table, page, abstract)", found="")
        inputs.setdefault(study_id, {})[name] = StudyInput(name, value, unit, is_assumption,
                                                           str(row["source"]), str(row["reason"]))
    return inputs


def derived_peer_fte(inputs: Mapping[str, StudyInput]) -> StudyInput:
    """peer_fte derived from a study's session inputs, flagged as an assumption."""
    fte = fte_from_sessions(*(inputs[name].value for name in ("n_peer", *SESSION_INPUTS, "followup_months")))
    reason = ("derived: n_peer x sessions_per_patient x hours_per_session / fte_hours_per_year, "
              "averaged over follow-up (see those inputs for their sources and reasons)")
    return StudyInput("peer_fte", fte, "FTE", True, "", reason)


def load_study(study_id: str, data_dir: Path = DATA_DIR) -> Study:
    """One study by id, whether or not it is in the pooled analysis."""
    studies = {s.study_id: s for s in load_studies(data_dir, included_only=False)}
    if study_id not in studies:
        raise ParameterError(f"unknown study_id {study_id!r}; expected one of {', '.join(studies)}")
    return studies[study_id]
