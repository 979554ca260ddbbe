"""Reading ``cost_indices.csv``: the NHS cost inflation index by component, chained onto ``price_index.csv``.

Rebasing uses one index; re-costing by component moves the worker's pay with the pay component and
the bed-day with pay and prices. Before a component's own series starts, it moves with the combined one.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from peerlib.config import DATA_DIR
from peerlib.inputs.errors import DataError, ParameterError
from peerlib.inputs.prices import (
    PRICE_INDEX_FILE,
    PriceIndex,
    check_price_year_format,
    load_price_index,
    next_price_year,
)
from peerlib.inputs.tables import Column, check_provenance, check_unique, read_csv_rows

COST_INDICES_FILE = "cost_indices.csv"
PAY, PRICES, PAY_AND_PRICES = "pay", "prices", "pay_and_prices"
COMPONENTS = (PAY, PRICES, PAY_AND_PRICES)


@dataclass(frozen=True)
class IndexChange:
    """One row of ``cost_indices.csv``: the % change of one component into one year, with its provenance."""

    price_year: str
    component: str
    annual_change_pct: float
    series: str
    status: str
    source: str
    reason: str
    note: str


@dataclass(frozen=True)
class ComponentIndices:
    """The NHS cost inflation index by component, each chained into levels over the years it covers.

    ``combined`` is ``price_index.csv`` (pay and prices). A component's own changes start at
    ``own_from[component]``; in earlier years it moves with the combined series (flagged wherever
    shown). The pay-and-prices series is ``price_index.csv`` itself, extended by any later years
    in ``cost_indices.csv``.
    """

    combined: PriceIndex
    indices: Mapping[str, PriceIndex]
    own_from: Mapping[str, str]
    changes: tuple[IndexChange, ...]

    def index(self, component: str) -> PriceIndex:
        if component not in self.indices:
            raise ParameterError(f"unknown cost index {component!r}; expected one of {', '.join(COMPONENTS)}")
        return self.indices[component]

    def factor(self, component: str, from_year: str, to_year: str) -> float:
        """Multiply a sum at ``from_year`` by this to move it to ``to_year`` with one component."""
        return self.index(component).factor(from_year, to_year)

    @property
    def recost_year(self) -> str:
        """The latest year of the pay component: the year a component re-costing reaches."""
        return self.index(PAY).latest_year

    def combined_only_years(self, component: str, from_year: str, to_year: str) -> list[str]:
        """The years between two price years in which ``component`` has no figure of its own."""
        years = self.index(component).years
        start, end = sorted((years.index(from_year), years.index(to_year)))
        own = years.index(self.own_from[component]) if self.own_from[component] in years else len(years)
        return [years[i] for i in range(start + 1, end + 1) if i < own]

    def coverage_text(self, component: str) -> str:
        """The years a component covers, series by series, in words, from the files themselves.

        Before a component's own series starts it moves with the combined series (named, with its years);
        after the combined series ends, the rows of ``cost_indices.csv`` extend it (an assumption says so).
        """
        self.index(component)
        combined = self.combined.coverage()
        own = [c for c in self.changes if c.component == component]
        first_own = self.own_from[component]
        spans = ([(f"{name} (the combined series)", first, last) for name, first, last in combined
                  if first < first_own or first_own not in self.combined.levels]
                 if component != PAY_AND_PRICES else list(combined))
        spans = [(n, f, min(last, _previous_year(first_own)) if component != PAY_AND_PRICES else last)
                 for n, f, last in spans]
        for change in own:
            name = change.series + (" (an assumption)" if change.status == "assumption" else "")
            if spans and spans[-1][0] == name:
                spans[-1] = (name, spans[-1][1], change.price_year)
            else:
                spans.append((name, change.price_year, change.price_year))
        return ", then ".join(f"{name} {first} to {last}" if first != last else f"{name} {first}"
                              for name, first, last in spans)

    def levels(self, base_year: str) -> pd.DataFrame:
        """Each component's level over the years all of them cover, base year = 100 (for a chart or table)."""
        common = [y for y in self.index(PAY).years if all(y in self.index(c).levels for c in COMPONENTS)]
        return pd.DataFrame({c: [100 * self.factor(c, base_year, y) for y in common] for c in COMPONENTS},
                            index=pd.Index(common, name="price_year"))

    def table(self) -> pd.DataFrame:
        """Every row of ``cost_indices.csv`` with its provenance."""
        return pd.DataFrame([vars(c) for c in self.changes])


