"""The model: outcome conversions, staffing, ratios and break-even, checked against sums worked by hand."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from peerlib.core import outcomes
from peerlib.core.model import Model, break_even_caseload, evaluate
from peerlib.inputs.errors import ParameterError
from peerlib.inputs.studies import CASELOAD
from tests.conftest import FROZEN_DATA

positive = st.floats(min_value=0.01, max_value=1e5, allow_nan=False, allow_infinity=False)

# data/unit_costs.csv, worked by hand: salary £17,368; NI 13.8 % above £7,072 = £1,420.848, less the
# 3.7 % contracted-out rebate on earnings from £5,304 (£102 x 52) = £446.368, so £974.48;
# pension 14 % = £2,431.52; no overheads. Bed-day £334.
WORKER_GBP = 17_368 + 0.138 * (17_368 - 7_072) - 0.037 * (17_368 - 102 * 52) + 0.14 * 17_368  # £20,774.00
BED_DAY_GBP = 334.0
# data/staffing.csv: patients one FTE supports at a time, one-to-one and in groups (Landers & Zhou, data/studies.csv)
ONE_TO_ONE, GROUP = 12.6, 45.5
CASELOAD_OF = {"landers2011": GROUP}  # every other study of the six: one-to-one

MODEL = Model.from_data(FROZEN_DATA)


def test_conversions_by_hand() -> None:
    assert outcomes.delta_from_mean_bed_days(19.08, 10.08) == pytest.approx(9.00)
    assert outcomes.delta_from_total_saved(300, 50) == pytest.approx(6.0)
    # (1.53 - 0.89) admissions x 12.5 days = 8.0 bed-days
    assert outcomes.delta_from_admissions(1.53, 0.89, 12.5) == pytest.approx(8.0)
    # (0.73 - 0.62) x 20 days = 2.2 bed-days
    assert outcomes.delta_from_proportions(0.73, 0.62, 20) == pytest.approx(2.2)


def test_odds_ratio_recovers_the_peer_proportion_from_counts() -> None:
    # CORE trial counts: 64/218 readmitted (peer) vs 83/216 (control).
    odds_ratio = (64 / 154) / (83 / 133)
    assert outcomes.proportion_from_odds_ratio(odds_ratio, 83 / 216) == pytest.approx(64 / 218)
    assert outcomes.delta_from_odds_ratio(odds_ratio, 83 / 216, 10) == pytest.approx((83 / 216 - 64 / 218) * 10)
    assert outcomes.delta_from_odds_ratio(1.0, 0.3, 12) == pytest.approx(0.0)


def test_every_study_by_hand_at_the_default_caseload() -> None:
    """Each study's ratio worked out here from its published figures, independently of peerlib."""
    def ratio(delta: float, n_peer: float, support_months: float, caseload: float = ONE_TO_ONE) -> float:
        fte_years = n_peer * support_months / (12 * caseload)
        return delta * n_peer / fte_years * BED_DAY_GBP / WORKER_GBP

    expected = {
        "sledge2011": ratio(19.08 - 10.08, 38, 9),  # mean bed-days per arm, 9 months
        "rivera2007": ratio(0 / 68, 68, 12),  # no difference (assumed)
        "min2007": ratio(1_549 / 106, 106, 12),  # 1,549 bed-days saved in a year by 106 people
        "klein1998": ratio(60 / 10, 10, 6),  # 60 bed-days over 6 months of service, 10 people
        "landers2011": ratio(2.0, 1_900, 24, GROUP),  # two fewer days each, over two years, in groups
        "lawn2008": ratio(300 / 49, 49, 3),  # 300 bed-days saved by 49 packages in 3 months
    }
    base = MODEL.base_case()
    assert {r.study_id: r.benefit_cost_ratio for r in base.studies} == pytest.approx(expected)
    # Sledge: 38 x 9 / (12 x 12.6) = 2.262 FTE-years; 9 bed-days x 38 patients / 2.262 = 151.2 bed-days per
    # FTE-year; x £334 / £20,774.00 = 2.43
    assert base.study("sledge2011").fte_years == pytest.approx(38 * 9 / 151.2)
    assert base.study("sledge2011").bed_days_saved_per_fte_year == pytest.approx(151.2)
    assert round(base.study("sledge2011").benefit_cost_ratio, 2) == 2.43
    # The report's weights: (ratio x (n_peer + n_control)) summed, over the total sample size.
    sizes = {"sledge2011": 74, "rivera2007": 136, "min2007": 484, "klein1998": 61, "landers2011": 35_600,
             "lawn2008": 49}
    pooled = sum(expected[k] * sizes[k] for k in sizes) / sum(sizes.values())
    assert base.pooled_ratio("sample_size").benefit_cost_ratio == pytest.approx(pooled)
    assert base.pooled_ratio("equal").benefit_cost_ratio == pytest.approx(sum(expected.values()) / 6)


