"""Pooling the bed-day difference first: inverse-variance and DerSimonian-Laird meta-analysis."""

from __future__ import annotations

import math

import pytest

from peerlib.core import meta
from peerlib.inputs import studies
from peerlib.inputs.errors import ParameterError
from tests.conftest import FROZEN_DATA

# The BCG vaccine trials (Colditz et al. 1994, JAMA 271:698-702), the worked example of the R package
# metafor (dataset dat.bcg): TB cases and non-cases in the vaccinated and the control arm.
BCG = [(4, 119, 11, 128), (6, 300, 29, 274), (3, 228, 11, 209), (62, 13536, 248, 12619), (33, 5036, 47, 5761),
       (180, 1361, 372, 1079), (8, 2537, 10, 619), (505, 87886, 499, 87892), (29, 7470, 45, 7232),
       (17, 1699, 65, 1600), (186, 50448, 141, 27197), (5, 2493, 3, 2338), (27, 16886, 29, 17825)]


def test_dersimonian_laird_reproduces_metafor_and_stata() -> None:
    """metafor's own test against Stata's metan (tests/testthat/test_misc_metan_vs_rma.uni_with_dat.bcg.r,
    wviechtb/metafor): log risk ratios; fixed effect -0.4303, Q = 152.2330; DerSimonian-Laird estimate
    -0.7141, 95 % CI -1.0644 to -0.3638, tau² = 0.3088, I² = 92.1173 %."""
    log_rr = [math.log((a / (a + b)) / (c / (c + d))) for a, b, c, d in BCG]
    se = [math.sqrt(1 / a - 1 / (a + b) + 1 / c - 1 / (c + d)) for a, b, c, d in BCG]
    result = meta.meta_analysis([str(i) for i in range(len(BCG))], log_rr, se)
    assert result.fixed_effect == pytest.approx(-0.4303, abs=5e-5)
    assert result.q == pytest.approx(152.2330, abs=5e-5)
    assert result.random_effects == pytest.approx(-0.7141, abs=5e-5)
    assert result.random_effects - 1.959964 * result.random_effects_se == pytest.approx(-1.0644, abs=5e-5)
    assert result.random_effects + 1.959964 * result.random_effects_se == pytest.approx(-0.3638, abs=5e-5)
    assert result.tau_squared == pytest.approx(0.3088, abs=5e-5)
    assert 100 * result.i_squared == pytest.approx(92.1173, abs=5e-5)


def test_two_studies_by_hand() -> None:
    # Effects 10 (SE 2) and 4 (SE 4): weights 1/4 and 1/16. Fixed: 2.75 / 0.3125 = 8.8.
    # Q = 0.25 x 1.2² + 0.0625 x 4.8² = 1.8; C = 0.3125 - 0.06640625 / 0.3125 = 0.1; tau² = 0.8 / 0.1 = 8.
    result = meta.meta_analysis(["a", "b"], [10.0, 4.0], [2.0, 4.0])
    assert (result.fixed_effect, result.q, result.tau_squared, result.random_effects) == pytest.approx(
        (8.8, 1.8, 8.0, 8.0))
    assert result.k == 2


def test_agreeing_studies_have_no_heterogeneity() -> None:
    result = meta.meta_analysis(["a", "b", "c"], [5.0, 5.0, 5.0], [1.0, 2.0, 3.0])
    assert result.tau_squared == 0 and result.i_squared == 0


def test_a_zero_standard_error_is_refused() -> None:
    with pytest.raises(ParameterError, match="standard errors must be finite and above 0"):
        meta.meta_analysis(["a"], [1.0], [0.0])


def test_annual_delta_and_its_standard_error_by_hand() -> None:
    # Sledge: 9.00 bed-days over 9 months of support = 12.0 a patient-year; SE sqrt(17.31²/38 + 21.63²/36) x 12/9
    delta, se = meta.annual_delta_with_se(studies.load_study("sledge2011", FROZEN_DATA))  # type: ignore[misc]
    assert delta == pytest.approx(12.0)
    assert se == pytest.approx((17.31**2 / 38 + 21.63**2 / 36) ** 0.5 * 12 / 9)
    assert meta.annual_delta_with_se(studies.load_study("min2007", FROZEN_DATA)) is None


def test_one_study_is_not_pooled() -> None:
    six = studies.load_studies(FROZEN_DATA)
    assert [s.study_id for s in meta.studies_with_spread(six)] == ["sledge2011"]
    assert meta.pool_delta_then_value(six, 20, 334, 21_220.368, "2011-12") is None


def test_pooled_delta_is_valued_at_the_caseload() -> None:
    # Two copies of Sledge pool to Sledge's 12.0 bed-days a patient-year; x 20 patients x £334 / £21,220.37
    sledge = studies.load_study("sledge2011", FROZEN_DATA)
    twin = sledge.__class__(**{**vars(sledge), "study_id": "twin"})
    pooled = meta.pool_delta_then_value([sledge, twin], 20, 334, 21_220.368, "2011-12")
    assert pooled is not None
    assert pooled.fixed_effect_ratio == pytest.approx(12.0 * 20 * 334 / 21_220.368)


def test_summary_and_description_by_hand() -> None:
    """Two studies, effects 1 and 4, standard errors 1 and 2. Weights 1 and 1/4: fixed effect (1 + 1) / 1.25 = 1.6,
    standard error sqrt(1 / 1.25) = 0.894. Q = 1 x 0.6² + 0.25 x 2.4² = 1.8 on 1 degree of freedom;
    C = 1.25 - 1.0625 / 1.25 = 0.4, so tau² = 0.8 / 0.4 = 2 and I² = 0.8 / 1.8 = 44 %. Random weights 1/3 and 1/6:
    random effects (1/3 + 4/6) / (1/2) = 2, standard error sqrt(2) = 1.41. Valued at 10 patients per FTE, £300 a
    bed-day and £20,000 a worker: 1.6 x 10 x 300 / 20,000 = 0.24 : 1 and 2 x 10 x 300 / 20,000 = 0.30 : 1."""
    m = meta.meta_analysis(["a", "b"], [1.0, 4.0], [1.0, 2.0])
    figures = m.summary()["value"]
    assert figures.to_dict() == pytest.approx({"k": 2, "fixed_effect": 1.6, "fixed_effect_se": math.sqrt(0.8),
                                               "random_effects": 2.0, "random_effects_se": math.sqrt(2), "q": 1.8,
                                               "tau_squared": 2.0, "i_squared": 0.8 / 1.8})
    assert m.describe() == ("2 studies pooled by inverse variance: fixed effect 1.60 (standard error 0.89), random "
                            "effects 2.00 (standard error 1.41); I² 44%, tau² 2.")
    pooled = meta.PooledDelta(m, caseload=10, bed_day_cost_gbp=300, peer_worker_cost_gbp=20_000, price_year="2011-12")
    table = pooled.summary()
    assert table["benefit_cost_ratio"].to_dict() == pytest.approx({"fixed_effect": 0.24, "random_effects": 0.30})
    assert table["delta_se"].to_dict() == pytest.approx({"fixed_effect": math.sqrt(0.8),
                                                         "random_effects": math.sqrt(2)})
    assert pooled.describe() == ("Bed-days saved per patient-year pooled over 2 studies, then valued at a caseload "
                                 "of 10: 0.24 : 1 (fixed effect), 0.30 : 1 (random effects).")