def load_component_indices(data_dir: Path = DATA_DIR) -> ComponentIndices:
    """Read ``cost_indices.csv`` and chain each component onto ``price_index.csv``.

    A pay or prices series must run over consecutive years and start in a year that follows a year of
    ``price_index.csv``; a pay-and-prices row must extend ``price_index.csv`` beyond its last year.
    """
    combined = load_price_index(data_dir)
    path = data_dir / COST_INDICES_FILE
    rows = read_csv_rows(path, [
        Column("price_year", "required_text"),
        Column("index", "required_text"),
        Column("annual_change_pct", "number"),
        Column("series", "required_text"),
        Column("status", "status"),
        Column("source", "text"),
        Column("reason", "text"),
        Column("note", "text"),
    ])
    check_unique(path, rows, lambda r: (r["index"], r["price_year"]), "price_year")
    changes: list[IndexChange] = []
    by_component: dict[str, list[tuple[int, IndexChange]]] = {c: [] for c in COMPONENTS}
    for line, row in rows:
        year, component = str(row["price_year"]), str(row["index"])
        if component not in COMPONENTS:
            raise DataError(path, "unknown index", line=line, column="index",
                            expected=f"one of {', '.join(COMPONENTS)}", found=component)
        if not check_price_year_format(year):
            raise DataError(path, "not a financial year", line=line, column="price_year",
                            expected="a year written like 2011-12", found=year)
        change = float(row["annual_change_pct"])  # type: ignore[arg-type]
        if not -50 <= change <= 50:
            raise DataError(path, "out of range", line=line, column="annual_change_pct",
                            expected="a yearly change from -50 % to 50 % (written 2.1 for 2.1 %)", found=change)
        status = check_provenance(path, line, row)
        item = IndexChange(year, component, change, str(row["series"]), status, str(row["source"]),
                           str(row["reason"]), str(row["note"]))
        changes.append(item)
        by_component[component].append((line, item))

    indices: dict[str, PriceIndex] = {}
    own_from: dict[str, str] = {}
    files = f"{PRICE_INDEX_FILE} and {COST_INDICES_FILE}"
    for component, items in by_component.items():
        levels = dict(combined.levels)
        if component == PAY_AND_PRICES:
            previous = combined.latest_year
            for line, item in items:
                if item.price_year in combined.levels:
                    raise DataError(path, f"{item.price_year} is already in {PRICE_INDEX_FILE}", line=line,
                                    column="price_year", expected=f"a pay and prices year after {combined.latest_year}"
                                    f" (earlier years are in {PRICE_INDEX_FILE})", found=item.price_year)
                previous = _chain(path, line, levels, previous, item)
            own_from[component] = combined.years[0]
        else:
            if not items:
                raise DataError(path, f"no rows for the {component} index", column="index",
                                expected=f"the yearly % changes of the {component} component")
            first_line, first = items[0]
            before = _previous_year(first.price_year)
            if before not in combined.levels:
                raise DataError(path, f"the {component} series must start just after a year of {PRICE_INDEX_FILE}",
                                line=first_line, column="price_year",
                                expected=f"a year from {next_price_year(combined.years[0])} to "
                                         f"{next_price_year(combined.latest_year)}", found=first.price_year)
            levels = {y: v for y, v in combined.levels.items() if y <= before}
            previous = before
            for line, item in items:
                previous = _chain(path, line, levels, previous, item)
            own_from[component] = first.price_year
        indices[component] = PriceIndex(levels=levels, file=files)
    return ComponentIndices(combined, indices, own_from, tuple(changes))


def _previous_year(year: str) -> str:
    start = int(year[:4]) - 1
    return f"{start}-{(start + 1) % 100:02d}"


def _chain(path: Path, line: int, levels: dict[str, float], previous: str, item: IndexChange) -> str:
    if item.price_year != next_price_year(previous):
        raise DataError(path, "years must be consecutive", line=line, column="price_year",
                        expected=next_price_year(previous), found=item.price_year)
    levels[item.price_year] = levels[previous] * (1 + item.annual_change_pct / 100)
    return item.price_year
