"""The study report's staffing sentences follow each study's staffing basis (peerlib.present.study_text)."""

from __future__ import annotations

import dataclasses
import re

import pytest

from peerlib.core.model import Model
from peerlib.inputs.studies import Study, load_studies
from peerlib.present.study_text import (
    StudyText,
    bed_use_text,
    calculation_steps,
    effect_text,
    figure_standing,
    own_staffing_words,
    study_text,
)
from tests.conftest import FROZEN_DATA


def text_of(study_id: str) -> tuple[StudyText, str]:
    model = Model.from_data(FROZEN_DATA, study_ids=[study_id])
    text = study_text(model.study(study_id), model.base_case().study(study_id))
    return text, " ".join(str(v) for v in dataclasses.asdict(text).values())


def test_core_counts_its_own_sessions_and_hours_not_the_caseload() -> None:
    text, everything = text_of("core2018")  # staffing_basis "intensity" in data/studies.csv
    assert "sessions per patient x hours per session / hours in an FTE-year" in text.steps
    # Its sessions are computed from published shares with assumed counts in each band; its 2.5 hours are 1 hour
    # published plus 1.5 assumed: neither is called published.
    assert ("Its sessions per patient come from published and assumed figures, and its hours per session are "
            "assumed.") in text.headline
    assert "published intensity" not in everything
    assert "`caseload` does not change it" in text.intro
    assert "no break-even caseload" in text.intro and "no break-even caseload" in text.staffing_unknown
    assert "no caseload enters it" in text.staffing_source
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
    # £20,774.00 x 9 months / (12 x 9 bed-days x £334) = 5.18 patients at a time; one-to-one caseload 12.6
    # (data/staffing.csv).
    assert "supports 5.2 patients or more at a time" in text.headline
    assert "**5.2 patients at a time**, each for 9 months. The assumed caseload is 12.6" in text.break_even
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
    every = Model.from_data(FROZEN_DATA, study_ids=["sledge2011", "klein1998", "landers2011"])
    labels = every.labels()
    assert bed_use_text(every.study("sledge2011"), labels) == "published"
    assert bed_use_text(every.study("klein1998"), labels) == "imputed: borrowed from Sledge et al. 2011"
    assert bed_use_text(every.study("landers2011"), labels).startswith("from a secondary source: ")


def test_calculation_steps_show_the_caseload_sum_and_each_value_at_its_precision() -> None:
    result = Model.from_data(FROZEN_DATA).base_case().study("sledge2011")
    steps = calculation_steps(result)
    # Sledge: 38 patients supported 9 months at 12.6 per FTE: 38 x 9 / (12 x 12.6) = 2.262 FTE-years.
    assert steps.loc["peer work", "calculation"] == "38 patients x 9 months of support / (12 x 12.6 patients per FTE)"
    assert steps.loc["peer work", "value"] == "2.262"
    # 9 bed-days saved per patient x 38 = 342 bed-days; / 2.262 = 151.2 per FTE-year; x £334 = £50,501.
    assert steps.loc["bed-days saved", ["value", "unit"]].tolist() == ["151.2", "bed-days per FTE-year"]
    assert steps.loc["value of bed-days saved", "calculation"] == "151.2 bed-days x £334"  # 151.2 x 334 = 50,500.8
    assert steps.loc["value of bed-days saved", "value"] == "£50,501"
    assert steps.loc["break-even caseload", "unit"] == "patients per FTE at a time"


# --- "Published" only for what a source publishes ----------------------------------------------------------

# What a phrase "published <noun>" claims is published, as inputs of the study.
CLAIMS = {"intensity": ("sessions_per_patient", "hours_per_session"), "sessions": ("sessions_per_patient",),
          "hours": ("hours_per_session",), "peer": ("peer_fte",), "fte": ("peer_fte",)}
GENERIC = {"figures", "and", "shares", "effects", "csv"}  # "derived from published figures", "from published and
# assumed figures", "studies' own published effects", "data/published.csv"


