"""Check that a legitimate edit of data/ breaks no unit test: run the unit tests in a copy of the project
whose bed-day cost is changed in data/unit_costs.csv and its quote (£334 -> £350 by default, inside its
uncertainty range).

Unit tests work their expectations out by hand from the frozen copy in tests/data/, and tests of the
command line or a notebook compute theirs from what the loaders read from data/; so the edit must move
no expectation. Too slow for the test suite (it runs every unit test again); run it after changing
tests or data:

    python scripts/check_tests_survive_data_edit.py [NEW_VALUE] [TEST_PATH ...]    (default: tests/unit)
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

# The unit tests (tests/unit/): those that need no build of the reports and run no notebook.
UNIT_TESTS = "tests/unit"
OLD = "334"
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
    tests = argv[1:] or [UNIT_TESTS]
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "project"
        ignore = shutil.ignore_patterns(".venv", "reports", ".reports-staging", "__pycache__", ".git", "*_cache")
        shutil.copytree(ROOT, copy, ignore=ignore, symlinks=True)
        (copy / ".venv").symlink_to(ROOT / ".venv")
        edit_bed_day_cost(copy / "data", new)
        env = {**os.environ, "PYTHONPATH": str(copy), "JUPYTER_PATH": str(copy / "jupyter")}
        result = subprocess.run([sys.executable, "-m", "pytest", "-q", *tests], cwd=copy, env=env)
    print(f"bed-day cost {gbp_text(float(OLD))} -> {gbp_text(float(new))} in a copy of data/: the unit tests "
          + ("still pass" if result.returncode == 0 else "FAILED"))
    return result.returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
