"""One-way analysis: every uncertain input at its low and its high value, the others at base (a tornado).

One evaluation of the one model, :func:`peerlib.core.model.evaluate`, holds every input's low and high value
side by side.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from peerlib.analysis.specs import ParameterSpec
from peerlib.core.model import Model, Value, evaluate


@dataclass(frozen=True)
class OneWayResult:
    """Each varying parameter at its low and high value, the others at base: one row per (outcome, parameter)."""

    table: pd.DataFrame

    def summary(self, outcome: str | None = None) -> pd.DataFrame:
        table = self.table if outcome is None else self.table[self.table["outcome"] == outcome]
        return table.reset_index(drop=True)

    def describe(self, outcome: str | None = None) -> str:
        """The input that moves the ratio most (of ``outcome``, or of any), and between which ratios."""
        table = self.summary(outcome)
        if table.empty:
            return "No input moves the ratio within its range."
        top = table.loc[table["swing"].idxmax()]
        return (f"{top['parameter']} moves the ratio of {top['outcome']} most: from {top['ratio_low']:.2f} at its "
                f"low value to {top['ratio_high']:.2f} at its high value (base {top['base_ratio']:.2f}).")


def one_way(model: Model, specs: Mapping[str, ParameterSpec]) -> OneWayResult:
    """Every varying parameter at its low and its high value, in one evaluation of the model.

    Columns: ``outcome`` (a study id or a pooled id), ``parameter``, ``low``, ``high``,
    ``ratio_low``, ``ratio_high``, ``base_ratio`` and ``swing`` (the absolute difference).
    """
    varying = [name for name, spec in specs.items() if spec.varies]
    base = {name: spec.base for name, spec in specs.items()}
    columns: dict[str, Value] = dict(base)
    for i, name in enumerate(varying):
        values = np.full(2 * len(varying), base[name])
        values[2 * i], values[2 * i + 1] = specs[name].low, specs[name].high
        columns[name] = values
    base_out = evaluate(base, model.studies).outcomes()
    swung = evaluate(columns, model.studies).outcomes() if varying else {}
    rows = []
    for outcome, base_ratio in base_out.items():
        at = np.broadcast_to(np.asarray(swung.get(outcome, base_ratio), dtype=float), (2 * len(varying),))
        for i, name in enumerate(varying):
            low, high = float(at[2 * i]), float(at[2 * i + 1])
            if low == float(base_ratio) == high:
                continue  # this parameter does not touch this outcome
            rows.append({"outcome": outcome, "parameter": name, "low": specs[name].low, "high": specs[name].high,
                         "ratio_low": low, "ratio_high": high, "base_ratio": float(base_ratio),
                         "swing": abs(high - low)})
    frame = pd.DataFrame(rows, columns=["outcome", "parameter", "low", "high", "ratio_low", "ratio_high",
                                        "base_ratio", "swing"])
    frame = frame.sort_values(["outcome", "swing"], ascending=[True, False], kind="stable").reset_index(drop=True)
    return OneWayResult(frame)
