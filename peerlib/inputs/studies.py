"""Study records: loading and validating ``data/studies.csv``, ``data/study_inputs.csv`` and the
shared staffing assumption in ``data/staffing.csv``.

``studies.csv`` has one row per study: what it is, whether it is in the analysis and why, and
the form in which it reports bed use. ``study_inputs.csv`` has one row per figure (sample sizes,
follow-up, published bed-use figures), each with its own source, or flagged as an assumption with
its reason. Keeping figures one to a row lets every number carry its own source.

Staffing is not typed per study. Every study's peer-worker input comes from one shared
assumption, ``caseload`` (patients one FTE peer worker supports at a time, in ``staffing.csv``),
and the study's ``support_months`` (how long each patient was supported: published where a study
says, otherwise taken as the follow-up and flagged). A study that publishes its intensity
(sessions x hours per patient) or its peer FTE uses that instead, with its source.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

import pandas as pd

from peerlib.config import DATA_DIR, DAYS_PER_YEAR, PART_PREFIX
from peerlib.inputs.errors import DataError, ParameterError
from peerlib.inputs.formulas import Formula, resolve_formulas, row_formula
from peerlib.inputs.sourced import PLAUSIBLE, SourcedFigure, check_parameter, check_unit, read_figures, require_items
from peerlib.inputs.tables import (
    Column,
    Kind,
    Row,
    check_number,
    check_provenance,
    check_unique,
    expectation,
    read_csv_rows,
)
from peerlib.vocabulary import term

STUDIES_FILE = "studies.csv"
STUDY_INPUTS_FILE = "study_inputs.csv"
STAFFING_FILE = "staffing.csv"
CASELOAD = "caseload"  # the items of staffing.csv, shared parameters of the model: one-to-one support
CASELOAD_GROUP = "caseload_group"  # group support
FTE_HOURS = "fte_hours_per_year"
# How a study's peer support was delivered, and the caseload parameter its peer work rests on (none where the study
# publishes its own sessions and hours).
DELIVERY_CASELOAD: dict[str, str | None] = {"one_to_one": CASELOAD, "group": CASELOAD_GROUP,
                                            "published_intensity": None}
CASELOADS = (CASELOAD, CASELOAD_GROUP)

DESIGNS = ("rct", "comparison_group", "no_comparison_group")
COMMON_INPUTS = ("n_peer", "n_control", "followup_months")
# A study that publishes how much peer work each patient had: sessions x hours, over a working year.
INTENSITY_INPUTS = ("sessions_per_patient", "hours_per_session")
# The forms in which studies report bed use, each with the inputs it needs (data/README.md); the conversion of
# each to bed-days saved per patient is arithmetic, in peerlib.core.outcomes.
OUTCOME_FORM_INPUTS: dict[str, tuple[str, ...]] = {
    "mean_bed_days": ("bed_days_peer", "bed_days_control"),
    "bed_days_saved_per_patient": ("bed_days_saved_per_patient",),
    "total_bed_days_saved": ("bed_days_saved_total",),
    "admissions_and_length_of_stay": ("admissions_peer", "admissions_control", "length_of_stay_days"),
    "proportion_admitted": ("proportion_admitted_peer", "proportion_admitted_control", "bed_days_per_admitted_patient"),
    "admitted_counts": ("admitted_peer", "admitted_control", "bed_days_per_admitted_patient"),
    "odds_ratio": ("odds_ratio", "proportion_admitted_control", "bed_days_per_admitted_patient"),
    "saved_per_fte_year": ("bed_days_saved_per_fte_year",),
}
# The form that enters at the report's own level (bed-days saved per FTE-year): no per-patient difference, no staffing.
REPORT_LEVEL_FORM = "saved_per_fte_year"
DAYS_PER_MONTH = DAYS_PER_YEAR / 12



@dataclass(frozen=True)
class InputSpec:
    """What one study input holds: its kind (which fixes the lower bound) and a plausible maximum; its unit is
    the vocabulary's."""

    name: str
    kind: Kind
    maximum: float = math.inf

    @property
    def unit(self) -> str:
        return term(self.name).unit


