"""The CORE trial scenario (Johnson et al. 2018): counts, published effect sizes, and the ratio by hand."""

from __future__ import annotations

import pytest

from peerlib.core import outcomes
from peerlib.core.model import Model
from peerlib.inputs import studies
from peerlib.inputs.published import load_published

CORE = studies.load_study("core2018")
PUBLISHED = load_published()


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
    result = Model.from_data(study_ids=["core2018"]).base_case().study("core2018")
    assert CORE.staffing_basis == "intensity"
    assert CORE.value("sessions_per_patient") == pytest.approx(sessions)
    assert result.fte_years == pytest.approx(218 * sessions * 2.5 / (37.5 * 52.14 - 35 * 7.5))


def test_scenario_ratio_by_hand() -> None:
    model = Model.from_data(study_ids=["core2018"])
    result = model.base_case().study("core2018")
    delta = (83 / 216 - 64 / 218) * 32  # readmissions averted per person x an assumed 32-day stay
    sessions = (1 - 0.72) * 1 + (0.72 - 1 / 3) * 6 + 1 / 3 * 10
    fte_years = 218 * sessions * 2.5 / (37.5 * 52.14 - 35 * 7.5)
    assert result.delta_bed_days_per_patient == pytest.approx(delta)
    assert result.benefit_cost_ratio == pytest.approx(
        delta * 218 / fte_years * model.costs.bed_day_cost_gbp / model.costs.peer_worker_cost_gbp)


def test_never_pooled_by_default() -> None:
    assert not CORE.included
    assert "core2018" not in [s.study_id for s in studies.load_studies()]
    assert CORE.caveat, "the report must say the trial found no significant difference in days in acute care"


def test_assumptions_are_listed_with_reasons() -> None:
    names = {item.name for item in CORE.assumptions}
    assert {"bed_days_per_admitted_patient", "sessions_per_patient", "hours_per_session"} <= names
    assert all(item.reason for item in CORE.assumptions)
