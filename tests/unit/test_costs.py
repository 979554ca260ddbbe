"""Peer-worker employment cost and price-year conversion."""

from __future__ import annotations

from pathlib import Path

import pytest

from peerlib.core import costs
from peerlib.inputs import prices, unit_costs
from peerlib.inputs.errors import PriceYearError
from tests.conftest import FROZEN_DATA, edit_cell


def test_peer_worker_cost_by_hand() -> None:
    # £17,368 salary; NI 13.8 % above £7,072 = 0.138 x 10,296 = £1,420.85;
    # pension 14 % = £2,431.52; overheads 20 % of £21,220.37 = £4,244.07.
    cost = costs.peer_worker_cost(17_368, 0.138, 7_072, 0.14, 0.20, "2011-12")
    assert cost.employer_ni_gbp == pytest.approx(1_420.848)
    assert cost.employer_pension_gbp == pytest.approx(2_431.52)
    assert cost.overheads_gbp == pytest.approx(4_244.0736)
    assert cost.total_gbp == pytest.approx(25_464.4416)
    assert cost.price_year == "2011-12"


def test_contracted_out_rebate_by_hand() -> None:
    # 2011-12, salary £17,368: NI 13.8 % above £7,072 = 0.138 x 10,296 = £1,420.848; the 3.7 % rebate on band
    # earnings from the lower earnings limit, £102 x 52 = £5,304, to the salary (below the upper accrual point,
    # £770 x 52 = £40,040): 0.037 x (17,368 - 5,304) = 0.037 x 12,064 = £446.368. Net NI £974.48.
    cost = costs.peer_worker_cost(17_368, 0.138, 7_072, 0.14, 0.0, "2011-12", 0.037, 5_304, 40_040)
    assert cost.employer_ni_gbp == pytest.approx(974.48)
    assert cost.total_gbp == pytest.approx(17_368 + 974.48 + 2_431.52)  # £20,774.00
    # Above the upper accrual point the rebate stops growing: £50,000 -> 0.037 x (40,040 - 5,304) = £1,285.232.
    high = costs.peer_worker_cost(50_000, 0.138, 7_072, 0.0, 0.0, "2011-12", 0.037, 5_304, 40_040)
    assert high.employer_ni_gbp == pytest.approx(0.138 * (50_000 - 7_072) - 1_285.232)
    # No rebate by default (today's costs have none).
    no_rebate = costs.peer_worker_cost(17_368, 0.138, 7_072, 0.14, 0.0, "2011-12")
    assert no_rebate.employer_ni_gbp == pytest.approx(1_420.848)


def test_the_2011_12_costing_applies_the_rebate_from_data() -> None:
    c = costs.load_cost_assumptions(FROZEN_DATA)
    # data/unit_costs.csv: 3.7 % on £102 to £770 a week, made annual x 52: £5,304 to £40,040.
    assert (c.employer_ni_rebate_rate, c.employer_ni_rebate_lower_gbp, c.employer_ni_rebate_upper_gbp) == (
        pytest.approx(0.037), pytest.approx(5_304), pytest.approx(40_040))
    assert c.peer_worker.employer_ni_gbp == pytest.approx(974.48)


def test_the_cost_at_a_salary_a_notebook_gives_by_hand() -> None:
    # Band 3, point 12 in 2011-12: £18,577 + the flat £250 = £18,827 (tests/data/uncertainty.csv), at the rates of
    # tests/data/unit_costs.csv. NI 13.8 % above £7,072 = 0.138 x 11,755 = £1,622.19, less the 3.7 % rebate on band
    # earnings from £5,304: 0.037 x 13,523 = £500.351, so £1,121.839; pension 14 % = £2,635.78; no overheads.
    c = costs.load_cost_assumptions(FROZEN_DATA).with_overrides(peer_worker_salary_gbp=18_827)
    assert c.peer_worker.employer_ni_gbp == pytest.approx(1_121.839)
    assert c.peer_worker.employer_pension_gbp == pytest.approx(2_635.78)
    assert c.peer_worker_cost_gbp == pytest.approx(18_827 + 1_121.839 + 2_635.78)  # £22,584.619


def test_no_employer_ni_below_threshold() -> None:
    assert costs.peer_worker_cost(5_000, 0.138, 7_072, 0.0, 0.0, "2011-12").employer_ni_gbp == 0.0


