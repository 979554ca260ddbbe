"""Every result object answers the same two questions: summary() is a frame, describe() is text; and the
one plot(result) draws each of them (peerlib.present.plots), so no analysis imports plotting."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd
import pytest
from matplotlib.figure import Figure

from peerlib.analysis import business_case, recosting, scenarios, voi
from peerlib.analysis.acceptability import acceptability
from peerlib.analysis.one_way import one_way
from peerlib.analysis.psa import probabilistic
from peerlib.analysis.specs import load_specs
from peerlib.analysis.thresholds import thresholds
from peerlib.analysis.two_way import two_way
from peerlib.core import crisis_house, meta
from peerlib.core.model import Model
from peerlib.inputs.population import load_population
from peerlib.present.plots import plot

MODEL = Model.from_data()
SPECS = load_specs(MODEL)
PSA = probabilistic(MODEL, SPECS, n_draws=1_000)
# data/ has one study that publishes standard deviations: two made-up ones, to pool
POOLED_DELTA = meta.PooledDelta(meta.meta_analysis(["a", "b"], [1.0, 4.0], [1.0, 2.0]), 12.6, 334.0, 20_774.0,
                                "2011-12")


def results() -> dict[str, object]:
    base = MODEL.base_case()
    return {
        "base case": base, "study": base.study("sledge2011"),
        "one-way": one_way(MODEL, SPECS), "thresholds": thresholds(MODEL, SPECS),
        "two-way": two_way(MODEL, points=5), "psa": PSA,
        "acceptability": acceptability(PSA, points=5),
        "value of information": voi.value_of_information(PSA, population=load_population()),
        "scenarios": scenarios.run_scenarios(PSA, scenarios.load_scenarios(MODEL), voi.DECISION,
                                             load_population()),
        "crisis house": crisis_house.evaluate_crisis_house(crisis_house.load_crisis_house_inputs()),
        "Leeds claim": crisis_house.read_claim(crisis_house.load_crisis_house_inputs(),
                                               crisis_house.load_crisis_house_figures()),
        "meta-analysis": POOLED_DELTA.meta, "pooled delta": POOLED_DELTA, "re-costing": recosting.recost(),
        "business case": business_case.evaluate(business_case.build_inputs(n_draws=1_000)),
    }


@pytest.mark.parametrize("name", list(results()))
def test_every_result_has_a_summary_frame_and_a_description(name: str) -> None:
    result = results()[name]
    assert isinstance(result.summary(), pd.DataFrame) and not result.summary().empty  # type: ignore[attr-defined]
    text = result.describe()  # type: ignore[attr-defined]
    assert isinstance(text, str) and text.endswith(".") and len(text) > 20


def test_plot_dispatches_on_the_result_s_type() -> None:
    r = results()
    figures = [plot(r["base case"]), plot(r["study"]), plot(r["crisis house"]), plot(r["business case"]),
               plot(r["psa"], {}), plot(r["acceptability"], {}), plot(r["value of information"]),
               plot(r["one-way"], "pooled_sample_size", "title"), plot(r["two-way"], "pooled_sample_size")]
    assert all(isinstance(f, Figure) for f in figures)
    plt.close("all")
    with pytest.raises(TypeError, match="no figure for a str"):
        plot("not a result")


def test_descriptions_by_hand() -> None:
    # 960 visits, half replacing a day at £259 against £180 a visit: 960 x (129.50 - 180) = -£48,480;
    # break-even 180 / 259 = 69 %; the claimed £28,000 needs (28,000 / 960 + 180) / 259 = 81 %.
    inputs = crisis_house.CrisisHouseInputs(180, 259, 28_000, 960, 0.5, 1.0, "2011-12")
    assert crisis_house.evaluate_crisis_house(inputs).describe() == (
        "At 50% of visits replacing inpatient care, a net cost of £48,480 a year; it breaks even when 69% do, "
        "and the claim needs 81%.")
    grid = two_way(MODEL, x=[1.0, 1000.0], y=[334.0])  # a caseload of 1 pays nowhere, 1,000 everywhere
    assert grid.summary().loc["pooled_sample_size", "share_above_one"] == pytest.approx(0.5)
