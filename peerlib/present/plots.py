"""Figures: forest chart, ratio against caseload, tornado, PSA, acceptability, two-way, value of information, Leeds.

``plot(result, ...)`` draws any result of the analysis, choosing the figure by the result's type
(:func:`functools.singledispatch`), so no analysis imports plotting. Each figure returns a matplotlib
Figure made with pyplot, so a notebook shows it once at the end of the cell; no file is written here.
Axis and bar labels come from :mod:`peerlib.present.labels`.
"""

from __future__ import annotations

import textwrap
from collections.abc import Mapping
from functools import singledispatch
from typing import Any, Literal

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.axis import Axis
from matplotlib.backend_bases import RendererBase
from matplotlib.collections import PathCollection
from matplotlib.figure import Figure
from matplotlib.legend import Legend
from matplotlib.ticker import FuncFormatter
from matplotlib.transforms import Bbox
from matplotlib.typing import LegendLocType

from peerlib.analysis.business_case import BusinessCaseResult
from peerlib.analysis.sensitivity import AcceptabilityResult, OneWayResult, PSAResult, TwoWayResult
from peerlib.analysis.voi import VOIResult
from peerlib.core.crisis_house import CrisisHouseResult
from peerlib.core.model import BaseCase, StudyResult
from peerlib.present.labels import (
    figure_text,
    formatted,
    gbp_text,
    grade_label,
    outcome_label,
    parameter_label,
    pool_label,
)

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


@singledispatch
def plot(result: object, *args: Any, **kwargs: Any) -> Figure:
    """The figure of ``result``: each kind of result registers its own below."""
    raise TypeError(f"no figure for a {type(result).__name__}")


def _figure(width_in: float, height_in: float) -> tuple[Figure, Axes]:
    """One chart, laid out by matplotlib's constrained layout, which makes room for a legend beside the axes."""
    return plt.subplots(figsize=(width_in, height_in), layout="constrained")


def _covers_drawing(area: Bbox, figure: Figure, renderer: RendererBase) -> bool:
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
        if any(text.get_window_extent(renderer).overlaps(area) for text in ax.texts if text.get_text()):
            return True
    return False


def _legend(figure: Figure, ax: Axes, outside: Literal["right", "above"] = "right", **options: Any) -> Legend:
    """The legend of ``ax`` inside the axes where it covers nothing drawn, else beside them (``outside``).

    matplotlib's loc="best" only minimises what a legend covers; this takes the first place that covers
    nothing, measured on the laid-out figure. A legend beside the axes makes the figure larger by its own
    size, so the chart keeps the size of its kind in every report.
    """
    figure.draw_without_rendering()  # settles the layout, so data and legend have their final places
    renderer = figure.canvas.get_renderer()  # type: ignore[attr-defined]
    clearance_px = LEGEND_CLEARANCE_PT * figure.dpi / 72
    for place in INSIDE_PLACES:
        legend: Legend = ax.legend(loc=place, **options)
        if not _covers_drawing(legend.get_window_extent(renderer).padded(clearance_px), figure, renderer):
            return legend
    beside: Legend = ax.legend(**OUTSIDE_PLACES[outside], **options)
    size_px = beside.get_window_extent(renderer)
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


# A report's image is scaled to the width of a phone (about 345 px of a 390 px screen): a chart meant to be read there
# is narrow and its text large, so that text stays at least 9 px high once scaled (tests/test_chart_layout.py).
PHONE_WIDTH_IN = 6.0
PHONE_FONT_PT = 12.0
FOREST_ROW_IN = 0.62  # a row's label above its marker and interval
FOREST_WRAP_CHARACTERS = 52  # a row's label wraps here, so it stays within a phone-wide chart


