"""What a student is given in place of a worked answer: one rule for the students' notebooks and nbgrader's.

A teaching notebook's cell tagged ``exercise`` assigns each answer (``answer_fte_years = ...``); a student's
copy of that cell keeps each assigned name and blanks what it is set to. ``scripts/make_exercises.py`` writes the
students' notebooks with it and :mod:`peerlib.apps.nbgrader_export` the blank nbgrader releases, so the two
can never differ.
"""

from __future__ import annotations

import re

ASSIGNMENT = re.compile(r"^(?P<name>[A-Za-z_]\w*)\s*=(?!=)\s*\S.*$")  # "x = ...", not "x == ..."
BLANK = "{name} = ...  # your calculation here"
CHECK_CALL = re.compile(r"^\s*(check_\w+)\(", re.MULTILINE)
# How a teaching notebook marks its cells: its parameters (papermill's tag), an exercise, the check after it.
PARAMETERS_TAG, EXERCISE_TAG, CHECK_TAG = "parameters", "exercise", "check"


def answer_names(source: str) -> list[str]:
    """The names an exercise cell assigns, in order; a cell that assigns none is not an exercise."""
    names = [m["name"] for m in map(ASSIGNMENT.match, source.splitlines()) if m]
    if not names:
        raise ValueError(f"an exercise cell has no assignment to blank: {source[:60]!r}")
    return names


def check_names(source: str) -> list[str]:
    """The checks a check cell calls; a check cell that calls none cannot be graded."""
    names = CHECK_CALL.findall(source)
    if not names:
        raise ValueError(f"a check cell calls no check_...: {source[:60]!r}")
    return names


def blank_answers(source: str) -> str:
    """The exercise cell a student gets: one blank assignment for each name the solution assigns."""
    return "\n".join(BLANK.format(name=name) for name in answer_names(source))
