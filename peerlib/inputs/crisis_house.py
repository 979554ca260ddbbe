"""Reading ``crisis_house.csv``: the figures of the Leeds crisis-house claim, each sourced, money at its price year."""

from __future__ import annotations

from pathlib import Path

from peerlib.config import DATA_DIR
from peerlib.inputs.errors import DataError, PriceYearError
from peerlib.inputs.prices import PriceIndex, load_price_index
from peerlib.inputs.sourced import SourcedFigure, read_figures, require_items
from peerlib.inputs.tables import Row

CRISIS_HOUSE_FILE = "crisis_house.csv"
CRISIS_HOUSE_COLUMNS = ("item", "value", "unit", "price_year", "price_year_status", "status", "source", "reason",
                        "note")
REQUIRED_ITEMS = (
    "crisis_cost_per_visit_gbp", "inpatient_cost_per_day_gbp", "visits_per_month_low", "visits_per_month_high",
    "diversion_share", "inpatient_days_per_visit",
)


def load_crisis_house_figures(
    data_dir: Path = DATA_DIR, index: PriceIndex | None = None
) -> dict[str, SourcedFigure]:
    """Read ``crisis_house.csv``; money figures must carry a price year the index covers."""
    index = index or load_price_index(data_dir)
    path = data_dir / CRISIS_HOUSE_FILE

    def check_price_year(line: int, row: Row) -> None:
        if not str(row["item"]).endswith("_gbp"):
            return
        year, year_status = str(row["price_year"]), str(row["price_year_status"])
        if year not in index.levels:
            raise PriceYearError(path, "price year not in the price index", line=line, column="price_year",
                                 expected=f"a year from {index.years[0]} to {index.latest_year}", found=year)
        if year_status not in ("published", "assumption"):
            raise DataError(path, "a money figure needs the status of its price year", line=line,
                            column="price_year_status", expected="'published' or 'assumption'", found=year_status)

    def check_row(line: int, row: Row) -> None:
        check_price_year(line, row)
        if row["price_year_status"] == "assumption" and not row["reason"]:
            raise DataError(path, "an assumed price year needs its reason", line=line, column="reason",
                            expected="why this price year was chosen", found="")

    figures = read_figures(path, CRISIS_HOUSE_COLUMNS, check_row=check_row)
    require_items(path, figures, REQUIRED_ITEMS)
    return figures
