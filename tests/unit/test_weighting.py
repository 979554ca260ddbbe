"""Pooling ratios: weighted means, weighting schemes, leave-one-out and the sign pattern."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from peerlib.core import weighting
from peerlib.inputs.errors import ParameterError

RATIOS = {"a": 4.0, "b": 0.5, "c": -1.0}
SIZES = {"a": 10.0, "b": 20.0, "c": 30.0}


def test_weighted_mean_by_hand() -> None:
    # (4 x 10 + 0.5 x 20 - 1 x 30) / 60 = 20 / 60
    assert weighting.weighted_mean([4, 0.5, -1], [10, 20, 30]) == pytest.approx(1 / 3)


def test_scheme_weights_by_hand() -> None:
    assert weighting.scheme_weight("sample_size", 38, 36, 1.425) == 74
    assert weighting.scheme_weight("equal", 38, 36, 1.425) == 1.0
    assert weighting.scheme_weight("fte_years", 38, 36, 1.425) == 1.425
    with pytest.raises(ParameterError, match=r"^scheme: expected one of sample_size, equal, fte_years, found 'median'"):
        weighting.scheme_weight("median", 38, 36, 1.425)


def test_pool_works_on_arrays_of_draws() -> None:
    # Two draws: (4 x 10 + 0.5 x 20) / 30 and (2 x 10 + 1 x 20) / 30
    pooled = weighting.pool([np.array([4.0, 2.0]), np.array([0.5, 1.0])], [10.0, 20.0])
    assert pooled.tolist() == pytest.approx([50 / 30, 40 / 30])


def test_leave_one_out_by_hand() -> None:
    table = weighting.leave_one_out(RATIOS, SIZES)
    # without c: (40 + 10) / 30; without a: (10 - 30) / 50; without b: (40 - 30) / 40
    assert table.loc["c", "benefit_cost_ratio"] == pytest.approx(50 / 30)
    assert table.loc["a", "benefit_cost_ratio"] == pytest.approx(-20 / 50)
    assert table.loc["b", "benefit_cost_ratio"] == pytest.approx(10 / 40)
    assert table.loc["c", "change"] == pytest.approx(50 / 30 - 20 / 60)


def test_sign_pattern_matches_the_reports_wording() -> None:
    pattern = weighting.sign_pattern([5.0, 2.0, 3.0, 4.0, 0.5, -1.0])
    assert (pattern.above_one, pattern.positive_below_one, pattern.zero, pattern.below_zero) == (4, 1, 0, 1)
    assert str(pattern) == "4 above 1, 1 between 0 and 1, 1 below 0"
    # An assumed "no difference" is its own category, not "positive but less than one"
    zero = weighting.sign_pattern([5.0, 0.0, 1.0])
    assert (zero.above_one, zero.positive_below_one, zero.zero, zero.below_zero) == (1, 1, 1, 0)
    assert str(zero) == "1 above 1, 1 between 0 and 1, 1 at 0, 0 below 0"


def test_bad_weights_are_refused() -> None:
    with pytest.raises(ParameterError, match="not all 0"):
        weighting.weighted_mean([1, 2], [0, 0])
    with pytest.raises(ParameterError, match="0 or more"):
        weighting.weighted_mean([1, 2], [1, -1])
    with pytest.raises(ParameterError, match="as many weights"):
        weighting.weighted_mean([1, 2], [1])
    with pytest.raises(ParameterError, match="at least two studies"):
        weighting.leave_one_out({"a": 1.0}, {"a": 1.0})


values_and_weights = st.lists(
    st.tuples(st.floats(min_value=-100, max_value=100), st.floats(min_value=0.01, max_value=1000)),
    min_size=1, max_size=12,
)


@given(pairs=values_and_weights)
def test_weighted_mean_lies_between_the_extremes(pairs: list[tuple[float, float]]) -> None:
    values, weights = zip(*pairs, strict=True)
    mean = weighting.weighted_mean(values, weights)
    assert min(values) - 1e-9 <= mean <= max(values) + 1e-9


@given(pairs=values_and_weights, k=st.floats(min_value=1e-3, max_value=1e3))
def test_weighted_mean_ignores_a_common_scaling_of_weights(pairs: list[tuple[float, float]], k: float) -> None:
    values, weights = zip(*pairs, strict=True)
    assert weighting.weighted_mean(values, [k * w for w in weights]) == pytest.approx(
        weighting.weighted_mean(values, weights), rel=1e-9, abs=1e-9)


@given(pairs=values_and_weights)
def test_pooled_arrays_equal_the_slow_obvious_sum(pairs: list[tuple[float, float]]) -> None:
    """hesim's habit: the vectorised pool against a plain loop written out here."""
    total = weight_sum = 0.0
    for value, weight in pairs:
        total += value * weight
        weight_sum += weight
    values = [np.array([v, 2 * v]) for v, _ in pairs]
    pooled = weighting.pool(values, [w for _, w in pairs])
    assert pooled.tolist() == pytest.approx([total / weight_sum, 2 * total / weight_sum], rel=1e-9, abs=1e-9)