# Every input a study may carry. The maxima refuse absurd figures (a typo of 1e308 months), not
# merely unusual ones; bed-days are also checked against the days in the study's follow-up.
_KIND_AND_MAXIMUM: dict[str, tuple[Kind, float]] = {
    "n_peer": ("count", 10_000_000),
    "n_control": ("count", 10_000_000),
    "followup_months": ("positive", 240),
    "support_months": ("positive", PLAUSIBLE["support_months"].high),  # the bound a user's months are held to
    "peer_fte": ("positive", 100_000),
    "bed_days_peer": ("nonnegative", 240 * DAYS_PER_MONTH),
    "bed_days_control": ("nonnegative", 240 * DAYS_PER_MONTH),
    "sd_bed_days_peer": ("nonnegative", 240 * DAYS_PER_MONTH),
    "sd_bed_days_control": ("nonnegative", 240 * DAYS_PER_MONTH),
    "bed_days_saved_per_patient": ("number", 240 * DAYS_PER_MONTH),
    "bed_days_saved_total": ("number", 1e9),
    "admissions_peer": ("nonnegative", 100),
    "admissions_control": ("nonnegative", 100),
    "length_of_stay_days": ("positive", 3_650),
    "proportion_admitted_peer": ("proportion", math.inf),
    "proportion_admitted_control": ("proportion", math.inf),
    "bed_days_per_admitted_patient": ("positive", 3_650),
    "odds_ratio": ("positive", 1_000),
    "admitted_peer": ("count", 10_000_000),
    "admitted_control": ("count", 10_000_000),
    "sessions_per_patient": ("nonnegative", 1_000),
    "hours_per_session": ("positive", 24),
    "bed_days_saved_per_fte_year": ("number", 10_000),
}
INPUT_SPECS: dict[str, InputSpec] = {name: InputSpec(name, kind, maximum)
                                     for name, (kind, maximum) in _KIND_AND_MAXIMUM.items()}
# How strong a study's evidence on bed use is: its grade sets the range of its effect where it
# publishes no spread (one rule per grade, in data/uncertainty.csv as grade:<name>).
EVIDENCE_GRADES: dict[str, str] = {
    "randomised_spread": "randomised, spread published",
    "controlled_no_spread": "comparison group, no spread published",
    "no_comparison_group": "no comparison group",
    "secondary_source": "effect from a secondary source",
    "borrowed_or_assumed": "effect borrowed or assumed",
}
NOT_SIGNIFICANT = "not_significant"  # the rule for a difference the study found not significant
SIGNIFICANCE = ("yes", "no", "not_reported")

# Bed-day figures per patient cannot exceed the days in the follow-up.
PER_PATIENT_BED_DAYS = ("bed_days_peer", "bed_days_control", "bed_days_saved_per_patient")


@dataclass(frozen=True)
class StudyInput:
    """One figure: published (with its source), derived (a formula over sourced parts) or assumed (with its reason).

    ``formula`` is set for a figure computed from other figures (parts of the same study, or
    another study's inputs as ``study_id.input``); ``value`` is then its value at their values.
    """

    name: str
    value: float
    unit: str
    status: str
    source: str
    reason: str = ""
    formula: Formula | None = None

    @property
    def is_assumption(self) -> bool:
        return self.status == "assumption"



