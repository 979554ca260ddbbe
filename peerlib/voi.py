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
least squares on standardised inputs). Both are in £ per FTE-year of peer work.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import combinations_with_replacement
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt
import pandas as pd

from peerlib.errors import ParameterError
from peerlib.model import find_pool
from peerlib.sensitivity import PSAResult, parameter_group

if TYPE_CHECKING:
    from matplotlib.figure import Figure

FloatArray = npt.NDArray[np.float64]


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

    def summary(self) -> pd.DataFrame:
        """One row per group, the largest EVPPI first, then the EVPI of every input together."""
        rows = sorted(({"inputs": g, "evppi_gbp_per_fte_year": v, "parameters": ", ".join(self.groups[g])}
                       for g, v in self.evppi_gbp.items()), key=lambda r: -float(r["evppi_gbp_per_fte_year"]))  # type: ignore[arg-type]
        rows.append({"inputs": "all inputs (EVPI)", "evppi_gbp_per_fte_year": self.evpi_gbp, "parameters": ""})
        return pd.DataFrame(rows).set_index("inputs")

    @property
    def most_valuable(self) -> str:
        return max(self.evppi_gbp, key=self.evppi_gbp.__getitem__)

    def plot(self, title: str = "") -> Figure:
        from peerlib import plots

        return plots.value_of_information(self, title)


def value_of_information(psa: PSAResult, outcome: str = "pooled_sample_size") -> VOIResult:
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
    label_to_id = {f"effect: {s.label}": s.study_id for s in psa.model.studies}
    groups = {g: names for g, names in groups.items() if g not in label_to_id or label_to_id[g] in studies_in}
    values = {g: evppi(nb, np.column_stack([np.asarray(psa.draws[n], dtype=float) for n in names]))
              for g, names in groups.items()}
    return VOIResult(outcome, evpi(nb), values, {g: tuple(n) for g, n in groups.items()}, float(np.mean(nb)),
                     float(np.mean(nb > 0)), psa.model.costs.price_year)
