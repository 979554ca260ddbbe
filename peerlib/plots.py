"""Figures: forest chart, a study's ratio against caseload, the Leeds saving curve, tornado, PSA.

Each function returns a matplotlib Figure made with pyplot, so a notebook shows it once at the
end of the cell; no file is written here.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter

from peerlib.crisis_house import CrisisHouseResult, annual_saving_gbp
from peerlib.ratios import StudyResult
from peerlib.sensitivity import PSAResult
from peerlib.weighting import PooledRatio

SCHEME_LABELS = {"sample_size": "sample size", "equal": "equal", "peer_fte": "peer FTE"}
BREAK_EVEN_STYLE: dict[str, Any] = {"color": "grey", "linestyle": "--", "linewidth": 1}


def forest_plot(
    results: Sequence[StudyResult], pooled: Sequence[PooledRatio], published_ratio: float | None = None
) -> Figure:
    """Each study's ratio (marker area = its weight under the first pooled scheme), then the pooled ratios."""
    fig, ax = plt.subplots(figsize=(8, 0.55 * (len(results) + len(pooled) + 2) + 1))
    weights = np.array([pooled[0].weights[r.study_id] for r in results]) if pooled else np.ones(len(results))
    sizes = 600 * weights / weights.max()
    labels = [r.label for r in results]
    y = np.arange(len(results))[::-1] + len(pooled) + (published_ratio is not None) + 1
    study_label = f"study (area = weight by {SCHEME_LABELS[pooled[0].scheme]})" if pooled else "study"
    ax.scatter([r.benefit_cost_ratio for r in results], y, s=sizes, marker="s", color="tab:blue", zorder=3,
               label=study_label)
    rows = len(pooled) + (published_ratio is not None)
    for i, p in enumerate(pooled):
        ax.scatter([p.benefit_cost_ratio], [rows - i], marker="D", s=90, color="tab:orange", zorder=3)
        labels.append(f"Pooled: {SCHEME_LABELS[p.scheme]} weights")
    if published_ratio is not None:
        ax.scatter([published_ratio], [1], marker="*", s=160, color="black", zorder=3)
        labels.append("Published pooled ratio")
    ticks = list(y) + [rows - i for i in range(len(pooled))] + ([1] if published_ratio is not None else [])
    ax.set_yticks(ticks, labels)
    ax.axvline(1, **BREAK_EVEN_STYLE, label="ratio = 1 (break-even)")
    ax.axvline(0, color="black", linewidth=0.8)
    ax.set_xlabel("benefit : cost ratio (value of bed-days saved per £1 of peer-worker cost)")
    ax.legend(loc="lower center", bbox_to_anchor=(0.5, 1.0), ncol=2, fontsize="small", frameon=False)
    ax.grid(axis="x", alpha=0.3)
    fig.tight_layout()
    return fig


def caseload_plot(result: StudyResult, max_caseload: float | None = None) -> Figure:
    """The ratio as a straight line in caseload (patients per FTE over follow-up), with break-even marked."""
    fig, ax = plt.subplots(figsize=(7, 4))
    top = max_caseload or 2.5 * max(result.caseload_per_fte, result.break_even_caseload or 0, 1)
    caseload = np.linspace(0, top, 200)
    ratio_per_patient = result.benefit_cost_ratio / result.caseload_per_fte  # the ratio is linear in caseload
    ax.plot(caseload, ratio_per_patient * caseload, color="tab:blue", label="benefit : cost ratio")
    ax.axhline(1, **BREAK_EVEN_STYLE, label="ratio = 1")
    ax.scatter([result.caseload_per_fte], [result.benefit_cost_ratio], color="tab:orange", zorder=3,
               label=f"assumed staffing: {result.caseload_per_fte:.1f} patients per FTE")
    if result.break_even_caseload is not None and np.isfinite(result.break_even_caseload):
        ax.axvline(result.break_even_caseload, color="tab:green", linestyle=":",
                   label=f"break-even caseload: {result.break_even_caseload:.1f}")
    ax.set_xlabel(f"patients per FTE peer worker over {result.followup_months:g} months of follow-up")
    ax.set_ylabel("benefit : cost ratio")
    ax.set_title(result.label)
    ax.legend(fontsize="small")
    ax.grid(alpha=0.3)
    fig.tight_layout()
    return fig


