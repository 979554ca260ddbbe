"""Bad input gets a DataError naming the file, the row (line), the column, what was expected and what was found."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from peerlib.core import crisis_house
from peerlib.inputs import prices, published, studies, unit_costs
from peerlib.inputs.errors import DataError, ParameterError, PriceYearError
from tests.conftest import FROZEN_DATA, edit_cell


def sledge(name: str):  # noqa: ANN201 - a row matcher for study_inputs.csv
    return lambda r: r["study_id"] == "sledge2011" and r["input"] == name


def assert_names(exc: DataError, file: str, line: int | None, column: str, *fragments: str) -> None:
    message = str(exc)
    assert file in message
    if line == 1:
        assert "line 1 (the header)" in message
    elif line is not None:
        assert re.search(rf", line {line}(?![0-9])", message), message
    assert f"column '{column}'" in message
    for fragment in fragments:
        assert fragment in message, message


def test_missing_column(data_copy: Path) -> None:
    path = data_copy / "studies.csv"
    lines = path.read_text().splitlines()
    path.write_text("\n".join([lines[0].replace(",design,", ",study_design,")] + lines[1:]))
    with pytest.raises(DataError) as err:
        studies.load_studies(data_copy)
    assert_names(err.value, "studies.csv", 1, "design", "missing column", "study_design")


def test_non_numeric_figure(data_copy: Path) -> None:
    line = edit_cell(data_copy / "study_inputs.csv", sledge("bed_days_peer"), "value", "ten")
    with pytest.raises(DataError) as err:
        studies.load_studies(data_copy)
    assert_names(err.value, "study_inputs.csv", line, "value", "not a number", "'ten'")


def test_negative_count(data_copy: Path) -> None:
    line = edit_cell(data_copy / "study_inputs.csv", sledge("n_control"), "value", "-36")
    with pytest.raises(DataError) as err:
        studies.load_studies(data_copy)
    assert_names(err.value, "study_inputs.csv", line, "value", "whole number of 0 or more", "-36")


def test_fractional_count(data_copy: Path) -> None:
    line = edit_cell(data_copy / "study_inputs.csv", sledge("n_peer"), "value", "38.5")
    with pytest.raises(DataError) as err:
        studies.load_studies(data_copy)
    assert_names(err.value, "study_inputs.csv", line, "value", "whole number")


def test_negative_cost(data_copy: Path) -> None:
    line = edit_cell(data_copy / "unit_costs.csv", lambda r: r["item"] == "bed_day_cost_gbp", "value", "-334")
    with pytest.raises(DataError) as err:
        unit_costs.load_unit_costs(data_copy)
    # The bound that applies is the bed-day's plausible range, not a generic "0 or more".
    assert_names(err.value, "unit_costs.csv", line, "value", "expected an amount from £1 to £20,000", "found -334")


def test_a_bed_day_that_costs_nothing(data_copy: Path) -> None:
    line = edit_cell(data_copy / "unit_costs.csv", lambda r: r["item"] == "bed_day_cost_gbp", "value", "0")
    with pytest.raises(DataError) as err:
        unit_costs.load_unit_costs(data_copy)
    assert_names(err.value, "unit_costs.csv", line, "value", "bed_day_cost_gbp is implausible",
                 "an amount from £1 to £20,000", "found 0")


def caseload_row(row: dict[str, str]) -> bool:
    return row["item"] == "caseload"


@pytest.mark.parametrize("value, expected", [
    ("0", "greater than 0"), ("-20", "greater than 0"), ("twenty", "not a number"), ("nan", "not a finite number"),
    ("5000", "at most 1,000"),
])
def test_bad_caseload_in_the_data(data_copy: Path, value: str, expected: str) -> None:
    line = edit_cell(data_copy / "staffing.csv", caseload_row, "value", value)
    with pytest.raises(DataError) as err:
        studies.load_staffing(data_copy)
    assert_names(err.value, "staffing.csv", line, "value", expected, value)


def test_a_staffing_formula_that_names_a_value(data_copy: Path) -> None:
    """staffing.csv's formulas are arithmetic over numbers: there is no other row they could read."""
    line = edit_cell(data_copy / "staffing.csv", lambda row: row["item"] == "fte_hours_per_year", "formula",
                     "37.5 * weeks")
    with pytest.raises(DataError) as err:
        studies.load_staffing(data_copy)
    assert_names(err.value, "staffing.csv", line, "formula", "arithmetic over numbers only", "37.5 * weeks")


