"""One-way, threshold, two-way, probabilistic and acceptability analysis, on the one model."""

from __future__ import annotations

import math
import re
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from peerlib.analysis.acceptability import acceptability
from peerlib.analysis.one_way import one_way
from peerlib.analysis.psa import probabilistic
from peerlib.analysis.specs import ParameterSpec, load_specs, with_fixed
from peerlib.analysis.thresholds import thresholds, times_base
from peerlib.analysis.two_way import two_way
from peerlib.core.model import Model
from peerlib.inputs.errors import DataError, ParameterError
from peerlib.inputs.studies import CASELOAD
from peerlib.inputs.uncertainty import SHARED_PARAMETERS, load_uncertainty
from tests.conftest import FROZEN_DATA, edit_cell

MODEL = Model.from_data(FROZEN_DATA)
SPECS = load_specs(MODEL, FROZEN_DATA)
# data/unit_costs.csv by hand: £20,774.00; NI less the 3.7 % contracted-out rebate on earnings above £102 x 52
WORKER_GBP = 17_368 + 0.138 * (17_368 - 7_072) - 0.037 * (17_368 - 102 * 52) + 0.14 * 17_368


def test_sledge_bed_days_vary_by_their_own_standard_error() -> None:
    spec = SPECS["sledge2011.bed_days_control"]
    assert spec.distribution == "normal"
    # 21.63 / sqrt(36) = 3.605; 95 % interval = 19.08 ± 1.96 x 3.605
    assert spec.standard_error == pytest.approx(21.63 / 36**0.5)
    assert spec.low == pytest.approx(19.08 - 1.959964 * 3.605, abs=1e-3)


def test_caseload_is_a_shared_parameter_per_way_of_delivering_support() -> None:
    # One-to-one: weekly one-hour meetings taking 4 to 1.5 hours of a worker's 1,692.75 / 52.14 = 32.5 hours a week,
    # 8.1 to 21.6 people, capped at the loosest published cap of 20; groups of at most 12, once a week, at 1.5 hours
    # a group: 21.6 x 12 = 259. Each base at the centre on the log scale: sqrt(8 x 20) and sqrt(8 x 259).
    hours_a_week = 1692.75 / 52.14
    assert hours_a_week / 4 == pytest.approx(8.1, abs=0.05) and hours_a_week / 1.5 == pytest.approx(21.6, abs=0.05)
    assert hours_a_week / 1.5 * 12 == pytest.approx(259, abs=1)
    one, group = SPECS[CASELOAD], SPECS["caseload_group"]
    assert (one.low, one.high, one.distribution) == (8.0, 20.0, "loguniform")
    assert (group.low, group.high, group.distribution) == (8.0, 259.0, "loguniform")
    assert one.base == pytest.approx(math.sqrt(8 * 20), abs=0.05)
    assert group.base == pytest.approx(math.sqrt(8 * 259), abs=0.05)
    assert not any(name.endswith(".peer_fte") for name in SPECS), "no per-study staffing parameter"


def test_an_assumed_zero_effect_gets_a_range() -> None:
    spec = SPECS["rivera2007.bed_days_saved_total"]
    assert spec.base == 0 and spec.low < 0 < spec.high
    psa = probabilistic(MODEL, SPECS, n_draws=2_000, seed=1)
    low, high = psa.interval("rivera2007")
    assert low < 0 < high


def test_money_ranges_follow_the_price_year() -> None:
    later = Model.from_data(FROZEN_DATA, price_year="2024-25")
    specs = load_specs(later, FROZEN_DATA)
    factor = later.costs.bed_day_cost_gbp / 334
    assert specs["bed_day_cost_gbp"].low == pytest.approx(319 * factor)
    assert specs["bed_day_cost_gbp"].high == pytest.approx(366 * factor)
    assert specs["employer_pension_rate"].high == SPECS["employer_pension_rate"].high


def test_a_range_moves_with_a_value_set_by_a_parameter() -> None:
    # A bed-day cost of £668 set in a notebook: the sourced £319-£366 range moves with it, x 2.
    specs = load_specs(Model.from_data(FROZEN_DATA, bed_day_cost_gbp=668.0))
    assert (specs["bed_day_cost_gbp"].low, specs["bed_day_cost_gbp"].high) == pytest.approx((638, 732))
    assert "moved with the value set here" in specs["bed_day_cost_gbp"].reason
    # One caseload of 40 for every study: the one-to-one range moves x 40 / 12.6, the group range x 40 / 45.5.
    specs = load_specs(Model.from_data(FROZEN_DATA, caseload=40.0))
    assert (specs[CASELOAD].low, specs[CASELOAD].high) == pytest.approx((8 * 40 / 12.6, 20 * 40 / 12.6))
    group = specs["caseload_group"]
    assert (group.low, group.high) == pytest.approx((8 * 40 / 45.5, 259 * 40 / 45.5))


