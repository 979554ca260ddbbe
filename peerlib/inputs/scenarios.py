"""Reading ``scenarios.csv``: structural choices, each a set of parameters set to other values or studies left out."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from peerlib.config import DATA_DIR
from peerlib.inputs.errors import DataError
from peerlib.inputs.tables import Column, check_provenance, read_csv_rows

SCENARIOS_FILE = "scenarios.csv"
EXCLUDE = "exclude"  # the parameter column of a row that leaves a study out of the pool
BASE_ID = "base"


@dataclass(frozen=True)
class Scenario:
    """One structural choice: parameters set to other values, studies left out, and why."""

    scenario_id: str
    group: str
    label: str
    overrides: Mapping[str, float]
    exclude: tuple[str, ...]
    reasons: tuple[str, ...]
    sources: tuple[str, ...]
    weight: float | None = None  # how likely this option is, within its group; None: as likely as the others


BASE = Scenario(BASE_ID, "", "Base case, as data/ sets it", {}, (), (), ())


def load_scenarios(
    params: Mapping[str, float], model_study_ids: Sequence[str], data_dir: Path = DATA_DIR
) -> list[Scenario]:
    """Read ``scenarios.csv``, checking every row against a model's parameters (``params``, at their base values)
    and studies: a known parameter with a number in its range, or ``exclude`` with a study of the analysis; one
    group and one label per scenario."""
    path = data_dir / SCENARIOS_FILE
    rows = read_csv_rows(path, [
        Column("scenario", "required_text"),
        Column("group", "required_text"),
        Column("label", "required_text"),
        Column("parameter", "required_text"),
        Column("value", "required_text"),
        Column("weight", "number", optional=True),
        Column("status", "status"),
        Column("source", "text"),
        Column("reason", "text"),
    ])
    study_ids = set(model_study_ids)
    heads: dict[str, tuple[str, str]] = {}  # scenario -> (group, label)
    weights: dict[str, float | None] = {}
    overrides: dict[str, dict[str, float]] = {}
    excluded: dict[str, list[str]] = {}
    reasons: dict[str, list[str]] = {}
    sources: dict[str, list[str]] = {}
    for line, row in rows:
        check_provenance(path, line, row)
        sid, parameter, value = str(row["scenario"]), str(row["parameter"]), str(row["value"])
        if sid == BASE_ID:
            raise DataError(path, "the base case is not a scenario row", line=line, column="scenario",
                            expected="another name (the base case is every group's first option)", found=sid)
        head = heads.setdefault(sid, (str(row["group"]), str(row["label"])))
        for column, known in zip(("group", "label"), head, strict=True):
            if known != row[column]:
                raise DataError(path, f"scenario {sid!r} has two {column}s", line=line, column=column,
                                expected=known, found=row[column])
        weight = None if row["weight"] is None else float(row["weight"])
        if weight is not None and not 0 < weight < 1:
            raise DataError(path, "not a weight", line=line, column="weight",
                            expected="a probability above 0 and below 1, or empty for options equally likely",
                            found=row["weight"])
        if weight is not None and not row["reason"]:
            raise DataError(path, "a weight needs its reason", line=line, column="reason",
                            expected="why this option is more or less likely than the others", found="")
        if weights.setdefault(sid, weight) != weight:
            raise DataError(path, f"scenario {sid!r} has two weights", line=line, column="weight",
                            expected=f"{weights[sid]} on every row of the scenario", found=row["weight"])
        if parameter == EXCLUDE:
            if value not in study_ids:
                raise DataError(path, "unknown study to leave out", line=line, column="value",
                                expected=f"a study of the analysis ({', '.join(sorted(study_ids))})", found=value)
            excluded.setdefault(sid, []).append(value)
        else:
            if parameter not in params:
                raise DataError(path, "unknown parameter", line=line, column="parameter",
                                expected=f"'{EXCLUDE}' or a parameter of the model (e.g. landers2011.followup_months)",
                                found=parameter)
            try:
                number = float(value)
            except ValueError:
                number = math.nan
            if not math.isfinite(number) or number <= 0:
                raise DataError(path, "not a value for this parameter", line=line, column="value",
                                expected="a number greater than 0", found=value)
            overrides.setdefault(sid, {})[parameter] = number
        reasons.setdefault(sid, []).append(str(row["reason"]))
        if row["source"]:
            sources.setdefault(sid, []).append(str(row["source"]))
    scenarios = []
    for sid, (group, label) in heads.items():
        changed = overrides.get(sid, {})
        for name, months in changed.items():
            study_id, _, item = name.rpartition(".")
            if item == "support_months":
                followup = changed.get(f"{study_id}.followup_months", params[f"{study_id}.followup_months"])
                if months > followup:
                    raise DataError(path, f"scenario {sid!r}: support longer than the follow-up", column="value",
                                    expected=f"{name} at most {study_id}.followup_months ({followup:g})",
                                    found=months)
        left_out = excluded.get(sid, [])
        if not [s for s in model_study_ids if s not in left_out]:
            raise DataError(path, f"scenario {sid!r} leaves no study in the pool", column="value",
                            expected="at least one study kept", found=";".join(left_out))
        scenarios.append(Scenario(sid, group, label, dict(changed), tuple(left_out),
                                  tuple(dict.fromkeys(reasons.get(sid, []))),
                                  tuple(dict.fromkeys(sources.get(sid, []))), weights[sid]))
    for group in {g for g, _ in heads.values()}:
        given = sum(s.weight for s in scenarios if s.group == group and s.weight is not None)
        if given >= 1:
            raise DataError(path, f"the weights of group {group!r} leave nothing for the base case", column="weight",
                            expected="weights adding up to less than 1", found=f"{given:g}")
    return scenarios