@pytest.mark.parametrize("value", [0, -5, float("nan"), float("inf"), 1_001, "20", True])
def test_bad_caseload_as_a_parameter_names_where_it_came_from(value: object) -> None:
    with pytest.raises(ParameterError) as err:
        studies.load_staffing(FROZEN_DATA).with_caseload(value, "notebook parameter caseload")  # type: ignore[arg-type]
    assert str(err.value) == ("caseload (notebook parameter caseload): expected a number greater than 0 and at most "
                              f"1,000 (patients per FTE at a time), found {value!r}")


@pytest.mark.parametrize("value, expected", [
    ("0", "greater than 0"), ("-3", "greater than 0"), ("12", "longer than the follow-up"),
])
def test_bad_support_months(data_copy: Path, value: str, expected: str) -> None:
    line = edit_cell(data_copy / "study_inputs.csv", lambda r: r["study_id"] == "klein1998"
                     and r["input"] == "support_months", "value", value)
    with pytest.raises(DataError) as err:
        studies.load_studies(data_copy)
    assert_names(err.value, "study_inputs.csv", line, "value", expected)


def test_an_assumed_fte_is_refused(data_copy: Path) -> None:
    path = data_copy / "study_inputs.csv"
    path.write_text(path.read_text() + "sledge2011,peer_fte,1.9,FTE,assumption,,,n_peer / 20\n")
    line = len(path.read_text().splitlines())
    with pytest.raises(DataError) as err:
        studies.load_studies(data_copy)
    assert_names(err.value, "study_inputs.csv", line, "status", "published FTE only", "staffing.csv")


@pytest.mark.parametrize("value", ["1e308", "241"])
def test_absurd_follow_up(data_copy: Path, value: str) -> None:
    line = edit_cell(data_copy / "study_inputs.csv", sledge("followup_months"), "value", value)
    with pytest.raises(DataError) as err:
        studies.load_studies(data_copy)
    assert_names(err.value, "study_inputs.csv", line, "value", "implausibly large", "at most 240 (months)")


def test_bed_days_beyond_the_follow_up(data_copy: Path) -> None:
    # 9 months hold 274 days: a mean of 300 bed-days per patient cannot be right
    line = edit_cell(data_copy / "study_inputs.csv", sledge("bed_days_control"), "value", "300")
    with pytest.raises(DataError) as err:
        studies.load_studies(data_copy)
    assert_names(err.value, "study_inputs.csv", line, "value", "exceeds the days in its follow-up", "274")


def test_zero_months_follow_up(data_copy: Path) -> None:
    line = edit_cell(data_copy / "study_inputs.csv", sledge("followup_months"), "value", "0")
    with pytest.raises(DataError) as err:
        studies.load_studies(data_copy)
    assert_names(err.value, "study_inputs.csv", line, "value", "greater than 0")


def test_unknown_outcome_form(data_copy: Path) -> None:
    line = edit_cell(data_copy / "studies.csv", lambda r: r["study_id"] == "sledge2011", "outcome_form", "vibes")
    with pytest.raises(DataError) as err:
        studies.load_studies(data_copy)
    assert_names(err.value, "studies.csv", line, "outcome_form", "unknown outcome form", "mean_bed_days", "'vibes'")


def test_price_year_absent_from_the_index(data_copy: Path) -> None:
    line = edit_cell(data_copy / "unit_costs.csv", lambda r: r["item"] == "bed_day_cost_gbp", "price_year", "1999-00")
    with pytest.raises(PriceYearError) as err:
        unit_costs.load_unit_costs(data_copy)
    assert_names(err.value, "unit_costs.csv", line, "price_year", "2009-10 to", "'1999-00'")


def test_crisis_house_price_year_absent_from_the_index(data_copy: Path) -> None:
    line = edit_cell(data_copy / "crisis_house.csv", lambda r: r["item"] == "inpatient_cost_per_day_gbp",
                     "price_year", "1990-91")
    with pytest.raises(PriceYearError) as err:
        crisis_house.load_crisis_house_inputs(data_copy)
    assert_names(err.value, "crisis_house.csv", line, "price_year", "'1990-91'")


def test_duplicate_study_id(data_copy: Path) -> None:
    line = edit_cell(data_copy / "studies.csv", lambda r: r["study_id"] == "rivera2007", "study_id", "sledge2011")
    with pytest.raises(DataError) as err:
        studies.load_studies(data_copy)
    assert_names(err.value, "studies.csv", line, "study_id", "duplicate of line 2", "'sledge2011'")


@pytest.mark.parametrize("content", ["", "\n\n", "header only"])
def test_empty_file(data_copy: Path, content: str) -> None:
    path = data_copy / "studies.csv"
    if content == "header only":
        content = path.read_text().splitlines()[0] + "\n"
    path.write_text(content)
    with pytest.raises(DataError, match=re.escape(str(data_copy / "studies.csv")) + ".*(empty file|no data rows)"):
        studies.load_studies(data_copy)