def test_a_data_file_edited_outside_its_range_names_both_files(data_copy: Path) -> None:
    edit_cell(data_copy / "unit_costs.csv", lambda r: r["item"] == "bed_day_cost_gbp", "value", "500")
    line = next(i for i, text in enumerate((data_copy / "uncertainty.csv").read_text().splitlines(), start=1)
                if text.startswith("bed_day_cost_gbp,"))
    with pytest.raises(DataError) as err:
        load_specs(Model.from_data(data_copy), data_copy)
    message = str(err.value)
    assert "uncertainty.csv" in message and "unit_costs.csv" in message and f"line {line}," in message
    assert "319 to 366" in message and "500" in message


def test_one_way_bed_day_cost_is_linear() -> None:
    table = one_way(MODEL, SPECS).table
    row = table[(table.outcome == "sledge2011") & (table.parameter == "bed_day_cost_gbp")].iloc[0]
    assert row.ratio_low == pytest.approx(row.base_ratio * 319 / 334)
    assert row.ratio_high == pytest.approx(row.base_ratio * 366 / 334)
    assert table[(table.outcome == "min2007") & table.parameter.str.startswith("sledge2011.")].empty


def test_one_way_caseload_by_hand() -> None:
    # Sledge (one-to-one) at 8 and 20 patients per FTE: 9 x 12 x caseload / 9 x £334 / £20,774.00; the group caseload
    # does not touch it
    table = one_way(MODEL, SPECS).table
    row = table[(table.outcome == "sledge2011") & (table.parameter == CASELOAD)].iloc[0]
    assert (row.ratio_low, row.ratio_high) == pytest.approx((12 * 8 * 334 / WORKER_GBP, 12 * 20 * 334 / WORKER_GBP))
    assert table[(table.outcome == "sledge2011") & (table.parameter == "caseload_group")].empty


def test_thresholds_by_hand() -> None:
    sledge = MODEL.base_case().study("sledge2011")
    # ratio = 1 when the bed-day cost is the worker's cost over 151.2 bed-days saved per FTE-year (9 x 12 x 12.6 / 9)
    assert MODEL.solve("bed_day_cost_gbp", "sledge2011") == pytest.approx(WORKER_GBP / 151.2, rel=1e-6)
    # ... and when the caseload is the break-even caseload: £20,774.00 x 9 / (12 x 9 x £334)
    assert MODEL.solve(CASELOAD, "sledge2011") == pytest.approx(WORKER_GBP * 9 / (12 * 9 * 334), rel=1e-6)
    assert sledge.break_even_caseload == pytest.approx(MODEL.solve(CASELOAD, "sledge2011"), rel=1e-6)


def test_threshold_when_never_crossed() -> None:
    assert math.isnan(MODEL.solve("bed_day_cost_gbp", "rivera2007"))  # a ratio of 0 at every bed-day cost
    assert MODEL.solve(CASELOAD, "rivera2007") == math.inf


def test_threshold_table_is_sorted_most_fragile_first() -> None:
    table = thresholds(MODEL, SPECS).summary()
    sledge = table[table.outcome == "sledge2011"]
    distance = np.abs(np.log(sledge["threshold"] / sledge["base"]))
    finite = distance[np.isfinite(distance)]
    assert list(finite) == sorted(finite)


def test_two_way_grid_by_hand() -> None:
    grid = two_way(MODEL, x=[10.0, 40.0], y=[200.0, 400.0])
    ratio = grid.ratios["sledge2011"]
    assert ratio.shape == (2, 2)
    # rows follow the bed-day cost, columns the caseload: 12 x caseload x cost / worker
    assert ratio[1, 0] == pytest.approx(12 * 10 * 400 / WORKER_GBP)
    assert ratio[0, 1] == pytest.approx(12 * 40 * 200 / WORKER_GBP)


def test_psa_is_reproducible_with_a_seed() -> None:
    a = probabilistic(MODEL, SPECS, n_draws=2_000, seed=7)
    b = probabilistic(MODEL, SPECS, n_draws=2_000, seed=7)
    c = probabilistic(MODEL, SPECS, n_draws=2_000, seed=8)
    for outcome in a.ratios:
        np.testing.assert_array_equal(a.ratios[outcome], b.ratios[outcome])
    assert not np.array_equal(a.ratios["sledge2011"], c.ratios["sledge2011"])
    assert a.summary().equals(b.summary())


