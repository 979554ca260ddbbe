"""Figures: forest chart, ratio against caseload, tornado, PSA, acceptability, two-way, value of information, Leeds.

``plot(result, ...)`` draws any result of the analysis, choosing the figure by the result's type
(:func:`functools.singledispatch`), so no analysis imports plotting. Each figure returns a matplotlib
Figure made with pyplot, so a notebook shows it once at the end of the cell; no file is written here.
Axis and bar labels come from :mod:`peerlib.present.labels`.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable, Mapping, Sequence
from functools import singledispatch, wraps
from typing import Any, Literal, ParamSpec

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.axis import Axis
from matplotlib.collections import PathCollection
from matplotlib.figure import Figure
from matplotlib.legend import Legend
from matplotlib.ticker import FuncFormatter
from matplotlib.transforms import Bbox
from matplotlib.typing import LegendLocType

from peerlib.analysis.acceptability import AcceptabilityResult
from peerlib.analysis.business_case import BusinessCaseResult
from peerlib.analysis.one_way import OneWayResult
from peerlib.analysis.psa import PSAResult
from peerlib.analysis.two_way import TwoWayResult
from peerlib.analysis.voi import VOIResult
from peerlib.core.crisis_house import CrisisHouseResult
from peerlib.core.model import BaseCase, StudyResult
from peerlib.formatting import figure_text, formatted, gbp_text, gbp_whole, percent_text
from peerlib.present.labels import grade_label, outcome_label, parameter_label, pool_label

BREAK_EVEN_STYLE: dict[str, Any] = {"color": "grey", "linestyle": "--", "linewidth": 1}
RATIO_AXIS = "benefit : cost ratio (£ of bed-days saved per £1 of peer-worker cost)"
# Where a legend may sit inside its axes, in matplotlib's own order of preference for loc="best".
INSIDE_PLACES: tuple[LegendLocType, ...] = ("upper right", "upper left", "lower left", "lower right", "center right",
                                            "center left", "lower center", "upper center", "center")
# Beside the axes, in a margin the constrained layout reserves, when no place inside is free.
OUTSIDE_PLACES: dict[str, dict[str, Any]] = {
    "right": {"loc": "center left", "bbox_to_anchor": (1.01, 0.5)},
    "above": {"loc": "lower center", "bbox_to_anchor": (0.5, 1.01)},
}
LEGEND_CLEARANCE_PT = 4  # space kept between a legend's frame and anything drawn, so no line touches it
LEGEND_WIDTH_CHARACTERS = 45  # a longer legend entry wraps, so a legend beside the axes stays narrow
POOLED_WIDTH_STEP = 0.9  # points by which each pooled acceptability curve is wider than the next one drawn

P = ParamSpec("P")


@singledispatch
def plot(result: object, *args: Any, **kwargs: Any) -> Figure:
    """The figure of ``result``: each kind of result registers its own below."""
    raise TypeError(f"no figure for a {type(result).__name__}")


def _figure(width_in: float, height_in: float) -> tuple[Figure, Axes]:
    """One chart, laid out by matplotlib's constrained layout, which makes room for a legend beside the axes."""
    return plt.subplots(figsize=(width_in, height_in), layout="constrained")


def _covers_drawing(area: Bbox, figure: Figure) -> bool:
    """Whether ``area`` (in pixels) touches a line, marker, bar, filled area or text drawn in any axes of ``figure``."""
    for ax in figure.axes:
        for line in ax.lines:
            if line.get_transform().transform_path(line.get_path()).intersects_bbox(area, filled=False):
                return True
        for patch in ax.patches:
            if patch.get_transform().transform_path(patch.get_path()).intersects_bbox(area, filled=True):
                return True
        for collection in ax.collections:
            if isinstance(collection, PathCollection):  # scatter markers, one per offset
                points = collection.get_offset_transform().transform(collection.get_offsets())
                if any(area.contains(x, y) for x, y in points):
                    return True
                continue
            filled = len(collection.get_facecolor()) > 0
            if any(collection.get_transform().transform_path(path).intersects_bbox(area, filled=filled)
                   for path in collection.get_paths()):
                return True
        if any(text.get_window_extent().overlaps(area) for text in ax.texts if text.get_text()):
            return True
    return False