@dataclass(frozen=True)
class Study:
    study_id: str
    label: str
    included: bool
    inclusion_reason: str
    source: str
    country: str
    country_status: str
    design: str
    peer_role: str
    outcome_form: str
    summary: str
    caveat: str = ""
    evidence_grade: str = ""  # one of EVIDENCE_GRADES: sets the effect's range where the study gives no spread
    effect_significant: str = "not_reported"  # yes, no or not_reported: whether the study found its effect significant
    grade_reason: str = ""
    inputs: Mapping[str, StudyInput] = field(default_factory=dict)
    delivery: str = "one_to_one"  # a key of DELIVERY_CASELOAD
    delivery_status: str = "assumption"
    delivery_source: str = ""

    @property
    def caseload_parameter(self) -> str:
        """The caseload its peer work rests on, by how its support was delivered (one-to-one or group)."""
        return DELIVERY_CASELOAD.get(self.delivery) or CASELOAD

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
    def support_months(self) -> float:
        return self.value("support_months")

    @property
    def staffing_basis(self) -> str:
        """Where the study's peer-worker input (FTE-years) comes from, in order of preference: ``entry`` (it
        enters at bed-days saved per FTE-year), ``published_fte``, ``intensity`` (sessions x hours) or
        ``caseload`` (the shared assumption)."""
        if self.outcome_form == REPORT_LEVEL_FORM:
            return "entry"
        if "peer_fte" in self.inputs:
            return "published_fte"
        if all(name in self.inputs for name in INTENSITY_INPUTS):
            return "intensity"
        return "caseload"

    @property
    def assumptions(self) -> list[StudyInput]:
        return [item for item in self.inputs.values() if item.is_assumption]

    @property
    def effect_inputs(self) -> tuple[str, ...]:
        """The inputs that carry the study's bed-use figure (its outcome form's inputs)."""
        return OUTCOME_FORM_INPUTS[self.outcome_form]

    @property
    def effect_status(self) -> str:
        """``published`` when the study's bed-use figures are its own published ones; ``imputed`` when any is an
        assumption (a difference of zero assumed, an effect borrowed from another study); ``secondary`` when any
        comes from a secondary source (a press report, possibly of another paper)."""
        statuses = {self.inputs[name].status for name in self.effect_inputs}
        if "assumption" in statuses:
            return "imputed"
        return "secondary" if "secondary" in statuses else "published"

    @property
    def references(self) -> tuple[str, ...]:
        """Other studies whose inputs this study's formulas read (a borrowed effect)."""
        names = [n for i in self.inputs.values() if i.formula for n in i.formula.names if "." in n]
        return tuple(dict.fromkeys(n.split(".", 1)[0] for n in names))

    def inputs_table(self) -> pd.DataFrame:
        """Every input with its unit and where it comes from: a source, a formula, or an assumption and its reason."""
        return pd.DataFrame(
            [{"input": i.name, "value": i.value, "unit": i.unit, "status": i.status,
              "formula": i.formula.text if i.formula else "",
              "source or reason": "; ".join(t for t in (i.source, i.reason) if t)} for i in self.inputs.values()]
        ).set_index("input")

    def with_values(self, reason: str = "set by the user", **values: float) -> Study:
        """A copy with some inputs replaced; each replaced figure becomes a flagged assumption."""
        inputs = dict(self.inputs)
        for name, value in values.items():
            if name not in INPUT_SPECS:
                raise ParameterError(f"unknown input {name!r}; expected one of {', '.join(INPUT_SPECS)}")
            spec = INPUT_SPECS[name]
            try:
                number = check_input(f"parameter {name}", None, name, float(value), value)
            except (TypeError, ValueError) as exc:
                raise ParameterError(f"{name} for {self.study_id}: expected {expectation(spec.kind)}"
                                     f"{_at_most(spec)}, found {value!r}") from exc
            inputs[name] = StudyInput(name, number, spec.unit, "assumption", "", reason)
        support = inputs.get("support_months")
        if "followup_months" in values and "support_months" not in values and support is not None \
                and support.reason == SUPPORT_DEFAULT_REASON:
            inputs["support_months"] = replace(support, value=inputs["followup_months"].value)
        check_support(f"parameters of {self.study_id}", None, inputs)
        return replace(self, inputs=inputs)


SUPPORT_DEFAULT_REASON = ("Not published: each patient is taken to have been supported for the whole follow-up. "
                          "The ratio is inversely proportional to it")


def check_support(path: Path | str, line: int | None, inputs: Mapping[str, StudyInput]) -> None:
    """Support cannot last longer than the follow-up over which bed use was counted."""
    support, followup = inputs.get("support_months"), inputs.get("followup_months")
    if support is not None and followup is not None and support.value > followup.value:
        raise DataError(path, "support_months is longer than the follow-up", line=line, column="value",
                        expected=f"at most followup_months = {followup.value:g}", found=support.value)


def _at_most(spec: InputSpec) -> str:
    return f" and at most {spec.maximum:,.6g}" if math.isfinite(spec.maximum) else ""


def check_input(path: Path | str, line: int | None, name: str, value: float, raw: object) -> float:
    """Check a study input against its kind and its plausible maximum."""
    spec = INPUT_SPECS[name]
    check_number(path, line, "value", spec.kind, value, raw)
    if abs(value) > spec.maximum:
        raise DataError(path, f"{name} is implausibly large", line=line, column="value",
                        expected=f"{expectation(spec.kind)}{_at_most(spec)} ({spec.unit})", found=raw)
    return value