def test_psa_with_zero_variance_returns_the_point_estimate() -> None:
    fixed = with_fixed(SPECS, [])
    psa = probabilistic(MODEL, fixed, n_draws=1_000, seed=1)
    base = MODEL.evaluate().outcomes()
    for outcome, draws in psa.ratios.items():
        assert draws.shape == (1_000,)
        assert np.all(draws == pytest.approx(float(base[outcome])))


def test_shared_inputs_move_every_study_in_proportion() -> None:
    """Unit costs and caseloads are drawn once per draw for every study: with only they uncertain, each study's
    ratio divided by its base ratio is the same, draw by draw, in every study of one way of delivering support;
    between the ways it differs by the ratio of their caseloads' moves."""
    psa = probabilistic(MODEL, with_fixed(SPECS, SHARED_PARAMETERS), n_draws=5_000, seed=3)
    relative = [psa.ratios[s] / psa.base[s] for s in ("sledge2011", "min2007", "lawn2008")]
    for other in relative[1:]:
        np.testing.assert_allclose(other, relative[0], rtol=1e-12)
    assert relative[0].std() > 0.1, "the shared inputs did vary"
    group_move = np.asarray(psa.draws["caseload_group"]) / SPECS["caseload_group"].base
    one_to_one_move = np.asarray(psa.draws[CASELOAD]) / SPECS[CASELOAD].base
    np.testing.assert_allclose(psa.ratios["landers2011"] / psa.base["landers2011"],
                               relative[0] * group_move / one_to_one_move, rtol=1e-12)


def test_psa_agrees_with_the_formula_written_out_per_draw() -> None:
    """Sledge's ratio for each draw, by the formula of DESIGN.md §1.1 written out here, one draw at a time."""
    psa = probabilistic(MODEL, SPECS, n_draws=1_000, seed=11)
    d = {k: np.broadcast_to(np.asarray(v, dtype=float), (1_000,)) for k, v in psa.draws.items()}
    for i in range(0, 300, 7):
        salary = d["peer_worker_salary_gbp"][i]
        # NI less the 3.7 % contracted-out rebate on earnings from £102 x 52 to £770 x 52 (fixed: statutory)
        rebate = 0.037 * max(0.0, min(salary, 770 * 52) - 102 * 52)
        worker = (salary + 0.138 * max(0.0, salary - 7_072) - rebate + d["employer_pension_rate"][i] * salary) * (
            1 + d["overhead_rate"][i])
        delta = d["sledge2011.bed_days_control"][i] - d["sledge2011.bed_days_peer"][i]
        expected = delta * 12 * d[CASELOAD][i] / 9 * d["bed_day_cost_gbp"][i] / worker
        assert psa.ratios["sledge2011"][i] == pytest.approx(expected, rel=1e-12)


def test_where_the_base_case_sits() -> None:
    psa = probabilistic(MODEL, SPECS, n_draws=20_000, seed=5)
    parameters = psa.parameter_summary()
    # log-uniform from 8 to 20: the base of 12.6 sits at ln(12.6 / 8) / ln(20 / 8) = 0.496 of its draws, the centre
    assert parameters.loc[CASELOAD, "base_percentile"] == pytest.approx(0.496, abs=0.02)
    assert parameters.loc["employer_pension_rate", "base_percentile"] == 0.0  # base at the bottom of its range
    summary = psa.summary()
    assert set(summary.columns) >= {"base", "base_percentile", "probability_above_one"}
    assert summary.loc["pooled_sample_size", "base"] == pytest.approx(psa.base["pooled_sample_size"])


def test_probability_is_monotone_in_the_bed_day_cost() -> None:
    psa = probabilistic(MODEL, SPECS, n_draws=5_000, seed=3)
    curve = acceptability(psa, "bed_day_cost_gbp", [50.0, 100.0, 200.0, 334.0, 600.0])
    for outcome, probabilities in curve.probabilities.items():
        assert np.all(np.diff(probabilities) >= 0), outcome


def test_acceptability_steps_at_the_break_even_caseload_when_nothing_else_is_uncertain() -> None:
    psa = probabilistic(MODEL, with_fixed(SPECS, [CASELOAD]), n_draws=1_000, seed=1)
    break_even = WORKER_GBP * 9 / (12 * 9 * 334)  # Sledge, worked by hand: 5.18
    curve = acceptability(psa, CASELOAD, [break_even * 0.99, break_even * 1.01])
    assert curve.probabilities["sledge2011"].tolist() == [0.0, 1.0]


@pytest.mark.parametrize("distribution, base, low, high", [
    ("gamma", 334.0, 319.0, 366.0), ("normal", 9.0, 0.0, 18.0), ("beta", 0.3, 0.2, 0.4),
])
def test_draws_have_the_stated_mean_and_spread(distribution: str, base: float, low: float, high: float) -> None:
    spec = ParameterSpec("x", base, low, high, distribution, "test")
    draws = spec.draw(np.random.default_rng(0), 200_000)
    assert np.mean(draws) == pytest.approx(base, rel=0.01)
    assert np.std(draws) == pytest.approx((high - low) / (2 * 1.959964), rel=0.02)


