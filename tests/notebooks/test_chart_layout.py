"""Every chart the reports draw, read as a reader sees it: each legend inside the figure, clear of titles and axis
labels and of every drawn point; log axes in plain numbers; no line of a legend hidden under another.

Each figure is built from data/ through peerlib with the arguments its notebook passes, then laid out
(``fig.canvas.draw()``) and measured in display coordinates (pixels).
"""

from __future__ import annotations

import csv
import itertools
import math
from collections.abc import Callable, Iterator
from functools import cache

import matplotlib.pyplot as plt
import nbformat
import numpy as np
import pytest
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import Collection, PathCollection
from matplotlib.figure import Figure
from matplotlib.legend import Legend
from matplotlib.lines import Line2D
from matplotlib.text import Text
from matplotlib.transforms import Bbox
from nbclient import NotebookClient

from peerlib.analysis import business_case, recosting, voi
from peerlib.analysis.acceptability import acceptability
from peerlib.analysis.one_way import OneWayResult, one_way
from peerlib.analysis.psa import PSAResult, probabilistic
from peerlib.analysis.specs import load_specs
from peerlib.analysis.two_way import two_way
from peerlib.config import BUSINESS_CASE_DRAWS, PROJECT_ROOT, REPORT_DRAWS
from peerlib.core import crisis_house
from peerlib.core.model import Model
from peerlib.inputs.population import load_population
from peerlib.inputs.published import load_published
from peerlib.inputs.studies import load_studies
from peerlib.present import plots
from peerlib.present import recosting as recosting_text
from peerlib.present.labels import outcome_label
from tests.conftest import kernel_sockets

# The notebooks' defaults: notebooks/sensitivity.py and six_studies.py (the reports' count), business_case.py.
SENSITIVITY_DRAWS, SIX_STUDIES_DRAWS, SEED = REPORT_DRAWS, REPORT_DRAWS, 2013
DECISION = "pooled_fte_years"  # sensitivity.py's default scheme
# Studies whose bed use is their own published figure: pooled alone, the published-figures-only pool is the
# sample-size pool, so two acceptability curves are the same curve.
OWN_FIGURES = ["sledge2011", "min2007", "lawn2008"]
STUDY_IDS = [s.study_id for s in load_studies(included_only=False)]
SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹⁻"


@cache
def model(*study_ids: str) -> Model:
    return Model.from_data(study_ids=list(study_ids) or None)


@cache
def psa(*study_ids: str) -> PSAResult:
    analysis = model(*study_ids)
    return probabilistic(analysis, load_specs(analysis), n_draws=SENSITIVITY_DRAWS, seed=SEED)


@cache
def pooled_one_way() -> OneWayResult:
    return one_way(model(), load_specs(model()))


def forest() -> Figure:
    analysis = model()
    draws = probabilistic(analysis, load_specs(analysis), n_draws=SIX_STUDIES_DRAWS)
    published_ratio = load_published()["pooled_ratio_sample_size_weighted"].value
    return plots.plot(analysis.base_case(), published_ratio, {o: draws.interval(o) for o in draws.ratios})


def caseload_line(study_id: str) -> Figure:
    return plots.plot(model(study_id).base_case().study(study_id))


def study_tornado(study_id: str) -> Figure:
    analysis = model(study_id)
    tornado = one_way(analysis, load_specs(analysis))
    return plots.plot(tornado, study_id, f"{analysis.study(study_id).label}: one input at a time", analysis.labels(),
                      top=8)


def sensitivity_tornado(outcome: str) -> Figure:
    labels = model().labels()
    if outcome.startswith("pooled_"):
        return plots.plot(pooled_one_way(), outcome, outcome_label(outcome, labels), labels)
    return plots.plot(pooled_one_way(), outcome, model().study(outcome).label, labels, top=6)


def acceptability_chart(parameter: str, *study_ids: str) -> Figure:
    return plots.plot(acceptability(psa(*study_ids), parameter), model(*study_ids).labels(),
                      f"P(ratio > 1) against the {parameter}")


def two_way_chart() -> Figure:
    grid = two_way(model(), specs=load_specs(model()))
    return plots.plot(grid, DECISION, outcome_label(DECISION, model().labels()))


def value_of_information() -> Figure:
    value = voi.value_of_information(psa(), DECISION, load_population())
    return plots.plot(value, "Value of information")


def business(evidence: str) -> Figure:
    inputs = business_case.build_inputs(evidence=evidence, n_fte=4, n_draws=BUSINESS_CASE_DRAWS, seed=SEED)
    return plots.plot(business_case.evaluate(inputs))


