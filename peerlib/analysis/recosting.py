"""Today's costs: re-costing each side of the ratio with its own evidence, beside rebasing.

``../shared/DESIGN.md`` §1.4 keeps two operations apart:

* **rebasing** re-expresses every £ with one index (``data/price_index.csv``). The bed-day cost and
  the worker's cost are multiplied by the same factor, so no ratio can change;
* **re-costing** prices each side with its own evidence, which can change every ratio. Two ways:

  - *by component index* (:func:`by_components`): the worker's pay and on-costs move with the pay
    component of the NHS cost inflation index (NHSCII), the bed-day with its pay-and-prices index,
    both from ``data/cost_indices.csv``. Before 2015-16 only the combined HCHS pay and prices series
    is published, so both sides move with it in those years (and those years move no ratio). Every
    ratio changes by exactly ``pay-and-prices factor / pay factor``;
  - *from current unit costs* (:class:`CurrentCosts`): today's Agenda for Change pay point, national
    insurance rate and threshold, NHS Pension employer rate and a recent bed-day cost, each sourced
    in ``data/current_costs.csv``.

The 2011-12 costing (``data/unit_costs.csv``) is kept as it is; :func:`recost` puts the four side by
side, and :func:`rows` gives their lines of ``reports/results.csv``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

import pandas as pd

from peerlib.config import DATA_DIR
from peerlib.core.costs import CostAssumptions, load_cost_assumptions
from peerlib.core.model import BaseCase, Model
from peerlib.inputs.errors import DataError, ParameterError
from peerlib.inputs.prices import (
    PRICE_INDEX_FILE,
    PriceIndex,
    check_price_year_format,
    load_price_index,
    next_price_year,
)
from peerlib.inputs.sourced import SourcedFigure
from peerlib.inputs.studies import load_studies
from peerlib.inputs.tables import Column, check_provenance, check_unique, read_csv_rows
from peerlib.inputs.unit_costs import load_unit_costs

COST_INDICES_FILE = "cost_indices.csv"
CURRENT_COSTS_FILE = "current_costs.csv"
PAY, PRICES, PAY_AND_PRICES = "pay", "prices", "pay_and_prices"
COMPONENTS = (PAY, PRICES, PAY_AND_PRICES)
PAY_BANDS = (3, 4)
PAY_POINTS = ("entry", "top")
PENSION_BASES = {
    "economic": "the whole employer contribution, whoever pays it (the cost to the public purse)",
    "trust": "the share a trust pays from its own budget (the rest is paid centrally)",
}
BED_DAY_ITEMS = ("bed_day_cost_gbp", "alt_bed_day_cost_gbp")


# --- Component indices ----------------------------------------------------------------------------

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


# --- Re-costing -----------------------------------------------------------------------------------

def rebased(costs: CostAssumptions, combined: PriceIndex, to_year: str) -> CostAssumptions:
    """Every £ moved to ``to_year`` with one index: no ratio can change."""
    return costs.at_price_year(combined, to_year)


def by_components(costs: CostAssumptions, indices: ComponentIndices, to_year: str) -> CostAssumptions:
    """The worker's pay and on-costs moved with the pay index, the bed-day with the pay and prices index.

    The salary, the national insurance threshold and any rebate band move by the same pay factor, so every part of the
    worker's cost (national insurance, pension, overheads) moves with it: every ratio changes by
    exactly ``pay-and-prices factor / pay factor``.
    """
    pay = indices.factor(PAY, costs.price_year, to_year)
    bed = indices.factor(PAY_AND_PRICES, costs.price_year, to_year)
    return costs.reindexed(pay, bed, to_year)


@dataclass(frozen=True)
class CurrentCosts:
    """The rows of ``current_costs.csv``: today's pay points, on-costs and bed-day cost, with their sources.

    ``price_year`` is the year of the pay scale (the salary row); a bed-day cost of another year is
    brought to it with the pay and prices index.
    """

    rows: Mapping[str, SourcedFigure]
    indices: ComponentIndices
    file: str = CURRENT_COSTS_FILE

    @property
    def price_year(self) -> str:
        return self.rows["peer_worker_salary_gbp"].price_year

    def bed_day_cost_gbp(self, item: str = "bed_day_cost_gbp") -> float:
        """A bed-day cost of ``current_costs.csv`` at the costing's price year."""
        if item not in BED_DAY_ITEMS:
            raise ParameterError(f"bed-day cost {item!r}: expected one of {', '.join(BED_DAY_ITEMS)}")
        row = self.rows[item]
        return row.value * self.indices.factor(PAY_AND_PRICES, row.price_year, self.price_year)

    def salary_gbp(self, band: int | None = None, point: str | None = None) -> float:
        """The annual salary at an Agenda for Change band (3 or 4) and point (entry or top).

        With neither given, the salary row's own choice."""
        if band is None and point is None:
            return self.rows["peer_worker_salary_gbp"].value
        return self.rows[pay_point_item(band or 3, point or "top")].value

    def pension_rate(self, basis: str = "economic") -> float:
        """The employer pension rate on the chosen basis: economic (the whole contribution) or trust (its budget)."""
        if basis not in PENSION_BASES:
            raise ParameterError(f"pension_basis: expected one of {', '.join(PENSION_BASES)}, found {basis!r}")
        if basis == "trust":
            return self.rows["part_pension_rate_trust_pays"].value
        return self.rows["employer_pension_rate"].value

    def costs(
        self, *, band: int | None = None, point: str | None = None, pension_basis: str = "economic",
        bed_day_item: str = "bed_day_cost_gbp",
    ) -> CostAssumptions:
        """Every costing input at the costing's price year."""
        return CostAssumptions(
            bed_day_cost_gbp=self.bed_day_cost_gbp(bed_day_item),
            peer_worker_salary_gbp=self.salary_gbp(band, point),
            employer_ni_rate=self.rows["employer_ni_rate"].value,
            employer_ni_threshold_gbp=self.rows["employer_ni_threshold_gbp"].value,
            employer_pension_rate=self.pension_rate(pension_basis),
            overhead_rate=self.rows["overhead_rate"].value,
            price_year=self.price_year,
        )

    def table(self) -> pd.DataFrame:
        """Every row with its value, price year, status and source, for a report."""
        columns = ["value", "unit", "price_year", "price_year_status", "status", "formula", "source", "reason", "note"]
        return pd.DataFrame([vars(r) for r in self.rows.values()]).set_index("item")[columns]