def test_uniform_and_loguniform_stay_in_range() -> None:
    rng = np.random.default_rng(0)
    for distribution in ("uniform", "loguniform"):
        draws = ParameterSpec("x", 2.0, 1.0, 4.0, distribution, "test").draw(rng, 10_000)
        assert draws.min() >= 1.0 and draws.max() <= 4.0
    median = np.median(ParameterSpec("x", 20.0, 10.0, 40.0, "loguniform", "test").draw(rng, 100_000))
    assert median == pytest.approx(20.0, rel=0.01)  # sqrt(10 x 40)


@pytest.mark.parametrize("n_draws", [0, 999, 2_500.5, 10_000_001, True])
def test_bad_draw_count(n_draws: object) -> None:
    # Fewer than 1,000 draws put fewer than 1,000 x 2.5 % = 25 beyond each end of a 95 % interval.
    expected = ("n_draws: expected a whole number from 1,000 to 10,000,000 (draws; fewer put fewer than 25 draws "
                f"beyond each end of a 95 % interval), found {n_draws!r}")
    with pytest.raises(ParameterError, match=f"^{re.escape(expected)}$"):
        probabilistic(MODEL, SPECS, n_draws=n_draws)  # type: ignore[arg-type]


@pytest.mark.parametrize("parameter, message", [
    ("overheads", "unknown parameter"),
    ("smith2020.bed_days_peer", "unknown study"),
    ("sledge2011.odds_ratio", "study 'sledge2011' has no input 'odds_ratio'"),
    ("*.length_of_stay_days", "no study has this input"),
])
def test_an_uncertainty_row_that_would_be_ignored_is_an_error(data_copy: Path, parameter: str, message: str) -> None:
    path = data_copy / "uncertainty.csv"
    line = edit_cell(path, lambda r: r["parameter"] == "overhead_rate", "parameter", parameter)
    with pytest.raises(DataError, match=message) as err:
        load_uncertainty(data_copy)
    assert f"uncertainty.csv, line {line}, column 'parameter'" in str(err.value)


def test_bad_uncertainty_rows(data_copy: Path) -> None:
    path = data_copy / "uncertainty.csv"
    line = edit_cell(path, lambda r: r["parameter"] == "overhead_rate", "distribution", "triangular")
    with pytest.raises(DataError, match=rf"uncertainty.csv, line {line}, column 'distribution'"):
        load_uncertainty(data_copy)
    edit_cell(path, lambda r: r["parameter"] == "overhead_rate", "distribution", "uniform")
    edit_cell(path, lambda r: r["parameter"] == "overhead_rate", "low", "0.9")
    with pytest.raises(DataError, match="low above high"):
        load_uncertainty(data_copy)


def test_with_fixed_keeps_only_the_named_parameters_uncertain() -> None:
    specs = with_fixed(SPECS, [CASELOAD])
    assert [name for name, spec in specs.items() if spec.varies] == [CASELOAD]
    assert specs["bed_day_cost_gbp"] == replace(SPECS["bed_day_cost_gbp"], distribution="fixed")


def test_times_base_by_hand() -> None:
    # 6 against 3 is twice; no threshold, a negative threshold or a zero base says nothing.
    got = times_base([6.0, math.inf, -2.0, 4.0], [3.0, 3.0, 3.0, 0.0])
    assert got[0] == pytest.approx(2.0) and np.isnan(got[1:]).all()


def test_thresholds_come_study_by_study_then_pooled_most_fragile_first() -> None:
    table = thresholds(MODEL, SPECS).summary()
    outcomes = list(dict.fromkeys(table["outcome"]))
    studies = [o for o in outcomes if not o.startswith("pooled_")]
    assert outcomes == studies + [o for o in outcomes if o.startswith("pooled_")], "studies first, then pools"
    assert studies == [s.study_id for s in MODEL.studies], "the studies in the model's (data/studies.csv) order"


def test_the_furthest_pool_is_the_weighting_that_moves_the_answer_most() -> None:
    psa = probabilistic(MODEL, SPECS, n_draws=2_000, seed=1)
    probability = {o: float(np.mean(r > 1)) for o, r in psa.ratios.items()}  # P(ratio > 1), counted here
    decision = "pooled_fte_years"
    gaps = {o: abs(p - probability[decision]) for o, p in probability.items()
            if o.startswith("pooled_") and o != decision}
    assert psa.furthest_pool(decision) == max(gaps, key=gaps.__getitem__)
