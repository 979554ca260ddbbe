"""The explorer's update step: the numbers a slider shows, worked by hand."""

from __future__ import annotations

import pytest

from peerlib.apps.explore import explore
from peerlib.core import costs, crisis_house
from peerlib.inputs.errors import ParameterError

# data/unit_costs.csv by hand; NI less the 3.7 % contracted-out rebate on earnings above £102 x 52
WORKER_GBP = 17_368 + 0.138 * (17_368 - 7_072) - 0.037 * (17_368 - 102 * 52) + 0.14 * 17_368


def test_defaults() -> None:
    exploration = explore()
    # Sledge at the data's caseload of 20: 9 bed-days x 12 x 20 / 9 months x £334 / £20,774.00
    sledge = exploration.base.study("sledge2011")
    assert sledge.benefit_cost_ratio == pytest.approx(9 * 12 * 20 / 9 * 334 / WORKER_GBP)
    assert exploration.leeds == crisis_house.evaluate_crisis_house(crisis_house.load_crisis_house_inputs())


def test_the_caseload_slider_by_hand() -> None:
    # Sledge at 10 patients per FTE: 9.00 bed-days x 38 / (38 x 9 / (12 x 10)) = 120 bed-days per FTE-year.
    exploration = explore(caseload=10.0, bed_day_cost_gbp=300.0)
    sledge = exploration.base.study("sledge2011")
    assert sledge.bed_days_saved_per_fte_year == pytest.approx(120)
    assert sledge.benefit_cost_ratio == pytest.approx(120 * 300 / WORKER_GBP)
    # One slider moves every study: Lawn at 10 patients per FTE, 300 bed-days, 49 packages, 3 months
    lawn = exploration.base.study("lawn2008")
    assert lawn.bed_days_saved_per_fte_year == pytest.approx(300 / (49 * 3 / (12 * 10)))


def test_the_slider_reaches_the_published_ratio() -> None:
    at_default = explore().base.pooled_ratio("sample_size").benefit_cost_ratio
    matching = 20 * 4.8 / at_default  # every ratio is proportional to the caseload
    assert explore(caseload=matching).base.pooled_ratio("sample_size").benefit_cost_ratio == pytest.approx(4.8)


def test_price_year_and_weights() -> None:
    index = costs.load_price_index()
    exploration = explore(price_year="2024-25", scheme="equal", diversion_share=0.5)
    assert exploration.model.costs.bed_day_cost_gbp == pytest.approx(334 * index.factor("2011-12", "2024-25"))
    assert exploration.scheme == "equal"
    assert exploration.leeds.inputs.diversion_share == 0.5
    assert exploration.leeds.inputs.price_year == "2024-25"


def test_bad_slider_values_are_refused() -> None:
    with pytest.raises(ParameterError, match=r"caseload \(explorer slider\): expected a number of patients"):
        explore(caseload=0.0)
    with pytest.raises(ParameterError, match="bed_day_cost_gbp"):
        explore(bed_day_cost_gbp=-1.0)
    with pytest.raises(ParameterError, match="unknown weighting scheme"):
        explore(scheme="median")
