"""Grading a class's teaching notebooks: one row per student, notebook and exercise, in ``grades.csv``.

Each submission ``SUBMISSIONS/<student_id>/<notebook>.ipynb`` is run twice, each time in a new kernel:

1. the student's notebook, in a folder of its own holding a copy of that notebook alone, with the student's values
   (:func:`peerlib.apps.classroom.student_values`) set in its parameters cell and its check cells left out; a last
   cell prints the student's answers (every ``answer_...`` name) as one line of data. Nothing else the run printed
   or wrote is read.
2. the teacher's worked solution, with the same values, each exercise's answer set to the student's, and each check
   run by the teacher's code (:func:`peerlib.apps.teaching.graded`): a check cell the student deleted or edited
   changes nothing, and each exercise gets the one line the student saw and the kind of slip.

A submission that cannot be run (not a notebook, not valid JSON, another notebook of the pack, a cell that runs past
the time limit or prints too much, a kernel that dies) gets 0 on each exercise with the reason, and every other
submission is still graded. Each graded notebook is kept in ``GRADES.parts/`` as it is done, so a grading that was
interrupted resumes where it stopped (a part is reused only for the same submission, values and pack). Nothing in
SUBMISSIONS is written to; ``grades.csv`` is written by the grader, after every run.
"""

from __future__ import annotations

import ast
import csv
import functools
import hashlib
import io
import json
import math
import multiprocessing
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import nbformat

from peerlib.apps import classroom, exercises, teaching
from peerlib.config import PROJECT_ROOT, SEED
from peerlib.present import class_report

CELL_TIMEOUT_S = 60  # a cell of a submission that runs longer is stopped, and the submission graded 0
MAX_SUBMISSION_BYTES = 20 * 2**20  # a notebook of the pack, answered, is well under a megabyte
MAX_OUTPUT_BYTES = 2 * 2**20  # what a submission's run may print in all before it is stopped
ANSWERS_MARK = "peerlib-answers: "  # the line the student's run prints its answers on
GRADE_COLUMNS = ["student_id", "notebook", "exercise", "points", "max_points", "feedback", "slip"]
POINTS_PER_EXERCISE = 1  # every exercise counts the same
SANDBOX_SWITCH = "PEERLIB_SANDBOX"  # "0" runs students' code without bubblewrap even where it is installed
SLIP_ORDER = (*teaching.SLIP_KINDS, class_report.COULD_NOT_GRADE)  # as the class report lists them
# The cell that ends a student's run: the answers, as data. Each is a number, a text, a blank (...), or shown as
# the student's check would show it.
ANSWERS_CELL = f"""\
import json as _json, math as _math, numbers as _numbers, reprlib as _reprlib
print({ANSWERS_MARK!r} + _json.dumps({{
    _name: ({{"number": float(_value)}} if isinstance(_value, _numbers.Real) and not isinstance(_value, bool)
            and _math.isfinite(float(_value)) else {{"text": _value}} if isinstance(_value, str)
            else {{"blank": True}} if _value is Ellipsis else {{"other": _reprlib.repr(_value)}})
    for _name, _value in list(globals().items()) if _name.startswith({teaching.ANSWER_PREFIX!r})}}))
"""


@dataclass(frozen=True)
class Exercise:
    """An exercise of a notebook: its check's name, and the answer names its exercise cell assigns."""

    check: str
    answers: tuple[str, ...]


def pack_exercises(solution: nbformat.NotebookNode) -> list[Exercise]:
    """The exercises of a worked solution, in order: each exercise cell and the check cell after it."""
    found: list[Exercise] = []
    answers: tuple[str, ...] = ()
    for cell in solution.cells:
        tags = cell.metadata.get("tags", []) if cell.cell_type == "code" else []
        if exercises.EXERCISE_TAG in tags:
            answers = tuple(exercises.answer_names(cell.source))
        elif exercises.CHECK_TAG in tags:
            found.append(Exercise(exercises.check_names(cell.source)[0], answers))
    return found


@dataclass(frozen=True)
class Grade:
    """One exercise of one student's notebook, graded."""

    student_id: str
    notebook: str
    exercise: str
    points: int
    max_points: int
    feedback: str
    slip: str

    def row(self) -> list[object]:
        return [self.student_id, self.notebook, self.exercise, self.points, self.max_points, self.feedback, self.slip]


class NotGradable(Exception):
    """A submission that cannot be run; the message, one line, says why."""


# --- Reading a submission ------------------------------------------------------------------------------------