def test_missing_file(data_copy: Path) -> None:
    (data_copy / "published.csv").unlink()
    with pytest.raises(DataError, match="published.csv: file not found"):
        published.load_published(data_copy)


def test_assumption_without_reason(data_copy: Path) -> None:
    line = edit_cell(data_copy / "study_inputs.csv", lambda r: r["study_id"] == "rivera2007"
                     and r["input"] == "n_peer", "reason", "")
    with pytest.raises(DataError) as err:
        studies.load_studies(data_copy)
    assert_names(err.value, "study_inputs.csv", line, "reason", "needs its reason")


def test_published_figure_without_source(data_copy: Path) -> None:
    line = edit_cell(data_copy / "study_inputs.csv", sledge("n_peer"), "source", "")
    with pytest.raises(DataError) as err:
        studies.load_studies(data_copy)
    assert_names(err.value, "study_inputs.csv", line, "source", "needs its source")


def test_wrong_unit(data_copy: Path) -> None:
    line = edit_cell(data_copy / "study_inputs.csv", sledge("followup_months"), "unit", "weeks")
    with pytest.raises(DataError) as err:
        studies.load_studies(data_copy)
    assert_names(err.value, "study_inputs.csv", line, "unit", "expected months", "'weeks'")


def test_input_for_an_unknown_study(data_copy: Path) -> None:
    line = edit_cell(data_copy / "study_inputs.csv", sledge("n_peer"), "study_id", "sledge2012")
    with pytest.raises(DataError) as err:
        studies.load_studies(data_copy)
    assert_names(err.value, "study_inputs.csv", line, "study_id", "unknown study", "'sledge2012'")


def test_missing_input_of_the_outcome_form(data_copy: Path) -> None:
    path = data_copy / "study_inputs.csv"
    kept = [line for line in path.read_text().splitlines() if not line.startswith("lawn2008,bed_days_saved_total,")]
    path.write_text("\n".join(kept) + "\n")
    with pytest.raises(DataError, match="no row for input 'bed_days_saved_total' of study 'lawn2008'"):
        studies.load_studies(data_copy)


def test_a_formula_reading_a_missing_figure(data_copy: Path) -> None:
    # Klein's bed-days are a formula on Sledge's: without Sledge's control-arm figure there is nothing to borrow.
    path = data_copy / "study_inputs.csv"
    klein = next(i for i, text in enumerate(path.read_text().splitlines(), start=1)
                 if text.startswith("klein1998,bed_days_saved_total,"))
    kept = [line for line in path.read_text().splitlines() if not line.startswith("sledge2011,bed_days_control,")]
    path.write_text("\n".join(kept) + "\n")
    with pytest.raises(DataError) as err:
        studies.load_studies(data_copy)
    assert_names(err.value, "study_inputs.csv", klein - 1, "formula", "reads 'sledge2011.bed_days_control'")


@pytest.mark.parametrize("formula, problem", [
    ("__import__('os')", "not"), ("n_peer ** 2", "operator not allowed"), ("n_peer +", "not a formula"),
])
def test_a_formula_that_is_not_plain_arithmetic(data_copy: Path, formula: str, problem: str) -> None:
    line = edit_cell(data_copy / "study_inputs.csv", lambda r: r["study_id"] == "klein1998"
                     and r["input"] == "bed_days_saved_total", "formula", formula)
    with pytest.raises(DataError) as err:
        studies.load_studies(data_copy)
    assert_names(err.value, "study_inputs.csv", line, "formula", problem)


def test_a_status_outside_the_vocabulary(data_copy: Path) -> None:
    line = edit_cell(data_copy / "study_inputs.csv", sledge("n_peer"), "status", "sourced")
    with pytest.raises(DataError) as err:
        studies.load_studies(data_copy)
    assert_names(err.value, "study_inputs.csv", line, "status", "'published', 'secondary', 'derived' or 'assumption'",
                 "'sourced'")


def test_rate_written_as_a_percentage(data_copy: Path) -> None:
    line = edit_cell(data_copy / "unit_costs.csv", lambda r: r["item"] == "employer_ni_rate", "value", "13.8")
    with pytest.raises(DataError) as err:
        unit_costs.load_unit_costs(data_copy)
    assert_names(err.value, "unit_costs.csv", line, "value", "a fraction from 0 to 1 (0.5 for 50 %)")