def required_inputs(outcome_form: str) -> tuple[str, ...]:
    return COMMON_INPUTS + OUTCOME_FORM_INPUTS[outcome_form]


@dataclass(frozen=True)
class Staffing:
    """The shared staffing assumptions: every study's peer-worker input rests on them.

    ``caseload`` is the number of patients one FTE peer worker supports at a time;
    ``fte_hours_per_year`` the working hours of one FTE in a year (used where a study publishes
    its intensity in sessions and hours).
    """

    caseload: float
    fte_hours_per_year: float
    sources: Mapping[str, SourcedFigure] = field(default_factory=dict)
    caseload_group: float | None = None  # group support; None: the same as one-to-one

    def with_caseload(self, caseload: float | None, where: str = "parameter caseload") -> Staffing:
        """A copy with one caseload for every study, however its support was delivered; ``None`` keeps those in
        ``data/``. ``where`` names its origin in errors."""
        if caseload is None:
            return self
        value = check_parameter(CASELOAD, caseload, where)
        return replace(self, caseload=value, caseload_group=value)

    def with_mode_caseloads(self, one_to_one: float | None = None, group: float | None = None,
                            where: str = "parameter") -> Staffing:
        """A copy with the caseload of one-to-one support, of group support, or both replaced; ``None`` keeps it."""
        changed = self
        if one_to_one is not None:
            changed = replace(changed, caseload=check_parameter(CASELOAD, one_to_one, where),
                              caseload_group=self.parameters()[CASELOAD_GROUP])
        if group is not None:
            changed = replace(changed, caseload_group=check_parameter(CASELOAD, group, f"{where}, in groups"))
        return changed

    def parameters(self) -> dict[str, float]:
        """The model's staffing parameters: the caseload of each way of delivering support, and an FTE's hours."""
        group = self.caseload if self.caseload_group is None else self.caseload_group
        return {CASELOAD: self.caseload, CASELOAD_GROUP: group, FTE_HOURS: self.fte_hours_per_year}

    def caseload_for(self, study: Study) -> float:
        return self.parameters()[study.caseload_parameter]


CASELOAD_MAXIMUM = PLAUSIBLE[CASELOAD].high  # patients at a time: far beyond any peer worker; a guard against typos


STAFFING_ITEMS = (CASELOAD, CASELOAD_GROUP, FTE_HOURS)  # bounds and units: sourced.PLAUSIBLE


def load_staffing(data_dir: Path = DATA_DIR) -> Staffing:
    """Read ``staffing.csv``: the shared caseload and the working hours of an FTE-year."""
    path = data_dir / STAFFING_FILE

    def check_row(line: int, row: Row) -> None:
        name = str(row["item"])
        formula = row_formula(path, line, row)
        if formula is not None and formula.names:  # nothing here for a staffing formula to refer to
            raise DataError(path, "a staffing formula names a value", line=line, column="formula",
                            expected="arithmetic over numbers only (+ - * / and brackets), e.g. 37.5 * 52",
                            found=formula.text)
        check_unit(path, line, name, row)

    def value_of(line: int, row: Row) -> float:
        formula = row_formula(path, line, row)
        return float(row["value"] if formula is None else formula.evaluate({}))  # type: ignore[arg-type]

    items = read_figures(path, ("item", "value", "unit", "status", "formula", "source", "reason"),
                         overrides=[Column("value", "number", optional=True)], check_row=check_row, value_of=value_of,
                         known_items=tuple(STAFFING_ITEMS))
    require_items(path, items, STAFFING_ITEMS)
    return Staffing(items[CASELOAD].value, items[FTE_HOURS].value, items, items[CASELOAD_GROUP].value)


def _sourced_input(
    path: Path, line: int, name: str, value: float, unit: str, row: Row, formula: Formula | None
) -> StudyInput:
    """A figure with its provenance checked (see :func:`peerlib.inputs.tables.check_provenance`)."""
    status = check_provenance(path, line, row)
    return StudyInput(name, value, unit, status, str(row["source"]), str(row["reason"]), formula)