def read_submission(content: bytes | None, notebook: str,
                    pack: Mapping[str, Sequence[Exercise]]) -> nbformat.NotebookNode:
    """A submission's content as a notebook of the pack named ``notebook``, or :class:`NotGradable` saying why."""
    if content is None:
        raise NotGradable("not submitted")
    if len(content) > MAX_SUBMISSION_BYTES:
        raise NotGradable(f"too large to be a notebook of the pack ({len(content):,} bytes)")
    try:
        text = content.decode("utf-8")
        json.loads(text)
    except UnicodeDecodeError:
        raise NotGradable("not a notebook: not text (UTF-8)") from None
    except ValueError as exc:
        raise NotGradable(f"not a notebook: not valid JSON ({exc})") from None
    try:
        submitted = nbformat.reads(text, as_version=4)
        nbformat.validate(submitted)
    except Exception as exc:  # nbformat raises several kinds for a file that is JSON but not a notebook
        raise NotGradable(f"not a notebook: {str(exc).splitlines()[0][:200]}") from None
    stamped = submitted.metadata.get(classroom.METADATA_KEY, {}).get("notebook")
    answered = {name for cell in submitted.cells if cell.cell_type == "code" for name in _answer_names(cell.source)}
    which = stamped if stamped in pack else next(
        (name for name, found in pack.items() if answered and answered >= {a for e in found for a in e.answers}), None)
    if which is not None and which != notebook:
        raise NotGradable(f"this is the notebook {which}, not {notebook}")
    return submitted


def _answer_names(source: str) -> set[str]:
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return set()
    return {t.id for node in ast.walk(tree) if isinstance(node, ast.Assign) for t in node.targets
            if isinstance(t, ast.Name) and t.id.startswith(teaching.ANSWER_PREFIX)}


# --- Running -------------------------------------------------------------------------------------------------

@functools.cache
def sandbox_available() -> bool:
    """Whether bubblewrap (Debian's bubblewrap) is installed and can start a sandbox here (a container may forbid
    the namespaces it needs), unless PEERLIB_SANDBOX=0."""
    bwrap = shutil.which("bwrap")
    if bwrap is None or os.environ.get(SANDBOX_SWITCH) == "0":
        return False
    probe = subprocess.run([bwrap, "--ro-bind", "/", "/", "--dev", "/dev", "--proc", "/proc", "--unshare-net",
                            "--die-with-parent", "true"], capture_output=True)
    return probe.returncode == 0


def sandboxed(folder: Path, hidden: Sequence[Path]) -> list[str]:
    """bubblewrap's command line for a kernel of a student's run: everything read-only, the run's folder writable,
    an empty /tmp (but for the project and its Python, where they lie in it), no network, and ``hidden`` (the
    submissions, the roster, the grades) out of sight."""
    command = [str(shutil.which("bwrap")), "--ro-bind", "/", "/", "--dev", "/dev", "--proc", "/proc",
               "--tmpfs", "/tmp", "--unshare-net", "--die-with-parent"]
    needed = {PROJECT_ROOT.resolve(), Path(sys.prefix).resolve(), Path(sys.base_prefix).resolve(),
              Path(sys.executable).resolve().parent}
    for path in sorted(p for p in needed if p.is_relative_to("/tmp")):
        command += ["--ro-bind", str(path), str(path)]
    for path in hidden:
        command += ["--tmpfs", str(path)] if path.is_dir() else ["--ro-bind", "/dev/null", str(path)]
    # IPython keeps its history in the run's folder: everywhere else is read-only.
    return [*command, "--bind", str(folder), str(folder), "--chdir", str(folder),
            "--setenv", "IPYTHONDIR", str(folder / ".ipython")]


