"""The values a notebook's parameters resolved to (peerlib.present.parameters), as its page shows them."""

from __future__ import annotations

import csv
import json

import pandas as pd
import pytest

from peerlib.analysis import business_case, recosting
from peerlib.core import crisis_house
from peerlib.core.costs import load_cost_assumptions
from peerlib.core.model import Model
from peerlib.present.parameters import MIME_TYPE, Used, bundle, literal_text, number_text, used_values, values_shown
from tests.conftest import FROZEN_DATA


def data_value(file: str, item: str) -> str:
    """A figure as the frozen data write it, read with the csv module rather than peerlib."""
    with (FROZEN_DATA / file).open(encoding="utf-8") as rows:
        return next(row["value"] for row in csv.DictReader(rows) if row["item"] == item)


def test_a_costing_alone_shows_the_worker_s_salary_it_uses() -> None:
    # The salary is a formula in the file: the pay point plus the flat award, added here from the two rows.
    salary = float(data_value("unit_costs.csv", "part_afc_pay_point_gbp")) + float(
        data_value("unit_costs.csv", "part_afc_flat_award_gbp"))
    used = used_values(load_cost_assumptions(FROZEN_DATA))
    assert used == {"peer_worker_salary_gbp": Used(f"£{salary:,.0f} a year", "data/unit_costs.csv")}


def test_a_model_left_to_data_shows_data_s_figures_with_their_file() -> None:
    used = used_values(Model.from_data(FROZEN_DATA))
    caseloads = f"{data_value('staffing.csv', 'caseload')} one-to-one and " \
                f"{data_value('staffing.csv', 'caseload_group')} in groups"
    assert used["caseload"] == Used(f"{caseloads} patients per FTE at a time", "data/staffing.csv")
    assert used["bed_day_cost_gbp"] == Used(f"£{data_value('unit_costs.csv', 'bed_day_cost_gbp')} per bed-day",
                                            "data/unit_costs.csv")
    assert used["price_year"] == Used("2011-12", "data/unit_costs.csv")
    # 0.14 in the file: a fraction, shown as a percentage.
    assert used["employer_pension_rate"] == Used("14% of salary", "data/unit_costs.csv")


def test_a_given_value_is_the_one_shown_and_another_price_year_names_the_index() -> None:
    used = used_values(Model.from_data(FROZEN_DATA, caseload=7.5, price_year="2024-25", bed_day_cost_gbp=1234.4))
    assert used["caseload"].value == "7.5 patients per FTE at a time"
    assert used["bed_day_cost_gbp"].value == "£1,234 per bed-day"
    assert used["price_year"].value == "2024-25" and "data/price_index.csv" in used["price_year"].source
    assert used["overhead_rate"].source == "data/unit_costs.csv"  # a rate is not brought to another year


def test_the_business_case_says_which_parameters_it_did_not_use() -> None:
    inputs = business_case.build_inputs(FROZEN_DATA, evidence="core2018", salary_gbp=30_000, origin="parameter")
    used = used_values(inputs)
    assert used["pay_band"] == used["pay_point"] == Used("not used: salary_gbp is set", "")
    assert used["own_low"].value == 'not used: the evidence is not "own"'
    assert used["salary_gbp"].value == "£30,000 a year"
    assert used["support_months"].value == "the evidence's own"


def test_today_s_costs_name_the_default_pay_point() -> None:
    used = used_values(recosting.recost())
    assert used["pay_band"].value.startswith("band 3: £") and used["pay_point"].value == "top of band 3"
    assert used["pay_band"].source == "data/current_costs.csv"
    assert used_values(recosting.recost(band=4, point="entry"))["pay_point"].value == "entry of band 4"


def test_the_crisis_house_s_visits_are_the_middle_of_the_published_range() -> None:
    middle = (float(data_value("crisis_house.csv", "visits_per_month_low"))
              + float(data_value("crisis_house.csv", "visits_per_month_high"))) / 2 * 12
    used = used_values(crisis_house.load_crisis_house_inputs(FROZEN_DATA))
    assert used["visits_per_year"].value == f"{middle:,.0f} visits a year"
    assert used["inpatient_days_per_visit"].value.endswith(("day per visit", "days per visit"))


def test_the_published_output_carries_json_for_the_page_and_text_for_a_person() -> None:
    data = bundle({"caseload": Used("20 patients per FTE at a time", "data/staffing.csv")})
    assert json.loads(json.dumps(data[MIME_TYPE])) == {
        "caseload": {"value": "20 patients per FTE at a time", "source": "data/staffing.csv"}}
    assert data["text/plain"].splitlines()[1] == "caseload: 20 patients per FTE at a time (data/staffing.csv)"


def test_an_object_with_no_parameters_is_refused() -> None:
    with pytest.raises(TypeError, match="no parameters to publish from a dict"):
        used_values({"caseload": 20})


@pytest.mark.parametrize("value, unit, shown", [
    (38.0, "people", "38"),  # people whole, never "38.00 people"
    (1_900.0, "people", "1,900"),
    (334.0, "GBP per bed-day", "£334"),  # to the pound ...
    (448.75, "£ per bed-day", "£448.75"),  # ... unless it has pence
    (17_368.0, "£ a year", "£17,368"),
    (10_000, "draws", "10,000"),
    (100_000, "number of probabilistic draws", "100,000"),
    (0.0, "fraction of bed-days saved that release cash", "0"),
    (0.138, "fraction of earnings above the threshold", "0.138"),
    (19.08, "bed-days per patient", "19.08"),
    (2013, "seed of the random number generator", "2013"),  # a seed or a year has no separator
    (12.6, "patients per FTE at a time", "12.6"),
])
def test_a_value_is_shown_by_its_unit(value: float, unit: str, shown: str) -> None:
    assert number_text(value, unit) == shown


def test_a_literal_of_a_parameters_cell_is_written_for_a_reader() -> None:
    assert literal_text("10_000", "number of draws") == "10,000"
    assert literal_text("0.0", "fraction of bed-days saved that release cash") == "0"
    assert literal_text("0.25", "ASSUMPTION, a fraction") == "0.25"
    assert literal_text("-3", "") == "−3"
    assert literal_text("26598.5", "£ a year for one FTE") == "£26,598.50"
    for as_written in ('"sledge2011"', '""', "None", "True", "[1, 2]", "not python"):
        assert literal_text(as_written, "") == as_written


def test_a_table_of_figures_shows_each_value_by_its_unit() -> None:
    table = pd.DataFrame({"value": [38.0, 19.08, 334.0, 0.037], "unit": ["people", "bed-days per patient",
                                                                      "GBP per bed-day", "fraction"]})
    assert list(values_shown(table)["value"]) == ["38", "19.08", "£334", "0.037"]


def test_money_keeps_the_pence_data_gives_it_and_not_those_an_index_computes() -> None:
    def shown(bed_day_cost_gbp: float) -> str:
        return used_values(Model.from_data(FROZEN_DATA, bed_day_cost_gbp=bed_day_cost_gbp))["bed_day_cost_gbp"].value

    assert shown(448.75) == "£448.75 per bed-day"
    assert shown(334) == "£334 per bed-day"
