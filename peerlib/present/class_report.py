"""A class's grades on the teaching notebooks, on one page a teacher reads in a minute.

The grader writes ``grades.csv``: one row per student, notebook and exercise, with the points, the one line of
feedback the student saw, and the kind of slip ("" when right). :func:`read_grades` reads and checks it;
:func:`class_report_html` makes one self-contained HTML page of it: the class's marks, the share of the class right
on each exercise, the slips on each exercise with who made them, and the submissions that could not be graded.

The kinds of slip are the teaching checks' (peerlib.apps.teaching), which this layer may not import: the caller
passes them, in the order the page lists them.
"""

from __future__ import annotations

import base64
import html
import io
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import matplotlib.pyplot as plt
import pandas as pd

from peerlib.formatting import figure_text, percent_text
from peerlib.inputs.errors import DataError
from peerlib.inputs.tables import Column, read_csv_rows
from peerlib.present.labels import count_words
from peerlib.present.plots import share_right

COULD_NOT_GRADE = "could not grade"  # the slip of each row of a submission the grader could not run
COLUMNS = (Column("student_id", "required_text"), Column("notebook", "required_text"),
           Column("exercise", "required_text"), Column("points", "nonnegative"), Column("max_points", "positive"),
           Column("feedback"), Column("slip"))
CHART_DPI = 200  # twice the pixels of the chart's width on a laptop, so it stays sharp on a fine screen

Exercise = tuple[str, str]  # (notebook, exercise)


def read_grades(path: Path, slip_order: Sequence[str] | None = None) -> pd.DataFrame:
    """The rows of a grades file, in the file's order, every cell checked: a bad one is a :class:`DataError`
    naming the file, line and column.

    Each student has one row for each exercise in the file; an exercise is worth the same in every row; a slip
    is given exactly when the points fall short of ``max_points`` and, with ``slip_order``, is one of those kinds.
    """
    rows = read_csv_rows(path, COLUMNS)
    first_line: dict[tuple[str, str, str], int] = {}
    worth: dict[Exercise, tuple[int, float]] = {}
    for line, row in rows:
        student, notebook, exercise = str(row["student_id"]), str(row["notebook"]), str(row["exercise"])
        points, max_points, slip = float(row["points"] or 0), float(row["max_points"] or 0), str(row["slip"])
        if (student, notebook, exercise) in first_line:
            raise DataError(path, f"a second row for student {student!r} on {notebook}, {exercise} (the first is "
                            f"line {first_line[student, notebook, exercise]})", line=line, column="exercise",
                            expected="one row per student, notebook and exercise")
        first_line[student, notebook, exercise] = line
        first, max_points_there = worth.setdefault((notebook, exercise), (line, max_points))
        if max_points != max_points_there:
            raise DataError(path, f"not what line {first} gives for {notebook}, {exercise}", line=line,
                            column="max_points", expected=figure_text(max_points_there), found=max_points)
        if points > max_points:
            raise DataError(path, "more than max_points", line=line, column="points",
                            expected=f"a number from 0 to {figure_text(max_points)}", found=points)
        if slip and points == max_points:
            raise DataError(path, "a slip on full marks", line=line, column="slip",
                            expected="an empty cell when the points are max_points", found=slip)
        if not slip and points < max_points:
            raise DataError(path, "no slip on an answer short of full marks", line=line, column="slip",
                            expected="the kind of slip when the points are below max_points", found=slip)
        if slip == COULD_NOT_GRADE and points:
            raise DataError(path, "points on an answer that could not be graded", line=line, column="points",
                            expected="0", found=points)
        if slip and slip_order is not None and slip not in slip_order:
            raise DataError(path, "not a kind of slip", line=line, column="slip",
                            expected=f"empty, or one of: {', '.join(slip_order)}", found=slip)
    for student in dict.fromkeys(key[0] for key in first_line):
        for notebook, exercise in worth:
            if (student, notebook, exercise) not in first_line:
                raise DataError(path, f"no row for student {student!r} on {notebook}, {exercise}",
                                column="exercise", expected="one row per student, notebook and exercise")
    return pd.DataFrame([row for _, row in rows], columns=[c.name for c in COLUMNS])