@plot.register
def forest_plot(
    base: BaseCase, published_ratio: float | None = None, intervals: Mapping[str, tuple[float, float]] | None = None,
) -> Figure:
    """Each study's ratio, then the pooled ratios; bars show 95 % probabilistic intervals where given.

    Every marker has the same size, so no study disappears; the sample-size weight of each study is
    written beside its name instead. Each row's name stands above its marker, across the whole width, so the chart
    stays narrow enough to read on a phone.
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
    with plt.rc_context({"font.size": PHONE_FONT_PT}):
        fig, ax = _figure(PHONE_WIDTH_IN, FOREST_ROW_IN * len(rows) + 2.2)
        y = np.arange(len(rows))[::-1].astype(float)
        for yi, (key, label, ratio, colour) in zip(y, rows, strict=True):
            low, high = intervals.get(key, (np.nan, np.nan))
            if np.isfinite(low):
                ax.plot([low, high], [yi, yi], color=colour, linewidth=2, alpha=0.6)
            marker, size = {"tab:blue": ("s", 60), "tab:orange": ("D", 60), "black": ("*", 160)}[colour]
            hollow = key in imputed  # an imputed bed-use figure: drawn open
            ax.scatter([ratio], [yi], marker=marker, s=size, zorder=3, facecolors="white" if hollow else colour,
                       edgecolors=colour, linewidths=1.5)
            ax.annotate(textwrap.fill(label, FOREST_WRAP_CHARACTERS), (0, yi), xycoords=("axes fraction", "data"),
                        xytext=(2, 7), textcoords="offset points", va="bottom", ha="left",
                        bbox={"facecolor": "white", "edgecolor": "none", "alpha": 0.8, "pad": 1})  # over grid lines
        ax.set_yticks([])
        top_lines = len(textwrap.wrap(rows[0][1], FOREST_WRAP_CHARACTERS))  # room above the top row for its name
        ax.set_ylim(-0.5, len(rows) - 0.5 + 0.4 * (top_lines - 1))
        ax.axvline(1, **BREAK_EVEN_STYLE, label="ratio = 1 (break-even)")
        ax.axvline(0, color="black", linewidth=0.8)
        notes = ["bars: 95 % probabilistic interval"] if intervals else []
        if imputed:
            notes.append("open squares: imputed bed-use figure")
        ax.set_xlabel(textwrap.fill("; ".join([RATIO_AXIS, *notes]), FOREST_WRAP_CHARACTERS + 8))
        ax.grid(axis="x", alpha=0.3)
        _legend(fig, ax, outside="above")
    return fig


@plot.register
def caseload_plot(result: StudyResult, max_caseload: float | None = None) -> Figure:
    """The ratio as a straight line in caseload (patients per FTE at a time), with break-even marked."""
    fig, ax = _figure(7, 4)
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
    ax.set_xlabel(parameter_label("caseload", stored=True))
    ax.set_ylabel("benefit : cost ratio")
    ax.set_title(result.label)
    ax.grid(alpha=0.3)
    _legend(fig, ax, fontsize="small")
    return fig


@plot.register
def crisis_saving_curve(result: CrisisHouseResult) -> Figure:
    """Annual saving against the share of visits that truly replace inpatient care."""
    inputs = result.inputs
    share = np.linspace(0, 1, 201)
    saving = result.annual_saving_at(share)
    fig, ax = _figure(7, 4)
    ax.plot(share, saving, color="tab:blue", label=f"{inputs.visits_per_year:,.0f} visits a year")
    ax.axhline(0, color="black", linewidth=0.8)
    ax.axhline(inputs.claimed_annual_saving_gbp, color="tab:red", linestyle=":",
               label=f"the claimed saving, at {inputs.price_year} prices: £{inputs.claimed_annual_saving_gbp:,.0f}")
    if result.break_even_diversion_share <= 1:
        ax.axvline(result.break_even_diversion_share, **BREAK_EVEN_STYLE,
                   label=f"break-even share {formatted(result.break_even_diversion_share, 'share')}")
    ax.set_xlabel(parameter_label("diversion_share"))
    ax.xaxis.set_major_formatter(FuncFormatter(lambda value, _: formatted(value, "share")))
    ax.set_ylabel(f"annual saving, £ ({inputs.price_year} prices)")
    ax.yaxis.set_major_formatter(FuncFormatter(lambda value, _: gbp_text(value)))
    ax.grid(alpha=0.3)
    _legend(fig, ax, fontsize="small")
    return fig


@plot.register
def tornado(
    result: OneWayResult, outcome: str, title: str, study_labels: Mapping[str, str] | None = None, top: int = 10
) -> Figure:
    """One-way results for one outcome: a bar from the ratio at each parameter's low to its high value."""
    study_labels = study_labels or {}
    rows = result.summary(outcome).nlargest(top, "swing").iloc[::-1]
    fig, ax = _figure(11, 0.45 * max(len(rows), 1) + 1.8)
    if rows.empty:
        ax.text(0.5, 0.5, "No input moves this ratio within its range", ha="center", va="center",
                transform=ax.transAxes)
        ax.set_axis_off()
        ax.set_title(title)
        return fig
    base = float(rows["base_ratio"].iloc[0])
    y = np.arange(len(rows))
    ax.barh(y, rows["ratio_low"] - base, left=base, color="tab:blue", label="input at its low value")
    ax.barh(y, rows["ratio_high"] - base, left=base, color="tab:orange", label="input at its high value")
    ax.set_yticks(y, [parameter_label(p, study_labels, stored=True) for p in rows["parameter"]])
    ax.axvline(base, color="black", linewidth=0.8)
    ax.axvline(1, **BREAK_EVEN_STYLE, label="ratio = 1")
    ax.set_xlabel("benefit : cost ratio")
    ax.set_title(title)
    _legend(fig, ax, fontsize="small")
    return fig