def _legend(figure: Figure, ax: Axes, outside: Literal["right", "above"] = "right", **options: Any) -> Legend:
    """The legend of ``ax`` inside the axes where it covers nothing drawn, else beside them (``outside``).

    matplotlib's loc="best" only minimises what a legend covers; this takes the first place that covers
    nothing, measured on the laid-out figure. A legend beside the axes makes the figure larger by its own
    size, so the chart keeps the size of its kind in every report.
    """
    figure.draw_without_rendering()  # settles the layout, so data and legend have their final places
    clearance_px = LEGEND_CLEARANCE_PT * figure.dpi / 72
    # Extents are measured without naming a renderer: the figure's own, whatever its canvas (only Agg's canvas
    # has get_renderer, and JupyterLab's first figure may not have it yet).
    legend: Legend = ax.legend(loc=INSIDE_PLACES[0], **options)
    for place in INSIDE_PLACES:
        legend.set_loc(place)  # one legend moved from place to place, rather than a new one made at each
        if not _covers_drawing(legend.get_window_extent().padded(clearance_px), figure):
            return legend
    beside: Legend = ax.legend(**OUTSIDE_PLACES[outside], **options)
    size_px = beside.get_window_extent()
    width_in, height_in = figure.get_size_inches()
    if outside == "right":
        figure.set_size_inches(width_in + size_px.width / figure.dpi, height_in)
    else:
        figure.set_size_inches(width_in, height_in + size_px.height / figure.dpi)
    return beside


def _plain_log_axis(axis: Axis) -> None:
    """Label a log axis in plain numbers (0.1, 1, 10, 100), not powers of ten (10⁰, 10¹, 10²).

    An axis spanning less than a decade has too few powers of ten to read, so its minor ticks are labelled too.
    """
    def minor(value: float, _: int | None) -> str:
        low, high = sorted(axis.get_view_interval())
        return figure_text(value) if high < 10 * low else ""

    axis.set_major_formatter(FuncFormatter(lambda value, _: figure_text(value)))
    axis.set_minor_formatter(FuncFormatter(minor))


# A report's image is scaled to the width of a phone (about 345 px of a 390 px screen): every chart is narrow and its
# text large, so that text stays at least 9 px high once scaled (tests/notebooks/test_chart_layout.py); on a laptop
# the chart is shown at its own width, about 610 px.
PHONE_WIDTH_IN = 6.0
PHONE_FONT_PT = 12.0
ROW_WRAP_CHARACTERS = 64  # a row's name wraps here, so it stays within a phone-wide chart
TEXT_WRAP_CHARACTERS = 52  # an axis label, centred under its axis, wraps here
TITLE_WRAP_CHARACTERS = 45
ROW_LINE_IN = 0.2  # a line of a row's name, with its leading
ROW_MARKS_IN = 0.18  # a row's bar, box or marker, centred on the row, with its name standing on top of it
ROW_BAR_IN = 0.14  # a bar or box: a little thinner than its row's marks, so it stays clear of the name above it
ROW_GAP_IN = 0.08  # between a row's name and the marks of the row above


def _for_a_phone(draw: Callable[P, Figure]) -> Callable[P, Figure]:
    """Draw a chart with text of PHONE_FONT_PT: each text keeps the size it is made with, whenever it is drawn.

    Only the font size is put back afterwards, not every setting as plt.rc_context would: Jupyter's inline backend
    loads with a session's first chart and turns on the interactive mode that shows each chart; undone, no later
    chart would show.
    """
    @wraps(draw)
    def drawn(*args: P.args, **kwargs: P.kwargs) -> Figure:
        size_pt = plt.rcParams["font.size"]
        plt.rcParams["font.size"] = PHONE_FONT_PT
        try:
            return draw(*args, **kwargs)
        finally:
            plt.rcParams["font.size"] = size_pt
    return drawn