def test_the_evidence_only_pool_leaves_out_imputed_effects() -> None:
    # Rivera's "no difference" is assumed and Klein's effect is Sledge's, borrowed: both are left out.
    base = MODEL.base_case()
    evidence = base.pooled_ratio("evidence_only")
    # Landers & Zhou's effect is a trade-press paraphrase of a later paper (secondary): left out as well.
    assert list(evidence.weights) == ["sledge2011", "min2007", "lawn2008"]
    sizes = {"sledge2011": 74, "min2007": 484, "lawn2008": 49}
    ratios = {r.study_id: r.benefit_cost_ratio for r in base.studies}
    assert evidence.benefit_cost_ratio == pytest.approx(
        sum(ratios[k] * n for k, n in sizes.items()) / sum(sizes.values()))


def test_a_borrowed_effect_moves_with_the_study_it_is_borrowed_from() -> None:
    # Klein's bed-days are Sledge's per patient-month: halve Sledge's difference and Klein's ratio halves too.
    out = MODEL.evaluate({"sledge2011.bed_days_control": 10.08 + 4.5}).outcomes()
    base = MODEL.evaluate().outcomes()
    assert out["klein1998"] == pytest.approx(base["klein1998"] / 2)
    assert out["sledge2011"] == pytest.approx(base["sledge2011"] / 2)
    # ... and a model of Klein alone still carries Sledge's figures to borrow from
    klein = Model.from_data(FROZEN_DATA, study_ids=["klein1998"])
    assert [s.study_id for s in klein.references] == ["sledge2011"]
    assert klein.base_case().study("klein1998").benefit_cost_ratio == pytest.approx(base["klein1998"])


def test_ratio_of_totals_by_hand() -> None:
    """The FTE-year weighting is all the beds saved, valued, over all the peer work, costed."""
    base = MODEL.base_case()
    saved = sum(r.delta_bed_days_per_patient * r.n_peer for r in base.studies)  # type: ignore[operator]
    fte_years = sum(r.n_peer * r.support_months / (12 * CASELOAD_OF.get(r.study_id, ONE_TO_ONE)) for r in base.studies)
    assert base.pooled_ratio("fte_years").benefit_cost_ratio == pytest.approx(
        saved * BED_DAY_GBP / (fte_years * WORKER_GBP))


def test_break_even_caseload_by_hand() -> None:
    # £20,774.00 x 9 months / (12 x 9.00 bed-days x £334) = 5.18 patients at a time
    sledge = MODEL.base_case().study("sledge2011")
    assert sledge.break_even_caseload == pytest.approx(WORKER_GBP * 9 / (12 * 9.0 * BED_DAY_GBP))
    # DESIGN.md's example: £30,000 a year, £334 a bed-day, 9.00 days over 9 months -> 7.5 patients
    assert break_even_caseload(9.0, 9, 334, 30_000) == pytest.approx(7.4850, abs=1e-4)
    assert break_even_caseload(0.0, 9, 334, 30_000) == math.inf
    assert break_even_caseload(-2.0, 9, 334, 30_000) == math.inf
    assert MODEL.base_case().study("rivera2007").break_even_caseload == math.inf