def recosted(chart: str) -> Figure:
    recost = recosting.recost()
    base_year, index_year = (recost.costings[k].price_year for k in ("base", "components"))
    if chart == "indices":
        levels = recost.indices.levels(base_year).loc[base_year:]
        return plots.cost_indices(levels, base_year, {"pay": "pay", "prices": "prices",
                                                      "pay_and_prices": "pay and prices"})
    short = {"base": f"{base_year} unit costs", "rebased": f"rebased to {index_year}",
             "components": f"re-costed by component index ({index_year})",
             "current": "re-costed from current unit costs"}
    return plots.recosted_ratios(recost.ratios(), recosting_text.labels(recost), short)


# name -> (the function of plots that draws it, how its notebook builds it)
FIGURES: dict[str, tuple[Callable[..., Figure], Callable[[], Figure]]] = {
    "six studies: forest": (plots.forest_plot, forest),
    **{f"study-{s}: ratio against caseload": (plots.caseload_plot, lambda s=s: caseload_line(s))
       for s in STUDY_IDS if s != "core2018"},  # CORE publishes its intensity: its report draws no caseload line
    **{f"study-{s}: tornado": (plots.tornado, lambda s=s: study_tornado(s)) for s in STUDY_IDS},
    "sensitivity: tornado of the decision": (plots.tornado, lambda: sensitivity_tornado(DECISION)),
    **{f"sensitivity: tornado of {s.study_id}": (plots.tornado, lambda s=s: sensitivity_tornado(s.study_id))
       for s in load_studies()},
    "sensitivity: two-way": (plots.two_way, two_way_chart),
    "sensitivity: probabilistic ratios": (plots.psa_distributions, lambda: plots.plot(psa(), model().labels())),
    "sensitivity: acceptability by caseload": (plots.acceptability, lambda: acceptability_chart("caseload")),
    "sensitivity: acceptability by bed-day cost": (plots.acceptability,
                                                   lambda: acceptability_chart("bed_day_cost_gbp")),
    "acceptability, studies publishing their bed use": (plots.acceptability,
                                                        lambda: acceptability_chart("caseload", *OWN_FIGURES)),
    "sensitivity: value of information": (plots.value_of_information, value_of_information),
    "leeds crisis house: saving against diversion": (
        plots.crisis_saving_curve,
        lambda: plots.plot(crisis_house.evaluate_crisis_house(crisis_house.load_crisis_house_inputs()))),
    "business case: own sessions and hours": (plots.business_case, lambda: business("core2018")),
    "business case: caseload": (plots.business_case, lambda: business("pooled_sample_size")),
    "today's costs: cost indices": (plots.cost_indices, lambda: recosted("indices")),
    "today's costs: re-costed ratios": (plots.recosted_ratios, lambda: recosted("ratios")),
}


@cache
def laid_out(name: str) -> Figure:
    """The figure, drawn once for every test that measures it, on a canvas of its own once pyplot lets go of it."""
    figure = FIGURES[name][1]()
    plt.close(figure)
    FigureCanvasAgg(figure).draw()
    return figure


@pytest.fixture
def drawn(request: pytest.FixtureRequest) -> Figure:
    return laid_out(request.param)


def legends(figure: Figure) -> list[Legend]:
    return [a.get_legend() for a in figure.axes if a.get_legend() is not None] + list(figure.legends)


def box(artist: Text | Legend, figure: Figure) -> Bbox:
    return artist.get_window_extent(figure.canvas.get_renderer())


def labels_of(figure: Figure) -> Iterator[Text]:
    """Titles, axis labels and tick labels of every axes (a colour bar's included) and the figure's own texts."""
    for ax in figure.axes:
        yield from (ax.title, ax._left_title, ax._right_title, ax.xaxis.label, ax.yaxis.label)
        for axis in (ax.xaxis, ax.yaxis):
            ticks = axis.get_major_ticks() + axis.get_minor_ticks()
            yield from (t for tick in ticks for t in (tick.label1, tick.label2))
    yield from figure.texts


def shown(text: Text) -> bool:
    return text.get_visible() and bool(text.get_text().strip())


