"""What the Makefile builds: every report of peerlib/present/pages.py, a page per study once for each study
of data/studies.csv, once PRICE_YEAR (if given) is checked. One word per report, PAGE:NOTEBOOK[:NAME=VALUE...],
the parameters papermill sets for it (a study's id; the price year, on the pages it applies to):

    python3 scripts/list_reports.py 2024-25    ->    sensitivity:sensitivity:price_year=2024-25
                                                     study-sledge2011:study:study_id=sledge2011:price_year=2024-25 ...

The Makefile runs this while it reads itself, with the system Python (before .venv may exist), so
it needs nothing beyond the standard library, peerlib's own CSV reader and the list of pages. A file it cannot read,
a missing column, a study id that cannot name a file, or a PRICE_YEAR the price index does not
have stops it with a message naming the file, row and column, and nothing on standard output:
the Makefile then stops too, rather than build a site without the study reports.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from peerlib.config import DATA_DIR  # noqa: E402
from peerlib.inputs.errors import DataError  # noqa: E402
from peerlib.inputs.tables import Column, check_unique, read_csv_rows  # noqa: E402
from peerlib.present.pages import build_plan  # noqa: E402

SLUG = re.compile(r"[a-z0-9][a-z0-9_]*")  # a study id names files and make targets: no spaces, no %


def study_ids(data_dir: Path) -> list[str]:
    path = data_dir / "studies.csv"
    rows = read_csv_rows(path, [Column("study_id", "required_text")])
    check_unique(path, rows, lambda r: r["study_id"], "study_id")
    for line, row in rows:
        if not SLUG.fullmatch(str(row["study_id"])):
            raise DataError(path, "not a study id", line=line, column="study_id",
                            expected="lower-case letters, digits and '_' (a slug such as sledge2011)",
                            found=row["study_id"])
    return [str(row["study_id"]) for _, row in rows]


def price_years(data_dir: Path) -> list[str]:
    path = data_dir / "price_index.csv"
    rows = read_csv_rows(path, [Column("price_year", "required_text")])
    check_unique(path, rows, lambda r: r["price_year"], "price_year")
    return [str(row["price_year"]) for _, row in rows]


def main(argv: list[str]) -> int:
    price_year = argv[0] if argv else ""
    try:
        years = price_years(DATA_DIR)
        ids = study_ids(DATA_DIR)
    except DataError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    if price_year and price_year not in years:
        print(f"error: PRICE_YEAR={price_year} is not a year of {DATA_DIR / 'price_index.csv'}; "
              f"expected one of {years[0]} to {years[-1]}, e.g. make PRICE_YEAR={years[-1]}", file=sys.stderr)
        return 1
    print(*(":".join((name, notebook, *pairs)) for name, notebook, pairs in build_plan(ids, price_year)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