def test_pooled_break_even_caseload_gives_a_pooled_ratio_of_one() -> None:
    for pooled in MODEL.base_case().pooled:
        at_break_even = MODEL.with_caseload(pooled.break_even_caseload).base_case().pooled_ratio(pooled.outcome_id)
        assert at_break_even.benefit_cost_ratio == pytest.approx(1.0, rel=1e-9)


@pytest.mark.parametrize("caseload", [5.0, 40.0, 244.0])
def test_every_ratio_is_proportional_to_the_caseload(caseload: float) -> None:
    # One caseload for every study: each ratio moves by that caseload over its own (12.6 one-to-one, 45.5 in groups).
    base = MODEL.base_case()
    other = MODEL.with_caseload(caseload).base_case()
    for a, b in zip(base.studies, other.studies, strict=True):
        factor = caseload / CASELOAD_OF.get(a.study_id, ONE_TO_ONE)
        assert b.benefit_cost_ratio == pytest.approx(a.benefit_cost_ratio * factor, abs=1e-12)
        assert b.break_even_caseload == a.break_even_caseload  # needs no caseload assumption
    # With one caseload, a pooled ratio is proportional to it: doubling it doubles every pooled ratio.
    doubled = MODEL.with_caseload(2 * caseload).base_case()
    for a, b in zip(other.pooled, doubled.pooled, strict=True):
        assert b.benefit_cost_ratio == pytest.approx(2 * a.benefit_cost_ratio)


def test_a_study_with_its_own_intensity_ignores_the_caseload() -> None:
    core = Model.from_data(FROZEN_DATA, study_ids=["core2018"])
    # Sessions from the published shares: 28 % fewer than three (1 assumed), 72 % - a third three to nine
    # (6 assumed), a third all ten; 2.5 hours each; 37.5 x 52.14 - 35 x 7.5 hours in an FTE-year.
    sessions = (1 - 0.72) * 1 + (0.72 - 1 / 3) * 6 + 1 / 3 * 10
    fte_years = 218 * sessions * 2.5 / (37.5 * 52.14 - 35 * 7.5)
    delta = (83 / 216 - 64 / 218) * 32 * 0.5  # a 32-day stay for the half of readmissions assumed inpatient
    result = core.base_case().study("core2018")
    assert result.staffing_basis == "intensity" and result.caseload is None and result.break_even_caseload is None
    assert result.fte_years == pytest.approx(fte_years)
    assert result.benefit_cost_ratio == pytest.approx(delta * 218 / fte_years * BED_DAY_GBP / WORKER_GBP)
    assert core.with_caseload(80).base_case().study("core2018").benefit_cost_ratio == pytest.approx(
        result.benefit_cost_ratio)


def test_support_shorter_than_follow_up_raises_the_ratio() -> None:
    # Half the support per patient is half the peer work for the same beds saved: twice the ratio.
    sledge = MODEL.study("sledge2011")
    half = MODEL.with_studies([sledge.with_values(support_months=4.5)]).base_case().study("sledge2011")
    assert half.benefit_cost_ratio == pytest.approx(2 * MODEL.base_case().study("sledge2011").benefit_cost_ratio)
    assert half.break_even_caseload == pytest.approx(WORKER_GBP * 4.5 / (12 * 9.0 * BED_DAY_GBP))


def test_the_caseload_that_matches_the_published_ratio() -> None:
    # With one caseload for every study the pooled ratio is proportional to it: 20 x 4.8 / (pooled ratio at 20)
    pooled = MODEL.with_caseload(20.0).base_case().pooled_ratio("sample_size").benefit_cost_ratio
    assert MODEL.solve(CASELOAD, "pooled_sample_size", target=4.8) == pytest.approx(20 * 4.8 / pooled, rel=1e-9)