def points_drawn(ax: Axes) -> np.ndarray:
    """Pixels through which the axes' data is drawn: the vertices of every line and every point between them
    (one a pixel, so a line crossing a box with no vertex inside counts), scatter markers, contour paths."""
    shapes = [line.get_transform().transform(line.get_xydata()) for line in ax.lines]
    shapes += [c.get_offset_transform().transform(c.get_offsets()) for c in ax.collections
               if isinstance(c, PathCollection)]
    shapes += [c.get_transform().transform(p.vertices) for c in ax.collections if not isinstance(c, PathCollection)
               for p in c.get_paths()]
    points = [np.empty((0, 2))]
    for xy in shapes:
        xy = xy[np.isfinite(xy).all(axis=1)]
        for start, end in itertools.pairwise(xy):
            steps = max(2, math.ceil(np.hypot(*(end - start))) + 1)
            points.append(np.linspace(start, end, steps))
        points.append(xy)
    return np.concatenate(points)


def areas_drawn(ax: Axes, figure: Figure) -> list[Bbox]:
    """Bars, histogram bins and boxes, and text written on or beside the axes."""
    renderer = figure.canvas.get_renderer()
    return [p.get_window_extent(renderer) for p in ax.patches] + [t.get_window_extent(renderer) for t in ax.texts
                                                                  if shown(t)]


def filled_under(ax: Axes, legend_box: Bbox) -> bool:
    """Whether a filled area (a filled contour) lies under any corner or the centre of the box."""
    centre = [legend_box.x0 + legend_box.width / 2, legend_box.y0 + legend_box.height / 2]
    probes = np.array([*legend_box.corners(), centre])
    return any(p.contains_points(probes, c.get_transform()).any() for c in ax.collections
               if isinstance(c, Collection) and not isinstance(c, PathCollection) and len(c.get_facecolor())
               for p in c.get_paths())


def with_legend() -> list[str]:
    """Every chart but the value of information's (its bars are named on their axis) and the two-way's (its one
    marker is named beside it)."""
    return [name for name, (kind, _) in FIGURES.items() if kind not in (plots.value_of_information, plots.two_way)]


def test_every_kind_of_chart_is_measured() -> None:
    kinds = {kind for kind, _ in FIGURES.values()}
    registered = {f for t, f in plots.plot.registry.items() if t is not object}
    assert registered | {plots.cost_indices, plots.recosted_ratios} <= kinds


@pytest.mark.parametrize("drawn", with_legend(), indirect=True)
def test_the_legend_lies_in_the_figure_clear_of_titles_and_axis_labels(drawn: Figure) -> None:
    assert legends(drawn), "this chart has no legend"
    frame = drawn.bbox
    for legend in legends(drawn):
        found = box(legend, drawn)
        assert (frame.x0 <= found.x0 and found.x1 <= frame.x1 and frame.y0 <= found.y0 and found.y1 <= frame.y1), (
            f"legend at {found.bounds} runs out of the figure {frame.bounds}")
        overlapping = [t.get_text() for t in labels_of(drawn) if shown(t) and box(t, drawn).overlaps(found)]
        assert not overlapping, f"the legend covers {overlapping}"


@pytest.mark.parametrize("drawn", with_legend(), indirect=True)
def test_the_legend_covers_no_data(drawn: Figure) -> None:
    for legend, ax in itertools.product(legends(drawn), drawn.axes):
        found = box(legend, drawn)
        points = points_drawn(ax)
        inside = points[(points[:, 0] > found.x0) & (points[:, 0] < found.x1)
                        & (points[:, 1] > found.y0) & (points[:, 1] < found.y1)]
        assert not len(inside), f"{len(inside)} drawn points under the legend, e.g. {inside[0]}"
        assert not [a for a in areas_drawn(ax, drawn) if a.overlaps(found) and a.width and a.height], (
            "the legend covers a bar, a box or a text")
        assert not filled_under(ax, found), "the legend lies on a filled area"


def decades(low: float, high: float) -> list[str]:
    """The powers of ten from ``low`` to ``high`` as a reader writes them: 0.1, 1, 10, 100, 1,000."""
    powers = range(math.ceil(math.log10(low) - 1e-9), math.floor(math.log10(high) + 1e-9) + 1)
    return [f"{10.0 ** k:,.0f}" if k >= 0 else f"{10.0 ** k:g}" for k in powers]


@pytest.mark.parametrize("drawn", [n for n, (kind, _) in FIGURES.items() if kind is plots.acceptability],
                         indirect=True)
def test_log_axes_show_plain_numbers(drawn: Figure) -> None:
    ax = drawn.axes[0]
    assert ax.get_xscale() == "log"
    low, high = sorted(ax.get_xlim())
    texts = [t.get_text() for t in ax.get_xticklabels(which="both") if shown(t) and low <= t.get_position()[0] <= high]
    assert not [t for t in texts if "$" in t or "^" in t or "×" in t or set(t) & set(SUPERSCRIPTS)], texts
    majors = [t.get_text() for t in ax.get_xticklabels() if shown(t) and low <= t.get_position()[0] <= high]
    assert majors == decades(low, high)


