"""What is worth finding out: joint EVPPI against closed forms, research groups, scenario weights, the flip point of an
assumed sample size, the national value rounded to its Monte Carlo error, and the delivery modes' caseloads."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest

from peerlib.analysis import scenarios, voi
from peerlib.analysis.psa import probabilistic
from peerlib.analysis.specs import load_specs
from peerlib.core.model import Model
from peerlib.inputs import studies
from peerlib.inputs.errors import DataError
from peerlib.inputs.population import load_population
from peerlib.present.worth_knowing import gbp_to_error
from tests.conftest import FROZEN_DATA, edit_cell
from tests.unit.test_bad_input import assert_names
from tests.unit.test_voi import normal_evpi

N = 400_000


def test_joint_evppi_of_an_interaction_is_the_closed_form() -> None:
    # NB = X1 x X2 with X1, X2 independent standard normal: E[NB | X1] = X1 E[X2] = 0, so neither input alone is
    # worth anything; together they decide NB, and EVPI = E[max(X1 X2, 0)] = E|X1 X2| / 2 = (2 / pi) / 2 = 1 / pi.
    rng = np.random.default_rng(25)
    x1, x2 = rng.normal(size=N), rng.normal(size=N)
    nb = x1 * x2
    tolerance = 4 * float(np.std(np.abs(nb))) / math.sqrt(N)
    assert voi.evppi(nb, x1) == pytest.approx(0.0, abs=tolerance)
    assert voi.evppi(nb, x2) == pytest.approx(0.0, abs=tolerance)
    assert voi.evppi(nb, np.column_stack([x1, x2])) == pytest.approx(1 / math.pi, abs=tolerance)


def test_joint_evppi_of_two_additive_inputs_is_the_normal_closed_form() -> None:
    # NB = X1 + X2 - 1,500 + noise with X1 ~ N(500, 1,000), X2 ~ N(1,500, 1,500): knowing both fixes NB up to the
    # noise, so EVPPI(X1, X2) is the EVPI of N(500, sqrt(1,000^2 + 1,500^2)) (mean 1000, sd 2000: 395.59 in DESIGN).
    rng = np.random.default_rng(2014)
    x1, x2 = rng.normal(500, 1_000, N), rng.normal(1_500, 1_500, N)
    noise = rng.normal(0, 800, N)
    nb = x1 + x2 - 1_500 + noise
    exact = normal_evpi(500.0, math.hypot(1_000, 1_500))
    assert voi.evppi(nb, np.column_stack([x1, x2])) == pytest.approx(exact, abs=4 * 2_000 / math.sqrt(N))
    assert normal_evpi(1_000.0, 2_000.0) == pytest.approx(395.59, abs=0.01)


def test_evpi_standard_error_by_hand() -> None:
    # Mean NB 2.5 > 0, so the choice is to adopt; the losses are max(-NB, 0) = 0, 0, 1, 3 (mean 1, sd sqrt(2)).
    nb = np.array([5.0, 8.0, -1.0, -3.0])
    assert voi.evpi(nb) == pytest.approx(1.0)
    assert voi.evpi_standard_error(nb) == pytest.approx(math.sqrt(2.0) / 2)
    assert voi.probability_standard_error(0.5, 100) == pytest.approx(0.05)


def test_research_groups_are_unions_of_single_groups() -> None:
    groups = {"staffing": ("caseload", "caseload_group"), "unit costs": ("bed_day_cost_gbp",),
              "design": ("landers2011.n_peer",), "effect: Landers": ("landers2011.effect_scale",),
              "effect: Sledge": ("sledge2011.bed_days_peer",)}
    found = voi.research_groups(groups)
    assert found[voi.STAFFING_STUDY] == ("caseload", "caseload_group")
    # Landers & Zhou's inputs fall in two groups (its design and its effect): one paper would inform both
    assert found["Landers's own paper"] == ("landers2011.n_peer", "landers2011.effect_scale")
    assert "Sledge's own paper" not in found  # its inputs are its effect alone
    assert found[voi.NEW_TRIAL] == ("landers2011.effect_scale", "sledge2011.bed_days_peer")
    assert found[voi.UNIT_COSTS] == ("bed_day_cost_gbp",)


def test_the_model_names_the_largest_group_and_its_parts() -> None:
    model = Model.from_data(FROZEN_DATA)
    psa = probabilistic(model, load_specs(model, FROZEN_DATA), n_draws=20_000, seed=2013)
    value = voi.value_of_information(psa)
    every = {**value.evppi_gbp, **value.joint_evppi_gbp}
    assert value.value_of(value.most_valuable) == max(every.values())
    for group, parts in value.joint_groups.items():
        # A union is worth at least its largest part and at most everything (up to the regression's error).
        assert every[group] >= max(value.evppi_gbp[p] for p in parts) - 0.02 * value.evpi_gbp
        assert every[group] <= value.evpi_gbp * 1.02
    assert f"staffing{voi.PAIR_JOIN}unit costs" in value.joint_evppi_gbp


def test_option_weights() -> None:
    def scenario(sid: str, group: str, weight: float | None) -> scenarios.Scenario:
        return scenarios.Scenario(sid, group, sid, {}, (), (), (), weight)

    # Two groups: one with no weights (base and its one option 1/2 each); one where an option is given 0.2, so the
    # base and the other option share the 0.8 left: 0.4 each.
    weights = scenarios.option_weights([scenario("a", "g1", None), scenario("b", "g2", 0.2), scenario("c", "g2", None)])
    assert weights == pytest.approx({"a": 0.5, "b": 0.2, "c": 0.4})
    # Learning which option holds: means -100 (w 0.75) and 300 (w 0.25): 0.25 x 300 - max(0.75 x -100 + 75, 0) = 75.
    assert scenarios.structural_evppi([np.full(4, -100.0), np.full(4, 300.0)], [0.75, 0.25]) == pytest.approx(75.0)


def test_flip_point_of_an_assumed_sample_size_by_hand() -> None:
    # The ratio of totals is bed x sum(delta_s n_s) / (cost x sum(fte_s)); Landers & Zhou's FTE-years are
    # n x months / (12 x group caseload) and its bed-days saved delta x n. Setting the ratio to 1 and solving for n:
    # n = (r A - B) / (k - r delta), with r = bed / cost, A and B the other studies' totals, k = months / (12 c).
    model = Model.from_data(FROZEN_DATA)
    e = model.evaluate()
    others = [s for s in model.study_ids if s != "landers2011"]
    r = float(e.bed_day_cost_gbp / e.peer_worker_cost_gbp)
    a = sum(float(e.delta[s]) * model.study(s).n_peer for s in others)
    b = sum(float(e.fte_years[s]) for s in others)
    landers = model.study("landers2011")
    k = landers.support_months / (12 * model.staffing.caseload_for(landers))
    by_hand = (r * a - b) / (k - r * float(e.delta["landers2011"]))
    assert model.solve("landers2011.n_peer", voi.DECISION) == pytest.approx(by_hand, rel=1e-6)


@pytest.mark.parametrize("amount, error, shown", [
    (4_920_247, 130_000, "£4.9M"), (25_600_000, 600_000, "£26M"), (88_612_000, 300_000, "£88.6M"),
    (9_648, 63, "£9,600"), (9_648, float("nan"), "£9,648")])
def test_national_values_are_rounded_to_their_error(amount: float, error: float, shown: str) -> None:
    assert gbp_to_error(amount, error) == shown


def test_population_is_the_measured_workforce_and_the_target_a_scenario() -> None:
    population = load_population(FROZEN_DATA)
    assert population.peer_worker_fte == pytest.approx(population.headcount * population.fte_per_head)
    target = population.at_target()
    assert target.is_target and not population.is_target
    assert target.peer_worker_fte == pytest.approx(target.headcount * population.fte_per_head)


def test_caseload_by_delivery() -> None:
    model = Model.from_data(FROZEN_DATA)
    group = [s for s in model.studies if s.delivery == "group"]
    assert group and all(s.caseload_parameter == "caseload_group" for s in group)
    e = model.evaluate()
    for s in group:  # FTE-years = n x months / (12 x the group caseload)
        assert float(e.fte_years[s.study_id]) == pytest.approx(
            s.n_peer * s.support_months / (12 * model.staffing.caseload_group))
    # One caseload for every study, as the command line and notebooks set it
    common = model.with_caseload(30.0)
    assert common.staffing.parameters()["caseload"] == common.staffing.parameters()["caseload_group"] == 30.0


def test_unknown_delivery(data_copy: Path) -> None:
    line = edit_cell(data_copy / "studies.csv", lambda r: r["study_id"] == "sledge2011", "delivery", "telepathy")
    with pytest.raises(DataError) as err:
        studies.load_studies(data_copy)
    assert_names(err.value, "studies.csv", line, "delivery", "one_to_one", "telepathy")


def test_delivery_that_contradicts_the_inputs(data_copy: Path) -> None:
    line = edit_cell(data_copy / "studies.csv", lambda r: r["study_id"] == "core2018", "delivery", "group")
    with pytest.raises(DataError) as err:
        studies.load_studies(data_copy, included_only=False)
    assert_names(err.value, "studies.csv", line, "delivery", "published_intensity", "group")


def test_caseload_off_the_centre_of_its_range(data_copy: Path) -> None:
    line = edit_cell(data_copy / "uncertainty.csv", lambda r: r["parameter"] == "caseload_group", "high", "400")
    with pytest.raises(DataError) as err:
        load_specs(Model.from_data(data_copy), data_copy)
    assert_names(err.value, "uncertainty.csv", line, "low", "staffing.csv", "56.6", "8 to 400")


@pytest.mark.parametrize("weight, expected", [("1.5", "a probability above 0 and below 1"),
                                              ("0", "a probability above 0 and below 1")])
def test_bad_scenario_weight(data_copy: Path, weight: str, expected: str) -> None:
    line = edit_cell(data_copy / "scenarios.csv", lambda r: r["scenario"] == "own_effects_only", "weight", weight)
    with pytest.raises(DataError) as err:
        scenarios.load_scenarios(Model.from_data(data_copy), data_copy)
    assert_names(err.value, "scenarios.csv", line, "weight", expected, weight)


def test_inverted_caseload_range(data_copy: Path) -> None:
    line = edit_cell(data_copy / "uncertainty.csv", lambda r: r["parameter"] == "caseload_group", "low", "300")
    with pytest.raises(DataError) as err:
        load_specs(Model.from_data(data_copy), data_copy)
    assert_names(err.value, "uncertainty.csv", line, "low", "low above high", "at most 259", "300")