def test_evaluate_on_arrays_matches_evaluate_on_each_value() -> None:
    caseloads = np.array([5.0, 20.0, 80.0])
    costs = np.array([200.0, 334.0, 500.0])
    vectorised = MODEL.evaluate({CASELOAD: caseloads, "bed_day_cost_gbp": costs}).outcomes()
    for i in range(3):
        # Sledge by hand: 9 bed-days x 12 x caseload / 9 months x bed-day cost / worker cost
        assert vectorised["sledge2011"][i] == pytest.approx(9.0 * 12 * caseloads[i] / 9 * costs[i] / WORKER_GBP)


def test_the_model_needs_every_parameter() -> None:
    params = MODEL.parameters()
    del params["sledge2011.bed_days_peer"]
    with pytest.raises(ParameterError, match="missing: sledge2011.bed_days_peer"):
        evaluate(params, MODEL.studies)


@given(delta=positive, months=st.floats(min_value=0.5, max_value=60), cost=positive, peer=positive)
def test_break_even_caseload_gives_a_ratio_of_one(delta: float, months: float, cost: float, peer: float) -> None:
    caseload = break_even_caseload(delta, months, cost, peer)
    # ratio = delta x 12 x caseload / months x cost / peer (DESIGN.md §1.1, step 5)
    assert delta * 12 * caseload / months * cost / peer == pytest.approx(1.0, rel=1e-9)


@given(k=st.floats(min_value=0.01, max_value=100))
def test_every_ratio_is_linear_in_the_bed_day_cost(k: float) -> None:
    base = MODEL.evaluate().outcomes()
    dearer_beds = MODEL.evaluate({"bed_day_cost_gbp": BED_DAY_GBP * k}).outcomes()
    for outcome, ratio in base.items():
        assert dearer_beds[outcome] == pytest.approx(ratio * k, rel=1e-9, abs=1e-12)


def test_the_ratio_against_caseload_comes_from_the_result() -> None:
    """The line the caseload figure draws: proportional to the caseload, and 1 at the break-even caseload."""
    sledge = MODEL.base_case().study("sledge2011")
    assert sledge.caseload is not None
    assert sledge.ratio_at_caseload([0.0, sledge.caseload, 2 * sledge.caseload]).tolist() == pytest.approx(
        [0.0, sledge.benefit_cost_ratio, 2 * sledge.benefit_cost_ratio])
    assert sledge.ratio_at_caseload(sledge.break_even_caseload) == pytest.approx(1.0)


def test_break_evens_outside_a_caseload_range_by_hand() -> None:
    """Sledge's break-even, £20,774 x 9 months / (12 x 9 bed-days x £334) = 5.18 patients, lies below 10 to 20;
    Rivera's (no bed-days saved: never) lies above it; every other one on the side its value says."""
    base = MODEL.base_case()
    below, above = base.break_evens_outside(10, 20)
    assert below["sledge2011"] == pytest.approx(WORKER_GBP * 9 / (12 * 9.0 * BED_DAY_GBP))
    assert above["rivera2007"] == math.inf
    every = {r.study_id: r.break_even_caseload for r in base.studies} | {
        p.outcome_id: p.break_even_caseload for p in base.pooled}
    assert set(below) == {o for o, be in every.items() if be is not None and be < 10}
    assert set(above) == {o for o, be in every.items() if be is not None and be > 20}
    assert base.break_evens_outside(0, math.inf) == ({}, {})


def test_a_study_s_labels_name_the_study_it_borrows_from() -> None:
    """Klein et al. borrows Sledge et al.'s effect: a chart of Klein's inputs names Sledge by its label, not its id."""
    import csv

    rows = {r["study_id"]: r for r in csv.DictReader((FROZEN_DATA / "studies.csv").open(encoding="utf-8"))}
    labels = Model.from_data(FROZEN_DATA, study_ids=["klein1998"]).labels()
    assert labels == {"klein1998": rows["klein1998"]["label"], "sledge2011": rows["sledge2011"]["label"]}
