"""The shared shape of ``data/``: one sourced figure per row, and the one table of plausible values.

Several files hold rows of ``item, value, unit, [price_year, price_year_status,] status, [formula,]
source, reason[, note]``. :func:`read_figures` reads any of them into :class:`SourcedFigure` records
that keep where each figure stands (file and line); :data:`PLAUSIBLE` is the one set of bounds every
loader, and the business case's parameters, check a figure against.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from peerlib.config import DRAWS_MAXIMUM, DRAWS_MINIMUM
from peerlib.formatting import gbp_whole
from peerlib.inputs.errors import DataError, ParameterError
from peerlib.inputs.tables import Column, Row, check_number, check_provenance, check_unique, read_csv_rows


@dataclass(frozen=True)
class SourcedFigure:
    """One row of a file of sourced figures: its value, unit and provenance, and where it stands."""

    item: str
    value: float
    unit: str
    price_year: str  # "" for a figure that is not money, or a file without price years
    price_year_status: str  # "" where the price year is not stated
    status: str
    source: str
    reason: str
    note: str = ""
    formula: str = ""
    file: str = ""
    line: int | None = None

    @property
    def is_assumption(self) -> bool:
        return self.status == "assumption"


@dataclass(frozen=True)
class Plausible:
    """Bounds that refuse a typo (a bed-day of £0 or £3,340,000), not an unusual figure."""

    low: float
    high: float
    unit: str = ""  # for a figure that is not money: its unit, as the file must write it
    whole: bool = False
    open_low: bool = False  # low itself is refused (a caseload of 0)
    fraction: bool = False  # a rate or share, written 0.5 for 50 %
    why: str = ""  # why the bounds are where they are, where a reader would not guess it

    def expected(self, item: str) -> str:
        if item.endswith("_gbp"):
            return f"an amount from {gbp_whole(self.low)} to {gbp_whole(self.high)}"
        if self.fraction:
            return f"a fraction from {self.low:g} to {self.high:g} (0.5 for 50 %)"
        number = "a whole number" if self.whole else "a number"
        span = (f"greater than {self.low:,.10g} and at most {self.high:,.10g}" if self.open_low
                else f"from {self.low:,.10g} to {self.high:,.10g}")
        notes = "; ".join(note for note in (self.unit, self.why) if note)
        return f"{number} {span}" + (f" ({notes})" if notes else "")

    def admits(self, value: float) -> bool:
        above = self.low < value if self.open_low else self.low <= value
        return above and value <= self.high and (not self.whole or value == int(value))


# The one table of plausible values, by item (with the unit a file must write for it, where it is not money).
# An item not named here is bounded by its suffix (below).
PLAUSIBLE: dict[str, Plausible] = {
    "caseload": Plausible(0.0, 1_000.0, "patients per FTE at a time", open_low=True),
    "caseload_group": Plausible(0.0, 1_000.0, "patients per FTE at a time", open_low=True),
    "fte_hours_per_year": Plausible(0.0, 8_766.0, "hours per FTE-year", open_low=True),  # every hour of a year
    "bed_day_cost_gbp": Plausible(1.0, 20_000.0),
    "peer_worker_salary_gbp": Plausible(1_000.0, 500_000.0),
    "employer_ni_threshold_gbp": Plausible(0.0, 100_000.0),
    "employer_ni_rebate_lower_gbp": Plausible(0.0, 100_000.0),
    "employer_ni_rebate_upper_gbp": Plausible(0.0, 500_000.0),
    "peer_worker_headcount": Plausible(1.0, 1_000_000.0, "people"),
    "peer_worker_headcount_target": Plausible(1.0, 1_000_000.0, "people"),
    "fte_per_head": Plausible(0.01, 1.0, "fraction of an FTE", fraction=True),
    "horizon_years": Plausible(1.0, 100.0, "years", whole=True),
    "discount_rate": Plausible(0.0, 0.2, "fraction a year"),
    "visits_per_year": Plausible(0.0, 1_000_000.0, open_low=True),
    "inpatient_days_per_visit": Plausible(0.0, 365.0, open_low=True),  # a visit replaces at most a year in hospital
    # Values only a user sets (a notebook parameter, a command-line option), held here so both meet one check.
    "n_draws": Plausible(DRAWS_MINIMUM, DRAWS_MAXIMUM, "draws", whole=True,
                         why=f"fewer put fewer than {DRAWS_MINIMUM * 0.025:.0f} draws beyond each end of a 95 % "
                             "interval"),
    # numpy takes any whole number of 0 or more; the top refuses a typo and keeps a seed one that every numpy
    # generator takes (RandomState's too: below 2**32).
    "seed": Plausible(0, 2**32 - 1, whole=True),
    "n_fte": Plausible(0.0, 1_000.0, "FTE", open_low=True),  # far above any one service: a guard against typos
    "support_months": Plausible(0.0, 240.0, "months", open_low=True),  # as a study's months of support in data/
}
# Any other figure, by the suffix of its name: a sum of money, a rate, a share.
BY_SUFFIX: dict[str, Plausible] = {
    "_gbp": Plausible(1.0, 1_000_000.0),
    "_rate": Plausible(0.0, 1.0, fraction=True),
    "_share": Plausible(0.0, 1.0, fraction=True),
}


def plausible(item: str) -> Plausible | None:
    """The bounds a figure named ``item`` must lie in: its own, or those of its kind (by suffix), or none."""
    if item in PLAUSIBLE:
        return PLAUSIBLE[item]
    return next((bounds for suffix, bounds in BY_SUFFIX.items() if item.endswith(suffix)), None)


def check_plausible(path: Path | str, line: int | None, item: str, value: float, found: object) -> float:
    """``value`` if it is plausible for ``item``, else a DataError naming the cell of column 'value' and the bounds
    that apply: the item's own, or 0 or more for a figure without any (the column is read as any number, so a
    negative bed-day cost is refused with its plausible range, not a generic one)."""
    bounds = plausible(item)
    if bounds is None:
        check_number(path, line, "value", "nonnegative", value, found)
    elif not bounds.admits(value):
        raise DataError(path, f"{item} is implausible", line=line, column="value",
                        expected=bounds.expected(item), found=found)
    return value


def parameter_problem(name: str, value: object, bounds: Plausible | None = None) -> str:
    """What is wrong with a value a user set for ``name`` ("expected ..., found ..."), or "" if nothing is: a finite
    number within ``bounds``, by default those the data's own figure of that name is held to (:data:`PLAUSIBLE`).

    The one check of a user's value: notebook parameters (:func:`check_parameter`) and the command line's options
    (``peerlib.apps.cli``) both use it, so a value is refused in the same words wherever it is given."""
    bounds = bounds if bounds is not None else plausible(name)
    number = value if isinstance(value, (int, float)) and not isinstance(value, bool) else math.nan
    if math.isfinite(number) and (bounds is None or bounds.admits(number)):
        return ""
    expected = bounds.expected(name) if bounds is not None else "a number"
    return f"expected {expected}, found {value!r}"


def choice_problem(value: object, choices: Sequence[object], note: str = "") -> str:
    """What is wrong with a value a user chose (a study, a pay point, a weighting, a price year), or "" if it is one of
    ``choices``: "expected one of entry, top, found 'middle'" (an empty choice shown as ''). Notebook parameters,
    the command line's options and the explorer's menus refuse a choice in these words."""
    if not isinstance(value, bool) and value in choices:
        return ""
    offered = ", ".join("''" if choice == "" else str(choice) for choice in choices)
    return f"expected one of {offered}{f' ({note})' if note else ''}, found {value!r}"


def check_choice(name: str, value: Choice, choices: Sequence[Choice], where: str = "", note: str = "") -> Choice:
    """``value`` if it is one of ``choices``, else a ParameterError naming the parameter (and ``where`` it was given,
    e.g. "option --pay-point") in the words of :func:`choice_problem`."""
    problem = choice_problem(value, choices, note)
    if problem:
        raise ParameterError(f"{name}{f' ({where})' if where else ''}: {problem}")
    return value


def check_parameter(name: str, value: object, where: str = "", bounds: Plausible | None = None) -> float:
    """A parameter a user set (a notebook parameter, an override), as a number, or a ParameterError naming it (and
    ``where`` it was given, e.g. "option --n-fte"), what was expected and what was found (:func:`parameter_problem`)."""
    problem = parameter_problem(name, value, bounds)
    if problem:
        raise ParameterError(f"{name}{f' ({where})' if where else ''}: {problem}")
    return float(value)  # type: ignore[arg-type]


def check_unit(path: Path | str, line: int, item: str, row: Row) -> None:
    """Raise DataError unless the row writes the unit :data:`PLAUSIBLE` gives its item."""
    unit = PLAUSIBLE[item].unit
    if row["unit"] != unit:
        raise DataError(path, f"wrong unit for {item}", line=line, column="unit", expected=unit, found=row["unit"])


FIGURE_COLUMNS: dict[str, Column] = {
    "item": Column("item", "required_text"),
    "value": Column("value", "number"),  # bounded by item: check_plausible
    "unit": Column("unit", "required_text"),
    "price_year": Column("price_year", "text"),
    "price_year_status": Column("price_year_status", "text"),
    "status": Column("status", "status"),
    "formula": Column("formula", "text"),
    "source": Column("source", "text"),
    "reason": Column("reason", "text"),
    "note": Column("note", "text"),
}
ValueOf = Callable[[int, Row], float]
Choice = TypeVar("Choice")


def figure_columns(names: Sequence[str], *overrides: Column) -> list[Column]:
    """The specifications of a file's columns of the shared shape, some replaced (a value that may be blank)."""
    specs = {**FIGURE_COLUMNS, **{c.name: c for c in overrides}}
    return [specs[name] for name in names]