def _rows_figure(names: Sequence[str], marks_in: float = ROW_MARKS_IN) -> tuple[Figure, Axes, np.ndarray]:
    """A phone-wide chart of one row per name, the first at the top, each named above its marks across the whole
    width: a phone has no room for names beside the rows.

    Each row is as tall as its name and ``marks_in``, the height its bar, box or markers may take. The y axis runs
    in inches, so a mark is drawn in inches (a bar ROW_BAR_IN high); :func:`_fit_rows` makes it true once the
    chart's labels have taken their room. Returns the figure, its axes and each row's y.
    """
    wrapped = [textwrap.fill(name, ROW_WRAP_CHARACTERS) for name in names]
    y, next_top_in = [], -ROW_GAP_IN
    for name in wrapped:
        y.append(next_top_in - ROW_LINE_IN * (name.count("\n") + 1) - marks_in / 2)
        next_top_in = y[-1] - marks_in / 2 - ROW_GAP_IN
    fig, ax = _figure(PHONE_WIDTH_IN, -next_top_in + 2)  # _fit_rows sets the height
    for yi, name in zip(y, wrapped, strict=True):
        ax.annotate(name, (0, yi), xycoords=("axes fraction", "data"), xytext=(2, marks_in / 2 * 72),
                    textcoords="offset points", va="bottom", ha="left",
                    bbox={"facecolor": "white", "edgecolor": "none", "alpha": 0.8, "pad": 1})  # over grid lines
    ax.set_yticks([])
    ax.set_ylim(next_top_in - ROW_GAP_IN, 0)
    return fig, ax, np.array(y)


def _fit_rows(figure: Figure, ax: Axes) -> None:
    """Make the axes of a chart of rows as tall in inches as its y axis runs, now its labels have taken their room,
    so each row's marks keep clear of the names above and below them."""
    figure.draw_without_rendering()
    low, high = ax.get_ylim()
    width_in, height_in = figure.get_size_inches()
    figure.set_size_inches(width_in, height_in + (high - low) - ax.get_position().height * height_in)


def _title(figure: Figure, title: str) -> None:
    """The chart's title, above a legend that stands above the axes (an axes' own title would lie under it)."""
    if title:
        figure.suptitle(textwrap.fill(title, TITLE_WRAP_CHARACTERS))


@plot.register
@_for_a_phone
def forest_plot(
    base: BaseCase, published_ratio: float | None = None, intervals: Mapping[str, tuple[float, float]] | None = None,
) -> Figure:
    """Each study's ratio, then the pooled ratios; bars show 95 % probabilistic intervals where given.

    Every marker has the same size, so no study disappears; the sample-size weight of each study is
    written beside its name instead.
    """
    intervals = intervals or {}
    sample = base.pooled_ratio("sample_size").weights if base.pooled else {}
    total = sum(sample.values()) or 1.0
    imputed = {s.study_id for s in base.model.studies if s.effect_status == "imputed"}
    grades = {s.study_id: grade_label(s.evidence_grade) for s in base.model.studies}
    rows: list[tuple[str, str, float, str]] = [
        (r.study_id, f"{r.label} ({grades[r.study_id]}; "
                     f"{formatted(sample.get(r.study_id, 0) / total, 'share')} of the weight)",
         r.benefit_cost_ratio, "tab:blue") for r in base.studies]
    rows += [(p.outcome_id, pool_label(p.outcome_id, [s for s in base.model.studies if s.study_id in p.weights]),
              p.benefit_cost_ratio, "tab:orange") for p in base.pooled]
    if published_ratio is not None:
        rows.append(("published", "The report's pooled ratio (Trachtenberg et al. 2013)", published_ratio, "black"))
    fig, ax, y = _rows_figure([label for _, label, _, _ in rows])
    for yi, (key, _, ratio, colour) in zip(y, rows, strict=True):
        low, high = intervals.get(key, (np.nan, np.nan))
        if np.isfinite(low):
            ax.plot([low, high], [yi, yi], color=colour, linewidth=2, alpha=0.6)
        marker, size = {"tab:blue": ("s", 60), "tab:orange": ("D", 60), "black": ("*", 160)}[colour]
        hollow = key in imputed  # an imputed bed-use figure: drawn open
        ax.scatter([ratio], [yi], marker=marker, s=size, zorder=3, facecolors="white" if hollow else colour,
                   edgecolors=colour, linewidths=1.5)
    ax.axvline(1, **BREAK_EVEN_STYLE, label="ratio = 1 (break-even)")
    ax.axvline(0, color="black", linewidth=0.8)
    notes = ["bars: 95 % probabilistic interval"] if intervals else []
    if imputed:
        notes.append("open squares: imputed bed-use figure")
    ax.set_xlabel(textwrap.fill("; ".join([RATIO_AXIS, *notes]), TEXT_WRAP_CHARACTERS + 8))
    ax.grid(axis="x", alpha=0.3)
    _fit_rows(fig, ax)
    _legend(fig, ax, outside="above")
    return fig


