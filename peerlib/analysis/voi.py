"""Value of information: which unknown is most worth finding out?

The decision is "employ peer workers or not", judged on bed use alone. Employing one FTE-year
has a net benefit of (value of bed-days saved - cost of the worker) = (ratio - 1) x worker cost;
not employing has 0. With the probabilistic draws:

* **EVPI**, the expected value of perfect information, is what a decision maker would gain by
  learning every input before deciding: ``E[max(NB, 0)] - max(E[NB], 0)``.
* **EVPPI** for a group of inputs (staffing, one study's effect, the unit costs) is the gain
  from learning that group alone: ``E[max(g, 0)] - max(E[g], 0)`` with ``g(θ) = E[NB | θ]``.

``g`` is estimated by regressing the net benefit of each draw on the group's drawn inputs
(Strong, Oakley & Brennan 2014, *Medical Decision Making* 34(3):311-326, who use a GAM; here a
polynomial of degree 3 in one input, or of degree 2 with interactions in several, fitted by
least squares on standardised inputs). Both are in £ per FTE-year of peer work, and **for a
population**: the FTE peer workers a national decision covers, over a horizon of years, discounted
(``data/population.csv``), as ``value x FTE x sum over years t = 0 .. H-1 of (1 + r)^-t``.

The decision is judged on the ratio of totals (:data:`DECISION`, the pool weighted by FTE-years):
all bed-days saved, valued, over all the workers' cost, so (ratio - 1) x worker cost is the net
benefit of a real FTE-year. A mean of ratios weighted by sample size is not: its net benefit
belongs to no FTE-year anyone could buy.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import combinations_with_replacement

import numpy as np
import numpy.typing as npt
import pandas as pd

from peerlib.analysis.sensitivity import PSAResult, parameter_group
from peerlib.core.model import find_pool, pooled_id
from peerlib.inputs.errors import ParameterError
from peerlib.inputs.population import Population

FloatArray = npt.NDArray[np.float64]
DECISION = pooled_id("fte_years")  # the ratio of totals: the net benefit of a real FTE-year


def evpi(net_benefit: Sequence[float] | FloatArray) -> float:
    """Expected value of perfect information for a choice between a net benefit and 0."""
    nb = np.asarray(net_benefit, dtype=float)
    return float(np.mean(np.maximum(nb, 0.0)) - max(float(np.mean(nb)), 0.0))


def polynomial_basis(inputs: FloatArray, degree: int) -> FloatArray:
    """A constant and every monomial of the standardised inputs up to ``degree`` (columns of one draw per row)."""
    x = np.asarray(inputs, dtype=float)
    if x.ndim == 1:
        x = x[:, None]
    spread = x.std(axis=0)
    z = (x - x.mean(axis=0)) / np.where(spread > 0, spread, 1.0)
    columns = [np.ones(len(z))]
    for d in range(1, degree + 1):
        for combination in combinations_with_replacement(range(z.shape[1]), d):
            columns.append(np.prod(z[:, list(combination)], axis=1))
    return np.column_stack(columns)


def conditional_expectation(net_benefit: FloatArray, inputs: FloatArray, degree: int | None = None) -> FloatArray:
    """E[NB | inputs] at each draw, by least-squares regression on a polynomial basis."""
    nb = np.asarray(net_benefit, dtype=float)
    x = np.asarray(inputs, dtype=float)
    k = 1 if x.ndim == 1 else x.shape[1]
    basis = polynomial_basis(x, degree if degree is not None else (3 if k == 1 else 2))
    coefficients, *_ = np.linalg.lstsq(basis, nb, rcond=None)
    fitted: FloatArray = basis @ coefficients
    return fitted


def evppi(net_benefit: FloatArray, inputs: FloatArray, degree: int | None = None) -> float:
    """Expected value of partial perfect information about ``inputs`` (one column per input)."""
    nb = np.asarray(net_benefit, dtype=float)
    if np.asarray(inputs).shape[0] != nb.shape[0]:
        raise ParameterError("EVPPI needs one row of inputs per draw of net benefit")
    return evpi(conditional_expectation(nb, inputs, degree))


@dataclass(frozen=True)
class VOIResult:
    """EVPI and the EVPPI of each group of inputs, for one outcome's decision, in £ per FTE-year."""

    outcome: str
    evpi_gbp: float
    evppi_gbp: Mapping[str, float]
    groups: Mapping[str, tuple[str, ...]]
    expected_net_benefit_gbp: float
    probability_worth_it: float
    price_year: str
    population: Population | None = None
    draws_changing_decision: int = 0  # draws in which the other choice would be the better one
    n_draws: int = 0

    @property
    def population_factor(self) -> float:
        return self.population.factor if self.population is not None else float("nan")

    @property
    def evpi_population_gbp(self) -> float:
        return self.evpi_gbp * self.population_factor

    @property
    def decision_can_change(self) -> bool:
        """Whether any draw favours the other choice: only if none does can no unknown change the decision."""
        return self.draws_changing_decision > 0

    def summary(self) -> pd.DataFrame:
        """One row per group, the largest EVPPI first, then the EVPI of every input together."""
        rows = sorted(({"inputs": g, "evppi_gbp_per_fte_year": v, "parameters": ", ".join(self.groups[g])}
                       for g, v in self.evppi_gbp.items()), key=lambda r: -float(r["evppi_gbp_per_fte_year"]))  # type: ignore[arg-type]
        rows.append({"inputs": "all inputs (EVPI)", "evppi_gbp_per_fte_year": self.evpi_gbp, "parameters": ""})
        frame = pd.DataFrame(rows).set_index("inputs")
        frame["evppi_gbp_population"] = frame["evppi_gbp_per_fte_year"] * self.population_factor
        return frame

    def describe(self) -> str:
        """The value of perfect information, and the inputs most worth learning about."""
        return (f"For {self.outcome}, perfect information is worth £{self.evpi_gbp:,.0f} per FTE-year "
                f"({self.price_year} prices); the inputs most worth learning: {self.most_valuable} "
                f"(£{self.evppi_gbp[self.most_valuable]:,.0f}).")

    @property
    def most_valuable(self) -> str:
        return max(self.evppi_gbp, key=self.evppi_gbp.__getitem__)


