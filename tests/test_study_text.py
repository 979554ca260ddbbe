"""The study report's staffing sentences follow each study's staffing basis (peerlib.present.study_text)."""

from __future__ import annotations

import dataclasses

import pytest

from peerlib.core.model import Model
from peerlib.present.study_text import StudyText, bed_use_text, calculation_steps, study_text


def text_of(study_id: str) -> tuple[StudyText, str]:
    model = Model.from_data(study_ids=[study_id])
    text = study_text(model.study(study_id), model.base_case().study(study_id))
    return text, " ".join(str(v) for v in dataclasses.asdict(text).values())


def test_core_counts_its_published_sessions_and_hours_not_the_caseload() -> None:
    text, everything = text_of("core2018")  # staffing_basis "intensity" in data/studies.csv
    assert "sessions per patient x hours per session / hours in an FTE-year" in text.steps
    assert "published intensity of support" in text.headline
    assert "`caseload` does not change it" in text.intro
    assert "no break-even caseload" in text.intro and "no break-even caseload" in text.staffing_unknown
    assert "does not enter it" in text.staffing_source
    # None of the caseload study's claims is made of CORE.
    for false_of_core in ("proportional to the assumed caseload", "doubling the caseload doubles the ratio",
                          "break-even caseload above", "patients at a time**", "(12 x caseload)",
                          "months of support assumed"):
        assert false_of_core not in everything, false_of_core
    # What one FTE-year must save is defined for every basis: £20,774.00 / £334 = 62.2 bed-days a year
    # (salary £17,368 + NI £974.48 net of the contracted-out rebate + pension £2,431.52).
    assert "**62.2 bed-days a year**" in text.break_even


def test_a_caseload_study_has_a_break_even_caseload_that_rests_on_months_of_support() -> None:
    text, everything = text_of("sledge2011")  # staffing_basis "caseload"
    # £20,774.00 x 9 months / (12 x 9 bed-days x £334) = 5.18 patients at a time; caseload 20 (data/staffing.csv).
    assert "supports 5.2 patients or more at a time" in text.headline
    assert "**5.2 patients at a time**, each for 9 months. The assumed caseload is 20" in text.break_even
    assert "patients x months of support / (12 x caseload)" in text.steps
    assert "doubling the caseload doubles the ratio" in text.staffing_unknown
    assert "proportional to the months of support assumed (9 months per patient here)" in text.staffing_unknown
    assert "no caseload assumption, but it does depend on the months of support assumed (9 here)" in text.intro
    assert "`caseload`" in text.staffing_source and "published intensity" not in everything
    assert "needs no staffing assumption" not in everything


def test_a_caseload_study_that_saved_no_bed_days_claims_no_break_even() -> None:
    text, _ = text_of("rivera2007")  # 0 bed-days saved (data/study_inputs.csv), caseload basis
    assert "does not exist here" in text.intro
    assert "no caseload makes peer support pay for itself" in text.headline
    assert "patients at a time**" not in text.break_even


@pytest.mark.parametrize("study_id", ["core2018", "sledge2011"])
def test_every_section_has_its_sentence(study_id: str) -> None:
    text, _ = text_of(study_id)
    assert all(str(v).strip() for v in dataclasses.asdict(text).values())


def test_where_each_bed_use_figure_comes_from() -> None:
    """Sledge's is published; Klein's is borrowed from Sledge; Landers & Zhou's comes from a press report."""
    every = Model.from_data(study_ids=["sledge2011", "klein1998", "landers2011"])
    labels = every.labels()
    assert bed_use_text(every.study("sledge2011"), labels) == "published"
    assert bed_use_text(every.study("klein1998"), labels) == "imputed: borrowed from Sledge et al. 2011"
    assert bed_use_text(every.study("landers2011"), labels).startswith("from a secondary source: ")


def test_calculation_steps_show_the_caseload_sum_and_each_value_at_its_precision() -> None:
    result = Model.from_data().base_case().study("sledge2011")
    steps = calculation_steps(result)
    # Sledge: 38 patients supported 9 months at 20 per FTE: 38 x 9 / (12 x 20) = 1.425 FTE-years.
    assert steps.loc["peer work", "calculation"] == "38 patients x 9 months of support / (12 x 20 patients per FTE)"
    assert steps.loc["peer work", "value"] == "1.425"
    # 9 bed-days saved per patient x 38 = 342 bed-days; / 1.425 = 240 per FTE-year; x £334 = £80,160.
    assert steps.loc["bed-days saved", ["value", "unit"]].tolist() == ["240", "bed-days per FTE-year"]
    assert steps.loc["value of bed-days saved", "calculation"] == "240 x £334"
    assert steps.loc["value of bed-days saved", "value"] == "£80,160"
    assert steps.loc["break-even caseload", "unit"] == "patients per FTE at a time"
