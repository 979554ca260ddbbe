"""The teaching pack as an nbgrader course, graded by nbgrader itself: the worked solutions earn every point, the
notebook a student is given earns none, and a student who edits a check cannot change what it checks.

nbgrader runs from its own environment (.venv-nbgrader, `make nbgrader-env`), as a teacher runs it: export, then
`nbgrader generate_assignment` and `nbgrader autograde` in a course folder, the scores read from its gradebook.
Its kernel is this environment's Python (installed as the kernel python3, as docs/teaching.md says), so the
notebooks import this tree's peerlib.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import jupytext
import pytest

from peerlib.apps.nbgrader_export import export_nbgrader
from peerlib.config import PROJECT_ROOT

NBGRADER_BIN = PROJECT_ROOT / ".venv-nbgrader" / "bin"
TEACHING = PROJECT_ROOT / "notebooks" / "teaching"
SOLUTIONS = sorted((TEACHING / "solutions").glob("*.py"))
ASSIGNMENT = "peer_support"
ANSWER = re.compile(r"^answer_\w+\s*=\s*(?P<expression>\S.*)$")  # an exercise's worked answer
CHECK_CALL = re.compile(r"^check_\w+\(", re.MULTILINE)  # a check called by a check cell: one point each
TAMPERED = "02_bed_days_to_ratio"  # the notebook whose checks a student replaces
# Each student's scores per notebook, as nbgrader's gradebook holds them.
SCORES = """
import json, sys
from nbgrader.api import Gradebook
with Gradebook("sqlite:///gradebook.db") as gb:
    print(json.dumps({student: {nb.name: [nb.score, nb.max_score]
                                for nb in gb.find_submission(sys.argv[1], student).notebooks}
                      for student in sys.argv[2:]}))
"""


def tags(cell: dict) -> list[str]:  # type: ignore[type-arg]
    found: list[str] = cell["metadata"].get("tags", [])
    return found


def cells(path: Path) -> list[dict]:  # type: ignore[type-arg]
    """A notebook file's cells, each source as one string."""
    notebook = json.loads(path.read_text(encoding="utf-8"))
    return [{**cell, "source": "".join(cell["source"])} for cell in notebook["cells"]]


def in_nbgrader_env(course: Path, program: str, *args: str) -> str:
    """Run ``program ARGS`` of nbgrader's environment in ``course`` as a teacher would, with a kernel that imports
    this tree's peerlib."""
    if not (NBGRADER_BIN / "nbgrader").exists():
        pytest.fail(f"nbgrader is not installed in {NBGRADER_BIN.parent.name}: run make nbgrader-env")
    kernels = course / "kernel"
    if not kernels.exists():  # as docs/teaching.md says: this environment's Python as the kernel python3
        subprocess.run([sys.executable, "-m", "ipykernel", "install", "--prefix", str(kernels), "--name", "python3"],
                       check=True, capture_output=True)
    env = {**os.environ, "PATH": f"{NBGRADER_BIN}{os.pathsep}{os.environ['PATH']}",  # nbgrader runs its alembic
           "JUPYTER_PATH": str(kernels / "share" / "jupyter"),
           "JUPYTER_CONFIG_DIR": str(course.parent / "config"),  # no nbgrader settings but the course's
           "PYTHONPATH": str(PROJECT_ROOT), "OMP_NUM_THREADS": "1"}  # the kernel's peerlib is this tree's
    result = subprocess.run([str(NBGRADER_BIN / program), *args], cwd=course, env=env, capture_output=True,
                            text=True)
    assert result.returncode == 0, f"{program} {' '.join(args)}:\n{result.stderr[-3000:]}"
    return result.stdout


def scores(course: Path, *students: str) -> dict[str, dict[str, list[float]]]:
    found: dict[str, dict[str, list[float]]] = json.loads(in_nbgrader_env(course, "python", "-c", SCORES,
                                                                          ASSIGNMENT, *students))
    return found


def submit(course: Path, student: str, notebook: Path) -> Path:
    target = course / "submitted" / student / ASSIGNMENT / notebook.name
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(notebook, target)
    return target


def test_nbgrader_gives_the_worked_solutions_every_point_and_the_students_notebook_none(tmp_path: Path) -> None:
    course = tmp_path / "course"
    export_nbgrader(course, ASSIGNMENT)
    in_nbgrader_env(course, "nbgrader", "generate_assignment", ASSIGNMENT)
    source, release = course / "source" / ASSIGNMENT, course / "release" / ASSIGNMENT
    assert sorted(p.stem for p in release.glob("*.ipynb")) == [s.stem for s in SOLUTIONS]

    points = {}
    for solution in SOLUTIONS:
        worked = jupytext.read(solution).cells
        released = cells(release / f"{solution.stem}.ipynb")
        # The released notebook is the students' notebook (the same cells, the same blanks), without an answer.
        student = cells(TEACHING / f"{solution.stem}.ipynb")
        assert [(c["cell_type"], c["source"].rstrip("\n"), tags(c)) for c in released] == [
            (c["cell_type"], c["source"], tags(c)) for c in student], solution.stem
        released_text = "\n".join(c["source"] for c in released)
        answers = [m["expression"] for c in worked if "exercise" in c.metadata.get("tags", [])
                   for m in map(ANSWER.match, c.source.splitlines()) if m]
        assert answers, f"{solution.name}: no worked answer found"
        for expression in answers:
            assert expression not in released_text, f"{solution.stem} releases its answer {expression!r}"
        # By the points rule: one point for each check a check cell calls.
        points[solution.stem] = sum(len(CHECK_CALL.findall(c.source)) for c in worked
                                    if "check" in c.metadata.get("tags", []))

        submit(course, "alice", source / f"{solution.stem}.ipynb")  # the teacher's worked solution
        submit(course, "bob", release / f"{solution.stem}.ipynb")  # handed back as handed out
    # Carol replaces every check of one notebook, leaving her answers blank: autograde runs the teacher's checks.
    carol = submit(course, "carol", release / f"{TAMPERED}.ipynb")
    notebook = json.loads(carol.read_text(encoding="utf-8"))
    for cell in notebook["cells"]:
        if "check" in tags(cell):
            cell["source"] = "pass"
    carol.write_text(json.dumps(notebook), encoding="utf-8")

    in_nbgrader_env(course, "nbgrader", "autograde", ASSIGNMENT)

    graded = scores(course, "alice", "bob", "carol")
    assert graded["alice"] == {stem: [p, p] for stem, p in points.items()}
    assert graded["bob"] == {stem: [0, p] for stem, p in points.items()}
    assert graded["carol"][TAMPERED] == [0, points[TAMPERED]]
    checks = [c for c in cells(course / "autograded" / "carol" / ASSIGNMENT / f"{TAMPERED}.ipynb")
              if "check" in tags(c)]
    teachers = [c["source"] for c in cells(source / f"{TAMPERED}.ipynb") if "check" in tags(c)]
    assert [c["source"] for c in checks] == teachers
    assert all(any(o.get("ename") == "NotYet" for o in c["outputs"]) for c in checks)