def value_of_information(
    psa: PSAResult, outcome: str = DECISION, population: Population | None = None
) -> VOIResult:
    """EVPI and EVPPI per group of inputs for the decision "employ peer workers or not", judged on ``outcome``."""
    if outcome not in psa.ratios:
        raise ParameterError(f"unknown outcome {outcome!r}; expected one of {', '.join(psa.ratios)}")
    nb = psa.net_benefit_gbp(outcome)
    groups: dict[str, list[str]] = {}
    for name, spec in psa.specs.items():
        if spec.varies:
            groups.setdefault(parameter_group(name, psa.model), []).append(name)
    # A study outside the decision's outcome cannot inform it; leave its group out rather than report 0.
    studies_in = ({s.study_id for s in find_pool(outcome).members(psa.model.studies)} if outcome.startswith("pooled_")
                  else {outcome})
    needed = studies_in | {r for s in psa.model.studies if s.study_id in studies_in for r in s.references}
    groups = {g: names for g, names in groups.items()
              if any("." not in n or n.partition(".")[0] in needed for n in names)}
    values = {g: evppi(nb, np.column_stack([np.asarray(psa.draws[n], dtype=float) for n in names]))
              for g, names in groups.items()}
    mean = float(np.mean(nb))
    changing = int(np.sum(nb > 0)) if mean <= 0 else int(np.sum(nb < 0))
    return VOIResult(outcome, evpi(nb), values, {g: tuple(n) for g, n in groups.items()}, mean,
                     float(np.mean(nb > 0)), psa.model.costs.price_year, population, changing, psa.n_draws)
