"""The nbgrader export marks each cell as nbgrader's schema says: an exercise a solution cell holding the student's
blank above the worked answer, a check a locked test cell of one point per check named after it, every other cell
locked. nbgrader itself grades the real pack in tests/build/test_nbgrader.py."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from peerlib.apps.nbgrader_export import export_nbgrader, nbgrader_notebook
from peerlib.inputs.errors import ParameterError


def code(source: str, *tags: str) -> dict[str, Any]:
    return {"cell_type": "code", "id": "x", "metadata": {"tags": list(tags)} if tags else {}, "source": source,
            "outputs": [{"output_type": "stream", "name": "stdout", "text": "old"}], "execution_count": 3}


SOLUTION = {
    "nbformat": 4, "nbformat_minor": 5,
    "metadata": {"jupytext": {"formats": "ipynb,py:percent"}, "kernelspec": {"name": "python3", "language": "python"}},
    "cells": [
        {"cell_type": "markdown", "id": "m", "metadata": {}, "source": ["# A title\n", "Some words."]},
        code('study_id = "a"  # a study', "parameters"),
        code("answer_x = a * b\nanswer_y = answer_x / 2", "exercise"),
        code("check_x(answer_x)\ncheck_y(answer_y)", "check"),
        code("answer_z = 1 - a", "exercise"),
        code("check_x(answer_z)", "check"),
        code("check_x(answer_z, caseload=10)", "check"),
    ],
}
LOCKED = {"grade": False, "locked": True, "schema_version": 3, "solution": False, "task": False}


def nbgrader_of(cell: dict[str, Any]) -> dict[str, Any]:
    found: dict[str, Any] = cell["metadata"]["nbgrader"]
    return found


def test_each_cell_is_marked_as_nbgrader_s_schema_says() -> None:
    cells = nbgrader_notebook(SOLUTION)["cells"]
    assert nbgrader_of(cells[0]) == {**LOCKED, "grade_id": "cell-0"}
    assert nbgrader_of(cells[1]) == {**LOCKED, "grade_id": "parameters"}
    assert nbgrader_of(cells[2]) == {"grade": False, "grade_id": "answer_x-answer_y", "locked": False,
                                     "schema_version": 3, "solution": True, "task": False}
    # Two checks called, two points; the same check again gets a name of its own.
    assert nbgrader_of(cells[3]) == {"grade": True, "grade_id": "check_x-check_y", "locked": True, "points": 2,
                                     "schema_version": 3, "solution": False, "task": False}
    assert [nbgrader_of(c)["grade_id"] for c in cells[5:]] == ["check_x", "check_x-2"]
    assert [nbgrader_of(c)["points"] for c in cells[5:]] == [1, 1]
    # The tags papermill and the checks' tests read are kept; outputs are not.
    assert cells[1]["metadata"]["tags"] == ["parameters"] and cells[3]["metadata"]["tags"] == ["check"]
    assert all(c["outputs"] == [] and c["execution_count"] is None for c in cells if c["cell_type"] == "code")
    assert cells[0]["source"] == "# A title\nSome words."


def test_an_exercise_holds_the_students_blank_then_the_worked_answer_between_the_markers() -> None:
    cells = nbgrader_notebook(SOLUTION)["cells"]
    assert cells[2]["source"] == ("answer_x = ...  # your calculation here\nanswer_y = ...  # your calculation here\n"
                                  "### BEGIN SOLUTION\nanswer_x = a * b\nanswer_y = answer_x / 2\n### END SOLUTION")
    assert cells[3]["source"] == "check_x(answer_x)\ncheck_y(answer_y)"  # a check is the teacher's, unchanged


def test_a_check_cell_without_a_check_is_refused() -> None:
    bad = {**SOLUTION, "cells": [code("print(answer_x)", "check")]}
    with pytest.raises(ValueError, match="a check cell calls no check_"):
        nbgrader_notebook(bad)


def test_the_export_writes_a_source_assignment_and_the_course_config(tmp_path: Path) -> None:
    solutions = tmp_path / "solutions"
    solutions.mkdir()
    (solutions / "01_one.ipynb").write_text(json.dumps(SOLUTION), encoding="utf-8")
    (solutions / "01_one.py").write_text("# the paired script, not exported\n", encoding="utf-8")
    written = export_nbgrader(tmp_path / "course", "week_1", solutions_dir=solutions)
    assert written == [tmp_path / "course" / "source" / "week_1" / "01_one.ipynb",
                       tmp_path / "course" / "nbgrader_config.py"]
    notebook = json.loads(written[0].read_text(encoding="utf-8"))
    assert notebook["metadata"] == {"kernelspec": {"name": "python3", "language": "python"}}  # no jupytext pairing
    config = written[1].read_text(encoding="utf-8")
    assert 'c.ClearSolutions.code_stub = {"python": ""}' in config
    assert 'c.Execute.shutdown_kernel = "immediate"' in config


def test_an_assignment_name_nbgrader_cannot_take_is_one_clear_line(tmp_path: Path) -> None:
    with pytest.raises(ParameterError) as error:
        export_nbgrader(tmp_path, "week 1/a")
    assert str(error.value) == "assignment: expected a name of letters, digits, _ and -, found 'week 1/a'"
    assert not (tmp_path / "source").exists()
