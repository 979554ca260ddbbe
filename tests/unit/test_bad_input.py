"""Bad input gets a DataError naming the file, the row (line), the column, what was expected and what was found."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from peerlib.core import crisis_house
from peerlib.inputs import prices, published, studies, unit_costs
from peerlib.inputs.errors import DataError, ParameterError, PriceYearError
from tests.conftest import FROZEN_DATA, edit_cell


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


def assert_names_file_line(exc: DataError, file: str, line: int, *fragments: str) -> None:
    message = str(exc)
    shown = "line 1 (the header)" if line == 1 else f"line {line}"
    assert file in message and re.search(rf", {re.escape(shown)}(?![0-9])", message), message
    for fragment in fragments:
        assert fragment in message, message


Row = Callable[[dict[str, str]], bool]
# Breaks one file of a copy of the data; returns the line it broke when it can tell (None: the case states it).
Break = Callable[[Path], int | None]


def item(name: str) -> Row:
    """The row of unit_costs.csv, staffing.csv or crisis_house.csv for one item."""
    return lambda r: r["item"] == name


def study(study_id: str) -> Row:
    """A study's row of studies.csv."""
    return lambda r: r["study_id"] == study_id


def study_input(study_id: str, name: str) -> Row:
    """One input of one study in study_inputs.csv."""
    return lambda r: r["study_id"] == study_id and r["input"] == name


def sledge(name: str) -> Row:
    return study_input("sledge2011", name)


def cell(row: Row, column: str, value: str) -> Break:
    """Set one cell of the first matching row."""
    return lambda path: edit_cell(path, row, column, value)


def edit_line(line: int, change: Callable[[str], str]) -> Break:
    """Rewrite one line of the file (1 is the header)."""
    def broken(path: Path) -> int:
        lines = path.read_text().splitlines()
        lines[line - 1] = change(lines[line - 1])
        path.write_text("\n".join(lines) + "\n")
        return line
    return broken


def append_line(text: str) -> Break:
    """Add a row at the end of the file."""
    def broken(path: Path) -> int:
        path.write_text(path.read_text() + text + "\n")
        return len(path.read_text().splitlines())
    return broken


def drop_line(start: str, then_named: str | None = None) -> Break:
    """Remove the line that starts with ``start``; return where the line starting with ``then_named`` now is."""
    def broken(path: Path) -> int | None:
        kept = [line for line in path.read_text().splitlines() if not line.startswith(start)]
        path.write_text("\n".join(kept) + "\n")
        if then_named is None:
            return None
        return next(i for i, text in enumerate(kept, start=1) if text.startswith(then_named))
    return broken


def replace_text(old: str, new: str) -> Break:
    def broken(path: Path) -> None:
        path.write_text(path.read_text().replace(old, new))
    return broken


def encode_as(encoding: str) -> Break:
    def broken(path: Path) -> None:
        path.write_bytes(path.read_text(encoding="utf-8").encode(encoding))
    return broken


@dataclass(frozen=True)
class Case:
    """One way to break one file, and what the loader's refusal must name."""

    file: str  # in data/, and named by the message
    what: str  # how it is broken, in the test id
    breaks: Break
    load: Callable[[Path], object]  # given the data folder
    column: str | None  # None: a fault of the file's text, named by file and line only
    fragments: tuple[str, ...]  # each must appear in the message
    line: int | None = None  # when the break does not return it; None both ways: the line is not checked
    error: type[DataError] = DataError

    def __str__(self) -> str:
        return f"{self.file}: {self.what}"


load_studies = studies.load_studies
load_staffing = studies.load_staffing
load_unit_costs = unit_costs.load_unit_costs
load_crisis_house = crisis_house.load_crisis_house_inputs
load_price_index = prices.load_price_index