def _run(notebook: nbformat.NotebookNode, folder: Path, timeout_s: int,
         hidden: Sequence[Path] | None = None) -> nbformat.NotebookNode:
    """``notebook`` executed in ``folder`` by a new kernel (the project's), every cell run whatever failed before;
    with ``hidden``, a student's run: in bubblewrap's sandbox where the machine has it (:func:`sandboxed`)."""
    from jupyter_client.kernelspec import KernelSpecManager
    from jupyter_client.manager import AsyncKernelManager
    from jupyter_core.utils import run_sync
    from nbclient import NotebookClient
    from nbclient.exceptions import CellTimeoutError, DeadKernelError

    from peerlib.apps import warm_kernels

    # The teacher's runs start warm; a student's sandboxed kernel is bubblewrap's command, which starts cold.
    warm_kernels.use()
    specs = KernelSpecManager()
    if hidden is not None and sandbox_available():
        spec = specs.get_kernel_spec("python3")
        spec_dir = folder / ".kernelspec" / "sandboxed"
        spec_dir.mkdir(parents=True)
        argv = [sys.executable if part == "python" else part for part in spec.argv]
        (spec_dir / "kernel.json").write_text(json.dumps({
            "argv": [*sandboxed(folder, hidden), *argv], "display_name": spec.display_name,
            "language": spec.language, "env": spec.env}), encoding="utf-8")
        specs = KernelSpecManager(kernel_dirs=[str(spec_dir.parent)])
        kernel = "sandboxed"
    else:
        kernel = "python3"
    # Socket files in the run's own folder, not TCP ports: runs in parallel cannot take each other's.
    # and its connection file there too, where a sandboxed kernel can read it.
    # An asynchronous manager, as nbclient's own: with a blocking one, a cell that never finishes blocks the wait
    # that would stop it.
    manager = AsyncKernelManager(kernel_name=kernel, kernel_spec_manager=specs, transport="ipc",
                                 ip=str(folder / ".kernel"), connection_file=str(folder / ".kernel.json"))
    client = NotebookClient(notebook, km=manager, timeout=timeout_s, allow_errors=True, shutdown_kernel="immediate",
                            resources={"metadata": {"path": str(folder)}})
    try:
        client.execute(cwd=str(folder))
    except CellTimeoutError:
        raise NotGradable(f"a cell ran longer than {timeout_s} s") from None
    except DeadKernelError:
        raise NotGradable("its kernel stopped (crashed or ran out of memory)") from None
    finally:
        if manager.has_kernel:
            run_sync(manager.shutdown_kernel)(now=True)
    printed = sum(len(o.get("text", "")) for c in notebook.cells if c.cell_type == "code" for o in c.outputs)
    if printed > MAX_OUTPUT_BYTES:
        raise NotGradable(f"it printed more than {MAX_OUTPUT_BYTES:,} characters")
    return notebook


def _printed_line(cell: nbformat.NotebookNode, mark: str) -> str | None:
    """The data a cell printed after ``mark``, on stdout."""
    for output in cell.get("outputs", []):
        if output.output_type == "stream" and output.name == "stdout":
            for line in output.text.splitlines():
                if line.startswith(mark):
                    return line[len(mark):]
    return None


def student_answers(submitted: nbformat.NotebookNode, values: Mapping[str, object], timeout_s: int,
                    hidden: Sequence[Path] = ()) -> dict[str, Any]:
    """Run the student's notebook with the student's values and no checks; the answers it ends with."""
    runnable = classroom.with_values(submitted, values)
    runnable.cells = [c for c in runnable.cells
                      if not (c.cell_type == "code" and exercises.CHECK_TAG in c.metadata.get("tags", []))]
    runnable.cells.append(nbformat.v4.new_code_cell(ANSWERS_CELL))
    folder = Path(tempfile.mkdtemp(prefix="submission-"))
    try:
        nbformat.write(submitted, folder / "notebook.ipynb")  # the copy a run may look at: this notebook alone
        ran = _run(runnable, folder, timeout_s, hidden)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    line = _printed_line(ran.cells[-1], ANSWERS_MARK)
    if line is None:
        raise NotGradable("its run did not reach the end (a cell redefined print, json or exit?)")
    answers = json.loads(line)
    if not isinstance(answers, dict):
        raise NotGradable("its answers could not be read")
    return answers


def _answer_source(name: str, answer: Mapping[str, Any] | None) -> str:
    """The line that gives ``name`` the student's answer in the teacher's run ("" when the student left it unset)."""
    if not isinstance(answer, Mapping):
        return f"{name} = None\ndel {name}"  # unset: the check says to run the exercise cell first
    if "number" in answer and isinstance(answer["number"], (int, float)) and math.isfinite(answer["number"]):
        return f"{name} = {float(answer['number'])!r}"
    if "text" in answer and isinstance(answer["text"], str):
        return f"{name} = {answer['text']!r}"
    if answer.get("blank") is True:
        return f"{name} = ..."
    shown = str(answer.get("other", ""))[:200]
    return f"{name} = type('Answer', (), {{'__repr__': lambda self: {shown!r}}})()"