def load_studies(data_dir: Path = DATA_DIR, *, included_only: bool = True) -> list[Study]:
    """Read and check both study files; by default return only the studies in the analysis.

    Swapping a study in or out of the analysis is a change of its ``included`` cell.
    """
    studies_path = data_dir / STUDIES_FILE
    inputs_path = data_dir / STUDY_INPUTS_FILE
    rows = read_csv_rows(studies_path, [
        Column("study_id", "required_text"),
        Column("label", "required_text"),
        Column("included", "flag"),
        Column("inclusion_reason", "required_text"),
        Column("source", "required_text"),
        Column("country", "required_text"),
        Column("country_status", "status"),
        Column("design", "required_text"),
        Column("peer_role", "required_text"),
        Column("outcome_form", "required_text"),
        Column("summary", "required_text"),
        Column("caveat", "text"),
        Column("evidence_grade", "required_text"),
        Column("effect_significant", "required_text"),
        Column("grade_reason", "required_text"),
        Column("delivery", "required_text"),
        Column("delivery_status", "status"),
        Column("delivery_source", "required_text"),
    ])
    check_unique(studies_path, rows, lambda r: r["study_id"], "study_id")
    lines: dict[str, int] = {}
    vocabularies = {"design": ("design", DESIGNS), "outcome_form": ("outcome form", OUTCOME_FORM_INPUTS),
                    "evidence_grade": ("evidence grade", EVIDENCE_GRADES),
                    "effect_significant": ("significance", SIGNIFICANCE),
                    "delivery": ("way of delivering support", DELIVERY_CASELOAD)}
    for line, row in rows:
        for column, (what, known) in vocabularies.items():
            if row[column] not in known:
                raise DataError(studies_path, f"unknown {what}", line=line, column=column,
                                expected=f"one of {', '.join(known)}", found=row[column])
        lines[str(row["study_id"])] = line
    inputs, input_lines = _load_inputs(inputs_path, lines)
    studies = []
    for _, row in rows:
        study_id = str(row["study_id"])
        study_inputs = inputs.get(study_id, {})
        form = str(row["outcome_form"])
        for name in required_inputs(form):
            if name not in study_inputs:
                raise DataError(inputs_path, f"no row for input {name!r} of study {study_id!r}",
                                column="input", expected=f"the inputs of outcome form {form!r}: "
                                f"{', '.join(required_inputs(form))}")
        check_support(inputs_path, input_lines.get((study_id, "support_months")), study_inputs)
        intensity = all(name in study_inputs for name in INTENSITY_INPUTS)
        if (row["delivery"] == "published_intensity") != intensity:
            raise DataError(studies_path, f"study {study_id!r}: delivery and its inputs disagree", line=lines[study_id],
                            column="delivery", expected="published_intensity exactly where study_inputs.csv gives "
                            f"{' and '.join(INTENSITY_INPUTS)}; otherwise one_to_one or group", found=row["delivery"])
        for name in PER_PATIENT_BED_DAYS:
            if name in study_inputs:
                days = study_inputs["followup_months"].value * DAYS_PER_MONTH
                if abs(study_inputs[name].value) > days:
                    raise DataError(inputs_path, f"{name} of study {study_id!r} exceeds the days in its follow-up",
                                    line=input_lines[(study_id, name)], column="value",
                                    expected=f"at most {days:,.0f} bed-days per patient",
                                    found=study_inputs[name].value)
        for arm in ("peer", "control"):
            admitted, n = study_inputs.get(f"admitted_{arm}"), study_inputs[f"n_{arm}"]
            if admitted is not None and admitted.value > n.value:
                raise DataError(inputs_path, f"admitted_{arm} of study {study_id!r} exceeds n_{arm}",
                                line=input_lines[(study_id, f"admitted_{arm}")], column="value",
                                expected=f"at most {n.value:g} people", found=admitted.value)
        if study_inputs["n_peer"].value == 0:
            raise DataError(inputs_path, f"n_peer of study {study_id!r} is 0", column="value",
                            line=input_lines[(study_id, "n_peer")],
                            expected="at least one patient in the peer arm", found=0)
        studies.append(Study(inputs=study_inputs, **{k: v for k, v in row.items()}))  # type: ignore[arg-type]
    return [s for s in studies if s.included or not included_only]