@plot.register
def psa_distributions(psa: PSAResult, labels: Mapping[str, str]) -> Figure:
    """The distribution of every ratio over the probabilistic draws, with the share above 1 written beside it."""
    ratios = psa.ratios
    outcomes = list(ratios)
    fig, ax = _figure(9, 0.6 * len(outcomes) + 1.5)
    data = [ratios[o] for o in outcomes][::-1]
    ax.boxplot(data, orientation="horizontal", whis=(2.5, 97.5), showfliers=False, widths=0.6)
    ax.set_yticks(np.arange(1, len(outcomes) + 1), [outcome_label(o, labels) for o in outcomes][::-1])
    ax.scatter([psa.base[o] for o in outcomes][::-1], np.arange(1, len(outcomes) + 1), marker="x", color="tab:red",
               zorder=3, label="base case")
    ax.axvline(1, **BREAK_EVEN_STYLE)
    for i, values in enumerate(data, start=1):
        ax.annotate(f"P(ratio > 1) = {formatted(np.mean(values > 1), 'share')}", (1, i),
                    xycoords=("axes fraction", "data"),
                    xytext=(4, 0), textcoords="offset points", va="center", fontsize="small")
    ax.set_xlabel(f"benefit : cost ratio (box: quartiles; whiskers: 95 % interval; {psa.n_draws:,} draws)")
    _legend(fig, ax, outside="above", fontsize="small")  # the right margin holds P(ratio > 1)
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
def acceptability(result: AcceptabilityResult, labels: Mapping[str, str], title: str = "") -> Figure:
    """P(ratio > 1) against one parameter, one line per outcome: the analogue of an acceptability curve.

    Curves often lie on one another, so each stays visible: outcomes with the same curve share one line and one
    legend entry; the pooled curves are drawn widest first, so one lying on another shows as its edge, and the
    studies' thin dashes are drawn over them.
    """
    fig, ax = _figure(9, 4.5)
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
    ax.set_xlabel(parameter_label(result.parameter, stored=True) + " (log scale)")
    ax.set_ylabel("P(ratio > 1)")
    ax.set_title(title)
    ax.grid(alpha=0.3)
    _legend(fig, ax, fontsize="small")
    return fig


@plot.register
def two_way(result: TwoWayResult, outcome: str, title: str = "") -> Figure:
    """The ratio over a grid of two parameters, with the ratio = 1 contour and the base case marked.

    A grid spaced evenly on a log scale (the caseloads drawn, 8 to 259) is drawn on a log axis, so the one-to-one
    caseloads at its foot are as wide as the group caseloads above them."""
    with plt.rc_context({"font.size": PHONE_FONT_PT}):
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
        ax.set_title(textwrap.fill(title, 45))
    return fig


@plot.register
def value_of_information(result: VOIResult, title: str = "") -> Figure:
    """EVPPI of each group of inputs as bars, and the EVPI of all of them, £ per FTE-year."""
    table = result.summary().iloc[::-1]
    fig, ax = _figure(8, 0.45 * len(table) + 1.6)
    colours = ["tab:grey" if name.startswith("all inputs") else "tab:blue" for name in table.index]
    ax.barh(np.arange(len(table)), table["evppi_gbp_per_fte_year"], color=colours)
    ax.set_yticks(np.arange(len(table)), list(table.index))
    ax.xaxis.set_major_formatter(FuncFormatter(lambda value, _: gbp_text(value)))
    ax.set_xlabel(f"expected value of knowing, £ per FTE-year ({result.price_year} prices)")
    ax.set_title(title)
    return fig


