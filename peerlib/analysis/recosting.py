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
from peerlib.inputs.cost_indices import PAY, PAY_AND_PRICES, ComponentIndices, load_component_indices
from peerlib.inputs.errors import ParameterError
from peerlib.inputs.prices import PriceIndex
from peerlib.inputs.sourced import SourcedFigure, check_choice
from peerlib.inputs.studies import load_studies
from peerlib.inputs.unit_costs import (
    CURRENT_COSTS_FILE,
    PAY_BANDS,
    PAY_POINTS,
    load_current_cost_figures,
)

PENSION_BASES = {
    "economic": "the whole employer contribution, whoever pays it (the cost to the public purse)",
    "trust": "the share a trust pays from its own budget (the rest is paid centrally)",
}
BED_DAY_ITEMS = ("bed_day_cost_gbp", "alt_bed_day_cost_gbp")
# Today's statutory rates are published for the year, so a probabilistic analysis at today's costs holds them fixed.
STATUTORY_ITEMS = ("employer_ni_rate", "employer_ni_threshold_gbp", "employer_pension_rate")


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
        return self.rows[pay_point_item(band or DEFAULT_PAY_BAND, point or DEFAULT_PAY_POINT)].value

    def pension_rate(self, basis: str = "economic") -> float:
        """The employer pension rate on the chosen basis: economic (the whole contribution) or trust (its budget)."""
        check_choice("pension_basis", basis, list(PENSION_BASES))
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


DEFAULT_PAY_BAND, DEFAULT_PAY_POINT = 3, "top"  # the pay of a peer support worker where none is chosen
PAY_BAND_NOTE = "Agenda for Change bands of peer support worker posts"
PAY_POINT_NOTE = "the band's first point, or its top, reached after two years in band 3 and three in band 4"


def pay_point_item(band: int, point: str) -> str:
    """The row of ``current_costs.csv`` holding a band's pay point; a band or point outside the table is refused."""
    check_choice("pay_band", band, PAY_BANDS, note=PAY_BAND_NOTE)
    check_choice("pay_point", point, PAY_POINTS, note=PAY_POINT_NOTE)
    return f"afc_band{band}_{point}_gbp"


def load_current_costs(data_dir: Path = DATA_DIR, indices: ComponentIndices | None = None) -> CurrentCosts:
    """``current_costs.csv`` at the costing's price year; every price year must be one the pay and prices index
    covers."""
    indices = indices or load_component_indices(data_dir)
    rows = load_current_cost_figures(data_dir, indices.index(PAY_AND_PRICES))
    return CurrentCosts(rows, indices, str(data_dir / CURRENT_COSTS_FILE))


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
    pay_band: int = DEFAULT_PAY_BAND  # of the current costing
    pay_point: str = DEFAULT_PAY_POINT

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
        """Each costing's inputs and its cost of a worker, one column per costing, one row per figure (named as
        the vocabulary names it)."""
        rows = {}
        for name, c in self.costings.items():
            worker = c.peer_worker
            rows[name] = {
                "price_year": c.price_year, "bed_day_cost_gbp": c.bed_day_cost_gbp,
                "peer_worker_salary_gbp": c.peer_worker_salary_gbp, "employer_ni_rate": c.employer_ni_rate,
                "employer_ni_threshold_gbp": c.employer_ni_threshold_gbp,
                "employer_pension_rate": c.employer_pension_rate, "overhead_rate": c.overhead_rate,
                "employer_ni_gbp": worker.employer_ni_gbp, "employer_pension_gbp": worker.employer_pension_gbp,
                "overheads_gbp": worker.overheads_gbp, "peer_worker_cost_gbp": worker.total_gbp,
                "break_even_bed_days_per_fte_year": worker.total_gbp / c.bed_day_cost_gbp,
            }
        return pd.DataFrame(rows)

    def summary(self, outcome: str = "pooled_sample_size") -> pd.DataFrame:
        """One row per costing: its price year, bed-day cost and cost of a worker, the factor every ratio moves by
        from the 2011-12 costing, and the ratio ``outcome`` (a pooled id or a study id)."""
        ratios = self.ratios()
        return pd.DataFrame([{"costing": name, "price_year": c.price_year, "bed_day_cost_gbp": c.bed_day_cost_gbp,
                              "peer_worker_cost_gbp": c.peer_worker_cost_gbp, "ratio_factor": self.ratio_factor(name),
                              "benefit_cost_ratio": ratios.loc[outcome, name]} for name, c in self.costings.items()]
                            ).set_index("costing")

    def describe(self, outcome: str = "pooled_sample_size") -> str:
        """The ratio ``outcome`` under each costing, and the factor each re-costing moves every ratio by."""
        table = self.summary(outcome)
        base, components, current = (table.loc[k] for k in ("base", "components", "current"))
        return (f"The ratio {outcome} is {base.benefit_cost_ratio:.2f} : 1 at {base.price_year} costs, and the same "
                f"rebased to {table.loc['rebased', 'price_year']}. Re-costed by component index it is "
                f"{components.benefit_cost_ratio:.2f} : 1 (every ratio x {components.ratio_factor:.3f}); from "
                f"{current.price_year} unit costs {current.benefit_cost_ratio:.2f} : 1 "
                f"(x {current.ratio_factor:.3f}).")

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
                     {k: replace(every, costs=v) for k, v in costings.items()}, indices, current,
                     pay_band=band or DEFAULT_PAY_BAND, pay_point=point or DEFAULT_PAY_POINT)


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
