"""The Leeds crisis-house comparison, by hand."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from peerlib.core import crisis_house as ch
from tests.conftest import FROZEN_DATA


def test_claim_by_hand() -> None:
    assert ch.saving_per_diverted_day_gbp(180, 259) == 79
    assert ch.implied_diverted_days(28_000, 79) == pytest.approx(354.43, abs=0.01)
    assert ch.break_even_diversion_share(180, 259) == pytest.approx(0.695, abs=0.001)
    # A visit replacing half an inpatient day: 180 / (259 x 0.5)
    assert ch.break_even_diversion_share(180, 259, 0.5) == pytest.approx(1.390, abs=0.001)


def test_annual_saving_by_hand() -> None:
    # 960 visits; half replace a day: 960 x (0.5 x 259 - 180) = 960 x -50.5
    assert ch.annual_saving_gbp(960, 0.5, 1.0, 180, 259) == pytest.approx(-48_480)
    curve = ch.annual_saving_gbp(960, np.array([0.0, 1.0]), 1.0, 180, 259)
    assert isinstance(curve, np.ndarray)
    assert curve.tolist() == pytest.approx([-172_800, 75_840])


def test_implied_share_by_hand() -> None:
    # (28000 / 960 + 180) / 259 = 209.1667 / 259
    assert ch.implied_diversion_share(28_000, 960, 1.0, 180, 259) == pytest.approx(0.80759, abs=1e-5)


def test_defaults_come_from_the_data() -> None:
    inputs = ch.load_crisis_house_inputs(FROZEN_DATA)
    assert (inputs.crisis_cost_per_visit_gbp, inputs.inpatient_cost_per_day_gbp) == (180, 259)
    assert inputs.claimed_annual_saving_gbp == 28_000
    assert inputs.visits_per_year == (60 + 100) / 2 * 12
    result = ch.evaluate_crisis_house(inputs)
    assert result.saving_per_diverted_day_gbp == 79
    assert result.annual_saving_gbp == pytest.approx(960 * 79)


def test_figures_a_notebook_gives_by_hand() -> None:
    # £120 a visit against £300 an inpatient day, and the claim's £28,000 (tests/data/published.csv): a diverted day
    # saves 300 - 120 = £180, so the claim needs 28,000 / 180 = 155.56 diverted days; break-even 120 / 300 = 0.4.
    inputs = ch.load_crisis_house_inputs(FROZEN_DATA).with_overrides(crisis_cost_per_visit_gbp=120,
                                                                      inpatient_cost_per_day_gbp=300)
    result = ch.evaluate_crisis_house(inputs)
    assert result.implied_diverted_days == pytest.approx(155.556, abs=0.001)
    assert result.break_even_diversion_share == pytest.approx(0.4)


def test_price_year_conversion_keeps_the_break_even_share() -> None:
    inputs = ch.load_crisis_house_inputs(FROZEN_DATA)
    later = ch.load_crisis_house_inputs(FROZEN_DATA, price_year="2024-25")
    assert later.price_year == "2024-25"
    assert later.crisis_cost_per_visit_gbp > inputs.crisis_cost_per_visit_gbp
    assert ch.evaluate_crisis_house(later).break_even_diversion_share == pytest.approx(
        ch.evaluate_crisis_house(inputs).break_even_diversion_share)


money = st.floats(min_value=1, max_value=5_000)


@given(crisis=money, inpatient=money, days=st.floats(min_value=0.05, max_value=30),
       visits=st.floats(min_value=1, max_value=1e5))
def test_no_saving_at_the_break_even_share(crisis: float, inpatient: float, days: float, visits: float) -> None:
    share = ch.break_even_diversion_share(crisis, inpatient, days)
    assert ch.annual_saving_gbp(visits, share, days, crisis, inpatient) == pytest.approx(0, abs=1e-6 * visits * crisis)


@given(claim=st.floats(min_value=-1e6, max_value=1e6), crisis=money, inpatient=money,
       visits=st.floats(min_value=1, max_value=1e5))
def test_implied_share_reproduces_the_claim(claim: float, crisis: float, inpatient: float, visits: float) -> None:
    share = ch.implied_diversion_share(claim, visits, 1.0, crisis, inpatient)
    tolerance = 1e-6 * (abs(claim) + visits * crisis)
    assert ch.annual_saving_gbp(visits, share, 1.0, crisis, inpatient) == pytest.approx(claim, abs=tolerance)


def test_the_claim_read_with_the_model_by_hand() -> None:
    """DESIGN.md §1.3: the £28,000 claim, at 720-1,200 visits a year, needs about 79-85 % of visits to divert."""
    reading = ch.read_claim(ch.load_crisis_house_inputs(FROZEN_DATA), ch.load_crisis_house_figures(FROZEN_DATA))
    assert reading.visits_per_year == (60 * 12, 100 * 12)
    # (28,000 / visits + 180) / 259
    assert reading.share_needed == pytest.approx(((28_000 / 720 + 180) / 259, (28_000 / 1_200 + 180) / 259))
    # 354.4 diverted days are 49 % of 720 visits and 30 % of 1,200; the service then loses money on every other visit
    days = 28_000 / 79
    assert reading.naive_share == pytest.approx((days / 720, days / 1_200))
    assert reading.naive_saving_gbp == pytest.approx(
        (720 * (days / 720 * 259 - 180), 1_200 * (days / 1_200 * 259 - 180)))
    statement = reading.describe()
    assert "needs 79% to 85% of visits" in statement and "Below 69%" in statement
    assert "lose £37,803 to £124,203 a year" in statement
    # 354.4 days x £259 = £91,797 saved, against 720 x £180 = £129,600 and 1,200 x £180 = £216,000 spent
    table = reading.summary()
    assert table.index.tolist() == [720, 1_200]
    assert table["naive_saving_gbp"].tolist() == pytest.approx([days * 259 - 129_600, days * 259 - 216_000])
    assert table["share_needed"].tolist() == pytest.approx([(28_000 / 720 + 180) / 259, (28_000 / 1_200 + 180) / 259])


def test_the_saving_curve_comes_from_the_result_by_hand() -> None:
    """The curve the Leeds figure draws: 960 visits, each replacing one day at £259 against £180 a visit."""
    inputs = ch.CrisisHouseInputs(180, 259, 28_000, 960, 0.5, 1.0, "2011-12")
    result = ch.evaluate_crisis_house(inputs)
    # None replaced: every visit costs £180 -> -£172,800; all replaced: 960 x 79 = £75,840; half: 960 x -50.5.
    assert result.annual_saving_at([0.0, 0.5, 1.0]).tolist() == pytest.approx([-172_800, -48_480, 75_840])
    assert result.annual_saving_at(result.break_even_diversion_share) == pytest.approx(0, abs=1e-9)
