"""The roster and each student's values (peerlib.apps.classroom)."""

from __future__ import annotations

import csv
from pathlib import Path

import nbformat
import pytest

from peerlib.apps import classroom
from peerlib.config import PROJECT_ROOT
from peerlib.inputs import unit_costs
from peerlib.inputs.errors import DataError


@pytest.mark.parametrize("text, words", [
    ("", "roster.csv: the roster is empty"),
    ("name\nAlice\n", "roster.csv, line 1 (the header): no column 'student_id'"),
    ("student_id,name\n", "roster.csv: the roster has no students"),
    ("student_id\nalice\nbob\nalice\n", "roster.csv, line 4, column 'student_id': 'alice' is on line 2 too"),
    ("student_id\nalice\n../bob\n", "roster.csv, line 3, column 'student_id': not a student id"),
    ("student_id,name\n,Bob\n", "roster.csv, line 2, column 'student_id': not a student id"),
])
def test_a_bad_roster_stops_with_its_file_and_line(tmp_path: Path, text: str, words: str) -> None:
    roster = tmp_path / "roster.csv"
    roster.write_text(text, encoding="utf-8")
    with pytest.raises(DataError) as error:
        classroom.read_roster(roster)
    assert words in str(error.value)


def test_a_roster_keeps_its_order_and_skips_blank_lines(tmp_path: Path) -> None:
    roster = tmp_path / "roster.csv"
    roster.write_text("name,student_id\nZoe,z-9\n\nAdam,a.1\n", encoding="utf-8")
    assert classroom.read_roster(roster) == ("z-9", "a.1")


THREE = {"study_id": classroom.Choices(("a", "b")), "caseload": classroom.Choices((8, 9, 10))}


def test_students_of_a_class_get_different_values_while_the_choices_last() -> None:
    students = [f"s{i}" for i in range(8)]
    values = classroom.class_values(students, "02", ["study_id", "caseload", "not_drawn"], choices=THREE)
    combinations = [tuple(v.values()) for v in values.values()]
    # 2 studies x 3 caseloads = 6 combinations: the first six students take six different ones, the last two
    # repeat some; a parameter that is not drawn is left to the notebook.
    assert len(set(combinations[:6])) == 6
    assert all(set(v) == {"study_id", "caseload"} for v in values.values())


def test_the_same_roster_gives_the_same_values_and_a_late_student_moves_no_one() -> None:
    first = classroom.class_values(["ann", "ben"], "02", ["study_id", "caseload"], choices=THREE)
    again = classroom.class_values(["ann", "ben", "cat"], "02", ["study_id", "caseload"], choices=THREE)
    assert again["ann"] == first["ann"] and again["ben"] == first["ben"]
    other_seed = classroom.class_values(["ann", "ben"], "02", ["study_id", "caseload"], seed=1, choices=THREE)
    other_notebook = classroom.class_values(["ann", "ben"], "03", ["study_id", "caseload"], choices=THREE)
    assert other_seed != first or other_notebook != first


def test_values_are_set_in_the_parameters_cell_keeping_each_comment() -> None:
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [nbformat.v4.new_code_cell('study_id = "sledge2011"  # the study\ncaseload = None  # patients\n'
                                                "other = 1", metadata={"tags": ["parameters"]}),
                      nbformat.v4.new_code_cell("x = 1")]
    given = classroom.with_values(notebook, {"study_id": "min2007", "caseload": 12})
    assert given.cells[0].source == 'study_id = "min2007"  # the study\ncaseload = 12  # patients\nother = 1'
    assert notebook.cells[0].source.startswith('study_id = "sledge2011"')  # the original is untouched
    assert classroom.parameter_names(notebook) == ("study_id", "caseload", "other")


def test_a_class_draws_the_salary_among_the_pay_points_data_holds_for_the_band() -> None:
    # data/unit_costs.csv: band 3, point 9 (its pay plus the flat award of 2011); data/uncertainty.csv: the same
    # band from point 6 to point 12, each with the award. Whole pounds, each a different answer to exercise 1.
    rows = unit_costs.load_unit_costs()
    point_9 = rows["part_afc_pay_point_gbp"].value + rows["part_afc_flat_award_gbp"].value
    with (PROJECT_ROOT / "data" / "uncertainty.csv").open(encoding="utf-8") as file:
        salary_range = next(r for r in csv.DictReader(file) if r["parameter"] == "peer_worker_salary_gbp")
    points = (float(salary_range["low"]), point_9, float(salary_range["high"]))
    assert classroom.DRAWN["peer_worker_salary_gbp"]().values == tuple(round(p) for p in sorted(points))
    assert all(isinstance(v, int) for v in classroom.DRAWN["peer_worker_salary_gbp"]().values)


def test_every_drawn_parameter_is_one_a_notebook_of_the_pack_takes() -> None:
    names = {name for notebook in classroom.pack_notebooks()
             for name in classroom.parameter_names(nbformat.read(classroom.PACK / f"{notebook}.ipynb", as_version=4))}
    assert set(classroom.DRAWN) <= names, sorted(set(classroom.DRAWN) - names)