def visible_style(line: Line2D) -> tuple[object, ...]:
    """What tells a line from one drawn over it: width, dashes and markers. Not its colour: a line over another of
    the same width and dashes hides it whatever its colour."""
    return line.get_linewidth(), line.get_linestyle(), line.get_marker(), line.get_markersize(), str(
        line.get_markevery())


@pytest.mark.parametrize("drawn", with_legend(), indirect=True)
def test_no_line_of_a_legend_lies_hidden_under_another(drawn: Figure) -> None:
    for ax in drawn.axes:
        handles, names = ax.get_legend_handles_labels()
        lines = [(h, n) for h, n in zip(handles, names, strict=True) if isinstance(h, Line2D)]
        for (one, one_name), (other, other_name) in itertools.combinations(lines, 2):
            same_place = np.array_equal(one.get_xydata(), other.get_xydata()) and (
                one.get_transform() == other.get_transform())
            assert not (same_place and visible_style(one) == visible_style(other)), (
                f"'{one_name}' and '{other_name}' are drawn on top of each other in the same style")


def test_a_log_axis_spanning_less_than_a_decade_is_labelled_in_plain_numbers() -> None:
    # 12 to 30 patients per FTE holds no power of ten, so the labels are those of the minor ticks: 20 and 30.
    narrow = acceptability(psa(), "caseload", grid=[12, 16, 20, 25, 30])
    figure = plots.plot(narrow, model().labels())
    plt.close(figure)
    FigureCanvasAgg(figure).draw()
    low, high = figure.axes[0].get_xlim()
    texts = [t.get_text() for t in figure.axes[0].get_xticklabels(which="both")
             if shown(t) and low <= t.get_position()[0] <= high]
    assert texts == ["20", "30"]


# --- On a phone -----------------------------------------------------------------------------------------------------

# CSS px a report's image is shown at on a 390 px phone: the screen less the page's margins and the output's. Measured
# in Chromium at a 390 px window on the built six_studies.html and sensitivity.html (every image 344.8 px wide, the
# width of its output box), rounded down; the browser test checks it on every page. A wider image is scaled down to it.
PHONE_IMAGE_PX = 344
SMALLEST_TEXT_PX = 9  # CSS px: the least height of a letter a reader can read on a phone held at arm's length
# Every chart a report shows: its text must be read on a phone.
READ_ON_A_PHONE = list(FIGURES)
# Charts whose rows are named above their marks, across the chart's width.
NAMED_ROWS = [name for name, (kind, _) in FIGURES.items() if kind in (
    plots.forest_plot, plots.tornado, plots.psa_distributions, plots.value_of_information, plots.recosted_ratios)]


def in_view(text: Text, figure: Figure) -> bool:
    """Whether a text is drawn: a tick label of a tick beyond its axis's limits is not."""
    for ax in figure.axes:
        for axis, k in ((ax.xaxis, 0), (ax.yaxis, 1)):
            ticks = axis.get_major_ticks() + axis.get_minor_ticks()
            if any(text in (tick.label1, tick.label2) for tick in ticks):
                low, high = sorted(axis.get_view_interval())
                return bool(low - 1e-9 * abs(low) <= text.get_position()[k] <= high + 1e-9 * abs(high))
    return True


def texts_shown(figure: Figure) -> Iterator[Text]:
    """Every text a reader sees: titles, axis and tick labels, text written on the axes, legend entries."""
    yield from (t for t in labels_of(figure) if shown(t) and in_view(t, figure))
    yield from (t for ax in figure.axes for t in ax.texts if shown(t))
    yield from (t for legend in legends(figure) for t in legend.get_texts() if shown(t))


def shown_width_px(figure: Figure) -> float:
    """The width of the image a report shows: the figure's drawn extent and the inline backend's margin of 0.1 in
    either side (it saves with bbox_inches="tight"), at the figure's dpi."""
    return (figure.get_tightbbox().width + 2 * plt.rcParams["savefig.pad_inches"]) * figure.dpi