def read_figures(
    path: Path, columns: Sequence[str], *, overrides: Sequence[Column] = (), value_of: ValueOf | None = None,
    check_row: Callable[[int, Row], None] | None = None, known_items: Sequence[str] = (),
) -> dict[str, SourcedFigure]:
    """Read a file of sourced figures, keyed by item, in file order.

    ``columns`` names the file's columns of :data:`FIGURE_COLUMNS`; ``overrides`` replaces some of their
    specifications (a value that may be negative or blank). Each row's provenance is checked, then
    ``check_row`` (a file's own rules), then its value (``value_of``, for a value computed from other rows)
    against :data:`PLAUSIBLE`. With ``known_items``, any other item is refused.
    """
    rows = read_csv_rows(path, figure_columns(columns, *overrides))
    check_unique(path, rows, lambda r: r["item"], "item")
    figures: dict[str, SourcedFigure] = {}
    for line, row in rows:
        status = check_provenance(path, line, row)
        if known_items and row["item"] not in known_items:
            raise DataError(path, "unknown item", line=line, column="item",
                            expected=f"one of {', '.join(known_items)}", found=row["item"])
        if check_row is not None:
            check_row(line, row)
        item = str(row["item"])
        value = value_of(line, row) if value_of is not None else float(row["value"])  # type: ignore[arg-type]
        check_plausible(path, line, item, value, row["value"] if row["value"] is not None else value)
        figures[item] = SourcedFigure(
            item=item, value=value, unit=str(row["unit"]), price_year=str(row.get("price_year") or ""),
            price_year_status=str(row.get("price_year_status") or ""), status=status, source=str(row["source"]),
            reason=str(row["reason"]), note=str(row.get("note") or ""), formula=str(row.get("formula") or ""),
            file=str(path), line=line)
    return figures


def require_items(path: Path | str, figures: dict[str, SourcedFigure], items: Sequence[str]) -> None:
    """Raise DataError naming the first of ``items`` that no row gives."""
    for item in items:
        if item not in figures:
            raise DataError(path, f"no row for item {item!r}", column="item",
                            expected=f"rows for {', '.join(items)}", found="no such row")
