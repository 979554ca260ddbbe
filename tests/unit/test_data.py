"""The shipped data: the studies fit what the report says of them; staffing and support as agreed."""

from __future__ import annotations

from collections import Counter

import pytest

from peerlib.config import DATA_DIR
from peerlib.core.model import Model
from peerlib.inputs import studies


def test_the_studies_fit_the_reports_description() -> None:
    # Trachtenberg et al. 2013 (data/published.csv): six studies, five US and one Australian; two RCTs,
    # three others with a comparison group, so one without; peers in additional roles.
    six = studies.load_studies()
    assert len(six) == 6
    assert Counter(s.country for s in six) == {"US": 5, "Australia": 1}
    assert Counter(s.design for s in six) == {"rct": 2, "comparison_group": 3, "no_comparison_group": 1}
    assert {s.peer_role for s in six} == {"additional"}


def test_every_study_evaluates_with_the_default_costs() -> None:
    every = [s.study_id for s in studies.load_studies(included_only=False)]
    for result in Model.from_data(study_ids=every).base_case().studies:
        assert result.price_year == "2011-12"
        assert result.peer_worker_cost_gbp > result.bed_day_cost_gbp > 0


def test_no_staffing_is_typed_into_the_data() -> None:
    """Staffing is a caseload per way of delivering support: no study carries an assumed FTE."""
    for path in sorted(DATA_DIR.glob("*.csv")):
        assert "peer_fte" not in path.read_text(encoding="utf-8"), path.name
    staffing = studies.load_staffing()
    for item in ("caseload", "caseload_group"):
        assert staffing.sources[item].is_assumption and staffing.sources[item].reason


def test_support_months_published_or_flagged() -> None:
    for study in studies.load_studies(included_only=False):
        support = study.inputs["support_months"]
        assert support.value <= study.followup_months
        assert support.source if not support.is_assumption else support.reason
    # Klein et al. 1998: 'Service was provided for a 6-month period'
    assert not studies.load_study("klein1998").inputs["support_months"].is_assumption
    assert studies.load_study("sledge2011").inputs["support_months"].is_assumption


def test_sledge_from_the_data_by_hand() -> None:
    study = studies.load_study("sledge2011")
    assert study.n_peer == 38 and study.n_control == 36 and study.followup_months == 9
    result = Model.from_data(study_ids=["sledge2011"]).base_case().study("sledge2011")
    assert result.delta_bed_days_per_patient == pytest.approx(19.08 - 10.08)
    # 38 patients x 9 months / (12 x 12.6 patients per FTE, one-to-one) = 2.262 FTE-years
    expected = 9.00 * 38 / (38 * 9 / (12 * 12.6)) * result.bed_day_cost_gbp / result.peer_worker_cost_gbp
    assert result.benefit_cost_ratio == pytest.approx(expected)
    assert result.sample_size == 74


def test_overrides_flag_the_value_as_an_assumption() -> None:
    study = studies.load_study("sledge2011").with_values(n_peer=40)
    assert study.n_peer == 40
    assert "n_peer" in [item.name for item in study.assumptions]