@pytest.mark.parametrize("drawn", READ_ON_A_PHONE, indirect=True)
def test_every_text_is_at_least_9_px_high_on_a_phone(drawn: Figure) -> None:
    # A text of s points is s / 72 in high, s / 72 * dpi px in the image, and the image is shown scaled to the phone.
    scale = min(1.0, PHONE_IMAGE_PX / shown_width_px(drawn))
    heights = {t.get_text(): t.get_fontsize() / 72 * drawn.dpi * scale for t in texts_shown(drawn)}
    assert heights, "no text measured"
    small = {text: round(px, 1) for text, px in heights.items() if px < SMALLEST_TEXT_PX}
    assert not small, f"text under {SMALLEST_TEXT_PX} px on a phone (image scaled by {scale:.2f}): {small}"


@pytest.mark.parametrize("drawn", READ_ON_A_PHONE, indirect=True)
def test_no_text_runs_out_of_the_figure(drawn: Figure) -> None:
    """A chart narrow enough for a phone keeps its words inside it: the image would otherwise widen and shrink."""
    frame = drawn.bbox
    outside = [t.get_text() for t in texts_shown(drawn) if not (
        frame.x0 - 1 <= box(t, drawn).x0 and box(t, drawn).x1 <= frame.x1 + 1)]
    assert not outside, outside


def test_the_two_way_chart_spans_the_caseloads_drawn() -> None:
    """data/uncertainty.csv draws the one-to-one caseload from 8 to 20 and the group caseload from 8 to 259: the
    two-way chart's caseload axis runs over both, 8 to 259, and no further."""
    with (PROJECT_ROOT / "data" / "uncertainty.csv").open(encoding="utf-8") as rows:
        ranges = {r["parameter"]: (float(r["low"]), float(r["high"])) for r in csv.DictReader(rows)
                  if r["parameter"] in ("caseload", "caseload_group")}
    assert ranges == {"caseload": (8, 20), "caseload_group": (8, 259)}
    ax = laid_out("sensitivity: two-way").axes[0]
    assert ax.get_xscale() == "log"
    assert ax.get_xlim() == pytest.approx((8, 259))
    shown_ticks = [t.get_text() for t in ax.get_xticklabels(which="both")
                   if shown(t) and 8 <= t.get_position()[0] <= 259]
    assert "10" in shown_ticks and "100" in shown_ticks


def marks_of_rows(ax: Axes) -> np.ndarray:
    """Pixels through which a chart's rows are drawn (intervals, markers, whiskers), and the corners and centre of
    each bar: not the lines across every row (break-even, the base case), which pass behind the names."""
    across = ax.get_xaxis_transform()
    points = [xy for line in ax.lines if line.get_transform() != across
              for xy in line.get_transform().transform(line.get_xydata())]
    points += [xy for c in ax.collections if isinstance(c, PathCollection)
               for xy in c.get_offset_transform().transform(c.get_offsets())]
    bars = [p.get_window_extent() for p in ax.patches]
    points += [xy for b in bars if b.width and b.height for xy in (*b.corners(), (b.x0 + b.width / 2, b.y0))]
    return np.array([xy for xy in points if np.isfinite(xy).all()])


@pytest.mark.parametrize("drawn", NAMED_ROWS, indirect=True)
def test_a_rows_name_covers_no_bar_box_or_marker(drawn: Figure) -> None:
    """Each row's name stands above its own marks and below the row above: on a phone the names take the chart's
    whole width, so a name lying on a bar or marker would hide it."""
    ax = drawn.axes[0]
    names = [t for t in ax.texts if shown(t)]
    assert names, "this chart names no rows"
    points = marks_of_rows(ax)
    for name in names:
        found = box(name, drawn)
        inside = points[(points[:, 0] > found.x0) & (points[:, 0] < found.x1)
                        & (points[:, 1] > found.y0) & (points[:, 1] < found.y1)]
        assert not len(inside), f"{name.get_text()!r} lies on {len(inside)} drawn points, e.g. {inside[0]}"


def test_every_chart_of_a_notebook_is_shown_the_first_one_drawn_included() -> None:
    """A notebook shows a chart at the end of its cell: Jupyter's inline backend, which loads when a session's first
    chart is drawn, shows each one. The first chart is drawn with a phone's text size, and every later one is shown
    too."""
    draw = ("from peerlib.core import crisis_house\nfrom peerlib.present import plots\n"
            "figure = plots.plot(crisis_house.evaluate_crisis_house(crisis_house.load_crisis_house_inputs()))")
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(draw) for _ in range(3)])
    with kernel_sockets() as config:
        NotebookClient(notebook, kernel_name="python3", timeout=300, config=config,
                       resources={"metadata": {"path": str(PROJECT_ROOT)}}).execute()
    shown_images = [sum("image/png" in output.get("data", {}) for output in cell.outputs) for cell in notebook.cells]
    assert shown_images == [1, 1, 1]
