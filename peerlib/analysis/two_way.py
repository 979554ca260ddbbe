"""Two-way analysis: every ratio over a grid of two inputs (by default caseload against the bed-day cost)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import pandas as pd

from peerlib.analysis.specs import ParameterSpec
from peerlib.core.model import Model, setting
from peerlib.formatting import percent_text
from peerlib.inputs.studies import CASELOAD


@dataclass(frozen=True)
class TwoWayResult:
    """Every outcome over a grid of two parameters, the others at base."""

    x_parameter: str
    y_parameter: str
    x: npt.NDArray[np.float64]
    y: npt.NDArray[np.float64]
    ratios: Mapping[str, npt.NDArray[np.float64]]  # outcome -> array of shape (len(y), len(x))
    base_x: float
    base_y: float

    def summary(self) -> pd.DataFrame:
        """Per outcome: the share of the grid where the ratio exceeds 1, and the least and greatest ratio on it."""
        return pd.DataFrame([{"outcome": o, "share_above_one": float(np.mean(r > 1)), "min_ratio": float(r.min()),
                              "max_ratio": float(r.max())} for o, r in self.ratios.items()]).set_index("outcome")

    def describe(self) -> str:
        return (f"The ratio over {len(self.x)} values of {self.x_parameter} and {len(self.y)} of "
                f"{self.y_parameter}; it exceeds 1 on " + ", ".join(
                    f"{percent_text(share)} of the grid for "
                    f"{o}" for o, share in self.summary()["share_above_one"].items())
                + ".")


def two_way(
    model: Model, x_parameter: str = CASELOAD, y_parameter: str = "bed_day_cost_gbp",
    x: Sequence[float] | None = None, y: Sequence[float] | None = None, points: int = 121,
    specs: Mapping[str, ParameterSpec] | None = None,
) -> TwoWayResult:
    """The model on a grid of two parameters (by default caseload against the bed-day cost).

    With ``specs``, the x axis spans the range the probabilistic analysis draws x over (for ``caseload``, every way
    of delivering support: one-to-one and group alike), evenly on a log scale, so the chart shows the caseloads that
    matter; otherwise, and for y, from a twentieth (a quarter for y) to twenty (four) times the base value.
    """
    base = model.parameters()
    if x is None and specs is not None:
        drawn = [specs[name] for name in setting(x_parameter, 0.0) if name in specs and specs[name].varies]
        if drawn:
            x = np.geomspace(min(s.low for s in drawn), max(s.high for s in drawn), points).tolist()
    xs = np.asarray(x if x is not None else np.linspace(base[x_parameter] / 20, base[x_parameter] * 20, points))
    ys = np.asarray(y if y is not None else np.linspace(base[y_parameter] / 4, base[y_parameter] * 4, points))
    grid_x, grid_y = np.meshgrid(xs, ys)
    outcomes = model.evaluate({**setting(x_parameter, grid_x), **setting(y_parameter, grid_y)}).outcomes()
    ratios = {k: np.broadcast_to(np.asarray(v, dtype=float), grid_x.shape).copy() for k, v in outcomes.items()}
    return TwoWayResult(x_parameter, y_parameter, xs, ys, ratios, base[x_parameter], base[y_parameter])
