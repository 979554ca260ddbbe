"""Thresholds: the value of each uncertain input at which a ratio is 1, the other inputs at base."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import pandas as pd

from peerlib.analysis.one_way import one_way
from peerlib.analysis.specs import ParameterSpec
from peerlib.core.model import Model


@dataclass(frozen=True)
class ThresholdResult:
    """For each varying parameter and outcome, the value at which the ratio is 1 (others at base)."""

    table: pd.DataFrame
    outcome_order: tuple[str, ...] = ()  # the model's: the studies, then the pooled ratios

    def summary(self) -> pd.DataFrame:
        """Sorted by outcome (in the model's order), then by how close the threshold is to the base value (the most
        fragile first)."""
        table = self.table.copy()
        with np.errstate(divide="ignore", invalid="ignore"):
            table["distance"] = np.abs(np.log(np.abs(table["threshold"] / table["base"])))
        order = list(self.outcome_order) or sorted(table["outcome"].unique())
        table["order"] = table["outcome"].map({o: i for i, o in enumerate(order)})
        table = table.sort_values(["order", "distance"], kind="stable", na_position="last")
        return table.drop(columns=["distance", "order"]).reset_index(drop=True)

    def describe(self) -> str:
        """How many (outcome, input) pairs reach a ratio of 1 within the search, of how many."""
        finite = int(np.isfinite(self.table["threshold"]).sum())
        return f"{finite} of {len(self.table)} (ratio, input) pairs reach a ratio of 1 with the other inputs at base."


def times_base(threshold: npt.ArrayLike, base: npt.ArrayLike) -> np.ndarray:
    """How many times its base value an input must be for the ratio to be 1: NaN where that says nothing (no
    threshold, or a threshold or base value of zero or below)."""
    threshold, base = np.asarray(threshold, dtype=float), np.asarray(base, dtype=float)
    crosses = np.isfinite(threshold) & (threshold > 0) & (base > 0)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(crosses, threshold / base, np.nan)


def thresholds(model: Model, specs: Mapping[str, ParameterSpec]) -> ThresholdResult:
    """The value of every varying parameter at which each outcome it moves reaches a ratio of 1."""
    table = one_way(model, specs).table
    # A base of 0 says nothing about a parameter's size: search around the size of its range instead.
    rows = [{"outcome": r.outcome, "parameter": r.parameter, "base": specs[r.parameter].base,
             "threshold": model.solve(r.parameter, r.outcome, magnitude=max(abs(specs[r.parameter].low),
                                                                            abs(specs[r.parameter].high)))}
            for r in table.itertuples()]
    return ThresholdResult(pd.DataFrame(rows, columns=["outcome", "parameter", "base", "threshold"]),
                           tuple(model.evaluate().outcomes()))