def test_price_index_chains_annual_changes() -> None:
    index = prices.load_price_index(FROZEN_DATA)
    # data/price_index.csv: +3.0 % into 2010-11, +2.1 % into 2011-12
    assert index.factor("2009-10", "2011-12") == pytest.approx(1.030 * 1.021)
    assert index.convert(100.0, "2011-12", "2010-11") == pytest.approx(100 / 1.021)
    assert index.level("2009-10") == 100.0


def test_price_year_outside_the_index_is_refused() -> None:
    index = prices.load_price_index(FROZEN_DATA)
    with pytest.raises(PriceYearError, match=r"price_index.csv.*'1999-00'.*2009-10 to"):
        index.convert(1.0, "1999-00", "2011-12")


# data/price_index.csv, % change into each year from 2012-13 to 2024-25 (HCHS to 2014-15, then NHSCII),
# chained by hand: the factor that takes a 2011-12 sum to 2024-25 prices.
CHANGES_2012_13_TO_2024_25 = [1.7, 1.1, 0.9, 0.40, 2.09, 1.24, 1.60, 2.14, 2.49, 2.58, 7.32, 2.47, 4.02]
FACTOR_2011_12_TO_2024_25 = 1.0
for _change in CHANGES_2012_13_TO_2024_25:
    FACTOR_2011_12_TO_2024_25 *= 1 + _change / 100


def test_rebasing_moves_money_by_the_chained_index_and_leaves_rates() -> None:
    base = costs.load_cost_assumptions(FROZEN_DATA)
    later = base.at_price_year(prices.load_price_index(FROZEN_DATA), "2024-25")
    assert later.bed_day_cost_gbp == pytest.approx(334 * FACTOR_2011_12_TO_2024_25)
    assert later.peer_worker_salary_gbp == pytest.approx(17_368 * FACTOR_2011_12_TO_2024_25)
    assert later.employer_ni_threshold_gbp == pytest.approx(7_072 * FACTOR_2011_12_TO_2024_25)
    assert later.employer_pension_rate == 0.14 and later.price_year == "2024-25"
    # Every component of the worker's cost scales with the sums, so the total does too: rebasing moves no ratio.
    worker_2011_12 = 17_368 + 0.138 * (17_368 - 7_072) - 0.037 * (17_368 - 102 * 52) + 0.14 * 17_368
    assert later.peer_worker_cost_gbp == pytest.approx(worker_2011_12 * FACTOR_2011_12_TO_2024_25)


def test_the_salary_is_computed_from_its_parts() -> None:
    # Agenda for Change band 3 point 9 from April 2010, £17,118, plus the flat £250 of April 2011
    salary = unit_costs.load_unit_costs(FROZEN_DATA)["peer_worker_salary_gbp"]
    assert salary.value == 17_118 + 250 and salary.status == "assumption" and salary.formula


def test_default_costing_comes_from_the_data(data_copy: Path) -> None:
    edit_cell(data_copy / "unit_costs.csv", lambda r: r["item"] == "bed_day_cost_gbp", "value", "400")
    assert costs.load_cost_assumptions(data_copy).bed_day_cost_gbp == 400.0


def test_price_year_format() -> None:
    assert prices.check_price_year_format("2011-12")
    assert prices.check_price_year_format("1999-00")
    assert not prices.check_price_year_format("2011-13")
    assert not prices.check_price_year_format("2011/12")
    assert prices.next_price_year("1999-00") == "2000-01"


def test_price_index_names_the_years_each_series_covers() -> None:
    index = prices.PriceIndex(levels={"2009-10": 100.0, "2010-11": 103.0, "2011-12": 105.0, "2012-13": 106.0},
                             series={"2009-10": "A", "2010-11": "A", "2011-12": "B", "2012-13": "B"})
    assert index.coverage() == [("A", "2009-10", "2010-11"), ("B", "2011-12", "2012-13")]
    assert index.coverage_text() == "A 2009-10 to 2010-11, then B 2011-12 to 2012-13"


def test_the_price_index_file_starts_in_2009_10_and_the_nhscii_in_2015_16() -> None:
    # Read off data/price_index.csv: HCHS rows 2009-10 (the base) to 2014-15, NHSCII rows from 2015-16.
    spans = prices.load_price_index(FROZEN_DATA).coverage()
    assert spans[0] == ("HCHS pay and prices", "2009-10", "2014-15")
    assert spans[1][:2] == ("NHSCII pay and prices", "2015-16")
