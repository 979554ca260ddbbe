"""The teaching pack as an nbgrader course: one *source* assignment holding every worked solution.

:func:`export_nbgrader` writes ``OUT/source/ASSIGNMENT/NN_name.ipynb`` for each notebook of
``notebooks/teaching/solutions/`` and ``OUT/nbgrader_config.py``, so that ``nbgrader generate_assignment``,
``release_assignment`` and ``autograde`` work from ``OUT`` as the course directory. Each cell carries nbgrader's
cell metadata (schema version 3):

- a cell tagged ``exercise`` is a solution cell: the blank assignments a student gets (:mod:`peerlib.apps.exercises`),
  then the worked answer between ``### BEGIN SOLUTION`` and ``### END SOLUTION``. nbgrader releases the blanks alone
  (the config's code stub is empty), so a released notebook runs as the students' notebooks in
  ``notebooks/teaching/`` do; the worked answer, run after the blanks, sets every answer;
- a cell tagged ``check`` is a locked test cell named after the check it calls (``check_fte_years``): autograde runs
  the teacher's copy of it, never the student's, and a check that raises (a wrong or missing answer) scores nothing;
- every other cell, the ``parameters`` cell included, is locked: autograde restores the teacher's copy.

Points: one for each check a check cell calls (:data:`POINTS_PER_CHECK`). Each check marks one exercise, and the
pack gives no exercise more weight than another; a teacher who does can change a test cell's ``points`` in the
source notebook before ``generate_assignment``.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path
from typing import Any

from peerlib.apps.exercises import CHECK_TAG, EXERCISE_TAG, PARAMETERS_TAG, answer_names, blank_answers, check_names
from peerlib.config import TEACHING_SOLUTIONS_DIR
from peerlib.inputs.errors import ParameterError

Cell = dict[str, Any]
Notebook = dict[str, Any]

SCHEMA_VERSION = 3  # nbgrader's cell metadata schema
BEGIN_SOLUTION, END_SOLUTION = "### BEGIN SOLUTION", "### END SOLUTION"
POINTS_PER_CHECK = 1
COURSE_ID = "peer_support_economics"  # the course's name in nbgrader's exchange; a teacher may set their own
NAME = re.compile(r"^[A-Za-z0-9_-]+$")  # what nbgrader accepts as a grade_id; a folder name everywhere too
CONFIG = '''"""nbgrader's settings for the peer-support teaching pack.

Written by its export: exporting again rewrites this file. Settings of your own belong in
~/.jupyter/nbgrader_config.py, which nbgrader reads too.
"""

c = get_config()  # noqa: F821 (nbgrader defines it when it reads this file)
# The course's id in nbgrader's exchange (release_assignment, collect): set your course's.
c.CourseDirectory.course_id = {course_id!r}
# A released exercise cell keeps the blank assignments above its solution, and nothing in the solution's place:
# the notebook runs as the students' notebooks of notebooks/teaching/ do, each check saying "not answered yet".
c.ClearSolutions.code_stub = {{"python": ""}}
# A graded notebook's kernel is stopped as soon as its last cell has run, not asked to exit: an orderly exit tears down
# numpy, pandas and matplotlib, about a third of autograde's time for each notebook.
c.Execute.shutdown_kernel = "immediate"
'''


def text(source: str | list[str]) -> str:
    """A cell's source as one string (a notebook file may store it as a list of lines)."""
    return source if isinstance(source, str) else "".join(source)


def tags(cell: Cell) -> list[str]:
    found: list[str] = cell.get("metadata", {}).get("tags", [])
    return found


def grade_id(cell: Cell, index: int) -> str:
    """A cell's name in nbgrader's gradebook: its answers, its checks, ``parameters``, or its place."""
    source = text(cell["source"])
    if EXERCISE_TAG in tags(cell):
        return "-".join(answer_names(source))
    if CHECK_TAG in tags(cell):
        return "-".join(check_names(source))
    return PARAMETERS_TAG if PARAMETERS_TAG in tags(cell) else f"cell-{index}"


def unique(names: list[str]) -> list[str]:
    """``names`` with a repeat numbered (``check_x``, ``check_x-2``): nbgrader refuses two cells of one name."""
    seen: Counter[str] = Counter()
    numbered = []
    for name in names:
        seen[name] += 1
        numbered.append(name if seen[name] == 1 else f"{name}-{seen[name]}")
    return numbered


def nbgrader_metadata(name: str, *, solution: bool = False, points: int | None = None) -> dict[str, Any]:
    """nbgrader's metadata of a solution cell, a test cell (``points`` given) or a locked cell (neither)."""
    metadata: dict[str, Any] = {"grade": points is not None, "grade_id": name, "locked": not solution,
                                "schema_version": SCHEMA_VERSION, "solution": solution, "task": False}
    if points is not None:
        metadata["points"] = points
    return metadata


def solution_source(source: str) -> str:
    """An exercise cell as nbgrader's source: the student's blanks, then the worked answer between the markers."""
    return "\n".join([blank_answers(source), BEGIN_SOLUTION, source.rstrip("\n"), END_SOLUTION])


def nbgrader_cell(cell: Cell, name: str) -> Cell:
    """One cell of a worked solution as a cell of nbgrader's source notebook, without outputs."""
    source = text(cell["source"])
    if EXERCISE_TAG in tags(cell):
        source, metadata = solution_source(source), nbgrader_metadata(name, solution=True)
    elif CHECK_TAG in tags(cell):
        metadata = nbgrader_metadata(name, points=POINTS_PER_CHECK * len(check_names(source)))
    else:
        metadata = nbgrader_metadata(name)
    converted = {**cell, "source": source, "metadata": {**cell.get("metadata", {}), "nbgrader": metadata}}
    if cell["cell_type"] == "code":
        converted.update(outputs=[], execution_count=None)
    return converted


def nbgrader_notebook(solution: Notebook) -> Notebook:
    """A worked solution as nbgrader's source notebook: every cell named and marked, no jupytext pairing."""
    cells = solution["cells"]
    names = unique([grade_id(cell, index) for index, cell in enumerate(cells)])
    metadata = {key: value for key, value in solution["metadata"].items() if key != "jupytext"}
    return {**solution, "metadata": metadata,
            "cells": [nbgrader_cell(cell, name) for cell, name in zip(cells, names, strict=True)]}


def notebook_json(notebook: Notebook) -> str:
    """A notebook as Jupyter writes one: one-space indents, keys sorted, text as typed."""
    return json.dumps(notebook, indent=1, sort_keys=True, ensure_ascii=False) + "\n"


def export_nbgrader(out_dir: Path, assignment: str = "peer_support",
                    solutions_dir: Path = TEACHING_SOLUTIONS_DIR) -> list[Path]:
    """Write the nbgrader course: ``out_dir/source/<assignment>/NN_name.ipynb`` for each worked solution of
    ``solutions_dir``, and ``out_dir/nbgrader_config.py``. Returns the files written, the config last."""
    if not NAME.match(assignment):
        raise ParameterError(f"assignment: expected a name of letters, digits, _ and -, found {assignment!r}")
    source_dir = out_dir / "source" / assignment
    source_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for solution in sorted(solutions_dir.glob("*.ipynb")):
        notebook = nbgrader_notebook(json.loads(solution.read_text(encoding="utf-8")))
        (source_dir / solution.name).write_text(notebook_json(notebook), encoding="utf-8")
        written.append(source_dir / solution.name)
    config = out_dir / "nbgrader_config.py"
    config.write_text(CONFIG.format(course_id=COURSE_ID), encoding="utf-8")
    return [*written, config]
