"""Rows of ``reports/results.csv``: per study, per pooled estimate, for the probabilistic analysis,
the value of information and the crisis house.

Notebooks call these to write their results; tests call them to recompute the same rows from
``data/`` and compare. Every row has ``id``, ``kind``, ``label``, ``benefit_cost_ratio``,
``sample_size``, ``price_year`` and a one-line ``headline`` for the index page.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import asdict
from pathlib import Path

import pandas as pd

from peerlib.crisis_house import CrisisHouseResult
from peerlib.labels import POOL_LABELS, outcome_label
from peerlib.meta import PooledDelta
from peerlib.model import BaseCase, StudyResult
from peerlib.sensitivity import PSAResult
from peerlib.voi import VOIResult
from peerlib.weighting import sign_pattern

LEADING_COLUMNS = ["id", "kind", "label", "benefit_cost_ratio", "sample_size", "price_year", "headline"]
Row = dict[str, object]


def break_even_text(caseload: float | None) -> str:
    if caseload is None or math.isnan(caseload):
        return "staffing is the study's own, so no break-even caseload"
    if math.isinf(caseload):
        return "no caseload breaks even (no bed-days saved)"
    return f"breaks even at {caseload:.1f} patients per FTE at a time"


def study_row(result: StudyResult, included: bool = True) -> Row:
    """A study's row; ``included`` says whether it is one of the pooled studies."""
    fields = asdict(result)
    study_id = fields.pop("study_id")
    headline = f"{break_even_text(result.break_even_caseload)}; {result.benefit_cost_ratio:.2f} : 1"
    if result.caseload is not None:
        headline += f" at {result.caseload:g} patients per FTE"
    return {"id": study_id, "kind": "study", "headline": headline, "included": included, **fields}


def pooled_rows(base: BaseCase, published_ratio: float | None = None, id_suffix: str = "") -> list[Row]:
    """The pooled ratio under every weighting scheme, each row naming the studies and the sign pattern.

    ``id_suffix`` keeps the ids of a variant (another price year, extra studies) apart from the default's.
    """
    pattern = sign_pattern([r.benefit_cost_ratio for r in base.studies])
    rows: list[Row] = []
    for pooled in base.pooled:
        headline = (f"{break_even_text(pooled.break_even_caseload)}; {pooled.benefit_cost_ratio:.2f} : 1, "
                    f"{POOL_LABELS[pooled.outcome_id]}; {pattern}")
        if published_ratio is not None and pooled.scheme == "sample_size":
            headline += f" (published: {published_ratio:g} : 1)"
        rows.append({
            "id": f"{pooled.outcome_id}{id_suffix}", "kind": "pooled",
            "label": f"Pooled ratio, {POOL_LABELS[pooled.outcome_id]}",
            "benefit_cost_ratio": pooled.benefit_cost_ratio,
            "sample_size": sum(r.sample_size for r in base.studies if r.study_id in pooled.weights),
            "price_year": pooled.price_year, "headline": headline,
            "break_even_caseload": pooled.break_even_caseload, "caseload": base.model.staffing.caseload,
            "studies": ";".join(pooled.weights),
            "weights": ";".join(f"{k}={v:g}" for k, v in pooled.weights.items()),
            "n_above_one": pattern.above_one, "n_positive_below_one": pattern.positive_below_one,
            "n_zero": pattern.zero, "n_below_zero": pattern.below_zero,
            "published_benefit_cost_ratio": published_ratio if pooled.scheme == "sample_size" else None,
        })
    return rows


def crisis_house_row(result: CrisisHouseResult) -> Row:
    inputs = asdict(result.inputs)
    figures = {k: v for k, v in asdict(result).items() if k != "inputs"}
    headline = (f"£{result.saving_per_diverted_day_gbp:,.0f} saved per diverted day; the £"
                f"{result.inputs.claimed_annual_saving_gbp:,.0f} claim implies {result.implied_diverted_days:.0f} "
                f"diverted days a year; break-even diversion share {result.break_even_diversion_share:.2f}")
    return {"id": "leeds_crisis_house", "kind": "crisis_house",
            "label": "Leeds Survivor-Led Crisis Service (Dial House)", "sample_size": None,
            "headline": headline, **inputs, **figures}