def exercises(grades: pd.DataFrame) -> pd.DataFrame:
    """One row per exercise (notebook, exercise, right, students, share_right, max_points), grouped by notebook:
    notebooks in the order they first appear in the grades, and each notebook's exercises in theirs."""
    notebooks = list(dict.fromkeys(grades["notebook"]))
    order = sorted(dict.fromkeys(zip(grades["notebook"], grades["exercise"], strict=True)),
                   key=lambda key: notebooks.index(key[0]))
    table = (grades.assign(right=grades["slip"] == "")
             .groupby(["notebook", "exercise"], sort=False)
             .agg(right=("right", "sum"), students=("student_id", "size"), max_points=("max_points", "first"))
             .loc[order].reset_index())
    table["share_right"] = table["right"] / table["students"]
    return table


@dataclass(frozen=True)
class Slip:
    """One kind of slip on one exercise, and the students who made it (sorted)."""

    kind: str
    student_ids: tuple[str, ...]


def slips(grades: pd.DataFrame, slip_order: Sequence[str]) -> dict[Exercise, tuple[Slip, ...]]:
    """The slips on each exercise that has any, in the order of :func:`exercises`: for each, its kinds of slip,
    the most frequent first (a tie in ``slip_order``)."""
    unknown = sorted(set(grades["slip"]) - {""} - set(slip_order))
    if unknown:
        raise ValueError(f"slips {unknown} are not among the kinds given ({', '.join(slip_order)})")
    wrong = grades[grades["slip"] != ""]
    found: dict[Exercise, tuple[Slip, ...]] = {}
    for notebook, exercise in exercises(grades)[["notebook", "exercise"]].itertuples(index=False):
        here = wrong[(wrong["notebook"] == notebook) & (wrong["exercise"] == exercise)]
        by_kind = [Slip(kind, tuple(sorted(here.loc[here["slip"] == kind, "student_id"])))
                   for kind in slip_order if (here["slip"] == kind).any()]
        if by_kind:
            found[notebook, exercise] = tuple(sorted(by_kind, key=lambda slip: -len(slip.student_ids)))
    return found


@dataclass(frozen=True)
class Ungraded:
    """A submission the grader could not run, and why (each different reason its rows give, in their order)."""

    student_id: str
    notebook: str
    reason: str


def ungraded(grades: pd.DataFrame) -> list[Ungraded]:
    """The submissions that could not be graded, by student id, then notebook in the grades' order."""
    rows = grades[grades["slip"] == COULD_NOT_GRADE]
    found = [Ungraded(str(student), str(notebook), "; ".join(dict.fromkeys(str(f) for f in group["feedback"] if f)))
             for (student, notebook), group in rows.groupby(["student_id", "notebook"], sort=False)]
    return sorted(found, key=lambda u: u.student_id)  # stable: a student's notebooks stay in the grades' order


def marks(grades: pd.DataFrame) -> pd.Series:
    """Each student's marks: the points of all their rows."""
    return grades.groupby("student_id", sort=False)["points"].sum()


# --- The page ---------------------------------------------------------------------------------------

CSS = """
body { font-family: system-ui, sans-serif; max-width: 44rem; margin: 1.5rem auto; padding: 0 1rem;
       line-height: 1.45; color: #222; }
h1 { font-size: 1.5rem; margin-bottom: 0.3rem; }
h2 { font-size: 1.15rem; margin: 1.6rem 0 0.4rem; border-bottom: 1px solid #ddd; }
h3 { font-size: 1.05rem; margin: 1.2rem 0 0.2rem; color: #0b57a4; }
.box h2 { margin-top: 0.4rem; }
p.exercise { margin: 0.6rem 0 0.1rem; }
.marks { font-size: 1.05rem; }
.box { border: 1px solid #bbb; border-left: 6px solid #b85c00; background: #fdf6ef; padding: 0.4rem 1rem;
       margin: 1rem 0; }
.note { color: #555; font-size: 0.9em; font-weight: normal; }
ul { margin: 0.2rem 0 0.6rem; padding-left: 1.3rem; }
li { margin-bottom: 0.2rem; }
img.chart { display: block; width: 37.5rem; max-width: 100%; height: auto; }
.exercise, .students { overflow-wrap: anywhere; }
"""


