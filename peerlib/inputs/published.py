"""Published figures the analysis is compared against (``data/published.csv``).

These are results, not inputs: the report's pooled ratio and sign pattern, the Leeds claim, and
each primary study's own headline where it is not already an input of ours.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from peerlib.config import DATA_DIR
from peerlib.inputs.errors import DataError
from peerlib.inputs.tables import Column, check_unique, read_csv_rows

PUBLISHED_FILE = "published.csv"


@dataclass(frozen=True)
class PublishedFigure:
    figure_id: str
    study_id: str
    value: float
    unit: str
    source: str


def load_published(data_dir: Path = DATA_DIR) -> dict[str, PublishedFigure]:
    path = data_dir / PUBLISHED_FILE
    rows = read_csv_rows(path, [
        Column("figure_id", "required_text"),
        Column("study_id", "text"),
        Column("value", "number"),
        Column("unit", "required_text"),
        Column("status", "status"),
        Column("source", "required_text"),
    ])
    check_unique(path, rows, lambda r: r["figure_id"], "figure_id")
    for line, row in rows:
        if row["status"] != "published":
            raise DataError(path, "a figure we compare against must be published", line=line, column="status",
                            expected="published", found=row["status"])
    return {str(r["figure_id"]): PublishedFigure(str(r["figure_id"]), str(r["study_id"]), float(r["value"]),  # type: ignore[arg-type]
                                                 str(r["unit"]), str(r["source"])) for _, r in rows}
