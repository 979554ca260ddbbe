"""What an edit rebuilds, as a researcher meets it: plain make on a copy of the session's build.

Each report's run records the data/ files and project modules it read; make rebuilds a report when,
and only when, one of them (or its notebook, the runner, a setting) changed. A data/ file that is
missing, empty, cut short or not UTF-8 stops make with its name, and reports/ stays byte for byte.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from peerlib.config import PROJECT_ROOT
from tests.conftest import copy_tree, edit_cell, make_in

DATA_FILES = sorted(p.name for p in (PROJECT_ROOT / "data").glob("*.csv"))


@pytest.fixture(scope="module")
def up_to_date(built_tree: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the session's build, checked once to be up to date, as the build left it."""
    copy = copy_tree(built_tree, tmp_path_factory.mktemp("built") / "project")
    assert make_in(copy, "-q").returncode == 0, "the copy should be up to date, as the build left it"
    return copy


@pytest.fixture
def tree(up_to_date: Path, tmp_path: Path) -> Path:
    """A private copy of that copy (file times kept, so it is up to date too) for one test to change."""
    return copy_tree(up_to_date, tmp_path / "project")


def every_file(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_touching_one_input_rebuilds_only_the_pages_that_read_it(tree: Path) -> None:
    os.utime(tree / "data" / "crisis_house.csv")
    result = make_in(tree)
    assert result.returncode == 0, result.stderr[-3000:]
    lines = result.stdout.splitlines()
    assert len(lines) <= 3, lines
    assert any("leeds_crisis_house.html" in line for line in lines), lines
    assert not any("study-" in line or "sensitivity.html" in line for line in lines), lines


def test_touching_the_command_line_rebuilds_nothing(tree: Path) -> None:
    """No report runs the command line: whichever folder its module lives in, touching it changes nothing."""
    cli = next(tree.glob("peerlib/**/cli.py"))
    os.utime(cli)
    assert make_in(tree, "-q").returncode == 0


def test_a_staged_file_edited_by_hand_is_rebuilt(tree: Path) -> None:
    staged = tree / ".reports-staging" / "leeds_crisis_house.html"
    published = (tree / "reports" / "leeds_crisis_house.html").read_bytes()
    staged.write_bytes(staged.read_bytes() + b"<!-- edited -->")
    result = make_in(tree)
    assert result.returncode == 0, result.stderr[-3000:]
    assert "leeds_crisis_house.html" in result.stdout
    assert staged.read_bytes() == published == (tree / "reports" / "leeds_crisis_house.html").read_bytes()


def empty(path: Path) -> None:
    path.write_bytes(b"")


def truncated(path: Path) -> None:
    """Cut short in the middle of its second line, as an interrupted download leaves a file."""
    lines = path.read_bytes().split(b"\n")
    path.write_bytes(b"\n".join(lines[:1]) + b"\n" + lines[1][: len(lines[1]) // 2])


def not_utf8(path: Path) -> None:
    path.write_bytes(path.read_bytes().replace(b",", b",\xff", 1))


def missing(path: Path) -> None:
    path.unlink()


# Every file missing, and each broken one more way (the three ways in turn, so each is tried on several).
BREAKAGES = [(name, missing) for name in DATA_FILES] + [
    (name, (empty, truncated, not_utf8)[i % 3]) for i, name in enumerate(DATA_FILES)]


@pytest.mark.parametrize("name, breakage", BREAKAGES, ids=[f"{n}-{b.__name__}" for n, b in BREAKAGES])
def test_bad_input_stops_make_and_names_the_file(tree: Path, name: str, breakage: object) -> None:
    before = every_file(tree / "reports")
    breakage(tree / "data" / name)  # type: ignore[operator]
    result = make_in(tree)  # plain make, as the README writes it
    assert result.returncode != 0, result.stdout[-2000:]
    assert name in result.stderr, f"the message should name {name}:\n{result.stderr[-3000:]}"
    assert every_file(tree / "reports") == before, "a failed build changed reports/"


def test_a_bad_value_stops_make_before_any_notebook_runs(tree: Path) -> None:
    """The data check reads every file with the reports' loaders first: the notebook's message, no kernel started."""
    before = every_file(tree / "reports")
    line = edit_cell(tree / "data" / "unit_costs.csv", lambda r: r["item"] == "bed_day_cost_gbp", "value", "-5")
    result = make_in(tree)
    assert result.returncode != 0
    # The file as a person at the project's root names it, the line an editor shows, the bound that applies.
    assert f"error: data/unit_costs.csv, line {line}, column 'value'" in result.stderr, result.stderr
    assert "expected an amount from £1 to £20,000, found -5" in result.stderr, result.stderr
    assert "nothing was built" in result.stderr
    assert "cell" not in result.stderr and ".html" not in result.stdout, "a notebook ran before the data was checked"
    assert every_file(tree / "reports") == before


def test_staffing_moved_away_is_named(tree: Path, tmp_path: Path) -> None:
    shutil.move(tree / "data" / "staffing.csv", tmp_path / "staffing.csv")
    result = make_in(tree)
    assert result.returncode != 0
    assert "data/staffing.csv is missing" in result.stderr
