"""A class in a box: the roster, and the teaching pack handed out with each student's own figures.

Each student gets every notebook of the pack (``notebooks/teaching/NN_name.ipynb``) with their own values in its
parameters cell: a caseload, a study, a price year... (:data:`DRAWN`), drawn from the student id and the class's
seed among the values ``data/`` holds (:func:`class_values`), so two students' answers differ and the same roster
always gives the same values. A notebook records in its metadata whose it is, which notebook of the pack, and the
values it was given. Grading is :mod:`peerlib.apps.grading`.
"""

from __future__ import annotations

import ast
import csv
import hashlib
import json
import math
import os
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import nbformat
import numpy as np

from peerlib.analysis.specs import load_specs
from peerlib.apps import exercises, teaching
from peerlib.config import PROJECT_ROOT, SEED
from peerlib.core.model import Model
from peerlib.inputs.errors import DataError
from peerlib.inputs.prices import load_price_index
from peerlib.inputs.studies import CASELOAD, load_studies
from peerlib.inputs.unit_costs import load_unit_costs

PACK = PROJECT_ROOT / "notebooks" / "teaching"  # the students' notebooks
SOLUTIONS = PACK / "solutions"  # the teacher's worked solutions, the same notebooks answered
ROSTER_COLUMN = "student_id"
STUDENT_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")  # a folder name on every system
METADATA_KEY = "peerlib"  # where a handed-out notebook records whose it is


# --- The roster ---------------------------------------------------------------------------------------------

def read_roster(path: Path) -> tuple[str, ...]:
    """The student ids of a roster (a CSV file with a ``student_id`` column), in its order.

    A missing file or column, an empty roster, an id that is blank, not a plain folder name, or repeated stops
    with a :class:`DataError` naming the file, the line and what was expected.
    """
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise DataError(path, f"cannot read the roster: {exc}") from None
    rows = list(csv.reader(text.splitlines()))
    if not rows or not any(cell.strip() for cell in rows[0]):
        raise DataError(path, "the roster is empty", expected=f"a header line with a column {ROSTER_COLUMN!r}")
    header = [cell.strip() for cell in rows[0]]
    if ROSTER_COLUMN not in header:
        raise DataError(path, f"no column {ROSTER_COLUMN!r}", line=1, expected=f"a column {ROSTER_COLUMN!r}",
                        found=", ".join(header))
    column = header.index(ROSTER_COLUMN)
    seen: dict[str, int] = {}
    for line, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue  # a blank line
        student_id = row[column].strip() if column < len(row) else ""
        if not STUDENT_ID.fullmatch(student_id):
            raise DataError(path, "not a student id", line=line, column=ROSTER_COLUMN,
                            expected="letters, digits, '.', '_' or '-' (up to 64, starting with a letter or digit)",
                            found=student_id)
        if student_id in seen:
            raise DataError(path, f"{student_id!r} is on line {seen[student_id]} too", line=line,
                            column=ROSTER_COLUMN, expected="each student once", found=student_id)
        seen[student_id] = line
    if not seen:
        raise DataError(path, "the roster has no students", expected=f"a {ROSTER_COLUMN} on each line after the header")
    return tuple(seen)


# --- Each student's values ----------------------------------------------------------------------------------

def pack_notebooks() -> tuple[str, ...]:
    """The notebooks of the pack, by name (``01_unit_costs``), in order."""
    return tuple(sorted(path.stem for path in PACK.glob("[0-9][0-9]_*.ipynb")))


@dataclass(frozen=True)
class Choices:
    """The values a drawn parameter may take, each as likely as the others."""

    values: tuple[object, ...]


def _caseloads() -> Choices:
    """Whole caseloads across the range the uncertainty analysis draws the caseload from (data/uncertainty.csv)."""
    spec = load_specs(Model.from_data())[CASELOAD]
    return Choices(tuple(range(math.ceil(spec.low), math.floor(spec.high) + 1)))


def _salaries() -> Choices:
    """The salaries of the Agenda for Change pay points ``data/`` holds for a peer worker's band in the costing's year
    (2011-12), in whole pounds. ``data/unit_costs.csv`` costs a peer worker at band 3, point 9 (its salary: the
    point's pay plus the flat £250 of April 2011); ``data/uncertainty.csv`` ranges that salary over band 3, from
    point 6 to point 12, each with the £250 (its source quotes both points' pay). The points between are not in
    ``data/``, so are not offered; nor are today's band 3 and 4 points (``data/current_costs.csv``), which are not
    paid under the 2011-12 national insurance and pension rules the exercise applies."""
    spec = load_specs(Model.from_data())["peer_worker_salary_gbp"]
    return Choices(tuple(sorted({round(spec.low), round(spec.base), round(spec.high)})))


def _price_years() -> Choices:
    """Every year of the price index but the unit costs' own, so every student has a conversion to make."""
    own = {cost.price_year for cost in load_unit_costs().values()}
    return Choices(tuple(year for year in load_price_index().years if year not in own))


