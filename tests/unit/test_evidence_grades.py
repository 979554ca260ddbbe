"""How sure: effect ranges by grade of evidence, structural scenarios and population value of information.

Expected values are worked out here from the rules as data/ states them, or from closed forms.
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from peerlib.analysis import scenarios, voi
from peerlib.analysis.psa import probabilistic
from peerlib.analysis.specs import ParameterSpec, load_specs
from peerlib.core.model import Model
from peerlib.inputs.errors import DataError
from peerlib.inputs.population import Population, load_population
from peerlib.inputs.uncertainty import load_uncertainty
from tests.conftest import FROZEN_DATA, edit_cell

Z_95 = 1.959963984540054


@pytest.fixture(scope="module")
def model() -> Model:
    return Model.from_data(FROZEN_DATA, extra_study_ids=["core2018"])


@pytest.fixture(scope="module")
def specs(model: Model) -> dict[str, ParameterSpec]:
    return load_specs(model, FROZEN_DATA)


def test_a_not_significant_effect_keeps_no_effect_inside_its_95_percent_range(specs) -> None:  # noqa: ANN001
    # Landers & Zhou: 2 bed-days per patient, from a secondary source and not significant: the rule is a
    # normal effect scale with its 95 % range from -1 to 3 times the figure, so the effect runs from -2 to 6.
    scale = specs["landers2011.effect_scale"]
    assert scale.distribution == "normal"
    assert scale.standard_error == pytest.approx(4 / (2 * Z_95))
    low, high = 2 * (1 - Z_95 * scale.standard_error), 2 * (1 + Z_95 * scale.standard_error)
    assert low == pytest.approx(-2.0) and high == pytest.approx(6.0)
    assert low < 0 < high


def test_a_controlled_study_without_spread_runs_from_no_effect_to_twice_its_figure(specs) -> None:  # noqa: ANN001
    scale = specs["min2007.effect_scale"]  # 1,549 bed-days, comparison group, significance not reported
    assert (scale.low, scale.high, scale.distribution) == (0.0, 2.0, "normal")
    assert scale.standard_error == pytest.approx(2 / (2 * Z_95))  # so 1.96 standard errors reach 0


def test_a_study_with_its_own_spread_takes_no_further_rule(specs) -> None:  # noqa: ANN001
    assert not specs["sledge2011.effect_scale"].varies  # Sledge publishes SDs: they set the spread
    assert not specs["rivera2007.effect_scale"].varies  # Rivera's assumed effect has a range of its own
    # CORE publishes counts: their binomial spread (consistent with its OR 0.66, 95 % CI 0.43-0.99) is its spread
    assert not specs["core2018.effect_scale"].varies


@pytest.mark.parametrize("study_id", ["core2018", "sledge2011"])
def test_a_randomised_study_with_its_own_spread_gets_no_extra_widening_even_if_not_significant(
        data_copy: Path, study_id: str) -> None:
    # Marked not significant, a study whose own figures carry its spread (grade randomised_spread) still takes that
    # spread alone: its effect scale stays fixed at 1, and its counts or SDs still vary.
    edit_cell(data_copy / "studies.csv", lambda r: r["study_id"] == study_id, "effect_significant", "no")
    model = Model.from_data(data_copy, study_ids=[study_id])
    specs = load_specs(model, data_copy)
    scale = specs[f"{study_id}.effect_scale"]
    assert (scale.low, scale.high, scale.distribution) == (1.0, 1.0, "fixed")
    own = ("admitted_peer", "admitted_control", "bed_days_peer", "bed_days_control")
    assert any(spec.varies for name, spec in specs.items() if name in {f"{study_id}.{i}" for i in own})


def test_a_study_without_its_own_spread_is_still_widened_when_not_significant(data_copy: Path) -> None:
    # Min et al.: comparison group, no spread (0 to 2); marked not significant, the rule of -1 to 3 applies instead
    edit_cell(data_copy / "studies.csv", lambda r: r["study_id"] == "min2007", "effect_significant", "no")
    model = Model.from_data(data_copy, study_ids=["min2007"])
    scale = load_specs(model, data_copy)["min2007.effect_scale"]
    assert (scale.low, scale.high, scale.distribution) == (-1.0, 3.0, "normal")


def test_no_comparison_group_cannot_make_a_ratio_certain(model: Model, specs) -> None:  # noqa: ANN001
    psa = probabilistic(model, specs, n_draws=50_000, seed=2013)
    # Lawn's effect scale is normal(1, 1.02): at least P(scale < 0) = Phi(-1 / 1.02) = 0.16 of draws save no
    # bed-days at all, so P(ratio > 1) is at most about 0.84.
    se = 4 / (2 * Z_95)
    p_negative = 0.5 * (1 + math.erf(-1 / se / math.sqrt(2)))
    assert psa.summary().loc["lawn2008", "probability_above_one"] <= 1 - p_negative + 0.01
    assert psa.summary().loc["lawn2008", "probability_above_one"] < 0.99


def test_an_approximate_count_is_drawn_within_its_rounding(specs) -> None:  # noqa: ANN001
    # "about 1,900": rounded to the nearest hundred, so 1,850 to 1,950
    assert (specs["landers2011.n_peer"].low, specs["landers2011.n_peer"].high) == (1850.0, 1950.0)
    assert not specs["sledge2011.n_peer"].varies  # published exactly: N=38


def test_population_factor_is_fte_times_discounted_years() -> None:
    # 1,000 peer workers at 0.6 of an FTE each: 600 FTE
    population = Population(headcount=1_000, fte_per_head=0.6, horizon_years=10, discount_rate=0.035)
    # An annuity of 10 payments in advance at 3.5 %: (1 - 1.035^-10) / (1 - 1 / 1.035) = 8.6077
    annuity = (1 - 1.035**-10) / (1 - 1 / 1.035)
    assert annuity == pytest.approx(8.6077, abs=1e-4)
    assert population.factor == pytest.approx(600 * annuity)
    assert Population(10, 1.0, 1, 0.035).factor == 10  # one year is not discounted


def test_normal_closed_form_evpi() -> None:
    # Net benefit normal(1000, 2000) against 0: 1000 Phi(0.5) + 2000 phi(0.5) - 1000 = 395.59
    rng = np.random.default_rng(1)
    draws = rng.normal(1000, 2000, 2_000_000)
    assert voi.evpi(draws) == pytest.approx(395.59, abs=4 * 2000 / math.sqrt(len(draws)))


def test_structural_evppi_by_hand() -> None:
    # Two equally likely structures with expected net benefits -100 and +300 (each a constant here):
    # deciding after learning which: (0 + 300) / 2 = 150; deciding now on the mean (100): 100. Gain: 50.
    value = scenarios.structural_evppi([np.full(10, -100.0), np.full(10, 300.0)])
    assert value == pytest.approx(50.0)
    assert scenarios.structural_evppi([np.full(10, -100.0), np.full(10, -300.0)]) == 0.0


@settings(max_examples=40, deadline=None)
@given(st.floats(-2000, 2000), st.floats(0.1, 3.0), st.floats(0.1, 3.0), st.integers(0, 2**31))
def test_evppi_is_bounded_by_the_evpi(mean: float, sd_a: float, sd_b: float, seed: int) -> None:
    # NB = mean + 1000 (a + b) with a, b independent normals: EVPPI(a) <= EVPPI(a, b) <= EVPI, all >= 0
    rng = np.random.default_rng(seed)
    a, b = rng.normal(0, sd_a, 20_000), rng.normal(0, sd_b, 20_000)
    nb = mean + 1000 * (a + b)
    slack = 4 * 1000 * (sd_a + sd_b) / math.sqrt(len(nb))  # regression and Monte Carlo error
    subset, superset, total = voi.evppi(nb, a), voi.evppi(nb, np.column_stack([a, b])), voi.evpi(nb)
    assert subset >= -1e-9 and superset >= -1e-9
    assert subset <= superset + slack
    assert superset <= total + slack


def test_scenarios_run_on_the_same_draws(model: Model, specs) -> None:  # noqa: ANN001
    base_model = model.with_studies([s for s in model.studies if s.included])
    psa = probabilistic(base_model, load_specs(base_model, FROZEN_DATA), n_draws=5_000, seed=2013)
    analysis = scenarios.run_scenarios(psa, scenarios.load_scenarios(base_model, FROZEN_DATA), voi.DECISION,
                                       load_population(FROZEN_DATA))
    summary = analysis.summary()
    assert len(summary) >= 4 and summary.index[0] == "base"
    ratios = {o.scenario.scenario_id: o.ratios for o in analysis.outcomes}
    # Reading Landers & Zhou's follow-up as 12 months doubles its ratio in every draw: the weights (FTE-years)
    # halve too, so the pooled ratio of totals changes, but Landers' own share of the benefit doubles.
    e24 = psa.evaluation.ratio["landers2011"]
    twelve = next(s for s in scenarios.load_scenarios(base_model, FROZEN_DATA)
                  if s.scenario_id == "landers_followup_12")
    from peerlib.core.model import evaluate
    e12 = evaluate({**psa.draws, **twelve.overrides}, base_model.studies).ratio["landers2011"]
    np.testing.assert_allclose(e12, 2 * np.asarray(e24))
    assert not np.array_equal(ratios["base"], ratios["landers_followup_12"])
    # Leaving studies out pools only the others
    own = next(o for o in analysis.outcomes if o.scenario.scenario_id == "own_effects_only")
    assert set(own.scenario.exclude) == {"klein1998", "rivera2007", "landers2011"}


def test_a_bad_evidence_grade_names_the_cell(data_copy: Path) -> None:
    line = edit_cell(data_copy / "studies.csv", lambda r: r["study_id"] == "lawn2008", "evidence_grade", "anecdote")
    with pytest.raises(DataError) as err:
        Model.from_data(data_copy)
    message = str(err.value)
    assert "studies.csv" in message and f"line {line}" in message and "column 'evidence_grade'" in message
    assert "anecdote" in message and "no_comparison_group" in message


def test_a_missing_grade_rule_is_an_error(data_copy: Path) -> None:
    path = data_copy / "uncertainty.csv"
    kept = [row for row in path.read_text().splitlines() if not row.startswith("grade:secondary_source")]
    path.write_text("\n".join(kept))
    with pytest.raises(DataError) as err:
        load_uncertainty(data_copy)
    assert "uncertainty.csv" in str(err.value) and "grade:secondary_source" in str(err.value)


@pytest.mark.parametrize("column, value, expected", [
    ("parameter", "landers2011.follow_up", "unknown parameter"),
    ("value", "none", "a number greater than 0"),
    ("value", "30", "support longer than the follow-up"),
])
def test_a_bad_scenario_names_the_cell(data_copy: Path, column: str, value: str, expected: str) -> None:
    def row(r: dict[str, str]) -> bool:
        return r["scenario"] == "support_six_months" and r["parameter"] == "sledge2011.support_months"
    edit_cell(data_copy / "scenarios.csv", row, column, value)
    model = Model.from_data(data_copy)
    with pytest.raises(DataError) as err:
        scenarios.load_scenarios(model, data_copy)
    assert "scenarios.csv" in str(err.value) and expected in str(err.value)


@pytest.mark.parametrize("item, value, expected", [
    ("horizon_years", "2.5", "a whole number from 1 to 100"),
    ("horizon_years", "0", "a whole number from 1 to 100"),
    ("discount_rate", "3.5", "a number from 0 to 0.2"),
    ("peer_worker_headcount", "-1", "a number from 1"),
    ("fte_per_head", "1.5", "a fraction from 0.01 to 1"),
])
def test_a_bad_population_figure_names_the_cell(data_copy: Path, item: str, value: str, expected: str) -> None:
    line = edit_cell(data_copy / "population.csv", lambda r: r["item"] == item, "value", value)
    with pytest.raises(DataError) as err:
        load_population(data_copy)
    message = str(err.value)
    assert "population.csv" in message and f"line {line}" in message and "column 'value'" in message
    assert expected in message


# --- What the built reports say ---------------------------------------------------------------------


def test_small_values_are_shown_as_what_they_are() -> None:
    from peerlib.formatting import formatted, gbp_text
    # A positive value of information is never "£0"; a ratio that rounds to zero has no minus sign, and a negative
    # one has the minus sign (U+2212), not a hyphen.
    assert gbp_text(0.49) == "£0.49" and gbp_text(0.004) == "under £0.01" and gbp_text(0.0) == "£0"
    assert formatted(-0.001, "ratio") == "0.00" and formatted(-0.01, "ratio") == "\u22120.01"
    assert formatted(-0.04, "one") == "0.0" and formatted(-1.5, "one") == "\u22121.5"
