"""Unit costs, the cost of employing a peer worker, and conversion between price years.

Money always travels with its price year (financial years written ``"2011-12"``). Nothing here
adds or compares sums from different price years: :meth:`PriceIndex.convert` moves a sum from
one year to another through a chained index read from ``data/price_index.csv``.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np
import numpy.typing as npt
import pandas as pd

from peerlib.config import DATA_DIR, DAYS_PER_YEAR
from peerlib.inputs.errors import DataError, ParameterError, PriceYearError
from peerlib.inputs.formulas import parse_formula
from peerlib.inputs.tables import Column, check_provenance, check_unique, read_csv_rows

FloatOrArray = float | npt.NDArray[np.float64]
PRICE_INDEX_FILE = "price_index.csv"
UNIT_COSTS_FILE = "unit_costs.csv"
_PRICE_YEAR = re.compile(r"^(\d{4})-(\d{2})$")


def check_price_year_format(text: str) -> bool:
    """True for a financial year written like ``2011-12`` (second part = first + 1)."""
    match = _PRICE_YEAR.match(text)
    return match is not None and (int(match.group(1)) + 1) % 100 == int(match.group(2))


def next_price_year(year: str) -> str:
    start = int(year[:4]) + 1
    return f"{start}-{(start + 1) % 100:02d}"


@dataclass(frozen=True)
class PriceIndex:
    """A chained price index: ``levels[year]`` relative to the first year (= 100)."""

    levels: Mapping[str, float]
    file: str = PRICE_INDEX_FILE
    series: Mapping[str, str] = field(default_factory=dict)  # year -> the published series its change comes from

    @property
    def years(self) -> tuple[str, ...]:
        return tuple(self.levels)

    @property
    def latest_year(self) -> str:
        return self.years[-1]

    def level(self, year: str) -> float:
        try:
            return self.levels[year]
        except KeyError:
            raise PriceYearError(self.file, f"price year {year!r} is not in the index",
                                 expected=f"a year from {self.years[0]} to {self.years[-1]}",
                                 found=year) from None

    def factor(self, from_year: str, to_year: str) -> float:
        """Multiply a sum at ``from_year`` prices by this to express it at ``to_year`` prices."""
        return self.level(to_year) / self.level(from_year)

    def convert(self, amount_gbp: float, from_year: str, to_year: str) -> float:
        return amount_gbp * self.factor(from_year, to_year)

    def coverage(self) -> list[tuple[str, str, str]]:
        """Each series of the chain with the first and last year it covers, in order: (series, first, last)."""
        spans: list[tuple[str, str, str]] = []
        for year in self.years:
            name = self.series.get(year, "")
            if spans and spans[-1][0] == name:
                spans[-1] = (name, spans[-1][1], year)
            else:
                spans.append((name, year, year))
        return spans

    def coverage_text(self) -> str:
        """The years each series covers, in words: "HCHS pay and prices 2009-10 to 2014-15, then ..."."""
        return ", then ".join(f"{name} {first} to {last}" if first != last else f"{name} {first}"
                              for name, first, last in self.coverage())


def load_price_index(data_dir: Path = DATA_DIR) -> PriceIndex:
    """Read ``price_index.csv``: one row per financial year, consecutive, with the % change into it.

    The first row is the base of the chain; its change may be blank. Every later row needs one.
    """
    path = data_dir / PRICE_INDEX_FILE
    rows = read_csv_rows(path, [
        Column("price_year", "required_text"),
        Column("annual_change_pct", "number", optional=True),
        Column("series", "required_text"),
        Column("status", "status"),
        Column("source", "required_text"),
    ])
    check_unique(path, rows, lambda r: r["price_year"], "price_year")
    levels: dict[str, float] = {}
    series: dict[str, str] = {}
    previous: str | None = None
    for line, row in rows:
        year = str(row["price_year"])
        series[year] = str(row["series"])
        if not check_price_year_format(year):
            raise DataError(path, "not a financial year", line=line, column="price_year",
                            expected="a year written like 2011-12", found=year)
        change = row["annual_change_pct"]
        if previous is None:
            levels[year] = 100.0
        else:
            if year != next_price_year(previous):
                raise DataError(path, "years must be consecutive", line=line, column="price_year",
                                expected=next_price_year(previous), found=year)
            if change is None:
                raise DataError(path, "empty cell", line=line, column="annual_change_pct",
                                expected="the % change from the year before", found="")
            assert isinstance(change, float)
            if not -50 <= change <= 50:
                raise DataError(path, "out of range", line=line, column="annual_change_pct",
                                expected="a yearly change from -50 % to 50 % (written 2.1 for 2.1 %)", found=change)
            levels[year] = levels[previous] * (1 + change / 100)
        previous = year
    return PriceIndex(levels=levels, file=str(path), series=series)


@dataclass(frozen=True)
class UnitCost:
    """One row of ``unit_costs.csv``: a cost or a rate, with its price year and where it comes from.

    ``status`` is ``published``, ``derived`` (``formula`` over other rows, its parts) or
    ``assumption`` (with its ``reason``); ``price_year_status`` says whether the price year itself
    is published or assumed.
    """

    item: str
    value: float
    unit: str
    price_year: str
    price_year_status: str
    status: str
    source: str
    reason: str
    note: str
    formula: str = ""

    @property
    def is_assumption(self) -> bool:
        return self.status == "assumption"


def load_unit_costs(
    data_dir: Path = DATA_DIR, index: PriceIndex | None = None, file_name: str = UNIT_COSTS_FILE
) -> dict[str, UnitCost]:
    """Read ``unit_costs.csv`` (or another file of the same columns, ``file_name``) into records keyed
    by item; every price year must be in the index.

    A row with a formula is computed from the rows it names (its parts), which must share its price year.
    """
    index = index or load_price_index(data_dir)
    path = data_dir / file_name
    rows = read_csv_rows(path, [
        Column("item", "required_text"),
        Column("value", "nonnegative", optional=True),
        Column("unit", "required_text"),
        Column("price_year", "required_text"),
        Column("price_year_status", "status"),
        Column("status", "status"),
        Column("formula", "text"),
        Column("source", "text"),
        Column("reason", "text"),
        Column("note", "text"),
    ])
    check_unique(path, rows, lambda r: r["item"], "item")
    by_item = {str(row["item"]): (line, row) for line, row in rows}
    costs: dict[str, UnitCost] = {}

    def resolve(item: str, trail: tuple[str, ...]) -> UnitCost:
        if item in costs:
            return costs[item]
        line, row = by_item[item]
        year = str(row["price_year"])
        if year not in index.levels:
            raise PriceYearError(path, "price year not in the price index", line=line, column="price_year",
                                 expected=f"a year from {index.years[0]} to {index.latest_year}"
                                 f" (see {Path(index.file).name})", found=year)
        status = check_provenance(path, line, row)
        formula = str(row["formula"] or "")
        if formula:
            if row["value"] is not None:
                raise DataError(path, "both a value and a formula", line=line, column="value",
                                expected="an empty value cell: the value is computed from the formula",
                                found=row["value"])
            parsed = parse_formula(formula, path, line)
            parts = {}
            for name in parsed.names:
                if name not in by_item or name in trail:
                    raise DataError(path, f"the formula reads {name!r}, which no other row gives", line=line,
                                    column="formula", expected=f"names of other items of {file_name}",
                                    found=formula)
                part = resolve(name, (*trail, item))
                if item.endswith("_gbp") and part.price_year != year:
                    raise PriceYearError(path, f"part {name!r} is at {part.price_year} prices", line=line,
                                         column="formula", expected=f"parts at this row's price year, {year}",
                                         found=part.price_year)
                parts[name] = part.value
            value = float(parsed.evaluate(parts))
        elif row["value"] is None:
            raise DataError(path, "empty cell", line=line, column="value",
                            expected="a number, or a formula in the formula column", found="")
        else:
            value = float(row["value"])
        if item.endswith("_rate") and value > 1:
            raise DataError(path, "a rate is a fraction", line=line, column="value",
                            expected="a number from 0 to 1 (0.138 for 13.8 %)", found=row["value"])
        if item in PLAUSIBLE_GBP and not PLAUSIBLE_GBP[item][0] <= value <= PLAUSIBLE_GBP[item][1]:
            low, high = PLAUSIBLE_GBP[item]
            raise DataError(path, f"{item} is implausible", line=line, column="value",
                            expected=f"an amount from £{low:,.0f} to £{high:,.0f}", found=row["value"] or value)
        costs[item] = UnitCost(item=item, value=value, unit=str(row["unit"]), price_year=year,
                               price_year_status=str(row["price_year_status"]), status=status,
                               source=str(row["source"]), reason=str(row["reason"]), note=str(row["note"]),
                               formula=formula)
        return costs[item]

    for item in by_item:
        resolve(item, ())
    return costs


@dataclass(frozen=True)
class PeerWorkerCost:
    """Annual cost of employing one full-time-equivalent peer worker, by component."""

    salary_gbp: float
    employer_ni_gbp: float
    employer_pension_gbp: float
    overheads_gbp: float
    price_year: str

    @property
    def total_gbp(self) -> float:
        return self.salary_gbp + self.employer_ni_gbp + self.employer_pension_gbp + self.overheads_gbp


def contracted_out_rebate(
    salary_gbp: FloatOrArray, rebate_rate: FloatOrArray, band_lower_gbp: FloatOrArray, band_upper_gbp: FloatOrArray
) -> FloatOrArray:
    """The employer's contracted-out national insurance rebate: ``rate x`` the earnings in the band.

    Band earnings are the part of the salary above ``band_lower_gbp`` (the lower earnings limit) and not
    above ``band_upper_gbp`` (the upper accrual point): ``max(0, min(salary, upper) - lower)``. A rate of 0
    (every year after contracting out ended in April 2016) gives no rebate.
    """
    band_gbp = np.maximum(0.0, np.subtract(np.minimum(salary_gbp, band_upper_gbp), band_lower_gbp))
    rebate: FloatOrArray = rebate_rate * band_gbp
    return rebate


def peer_worker_cost_components(
    salary_gbp: FloatOrArray,
    employer_ni_rate: FloatOrArray,
    employer_ni_threshold_gbp: FloatOrArray,
    employer_pension_rate: FloatOrArray,
    overhead_rate: FloatOrArray,
    employer_ni_rebate_rate: FloatOrArray = 0.0,
    employer_ni_rebate_lower_gbp: FloatOrArray = 0.0,
    employer_ni_rebate_upper_gbp: FloatOrArray = 0.0,
) -> tuple[FloatOrArray, FloatOrArray, FloatOrArray, FloatOrArray]:
    """Salary, employer national insurance, employer pension and overheads.

    Employer national insurance is the rate on earnings above the threshold, less any contracted-out
    rebate (:func:`contracted_out_rebate`; none by default, as in every year from 2016-17).
    Overheads are a share of salary and on-costs together, the way PSSRU schemas add them.
    Works element-wise on numpy arrays, so probabilistic analysis can cost many draws at once.
    """
    employer_ni_gbp = employer_ni_rate * np.maximum(0.0, np.subtract(salary_gbp, employer_ni_threshold_gbp)) - \
        contracted_out_rebate(salary_gbp, employer_ni_rebate_rate, employer_ni_rebate_lower_gbp,
                              employer_ni_rebate_upper_gbp)
    employer_pension_gbp = employer_pension_rate * salary_gbp
    overheads_gbp = overhead_rate * (salary_gbp + employer_ni_gbp + employer_pension_gbp)
    return salary_gbp, employer_ni_gbp, employer_pension_gbp, overheads_gbp


def peer_worker_cost(
    salary_gbp: float,
    employer_ni_rate: float,
    employer_ni_threshold_gbp: float,
    employer_pension_rate: float,
    overhead_rate: float,
    price_year: str,
    employer_ni_rebate_rate: float = 0.0,
    employer_ni_rebate_lower_gbp: float = 0.0,
    employer_ni_rebate_upper_gbp: float = 0.0,
) -> PeerWorkerCost:
    """The annual cost of one FTE peer worker, by component, at one price year (national insurance net of any
    contracted-out rebate)."""
    parts = peer_worker_cost_components(salary_gbp, employer_ni_rate, employer_ni_threshold_gbp,
                                        employer_pension_rate, overhead_rate, employer_ni_rebate_rate,
                                        employer_ni_rebate_lower_gbp, employer_ni_rebate_upper_gbp)
    salary, ni, pension, overheads = (float(part) for part in parts)
    return PeerWorkerCost(salary, ni, pension, overheads, price_year)


# Bounds that refuse a typo (a bed-day of £0 or £3,340,000), not an unusual figure.
PLAUSIBLE_GBP: dict[str, tuple[float, float]] = {
    "bed_day_cost_gbp": (1.0, 20_000.0),
    "peer_worker_salary_gbp": (1_000.0, 500_000.0),
    "employer_ni_threshold_gbp": (0.0, 100_000.0),
    "employer_ni_rebate_lower_gbp": (0.0, 100_000.0),
    "employer_ni_rebate_upper_gbp": (0.0, 500_000.0),
}

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


@dataclass(frozen=True)
class CostAssumptions:
    """Every costing input of the benefit:cost ratio, at one price year.

    The defaults come from ``unit_costs.csv`` (:meth:`from_unit_costs`); a notebook parameter or a
    sensitivity analysis changes one field with :func:`dataclasses.replace`.
    """

    bed_day_cost_gbp: float
    peer_worker_salary_gbp: float
    employer_ni_rate: float
    employer_ni_threshold_gbp: float
    employer_pension_rate: float
    overhead_rate: float
    price_year: str
    employer_ni_rebate_rate: float = 0.0  # contracted-out rebate on band earnings; 0 from 2016-17
    employer_ni_rebate_lower_gbp: float = 0.0  # lower edge of the band (the lower earnings limit), £ a year
    employer_ni_rebate_upper_gbp: float = 0.0  # upper edge of the band (the upper accrual point), £ a year

    @classmethod
    def from_unit_costs(cls, unit_costs: Mapping[str, UnitCost], file: str = UNIT_COSTS_FILE) -> CostAssumptions:
        missing = [item for item in COST_ITEMS if item not in unit_costs and item not in OPTIONAL_COST_ITEMS]
        if missing:
            raise DataError(file, f"no row for item {missing[0]!r}", column="item",
                            expected=f"rows for {', '.join(COST_ITEMS)}")
        money_years = {unit_costs[i].price_year for i in ("bed_day_cost_gbp", "peer_worker_salary_gbp")}
        if len(money_years) != 1:
            raise DataError(file, "the bed-day cost and the salary are at different price years",
                            column="price_year", expected="one price year for both",
                            found=sorted(money_years))
        return cls(**{item: unit_costs[item].value for item in COST_ITEMS if item in unit_costs},
                   price_year=money_years.pop())

    def with_overrides(self, **overrides: float | None) -> CostAssumptions:
        """A copy with some fields replaced; ``None`` keeps the value from the data.

        Sums must be above 0 and rates (overheads included) from 0 to 1.
        """
        given = {name: value for name, value in overrides.items() if value is not None}
        for name, value in given.items():
            if name not in COST_ITEMS:
                raise ParameterError(f"unknown cost parameter {name!r}; expected one of {', '.join(COST_ITEMS)}")
            if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
                raise ParameterError(f"{name}: expected a number, found {value!r}")
            if name.endswith("_gbp") and value <= 0:
                raise ParameterError(f"{name}: expected an amount in £ greater than 0, found {value!r}")
            if name in PLAUSIBLE_GBP and not PLAUSIBLE_GBP[name][0] <= value <= PLAUSIBLE_GBP[name][1]:
                low, high = PLAUSIBLE_GBP[name]
                raise ParameterError(f"{name}: expected an amount from £{low:,.0f} to £{high:,.0f}, found {value!r}")
            if name.endswith("_rate") and not 0 <= value <= 1:
                raise ParameterError(f"{name}: expected a fraction from 0 to 1 (0.14 for 14 %), found {value!r}")
        return replace(self, **{name: float(value) for name, value in given.items()})  # type: ignore[arg-type]

    def components(self) -> pd.DataFrame:
        """The peer worker's annual cost by component, and the bed-day cost, for display."""
        worker = self.peer_worker
        rows = [
            ("salary", worker.salary_gbp, "peer_worker_salary_gbp"),
            (f"employer national insurance ({self.employer_ni_rate:.1%} above £{self.employer_ni_threshold_gbp:,.0f}"
             + (f", less the {self.employer_ni_rebate_rate:.1%} contracted-out rebate on earnings from "
                f"£{self.employer_ni_rebate_lower_gbp:,.0f} to £{self.employer_ni_rebate_upper_gbp:,.0f}"
                if self.employer_ni_rebate_rate else "") + ")",
             worker.employer_ni_gbp, "employer_ni_rate"),
            (f"employer pension ({self.employer_pension_rate:.1%} of salary)", worker.employer_pension_gbp,
             "employer_pension_rate"),
            (f"overheads ({self.overhead_rate:.1%} of salary and on-costs)", worker.overheads_gbp, "overhead_rate"),
            ("total: one FTE peer worker for a year", worker.total_gbp, ""),
        ]
        frame = pd.DataFrame(rows, columns=["component", "gbp_per_year", "item"])
        frame["price_year"] = self.price_year
        return frame.set_index("component")

    @property
    def peer_worker(self) -> PeerWorkerCost:
        return peer_worker_cost(self.peer_worker_salary_gbp, self.employer_ni_rate,
                                self.employer_ni_threshold_gbp, self.employer_pension_rate,
                                self.overhead_rate, self.price_year, self.employer_ni_rebate_rate,
                                self.employer_ni_rebate_lower_gbp, self.employer_ni_rebate_upper_gbp)

    @property
    def peer_worker_cost_gbp(self) -> float:
        return self.peer_worker.total_gbp

    def at_price_year(self, index: PriceIndex, price_year: str) -> CostAssumptions:
        """The same costs expressed at another price year (rates unchanged, sums re-indexed).

        This inflates the base-year costing, as is usual when reusing a unit cost; it does not
        re-cost the peer worker with a later pay scale or tax rates.
        """
        factor = index.factor(self.price_year, price_year)
        return self.reindexed(factor, factor, price_year)

    def reindexed(self, pay_factor: float, bed_day_factor: float, price_year: str) -> CostAssumptions:
        """The one place costs are rebased: the worker's pay and every £ band of its on-costs (salary, national
        insurance threshold, rebate band) times ``pay_factor``, the bed-day times ``bed_day_factor``; rates
        unchanged, so every part of the worker's cost moves with the pay factor."""
        return replace(
            self,
            bed_day_cost_gbp=self.bed_day_cost_gbp * bed_day_factor,
            peer_worker_salary_gbp=self.peer_worker_salary_gbp * pay_factor,
            employer_ni_threshold_gbp=self.employer_ni_threshold_gbp * pay_factor,
            employer_ni_rebate_lower_gbp=self.employer_ni_rebate_lower_gbp * pay_factor,
            employer_ni_rebate_upper_gbp=self.employer_ni_rebate_upper_gbp * pay_factor,
            price_year=price_year,
        )


