"""The CORE trial scenario (Johnson et al. 2018): counts, published effect sizes, and the ratio by hand."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from peerlib.core import outcomes
from peerlib.core.model import Model
from peerlib.inputs import studies
from peerlib.inputs.published import load_published
from peerlib.inputs.uncertainty import load_uncertainty
from tests.conftest import FROZEN_DATA

CORE = studies.load_study("core2018", FROZEN_DATA)
PUBLISHED = load_published(FROZEN_DATA)


def test_counts_reproduce_the_published_odds_ratio() -> None:
    # (64 / 154) / (83 / 133) = 0.6659: the published 0.66, inside its 95 % interval 0.43-0.99
    odds_ratio = outcomes.odds_ratio_from_counts(64, 218, 83, 216)
    assert odds_ratio == pytest.approx(0.6659, abs=1e-4)
    assert abs(odds_ratio - PUBLISHED["core2018_odds_ratio"].value) < 0.01
    assert PUBLISHED["core2018_odds_ratio_ci_low"].value < odds_ratio < PUBLISHED["core2018_odds_ratio_ci_high"].value


def test_counts_reproduce_the_published_shares_and_risk_difference() -> None:
    # 83/216 = 38.4 %, 64/218 = 29.4 %: a risk difference of 9.1 percentage points
    assert round(64 / 218, 2) == PUBLISHED["core2018_readmitted_share_peer"].value
    assert round(83 / 216, 2) == PUBLISHED["core2018_readmitted_share_control"].value
    assert outcomes.risk_difference_from_counts(83, 216, 64, 218) == pytest.approx(0.0907, abs=1e-4)
    assert CORE.value("admitted_peer") == 64 and CORE.value("admitted_control") == 83


def test_staffing_from_the_protocol_by_hand() -> None:
    # Sessions from the published shares: 28 % fewer than three (1 assumed), 72 % - a third three to nine
    # (6 assumed), a third all ten: 5.93; 218 people x 5.93 x 2.5 hours / (37.5 x 52.14 - 35 x 7.5) hours
    sessions = (1 - 0.72) * 1 + (0.72 - 1 / 3) * 6 + 1 / 3 * 10
    result = Model.from_data(FROZEN_DATA, study_ids=["core2018"]).base_case().study("core2018")
    assert CORE.staffing_basis == "intensity"
    assert CORE.value("sessions_per_patient") == pytest.approx(sessions)
    assert result.fte_years == pytest.approx(218 * sessions * 2.5 / (37.5 * 52.14 - 35 * 7.5))


def test_scenario_ratio_by_hand() -> None:
    model = Model.from_data(FROZEN_DATA, study_ids=["core2018"])
    result = model.base_case().study("core2018")
    # readmissions averted per person x an assumed 32-day stay x the half of readmissions assumed inpatient
    delta = (83 / 216 - 64 / 218) * 32 * 0.5
    sessions = (1 - 0.72) * 1 + (0.72 - 1 / 3) * 6 + 1 / 3 * 10
    fte_years = 218 * sessions * 2.5 / (37.5 * 52.14 - 35 * 7.5)
    assert result.delta_bed_days_per_patient == pytest.approx(delta)
    assert result.benefit_cost_ratio == pytest.approx(
        delta * 218 / fte_years * model.costs.bed_day_cost_gbp / model.costs.peer_worker_cost_gbp)


def test_never_pooled_by_default() -> None:
    assert not CORE.included
    assert "core2018" not in [s.study_id for s in studies.load_studies(FROZEN_DATA)]
    assert CORE.caveat, "the report must say the trial found no significant difference in days in acute care"


def test_assumptions_are_listed_with_reasons() -> None:
    names = {item.name for item in CORE.assumptions}
    assert {"bed_days_per_admitted_patient", "sessions_per_patient", "hours_per_session", "part_length_of_stay",
            "part_inpatient_share_of_readmissions"} <= names
    assert all(item.reason for item in CORE.assumptions)


# --- Acute care is not only a bed: the share of readmissions that were inpatient admissions ---------------

SHARE = "core2018.part_inpatient_share_of_readmissions"
STAY = "core2018.part_length_of_stay"


def test_bed_days_saved_are_readmissions_averted_times_stay_times_inpatient_share() -> None:
    model = Model.from_data(FROZEN_DATA, study_ids=["core2018"])
    # 83/216 - 64/218 = 0.38426 - 0.29358 = 0.09068 readmissions averted per person; every one inpatient, 32 days
    # each: 2.9018 bed-days; a quarter inpatient: 0.7254; none inpatient (all crisis team episodes): 0.
    assert float(model.evaluate({SHARE: 1.0}).delta["core2018"]) == pytest.approx(2.9018, abs=1e-4)
    assert float(model.evaluate({SHARE: 0.25}).delta["core2018"]) == pytest.approx(0.7254, abs=1e-4)
    assert float(model.evaluate({SHARE: 0.0}).delta["core2018"]) == 0.0
    # the base: half of them inpatient, 1.4509 bed-days per person
    assert model.base_case().study("core2018").delta_bed_days_per_patient == pytest.approx(1.4509, abs=1e-4)


@settings(max_examples=50, deadline=None)
@given(st.floats(0.0, 1.0), st.floats(1.0, 90.0))
def test_bed_days_saved_scale_with_the_inpatient_share(share: float, stay: float) -> None:
    model = Model.from_data(FROZEN_DATA, study_ids=["core2018"])
    e = model.evaluate({SHARE: share, STAY: stay})
    assert float(e.delta["core2018"]) == pytest.approx((83 / 216 - 64 / 218) * stay * share, abs=1e-12)
    # and so does the ratio: the peer work does not depend on what kind of acute care was averted
    full = model.evaluate({SHARE: 1.0, STAY: stay})
    assert float(e.ratio["core2018"]) == pytest.approx(share * float(full.ratio["core2018"]), abs=1e-12)


def test_the_inpatient_share_is_an_assumption_centred_on_its_whole_range() -> None:
    share = CORE.inputs["part_inpatient_share_of_readmissions"]
    assert share.is_assumption and share.reason
    row = load_uncertainty(FROZEN_DATA)[SHARE]
    assert (row.low, row.high, row.distribution) == (0.0, 1.0, "uniform")
    assert share.value == (row.low + row.high) / 2
    assert CORE.inputs["bed_days_per_admitted_patient"].formula is not None  # computed, not typed in


def test_core_is_significant_on_readmission_and_says_days_were_not() -> None:
    # p = 0.0438 on readmission, the primary outcome; days in acute care did not differ significantly
    assert CORE.effect_significant == "yes"
    assert "0.0438" in CORE.grade_reason and "did not differ significantly" in CORE.grade_reason
    assert "did not differ significantly" in CORE.caveat and "crisis resolution team" in CORE.caveat