def teacher_verdicts(solution: nbformat.NotebookNode, values: Mapping[str, object], answers: Mapping[str, Any],
                     timeout_s: int) -> list[dict[str, Any]]:
    """Run the worked solution with the student's values and answers, each check by the teacher's code."""
    run = classroom.with_values(solution, values)
    for cell in run.cells:
        tags = cell.metadata.get("tags", []) if cell.cell_type == "code" else []
        if exercises.EXERCISE_TAG in tags:
            cell.source = "\n".join(_answer_source(name, answers.get(name))
                                     for name in exercises.answer_names(cell.source))
        elif exercises.CHECK_TAG in tags:
            check = exercises.check_names(cell.source)[0]
            cell.source = (f"from peerlib.apps.teaching import graded as _graded\n"
                           f"_graded({check!r}, lambda: {cell.source.strip()})")
    folder = Path(tempfile.mkdtemp(prefix="teacher-"))
    try:
        ran = _run(run, folder, timeout_s)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    checks = [c for c in ran.cells if c.cell_type == "code" and exercises.CHECK_TAG in c.metadata.get("tags", [])]
    verdicts = []
    for cell in checks:
        line = _printed_line(cell, teaching.GRADED_MARK)
        if line is not None:
            verdicts.append(json.loads(line))
            continue
        error = next((o for o in cell.outputs if o.output_type == "error"), None)
        verdicts.append({"ok": False, "slip": class_report.COULD_NOT_GRADE,
                         "feedback": f"the check could not run ({error.ename}: {error.evalue})" if error else
                         "the check did not run"})
    return verdicts


# --- A class -------------------------------------------------------------------------------------------------

@functools.cache
def _pack() -> dict[str, list[Exercise]]:
    """Every notebook's exercises, read once per process."""
    return {name: pack_exercises(nbformat.read(classroom.SOLUTIONS / f"{name}.ipynb", as_version=4))
            for name in classroom.pack_notebooks()}


def _digest(*parts: bytes) -> str:
    return hashlib.sha256(b"\0".join(parts)).hexdigest()


def grade_notebook(student_id: str, notebook: str, submission: bytes | None, values: Mapping[str, object],
                   timeout_s: int = CELL_TIMEOUT_S, hidden: Sequence[Path] = ()) -> list[Grade]:
    """Every exercise of one student's notebook, graded (0 with the reason when it cannot be run)."""
    pack = _pack()
    solution = nbformat.read(classroom.SOLUTIONS / f"{notebook}.ipynb", as_version=4)
    found = pack[notebook]
    try:
        submitted = read_submission(submission, notebook, pack)
        answers = student_answers(submitted, values, timeout_s, hidden)
        verdicts = teacher_verdicts(solution, values, answers, timeout_s)
    except NotGradable as exc:
        slip = teaching.NOT_ATTEMPTED if str(exc) == "not submitted" else class_report.COULD_NOT_GRADE
        return [Grade(student_id, notebook, e.check, 0, POINTS_PER_EXERCISE, str(exc), slip) for e in found]
    return [Grade(student_id, notebook, e.check, POINTS_PER_EXERCISE if v["ok"] else 0, POINTS_PER_EXERCISE,
                  str(v["feedback"]), str(v["slip"])) for e, v in zip(found, verdicts, strict=True)]


@dataclass(frozen=True)
class Task:
    student_id: str
    notebook: str
    submission: bytes | None  # as read before any run; None: not submitted
    values: Mapping[str, object]
    part: Path  # where its grades are kept, to resume
    key: str  # what they were graded from: the submission, the values, the pack
    hidden: tuple[Path, ...]  # what the student's run must not see: the submissions, the roster, the grades


def _graded(task: Task, timeout_s: int) -> list[Grade]:
    grades = grade_notebook(task.student_id, task.notebook, task.submission, task.values, timeout_s, task.hidden)
    classroom.write_atomically(task.part, json.dumps({"key": task.key, "grades": [g.row() for g in grades]}))
    return grades


def _kept(task: Task) -> list[Grade] | None:
    """The grades kept from an earlier grading of the same submission, values and pack; None if there are none."""
    try:
        kept = json.loads(task.part.read_text(encoding="utf-8"))
        return [Grade(*row) for row in kept["grades"]] if kept.get("key") == task.key else None
    except (OSError, ValueError, TypeError, KeyError):
        return None


def _snapshot(place: Path, leave: Sequence[Path]) -> dict[Path, bytes]:
    """Every file of ``place`` (a folder, or one file) but those under ``leave``, with its content."""
    files = place.rglob("*") if place.is_dir() else [place]
    return {p: p.read_bytes() for p in files
            if p.is_file() and not p.is_symlink() and not any(p.is_relative_to(out) for out in leave)}


