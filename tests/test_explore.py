"""The explorer's update step gives the same numbers as peerlib called directly."""

from __future__ import annotations

import pytest

from peerlib import costs, crisis_house, ratios, studies, weighting
from peerlib.errors import ParameterError
from peerlib.explore import explore


def test_defaults_match_peerlib() -> None:
    exploration = explore()
    direct = [ratios.evaluate_study(s, costs.load_cost_assumptions()) for s in studies.load_studies()]
    assert [r.benefit_cost_ratio for r in exploration.results] == pytest.approx([r.benefit_cost_ratio for r in direct])
    assert exploration.pooled.benefit_cost_ratio == pytest.approx(weighting.pooled_ratio(direct).benefit_cost_ratio)
    assert exploration.leeds == crisis_house.evaluate_crisis_house(crisis_house.load_crisis_house_inputs())


def test_a_caseload_slider_by_hand() -> None:
    # Sledge at 10 patients per FTE: 9.00 bed-days x 10 patients / (9/12 year) = 120 bed-days per FTE-year.
    exploration = explore(caseloads={"sledge2011": 10.0}, bed_day_cost_gbp=300.0)
    sledge = next(r for r in exploration.results if r.study_id == "sledge2011")
    assert sledge.bed_days_saved_per_fte_year == pytest.approx(120)
    assert sledge.benefit_cost_ratio == pytest.approx(120 * 300 / exploration.costs.peer_worker_cost_gbp)


def test_price_year_and_weights() -> None:
    index = costs.load_price_index()
    exploration = explore(price_year="2024-25", scheme="equal", diversion_share=0.5)
    assert exploration.costs.bed_day_cost_gbp == pytest.approx(334 * index.factor("2011-12", "2024-25"))
    assert exploration.pooled.scheme == "equal"
    assert exploration.leeds.inputs.diversion_share == 0.5
    assert exploration.leeds.inputs.price_year == "2024-25"


def test_bad_slider_values_are_refused() -> None:
    with pytest.raises(ParameterError, match="caseload of sledge2011"):
        explore(caseloads={"sledge2011": 0.0})
    with pytest.raises(ParameterError, match="bed_day_cost_gbp"):
        explore(bed_day_cost_gbp=-1.0)