@plot.register
@_for_a_phone
def caseload_plot(result: StudyResult, max_caseload: float | None = None) -> Figure:
    """The ratio as a straight line in caseload (patients per FTE at a time), with break-even marked."""
    fig, ax = _figure(PHONE_WIDTH_IN, 4)
    assumed = result.caseload or 1.0
    top = max_caseload or 2.5 * max(assumed, min(result.break_even_caseload or 0, 10 * assumed), 1)
    caseload = np.linspace(0, top, 200)
    ax.plot(caseload, result.ratio_at_caseload(caseload), color="tab:blue", label="benefit : cost ratio")
    ax.axhline(1, **BREAK_EVEN_STYLE, label="ratio = 1")
    ax.scatter([assumed], [result.benefit_cost_ratio], color="tab:orange", zorder=3,
               label=f"assumed caseload: {assumed:g} patients per FTE")
    if result.break_even_caseload is not None and np.isfinite(result.break_even_caseload):
        ax.axvline(result.break_even_caseload, color="tab:green", linestyle=":",
                   label=f"break-even caseload: {result.break_even_caseload:.1f}")
    ax.set_xlabel(textwrap.fill(parameter_label("caseload", stored=True), TEXT_WRAP_CHARACTERS))
    ax.set_ylabel("benefit : cost ratio")
    _title(fig, result.label)
    ax.grid(alpha=0.3)
    _legend(fig, ax, outside="above")
    return fig


@plot.register
@_for_a_phone
def crisis_saving_curve(result: CrisisHouseResult) -> Figure:
    """Annual saving against the share of visits that truly replace inpatient care."""
    inputs = result.inputs
    share = np.linspace(0, 1, 201)
    saving = result.annual_saving_at(share)
    fig, ax = _figure(PHONE_WIDTH_IN, 4)
    ax.plot(share, saving, color="tab:blue", label=f"{inputs.visits_per_year:,.0f} visits a year")
    ax.axhline(0, color="black", linewidth=0.8)
    ax.axhline(inputs.claimed_annual_saving_gbp, color="tab:red", linestyle=":",
               label=f"the claimed saving, at {inputs.price_year} prices: "
                     f"{gbp_whole(inputs.claimed_annual_saving_gbp)}")
    if result.break_even_diversion_share <= 1:
        ax.axvline(result.break_even_diversion_share, **BREAK_EVEN_STYLE,
                   label=f"break-even share {formatted(result.break_even_diversion_share, 'share')}")
    ax.set_xlabel(textwrap.fill(parameter_label("diversion_share"), TEXT_WRAP_CHARACTERS))
    ax.xaxis.set_major_formatter(FuncFormatter(lambda value, _: formatted(value, "share")))
    ax.set_ylabel(f"annual saving, £ ({inputs.price_year} prices)")
    ax.yaxis.set_major_formatter(FuncFormatter(lambda value, _: gbp_text(value)))
    ax.grid(alpha=0.3)
    _legend(fig, ax, outside="above")
    return fig


@plot.register
@_for_a_phone
def tornado(
    result: OneWayResult, outcome: str, title: str, study_labels: Mapping[str, str] | None = None, top: int = 10
) -> Figure:
    """One-way results for one outcome: a bar from the ratio at each parameter's low to its high value, the widest
    swing first."""
    study_labels = study_labels or {}
    rows = result.summary(outcome).nlargest(top, "swing")
    if rows.empty:
        fig, ax = _figure(PHONE_WIDTH_IN, 2)
        ax.text(0.5, 0.5, "No input moves this ratio within its range", ha="center", va="center",
                transform=ax.transAxes)
        ax.set_axis_off()
        ax.set_title(textwrap.fill(title, TITLE_WRAP_CHARACTERS))
        return fig
    fig, ax, y = _rows_figure([parameter_label(p, study_labels, stored=True) for p in rows["parameter"]])
    base = float(rows["base_ratio"].iloc[0])
    ax.barh(y, rows["ratio_low"] - base, ROW_BAR_IN, left=base, color="tab:blue", label="input at its low value")
    ax.barh(y, rows["ratio_high"] - base, ROW_BAR_IN, left=base, color="tab:orange", label="input at its high value")
    ax.axvline(base, color="black", linewidth=0.8)
    ax.axvline(1, **BREAK_EVEN_STYLE, label="ratio = 1")
    ax.set_xlabel("benefit : cost ratio")
    _title(fig, title)
    _fit_rows(fig, ax)
    _legend(fig, ax, outside="above")
    return fig


