"""Ratios and break-even values, checked against sums worked by hand."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from peerlib import ratios

positive = st.floats(min_value=0.01, max_value=1e5, allow_nan=False, allow_infinity=False)
signed = st.floats(min_value=-1e4, max_value=1e4, allow_nan=False, allow_infinity=False)


def test_sledge_bed_days_saved_per_patient() -> None:
    # Sledge et al. 2011: 19.08 bed-days (usual care) vs 10.08 (peer mentor) over 9 months.
    assert ratios.delta_from_mean_bed_days(19.08, 10.08) == pytest.approx(9.00)
    assert ratios.delta_from_mean_bed_days(19.08, 10.08) * 12 / 9 == pytest.approx(12.0)


def test_saved_per_fte_year_by_hand() -> None:
    # 9 days x 38 patients = 342 bed-days over 9 months; 2 FTE for 9 months = 1.5 FTE-years.
    assert ratios.fte_years(2.0, 9) == pytest.approx(1.5)
    assert ratios.bed_days_saved_per_fte_year(9.0, 38, 2.0, 9) == pytest.approx(342 / 1.5)


def test_benefit_cost_ratio_by_hand() -> None:
    # 228 bed-days x £334 = £76,152 a year, against £30,000 a year for the worker.
    assert ratios.benefit_per_fte_year_gbp(228, 334) == pytest.approx(76_152)
    assert ratios.benefit_cost_ratio(228, 334, 30_000) == pytest.approx(2.5384)


def test_break_even_caseload_design_example() -> None:
    # DESIGN.md: £30,000 a year, £334 a bed-day, 9.00 days over 9 months -> 7.5 patients.
    # 30000 x 9 / (12 x 9.00 x 334) = 270000 / 36072 = 7.4850
    assert ratios.break_even_caseload(9.0, 9, 334, 30_000) == pytest.approx(7.4850, abs=1e-4)
    assert round(ratios.break_even_caseload(9.0, 9, 334, 30_000), 1) == 7.5


def test_break_even_bed_days_by_hand() -> None:
    assert ratios.break_even_bed_days_per_fte_year(334, 30_000) == pytest.approx(89.82, abs=0.01)


def test_no_saving_never_breaks_even() -> None:
    assert ratios.break_even_caseload(0.0, 9, 334, 30_000) == math.inf
    assert ratios.break_even_caseload(-2.0, 9, 334, 30_000) == math.inf


def test_conversions_by_hand() -> None:
    assert ratios.delta_from_total_saved(300, 50) == pytest.approx(6.0)
    # (1.53 - 0.89) admissions x 12.5 days = 8.0 bed-days
    assert ratios.delta_from_admissions(1.53, 0.89, 12.5) == pytest.approx(8.0)
    # (0.73 - 0.62) x 20 days = 2.2 bed-days
    assert ratios.delta_from_proportions(0.73, 0.62, 20) == pytest.approx(2.2)


def test_odds_ratio_recovers_the_peer_proportion_from_counts() -> None:
    # CORE trial counts: 64/218 readmitted (peer) vs 83/216 (control).
    odds_ratio = (64 / 154) / (83 / 133)
    assert odds_ratio == pytest.approx(0.666, abs=0.001)
    assert ratios.proportion_from_odds_ratio(odds_ratio, 83 / 216) == pytest.approx(64 / 218)
    # ... and therefore the bed-days: (83/216 - 64/218) x 10 days
    assert ratios.delta_from_odds_ratio(odds_ratio, 83 / 216, 10) == pytest.approx((83 / 216 - 64 / 218) * 10)


def test_odds_ratio_of_one_means_no_difference() -> None:
    assert ratios.delta_from_odds_ratio(1.0, 0.3, 12) == pytest.approx(0.0)


@given(saved=signed, cost=positive, peer=positive, k=positive)
def test_ratio_is_linear_in_bed_day_cost(saved: float, cost: float, peer: float, k: float) -> None:
    assert ratios.benefit_cost_ratio(saved, k * cost, peer) == pytest.approx(
        k * ratios.benefit_cost_ratio(saved, cost, peer), rel=1e-9, abs=1e-9)


@given(saved=signed, cost=positive, peer=positive, k=positive)
def test_ratio_is_inverse_in_peer_cost(saved: float, cost: float, peer: float, k: float) -> None:
    assert ratios.benefit_cost_ratio(saved, cost, k * peer) == pytest.approx(
        ratios.benefit_cost_ratio(saved, cost, peer) / k, rel=1e-9, abs=1e-9)


@given(cost=positive, peer=positive)
def test_break_even_bed_days_give_a_ratio_of_one(cost: float, peer: float) -> None:
    saved = ratios.break_even_bed_days_per_fte_year(cost, peer)
    assert ratios.benefit_cost_ratio(saved, cost, peer) == pytest.approx(1.0, rel=1e-12)


@given(delta=positive, months=st.floats(min_value=0.5, max_value=60), cost=positive, peer=positive,
       fte=st.floats(min_value=0.1, max_value=50))
def test_break_even_caseload_gives_a_ratio_of_one(
    delta: float, months: float, cost: float, peer: float, fte: float
) -> None:
    caseload = ratios.break_even_caseload(delta, months, cost, peer)
    saved = ratios.bed_days_saved_per_fte_year(delta, caseload * fte, fte, months)
    assert ratios.benefit_cost_ratio(saved, cost, peer) == pytest.approx(1.0, rel=1e-9)
