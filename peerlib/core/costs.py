"""Unit costs, the cost of employing a peer worker, and conversion between price years.

Money always travels with its price year (financial years written ``"2011-12"``). Nothing here
adds or compares sums from different price years: :meth:`PriceIndex.convert` moves a sum from
one year to another through a chained index read from ``data/price_index.csv``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
import numpy.typing as npt
import pandas as pd

from peerlib.config import DATA_DIR, DAYS_PER_YEAR
from peerlib.formatting import gbp_whole, percent_text
from peerlib.inputs.errors import DataError, ParameterError
from peerlib.inputs.prices import PRICE_INDEX_FILE, PriceIndex, load_price_index
from peerlib.inputs.sourced import SourcedFigure, check_parameter
from peerlib.inputs.unit_costs import COST_ITEMS, OPTIONAL_COST_ITEMS, UNIT_COSTS_FILE, load_unit_costs

FloatOrArray = float | npt.NDArray[np.float64]


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
    def from_unit_costs(cls, unit_costs: Mapping[str, SourcedFigure], file: str = UNIT_COSTS_FILE) -> CostAssumptions:
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

        Each is held to the bounds of the same figure in data/ (:data:`peerlib.inputs.sourced.PLAUSIBLE`).
        """
        given = {name: value for name, value in overrides.items() if value is not None}
        for name, value in given.items():
            if name not in COST_ITEMS:
                raise ParameterError(f"unknown cost parameter {name!r}; expected one of {', '.join(COST_ITEMS)}")
            check_parameter(name, value)
        return replace(self, **{name: float(value) for name, value in given.items()})  # type: ignore[arg-type]

    def components(self) -> pd.DataFrame:
        """The peer worker's annual cost by component, and the bed-day cost, for display."""
        worker = self.peer_worker
        rows = [
            ("salary", worker.salary_gbp, "peer_worker_salary_gbp"),
            (f"employer national insurance ({percent_text(self.employer_ni_rate, 1)} above "
             f"{gbp_whole(self.employer_ni_threshold_gbp)}"
             + (f", less the {percent_text(self.employer_ni_rebate_rate, 1)} contracted-out rebate on earnings from "
                f"{gbp_whole(self.employer_ni_rebate_lower_gbp)} to {gbp_whole(self.employer_ni_rebate_upper_gbp)}"
                if self.employer_ni_rebate_rate else "") + ")",
             worker.employer_ni_gbp, "employer_ni_rate"),
            (f"employer pension ({percent_text(self.employer_pension_rate, 1)} of salary)", worker.employer_pension_gbp,
             "employer_pension_rate"),
            (f"overheads ({percent_text(self.overhead_rate, 1)} of salary and "
             f"on-costs)", worker.overheads_gbp, "overhead_rate"),
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