@plot.register
@_for_a_phone
def psa_distributions(psa: PSAResult, labels: Mapping[str, str]) -> Figure:
    """The distribution of every ratio over the probabilistic draws, each named with its share of draws above 1."""
    ratios = psa.ratios
    outcomes = list(ratios)
    names = [f"{outcome_label(o, labels)}: P(ratio > 1) = {formatted(np.mean(ratios[o] > 1), 'share')}"
             for o in outcomes]
    fig, ax, y = _rows_figure(names)
    ax.boxplot([ratios[o] for o in outcomes], positions=y, orientation="horizontal", whis=(2.5, 97.5),
               showfliers=False, widths=ROW_BAR_IN, manage_ticks=False)
    ax.scatter([psa.base[o] for o in outcomes], y, marker="x", color="tab:red", zorder=3, label="base case")
    ax.axvline(1, **BREAK_EVEN_STYLE)
    ax.set_xlabel(textwrap.fill(
        f"benefit : cost ratio (box: quartiles; whiskers: 95 % interval; {psa.n_draws:,} draws)", TEXT_WRAP_CHARACTERS))
    _fit_rows(fig, ax)
    _legend(fig, ax, outside="above")
    return fig


def _same_curves(curves: Mapping[str, np.ndarray]) -> list[list[str]]:
    """The outcomes grouped by curve, in order: outcomes with the same curve (a pool of studies that all publish
    their bed use is the same pool twice) are drawn once, so no line hides under another."""
    groups: list[list[str]] = []
    for outcome, values in curves.items():
        same = next((g for g in groups if np.array_equal(curves[g[0]], values)), None)
        if same is None:
            groups.append([outcome])
        else:
            same.append(outcome)
    return groups


@plot.register
@_for_a_phone
def acceptability(result: AcceptabilityResult, labels: Mapping[str, str], title: str = "") -> Figure:
    """P(ratio > 1) against one parameter, one line per outcome: the analogue of an acceptability curve.

    Curves often lie on one another, so each stays visible: outcomes with the same curve share one line and one
    legend entry; the pooled curves are drawn widest first, so one lying on another shows as its edge, and the
    studies' thin dashes are drawn over them.
    """
    fig, ax = _figure(PHONE_WIDTH_IN, 4)
    groups = _same_curves(result.probabilities)
    n_pooled = sum(any(o.startswith("pooled_") for o in group) for group in groups)
    drawn_pooled = 0
    for outcomes in groups:
        name = " = ".join(outcome_label(o, labels) for o in outcomes)
        name += " (the same curve)" if len(outcomes) > 1 else ""
        style: dict[str, Any] = {"linewidth": 1.2, "linestyle": "--", "zorder": 2.2}
        if any(o.startswith("pooled_") for o in outcomes):
            style = {"linewidth": 1.5 + POOLED_WIDTH_STEP * (n_pooled - 1 - drawn_pooled), "linestyle": "-"}
            drawn_pooled += 1
        ax.plot(result.grid, result.probabilities[outcomes[0]], label=textwrap.fill(name, LEGEND_WIDTH_CHARACTERS),
                **style)
    ax.axvline(result.base, color="black", linewidth=0.8, label=f"base value ({figure_text(result.base)})")
    ax.set_xscale("log")
    _plain_log_axis(ax.xaxis)
    ax.set_ylim(-0.02, 1.02)
    ax.set_xlabel(textwrap.fill(parameter_label(result.parameter, stored=True) + " (log scale)", TEXT_WRAP_CHARACTERS))
    ax.set_ylabel("P(ratio > 1)")
    _title(fig, title)
    ax.grid(alpha=0.3)
    _legend(fig, ax, outside="above")
    return fig


