"""Shared fixtures: a private copy of data/ that a test may break, and the project's own build of every
report. A test that reads built reports reads the project's reports/ when `make -q` says it is up to date
(the README's `make` has just built it); otherwise plain `make` builds it once, in the project, for every
test and every pytest-xdist worker. Nothing here writes to the project's build: a test that changes a
built tree works on a copy of it (copy_tree).
"""

from __future__ import annotations

import contextlib
import csv
import fcntl
import io
import os
import shutil
import subprocess
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from peerlib.apps import warm_kernels
from peerlib.config import PROJECT_ROOT

if TYPE_CHECKING:
    from traitlets.config import Config

# What a copy of the project needs to build its reports (the environment is shared, by a symlink).
SOURCES = ("peerlib", "data", "notebooks", "scripts", "jupyter")
FILES = ("Makefile", "pyproject.toml", "requirements.txt", "README.md")
STAGE = ".reports-staging"  # where make builds reports/ before publishing it
# The data the hand-worked unit tests compute their expectations from: a snapshot of data/, refreshed only
# deliberately (tests/data/README.md), so that a legitimate edit of data/ moves no unit test's expectation.
FROZEN_DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture(scope="session", autouse=True)
def warm_kernels_for_notebook_runs() -> None:
    """A notebook a test runs in its own process starts on a warm kernel, as the build's reports do: the kernel a
    new Python would have been (tests/build/test_warm_starts.py compares the two), a second of CPU sooner."""
    warm_kernels.use()


@contextlib.contextmanager
def kernel_sockets() -> Iterator[Config]:
    """The runner's kernel settings (scripts/run_notebook.py's kernel_settings) for a notebook a test runs: socket
    files in a folder of the run's own, not TCP ports, which two kernels started together can both pick."""
    from scripts.run_notebook import kernel_settings

    with tempfile.TemporaryDirectory(prefix="kernel-") as folder:
        yield kernel_settings(Path(folder))


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A private copy of the frozen data, for a test to break."""
    target = tmp_path / "data"
    shutil.copytree(FROZEN_DATA, target)
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


def copy_sources(tree: Path, target: Path) -> None:
    """The sources of the project in ``tree`` copied to ``target``, file times kept, sharing the project's
    environment. The Makefile puts its own folder first on PYTHONPATH, so the copy's notebooks import the
    copy's peerlib and read the copy's data/."""
    target.mkdir(parents=True)
    for name in SOURCES:
        shutil.copytree(tree / name, target / name, ignore=shutil.ignore_patterns("__pycache__"))
    for name in FILES:
        shutil.copy2(tree / name, target / name)
    (target / ".venv").symlink_to(PROJECT_ROOT / ".venv")


def project_copy(target: Path) -> Path:
    """The project's sources in ``target``, nothing built."""
    copy_sources(PROJECT_ROOT, target)
    (target / "reports").mkdir()
    shutil.copy2(PROJECT_ROOT / "reports" / "README.md", target / "reports" / "README.md")
    shutil.copytree(PROJECT_ROOT / "reports" / "expected", target / "reports" / "expected")
    assert_environment_is_current(target)
    return target


def copy_tree(tree: Path, target: Path) -> Path:
    """A copy of a built project (its sources, reports/ and staging folder), file times kept, so make sees it
    as built: a test may break or rebuild it."""
    copy_sources(tree, target)
    for name in ("reports", STAGE):
        shutil.copytree(tree / name, target / name)
    return target


def assert_environment_is_current(tree: Path) -> None:
    """A plain `make` in ``tree`` must never reinstall the shared environment."""
    stale = make_in(tree, "-q", ".venv/.installed")
    assert stale.returncode == 0, "the environment is older than requirements.txt or pyproject.toml: run `make env`"


def session_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The temporary folder every worker of this session shares (xdist gives each its own below it)."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


@pytest.fixture(scope="session")
def built_tree(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The project itself, every report built: as the README's `make` left it when `make -q` says it is up
    to date, else built now by plain `make` in the project (once: the first worker to ask builds, holding a
    lock, and the others wait for it). Shared and read-only: a test that writes works on copy_tree's copy."""
    with (session_root(tmp_path_factory) / "build.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if make("-q").returncode != 0:
            assert_environment_is_current(PROJECT_ROOT)
            result = make()
            assert result.returncode == 0, f"make failed in {PROJECT_ROOT}:\n{(result.stdout + result.stderr)[-5000:]}"
    return PROJECT_ROOT


@pytest.fixture(scope="session")
def built(built_tree: Path) -> Path:
    """The reports/ folder of that build (shared: a test that writes must work on a copy)."""
    return built_tree / "reports"


# Fixtures of the longest tests: those that run make or read its build, JupyterLab, Chromium, grade a class; and
# the modules whose every test runs kernels of its own (a class graded by nbgrader, warm and cold kernels).
LONG = ("built_tree", "lab", "lab_session", "tab", "classroom")
LONG_MODULES = ("tests/build/test_nbgrader.py", "tests/build/test_warm_starts.py")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Each worker's share starts with its longest work, each module's long tests together (so they share
    its fixtures): the long modules split between the first two shares, about half the tests each.

    pytest-xdist hands each worker a contiguous share of this list, in order, and lets an idle worker
    take tests from the end of another's. So both workers start on long tests, and no long test is left
    to run alone at the end.
    """
    long: dict[str, list[pytest.Item]] = {}
    for item in items:
        if (any(fixture in getattr(item, "fixturenames", ()) for fixture in LONG)
                or item.nodeid.split("::")[0] in LONG_MODULES):
            long.setdefault(item.nodeid.split("::")[0], []).append(item)
    first: list[pytest.Item] = []
    second: list[pytest.Item] = []
    for module in sorted(long.values(), key=len, reverse=True):
        (first if len(first) <= len(second) else second).extend(module)
    rest = [item for item in items if item not in first and item not in second]
    workers = int(os.environ.get("PYTEST_XDIST_WORKER_COUNT", "1"))
    second_share = len(items) // workers if workers > 1 else len(items)
    filler = max(0, second_share - len(first))
    items[:] = first + rest[:filler] + second + rest[filler:]
