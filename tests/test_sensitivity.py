"""One-way, threshold and probabilistic analysis, and pooling the bed-day difference first."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from peerlib import costs, ratios, sensitivity, studies, weighting
from peerlib.errors import DataError, ParameterError
from tests.conftest import edit_cell

SIX = studies.load_studies()
COSTS = costs.load_cost_assumptions()
SPECS = sensitivity.parameter_specs(SIX, COSTS, sensitivity.load_uncertainty())
BASE = {name: spec.base for name, spec in SPECS.items()}


def test_model_at_base_matches_the_study_calculation() -> None:
    out = sensitivity.evaluate(BASE, SIX)
    results = [ratios.evaluate_study(s, COSTS) for s in SIX]
    for r in results:
        assert out[r.study_id] == pytest.approx(r.benefit_cost_ratio)
    assert out["pooled"] == pytest.approx(weighting.pooled_ratio(results).benefit_cost_ratio)
    assert sensitivity.evaluate(BASE, SIX, "equal")["pooled"] == pytest.approx(
        weighting.pooled_ratio(results, "equal").benefit_cost_ratio)


def test_sledge_bed_days_vary_by_their_own_standard_error() -> None:
    spec = SPECS["sledge2011.bed_days_control"]
    assert spec.distribution == "normal"
    # 21.63 / sqrt(36) = 3.605; 95 % interval = 19.08 ± 1.96 x 3.605
    assert spec.standard_error == pytest.approx(21.63 / 36**0.5)
    assert spec.low == pytest.approx(19.08 - 1.959964 * 3.605, abs=1e-3)


def test_money_ranges_follow_the_price_year() -> None:
    index = costs.load_price_index()
    later = COSTS.at_price_year(index, "2024-25")
    factor = index.factor(COSTS.price_year, "2024-25")
    specs = sensitivity.parameter_specs(SIX, later, sensitivity.load_uncertainty(), money_factor=factor)
    assert specs["bed_day_cost_gbp"].low == pytest.approx(319 * factor)
    assert specs["bed_day_cost_gbp"].base == pytest.approx(334 * factor)
    assert specs["employer_pension_rate"].high == SPECS["employer_pension_rate"].high


def test_one_way_bed_day_cost_is_linear() -> None:
    table = sensitivity.one_way(SPECS, SIX)
    row = table[(table.outcome == "sledge2011") & (table.parameter == "bed_day_cost_gbp")].iloc[0]
    assert row.ratio_low == pytest.approx(row.base_ratio * 319 / 334)
    assert row.ratio_high == pytest.approx(row.base_ratio * 366 / 334)
    # a parameter of one study does not appear against another
    assert table[(table.outcome == "min2007") & table.parameter.str.startswith("sledge2011.")].empty


def test_thresholds_by_hand() -> None:
    sledge = ratios.evaluate_study(studies.load_study("sledge2011"), COSTS)
    # ratio = 1 when the bed-day cost equals the worker's cost over bed-days saved per FTE-year
    assert sensitivity.threshold(SPECS, SIX, "bed_day_cost_gbp", "sledge2011") == pytest.approx(
        sledge.peer_worker_cost_gbp / sledge.bed_days_saved_per_fte_year, rel=1e-6)
    # ... and when the FTE equals n_peer over the break-even caseload
    assert sensitivity.threshold(SPECS, SIX, "sledge2011.peer_fte", "sledge2011") == pytest.approx(
        38 / sledge.break_even_caseload, rel=1e-6)


def test_threshold_is_nan_when_never_crossed() -> None:
    # Rivera's ratio is 0 at every bed-day cost
    assert np.isnan(sensitivity.threshold(SPECS, SIX, "bed_day_cost_gbp", "rivera2007"))


def test_psa_is_reproducible_with_a_seed() -> None:
    a = sensitivity.probabilistic(SPECS, SIX, n_draws=2_000, seed=7)
    b = sensitivity.probabilistic(SPECS, SIX, n_draws=2_000, seed=7)
    c = sensitivity.probabilistic(SPECS, SIX, n_draws=2_000, seed=8)
    for outcome in a.ratios:
        np.testing.assert_array_equal(a.ratios[outcome], b.ratios[outcome])
    assert not np.array_equal(a.ratios["sledge2011"], c.ratios["sledge2011"])
    assert a.summary().equals(b.summary())


def test_psa_with_zero_variance_returns_the_point_estimate() -> None:
    fixed = {name: replace(spec, distribution="fixed") for name, spec in SPECS.items()}
    psa = sensitivity.probabilistic(fixed, SIX, n_draws=50, seed=1)
    base = sensitivity.evaluate(BASE, SIX)
    for outcome, draws in psa.ratios.items():
        assert draws.shape == (50,)
        assert np.all(draws == pytest.approx(float(base[outcome])))


def test_probability_is_monotone_in_the_bed_day_cost() -> None:
    probabilities = []
    for cost in (50.0, 100.0, 200.0, 334.0, 600.0):
        specs = dict(SPECS, bed_day_cost_gbp=sensitivity.ParameterSpec("bed_day_cost_gbp", cost, cost, cost,
                                                                       "fixed", "test"))
        summary = sensitivity.probabilistic(specs, SIX, n_draws=5_000, seed=3).summary()
        probabilities.append(summary["probability_above_one"].to_numpy())
    assert np.all(np.diff(np.vstack(probabilities), axis=0) >= 0)


def test_vectorised_psa_agrees_with_a_plain_loop() -> None:
    n = 200
    draws = sensitivity.draw_parameters(SPECS, n, seed=11)
    vectorised = sensitivity.evaluate(draws, SIX)
    for i in range(0, n, 17):
        one = {k: (float(v[i]) if isinstance(v, np.ndarray) else v) for k, v in draws.items()}
        single = sensitivity.evaluate(one, SIX)
        for outcome in single:
            assert np.asarray(vectorised[outcome])[i] == pytest.approx(float(single[outcome]))


@pytest.mark.parametrize("distribution, base, low, high", [
    ("gamma", 334.0, 319.0, 366.0), ("normal", 9.0, 0.0, 18.0), ("beta", 0.3, 0.2, 0.4),
])
def test_draws_have_the_stated_mean_and_spread(distribution: str, base: float, low: float, high: float) -> None:
    spec = sensitivity.ParameterSpec("x", base, low, high, distribution, "test")
    draws = spec.draw(np.random.default_rng(0), 200_000)
    assert np.mean(draws) == pytest.approx(base, rel=0.01)
    assert np.std(draws) == pytest.approx((high - low) / (2 * 1.959964), rel=0.02)


def test_uniform_and_loguniform_stay_in_range() -> None:
    rng = np.random.default_rng(0)
    for distribution in ("uniform", "loguniform"):
        draws = sensitivity.ParameterSpec("x", 2.0, 1.0, 4.0, distribution, "test").draw(rng, 10_000)
        assert draws.min() >= 1.0 and draws.max() <= 4.0


def test_bad_draw_count() -> None:
    with pytest.raises(ParameterError, match="n_draws: expected a whole number of 1 or more, found 0"):
        sensitivity.probabilistic(SPECS, SIX, n_draws=0)


def test_bad_uncertainty_rows(data_copy: Path) -> None:
    path = data_copy / "uncertainty.csv"
    line = edit_cell(path, lambda r: r["parameter"] == "overhead_rate", "distribution", "triangular")
    with pytest.raises(DataError, match=rf"uncertainty.csv, row {line - 1} \(line {line}\), column 'distribution'"):
        sensitivity.load_uncertainty(data_copy)
    edit_cell(path, lambda r: r["parameter"] == "overhead_rate", "distribution", "uniform")
    edit_cell(path, lambda r: r["parameter"] == "overhead_rate", "low", "0.9")
    with pytest.raises(DataError, match="low above high"):
        sensitivity.load_uncertainty(data_copy)
    edit_cell(path, lambda r: r["parameter"] == "overhead_rate", "parameter", "overheads")
    with pytest.raises(DataError, match="unknown parameter"):
        sensitivity.load_uncertainty(data_copy)


def test_annual_delta_and_its_standard_error_by_hand() -> None:
    # Sledge: 9.00 bed-days over 9 months = 12.0 a year; SE sqrt(17.31²/38 + 21.63²/36) = 4.5695, x 12/9
    delta, se = weighting.annual_delta_with_se(studies.load_study("sledge2011"))  # type: ignore[misc]
    assert delta == pytest.approx(12.0)
    assert se == pytest.approx((17.31**2 / 38 + 21.63**2 / 36) ** 0.5 * 12 / 9)
    assert weighting.annual_delta_with_se(studies.load_study("min2007")) is None


def test_pooling_one_study_first_gives_its_own_ratio() -> None:
    sledge = studies.load_study("sledge2011")
    pooled = weighting.pool_delta_then_value([sledge], COSTS)
    assert pooled is not None
    assert pooled.fixed_effect_ratio == pytest.approx(ratios.evaluate_study(sledge, COSTS).benefit_cost_ratio)
    assert weighting.pool_delta_then_value([studies.load_study("min2007")], COSTS) is None
