"""Pooling ratios: weighted means, weighting schemes, leave-one-out and the sign pattern."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from peerlib import weighting
from peerlib.errors import ParameterError
from peerlib.ratios import StudyResult


def result(study_id: str, ratio: float, sample_size: float, peer_fte: float) -> StudyResult:
    """A study result where only the fields pooling reads matter."""
    return StudyResult(
        study_id=study_id, label=study_id, outcome_form="mean_bed_days", n_peer=sample_size / 2,
        n_control=sample_size / 2, sample_size=sample_size, followup_months=12, peer_fte=peer_fte,
        caseload_per_fte=1, delta_bed_days_per_patient=1, bed_days_saved_per_fte_year=1, bed_day_cost_gbp=1,
        peer_worker_cost_gbp=1, benefit_per_fte_year_gbp=1, benefit_cost_ratio=ratio,
        break_even_bed_days_per_fte_year=1, break_even_caseload=1, price_year="2011-12", assumptions="",
    )


THREE = [result("a", 4.0, 10, 1.0), result("b", 0.5, 20, 2.0), result("c", -1.0, 30, 0.5)]


def test_weighted_mean_by_hand() -> None:
    # (4 x 10 + 0.5 x 20 - 1 x 30) / 60 = 20 / 60
    assert weighting.weighted_mean([4, 0.5, -1], [10, 20, 30]) == pytest.approx(1 / 3)


def test_schemes_by_hand() -> None:
    assert weighting.pooled_ratio(THREE).benefit_cost_ratio == pytest.approx(20 / 60)
    assert weighting.pooled_ratio(THREE, "equal").benefit_cost_ratio == pytest.approx(3.5 / 3)
    # (4 x 1 + 0.5 x 2 - 1 x 0.5) / 3.5 = 4.5 / 3.5
    assert weighting.pooled_ratio(THREE, "peer_fte").benefit_cost_ratio == pytest.approx(4.5 / 3.5)
    assert weighting.pooled_ratio(THREE).sample_size == 60


def test_alternatives_table_has_every_scheme() -> None:
    table = weighting.pooled_alternatives(THREE)
    assert list(table.index) == ["sample_size", "equal", "peer_fte"]
    assert table.loc["equal", "benefit_cost_ratio"] == pytest.approx(3.5 / 3)


def test_leave_one_out_by_hand() -> None:
    table = weighting.leave_one_out(THREE)
    # without c: (40 + 10) / 30; without a: (10 - 30) / 50; without b: (40 - 30) / 40
    assert table.loc["c", "benefit_cost_ratio"] == pytest.approx(50 / 30)
    assert table.loc["a", "benefit_cost_ratio"] == pytest.approx(-20 / 50)
    assert table.loc["b", "benefit_cost_ratio"] == pytest.approx(10 / 40)
    assert table.loc["c", "change"] == pytest.approx(50 / 30 - 20 / 60)


def test_sign_pattern_matches_the_reports_wording() -> None:
    pattern = weighting.sign_pattern([5.0, 2.0, 3.0, 4.0, 0.5, -1.0])
    assert (pattern.above_one, pattern.zero_to_one, pattern.below_zero) == (4, 1, 1)
    assert str(pattern) == "4 above 1, 1 between 0 and 1, 1 below 0"
    assert weighting.sign_pattern([1.0, 0.0]).zero_to_one == 2


def test_bad_weights_and_schemes_are_refused() -> None:
    with pytest.raises(ParameterError, match="not all 0"):
        weighting.weighted_mean([1, 2], [0, 0])
    with pytest.raises(ParameterError, match="0 or more"):
        weighting.weighted_mean([1, 2], [1, -1])
    with pytest.raises(ParameterError, match="as many weights"):
        weighting.weighted_mean([1, 2], [1])
    with pytest.raises(ParameterError, match="unknown weighting scheme 'median'"):
        weighting.pooled_ratio(THREE, "median")


def test_pooling_refuses_mixed_price_years() -> None:
    from dataclasses import replace

    with pytest.raises(ParameterError, match="different price years"):
        weighting.pooled_ratio([THREE[0], replace(THREE[1], price_year="2024-25")])


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
def test_vectorised_mean_agrees_with_a_plain_loop(pairs: list[tuple[float, float]]) -> None:
    total = weight_sum = 0.0
    for value, weight in pairs:
        total += value * weight
        weight_sum += weight
    values, weights = zip(*pairs, strict=True)
    assert weighting.weighted_mean(values, weights) == pytest.approx(total / weight_sum, rel=1e-9, abs=1e-9)


def test_meta_analysis_two_studies_by_hand() -> None:
    # Effects 10 (SE 2) and 4 (SE 4): weights 1/4 and 1/16.
    # Fixed: (10/4 + 4/16) / (1/4 + 1/16) = 2.75 / 0.3125 = 8.8; SE = sqrt(1 / 0.3125).
    # Q = 0.25 x 1.2² + 0.0625 x 4.8² = 0.36 + 1.44 = 1.8; df = 1.
    # C = 0.3125 - (0.0625 + 0.00390625) / 0.3125 = 0.1; tau² = (1.8 - 1) / 0.1 = 8.
    # Random weights 1/12 and 1/24: (10/12 + 4/24) / (1/8) = 8.0; SE = sqrt(8). I² = 0.8 / 1.8.
    meta = weighting.meta_analysis(["a", "b"], [10.0, 4.0], [2.0, 4.0])
    assert meta.fixed_effect == pytest.approx(8.8)
    assert meta.fixed_effect_se == pytest.approx((1 / 0.3125) ** 0.5)
    assert meta.q == pytest.approx(1.8)
    assert meta.tau_squared == pytest.approx(8.0)
    assert meta.random_effects == pytest.approx(8.0)
    assert meta.random_effects_se == pytest.approx(8**0.5)
    assert meta.i_squared == pytest.approx(0.8 / 1.8)
    assert meta.k == 2


def test_meta_analysis_of_agreeing_studies_has_no_heterogeneity() -> None:
    meta = weighting.meta_analysis(["a", "b", "c"], [5.0, 5.0, 5.0], [1.0, 2.0, 3.0])
    assert meta.tau_squared == 0 and meta.i_squared == 0
    assert meta.fixed_effect == pytest.approx(5.0) and meta.random_effects == pytest.approx(5.0)


def test_meta_analysis_refuses_a_zero_standard_error() -> None:
    with pytest.raises(ParameterError, match="standard errors must be finite and above 0"):
        weighting.meta_analysis(["a"], [1.0], [0.0])
