"""Reading ``population.csv``: who a national decision covers (peer workers and their FTE, years, discount rate).

The population is the measured workforce, a headcount, converted to FTE by a stated share of an FTE a
head; the workforce plan's target headcount is a scenario (:meth:`Population.at_target`), never the base."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

from peerlib.config import DATA_DIR
from peerlib.inputs.sourced import check_unit, read_figures, require_items
from peerlib.inputs.tables import Column, Row

POPULATION_FILE = "population.csv"
POPULATION_ITEMS = ("peer_worker_headcount", "fte_per_head", "peer_worker_headcount_target", "horizon_years",
                    "discount_rate")  # bounds and units: sourced.PLAUSIBLE


@dataclass(frozen=True)
class Population:
    """Who a national decision covers: peer workers (a headcount and the FTE a head), for how many years, at what
    discount rate; ``target`` is the workforce plan's headcount, a scenario."""

    headcount: float
    fte_per_head: float
    horizon_years: int
    discount_rate: float
    sources: Mapping[str, str] = field(default_factory=dict)  # item -> source or reason, as data/ gives it
    target_headcount: float | None = None
    is_target: bool = False  # this population is the target's, a scenario

    @property
    def peer_worker_fte(self) -> float:
        return self.headcount * self.fte_per_head

    def at_target(self) -> Population:
        """The same decision for the workforce plan's target headcount, at the same FTE a head."""
        if self.target_headcount is None:
            return self
        return replace(self, headcount=self.target_headcount, is_target=True)

    @property
    def discounted_years(self) -> float:
        """Years of the horizon, each discounted to today: sum over t = 0 .. H-1 of (1 + r)^-t."""
        return float(sum((1 + self.discount_rate) ** -t for t in range(self.horizon_years)))

    @property
    def factor(self) -> float:
        """FTE-years the decision covers, discounted: multiplies a value per FTE-year into a national one."""
        return self.peer_worker_fte * self.discounted_years


def load_population(data_dir: Path = DATA_DIR) -> Population:
    """Read ``population.csv``: the FTE peer workers a decision covers, the horizon and the discount rate."""
    path = data_dir / POPULATION_FILE

    def check_row(line: int, row: Row) -> None:
        name = str(row["item"])
        check_unit(path, line, name, row)

    figures = read_figures(path, ("item", "value", "unit", "status", "source", "reason"),
                           overrides=[Column("value", "number")], check_row=check_row,
                           known_items=tuple(POPULATION_ITEMS))
    require_items(path, figures, POPULATION_ITEMS)
    sources = {name: "; ".join(t for t in (f.source, f.reason) if t) for name, f in figures.items()}
    return Population(figures["peer_worker_headcount"].value, figures["fte_per_head"].value,
                      int(figures["horizon_years"].value), figures["discount_rate"].value, sources,
                      figures["peer_worker_headcount_target"].value)
