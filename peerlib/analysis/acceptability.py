"""Acceptability: P(ratio > 1) as a function of one input, the others drawn (the analogue of a CEAC)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import pandas as pd

from peerlib.analysis.psa import PSAResult
from peerlib.core.model import evaluate, setting
from peerlib.inputs.studies import CASELOAD


@dataclass(frozen=True)
class AcceptabilityResult:
    """P(ratio > 1) as a function of one parameter, the others drawn: the analogue of a CEAC."""

    parameter: str
    grid: npt.NDArray[np.float64]
    probabilities: Mapping[str, npt.NDArray[np.float64]]  # outcome -> P(ratio > 1) at each grid value
    base: float

    def summary(self) -> pd.DataFrame:
        return pd.DataFrame(self.probabilities, index=pd.Index(self.grid, name=self.parameter))

    def describe(self) -> str:
        """P(ratio > 1) of each ratio at the ends of the range of the parameter."""
        return (f"P(ratio > 1) as {self.parameter} goes from {self.grid[0]:g} to {self.grid[-1]:g} (base "
                f"{self.base:g}): " + "; ".join(f"{o} {p[0]:.2f} to {p[-1]:.2f}" for o, p in
                                               self.probabilities.items()) + ".")


def acceptability(
    psa: PSAResult, parameter: str = CASELOAD, grid: Sequence[float] | None = None, points: int = 61
) -> AcceptabilityResult:
    """P(ratio > 1) for every outcome with ``parameter`` set to each grid value and the rest drawn.

    One evaluation of all the draws per grid value: a loop over the grid, never over draws.
    """
    base = psa.specs[parameter].base
    values = np.asarray(grid if grid is not None else np.geomspace(base / 20, base * 20, points), dtype=float)
    probabilities: dict[str, list[float]] = {}
    for value in values:
        outcomes = evaluate({**psa.draws, **setting(parameter, float(value))}, psa.model.studies).outcomes()
        for outcome, ratio in outcomes.items():
            probabilities.setdefault(outcome, []).append(float(np.mean(np.asarray(ratio) > 1)))
    return AcceptabilityResult(parameter, values, {k: np.asarray(v) for k, v in probabilities.items()}, base)
