"""The one vocabulary: every named figure a reader meets has one label, one unit and one format."""

from __future__ import annotations

import re

import pandas as pd
import papermill as pm
import pytest
from hypothesis import given
from hypothesis import strategies as st

from peerlib.analysis import business_case
from peerlib.config import PART_PREFIX, PROJECT_ROOT
from peerlib.core.model import Model
from peerlib.core.weighting import WEIGHTING_SCHEMES
from peerlib.formatting import formatted, gbp_adding_up
from peerlib.inputs.uncertainty import SHARED_PARAMETERS
from peerlib.present import report
from peerlib.present.labels import parameter_label, present, value_text
from peerlib.vocabulary import FORMATS, TERMS, Term, term
from tests.conftest import FROZEN_DATA


def test_every_column_of_results_has_a_meaning_and_a_term() -> None:
    for column in report.RESULT_COLUMNS:
        assert column in TERMS, column
        assert TERMS[column].meaning, f"{column}: the results guide needs its meaning"


def test_every_parameter_a_user_can_set_is_in_the_vocabulary() -> None:
    model = Model.from_data(FROZEN_DATA, extra_study_ids=["core2018"])
    # A part of a derived figure (part_...) is named and measured by its own row of data/study_inputs.csv.
    inputs = {name.rpartition(".")[2] for name in model.parameters()
              if not name.rpartition(".")[2].startswith(PART_PREFIX)} | set(SHARED_PARAMETERS)
    missing = sorted(n for n in inputs | set(business_case.PARAMETERS) if n not in TERMS)
    assert not missing, f"not in peerlib/vocabulary.py: {missing}"


def test_a_notebook_parameter_s_comment_says_what_the_vocabulary_says() -> None:
    """Each report notebook's parameter comment begins with the vocabulary's help for it (the command line's options
    and the explorer's sliders show the same words), then may say what the notebook's default means."""
    for path in sorted((PROJECT_ROOT / "notebooks").glob("*.ipynb")):
        for name, parameter in pm.inspect_notebook(str(path)).items():
            said, comment = term(name).help, parameter["help"]
            assert said, f"{path.name}: parameter {name} has no help in peerlib/vocabulary.py"
            assert comment == said or (comment.startswith(said) and comment[len(said)] in ",;"), (
                f"{path.name}: the comment of {name} does not begin with the vocabulary's words {said!r}: {comment!r}")
    sensitivity = pm.inspect_notebook(str(PROJECT_ROOT / "notebooks" / "sensitivity.ipynb"))
    assert sensitivity["n_draws"]["help"] == "probabilistic draws (whole number, 1,000 to 10,000,000)"
    assert sensitivity["caseload"]["help"] == ("patients one FTE peer worker supports at a time, for every study; "
                                               "None: data/staffing.csv")


def test_the_help_of_every_business_case_parameter_and_weighting_is_the_vocabulary_s() -> None:
    assert all(term(name).help for name in business_case.PARAMETERS)
    assert business_case.parameter_help("pay_band") == "Agenda for Change band of the posts, 3 or 4 (default: 3)"
    assert re.findall(r"'(\w+)'", term("scheme").help) == list(WEIGHTING_SCHEMES)


def test_a_share_is_stored_as_a_fraction_and_shown_as_a_percentage() -> None:
    for name, described in TERMS.items():
        if described.format == "share":
            assert described.unit.startswith("fraction"), f"{name}: a share's unit says what it is a fraction of"
    assert term("break_even_diversion_share").heading == "break-even diversion share (% of visits)"
    assert term("break_even_diversion_share").stored_heading == "break-even diversion share (fraction of visits)"
    assert formatted(0.695, "share") == "70%"


def test_a_heading_says_its_unit_once() -> None:
    # The unit in brackets, unless the label already says it (in whole, or its noun).
    assert Term("bed-day cost", "£ per bed-day", "gbp").heading == "bed-day cost (£ per bed-day)"
    assert Term("mean bed-days, peer arm", "bed-days per patient").heading == "mean bed-days, peer arm (per patient)"
    assert Term("hours per session", "hours per session").heading == "hours per session"
    assert Term("mean ratio", "ratio", "ratio").heading == "mean ratio"
    assert Term("price year", "financial year", "text").heading == "price year"
    assert Term("ratio factor", "times", "times").heading == "ratio factor"


def test_an_unknown_format_is_refused_with_the_term_named() -> None:
    with pytest.raises(ValueError, match=r"term 'x': format 'pounds' is not one of ratio, gbp"):
        Term("x", "", "pounds")
    assert set(FORMATS) >= {t.format for t in TERMS.values()}


def test_a_table_reads_its_headings_and_precision_from_the_vocabulary() -> None:
    frame = pd.DataFrame({"n_peer": [38.0], "bed_day_cost_gbp": [334.0], "probability_above_one": [0.0312],
                          "benefit_cost_ratio": [3.8589]})
    shown = present(frame)
    assert list(shown.columns) == ["patients, peer arm (people)", "bed-day cost (£ per bed-day)",
                                   "P(ratio > 1) (% of draws)", "benefit : cost ratio"]
    assert shown.iloc[0].tolist() == ["38", "£334", "3%", "3.86"]


def test_a_study_input_is_named_with_its_study() -> None:
    assert (parameter_label("sledge2011.bed_days_peer", {"sledge2011": "Sledge et al. 2011"})
            == "Sledge et al. 2011: mean bed-days, peer arm (per patient)")


def test_no_label_is_a_raw_identifier() -> None:
    for name, described in TERMS.items():
        assert not re.search(r"[a-z]_[a-z]", described.label), f"{name}: label {described.label!r}"


def test_parts_of_a_cost_add_up_to_the_total_shown() -> None:
    # £10.40 three times is £31.20, shown £31; rounded one by one the parts read £10 + £10 + £10 = £30. The pound
    # left over goes to the first of the parts with the largest remainder (all equal here).
    assert gbp_adding_up([10.4, 10.4, 10.4], 31.2) == ["£11", "£10", "£10"]


@given(parts=st.lists(st.floats(min_value=0, max_value=1e6, allow_nan=False), min_size=1, max_size=6))
def test_whole_pound_parts_add_up_and_each_is_within_a_pound(parts: list[float]) -> None:
    shown = [int(text.replace("£", "").replace(",", "")) for text in gbp_adding_up(parts, sum(parts))]
    assert sum(shown) == round(sum(parts))
    assert all(abs(s - p) < 1 for s, p in zip(shown, parts, strict=True))


def test_a_value_is_written_with_its_unit_once() -> None:
    assert value_text("bed_day_cost_gbp", 334) == "£334 per bed-day"
    assert value_text("peer_worker_salary_gbp", 17_368) == "£17,368 a year"
    assert value_text("overhead_rate", 0.2) == "20% of salary and on-costs"
    assert value_text("caseload", 20) == "20 patients per FTE at a time"
    assert value_text("visits_per_year", 960) == "960 visits a year"
