"""What the built reports say, checked against peerlib's own computations and the rules the pages keep: the command
line's figures are the results', a positive value of information never reads £0, the scenarios and the
population's value of information are in results.csv, a study page calls nothing assumed published."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

from peerlib.core.model import Model
from tests.build.test_index import prose
from tests.unit.test_cli import csv_output
from tests.unit.test_study_text import false_claims


def test_output_matches_the_built_results(built: Path) -> None:
    results = pd.read_csv(built / "results.csv", dtype={"price_year": str}).set_index("id")
    table = csv_output("ratios", "--all")
    for study_id, row in table.iterrows():
        if str(study_id).startswith("pooled_"):
            continue
        assert row["benefit_cost_ratio"] == pytest.approx(results.loc[study_id, "benefit_cost_ratio"], rel=1e-9)
        assert row["break_even_bed_days_per_fte_year"] == pytest.approx(
            results.loc[study_id, "break_even_bed_days_per_fte_year"], rel=1e-9)
    six = csv_output("ratios")
    assert six.loc["pooled_sample_size", "benefit_cost_ratio"] == pytest.approx(
        results.loc["pooled_sample_size", "benefit_cost_ratio"], rel=1e-9)
    leeds = csv_output("leeds")
    assert float(leeds.loc["implied_diverted_days", "value"]) == pytest.approx(
        results.loc["leeds_crisis_house", "implied_diverted_days"], rel=1e-9)


def test_results_carry_scenarios_and_a_population_value_of_information(built: Path) -> None:
    results = pd.read_csv(built / "results.csv").set_index("id")
    rows = results[results["kind"] == "scenario"]
    assert len(rows) >= 4 and "scenario_base" in rows.index  # the base case and at least three scenarios
    evpi = results.loc["evpi_pooled_fte_years"]
    annuity = (1 - 1.035**-10) / (1 - 1 / 1.035)  # data/population.csv: 10 years at 3.5 %
    # the measured workforce: 1,000 heads at 0.6 of an FTE each
    assert evpi["value_gbp_population"] == pytest.approx(evpi["value_gbp_per_fte_year"] * 1_000 * 0.6 * annuity)
    assert evpi["population"] == "measured workforce"
    target = results.loc["evpi_pooled_fte_years_national_target"]
    assert target["value_gbp_population"] == pytest.approx(target["value_gbp_per_fte_year"] * 4_730 * 0.6 * annuity)
    assert target["price_year"] == "2025-26"  # today's costs, for a decision taken now
    assert results.loc["psa_lawn2008", "probability_above_one"] < 0.99
    # The base scenario is the probabilistic analysis of the decision itself, on the same draws
    assert rows.loc["scenario_base", "probability_above_one"] == pytest.approx(
        results.loc["psa_pooled_fte_years", "probability_above_one"])
    structural = [i for i in results.index if i.startswith("evppi_pooled_fte_years_structure_")]
    assert len(structural) == len(set(rows["scenario_group"].dropna()))


def test_no_page_says_zero_for_a_positive_value_of_information(built: Path) -> None:
    results = pd.read_csv(built / "results.csv")
    voi_rows = results[results["kind"].isin(["value_of_information", "scenario"])]
    positive = voi_rows[voi_rows["value_gbp_per_fte_year"] > 0]
    assert not positive.empty
    for _, row in positive.iterrows():
        assert not re.search(r"£0(?![.,\d])", str(row["headline"])), row["headline"]
    page = prose(built / "sensitivity.html")
    if (results.loc[results["id"] == "evpi_pooled_fte_years", "value_gbp_per_fte_year"] > 0).all():
        assert "no unknown would change this decision" not in page
        assert "value of perfect information is £0" not in page


@pytest.mark.parametrize("page, study_id", [("study-core2018.html", "core2018"),
                                            ("study-landers2011.html", "landers2011")])
def test_built_study_pages_call_nothing_assumed_published(built: Path, page: str, study_id: str) -> None:
    text = prose(built / page)
    study = Model.from_data(study_ids=[study_id])  # the data the page was built from.study(study_id)
    staffing_claims = [c for c in false_claims(text, study) if not c.startswith("unchecked")]
    assert staffing_claims == []
    assert "( assumed)" not in text and "imputed ( " not in text
