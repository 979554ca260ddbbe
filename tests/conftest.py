"""Shared fixtures: a private copy of data/ that a test may break without touching the real one."""

from __future__ import annotations

import csv
import io
import os
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from peerlib.paths import DATA_DIR, PROJECT_ROOT


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


def make(*args: str) -> subprocess.CompletedProcess[str]:
    """Run the project's Makefile as a reviewer would (outside any make that runs the tests)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("MAKE")}
    return subprocess.run(["make", "--no-print-directory", *args], cwd=PROJECT_ROOT, env=env,
                          capture_output=True, text=True)


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Every report, built once per test session into a temporary folder with `make -j2`."""
    reports = tmp_path_factory.mktemp("reports")
    result = make("-j2", f"REPORTS={reports}")
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return reports
