"""A class in a box, as a teacher meets it: `python -m peerlib class handout`, then `class grade` on a folder of
submissions, reading the notebooks written and grades.csv."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import nbformat
import pytest

from peerlib.apps import grading
from peerlib.apps.cli import main
from peerlib.config import PROJECT_ROOT

SOLUTIONS = PROJECT_ROOT / "notebooks" / "teaching" / "solutions"
STUDENTS = ("alice", "bob", "carol")


def pack() -> list[str]:
    return sorted(p.stem for p in (PROJECT_ROOT / "notebooks" / "teaching").glob("[0-9][0-9]_*.ipynb"))


def checks_of(notebook: str) -> list[str]:
    """The check each exercise of a worked solution calls, read from its cells tagged check."""
    cells = json.loads((SOLUTIONS / f"{notebook}.ipynb").read_text(encoding="utf-8"))["cells"]
    return ["".join(c["source"]).split("(")[0].strip() for c in cells if "check" in c["metadata"].get("tags", [])]


def parameters_cell(path: Path) -> str:
    cells = nbformat.read(path, as_version=4).cells
    return next(c.source for c in cells if "parameters" in c.metadata.get("tags", []))


@pytest.fixture(scope="module")
def classroom(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("class")
    (folder / "roster.csv").write_text("student_id,name\n" + "".join(f"{s},{s.title()}\n" for s in STUDENTS),
                                       encoding="utf-8")
    assert main(["class", "handout", "--roster", str(folder / "roster.csv"), "--out", str(folder / "handout")]) == 0
    return folder


def test_each_student_gets_every_notebook_with_their_own_values_and_the_same_again(classroom: Path,
                                                                                   tmp_path: Path) -> None:
    for notebook in pack():
        cells = {s: parameters_cell(classroom / "handout" / s / f"{notebook}.ipynb") for s in STUDENTS}
        assert len(set(cells.values())) == len(STUDENTS), f"{notebook}: two students have the same values"
    assert main(["class", "handout", "--roster", str(classroom / "roster.csv"), "--out", str(tmp_path)]) == 0
    for path in (classroom / "handout").rglob("*.ipynb"):
        assert path.read_bytes() == (tmp_path / path.relative_to(classroom / "handout")).read_bytes()


def test_a_class_is_graded_and_no_submission_changes_anything(classroom: Path, monkeypatch: pytest.MonkeyPatch,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    """Without a sandbox (as where bubblewrap is missing): what a run rewrites is put back, and grades come from
    the submissions as they were before any run."""
    monkeypatch.setenv(grading.SANDBOX_SWITCH, "0")
    submissions = classroom / "submissions"
    grades_csv = classroom / "grades" / "grades.csv"
    for student in STUDENTS:
        (submissions / student).mkdir(parents=True)
    for notebook in pack():
        solution = (SOLUTIONS / f"{notebook}.ipynb").read_bytes()
        (submissions / "alice" / f"{notebook}.ipynb").write_bytes(solution)  # the worked solutions
        (submissions / "bob" / f"{notebook}.ipynb").write_bytes(  # handed back untouched
            (classroom / "handout" / "bob" / f"{notebook}.ipynb").read_bytes())
        (submissions / "carol" / f"{notebook}.ipynb").write_bytes(solution)
    (submissions / "carol" / "03_break_even.ipynb").write_text("{not a notebook", encoding="utf-8")
    # Carol's fifth notebook also tries to rewrite Alice's submission, the roster and the grades, with the
    # teacher's permissions, before answering as the solution does.
    attack = nbformat.read(SOLUTIONS / "05_leeds_counterfactual.ipynb", as_version=4)
    targets = [submissions / "alice" / "02_bed_days_to_ratio.ipynb", classroom / "roster.csv", grades_csv]
    attack.cells.insert(2, nbformat.v4.new_code_cell("\n".join(
        f"try:\n    open({str(t)!r}, 'w').write('{{}}')\nexcept OSError:\n    pass" for t in targets)))
    nbformat.write(attack, submissions / "carol" / "05_leeds_counterfactual.ipynb")
    before = {p: p.read_bytes() for p in [*submissions.rglob("*"), classroom / "roster.csv"] if p.is_file()}

    assert main(["class", "grade", str(submissions), "--roster", str(classroom / "roster.csv"), "--out",
                 str(grades_csv), "--jobs", "2"]) == 0

    after = {p: p.read_bytes() for p in [*submissions.rglob("*"), classroom / "roster.csv"] if p.is_file()}
    assert after == before, "grading changed a submission or the roster"
    rows = list(csv.DictReader(grades_csv.open(encoding="utf-8")))
    assert list(rows[0]) == ["student_id", "notebook", "exercise", "points", "max_points", "feedback", "slip"]
    expected = [(s, n, c) for s in STUDENTS for n in pack() for c in checks_of(n)]
    assert [(r["student_id"], r["notebook"], r["exercise"]) for r in rows] == expected
    by = {(r["student_id"], r["notebook"], r["exercise"]): r for r in rows}
    for notebook in pack():
        for check in checks_of(notebook):
            alice, bob, carol = (by[(s, notebook, check)] for s in STUDENTS)
            assert alice["points"] == alice["max_points"] == "1", alice  # the solution, at Alice's values
            assert alice["feedback"].startswith("Right: ")
            assert bob["points"] == "0" and bob["slip"] == "not attempted", bob
            assert "not answered yet" in bob["feedback"]
            if notebook == "03_break_even":
                assert carol["points"] == "0" and carol["slip"] == "could not grade"
                assert carol["feedback"].startswith("not a notebook: not valid JSON")
            else:
                assert carol["points"] == "1", carol
    # Graded again, nothing is run again: every notebook's grades are kept, and the file is the same.
    first = grades_csv.read_bytes()
    capsys.readouterr()
    assert main(["class", "grade", str(submissions), "--roster", str(classroom / "roster.csv"), "--out",
                 str(grades_csv)]) == 0
    printed = capsys.readouterr()
    assert f"{len(STUDENTS) * len(pack())} kept from an earlier grading" in printed.err
    assert f"points over three students: {grades_csv}," in printed.out  # the class as a person counts it
    assert grades_csv.read_bytes() == first
    # The class report beside the grades names the slips and who made them.
    page = (classroom / "grades" / "grades.html").read_text(encoding="utf-8")
    text = re.sub(r"<[^>]+>", " ", page)
    assert "not attempted" in text and "bob" in text
    assert "not a notebook: not valid JSON" in text and "carol" in text


@pytest.mark.skipif(not grading.sandbox_available(), reason="bubblewrap is not installed or cannot run here")
def test_a_students_run_sees_no_submission_writes_nothing_and_has_no_network(tmp_path: Path) -> None:
    hidden_folder = tmp_path / "submissions"
    (hidden_folder / "bob").mkdir(parents=True)
    bob = hidden_folder / "bob" / "02_bed_days_to_ratio.ipynb"
    bob.write_text("bob's work", encoding="utf-8")
    roster = tmp_path / "roster.csv"
    roster.write_text("student_id\nbob\n", encoding="utf-8")
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [nbformat.v4.new_code_cell("\n".join([
        "import os, socket",
        f"answer_sees_bob = 1 if os.path.exists({str(bob)!r}) else 0",
        "try:",
        f"    open({str(roster)!r}, 'w').write('student_id\\nmallory\\n')",
        "    answer_wrote_roster = 1",
        "except OSError:",
        "    answer_wrote_roster = 0",
        "try:",
        "    socket.create_connection(('1.1.1.1', 53), timeout=3)",
        "    answer_network = 1",
        "except OSError:",
        "    answer_network = 0",
        "answer_own_folder = 1 if open('scratch.txt', 'w').write('mine') == 4 else 0",
    ]))]
    answers = grading.student_answers(notebook, {}, 30, hidden=(hidden_folder, roster))
    assert answers == {"answer_sees_bob": {"number": 0.0}, "answer_wrote_roster": {"number": 0.0},
                       "answer_network": {"number": 0.0}, "answer_own_folder": {"number": 1.0}}
    assert bob.read_text(encoding="utf-8") == "bob's work"
    assert roster.read_text(encoding="utf-8") == "student_id\nbob\n"


BAD = {  # a student, the notebook handed in, and what is wrong with it
    "dave": ("01_unit_costs", "runs forever", "a cell ran longer than 5 s"),
    "erin": ("01_unit_costs", "kills its kernel", "its kernel stopped (crashed or ran out of memory)"),
    "fay": ("01_unit_costs", "prints three million characters", "it printed more than 2,097,152 characters"),
    "gus": ("02_bed_days_to_ratio", "is notebook 04 under the name of 02",
            "this is the notebook 04_weighting, not 02_bed_days_to_ratio"),
    "hal": ("01_unit_costs", "is JSON but not a notebook", "not a notebook: "),
}
BREAK = {"runs forever": "while True:\n    pass", "kills its kernel": "import os, signal\nos.kill(os.getpid(), 9)",
         "prints three million characters": "print('x' * 3_000_000)"}


def test_a_submission_that_cannot_be_run_gets_0_with_its_reason_and_the_rest_are_graded(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    submissions = tmp_path / "submissions"
    roster = tmp_path / "roster.csv"
    roster.write_text("student_id\n" + "".join(f"{s}\n" for s in BAD), encoding="utf-8")
    for student, (notebook, trouble, _) in BAD.items():
        (submissions / student).mkdir(parents=True)
        target = submissions / student / f"{notebook}.ipynb"
        if trouble in BREAK:
            solution = nbformat.read(SOLUTIONS / f"{notebook}.ipynb", as_version=4)
            solution.cells.insert(2, nbformat.v4.new_code_cell(BREAK[trouble]))
            nbformat.write(solution, target)
        elif notebook == "02_bed_days_to_ratio":
            target.write_bytes((SOLUTIONS / "04_weighting.ipynb").read_bytes())
        else:
            target.write_text('{"cells": 5, "metadata": {}}', encoding="utf-8")
    (submissions / "mallory").mkdir()
    (submissions / "mallory" / "01_unit_costs.ipynb").write_bytes((SOLUTIONS / "01_unit_costs.ipynb").read_bytes())
    out = tmp_path / "grades.csv"

    assert main(["class", "grade", str(submissions), "--roster", str(roster), "--out", str(out),
                 "--timeout", "5"]) == 0

    assert f"{submissions}/mallory: not a student of {roster}; not graded" in capsys.readouterr().err
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert {r["student_id"] for r in rows} == set(BAD)
    for student, (notebook, _, reason) in BAD.items():
        mine = [r for r in rows if r["student_id"] == student]
        assert {r["notebook"] for r in mine} == set(pack())
        for row in mine:
            assert row["points"] == "0"
            if row["notebook"] == notebook:
                assert row["feedback"].startswith(reason) and row["slip"] == "could not grade", row
            else:
                assert (row["feedback"], row["slip"]) == ("not submitted", "not attempted"), row
