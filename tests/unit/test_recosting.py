"""Re-costing against rebasing: every expected figure worked out by hand from the published numbers."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from peerlib.analysis import recosting
from peerlib.inputs.cost_indices import load_component_indices
from peerlib.inputs.errors import DataError, ParameterError
from peerlib.present import recosting as recosting_text
from tests.conftest import FROZEN_DATA, edit_cell

# PSSRU NHS cost inflation index, 2015/16 to 2024/25, as in data/cost_indices.csv and price_index.csv (Unit Costs
# of Health and Social Care 2025 Manual, via dmdprices): % change into each year.
PAY = [0.30, 2.10, 1.21, 1.60, 2.58, 3.41, 3.07, 7.41, 2.18, 5.11]
PAY_AND_PRICES = [0.40, 2.09, 1.24, 1.60, 2.14, 2.49, 2.58, 7.32, 2.47, 4.02]
HCHS_2012_TO_2015 = [1.7, 1.1, 0.9]  # the combined series into 2012-13, 2013-14, 2014-15 (price_index.csv)


def chain(changes: list[float]) -> float:
    return math.prod(1 + c / 100 for c in changes)


PAY_FACTOR = chain(HCHS_2012_TO_2015) * chain(PAY)  # 2011-12 to 2024-25
BED_FACTOR = chain(HCHS_2012_TO_2015) * chain(PAY_AND_PRICES)
COMPONENT_RATIO_FACTOR = chain(PAY_AND_PRICES) / chain(PAY)  # the combined years cancel
# data/unit_costs.csv by hand: £20,774.00; NI less the 3.7 % contracted-out rebate on earnings above £102 x 52
WORKER_2011_GBP = 17_368 + 0.138 * (17_368 - 7_072) - 0.037 * (17_368 - 102 * 52) + 0.14 * 17_368


@pytest.fixture(scope="module")
def recost() -> recosting.Recosting:
    return recosting.recost(FROZEN_DATA)


def test_component_factor_by_hand() -> None:
    # Pay grew faster than pay and prices since 2015-16: about 2.5 % fewer bed-days' worth per £ of pay.
    assert COMPONENT_RATIO_FACTOR == pytest.approx(1.2950814 / 1.3281770, rel=1e-6)
    assert COMPONENT_RATIO_FACTOR == pytest.approx(0.97508, abs=1e-5)


def test_recosted_salary_by_hand(recost: recosting.Recosting) -> None:
    # Band 3 point 9 in 2011-12, £17,368, moved by the combined series to 2014-15, then by the pay index.
    salary = 17_368 * 1.017 * 1.011 * 1.009 * chain(PAY)
    assert salary == pytest.approx(23_931.45, abs=0.01)
    components = recost.costings["components"]
    assert components.price_year == "2024-25"
    assert components.peer_worker_salary_gbp == pytest.approx(salary)
    assert components.employer_ni_threshold_gbp == pytest.approx(7_072 * PAY_FACTOR)
    assert components.bed_day_cost_gbp == pytest.approx(334 * BED_FACTOR)
    assert components.peer_worker_cost_gbp == pytest.approx(WORKER_2011_GBP * PAY_FACTOR)
    # The rates stay as they were in 2011-12: the index moves sums, not tax or pension rates.
    assert (components.employer_ni_rate, components.employer_pension_rate) == (0.138, 0.14)


def test_recosted_ratios_differ_from_rebased_by_the_component_factor(recost: recosting.Recosting) -> None:
    ratios = recost.ratios()
    assert recost.ratio_factor("components") == pytest.approx(COMPONENT_RATIO_FACTOR, rel=1e-12)
    for outcome, row in ratios.iterrows():
        # Rebasing moves both sides with one index: every ratio is unchanged.
        assert row["rebased"] == pytest.approx(row["base"], rel=1e-12, abs=1e-15), outcome
        assert row["components"] == pytest.approx(row["rebased"] * COMPONENT_RATIO_FACTOR, rel=1e-12, abs=1e-15)
    # Sledge by hand: 9 bed-days saved x 12 x 12.6 patients per FTE (one-to-one) / 9 months x £334 / £20,774.00
    assert ratios.loc["sledge2011", "base"] == pytest.approx(9 * 12 * 12.6 / 9 * 334 / WORKER_2011_GBP)
    assert ratios.loc["sledge2011", "components"] == pytest.approx(
        9 * 12 * 12.6 / 9 * 334 * BED_FACTOR / (WORKER_2011_GBP * PAY_FACTOR))


def test_summary_and_description_by_hand(recost: recosting.Recosting) -> None:
    # Sledge alone by hand, as above: rebased it does not move; by component index it moves by the factor
    sledge = 9 * 12 * 12.6 / 9 * 334 / WORKER_2011_GBP
    table = recost.summary("sledge2011")
    assert table.loc["base", "benefit_cost_ratio"] == pytest.approx(sledge)
    assert table.loc["rebased", "benefit_cost_ratio"] == pytest.approx(sledge)
    assert table.loc["components", "ratio_factor"] == pytest.approx(COMPONENT_RATIO_FACTOR)
    assert table.loc["components", "benefit_cost_ratio"] == pytest.approx(sledge * COMPONENT_RATIO_FACTOR)
    assert table.loc["base", "peer_worker_cost_gbp"] == pytest.approx(WORKER_2011_GBP)
    assert table.loc["rebased", "bed_day_cost_gbp"] == pytest.approx(334 * BED_FACTOR)
    assert recost.describe("sledge2011").startswith(
        f"The ratio sledge2011 is {sledge:.2f} : 1 at 2011-12 costs, and the same rebased to 2024-25. Re-costed by "
        f"component index it is {sledge * COMPONENT_RATIO_FACTOR:.2f} : 1 (every ratio x {COMPONENT_RATIO_FACTOR:.3f})")


def test_current_costing_by_hand(recost: recosting.Recosting) -> None:
    current = recost.costings["current"]
    assert current.price_year == "2025-26"
    # Band 3 top £26,598; employer NI 15 % above £5,000 = £3,239.70; pension 14.38 % + 9.4 % = 23.78 % = £6,325.00
    assert current.peer_worker_cost_gbp == pytest.approx(26_598 + 0.15 * (26_598 - 5_000) + 0.2378 * 26_598)
    assert current.peer_worker_cost_gbp == pytest.approx(36_162.7044)
    # £651 (2023-24, assumed) by pay and prices into 2024-25 (4.02 %) and the 2025-26 stand-in (4.83 %)
    assert current.bed_day_cost_gbp == pytest.approx(651 * 1.0402 * 1.0483)
    factor = (651 * 1.0402 * 1.0483 / 334) / (36_162.7044 / WORKER_2011_GBP)
    assert recost.ratio_factor("current") == pytest.approx(factor)
    ratios = recost.ratios()
    pooled = ratios.loc["pooled_sample_size"]
    assert pooled["current"] == pytest.approx(pooled["base"] * factor)
    assert factor == pytest.approx(1.2209, abs=1e-4)  # the evidence says the bed-day rose faster than the worker


def test_the_other_choices_of_current_costs() -> None:
    current = recosting.load_current_costs(FROZEN_DATA)
    assert current.pension_rate("trust") == 0.1438
    assert current.pension_rate("economic") == pytest.approx(0.2378)
    assert current.salary_gbp(4, "entry") == 27_485
    assert current.salary_gbp() == current.salary_gbp(3, "top") == 26_598
    # £564 at 2024-25 (assumed) by the 2025-26 stand-in only
    assert current.bed_day_cost_gbp("alt_bed_day_cost_gbp") == pytest.approx(564 * 1.0483)
    with pytest.raises(ParameterError, match=r"pay_band: expected one of 3, 4 .*found 5"):
        current.salary_gbp(5, "top")
    with pytest.raises(ParameterError, match=r"pay_point: expected one of entry, top .*found 'middle'"):
        current.salary_gbp(3, "middle")
    with pytest.raises(ParameterError, match=r"pension_basis: expected one of economic, trust, found 'cash'"):
        current.pension_rate("cash")


def test_secondary_pay_figures_match_the_official_april_2024_rates_and_the_award() -> None:
    # The 2025/26 pay points come from secondary tables; each must equal the official April 2024 rate
    # (NHS Health Careers) x 1.036 (the 3.6 % award) to within £1.
    rows = recosting.load_current_costs(FROZEN_DATA).rows
    award = rows["check_afc_award_rate"].value
    assert award == 0.036
    for band, point in [(3, "entry"), (3, "top"), (4, "entry"), (4, "top")]:
        april_2024 = rows[f"check_afc_band{band}_{point}_2024_gbp"].value
        assert abs(april_2024 * (1 + award) - rows[f"afc_band{band}_{point}_gbp"].value) <= 1, (band, point)


def test_years_with_only_the_combined_series_are_named() -> None:
    indices = load_component_indices(FROZEN_DATA)
    assert indices.own_from["pay"] == "2015-16"
    assert indices.combined_only_years("pay", "2011-12", "2024-25") == ["2012-13", "2013-14", "2014-15"]
    assert indices.recost_year == "2024-25"
    assert indices.factor("pay", "2011-12", "2014-15") == pytest.approx(1.017 * 1.011 * 1.009)
    assert indices.factor("pay_and_prices", "2024-25", "2025-26") == pytest.approx(1.0483)
    stand_in = [c for c in indices.changes if c.price_year == "2025-26"]
    assert [c.status for c in stand_in] == ["assumption"] and stand_in[0].reason


def test_results_rows(recost: recosting.Recosting) -> None:
    rows = {str(r["id"]): r for r in recosting_text.rows(recost)}
    row = rows["recost_components_sledge2011"]
    assert row["kind"] == "recosting" and row["price_year"] == "2024-25"
    assert row["benefit_cost_ratio"] == pytest.approx(row["base_benefit_cost_ratio"] * COMPONENT_RATIO_FACTOR)  # type: ignore[operator]
    assert row["ratio_factor"] == pytest.approx(COMPONENT_RATIO_FACTOR)
    assert rows["recost_current_pooled_sample_size"]["price_year"] == "2025-26"
    assert {f"recost_{c}_{k}" for c in ("components", "current")
            for k in ("core2018", "pooled_sample_size", "pooled_evidence_only")} <= set(rows)
    headlines = [r for r in rows.values() if r["headline"]]
    assert [r["id"] for r in headlines] == ["recost_components_pooled_sample_size", "recost_current_pooled_sample_size"]


# --- Bad input: the file, the row, the column, what was expected and what was found ----------------

@pytest.mark.parametrize("column, value, message", [
    ("index", "wages", r"cost_indices.csv, line 2, column 'index': unknown index; expected one of pay, "
                       r"prices, pay_and_prices, found 'wages'"),
    ("annual_change_pct", "75", r"cost_indices.csv, line 2, column 'annual_change_pct': out of range"),
    ("price_year", "2015/16", r"cost_indices.csv, line 2, column 'price_year': not a financial year"),
    ("status", "guessed", r"cost_indices.csv, line 2, column 'status': not a status"),
])
def test_bad_cost_index_rows_are_named(data_copy: Path, column: str, value: str, message: str) -> None:
    edit_cell(data_copy / "cost_indices.csv", lambda r: r["index"] == "pay" and r["price_year"] == "2015-16",
              column, value)
    with pytest.raises(DataError, match=message):
        load_component_indices(data_copy)


def test_a_gap_in_a_component_series_is_named(data_copy: Path) -> None:
    line = edit_cell(data_copy / "cost_indices.csv", lambda r: r["index"] == "pay" and r["price_year"] == "2024-25",
                     "price_year", "2026-27")
    with pytest.raises(DataError, match=rf"line {line}, column 'price_year': years must be "
                                        r"consecutive; expected 2024-25, found '2026-27'"):
        load_component_indices(data_copy)


def test_a_pay_and_prices_year_already_in_the_price_index_is_refused(data_copy: Path) -> None:
    edit_cell(data_copy / "cost_indices.csv", lambda r: r["index"] == "pay_and_prices", "price_year", "2024-25")
    with pytest.raises(DataError, match=r"column 'price_year': 2024-25 is already in price_index.csv; expected a "
                                        r"pay and prices year after 2024-25"):
        load_component_indices(data_copy)


def test_a_current_cost_outside_the_index_years_is_named(data_copy: Path) -> None:
    edit_cell(data_copy / "current_costs.csv", lambda r: r["item"] == "bed_day_cost_gbp", "price_year", "2030-31")
    with pytest.raises(DataError, match=r"current_costs.csv, line 2, column 'price_year': price year not "
                                        r"in the price index; expected a year from 2009-10 to 2025-26"):
        recosting.load_current_costs(data_copy)


def test_a_missing_current_cost_row_is_named(data_copy: Path) -> None:
    edit_cell(data_copy / "current_costs.csv", lambda r: r["item"] == "afc_band4_top_gbp", "item", "afc_band5_top_gbp")
    with pytest.raises(DataError, match=r"current_costs.csv, column 'item': no row for item 'afc_band4_top_gbp'"):
        recosting.load_current_costs(data_copy)