def _restore(place: Path, snapshot: Mapping[Path, bytes], leave: Sequence[Path]) -> list[Path]:
    """Put ``place`` back as ``snapshot`` holds it; the files that had changed, appeared or gone."""
    changed = []
    found = place.rglob("*") if place.is_dir() else []
    for path in [p for p in found if (p.is_file() or p.is_symlink()) and p not in snapshot
                 and not any(p.is_relative_to(out) for out in leave)]:
        path.unlink()
        changed.append(path)
    for path, content in snapshot.items():
        if not path.is_file() or path.is_symlink() or path.read_bytes() != content:
            if path.is_symlink():
                path.unlink()
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(content)
            changed.append(path)
    return changed


@dataclass(frozen=True)
class ClassGrades:
    grades: list[Grade]
    unknown: list[str]  # submission folders of no student in the roster
    restored: list[Path]  # files a run changed, put back
    report: Path  # the class report, beside the grades


def grade_class(submissions: Path, roster: Path, out_csv: Path, seed: int = SEED, jobs: int | None = None,
                timeout_s: int = CELL_TIMEOUT_S, progress: Callable[[str], None] | None = None) -> ClassGrades:
    """Grade every notebook of the pack for every student of ``roster`` from ``submissions``; write ``out_csv``."""
    students = classroom.read_roster(roster)
    if not submissions.is_dir():
        raise NotGradable(f"{submissions} is not a folder of submissions")
    unknown = sorted(p.name for p in submissions.iterdir() if p.is_dir() and p.name not in students)
    choices = {name: find() for name, find in classroom.DRAWN.items()}
    code = _digest(*(p.read_bytes() for p in sorted(classroom.PACK.rglob("*.ipynb"))),
                   Path(teaching.__file__).read_bytes(), Path(__file__).read_bytes())
    parts = out_csv.with_name(out_csv.name + ".parts")
    tasks = []
    # What a run must not change: the submissions and the roster (not the grades, written after every run). Every
    # submission is read here, before any run, and graded from that copy: a run that rewrites another's changes
    # nothing graded, and the files are put back afterwards.
    leave = [out_csv.resolve().parent / out_csv.name, parts.resolve()]
    hidden = (submissions.resolve(), roster.resolve(), out_csv.resolve().parent)
    guarded = {place: _snapshot(place, leave) for place in (submissions.resolve(), roster.resolve())}
    for notebook in classroom.pack_notebooks():
        names = classroom.parameter_names(nbformat.read(classroom.PACK / f"{notebook}.ipynb", as_version=4))
        values_of = classroom.class_values(students, notebook, names, seed, choices)
        for student_id in students:
            values = values_of[student_id]
            content = guarded[submissions.resolve()].get((submissions / student_id / f"{notebook}.ipynb").resolve())
            tasks.append(Task(student_id, notebook, content, values, parts / student_id / f"{notebook}.json",
                              _digest(content or b"(none)", json.dumps(values, sort_keys=True).encode(),
                                      code.encode()), hidden))
    results: dict[int, list[Grade]] = {}
    todo = []
    for index, task in enumerate(tasks):
        kept = _kept(task)
        if kept is None:
            todo.append(index)
        else:
            results[index] = kept
    say = progress or (lambda line: None)
    say(f"{len(tasks)} notebooks to grade ({len(students)} students x {len(classroom.pack_notebooks())}); "
        f"{len(tasks) - len(todo)} kept from an earlier grading")
    restored: list[Path] = []
    try:
        # New processes, not forks of this one (which may hold threads and kernels' sockets).
        with ProcessPoolExecutor(max_workers=jobs or os.cpu_count() or 1,
                                 mp_context=multiprocessing.get_context("spawn")) as pool:
            futures = {pool.submit(_graded, tasks[i], timeout_s): i for i in todo}
            for done, future in enumerate(as_completed(futures), start=1):
                index = futures[future]
                results[index] = future.result()
                got = sum(g.points for g in results[index])
                top = sum(g.max_points for g in results[index])
                say(f"[{done}/{len(todo)}] {tasks[index].student_id} {tasks[index].notebook}: {got}/{top}")
    finally:
        for folder, snapshot in guarded.items():
            restored += _restore(folder, snapshot, leave)
    grades = [g for index in range(len(tasks)) for g in results[index]]
    order = {s: i for i, s in enumerate(students)}
    grades.sort(key=lambda g: (order[g.student_id], g.notebook))  # stable: exercises keep their order
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(GRADE_COLUMNS)
    writer.writerows(g.row() for g in grades)
    classroom.write_atomically(out_csv, buffer.getvalue())
    report = out_csv.with_suffix(".html")
    classroom.write_atomically(report, class_report.class_report_html(class_report.read_grades(out_csv, SLIP_ORDER),
                                                  SLIP_ORDER, f"Class report: {submissions.resolve().name}"))
    return ClassGrades(grades, unknown, restored, report)