def load_cost_assumptions(data_dir: Path = DATA_DIR, price_year: str | None = None) -> CostAssumptions:
    """The default costing from ``data/``, at its own price year or converted to ``price_year``."""
    index = load_price_index(data_dir)
    if price_year is not None and price_year not in index.levels:
        raise ParameterError(f"price_year {price_year!r} is not in {PRICE_INDEX_FILE}; "
                             f"expected a year from {index.years[0]} to {index.latest_year}")
    costs = CostAssumptions.from_unit_costs(load_unit_costs(data_dir, index),
                                            file=str(data_dir / UNIT_COSTS_FILE))
    return costs if price_year is None else costs.at_price_year(index, price_year)


# --- Cash or capacity -----------------------------------------------------------------------------

@dataclass(frozen=True)
class CashOrCapacity:
    """What bed-days saved are to a budget: cash that leaves it, and beds freed for other patients.

    A bed-day is valued at its full average cost, most of which (ward staff, buildings, overheads)
    stays when one bed empties: the bed is used by the next patient. Only a share of that value
    is cash: a day that would otherwise have been bought (an out-of-area placement), the costs of
    a ward that closes, or, on a ward that stays open, the marginal part of each day's cost.
    """

    bed_days_saved: float
    value_gbp: float  # at the full average cost of a bed-day
    cash_share: float  # of that value, released as cash
    cash_released_gbp: float
    capacity_bed_days: float  # bed-days whose value is not cash: beds the next patients use
    beds_freed: float  # capacity_bed_days as beds occupied every day of an average year


def cash_or_capacity(bed_days_saved: float, bed_day_cost_gbp: float, cash_share: float) -> CashOrCapacity:
    """Cash released ``= bed-days saved x bed-day cost x cash_share``; the rest of the bed-days is capacity.

    The one treatment of cash used by the business case and the teaching pack (its marginal cost
    share is a ``cash_share``).
    """
    if not 0 <= cash_share <= 1:
        raise ParameterError(f"cash share: expected a fraction from 0 to 1, found {cash_share!r}")
    value = bed_days_saved * bed_day_cost_gbp
    capacity = (1 - cash_share) * bed_days_saved
    return CashOrCapacity(bed_days_saved, value, cash_share, cash_share * value, capacity, capacity / DAYS_PER_YEAR)
