"""Value of information: EVPI and regression-based EVPPI, against a closed-form answer."""

from __future__ import annotations

import math

import numpy as np
import pytest

from peerlib.analysis import voi
from peerlib.analysis.psa import probabilistic
from peerlib.analysis.specs import load_specs
from peerlib.core.model import Model
from tests.conftest import FROZEN_DATA


def normal_evpi(mean: float, sd: float) -> float:
    """EVPI when net benefit is normal(mean, sd) against 0: m Φ(m/s) + s φ(m/s) - max(m, 0)."""
    z = mean / sd
    phi = math.exp(-z * z / 2) / math.sqrt(2 * math.pi)
    cdf = 0.5 * (1 + math.erf(z / math.sqrt(2)))
    return mean * cdf + sd * phi - max(mean, 0.0)


@pytest.mark.parametrize("mean, sd", [(100.0, 300.0), (-50.0, 200.0), (0.0, 1_000.0)])
def test_evppi_of_the_only_input_is_the_closed_form_evpi(mean: float, sd: float) -> None:
    rng = np.random.default_rng(2014)
    x = rng.normal(mean, sd, 400_000)
    unrelated = rng.normal(size=400_000)
    exact = normal_evpi(mean, sd)
    tolerance = 4 * sd / math.sqrt(len(x))  # Monte Carlo error of a mean of draws of this spread
    assert voi.evpi(x) == pytest.approx(exact, abs=tolerance)
    assert voi.evppi(x, x) == pytest.approx(exact, abs=tolerance)  # net benefit depends on this input alone
    assert voi.evppi(x, unrelated) == pytest.approx(0.0, abs=tolerance)  # ... and not at all on this one


def test_a_certain_decision_has_no_value_of_information() -> None:
    assert voi.evpi([10.0, 20.0, 30.0]) == 0.0
    assert voi.evpi([-10.0, -20.0]) == 0.0
    # Net benefit +10 or -10 with equal chance: knowing it gains 10 half the time
    assert voi.evpi([10.0, -10.0]) == pytest.approx(5.0)


def test_evppi_of_a_product_is_found_by_the_regression() -> None:
    # NB = a x b - 1 with a, b independent uniform(0, 2): E[NB | a] = a - 1, so
    # EVPPI(a) = E[max(a - 1, 0)] - max(E[a - 1], 0) = 0.25 exactly.
    rng = np.random.default_rng(7)
    a, b = rng.uniform(0, 2, 400_000), rng.uniform(0, 2, 400_000)
    assert voi.evppi(a * b - 1, a) == pytest.approx(0.25, abs=0.01)
    assert voi.evppi(a * b - 1, np.column_stack([a, b])) == pytest.approx(voi.evpi(a * b - 1), rel=0.01)


def test_the_basis_holds_every_monomial_of_the_standardised_inputs() -> None:
    # Inputs (0, 2, 4) and (1, 1, 4): means 2 and 2, population SDs sqrt(8/3) and sqrt(6/3), so z = (-1, 0, 1) x
    # sqrt(3/2) and (-1, -1, 2) / sqrt(2). Columns: 1, z1, z2, z1^2, z1 z2, z2^2.
    z1 = np.array([-1.0, 0.0, 1.0]) * math.sqrt(1.5)
    z2 = np.array([-1.0, -1.0, 2.0]) / math.sqrt(2)
    expected = np.column_stack([np.ones(3), z1, z2, z1 * z1, z1 * z2, z2 * z2])
    basis = voi.polynomial_basis(np.array([[0.0, 1.0], [2.0, 1.0], [4.0, 4.0]]), degree=2)
    assert basis == pytest.approx(expected, abs=1e-12)


def test_a_regression_on_inputs_that_say_the_same_thing_twice_is_still_exact() -> None:
    # Net benefit 2 + 3x, regressed on x given twice (a singular fit the normal equations cannot solve, and the
    # SVD can), and on x alone: E[NB | x] is NB itself either way.
    x = np.linspace(-1.0, 1.0, 101)
    net_benefit = 2 + 3 * x
    assert voi.conditional_expectation(net_benefit, np.column_stack([x, x])) == pytest.approx(net_benefit, abs=1e-9)
    assert voi.conditional_expectation(net_benefit, x) == pytest.approx(net_benefit, abs=1e-9)


def test_value_of_information_of_the_model() -> None:
    model = Model.from_data(FROZEN_DATA)
    psa = probabilistic(model, load_specs(model, FROZEN_DATA), n_draws=20_000, seed=2013)
    result = voi.value_of_information(psa, "sledge2011")
    # A study's own decision is informed by its own effect, the staffing and the unit costs only.
    assert set(result.evppi_gbp) == {"staffing", "unit costs", "effect: Sledge et al. 2011"}
    assert result.groups["staffing"] == ("caseload", "fte_hours_per_year")
    assert all(0 <= v <= result.evpi_gbp + 1e-6 for v in result.evppi_gbp.values())
    pooled = voi.value_of_information(psa, "pooled_equal")
    # Klein's effect is Sledge's, borrowed, with its own transfer uncertainty on top: both groups inform the pool.
    assert {f"effect: {s.label}" for s in model.studies} <= set(pooled.evppi_gbp)
    assert pooled.groups["effect: Klein et al. 1998"] == ("klein1998.effect_scale",)
    assert list(result.summary().index)[-1] == "all inputs (EVPI)"