def _load_inputs(
    path: Path, study_lines: Mapping[str, int]
) -> tuple[dict[str, dict[str, StudyInput]], dict[tuple[str, str], int]]:
    rows = read_csv_rows(path, [
        Column("study_id", "required_text"),
        Column("input", "required_text"),
        Column("value", "number", optional=True),
        Column("unit", "required_text"),
        Column("status", "status"),
        Column("formula", "text"),
        Column("source", "text"),
        Column("reason", "text"),
    ])
    check_unique(path, rows, lambda r: (r["study_id"], r["input"]), "input")
    inputs: dict[str, dict[str, StudyInput]] = {}
    lines: dict[tuple[str, str], int] = {}
    derived: dict[tuple[str, str], tuple[int, Formula]] = {}
    derived_rows: dict[tuple[str, str], Row] = {}
    for line, row in rows:
        study_id, name = str(row["study_id"]), str(row["input"])
        if study_id not in study_lines:
            raise DataError(path, "unknown study", line=line, column="study_id",
                            expected=f"a study_id of {STUDIES_FILE}", found=study_id)
        if name not in INPUT_SPECS and not name.startswith(PART_PREFIX):
            raise DataError(path, "unknown input", line=line, column="input",
                            expected=f"one of {', '.join(INPUT_SPECS)}, or a part of a derived figure named "
                                     f"{PART_PREFIX}...", found=name)
        unit = INPUT_SPECS[name].unit if name in INPUT_SPECS else str(row["unit"])
        if row["unit"] != unit:
            raise DataError(path, f"wrong unit for {name}", line=line, column="unit", expected=unit, found=row["unit"])
        if name == "peer_fte" and row["status"] != "published":
            raise DataError(path, "an assumed peer FTE", line=line, column="status",
                            expected=f"a published FTE only; staffing assumptions are the shared caseload in "
                                     f"{STAFFING_FILE}", found=row["status"])
        formula = row_formula(path, line, row)
        lines[(study_id, name)] = line
        if formula is not None:
            derived[(study_id, name)] = (line, formula)
            derived_rows[(study_id, name)] = row
            continue
        value = _checked(path, line, name, float(row["value"]), row["value"])  # type: ignore[arg-type]
        inputs.setdefault(study_id, {})[name] = _sourced_input(path, line, name, value, unit, row, None)
    for study_inputs in inputs.values():  # support for the whole follow-up, unless a study publishes otherwise
        if "support_months" not in study_inputs and "followup_months" in study_inputs:
            study_inputs["support_months"] = StudyInput("support_months", study_inputs["followup_months"].value,
                                                        INPUT_SPECS["support_months"].unit, "assumption", "",
                                                        SUPPORT_DEFAULT_REASON)
    known = {(study_id, name): figure.value for study_id, figures in inputs.items() for name, figure in figures.items()}

    def part_key(key: tuple[str, str], ref: str) -> tuple[str, str]:
        owner, _, item = ref.rpartition(".")  # study_id.input borrows another study's figure
        return owner or key[0], item

    def checked(key: tuple[str, str], line: int, value: float, formula: Formula) -> float:
        return _checked(path, line, key[1], value, f"{value:g} (= {formula.text})")

    values = resolve_formulas(path, derived, known, part_key, "names of other rows of the same study, or "
                              "study_id.input for another study's", checked)
    for study_id, name in (key for key in values if key in derived):  # in the order they resolved: the model's
        line, formula = derived[(study_id, name)]
        row = derived_rows[(study_id, name)]
        unit = INPUT_SPECS[name].unit if name in INPUT_SPECS else str(row["unit"])
        inputs.setdefault(study_id, {})[name] = _sourced_input(path, line, name, values[(study_id, name)], unit, row,
                                                               formula)
    return inputs, lines


def _checked(path: Path, line: int, name: str, value: float, raw: object) -> float:
    return check_input(path, line, name, value, raw) if name in INPUT_SPECS else value


def load_study(study_id: str, data_dir: Path = DATA_DIR) -> Study:
    """One study by id, whether or not it is in the pooled analysis."""
    studies = {s.study_id: s for s in load_studies(data_dir, included_only=False)}
    if study_id not in studies:
        raise ParameterError(f"unknown study_id {study_id!r}; expected one of {', '.join(studies)}")
    return studies[study_id]