REQUIRED_CURRENT_ITEMS = (
    "bed_day_cost_gbp", "alt_bed_day_cost_gbp", "peer_worker_salary_gbp", "employer_ni_rate",
    "employer_ni_threshold_gbp", "part_pension_rate_trust_pays", "employer_pension_rate", "overhead_rate",
    *(f"afc_band{band}_{point}_gbp" for band in PAY_BANDS for point in PAY_POINTS),
)


def pay_point_item(band: int, point: str) -> str:
    """The row of ``current_costs.csv`` holding a band's pay point; a band or point outside the table is refused."""
    if isinstance(band, bool) or band not in PAY_BANDS:
        raise ParameterError(f"pay_band: expected one of {', '.join(map(str, PAY_BANDS))} (Agenda for Change bands "
                             f"of peer support worker posts), found {band!r}")
    if point not in PAY_POINTS:
        raise ParameterError(f"pay_point: expected one of {', '.join(PAY_POINTS)} (the band's first point, or its "
                             f"top, reached after two years in band 3 and three in band 4), found {point!r}")
    return f"afc_band{band}_{point}_gbp"


def load_current_costs(data_dir: Path = DATA_DIR, indices: ComponentIndices | None = None) -> CurrentCosts:
    """Read ``current_costs.csv``; every price year must be one the pay and prices index covers."""
    indices = indices or load_component_indices(data_dir)
    path = data_dir / CURRENT_COSTS_FILE
    rows = load_unit_costs(data_dir, indices.index(PAY_AND_PRICES), file_name=CURRENT_COSTS_FILE)
    missing = [item for item in REQUIRED_CURRENT_ITEMS if item not in rows]
    if missing:
        raise DataError(path, f"no row for item {missing[0]!r}", column="item",
                        expected=f"rows for {', '.join(REQUIRED_CURRENT_ITEMS)}")
    money_year = rows["peer_worker_salary_gbp"].price_year
    threshold = rows["employer_ni_threshold_gbp"]
    if threshold.price_year != money_year:
        raise DataError(path, "the national insurance threshold and the salary are at different price years",
                        column="price_year", expected=f"{money_year}, the salary's", found=threshold.price_year)
    return CurrentCosts(rows, indices, str(path))


# --- The four costings side by side ---------------------------------------------------------------