def _worked_studies() -> Choices:
    """The studies an exercise can take step by step: staffed by the shared caseload, with bed-days saved per
    patient, and a saving (so a break-even exists)."""
    eligible = []
    for study in load_studies(included_only=False):
        try:
            result, delta = teaching.study_for_exercises(study.study_id)
        except teaching.CannotCheck:
            continue
        if delta > 0:
            eligible.append(study.study_id)
    return Choices(tuple(eligible))


def _extra_studies() -> Choices:
    """None, or one study beyond the report's six to pool with them."""
    return Choices(("", *(s.study_id for s in load_studies(included_only=False) if not s.included)))


def _outcomes() -> Choices:
    return Choices(tuple(s.study_id for s in load_studies()))


# How each drawn parameter's choices are found, by its name in the notebooks' parameters cells. A parameter not
# here (marginal_cost_share, an assumption the notebook explains) keeps the notebook's value for every student.
# The Leeds figures of notebook 05 (crisis_cost_per_visit_gbp, inpatient_cost_per_day_gbp) are not drawn:
# data/ holds each as one claimed figure, with no range to draw from.
DRAWN: dict[str, Callable[[], Choices]] = {
    "caseload": _caseloads, "price_year": _price_years, "study_id": _worked_studies,
    "extra_studies": _extra_studies, "outcome": _outcomes, "peer_worker_salary_gbp": _salaries,
}


def parameter_names(notebook: nbformat.NotebookNode) -> tuple[str, ...]:
    """The names the parameters cell of ``notebook`` assigns, in order."""
    cell = _parameters_cell(notebook)
    if cell is None:
        return ()
    return tuple(node.targets[0].id for node in ast.parse(cell.source).body
                 if isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Name))


def class_values(students: Sequence[str], notebook: str, names: Iterable[str], seed: int = SEED,
                 choices: Mapping[str, Choices] | None = None) -> dict[str, dict[str, object]]:
    """Each student's values of the drawn parameters among ``names`` in ``notebook``.

    A student's values come from their own stream of draws (from the seed, their id and the notebook): the first
    draw no student before them in the roster has, while any is left. So two students of a class differ wherever
    the choices allow, the same roster always gives the same values, and a student added at the end of the roster
    changes no one else's.
    """
    drawn = [name for name in names if name in DRAWN]
    options = {name: ((choices or {}).get(name) or DRAWN[name]()).values for name in drawn}
    possible = math.prod(len(values) for values in options.values())
    taken: set[tuple[object, ...]] = set()
    found = {}
    for student_id in students:
        digest = hashlib.sha256(f"{seed}/{student_id}/{notebook}".encode()).digest()
        rng = np.random.default_rng(int.from_bytes(digest[:8], "big"))
        while True:
            values = tuple(options[name][int(rng.integers(len(options[name])))] for name in drawn)
            if values not in taken or len(taken) >= possible:
                break
        taken.add(values)
        found[student_id] = dict(zip(drawn, values, strict=True))
    return found


def literal(value: object) -> str:
    """``value`` as Python source: a text in double quotes, as the notebooks write them."""
    return json.dumps(value) if isinstance(value, str) else repr(value)


def _parameters_cell(notebook: nbformat.NotebookNode) -> nbformat.NotebookNode | None:
    return next((c for c in notebook.cells
                 if c.cell_type == "code" and exercises.PARAMETERS_TAG in c.metadata.get("tags", [])), None)


def with_values(notebook: nbformat.NotebookNode, values: Mapping[str, object]) -> nbformat.NotebookNode:
    """A copy of ``notebook`` whose parameters cell gives ``values`` (each line's comment kept)."""
    copy = nbformat.from_dict(json.loads(json.dumps(notebook)))
    cell = _parameters_cell(copy)
    if cell is None:
        return copy
    lines = cell.source.splitlines()
    for node in ast.parse(cell.source).body:
        if isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Name) and node.targets[0].id in values:
            line = lines[node.lineno - 1]
            start, end = node.value.col_offset, node.value.end_col_offset
            assert node.value.lineno == node.value.end_lineno == node.lineno and end is not None
            lines[node.lineno - 1] = line[:start] + literal(values[node.targets[0].id]) + line[end:]
    cell.source = "\n".join(lines)
    return copy


# --- Hand out -----------------------------------------------------------------------------------------------

def handout(roster: Path, out_dir: Path, seed: int = SEED) -> list[Path]:
    """Write ``out_dir/<student_id>/<notebook>.ipynb`` for every student of ``roster`` and notebook of the pack."""
    students = read_roster(roster)
    choices = {name: find() for name, find in DRAWN.items()}
    written = []
    for name in pack_notebooks():
        blank = nbformat.read(PACK / f"{name}.ipynb", as_version=4)
        values_of = class_values(students, name, parameter_names(blank), seed, choices)
        for student_id in students:
            values = values_of[student_id]
            notebook = with_values(blank, values)
            notebook.metadata[METADATA_KEY] = {"student_id": student_id, "notebook": name, "parameters": values}
            path = out_dir / student_id / f"{name}.ipynb"
            path.parent.mkdir(parents=True, exist_ok=True)
            write_atomically(path, nbformat.writes(notebook))
            written.append(path)
    return written


def write_atomically(path: Path, text: str) -> None:
    """``path`` written whole or not at all (its folder made if missing): a file a person or a resumed run reads."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)