def false_claims(text: str, study: Study) -> list[str]:
    """Each "published ..." in ``text`` that calls a figure of ``study`` published when its status is not."""
    wrong = []
    for match in re.finditer(r"published\W+(\w+)", text, flags=re.I):
        noun = match.group(1).lower()
        if text[max(0, match.start() - 20):match.start()].lower().endswith("bed-use figure: "):
            noun = "bed"  # "Bed-use figure: published, the study's own"
        if noun in GENERIC:
            continue
        if noun == "bed":  # "published bed-use figures"
            names: tuple[str, ...] = study.effect_inputs
        elif noun in CLAIMS:
            names = CLAIMS[noun]
        else:
            wrong.append(f"unchecked claim: {text[max(0, match.start() - 40):match.end() + 20]!r}")
            continue
        wrong += [f"{name} called published, status {study.inputs[name].status}: {match.group(0)!r}"
                  for name in names if name in study.inputs and study.inputs[name].status != "published"]
    return wrong


def all_text(study: Study, model: Model) -> str:
    labels = {s.study_id: s.label for s in model.studies + model.references}
    staffing = dataclasses.asdict(study_text(study, model.base_case().study(study.study_id)))
    effect = dataclasses.asdict(effect_text(study, labels))
    return " ".join(str(v) for v in (*staffing.values(), *effect.values(), bed_use_text(study, labels)))


@pytest.mark.parametrize("study_id", [s.study_id for s in load_studies(FROZEN_DATA, included_only=False)])
def test_no_study_text_calls_an_assumed_figure_published(study_id: str) -> None:
    model = Model.from_data(FROZEN_DATA, study_ids=[study_id])
    study = model.study(study_id)
    assert false_claims(all_text(study, model), study) == []


def test_the_status_check_catches_an_assumed_figure_called_published() -> None:
    core = Model.from_data(FROZEN_DATA, study_ids=["core2018"]).study("core2018")
    assert false_claims("with its own published intensity of support", core)  # hours_per_session is assumed
    assert false_claims("staffed from the trial's published sessions", core)  # sessions: partly assumed
    assert not false_claims("from published and assumed figures", core)


def test_an_intensity_is_called_published_only_when_both_its_figures_are() -> None:
    model = Model.from_data(FROZEN_DATA, study_ids=["core2018"])
    core = model.study("core2018")
    # sessions: a formula over published shares and assumed counts; hours: 1 published hour + 1.5 assumed
    assert figure_standing(core, "sessions_per_patient") == "partly assumed"
    assert figure_standing(core, "hours_per_session") == "assumed"
    assert figure_standing(core, "part_share_all_sessions") == "derived"  # 1 / 3, from 'a third'
    # Were both figures published, the words would say so, and the check would pass
    published = {n: dataclasses.replace(core.inputs[n], status="published", formula=None)
                 for n in ("sessions_per_patient", "hours_per_session")}
    as_if = dataclasses.replace(core, inputs={**core.inputs, **published})
    words = own_staffing_words(as_if, "intensity")
    assert words == "published intensity of support (sessions and hours per patient)"
    assert false_claims(words, as_if) == [] and false_claims(words, core) != []


def test_a_secondary_source_is_named_and_its_result_said_to_be_not_significant() -> None:
    model = Model.from_data(FROZEN_DATA, study_ids=["landers2011"])
    landers = model.study("landers2011")
    text = effect_text(landers, {"landers2011": landers.label})
    # Healthcare Finance News paraphrased a 2014 paper on the same claims: 'two fewer days'; the 2011 paper's
    # odds ratio of hospitalisation, 0.871, was 'statistically insignificant'
    assert "from a secondary source" in text.summary and "Healthcare Finance News (2014)" in text.summary
    assert "not found significant" in text.summary and "imputed" not in text.summary
    assert "2 bed-days per patient" in text.note and "two fewer days" in text.note
    assert "Not significant" in text.significance and "0.871" in text.significance
    assert "statistically insignificant" in text.significance


def test_a_significant_study_says_nothing_of_significance() -> None:
    model = Model.from_data(FROZEN_DATA, study_ids=["sledge2011"])
    text = effect_text(model.study("sledge2011"), {})
    assert text.significance == "" and "significant" not in text.summary
    assert text.summary.startswith("its own published bed-use figures")


