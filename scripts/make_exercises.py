"""Generate the students' teaching notebooks from the worked solutions.

Only the solutions (notebooks/teaching/solutions/*.py, paired with .ipynb) are written by hand.
Each student notebook is its solution with every assignment in a cell tagged ``exercise``
blanked (``answer = ...``), no outputs, and no pairing, so a student's copy has one form only.

    python scripts/make_exercises.py          # writes notebooks/teaching/NN_name.ipynb
"""

from __future__ import annotations

import sys
from pathlib import Path

import jupytext
import nbformat

from peerlib.apps.exercises import blank_answers

TEACHING = Path(__file__).resolve().parent.parent / "notebooks" / "teaching"


def blank_exercises(solution: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """A copy of the solution with each exercise's answer replaced by a blank."""
    student = nbformat.from_dict(solution)
    student.metadata.pop("jupytext", None)
    for index, cell in enumerate(student.cells):
        cell.id = f"cell-{index}"
        if cell.cell_type != "code":
            continue
        cell.outputs, cell.execution_count = [], None
        if "exercise" in cell.metadata.get("tags", []):
            cell.source = blank_answers(cell.source)
    return student


def student_path(solution_py: Path) -> Path:
    return TEACHING / solution_py.with_suffix(".ipynb").name


def main() -> int:
    for solution_py in sorted((TEACHING / "solutions").glob("*.py")):
        nbformat.write(blank_exercises(jupytext.read(solution_py)), student_path(solution_py))
        print(f"{student_path(solution_py).relative_to(TEACHING.parent.parent)} from {solution_py.name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
