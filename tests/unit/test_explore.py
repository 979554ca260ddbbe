"""The explorer's update step: the numbers a slider shows, worked by hand."""

from __future__ import annotations

import re

import matplotlib.pyplot as plt
import pytest

from peerlib.apps.explore import SLIDERS, Exploration, Explorer, explore, headline, rendered
from peerlib.core import crisis_house
from peerlib.inputs import prices
from peerlib.inputs.errors import ParameterError
from peerlib.present import plots
from tests.conftest import FROZEN_DATA

# data/unit_costs.csv by hand; NI less the 3.7 % contracted-out rebate on earnings above £102 x 52
WORKER_GBP = 17_368 + 0.138 * (17_368 - 7_072) - 0.037 * (17_368 - 102 * 52) + 0.14 * 17_368


def test_defaults() -> None:
    exploration = explore(data_dir=FROZEN_DATA)
    # Sledge at the data's one-to-one caseload of 12.6: 9 bed-days x 12 x 12.6 / 9 months x £334 / £20,774.00;
    # Landers & Zhou at the group caseload of 45.5: 2 bed-days x 12 x 45.5 / 24 months x £334 / £20,774.00
    sledge = exploration.base.study("sledge2011")
    assert sledge.benefit_cost_ratio == pytest.approx(9 * 12 * 12.6 / 9 * 334 / WORKER_GBP)
    landers = exploration.base.study("landers2011")
    assert landers.benefit_cost_ratio == pytest.approx(2 * 12 * 45.5 / 24 * 334 / WORKER_GBP)
    assert exploration.leeds == crisis_house.evaluate_crisis_house(crisis_house.load_crisis_house_inputs(FROZEN_DATA))


def test_the_caseload_slider_by_hand() -> None:
    # Sledge at 10 patients per FTE: 9.00 bed-days x 38 / (38 x 9 / (12 x 10)) = 120 bed-days per FTE-year.
    exploration = explore(data_dir=FROZEN_DATA, caseload=10.0, bed_day_cost_gbp=300.0)
    sledge = exploration.base.study("sledge2011")
    assert sledge.bed_days_saved_per_fte_year == pytest.approx(120)
    assert sledge.benefit_cost_ratio == pytest.approx(120 * 300 / WORKER_GBP)
    # The one-to-one slider moves every study supported one-to-one: Lawn at 10 patients per FTE, 300 bed-days,
    # 49 packages, 3 months; not Landers & Zhou, supported in groups (2 x 12 x 45.5 / 24 bed-days per FTE-year)
    lawn = exploration.base.study("lawn2008")
    assert lawn.bed_days_saved_per_fte_year == pytest.approx(300 / (49 * 3 / (12 * 10)))
    assert exploration.base.study("landers2011").bed_days_saved_per_fte_year == pytest.approx(2 * 12 * 45.5 / 24)
    grouped = explore(data_dir=FROZEN_DATA, caseload_group=91.0).base.study("landers2011")
    assert grouped.bed_days_saved_per_fte_year == pytest.approx(2 * 12 * 91 / 24)


def test_the_slider_reaches_the_published_ratio() -> None:
    # With one caseload for both sliders every ratio is proportional to it: 20 x 4.8 / (pooled ratio at 20)
    at_20 = explore(data_dir=FROZEN_DATA, caseload=20.0, caseload_group=20.0).base.pooled_ratio(
        "sample_size").benefit_cost_ratio
    matching = 20 * 4.8 / at_20
    assert matching < SLIDERS["caseload"].high and matching < SLIDERS["caseload_group"].high
    reached = explore(data_dir=FROZEN_DATA, caseload=matching, caseload_group=matching).base.pooled_ratio("sample_size")
    assert reached.benefit_cost_ratio == pytest.approx(4.8)


def test_price_year_and_weights() -> None:
    index = prices.load_price_index(FROZEN_DATA)
    exploration = explore(data_dir=FROZEN_DATA, price_year="2024-25", scheme="equal", diversion_share=0.5)
    assert exploration.model.costs.bed_day_cost_gbp == pytest.approx(334 * index.factor("2011-12", "2024-25"))
    assert exploration.scheme == "equal"
    assert exploration.leeds.inputs.diversion_share == 0.5
    assert exploration.leeds.inputs.price_year == "2024-25"


def test_bad_slider_values_are_refused() -> None:
    with pytest.raises(ParameterError, match=r"caseload \(explorer slider\): expected a number greater than 0"):
        explore(data_dir=FROZEN_DATA, caseload=0.0)
    with pytest.raises(ParameterError, match=r"caseload \(explorer slider, in groups\): expected a number"):
        explore(data_dir=FROZEN_DATA, caseload_group=-3.0)
    with pytest.raises(ParameterError, match="bed_day_cost_gbp"):
        explore(data_dir=FROZEN_DATA, bed_day_cost_gbp=-1.0)
    with pytest.raises(ParameterError, match="scheme: expected one of sample_size, equal, fte_years, found 'median'"):
        explore(data_dir=FROZEN_DATA, scheme="median")


# --- The controls, as JupyterLab drives them: set a control's value, read what the explorer shows ---------

