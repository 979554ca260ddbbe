"""Reading ``uncertainty.csv``: the range and distribution of a parameter, and the rule for each evidence grade."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from peerlib.config import DATA_DIR
from peerlib.inputs.errors import DataError
from peerlib.inputs.studies import (
    CASELOAD,
    CASELOAD_GROUP,
    EVIDENCE_GRADES,
    FTE_HOURS,
    NOT_SIGNIFICANT,
    STUDY_INPUTS_FILE,
    load_studies,
)
from peerlib.inputs.tables import Column, check_provenance, check_unique, read_csv_rows
from peerlib.inputs.unit_costs import COST_ITEMS

UNCERTAINTY_FILE = "uncertainty.csv"
GRADE_PREFIX = "grade:"  # a row of uncertainty.csv that states the rule for one evidence grade
DISTRIBUTIONS = ("fixed", "gamma", "normal", "beta", "uniform", "loguniform")
# The parameters every study shares: the staffing and the costing.
SHARED_PARAMETERS: tuple[str, ...] = (CASELOAD, CASELOAD_GROUP, FTE_HOURS, *COST_ITEMS)


@dataclass(frozen=True)
class UncertaintyRow:
    """One row of ``uncertainty.csv``, with its line for error messages."""

    line: int
    distribution: str
    low: float
    high: float
    relative: bool
    status: str
    source: str
    reason: str


def load_uncertainty(data_dir: Path = DATA_DIR) -> dict[str, UncertaintyRow]:
    """Read ``uncertainty.csv``: a parameter (shared, ``study_id.input`` or ``*.input``) and its range.

    Every row must name something the data has: a shared parameter, an input some study carries
    (``*.input``), or an input of a named study; a row that would be silently ignored is an error.
    """
    path = data_dir / UNCERTAINTY_FILE
    rows = read_csv_rows(path, [
        Column("parameter", "required_text"),
        Column("distribution", "required_text"),
        Column("low", "number"),
        Column("high", "number"),
        Column("relative", "flag"),
        Column("status", "status"),
        Column("source", "text"),
        Column("reason", "text"),
    ])
    check_unique(path, rows, lambda r: r["parameter"], "parameter")
    every = {s.study_id: s for s in load_studies(data_dir, included_only=False)}
    carried = {name for s in every.values() for name in s.inputs}
    specs = {}
    for line, row in rows:
        name, distribution = str(row["parameter"]), str(row["distribution"])
        low, high = float(row["low"]), float(row["high"])  # type: ignore[arg-type]
        study_id, _, item = name.rpartition(".")
        grades = (*EVIDENCE_GRADES, NOT_SIGNIFICANT)
        if name.startswith(GRADE_PREFIX):
            if name.removeprefix(GRADE_PREFIX) not in grades:
                raise DataError(path, "unknown evidence grade", line=line, column="parameter",
                                expected=f"{GRADE_PREFIX}<grade>, a grade of {', '.join(grades)}", found=name)
            if not row["relative"]:
                raise DataError(path, "a grade's range is relative to the study's figure", line=line,
                                column="relative", expected="yes", found="no")
        elif not study_id and name not in SHARED_PARAMETERS:
            raise DataError(path, "unknown parameter", line=line, column="parameter",
                            expected=f"a shared parameter ({', '.join(SHARED_PARAMETERS)}), study_id.input or *.input",
                            found=name)
        if study_id == "*" and item not in carried:
            raise DataError(path, "no study has this input", line=line, column="parameter",
                            expected=f"*.input for an input of {STUDY_INPUTS_FILE} ({', '.join(sorted(carried))})",
                            found=name)
        if study_id not in ("", "*") and study_id not in every:
            raise DataError(path, "unknown study", line=line, column="parameter",
                            expected=f"a study_id of studies.csv ({', '.join(every)})", found=name)
        if study_id not in ("", "*") and item not in every[study_id].inputs:
            raise DataError(path, f"study {study_id!r} has no input {item!r}", line=line, column="parameter",
                            expected=f"one of its inputs ({', '.join(every[study_id].inputs)})", found=name)
        if study_id not in ("", "*") and every[study_id].inputs[item].formula is not None:
            formula = every[study_id].inputs[item].formula
            raise DataError(path, f"{name} is computed from a formula", line=line, column="parameter",
                            expected=f"a range for the parts it is computed from ({formula.text if formula else ''})",
                            found=name)
        if distribution not in DISTRIBUTIONS:
            raise DataError(path, "unknown distribution", line=line, column="distribution",
                            expected=f"one of {', '.join(DISTRIBUTIONS)}", found=distribution)
        if low > high:
            raise DataError(path, "low above high", line=line, column="low", expected=f"at most {high:g}", found=low)
        if distribution == "loguniform" and low <= 0:
            raise DataError(path, "a log-uniform range must be above 0", line=line, column="low",
                            expected="a number greater than 0", found=low)
        status = check_provenance(path, line, row)
        specs[name] = UncertaintyRow(line, distribution, low, high, bool(row["relative"]), status,
                                     str(row["source"]), str(row["reason"]))
    missing = [g for g in (*EVIDENCE_GRADES, NOT_SIGNIFICANT) if f"{GRADE_PREFIX}{g}" not in specs]
    if missing:
        raise DataError(path, "no rule for an evidence grade", column="parameter",
                        expected=f"a row for each of {', '.join(GRADE_PREFIX + g for g in missing)}",
                        found="no such row")
    return specs
