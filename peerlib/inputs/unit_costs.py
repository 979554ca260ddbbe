"""Reading ``unit_costs.csv`` and ``current_costs.csv``: sourced costs and rates, some computed from others."""

from __future__ import annotations

from pathlib import Path

from peerlib.config import DATA_DIR
from peerlib.inputs.errors import DataError, PriceYearError
from peerlib.inputs.formulas import Formula, resolve_formulas, row_formula
from peerlib.inputs.prices import PriceIndex, load_price_index
from peerlib.inputs.sourced import SourcedFigure, check_plausible, figure_columns, require_items
from peerlib.inputs.tables import Column, check_provenance, check_unique, read_csv_rows

UNIT_COSTS_FILE = "unit_costs.csv"
CURRENT_COSTS_FILE = "current_costs.csv"
# The rows of a costing that are inputs of the model.
COST_ITEMS = (
    "bed_day_cost_gbp",
    "peer_worker_salary_gbp",
    "employer_ni_rate",
    "employer_ni_threshold_gbp",
    "employer_pension_rate",
    "overhead_rate",
    "employer_ni_rebate_rate",
    "employer_ni_rebate_lower_gbp",
    "employer_ni_rebate_upper_gbp",
)
# The contracted-out rebate: 0 where a file has no rows for it (no rebate after April 2016).
OPTIONAL_COST_ITEMS = ("employer_ni_rebate_rate", "employer_ni_rebate_lower_gbp", "employer_ni_rebate_upper_gbp")
PAY_BANDS = (3, 4)  # Agenda for Change bands of peer support worker posts
PAY_POINTS = ("entry", "top")
# The business case's overheads: its rate, and the range "how sure" draws it from.
BUSINESS_CASE_OVERHEAD = "business_case_overhead_rate"
BUSINESS_CASE_OVERHEAD_RANGE = ("business_case_overhead_low_rate", "business_case_overhead_high_rate")
REQUIRED_CURRENT_ITEMS = (
    "bed_day_cost_gbp", "alt_bed_day_cost_gbp", "peer_worker_salary_gbp", "employer_ni_rate",
    "employer_ni_threshold_gbp", "part_pension_rate_trust_pays", "employer_pension_rate", "overhead_rate",
    BUSINESS_CASE_OVERHEAD, *BUSINESS_CASE_OVERHEAD_RANGE,
    *(f"afc_band{band}_{point}_gbp" for band in PAY_BANDS for point in PAY_POINTS),
)
UNIT_COST_COLUMNS = ("item", "value", "unit", "price_year", "price_year_status", "status", "formula", "source",
                     "reason", "note")


def load_unit_costs(
    data_dir: Path = DATA_DIR, index: PriceIndex | None = None, file_name: str = UNIT_COSTS_FILE
) -> dict[str, SourcedFigure]:
    """Read ``unit_costs.csv`` (or another file of the same columns, ``file_name``) into records keyed
    by item; every price year must be in the index.

    A row with a formula is computed from the rows it names (its parts), which must share its price year.
    """
    index = index or load_price_index(data_dir)
    path = data_dir / file_name
    rows = read_csv_rows(path, figure_columns(UNIT_COST_COLUMNS, Column("value", "number", optional=True),
                                              Column("price_year", "required_text"),
                                              Column("price_year_status", "status")))
    check_unique(path, rows, lambda r: r["item"], "item")
    by_item = {str(row["item"]): (line, row) for line, row in rows}
    formulas: dict[str, tuple[int, Formula]] = {}
    given: dict[str, float] = {}
    for line, row in rows:  # in file order, so the first bad row is the one named
        year = str(row["price_year"])
        if year not in index.levels:
            raise PriceYearError(path, "price year not in the price index", line=line, column="price_year",
                                 expected=f"a year from {index.years[0]} to {index.latest_year}"
                                 f" (see {Path(index.file).name})", found=year)
        item = str(row["item"])
        formula = row_formula(path, line, row)
        if formula is not None:
            formulas[item] = (line, formula)
        else:
            given[item] = check_plausible(path, line, item, float(row["value"]), row["value"])  # type: ignore[arg-type]

    def check(item: str, line: int, value: float, formula: Formula) -> float:
        # Money is summed at one price year: every part of a sum of money at the row's own.
        year = by_item[item][1]["price_year"]
        for name in formula.names:
            part_year = by_item[name][1]["price_year"]
            if item.endswith("_gbp") and part_year != year:
                raise PriceYearError(path, f"part {name!r} is at {part_year} prices", line=line, column="formula",
                                     expected=f"parts at this row's price year, {year}", found=part_year)
        return check_plausible(path, line, item, value, value)

    values = resolve_formulas(path, formulas, given, lambda _, name: name, f"names of other items of {file_name}",
                              check)
    return {item: SourcedFigure(item=item, value=values[item], unit=str(row["unit"]), price_year=str(row["price_year"]),
                                price_year_status=str(row["price_year_status"]),
                                status=check_provenance(path, line, row), source=str(row["source"]),
                                reason=str(row["reason"]), note=str(row["note"]),
                                formula=formulas[item][1].text if item in formulas else "", file=str(path), line=line)
            for item, (line, row) in by_item.items()}


def load_current_cost_figures(data_dir: Path, pay_and_prices: PriceIndex) -> dict[str, SourcedFigure]:
    """Read ``current_costs.csv``: today's pay points, on-costs and bed-day costs, each at a year of ``pay_and_prices``;
    the national insurance threshold at the salary's year."""
    path = data_dir / CURRENT_COSTS_FILE
    rows = load_unit_costs(data_dir, pay_and_prices, file_name=CURRENT_COSTS_FILE)
    require_items(path, rows, REQUIRED_CURRENT_ITEMS)
    money_year = rows["peer_worker_salary_gbp"].price_year
    threshold = rows["employer_ni_threshold_gbp"]
    if threshold.price_year != money_year:
        raise DataError(path, "the national insurance threshold and the salary are at different price years",
                        column="price_year", expected=f"{money_year}, the salary's", found=threshold.price_year)
    check_range(path, rows, BUSINESS_CASE_OVERHEAD, *BUSINESS_CASE_OVERHEAD_RANGE)
    return rows


def check_range(path: Path, rows: dict[str, SourcedFigure], base: str, low: str, high: str) -> None:
    """Raise DataError unless ``rows[low] <= rows[base] <= rows[high]``, naming the row that breaks the order."""
    value, bottom, top = rows[base].value, rows[low].value, rows[high].value
    if bottom > value:
        raise DataError(path, f"{low} is above {base}", line=rows[low].line, column="value",
                        expected=f"at most {base}, {value:.4g}", found=f"{bottom:.4g}")
    if top < value:
        raise DataError(path, f"{high} is below {base}", line=rows[high].line, column="value",
                        expected=f"at least {base}, {value:.4g}", found=f"{top:.4g}")