@dataclass(frozen=True)
class Recosting:
    """The 2011-12 analysis, rebased, re-costed by component index and from current unit costs.

    ``models`` and ``every`` hold one model per costing: ``models`` over the pooled studies (for the
    pooled ratios), ``every`` over every study in ``data/`` (for each study's ratio).
    """

    costings: Mapping[str, CostAssumptions]
    models: Mapping[str, Model]
    every: Mapping[str, Model]
    indices: ComponentIndices
    current: CurrentCosts
    base_cases: dict[str, BaseCase] = field(default_factory=dict)
    every_cases: dict[str, BaseCase] = field(default_factory=dict)

    def base_case(self, costing: str, every_study: bool = False) -> BaseCase:
        cache, models = (self.every_cases, self.every) if every_study else (self.base_cases, self.models)
        if costing not in models:
            raise ParameterError(f"unknown costing {costing!r}; expected one of {', '.join(models)}")
        if costing not in cache:
            cache[costing] = models[costing].base_case()
        return cache[costing]

    def factors(self, costing: str) -> tuple[float, float]:
        """How much the bed-day cost and the worker's cost moved from the 2011-12 costing."""
        base, other = self.costings["base"], self.costings[costing]
        return (other.bed_day_cost_gbp / base.bed_day_cost_gbp,
                other.peer_worker_cost_gbp / base.peer_worker_cost_gbp)

    def ratio_factor(self, costing: str) -> float:
        """The factor every ratio moves by: bed-day factor / worker factor."""
        bed, worker = self.factors(costing)
        return bed / worker

    def costs_table(self) -> pd.DataFrame:
        """Each costing's inputs and its cost of a worker, one column per costing."""
        rows = {}
        for name, c in self.costings.items():
            worker = c.peer_worker
            rows[name] = {
                "price year": c.price_year, "bed-day cost (£)": c.bed_day_cost_gbp,
                "salary (£ a year)": c.peer_worker_salary_gbp,
                "employer national insurance rate": c.employer_ni_rate,
                "national insurance threshold (£ a year)": c.employer_ni_threshold_gbp,
                "employer pension rate": c.employer_pension_rate, "overheads": c.overhead_rate,
                "employer national insurance (£ a year)": worker.employer_ni_gbp,
                "employer pension (£ a year)": worker.employer_pension_gbp,
                "cost of a worker (£ a year)": worker.total_gbp,
                "bed-days that pay for a worker": worker.total_gbp / c.bed_day_cost_gbp,
            }
        return pd.DataFrame(rows)

    def ratios(self) -> pd.DataFrame:
        """Every study's ratio and every pooled ratio under each costing (identifiers as columns)."""
        out: dict[str, dict[str, float]] = {}
        for name in self.costings:
            every, pooled = self.base_case(name, every_study=True), self.base_case(name)
            column = {r.study_id: r.benefit_cost_ratio for r in every.studies}
            column.update({p.outcome_id: p.benefit_cost_ratio for p in pooled.pooled})
            out[name] = column
        return pd.DataFrame(out)


def recost(
    data_dir: Path = DATA_DIR, *, band: int | None = None, point: str | None = None, pension_basis: str = "economic",
    bed_day_item: str = "bed_day_cost_gbp", caseload: float | None = None,
    caseload_origin: str = "parameter caseload",
) -> Recosting:
    """The four costings of the analysis side by side, from ``data/``.

    The rebased and component costings reach :attr:`ComponentIndices.recost_year` (the latest year of
    the pay index); the current costing is at the price year of ``current_costs.csv``. ``band``,
    ``point``, ``pension_basis`` and ``bed_day_item`` choose among the current unit costs.
    """
    indices = load_component_indices(data_dir)
    current = load_current_costs(data_dir, indices)
    base = load_cost_assumptions(data_dir)
    costings = {
        "base": base,
        "rebased": rebased(base, indices.combined, indices.recost_year),
        "components": by_components(base, indices, indices.recost_year),
        "current": current.costs(band=band, point=point, pension_basis=pension_basis, bed_day_item=bed_day_item),
    }
    six = Model.from_data(data_dir, caseload=caseload, caseload_origin=caseload_origin)
    all_ids = [s.study_id for s in load_studies(data_dir, included_only=False)]
    every = Model.from_data(data_dir, study_ids=all_ids, caseload=caseload, caseload_origin=caseload_origin)
    return Recosting(costings, {k: replace(six, costs=v) for k, v in costings.items()},
                     {k: replace(every, costs=v) for k, v in costings.items()}, indices, current)


# The choices a reader may make among today's unit costs, shown beside the current re-costing.
CURRENT_VARIANTS: dict[str, dict[str, object]] = {
    "as in data/current_costs.csv": {},
    "the second bed-day figure (alt_bed_day_cost_gbp)": {"bed_day_item": "alt_bed_day_cost_gbp"},
    "employer pension: the trust's own share only": {"pension_basis": "trust"},
    "band 3, entry point": {"band": 3, "point": "entry"},
    "band 4, top point": {"band": 4, "point": "top"},
}


def current_variants(recosting: Recosting, outcome: str = "pooled_sample_size") -> pd.DataFrame:
    """The current re-costing under each choice of :data:`CURRENT_VARIANTS`: how much it rests on each figure.

    Columns: the bed-day cost, the cost of a worker, the factor every ratio moves by from 2011-12, and the
    ratio ``outcome`` (a pooled id or a study id) with its break-even caseload.
    """
    base = recosting.base_case("base")
    rows = []
    for name, choice in CURRENT_VARIANTS.items():
        costs = recosting.current.costs(**choice)  # type: ignore[arg-type]
        model = replace(recosting.models["base"], costs=costs)
        case = model.base_case()
        result = next((p for p in case.pooled if p.outcome_id == outcome), None)
        ratio = result.benefit_cost_ratio if result else case.study(outcome).benefit_cost_ratio
        break_even = result.break_even_caseload if result else case.study(outcome).break_even_caseload
        factor = (costs.bed_day_cost_gbp / base.model.costs.bed_day_cost_gbp) / (
            costs.peer_worker_cost_gbp / base.model.costs.peer_worker_cost_gbp)
        rows.append({"choice": name, "bed_day_cost_gbp": costs.bed_day_cost_gbp,
                     "peer_worker_cost_gbp": costs.peer_worker_cost_gbp, "ratio_factor": factor,
                     "benefit_cost_ratio": ratio, "break_even_caseload": break_even})
    return pd.DataFrame(rows).set_index("choice")