def test_gap_in_the_price_index(data_copy: Path) -> None:
    path = data_copy / "price_index.csv"
    kept = [line for line in path.read_text().splitlines() if not line.startswith("2012-13,")]
    path.write_text("\n".join(kept) + "\n")
    with pytest.raises(DataError) as err:
        prices.load_price_index(data_copy)
    assert_names(err.value, "price_index.csv", None, "price_year", "consecutive", "expected 2012-13", "'2013-14'")


def test_bad_flag(data_copy: Path) -> None:
    line = edit_cell(data_copy / "studies.csv", lambda r: r["study_id"] == "lawn2008", "included", "maybe")
    with pytest.raises(DataError) as err:
        studies.load_studies(data_copy)
    assert_names(err.value, "studies.csv", line, "included", "'yes' or 'no'", "'maybe'")


def test_unknown_study_id_parameter() -> None:
    with pytest.raises(ParameterError, match="unknown study_id 'smith2020'; expected one of sledge2011"):
        studies.load_study("smith2020", FROZEN_DATA)


def test_bad_override_value() -> None:
    study = studies.load_study("sledge2011", FROZEN_DATA)
    with pytest.raises(ParameterError, match="bed_days_peer for sledge2011: expected a number of 0 or more"):
        study.with_values(bed_days_peer=-1)
    with pytest.raises(DataError, match="support_months is longer than the follow-up"):
        study.with_values(support_months=12)
    with pytest.raises(ParameterError, match="unknown input 'fte'"):
        study.with_values(fte=1)


def test_wrong_delimiter(data_copy: Path) -> None:
    path = data_copy / "published.csv"
    path.write_text(path.read_text().replace(",", ";"))
    with pytest.raises(DataError) as err:
        published.load_published(data_copy)
    assert_names_file_line(err.value, "published.csv", 1, "wrong delimiter", "commas between columns")


def test_wrong_encoding(data_copy: Path) -> None:
    path = data_copy / "crisis_house.csv"
    path.write_bytes(path.read_text(encoding="utf-8").encode("cp1252"))  # the £ signs become single bytes
    with pytest.raises(DataError) as err:
        crisis_house.load_crisis_house_inputs(data_copy)
    assert_names_file_line(err.value, "crisis_house.csv", 2, "not UTF-8", "UTF-8")


def test_stray_quote(data_copy: Path) -> None:
    path = data_copy / "unit_costs.csv"
    lines = path.read_text().splitlines()
    lines[3] = lines[3].replace(",2011-12,", ',"2011-12,', 1)  # an opening quote that never closes
    path.write_text("\n".join(lines) + "\n")
    with pytest.raises(DataError, match=r"unit_costs.csv.*malformed CSV.*balanced quotes"):
        unit_costs.load_unit_costs(data_copy)


def test_quote_inside_a_cell_is_shown(data_copy: Path) -> None:
    line = edit_cell(data_copy / "unit_costs.csv", lambda r: r["item"] == "bed_day_cost_gbp", "price_year", '2011-12"')
    with pytest.raises(DataError) as err:
        unit_costs.load_unit_costs(data_copy)
    assert_names(err.value, "unit_costs.csv", line, "price_year", """'2011-12"'""")


def test_wrong_number_of_cells(data_copy: Path) -> None:
    path = data_copy / "price_index.csv"
    lines = path.read_text().splitlines()
    lines[4] += ",extra"
    path.write_text("\n".join(lines) + "\n")
    with pytest.raises(DataError) as err:
        prices.load_price_index(data_copy)
    assert_names_file_line(err.value, "price_index.csv", 5, "wrong number of cells", "5 cells")


def assert_names_file_line(exc: DataError, file: str, line: int, *fragments: str) -> None:
    message = str(exc)
    shown = "line 1 (the header)" if line == 1 else f"line {line}"
    assert file in message and re.search(rf", {re.escape(shown)}(?![0-9])", message), message
    for fragment in fragments:
        assert fragment in message, message


def test_a_file_of_the_project_is_named_as_a_person_at_its_root_types_it(tmp_path: Path) -> None:
    """data/unit_costs.csv, not the absolute path; the line an editor shows; a file elsewhere in full."""
    from peerlib.config import PROJECT_ROOT

    inside = DataError(PROJECT_ROOT / "data" / "unit_costs.csv", "out of range", line=2, column="value",
                       expected="a number", found=-5.0)
    assert str(inside) == "data/unit_costs.csv, line 2, column 'value': out of range; expected a number, found -5"
    header = DataError(PROJECT_ROOT / "data" / "studies.csv", "wrong delimiter", line=1)
    assert str(header) == "data/studies.csv, line 1 (the header): wrong delimiter"
    elsewhere = tmp_path / "unit_costs.csv"
    assert str(DataError(elsewhere, "file not found")).startswith(f"{elsewhere}: file not found")