@plot.register
@_for_a_phone
def two_way(result: TwoWayResult, outcome: str, title: str = "") -> Figure:
    """The ratio over a grid of two parameters, with the ratio = 1 contour and the base case marked.

    A grid spaced evenly on a log scale (the caseloads drawn, 8 to 259) is drawn on a log axis, so the one-to-one
    caseloads at its foot are as wide as the group caseloads above them."""
    fig, ax = _figure(PHONE_WIDTH_IN, 5)
    ratio = result.ratios[outcome]
    levels = [0, 0.5, 1, 2, 4, 8, 16]
    filled = ax.contourf(result.x, result.y, ratio, levels=levels, extend="both", cmap="RdYlGn", alpha=0.8)
    line = ax.contour(result.x, result.y, ratio, levels=[1], colors="black", linewidths=2)
    ax.clabel(line, fmt={1: "ratio = 1"})
    ax.scatter([result.base_x], [result.base_y], marker="x", color="black", s=60, zorder=3)
    # Named beside the marker: a legend would cover the filled grid, or widen a chart meant for a phone.
    ax.annotate("base case", (result.base_x, result.base_y), xytext=(6, 4), textcoords="offset points",
                bbox={"facecolor": "white", "edgecolor": "none", "alpha": 0.8, "pad": 1})
    fig.colorbar(filled, ax=ax, label="benefit : cost ratio")
    steps = np.diff(np.log(result.x))
    if len(steps) and result.x[0] > 0 and np.allclose(steps, steps[0]) and result.x[-1] >= 10 * result.x[0]:
        ax.set_xscale("log")
        _plain_log_axis(ax.xaxis)
    ax.set_xlabel(textwrap.fill(parameter_label(result.x_parameter, stored=True), 40))
    ax.set_ylabel(textwrap.fill(parameter_label(result.y_parameter, stored=True), 30))
    ax.set_title(textwrap.fill(title, TITLE_WRAP_CHARACTERS))
    return fig


@plot.register
@_for_a_phone
def value_of_information(result: VOIResult, title: str = "") -> Figure:
    """EVPPI of each group of inputs as bars, and the EVPI of all of them, £ per FTE-year."""
    table = result.summary()
    fig, ax, y = _rows_figure(list(table.index))
    colours = ["tab:grey" if name.startswith("all inputs") else "tab:blue" for name in table.index]
    ax.barh(y, table["evppi_gbp_per_fte_year"], height=ROW_BAR_IN, color=colours)
    ax.xaxis.set_major_formatter(FuncFormatter(lambda value, _: gbp_text(value)))
    ax.set_xlabel(textwrap.fill(f"expected value of knowing, £ per FTE-year ({result.price_year} prices)",
                                TEXT_WRAP_CHARACTERS))
    ax.set_title(textwrap.fill(title, TITLE_WRAP_CHARACTERS))
    _fit_rows(fig, ax)
    return fig


@plot.register
@_for_a_phone
def business_case(result: BusinessCaseResult) -> Figure:
    """A business case: the ratio across probabilistic draws, and the net benefit against the caseload.

    Above: the share of draws at each ratio, with the break-even line. Below: the annual net benefit (point
    estimate) as the caseload varies, the others as set, with the planned caseload and the break-even caseload
    marked; where the staffing is a trial's own sessions and hours, as the peer hours per person vary instead.
    One above the other, so each is as wide as a phone.
    """
    i = result.inputs
    fig, (above, below) = plt.subplots(2, 1, figsize=(PHONE_WIDTH_IN, 8), layout="constrained")
    draws = np.asarray(result.ratio_draws, dtype=float)
    above.hist(draws, bins=60, color="tab:blue", alpha=0.7)
    above.axvline(1, **BREAK_EVEN_STYLE, label="ratio = 1 (break-even)")
    above.axvline(result.benefit_cost_ratio, color="black", linewidth=1.2, label="point estimate")
    probability = formatted(result.probability_ratio_above_one, "share")
    above.set_xlabel(f"{textwrap.fill(RATIO_AXIS, TEXT_WRAP_CHARACTERS)}\n"
                     f"P(ratio > 1) = {probability} of {i.n_draws:,} draws")
    above.set_ylabel("draws")
    if result.staffing_basis == "intensity":
        hours = result.sessions_per_person * result.hours_per_session
        top = max(2 * hours, 1.5 * result.break_even_hours_per_person if np.isfinite(result.break_even_hours_per_person)
                  else 0, 1.0)
        xs = np.linspace(hours / 4, top, 200)  # from a quarter of the trial's hours: below, the curve only climbs
        below.plot(xs, result.net_benefit_at_hours(xs), color="tab:orange")
        below.axvline(hours, color="tab:blue", linewidth=1, label=f"the trial's intensity ({hours:.1f} hours)")
        if np.isfinite(result.break_even_hours_per_person) and result.break_even_hours_per_person > 0:
            below.axvline(result.break_even_hours_per_person, **BREAK_EVEN_STYLE,
                          label=f"break-even ({result.break_even_hours_per_person:.1f} hours)")
        below.set_xlabel("peer worker's hours per person supported")
    else:
        top = max(2 * i.caseload, 2 * result.break_even_caseload if np.isfinite(result.break_even_caseload) else 0,
                  1.0)
        caseloads = np.linspace(0, top, 200)
        below.plot(caseloads, result.net_benefit_at_caseload(caseloads), color="tab:orange")
        below.axvline(i.caseload, color="tab:blue", linewidth=1, label=f"planned caseload ({i.caseload:g})")
        if np.isfinite(result.break_even_caseload):
            below.axvline(result.break_even_caseload, **BREAK_EVEN_STYLE,
                          label=f"break-even caseload ({result.break_even_caseload:.1f})")
        below.set_xlabel("caseload (patients per FTE at a time)")
    below.axhline(0, color="black", linewidth=0.8)
    below.yaxis.set_major_formatter(FuncFormatter(lambda v, _: gbp_text(v)))
    below.set_ylabel(textwrap.fill(f"net benefit (£ a year, {i.price_year} prices)", 30))
    below.grid(alpha=0.3)
    for ax in (above, below):
        _legend(fig, ax, outside="above")
    return fig


