"""Shared fixtures: a private copy of data/ that a test may break without touching the real one."""

from __future__ import annotations

import csv
import io
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from peerlib.paths import DATA_DIR


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
