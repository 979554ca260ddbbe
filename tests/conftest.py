"""Shared fixtures: a private copy of data/ that a test may break, and one build of every report,
made by plain `make` in a copy of the project once per test session and shared by every test that
reads a built report, in every pytest-xdist worker."""

from __future__ import annotations

import csv
import fcntl
import io
import os
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from peerlib.config import DATA_DIR, PROJECT_ROOT

# What a copy of the project needs to build its reports (the environment is shared, by a symlink).
SOURCES = ("peerlib", "data", "notebooks", "scripts", "jupyter")
FILES = ("Makefile", "pyproject.toml", "requirements.txt", "README.md")



@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(DATA_DIR, target)
    return target


def edit_cell(path: Path, match: Callable[[dict[str, str]], bool], column: str, value: str) -> int:
    """Set ``column`` to ``value`` in the first row where ``match`` holds; return that row's line number."""
    rows = list(csv.DictReader(path.open(newline="", encoding="utf-8")))
    for i, row in enumerate(rows):
        if match(row):
            row[column] = value
            out = io.StringIO()
            writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
            writer.writeheader()
            writer.writerows(rows)
            path.write_text(out.getvalue(), encoding="utf-8")
            return i + 2  # header is line 1
    raise AssertionError(f"no row of {path} matched")


def make_in(tree: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run make in ``tree`` as a reviewer would there (outside any make that runs the tests)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("MAKE")}
    return subprocess.run(["make", "--no-print-directory", *args], cwd=tree, env=env, capture_output=True, text=True)


def make(*args: str) -> subprocess.CompletedProcess[str]:
    """Run the project's own Makefile."""
    return make_in(PROJECT_ROOT, *args)


def project_copy(target: Path) -> Path:
    """The project's sources in ``target``, file times kept, sharing the project's environment.

    The Makefile puts its own folder first on PYTHONPATH, so the copy's notebooks import the copy's
    peerlib and read the copy's data/.
    """
    target.mkdir(parents=True)
    for name in SOURCES:
        shutil.copytree(PROJECT_ROOT / name, target / name, ignore=shutil.ignore_patterns("__pycache__"))
    for name in FILES:
        shutil.copy2(PROJECT_ROOT / name, target / name)
    (target / "reports").mkdir()
    shutil.copy2(PROJECT_ROOT / "reports" / "README.md", target / "reports" / "README.md")
    shutil.copytree(PROJECT_ROOT / "reports" / "expected", target / "reports" / "expected")
    (target / ".venv").symlink_to(PROJECT_ROOT / ".venv")
    # A plain `make` there must never reinstall the shared environment from the copy.
    stale = make_in(target, "-q", ".venv/.installed")
    assert stale.returncode == 0, "the environment is older than requirements.txt or pyproject.toml: run `make env`"
    return target


def copy_tree(tree: Path, target: Path) -> Path:
    """A copy of a built project, file times kept, so make sees it as built."""
    shutil.copytree(tree, target, symlinks=True)
    return target


def session_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The temporary folder every worker of this session shares (xdist gives each its own below it)."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


@pytest.fixture(scope="session")
def built_tree(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the project on which plain `make` built every report: once per test session.

    The first worker to ask builds it, holding a lock; the others wait for it and share it. What
    make printed is kept beside the tree (make.out, make.err); tests/test_reports.py reads it.
    """
    root = session_root(tmp_path_factory) / "built"
    root.mkdir(exist_ok=True)
    tree = root / "project"
    with (root / "lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (root / "status").exists():
            project_copy(tree)
            result = make_in(tree)
            (root / "make.out").write_text(result.stdout, encoding="utf-8")
            (root / "make.err").write_text(result.stderr, encoding="utf-8")
            (root / "status").write_text(str(result.returncode))
    status = int((root / "status").read_text())
    output = (root / "make.out").read_text() + (root / "make.err").read_text()
    assert status == 0, f"make failed in {tree}:\n{output[-5000:]}"
    return tree


@pytest.fixture(scope="session")
def built(built_tree: Path) -> Path:
    """The reports/ folder of that build (shared: a test that writes must work on a copy)."""
    return built_tree / "reports"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Each worker's share starts with its longest work: the tests that read the session's build in the
    first share, the explorer in JupyterLab (the longest test that needs no build) in the second.

    pytest-xdist hands each worker a contiguous share of this list, in order, and lets an idle worker
    take tests from the end of another's. So one worker starts the build at once while the other works
    through tests that need no build, and no long test is left to run alone at the end.
    """
    def uses(item: pytest.Item, fixture: str) -> bool:
        return fixture in getattr(item, "fixturenames", ())

    readers = [item for item in items if uses(item, "built_tree")]
    lab = [item for item in items if uses(item, "lab") and item not in readers]
    rest = [item for item in items if item not in readers and item not in lab]
    workers = int(os.environ.get("PYTEST_XDIST_WORKER_COUNT", "1"))
    second_share = len(items) // workers if workers > 1 else len(items)
    filler = max(0, second_share - len(readers))
    items[:] = readers + rest[:filler] + lab + rest[filler:]