CASES = [
    Case("studies.csv", "a column renamed in the header",
         edit_line(1, lambda header: header.replace(",design,", ",study_design,")), load_studies,
         "design", ("missing column", "study_design")),
    Case("study_inputs.csv", "a figure in words", cell(sledge("bed_days_peer"), "value", "ten"), load_studies,
         "value", ("not a number", "'ten'")),
    Case("study_inputs.csv", "a negative count", cell(sledge("n_control"), "value", "-36"), load_studies,
         "value", ("whole number of 0 or more", "-36")),
    Case("study_inputs.csv", "a fractional count", cell(sledge("n_peer"), "value", "38.5"), load_studies,
         "value", ("whole number",)),
    # The bound that applies is the bed-day's plausible range, not a generic "0 or more".
    Case("unit_costs.csv", "a negative bed-day cost", cell(item("bed_day_cost_gbp"), "value", "-334"),
         load_unit_costs, "value", ("expected an amount from £1 to £20,000", "found -334")),
    Case("unit_costs.csv", "a bed-day that costs nothing", cell(item("bed_day_cost_gbp"), "value", "0"),
         load_unit_costs, "value", ("bed_day_cost_gbp is implausible", "an amount from £1 to £20,000", "found 0")),
    *[Case("staffing.csv", f"a caseload of {value}", cell(item("caseload"), "value", value), load_staffing,
           "value", (expected, value))
      for value, expected in [("0", "greater than 0"), ("-20", "greater than 0"), ("twenty", "not a number"),
                              ("nan", "not a finite number"), ("5000", "at most 1,000")]],
    # staffing.csv's formulas are arithmetic over numbers: there is no other row they could read.
    Case("staffing.csv", "a formula that names a value",
         cell(item("fte_hours_per_year"), "formula", "37.5 * weeks"), load_staffing,
         "formula", ("arithmetic over numbers only", "37.5 * weeks")),
    *[Case("study_inputs.csv", f"support for {value} months",
           cell(study_input("klein1998", "support_months"), "value", value), load_studies, "value", (expected,))
      for value, expected in [("0", "greater than 0"), ("-3", "greater than 0"), ("12", "longer than the follow-up")]],
    Case("study_inputs.csv", "an assumed FTE",
         append_line("sledge2011,peer_fte,1.9,FTE,assumption,,,n_peer / 20"), load_studies,
         "status", ("published FTE only", "staffing.csv")),
    *[Case("study_inputs.csv", f"a follow-up of {value} months", cell(sledge("followup_months"), "value", value),
           load_studies, "value", ("implausibly large", "at most 240 (months)"))
      for value in ["1e308", "241"]],
    # 9 months hold 274 days: a mean of 300 bed-days per patient cannot be right
    Case("study_inputs.csv", "more bed-days than days of follow-up", cell(sledge("bed_days_control"), "value", "300"),
         load_studies, "value", ("exceeds the days in its follow-up", "274")),
    Case("study_inputs.csv", "a follow-up of 0 months", cell(sledge("followup_months"), "value", "0"), load_studies,
         "value", ("greater than 0",)),
    Case("studies.csv", "an unknown outcome form", cell(study("sledge2011"), "outcome_form", "vibes"), load_studies,
         "outcome_form", ("unknown outcome form", "mean_bed_days", "'vibes'")),
    Case("unit_costs.csv", "a price year before the index", cell(item("bed_day_cost_gbp"), "price_year", "1999-00"),
         load_unit_costs, "price_year", ("2009-10 to", "'1999-00'"), error=PriceYearError),
    Case("crisis_house.csv", "a price year before the index",
         cell(item("inpatient_cost_per_day_gbp"), "price_year", "1990-91"), load_crisis_house,
         "price_year", ("'1990-91'",), error=PriceYearError),
    Case("studies.csv", "a duplicate study id", cell(study("rivera2007"), "study_id", "sledge2011"), load_studies,
         "study_id", ("duplicate of line 2", "'sledge2011'")),
    Case("study_inputs.csv", "an assumption without its reason",
         cell(study_input("rivera2007", "n_peer"), "reason", ""), load_studies, "reason", ("needs its reason",)),
    Case("study_inputs.csv", "a published figure without its source", cell(sledge("n_peer"), "source", ""),
         load_studies, "source", ("needs its source",)),
    Case("study_inputs.csv", "a follow-up in weeks", cell(sledge("followup_months"), "unit", "weeks"), load_studies,
         "unit", ("expected months", "'weeks'")),
    Case("study_inputs.csv", "an input of an unknown study", cell(sledge("n_peer"), "study_id", "sledge2012"),
         load_studies, "study_id", ("unknown study", "'sledge2012'")),
    # Klein's bed-days are a formula on Sledge's: without Sledge's control-arm figure there is nothing to borrow.
    Case("study_inputs.csv", "a formula reading a figure that is gone",
         drop_line("sledge2011,bed_days_control,", then_named="klein1998,bed_days_saved_total,"), load_studies,
         "formula", ("reads 'sledge2011.bed_days_control'",)),
    *[Case("study_inputs.csv", f"the formula {formula}",
           cell(study_input("klein1998", "bed_days_saved_total"), "formula", formula), load_studies,
           "formula", (problem,))
      for formula, problem in [("__import__('os')", "not"), ("n_peer ** 2", "operator not allowed"),
                               ("n_peer +", "not a formula")]],
    Case("study_inputs.csv", "a status outside the vocabulary", cell(sledge("n_peer"), "status", "sourced"),
         load_studies, "status", ("'published', 'secondary', 'derived' or 'assumption'", "'sourced'")),
    Case("unit_costs.csv", "a rate written as a percentage", cell(item("employer_ni_rate"), "value", "13.8"),
         load_unit_costs, "value", ("a fraction from 0 to 1 (0.5 for 50 %)",)),
    Case("price_index.csv", "a year missing", drop_line("2012-13,"), load_price_index,
         "price_year", ("consecutive", "expected 2012-13", "'2013-14'")),
    Case("studies.csv", "a flag neither yes nor no", cell(study("lawn2008"), "included", "maybe"), load_studies,
         "included", ("'yes' or 'no'", "'maybe'")),
    Case("published.csv", "semicolons between columns", replace_text(",", ";"), published.load_published,
         None, ("wrong delimiter", "commas between columns"), line=1),
    # The £ signs become single bytes.
    Case("crisis_house.csv", "saved as cp1252", encode_as("cp1252"), load_crisis_house,
         None, ("not UTF-8", "UTF-8"), line=2),
    Case("unit_costs.csv", "a quote inside a cell", cell(item("bed_day_cost_gbp"), "price_year", '2011-12"'),
         load_unit_costs, "price_year", ("""'2011-12"'""",)),
    Case("price_index.csv", "an extra cell", edit_line(5, lambda text: text + ",extra"), load_price_index,
         None, ("wrong number of cells", "5 cells")),
]


