"""Pooling study ratios: weighted means under several weighting schemes, leave-one-out, sign pattern.

The report pooled the six ratios as a mean weighted by each study's patient sample size
(``n_peer + n_control``); that is the default here. Equal weights and FTE-year weights are shown
beside it because the choice of weights is itself an assumption. Weighting each ratio by the
FTE-years of peer work behind it gives the *ratio of totals*: all the bed-days saved, valued, over
all the peer work, costed — what a budget holder pays and gets.

Everything here works element-wise on numpy arrays, so the model pools a million probabilistic
draws in one call.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from peerlib.inputs.errors import ParameterError
from peerlib.inputs.sourced import check_choice

Value = Any  # a float or a numpy array of floats

WEIGHTING_SCHEMES: tuple[str, ...] = ("sample_size", "equal", "fte_years")
# The schemes and pools in words, beside their definitions (peerlib.present.labels shows them).
SCHEME_LABELS: dict[str, str] = {
    "sample_size": "weighted by sample size (the report's method)",
    "equal": "equal weights",
    "fte_years": "ratio of totals (weighted by FTE-years of peer work)",
}
SCHEME_SHORT: dict[str, str] = {"sample_size": "sample-size weights", "equal": "equal weights",
                                "fte_years": "ratio of totals", "evidence_only": "published bed-use figures only"}
POOL_LABELS: dict[str, str] = {**{f"pooled_{k}": v for k, v in SCHEME_LABELS.items()},
                               "pooled_evidence_only": "weighted by sample size, studies with their own published "
                                                       "bed-use figures only (no assumed or borrowed effect)"}


def check_scheme(scheme: str) -> str:
    """``scheme`` if it is a weighting, refused in the words of every other choice a user makes."""
    return check_choice("scheme", scheme, WEIGHTING_SCHEMES)


def scheme_weight(scheme: str, n_peer: Value, n_control: Value, fte_years: Value) -> Value:
    """A study's weight under ``scheme``: its patients in both arms, 1, or its FTE-years of peer work."""
    if check_scheme(scheme) == "sample_size":
        return n_peer + n_control
    if scheme == "equal":
        return 1.0
    return fte_years


def weighted_mean(values: Sequence[float], weights: Sequence[float]) -> float:
    """Sum of weight x value over the sum of weights. Weights must be 0 or more, not all 0."""
    v = np.asarray(values, dtype=float)
    w = np.asarray(weights, dtype=float)
    if v.shape != w.shape or v.ndim != 1 or v.size == 0:
        raise ParameterError(f"need as many weights as values (got {w.size} weights, {v.size} values)")
    if np.any(w < 0) or not np.any(w > 0):
        raise ParameterError(f"weights must be 0 or more and not all 0, found {w.tolist()}")
    return float(np.dot(w, v) / w.sum())


def pool(values: Sequence[Value], weights: Sequence[Value]) -> Value:
    """The weighted mean of several outcomes, element-wise over arrays of draws."""
    if not values or len(values) != len(weights):
        raise ParameterError(f"need as many weights as values (got {len(weights)} weights, {len(values)} values)")
    total: Value = 0.0
    weight_total: Value = 0.0
    for value, weight in zip(values, weights, strict=True):
        total = total + weight * value
        weight_total = weight_total + weight
    return total / weight_total


def leave_one_out(ratios: Mapping[str, float], weights: Mapping[str, float]) -> pd.DataFrame:
    """The pooled ratio with each study left out in turn, and how far that moves it."""
    if len(ratios) < 2:
        raise ParameterError("leave-one-out needs at least two studies")
    full = weighted_mean(list(ratios.values()), [weights[k] for k in ratios])
    rows = []
    for left_out in ratios:
        rest = [k for k in ratios if k != left_out]
        ratio = weighted_mean([ratios[k] for k in rest], [weights[k] for k in rest])
        rows.append({"left_out": left_out, "benefit_cost_ratio": ratio, "change": ratio - full})
    return pd.DataFrame(rows).set_index("left_out")


@dataclass(frozen=True)
class SignPattern:
    """How many ratios lie above 1, above 0 but at most 1 (the report's "positive but less than one"),
    at exactly 0 (in practice an assumed "no difference"), and below 0."""

    above_one: int
    positive_below_one: int
    zero: int
    below_zero: int

    def __str__(self) -> str:
        text = f"{self.above_one} above 1, {self.positive_below_one} between 0 and 1"
        if self.zero:
            text += f", {self.zero} at 0"
        return f"{text}, {self.below_zero} below 0"


def sign_pattern(ratios: Sequence[float]) -> SignPattern:
    r = np.asarray(ratios, dtype=float)
    return SignPattern(int(np.sum(r > 1)), int(np.sum((r > 0) & (r <= 1))), int(np.sum(r == 0)), int(np.sum(r < 0)))
