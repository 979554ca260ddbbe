"""Peer-worker employment cost and price-year conversion."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from peerlib import costs
from peerlib.errors import PriceYearError
from tests.conftest import edit_cell


def test_peer_worker_cost_by_hand() -> None:
    # £17,368 salary; NI 13.8 % above £7,072 = 0.138 x 10,296 = £1,420.85;
    # pension 14 % = £2,431.52; overheads 20 % of £21,220.37 = £4,244.07.
    cost = costs.peer_worker_cost(17_368, 0.138, 7_072, 0.14, 0.20, "2011-12")
    assert cost.employer_ni_gbp == pytest.approx(1_420.848)
    assert cost.employer_pension_gbp == pytest.approx(2_431.52)
    assert cost.overheads_gbp == pytest.approx(4_244.0736)
    assert cost.total_gbp == pytest.approx(25_464.4416)
    assert cost.price_year == "2011-12"


def test_no_employer_ni_below_threshold() -> None:
    assert costs.peer_worker_cost(5_000, 0.138, 7_072, 0.0, 0.0, "2011-12").employer_ni_gbp == 0.0


def test_price_index_chains_annual_changes() -> None:
    index = costs.load_price_index()
    # data/price_index.csv: +3.0 % into 2010-11, +2.1 % into 2011-12
    assert index.factor("2009-10", "2011-12") == pytest.approx(1.030 * 1.021)
    assert index.convert(100.0, "2011-12", "2010-11") == pytest.approx(100 / 1.021)
    assert index.level("2009-10") == 100.0


def test_price_year_outside_the_index_is_refused() -> None:
    index = costs.load_price_index()
    with pytest.raises(PriceYearError, match=r"price_index.csv.*'1999-00'.*2009-10 to"):
        index.convert(1.0, "1999-00", "2011-12")


def test_cost_assumptions_move_money_not_rates() -> None:
    base = costs.load_cost_assumptions()
    index = costs.load_price_index()
    later = base.at_price_year(index, index.latest_year)
    factor = index.factor(base.price_year, index.latest_year)
    assert later.bed_day_cost_gbp == pytest.approx(base.bed_day_cost_gbp * factor)
    assert later.peer_worker_salary_gbp == pytest.approx(base.peer_worker_salary_gbp * factor)
    assert later.employer_pension_rate == base.employer_pension_rate
    assert later.price_year == index.latest_year
    # Every component of the worker's cost scales with the sums, so the total does too.
    assert later.peer_worker_cost_gbp == pytest.approx(base.peer_worker_cost_gbp * factor)


def test_default_costing_comes_from_the_data(data_copy: Path) -> None:
    edit_cell(data_copy / "unit_costs.csv", lambda r: r["item"] == "bed_day_cost_gbp", "value", "400")
    assert costs.load_cost_assumptions(data_copy).bed_day_cost_gbp == 400.0


def test_price_year_format() -> None:
    assert costs.check_price_year_format("2011-12")
    assert costs.check_price_year_format("1999-00")
    assert not costs.check_price_year_format("2011-13")
    assert not costs.check_price_year_format("2011/12")
    assert costs.next_price_year("1999-00") == "2000-01"


years = st.sampled_from(costs.load_price_index().years)


@given(amount=st.floats(min_value=-1e7, max_value=1e7, allow_nan=False), a=years, b=years)
def test_conversion_there_and_back_is_the_identity(amount: float, a: str, b: str) -> None:
    index = costs.load_price_index()
    assert index.convert(index.convert(amount, a, b), b, a) == pytest.approx(amount, rel=1e-12, abs=1e-9)


@given(a=years, b=years, c=years)
def test_conversion_composes(a: str, b: str, c: str) -> None:
    index = costs.load_price_index()
    assert index.factor(a, b) * index.factor(b, c) == pytest.approx(index.factor(a, c), rel=1e-12)


def test_overrides_are_plain_replacements() -> None:
    base = costs.load_cost_assumptions()
    doubled = replace(base, bed_day_cost_gbp=2 * base.bed_day_cost_gbp)
    assert doubled.peer_worker_cost_gbp == base.peer_worker_cost_gbp