def _right_of(row: pd.Series) -> str:
    """How many of the class got an exercise (a row of :func:`exercises`) right: "2 of 3 right (67%)"."""
    return f"{row['right']:,} of {row['students']:,} right ({percent_text(row['share_right'])})"


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:]


def _chart(table: pd.DataFrame) -> str:
    """The chart of the share right on each exercise, as an <img> holding its PNG, described in its alt text."""
    names = [f"{row['exercise']}: {_right_of(row)}" for _, row in table.iterrows()]
    figure = share_right(names, list(table["notebook"]), list(table["share_right"]))
    png = io.BytesIO()
    figure.savefig(png, format="png", dpi=CHART_DPI, metadata={"Software": None})  # the same bytes every build
    plt.close(figure)
    described = "; ".join(f"{notebook}, {name}" for notebook, name in zip(table["notebook"], names, strict=True))
    return (f'<img class="chart" alt="{html.escape("Share of the class right on each exercise: " + described)}" '
            f'src="data:image/png;base64,{base64.b64encode(png.getvalue()).decode("ascii")}">')


def _students(ids: Sequence[str]) -> str:
    return f'<span class="students">{html.escape(", ".join(ids))}</span>'


def class_report_html(grades: pd.DataFrame, slip_order: Sequence[str], title: str) -> str:
    """One self-contained HTML page of ``grades`` (as :func:`read_grades` gives them): the class's marks, the share
    right on each exercise, each exercise's slips by kind (in ``slip_order``, the most frequent first) with the
    students who made them, and the submissions that could not be graded. Every text from the grades is escaped."""
    table = exercises(grades)
    by_student = marks(grades)
    out_of = float(table["max_points"].sum())
    notebooks = list(dict.fromkeys(table["notebook"]))
    counts = (f"{count_words(len(by_student), 'student')}, {count_words(len(notebooks), 'notebook')}, "
              f"{count_words(len(table), 'exercise')}.")
    body = [f"<h1>{html.escape(title)}</h1>",
            f'<p class="marks">{_sentence(counts)} '
            f"Marks out of {figure_text(out_of)}: mean {figure_text(round(float(by_student.mean()), 1))}, "
            f"lowest {figure_text(float(by_student.min()))}, highest {figure_text(float(by_student.max()))}.</p>"]
    not_run = ungraded(grades)
    if not_run:
        body += ['<div class="box" id="ungraded"><h2>Could not be graded</h2>',
                 f'<p class="note">{_sentence(count_words(len(not_run), "submission"))}. An exercise that could '
                 "not be graded counts as not right, and earns no marks.</p><ul>",
                 *(f"<li><strong>{html.escape(u.student_id)}</strong>, {html.escape(u.notebook)}: "
                   f"{html.escape(u.reason)}</li>" for u in not_run),
                 "</ul></div>"]
    body += ['<h2 id="share-right">Share of the class right on each exercise</h2>', _chart(table)]
    found = slips(grades, slip_order)
    slipped = pd.Series([key in found for key in zip(table["notebook"], table["exercise"], strict=True)])
    body.append('<h2 id="slips">Slips on each exercise</h2>')
    for notebook, mine in table[slipped].groupby("notebook", sort=False):
        body.append(f"<h3>{html.escape(str(notebook))}</h3>")
        for _, row in mine.iterrows():
            body.append(f'<p class="exercise"><strong>{html.escape(row["exercise"])}</strong>: {_right_of(row)}</p>'
                        "<ul>")
            body += [f'<li><strong class="kind">{html.escape(slip.kind)}</strong>, '
                     f"{count_words(len(slip.student_ids), 'student')}: {_students(slip.student_ids)}</li>"
                     for slip in found[notebook, row["exercise"]]]
            body.append("</ul>")
    if not slipped.all():
        listed = "; ".join(f"{html.escape(', '.join(group['exercise']))} ({html.escape(str(notebook))})"
                           for notebook, group in table[~slipped].groupby("notebook", sort=False))
        body.append(f'<p id="no-slips"><strong>Nobody slipped on</strong> {listed}.</p>')
    return ('<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{html.escape(title)}</title>\n<style>{CSS}</style>\n</head>\n<body>\n"
            + "\n".join(body) + "\n</body>\n</html>\n")
