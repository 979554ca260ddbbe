"""The price index of ``data/price_index.csv``: financial years, chained into levels, and the factor between two years.

Money always travels with its price year (financial years written ``"2011-12"``); a sum moves from
one year to another only through this index.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from peerlib.config import DATA_DIR
from peerlib.inputs.errors import DataError, PriceYearError
from peerlib.inputs.tables import Column, check_unique, read_csv_rows

PRICE_INDEX_FILE = "price_index.csv"
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
