"""One shape, one loader, one set of plausible values: every file of sourced figures is judged alike."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from peerlib.analysis import business_case
from peerlib.inputs import unit_costs
from peerlib.inputs.crisis_house import load_crisis_house_figures
from peerlib.inputs.errors import DataError, ParameterError
from peerlib.inputs.population import load_population
from peerlib.inputs.studies import load_staffing
from tests.conftest import FROZEN_DATA, edit_cell


def test_a_figure_keeps_where_it_stands() -> None:
    # data/crisis_house.csv: the header is line 1, diversion_share the seventh row (line 8)
    share = load_crisis_house_figures(FROZEN_DATA)["diversion_share"]
    assert (Path(share.file).name, share.line, share.value, share.status) == ("crisis_house.csv", 8, 1.0, "assumption")
    bed_day = unit_costs.load_unit_costs(FROZEN_DATA)["bed_day_cost_gbp"]
    assert (Path(bed_day.file).name, bed_day.line, bed_day.value, bed_day.price_year) == (
        "unit_costs.csv", 2, 334.0, "2011-12")


@pytest.mark.parametrize("file_name", ["unit_costs.csv", "current_costs.csv"])
def test_a_bed_day_cost_is_judged_by_the_same_bounds_in_every_file(data_copy: Path, file_name: str) -> None:
    line = edit_cell(data_copy / file_name, lambda r: r["item"] == "bed_day_cost_gbp", "value", "25000")
    with pytest.raises(DataError) as err:
        unit_costs.load_unit_costs(data_copy, file_name=file_name)
    assert f", line {line}, column 'value': bed_day_cost_gbp is implausible" in str(err.value)
    assert "expected an amount from £1 to £20,000, found 25000" in str(err.value)


def test_the_business_case_refuses_what_the_files_refuse() -> None:
    with pytest.raises(ParameterError, match="expected an amount from £1 to £20,000"):
        business_case.build_inputs(FROZEN_DATA, bed_day_cost_gbp=25_000)


def test_any_other_sum_of_money_is_bounded_by_one_rule(data_copy: Path) -> None:
    line = edit_cell(data_copy / "crisis_house.csv", lambda r: r["item"] == "crisis_cost_per_visit_gbp", "value", "0")
    with pytest.raises(DataError) as err:
        load_crisis_house_figures(data_copy)
    assert f"crisis_house.csv, line {line}, column 'value': crisis_cost_per_visit_gbp is " \
           "implausible; expected an amount from £1 to £1,000,000, found 0" in str(err.value)


def test_a_share_above_one_is_refused(data_copy: Path) -> None:
    edit_cell(data_copy / "crisis_house.csv", lambda r: r["item"] == "diversion_share", "value", "1.5")
    with pytest.raises(DataError, match=r"diversion_share is implausible; expected a fraction from 0 to 1 "
                                        r"\(0.5 for 50 %\)"):
        load_crisis_house_figures(data_copy)


@pytest.mark.parametrize("item", ["discount_rate", "fte_per_head"])
def test_a_missing_population_row_is_named(data_copy: Path, item: str) -> None:
    path = data_copy / "population.csv"
    path.write_text("\n".join(line for line in path.read_text(encoding="utf-8").splitlines()
                              if not line.startswith(item)) + "\n", encoding="utf-8")
    with pytest.raises(DataError, match=rf"population.csv, column 'item': no row for item '{item}'"):
        load_population(data_copy)


def test_staffing_is_read_as_sourced_figures_with_the_tables_unit(data_copy: Path) -> None:
    caseload = load_staffing(FROZEN_DATA).sources["caseload"]
    assert (Path(caseload.file).name, caseload.line, caseload.value) == ("staffing.csv", 2, 12.6)
    line = edit_cell(data_copy / "staffing.csv", lambda r: r["item"] == "caseload", "unit", "patients")
    with pytest.raises(DataError) as err:
        load_staffing(data_copy)
    assert f"staffing.csv, line {line}, column 'unit': wrong unit for caseload; expected " \
           "patients per FTE at a time, found 'patients'" in str(err.value)


def test_a_caseload_meets_one_bound_in_the_data_and_as_a_parameter(data_copy: Path) -> None:
    edit_cell(data_copy / "staffing.csv", lambda r: r["item"] == "caseload", "value", "1001")
    with pytest.raises(DataError, match="expected a number greater than 0 and at most 1,000"):
        load_staffing(data_copy)
    with pytest.raises(ParameterError, match="at most 1,000"):
        business_case.build_inputs(FROZEN_DATA, caseload=1001)


@pytest.mark.parametrize(("file_name", "item", "load"), [
    ("population.csv", "horizon_years", load_population), ("staffing.csv", "caseload", load_staffing)])
def test_an_unknown_item_is_refused_by_the_one_loader(data_copy: Path, file_name: str, item: str, load) -> None:  # type: ignore[no-untyped-def]
    line = edit_cell(data_copy / file_name, lambda r: r["item"] == item, "item", "caseloads")
    with pytest.raises(DataError) as err:
        load(data_copy)
    message = str(err.value)
    assert file_name in message and f"line {line}," in message and "column 'item'" in message
    assert "unknown item" in message and "'caseloads'" in message and item in message


def _overridden(what: str, **values: float) -> Any:
    """Costs or the crisis house from data/, with ``values`` set as a user sets them."""
    from peerlib.core.costs import CostAssumptions
    from peerlib.core.crisis_house import load_crisis_house_inputs
    from peerlib.inputs.unit_costs import load_unit_costs

    if what == "costs":
        return CostAssumptions.from_unit_costs(load_unit_costs(FROZEN_DATA)).with_overrides(**values)
    return load_crisis_house_inputs(FROZEN_DATA).with_overrides(**values)


@pytest.mark.parametrize("what, name, value, message", [
    ("costs", "overhead_rate", 1.5, r"^overhead_rate: expected a fraction from 0 to 1 \(0.5 for 50 %\), found 1.5$"),
    ("costs", "bed_day_cost_gbp", 0, r"^bed_day_cost_gbp: expected an amount from £1 to £20,000, found 0$"),
    ("leeds", "diversion_share", 2, r"^diversion_share: expected a fraction from 0 to 1 \(0.5 for 50 %\), found 2$"),
    ("leeds", "visits_per_year", 0, r"^visits_per_year: expected a number greater than 0"),
])
def test_an_override_is_held_to_the_bounds_of_the_same_figure_in_data(what: str, name: str, value: float,
                                                                       message: str) -> None:
    """The cost and crisis-house overrides refuse with the words of the one table of bounds."""
    from peerlib.inputs.errors import ParameterError

    with pytest.raises(ParameterError, match=message):
        _overridden(what, **{name: value})


def test_an_override_at_the_end_of_its_bounds_is_admitted() -> None:
    assert _overridden("costs", overhead_rate=1).overhead_rate == 1.0
    assert _overridden("leeds", diversion_share=0).diversion_share == 0.0


def test_a_choice_is_refused_in_one_set_of_words_wherever_it_is_given() -> None:
    from peerlib.analysis import recosting
    from peerlib.inputs.sourced import choice_problem

    assert choice_problem("middle", ["entry", "top"]) == "expected one of entry, top, found 'middle'"
    assert choice_problem("", ["", "2011-12"]) == ""
    assert choice_problem(True, [1, 3]) == "expected one of 1, 3, found True"  # True == 1, but is no band
    words = ("expected one of entry, top (the band's first point, or its top, reached after two years in band 3 and "
             "three in band 4), found 'middle'")
    with pytest.raises(ParameterError) as today:
        recosting.pay_point_item(3, "middle")
    with pytest.raises(ParameterError) as case:
        business_case.build_inputs(FROZEN_DATA, pay_point="middle", n_draws=1_000)
    assert str(today.value) == f"pay_point: {words}"
    assert str(case.value) == f"pay_point (notebook parameter pay_point): {words}"