@_for_a_phone
def cost_indices(levels: pd.DataFrame, base_year: str, labels: Mapping[str, str]) -> Figure:
    """The NHS cost inflation index by component, each at 100 in ``base_year``."""
    fig, ax = _figure(PHONE_WIDTH_IN, 4)
    for column in levels.columns:
        ax.plot(levels.index, levels[column], marker="o", markersize=3, label=labels.get(str(column), str(column)))
    ax.axhline(100, color="grey", linewidth=0.8)
    ax.set_ylabel(f"index, {base_year} = 100")
    ax.set_xlabel("financial year")
    ax.tick_params(axis="x", rotation=45)
    for year in ax.get_xticklabels():  # each year ends at its tick, so a slanted year stands under its point
        year.set(horizontalalignment="right", rotation_mode="anchor")
    ax.grid(alpha=0.3)
    _legend(fig, ax, outside="above")
    return fig


RECOSTED_MARKS_IN = 0.36  # a row of the re-costed ratios: one marker per costing, each a little above the last
RECOSTED_STEP_IN = 0.08


@_for_a_phone
def recosted_ratios(ratios: pd.DataFrame, labels: Mapping[str, str], costing_labels: Mapping[str, str]) -> Figure:
    """Each ratio under each costing, one row per study or pool, one marker per costing, each row named above."""
    fig, ax, y = _rows_figure([labels.get(str(i), str(i)) for i in ratios.index], RECOSTED_MARKS_IN)
    markers = ["s", "x", "o", "D"]
    for k, column in enumerate(ratios.columns):
        ax.scatter(ratios[column], y + (k - (len(ratios.columns) - 1) / 2) * RECOSTED_STEP_IN,
                   marker=markers[k % len(markers)], s=36, label=costing_labels.get(str(column), str(column)),
                   zorder=3)
    ax.axvline(1, **BREAK_EVEN_STYLE)
    ax.axvline(0, color="black", linewidth=0.8)
    ax.set_xlabel(textwrap.fill(RATIO_AXIS, TEXT_WRAP_CHARACTERS))
    ax.grid(axis="x", alpha=0.3)
    _fit_rows(fig, ax)
    _legend(fig, ax, outside="above")
    return fig


@_for_a_phone
def share_right(names: Sequence[str], notebooks: Sequence[str], shares: Sequence[float]) -> Figure:
    """The share of a class right on each exercise: one bar per exercise, the first at the top, each named
    (``names``) and coloured by its notebook, with a legend of the notebooks."""
    # Names come from a grades file: a $ in one is text, not the start of matplotlib's mathematics.
    fig, ax, y = _rows_figure([name.replace("$", r"\$") for name in names])
    shares_of, of_notebook = np.asarray(shares, dtype=float), np.asarray(notebooks, dtype=object)
    for k, notebook in enumerate(dict.fromkeys(notebooks)):
        mine = of_notebook == notebook
        ax.barh(y[mine], shares_of[mine], ROW_BAR_IN, color=plt.get_cmap("tab10")(k % 10),
                label=notebook.replace("$", r"\$"))
    ax.set_xlim(0, 1)
    ax.xaxis.set_major_formatter(FuncFormatter(lambda value, _: percent_text(value)))
    ax.set_xlabel("share of the class right")
    ax.grid(axis="x", alpha=0.3)
    _fit_rows(fig, ax)
    _legend(fig, ax, outside="above")
    return fig
