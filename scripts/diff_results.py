"""What moved: every figure of a built results.csv that differs from the expected one.

    python scripts/diff_results.py reports/expected/results.csv reports/results.csv

Rows are matched by ``id`` and figures by column. Numbers are compared with a relative tolerance
of 1e-9 (so 0.1 + 0.2 and 0.3 are the same figure); anything else is compared as text. Prints one
line per difference (its id, column, the expected value and the built one), rows and columns
found in only one file, and a closing count; or "no differences". Exits 0 when nothing differs,
1 when something does, 2 when a file cannot be read. `make diff` runs it on a fresh build;
`make expected` accepts the built figures as the expected ones.
"""

from __future__ import annotations

import csv
import math
import sys
from pathlib import Path

RELATIVE_TOLERANCE = 1e-9
ABSOLUTE_TOLERANCE = 1e-12  # for figures that should be 0


def read(path: Path) -> tuple[list[str], dict[str, dict[str, str]]]:
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        columns = list(reader.fieldnames or [])
        if "id" not in columns:
            raise ValueError(f"{path}: no column 'id' (found {', '.join(columns) or 'no header'})")
        rows: dict[str, dict[str, str]] = {}
        for row in reader:
            key = row["id"]
            while key in rows:  # a repeated id is still compared, by its order of appearance
                key += "'"
            rows[key] = row
    return columns, rows


def number(text: str) -> float | None:
    try:
        return float(text)
    except ValueError:
        return None


def same(expected: str, built: str) -> bool:
    if expected == built:
        return True
    a, b = number(expected), number(built)
    if a is None or b is None:
        return False
    if math.isnan(a) or math.isnan(b):
        return math.isnan(a) and math.isnan(b)
    return math.isclose(a, b, rel_tol=RELATIVE_TOLERANCE, abs_tol=ABSOLUTE_TOLERANCE)


def differences(expected_path: Path, built_path: Path) -> list[str]:
    expected_columns, expected = read(expected_path)
    built_columns, built = read(built_path)
    lines = [f"column {c}: expected, not built" for c in expected_columns if c not in built_columns]
    lines += [f"column {c}: built, not expected" for c in built_columns if c not in expected_columns]
    lines += [f"row {key}: expected, not built" for key in expected if key not in built]
    lines += [f"row {key}: built, not expected" for key in built if key not in expected]
    columns = [c for c in expected_columns if c in built_columns and c != "id"]
    for key, row in expected.items():
        if key not in built:
            continue
        for column in columns:
            if not same(row[column], built[key][column]):
                lines.append(f"{key}, {column}: expected {row[column] or '(empty)'}, "
                             f"built {built[key][column] or '(empty)'}")
    return lines


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    expected_path, built_path = Path(argv[0]), Path(argv[1])
    try:
        lines = differences(expected_path, built_path)
    except (OSError, ValueError, csv.Error) as exc:
        print(f"error: cannot compare {built_path} with {expected_path}: {exc}", file=sys.stderr)
        return 2
    if not lines:
        print(f"no differences: every figure of {built_path} is as in {expected_path}")
        return 0
    print(f"{built_path} differs from {expected_path}:")
    for line in lines:
        print(f"  {line}")
    print(f"{len(lines)} difference(s). If the change is intended, run `make expected` and commit "
          f"{expected_path} with the change that moved them.")
    return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