def shown_by(explorer_show: list[Exploration]) -> str:
    return headline(explorer_show[-1], 4.8)


def new_explorer() -> tuple[Explorer, list[Exploration]]:
    shown: list[Exploration] = []
    return Explorer(shown.append, FROZEN_DATA), shown


def test_a_slider_names_its_figure_as_the_tables_do_and_says_what_to_set_as_the_options_do() -> None:
    explorer, _ = new_explorer()
    bed_day, leeds = explorer.controls["bed_day_cost_gbp"], explorer.controls["diversion_share"]
    assert (bed_day.description, bed_day.tooltip) == ("bed-day cost (£ per bed-day)",
                                                      "£ per mental health inpatient bed-day")
    assert leeds.description == "Leeds: visits that replace inpatient care (fraction of visits)"
    help_text = " ".join(run_help("leeds").split())
    assert f"--diversion-share DIVERSION_SHARE {leeds.tooltip}" in help_text
    assert leeds.tooltip == "fraction of crisis-house visits that replace inpatient care, 0 to 1"


def run_help(command: str) -> str:
    """What ``peer-support COMMAND --help`` prints."""
    import contextlib
    import io

    from peerlib.apps import cli

    out = io.StringIO()
    with contextlib.redirect_stdout(out), pytest.raises(SystemExit):
        cli.main([command, "--help"])
    return out.getvalue()


def test_each_slider_starts_exactly_at_the_data_and_on_its_grid() -> None:
    # The browser rounds a slider's value to min + a whole number of steps: the data's value must be one of them.
    explorer, _ = new_explorer()
    start = {"caseload": 12.6, "caseload_group": 45.5, "bed_day_cost_gbp": 334, "peer_worker_salary_gbp": 17_368,
             "employer_pension_rate": 0.14,
             "overhead_rate": 0, "diversion_share": 1}  # data/staffing.csv, unit_costs.csv, crisis_house.csv
    for name, value in start.items():
        slider = explorer.controls[name]
        assert slider.value == value, name
        steps = (slider.value - slider.min) / slider.step
        assert steps == pytest.approx(round(steps), abs=1e-6), f"{name}: {value} is off the slider's grid"
    assert all(v is None for k, v in explorer.assumptions().items() if k != "scheme")  # nothing moved: data/


def test_moving_the_caseload_moves_only_what_depends_on_it() -> None:
    explorer, shown = new_explorer()
    before, said_before = shown[-1], shown_by(shown)
    explorer.controls["caseload"].value = 40.0  # as the browser sends a slider moved to 40
    after = shown[-1]
    assert len(shown) == 2 and set(explorer.moved) == {"caseload"}
    worker_gbp = after.model.costs.peer_worker_cost_gbp
    assert worker_gbp == before.model.costs.peer_worker_cost_gbp == pytest.approx(WORKER_GBP)  # exactly the data's
    for study_id in ("sledge2011", "min2007", "lawn2008"):
        b, a = before.base.study(study_id), after.base.study(study_id)
        assert a.break_even_caseload == b.break_even_caseload  # exactly: it needs no caseload
        assert a.benefit_cost_ratio == pytest.approx(40 / 12.6 * b.benefit_cost_ratio)
    landers_before, landers_after = before.base.study("landers2011"), after.base.study("landers2011")
    assert landers_after.benefit_cost_ratio == landers_before.benefit_cost_ratio  # supported in groups
    # What the reader sees: the break-even caseload as displayed does not move; the caseload does.
    break_even = re.compile(r"breaks even at a caseload for every study of ([\d.,]+)")
    assert break_even.search(said_before)[1] == break_even.search(shown_by(shown))[1]  # type: ignore[index]
    assert "at a caseload of 12.6 one-to-one and 45.5 in groups" in said_before
    assert "at a caseload of 40 one-to-one and 45.5 in groups" in shown_by(shown)
    assert after.leeds == before.leeds


def test_another_price_year_rebases_what_was_not_moved() -> None:
    explorer, shown = new_explorer()
    ratio = shown[-1].base.study("sledge2011").benefit_cost_ratio
    explorer.controls["price_year"].value = "2024-25"
    factor = prices.load_price_index(FROZEN_DATA).factor("2011-12", "2024-25")
    assert explorer.controls["peer_worker_salary_gbp"].value == pytest.approx(17_368 * factor)
    assert explorer.controls["bed_day_cost_gbp"].value == pytest.approx(334 * factor)
    assert explorer.moved == {}  # the explorer moved them, not the person
    assert shown[-1].base.study("sledge2011").benefit_cost_ratio == pytest.approx(ratio)
    assert "at 2024-25 prices" in shown_by(shown)


def test_the_leeds_chart_says_its_claim_is_at_the_price_year_shown() -> None:
    # The claim was £28,000 at 2009-10 prices; at 2011-12 prices it is another figure, said to be at that year.
    for price_year, claim in (("2009-10", "£28,000"), ("2011-12", "")):
        figure = plots.crisis_saving_curve(explore(data_dir=FROZEN_DATA, price_year=price_year).leeds)
        labels = [text.get_text() for text in figure.axes[0].get_legend().get_texts()]
        (line,) = [label for label in labels if "claimed saving" in label]
        assert line.startswith(f"the claimed saving, at {price_year} prices: £") and claim in line
        plt.close(figure)


