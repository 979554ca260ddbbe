"""Check that a legitimate edit of data/ breaks no unit test: run the unit tests in a copy of the project
whose bed-day cost is changed in data/unit_costs.csv and its quote (£334 -> £350 by default, inside its
uncertainty range).

Unit tests work their expectations out by hand from the frozen copy in tests/data/, and tests of the
command line or a notebook compute theirs from what the loaders read from data/; so the edit must move
no expectation. Too slow for the test suite (it runs a dozen test files again); run it after changing
tests or data:

    python scripts/check_tests_survive_data_edit.py [NEW_VALUE] [TEST_FILE ...]
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from peerlib.formatting import gbp_text  # noqa: E402

# The test files that need no build of the reports (the build tests would rebuild every report).
UNIT_TESTS = ("test_model.py", "test_sensitivity.py", "test_explore.py", "test_teaching.py", "test_cli.py",
              "test_meta.py", "test_sums.py", "test_parameters.py", "test_study_text.py", "test_recosting.py",
              "test_vocabulary.py", "test_costs.py", "test_sourced.py", "test_core.py", "test_weighting.py",
              "test_voi.py", "test_business_case.py", "test_crisis_house.py", "test_prose.py", "test_labels.py",
              "test_summaries.py", "test_worth_knowing.py", "test_evidence_grades.py", "test_formulas.py",
              "test_api.py", "test_bad_input.py", "test_loader_properties.py", "test_shown_sums.py")
OLD = "334"
# A pytest plugin, written into the copy, that leaves out the tests of a build (they would run make there).
NO_BUILD = """
def pytest_collection_modifyitems(config, items):
    long = [item for item in items if {"built", "built_tree", "lab", "lab_session", "tab"} & set(item.fixturenames)]
    config.hook.pytest_deselected(items=long)
    items[:] = [item for item in items if item not in long]
"""


def edit_bed_day_cost(data_dir: Path, new: str) -> None:
    """Change the bed-day cost's value, and the number in its quote (which a published figure must contain)."""
    path = data_dir / "unit_costs.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    for i, line in enumerate(lines):
        if line.startswith(f"bed_day_cost_gbp,{OLD},"):
            lines[i] = line.replace(f"bed_day_cost_gbp,{OLD},", f"bed_day_cost_gbp,{new},", 1).replace(
                f"{gbp_text(float(OLD))}. That", f"{gbp_text(float(new))}. That")
            path.write_text("".join(lines), encoding="utf-8")
            return
    raise SystemExit(f"{path}: no row bed_day_cost_gbp of value {OLD}")


def main(argv: list[str]) -> int:
    new = argv[0] if argv else "350"
    tests = argv[1:] or list(UNIT_TESTS)
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "project"
        ignore = shutil.ignore_patterns(".venv", "reports", ".reports-staging", "__pycache__", ".git", "*_cache")
        shutil.copytree(ROOT, copy, ignore=ignore, symlinks=True)
        (copy / ".venv").symlink_to(ROOT / ".venv")
        edit_bed_day_cost(copy / "data", new)
        (copy / "no_build_tests.py").write_text(NO_BUILD, encoding="utf-8")
        env = {**os.environ, "PYTHONPATH": str(copy), "JUPYTER_PATH": str(copy / "jupyter")}
        pytest = [sys.executable, "-m", "pytest", "-q", "-n", "2", "-p", "no_build_tests"]
        result = subprocess.run([*pytest, *(f"tests/{t}" for t in tests)], cwd=copy, env=env)
    print(f"bed-day cost {gbp_text(float(OLD))} -> {gbp_text(float(new))} in a copy of data/: the unit tests "
          + ("still pass" if result.returncode == 0 else "FAILED"))
    return result.returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