@pytest.mark.parametrize("case", CASES, ids=str)
def test_a_broken_cell_or_line_is_refused_by_file_line_and_column(data_copy: Path, case: Case) -> None:
    broken = case.breaks(data_copy / case.file)
    assert broken is None or case.line is None, "the line is the break's or the case's, not both"
    line = case.line if broken is None else broken
    with pytest.raises(case.error) as err:
        case.load(data_copy)
    if case.column is None:
        assert line is not None, "a fault of the file's text is named by its line"
        assert_names_file_line(err.value, case.file, line, *case.fragments)
    else:
        assert_names(err.value, case.file, line, case.column, *case.fragments)


# Refusals of another shape: a parameter, a whole file, a message matched in full.

@pytest.mark.parametrize("value", [0, -5, float("nan"), float("inf"), 1_001, "20", True])
def test_bad_caseload_as_a_parameter_names_where_it_came_from(value: object) -> None:
    with pytest.raises(ParameterError) as err:
        studies.load_staffing(FROZEN_DATA).with_caseload(value, "notebook parameter caseload")  # type: ignore[arg-type]
    assert str(err.value) == ("caseload (notebook parameter caseload): expected a number greater than 0 and at most "
                              f"1,000 (patients per FTE at a time), found {value!r}")


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


def test_missing_input_of_the_outcome_form(data_copy: Path) -> None:
    path = data_copy / "study_inputs.csv"
    kept = [line for line in path.read_text().splitlines() if not line.startswith("lawn2008,bed_days_saved_total,")]
    path.write_text("\n".join(kept) + "\n")
    with pytest.raises(DataError, match="no row for input 'bed_days_saved_total' of study 'lawn2008'"):
        studies.load_studies(data_copy)


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


def test_stray_quote(data_copy: Path) -> None:
    path = data_copy / "unit_costs.csv"
    lines = path.read_text().splitlines()
    lines[3] = lines[3].replace(",2011-12,", ',"2011-12,', 1)  # an opening quote that never closes
    path.write_text("\n".join(lines) + "\n")
    with pytest.raises(DataError, match=r"unit_costs.csv.*malformed CSV.*balanced quotes"):
        unit_costs.load_unit_costs(data_copy)


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