def test_the_browser_rounding_a_value_the_explorer_set_is_not_a_move() -> None:
    # The browser rounds a slider's value to its grid and may send it back: within half a step of the value the
    # explorer set, that is the explorer's value, not a person's move; a step away is a move.
    explorer, shown = new_explorer()
    explorer.controls["price_year"].value = "2024-25"
    salary = explorer.controls["peer_worker_salary_gbp"]
    salary.value = salary.value - 0.4 * SLIDERS["peer_worker_salary_gbp"].step  # the echo, rounded
    assert explorer.moved == {} and explorer.assumptions()["peer_worker_salary_gbp"] is None
    assert "bed-day £448.75, at 2024-25 prices" in shown_by(shown)  # £334 x the index, 2011-12 to 2024-25
    salary.value = salary.value + SLIDERS["peer_worker_salary_gbp"].step  # a person's move of one step
    assert set(explorer.moved) == {"peer_worker_salary_gbp"}


def test_switching_the_price_year_back_restores_every_input() -> None:
    explorer, shown = new_explorer()
    factor = prices.load_price_index(FROZEN_DATA).factor("2011-12", "2024-25")
    explorer.controls["peer_worker_salary_gbp"].value = 25_000.0  # at the data's own prices, 2011-12
    explorer.controls["caseload"].value = 30.0
    ratio = shown[-1].base.pooled_ratio("sample_size").benefit_cost_ratio
    before = {name: control.value for name, control in explorer.controls.items()}
    explorer.controls["price_year"].value = "2024-25"
    # The person's £25,000 at 2011-12 prices is re-expressed, like every other sum: no ratio changes.
    assert explorer.controls["peer_worker_salary_gbp"].value == pytest.approx(25_000 * factor)
    assert explorer.controls["bed_day_cost_gbp"].value == pytest.approx(334 * factor)
    assert shown[-1].model.costs.peer_worker_salary_gbp == pytest.approx(25_000 * factor)
    assert shown[-1].base.pooled_ratio("sample_size").benefit_cost_ratio == pytest.approx(ratio)
    explorer.controls["price_year"].value = ""
    assert {name: control.value for name, control in explorer.controls.items()} == before  # exactly
    assert shown[-1].base.pooled_ratio("sample_size").benefit_cost_ratio == ratio
    assert "a bed-day £334, at 2011-12 prices" in shown_by(shown)  # to the pound: it has no pence


@pytest.mark.parametrize(("name", "value", "expected"), [
    ("price_year", "2030-31", r"^price year of every £: expected one of '', 2009-10, .*2024-25, found '2030-31'$"),
    ("scheme", "median", r"^pooling weights: expected one of sample_size, equal, fte_years, found 'median'$"),
    ("caseload", 1_000.0, r"^one-to-one caseload \(patients per FTE at a time\): expected a number from 1 to 400 "
                          r"\(patients per FTE at a time\), found 1000.0$"),
    ("diversion_share", -0.5, r"^Leeds: visits that replace inpatient care \(fraction of visits\): expected a fraction "
                              r"from 0 to 1 \(0.5 for 50 %\), found -0.5$"),
])
def test_a_value_the_explorer_cannot_take_is_refused_in_one_line(name: str, value: object, expected: str) -> None:
    explorer, shown = new_explorer()
    with pytest.raises(ParameterError, match=expected) as refused:
        explorer.controls[name].value = value
    assert "\n" not in str(refused.value) and len(shown) == 1 and explorer.moved == {}


def test_changes_from_two_threads_redraw_one_at_a_time() -> None:
    # JupyterLab may deliver a widget's change on a kernel subshell's thread: two redraws must never overlap.
    import threading
    import time

    running, overlapped = [0], []

    def slow_show(exploration: Exploration) -> None:
        running[0] += 1
        overlapped.append(running[0] > 1)
        time.sleep(0.05)
        running[0] -= 1

    explorer = Explorer(slow_show, FROZEN_DATA)
    moves = [threading.Thread(target=lambda n=name: setattr(explorer.controls[n], "value", explorer.controls[n].max))
             for name in ("caseload", "caseload_group", "overhead_rate", "employer_pension_rate")]
    for move in moves:
        move.start()
    for move in moves:
        move.join()
    assert len(overlapped) == 5 and not any(overlapped)
    assert set(explorer.moved) == {"caseload", "caseload_group", "overhead_rate", "employer_pension_rate"}


def test_rendered_outputs_close_their_figures() -> None:
    from IPython.display import Markdown

    figure = plots.crisis_saving_curve(explore(data_dir=FROZEN_DATA).leeds)
    (text, chart) = rendered([Markdown("**ratio**"), figure])
    assert text == {"output_type": "display_data", "data": {"text/markdown": "**ratio**", "text/plain":
                    "<IPython.core.display.Markdown object>"}, "metadata": {}}
    assert chart["output_type"] == "display_data" and figure.number not in plt.get_fignums()