@plot.register
def business_case(result: BusinessCaseResult) -> Figure:
    """A business case: the ratio across probabilistic draws, and the net benefit against the caseload.

    Left: the share of draws at each
    ratio, with the break-even line. Right: the annual net benefit (point estimate) as the caseload
    varies, the others as set, with the planned caseload and the break-even caseload marked; where the
    staffing is a trial's own sessions and hours, as the peer hours per person vary instead.
    """
    i = result.inputs
    fig, (left, right) = plt.subplots(1, 2, figsize=(12, 4.2), layout="constrained")
    draws = np.asarray(result.ratio_draws, dtype=float)
    left.hist(draws, bins=60, color="tab:blue", alpha=0.7)
    left.axvline(1, **BREAK_EVEN_STYLE, label="ratio = 1 (break-even)")
    left.axvline(result.benefit_cost_ratio, color="black", linewidth=1.2, label="point estimate")
    probability = formatted(result.probability_ratio_above_one, "share")
    left.set_xlabel(f"{RATIO_AXIS}\nP(ratio > 1) = {probability} of {i.n_draws:,} draws")
    left.set_ylabel("draws")
    if result.staffing_basis == "intensity":
        hours = result.sessions_per_person * result.hours_per_session
        top = max(2 * hours, 1.5 * result.break_even_hours_per_person if np.isfinite(result.break_even_hours_per_person)
                  else 0, 1.0)
        xs = np.linspace(hours / 4, top, 200)  # from a quarter of the trial's hours: below, the curve only climbs
        right.plot(xs, result.net_benefit_at_hours(xs), color="tab:orange")
        right.axvline(hours, color="tab:blue", linewidth=1, label=f"the trial's intensity ({hours:.1f} hours)")
        if np.isfinite(result.break_even_hours_per_person) and result.break_even_hours_per_person > 0:
            right.axvline(result.break_even_hours_per_person, **BREAK_EVEN_STYLE,
                          label=f"break-even ({result.break_even_hours_per_person:.1f} hours)")
        right.set_xlabel("peer worker's hours per person supported")
    else:
        top = max(2 * i.caseload, 2 * result.break_even_caseload if np.isfinite(result.break_even_caseload) else 0,
                  1.0)
        caseloads = np.linspace(0, top, 200)
        right.plot(caseloads, result.net_benefit_at_caseload(caseloads), color="tab:orange")
        right.axvline(i.caseload, color="tab:blue", linewidth=1, label=f"planned caseload ({i.caseload:g})")
        if np.isfinite(result.break_even_caseload):
            right.axvline(result.break_even_caseload, **BREAK_EVEN_STYLE,
                          label=f"break-even caseload ({result.break_even_caseload:.1f})")
        right.set_xlabel("caseload (patients per FTE at a time)")
    right.axhline(0, color="black", linewidth=0.8)
    right.yaxis.set_major_formatter(FuncFormatter(lambda v, _: gbp_text(v)))
    right.set_ylabel(f"net benefit (£ a year, {i.price_year} prices)")
    right.grid(alpha=0.3)
    for ax in (left, right):
        _legend(fig, ax, fontsize="small")
    return fig


def cost_indices(levels: pd.DataFrame, base_year: str, labels: Mapping[str, str]) -> Figure:
    """The NHS cost inflation index by component, each at 100 in ``base_year``."""
    fig, ax = _figure(9, 4)
    for column in levels.columns:
        ax.plot(levels.index, levels[column], marker="o", markersize=3, label=labels.get(str(column), str(column)))
    ax.axhline(100, color="grey", linewidth=0.8)
    ax.set_ylabel(f"index, {base_year} = 100")
    ax.set_xlabel("financial year")
    ax.tick_params(axis="x", rotation=45)
    ax.grid(alpha=0.3)
    _legend(fig, ax, fontsize="small")
    return fig


def recosted_ratios(ratios: pd.DataFrame, labels: Mapping[str, str], costing_labels: Mapping[str, str]) -> Figure:
    """Each ratio under each costing, side by side (one row per study or pool, one marker per costing)."""
    fig, ax = _figure(9, 0.45 * len(ratios) + 1.8)
    y = np.arange(len(ratios))[::-1]
    markers = ["s", "x", "o", "D"]
    for k, column in enumerate(ratios.columns):
        ax.scatter(ratios[column], y + (k - (len(ratios.columns) - 1) / 2) * 0.15, marker=markers[k % len(markers)],
                   s=36, label=costing_labels.get(str(column), str(column)), zorder=3)
    ax.set_yticks(y, [labels.get(str(i), str(i)) for i in ratios.index])
    ax.axvline(1, **BREAK_EVEN_STYLE)
    ax.axvline(0, color="black", linewidth=0.8)
    ax.set_xlabel(RATIO_AXIS)
    ax.grid(axis="x", alpha=0.3)
    _legend(fig, ax, outside="above", fontsize="small", ncol=2)
    return fig