def results_frame(rows: Iterable[Mapping[str, object]]) -> pd.DataFrame:
    """Rows as a table with the shared columns first and the rest in order of first appearance."""
    frame = pd.DataFrame(list(rows))
    for column in LEADING_COLUMNS:
        if column not in frame.columns:
            frame[column] = None
    rest = [c for c in frame.columns if c not in LEADING_COLUMNS]
    return frame[LEADING_COLUMNS + rest]


def write_results(rows: Iterable[Mapping[str, object]], path: str | Path) -> None:
    results_frame(rows).to_csv(path, index=False, float_format="%.10g", lineterminator="\n")


def sensitivity_rows(psa: PSAResult, labels: Mapping[str, str]) -> list[Row]:
    """One row per study and per pooled ratio: the probability that the ratio exceeds 1, and its interval."""
    rows: list[Row] = []
    for outcome, figures in psa.summary().iterrows():
        name = str(outcome)
        label = outcome_label(name, labels)
        rows.append({
            "id": f"psa_{name}", "kind": "sensitivity", "label": f"Probabilistic analysis: {label}",
            "benefit_cost_ratio": figures["base"], "sample_size": None, "price_year": psa.model.costs.price_year,
            "headline": (f"{label}: P(ratio > 1) = {figures['probability_above_one']:.2f}; "
                         f"95 % interval {figures['interval_low']:.2f} to {figures['interval_high']:.2f}"),
            **{str(k): float(v) for k, v in figures.items() if k != "base"},
            "n_draws": psa.n_draws, "seed": psa.seed, "caseload": psa.model.staffing.caseload,
        })
    return rows


def voi_rows(result: VOIResult, labels: Mapping[str, str]) -> list[Row]:
    """EVPI and each group's EVPPI for one decision, in £ per FTE-year."""
    decision = outcome_label(result.outcome, labels)
    common: Row = {"kind": "value_of_information", "sample_size": None, "price_year": result.price_year,
                   "decision": result.outcome, "unit": "GBP per FTE-year"}
    rows: list[Row] = [{
        "id": f"evpi_{result.outcome}", "label": f"Expected value of perfect information: {decision}",
        "value_gbp_per_fte_year": result.evpi_gbp,
        "headline": f"{decision}: EVPI £{result.evpi_gbp:,.0f} per FTE-year; most worth knowing: "
                    f"{result.most_valuable} (£{result.evppi_gbp[result.most_valuable]:,.0f})", **common}]
    for group, value in result.evppi_gbp.items():
        slug = group.replace("effect: ", "effect_").replace(" ", "_").replace("&", "and").replace(".", "").lower()
        rows.append({"id": f"evppi_{result.outcome}_{slug}", "label": f"EVPPI, {group}: {decision}",
                     "value_gbp_per_fte_year": value, "inputs": ";".join(result.groups[group]),
                     "headline": f"{decision}: knowing {group} is worth £{value:,.0f} per FTE-year", **common})
    return rows


def pooled_delta_rows(pooled: PooledDelta) -> list[Row]:
    """The meta-analytic alternative: pool bed-days saved per patient-year first, value once."""
    meta = pooled.meta
    common: Row = {"kind": "pooled", "sample_size": None, "price_year": pooled.price_year,
                   "studies": ";".join(meta.study_ids), "caseload": pooled.caseload,
                   "tau_squared": meta.tau_squared, "i_squared": meta.i_squared, "q": meta.q}
    return [
        {"id": "pooled_delta_fixed", "label": "Bed-day difference pooled first (fixed effect), valued once",
         "benefit_cost_ratio": pooled.fixed_effect_ratio, "delta_per_patient_year": meta.fixed_effect,
         "delta_se": meta.fixed_effect_se,
         "headline": (f"bed-day difference pooled first, fixed effect: {pooled.fixed_effect_ratio:.2f} : 1 "
                      f"({meta.k} studies with standard deviations)"),
         **common},
        {"id": "pooled_delta_random", "label": "Bed-day difference pooled first (random effects), valued once",
         "benefit_cost_ratio": pooled.random_effects_ratio, "delta_per_patient_year": meta.random_effects,
         "delta_se": meta.random_effects_se,
         "headline": (f"bed-day difference pooled first, random effects: {pooled.random_effects_ratio:.2f} : 1 "
                      f"(I² = {meta.i_squared:.0%}, tau² = {meta.tau_squared:.3g})"),
         **common},
    ]