def crisis_saving_curve(result: CrisisHouseResult) -> Figure:
    """Annual saving against the share of visits that truly replace inpatient care."""
    inputs = result.inputs
    share = np.linspace(0, 1, 201)
    saving = annual_saving_gbp(inputs.visits_per_year, share, inputs.inpatient_days_per_visit,
                               inputs.crisis_cost_per_visit_gbp, inputs.inpatient_cost_per_day_gbp)
    fig, ax = plt.subplots(figsize=(7, 4))
    ax.plot(share, saving, color="tab:blue", label=f"{inputs.visits_per_year:,.0f} visits a year")
    ax.axhline(0, color="black", linewidth=0.8)
    ax.axhline(inputs.claimed_annual_saving_gbp, color="tab:red", linestyle=":",
               label=f"claimed saving £{inputs.claimed_annual_saving_gbp:,.0f}")
    if result.break_even_diversion_share <= 1:
        ax.axvline(result.break_even_diversion_share, **BREAK_EVEN_STYLE,
                   label=f"break-even share {result.break_even_diversion_share:.2f}")
    ax.set_xlabel("share of visits that replace inpatient care")
    ax.set_ylabel(f"annual saving, £ ({inputs.price_year} prices)")
    ax.yaxis.set_major_formatter(FuncFormatter(lambda value, _: f"£{value:,.0f}"))
    ax.legend(fontsize="small")
    ax.grid(alpha=0.3)
    fig.tight_layout()
    return fig


def tornado(one_way_table: pd.DataFrame, outcome: str, title: str, top: int = 10) -> Figure:
    """One-way results for one outcome: a bar from the ratio at each parameter's low to its high value."""
    rows = one_way_table[one_way_table["outcome"] == outcome].nlargest(top, "swing").iloc[::-1]
    fig, ax = plt.subplots(figsize=(8, 0.45 * len(rows) + 1.6))
    base = float(rows["base_ratio"].iloc[0]) if len(rows) else 0.0
    y = np.arange(len(rows))
    ax.barh(y, rows["ratio_low"] - base, left=base, color="tab:blue", label="parameter at its low value")
    ax.barh(y, rows["ratio_high"] - base, left=base, color="tab:orange", label="parameter at its high value")
    ax.set_yticks(y, [p.replace(f"{outcome}.", "") for p in rows["parameter"]])
    ax.axvline(base, color="black", linewidth=0.8)
    ax.axvline(1, **BREAK_EVEN_STYLE, label="ratio = 1")
    ax.set_xlabel("benefit : cost ratio")
    ax.set_title(title)
    ax.legend(fontsize="small", loc="lower center", bbox_to_anchor=(0.5, 1.08), ncol=3, frameon=False)
    fig.tight_layout()
    return fig


def psa_distributions(psa: PSAResult, labels: Mapping[str, str]) -> Figure:
    """The distribution of every ratio over the probabilistic draws, with the share above 1 written beside it."""
    outcomes = list(psa.ratios)
    fig, ax = plt.subplots(figsize=(8, 0.7 * len(outcomes) + 1.5))
    data = [np.asarray(psa.ratios[o]) for o in outcomes][::-1]
    ax.boxplot(data, vert=False, whis=(2.5, 97.5), showfliers=False, widths=0.6)
    ax.set_yticks(np.arange(1, len(outcomes) + 1), [labels.get(o, o) for o in outcomes][::-1])
    ax.axvline(1, **BREAK_EVEN_STYLE)
    for i, values in enumerate(data, start=1):
        ax.annotate(f"P(ratio > 1) = {np.mean(values > 1):.2f}", (1, i), xycoords=("axes fraction", "data"),
                    xytext=(4, 0), textcoords="offset points", va="center", fontsize="small")
    ax.set_xlabel(f"benefit : cost ratio (box: quartiles; whiskers: 95 % interval; {psa.n_draws:,} draws)")
    fig.tight_layout()
    return fig
