"""Rows of ``reports/results.csv``: per study, per pooled estimate, for the crisis house and the PSA.

Notebooks call these to write their results; tests call them to recompute the same rows from
``data/`` and compare. Every row has ``id``, ``kind``, ``label``, ``benefit_cost_ratio``,
``sample_size``, ``price_year`` and a one-line ``headline`` for the index page.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict
from pathlib import Path

import pandas as pd

from peerlib.crisis_house import CrisisHouseResult
from peerlib.ratios import StudyResult
from peerlib.sensitivity import PSAResult
from peerlib.weighting import WEIGHTING_SCHEMES, PooledDelta, pooled_ratio, sign_pattern

SCHEME_NAMES = {"sample_size": "sample-size", "equal": "equal", "peer_fte": "peer-FTE"}
LEADING_COLUMNS = ["id", "kind", "label", "benefit_cost_ratio", "sample_size", "price_year", "headline"]
Row = dict[str, object]


def study_row(result: StudyResult, included: bool = True) -> Row:
    """A study's row; ``included`` says whether it is one of the pooled studies."""
    fields = asdict(result)
    study_id = fields.pop("study_id")
    caseload = result.break_even_caseload
    if caseload is None:
        break_even = "break-even caseload not defined at this entry level"
    elif math.isinf(caseload):
        break_even = "no caseload breaks even (no bed-days saved)"
    else:
        break_even = f"breaks even at {caseload:.1f} patients per FTE"
    headline = f"{result.benefit_cost_ratio:.2f} : 1; {break_even}"
    return {"id": study_id, "kind": "study", "headline": headline, "included": included, **fields}


def pooled_rows(
    results: Sequence[StudyResult], published_ratio: float | None = None, id_suffix: str = ""
) -> list[Row]:
    """The pooled ratio under every weighting scheme, each row naming the studies and the sign pattern.

    ``id_suffix`` keeps the ids of a variant (another price year, extra studies) apart from the default's.
    """
    pattern = sign_pattern([r.benefit_cost_ratio for r in results])
    rows: list[Row] = []
    for scheme in WEIGHTING_SCHEMES:
        pooled = pooled_ratio(results, scheme)
        headline = f"{pooled.benefit_cost_ratio:.2f} : 1 with {SCHEME_NAMES[scheme]} weights; {pattern}"
        if published_ratio is not None and scheme == "sample_size":
            headline += f" (published: {published_ratio:g} : 1)"
        rows.append({
            "id": f"pooled_{scheme}{id_suffix}", "kind": "pooled",
            "label": f"Pooled ratio, weights: {WEIGHTING_SCHEMES[scheme]}",
            "benefit_cost_ratio": pooled.benefit_cost_ratio, "sample_size": sum(r.sample_size for r in results),
            "price_year": pooled.price_year, "headline": headline,
            "studies": ";".join(r.study_id for r in results),
            "weights": ";".join(f"{k}={v:g}" for k, v in pooled.weights.items()),
            "n_above_one": pattern.above_one, "n_zero_to_one": pattern.zero_to_one, "n_below_zero": pattern.below_zero,
            "published_benefit_cost_ratio": published_ratio if scheme == "sample_size" else None,
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
    rest = [c for c in frame.columns if c not in LEADING_COLUMNS]
    return frame[LEADING_COLUMNS + rest]


def write_results(rows: Iterable[Mapping[str, object]], path: str | Path) -> None:
    results_frame(rows).to_csv(path, index=False, float_format="%.10g", lineterminator="\n")


def sensitivity_rows(
    psa: PSAResult, base_ratios: Mapping[str, float], labels: Mapping[str, str], price_year: str
) -> list[Row]:
    """One row per study and one for the pooled ratio: the probability that the ratio exceeds 1."""
    summary = psa.summary()
    rows: list[Row] = []
    for outcome, figures in summary.iterrows():
        name = str(outcome)
        rows.append({
            "id": f"psa_{name}", "kind": "sensitivity",
            "label": f"Probabilistic analysis: {labels.get(name, name)}",
            "benefit_cost_ratio": base_ratios[name], "sample_size": None, "price_year": price_year,
            "headline": (f"{labels.get(name, name)}: P(ratio > 1) = {figures['probability_above_one']:.2f}; "
                         f"95 % interval {figures['interval_low']:.2f} to {figures['interval_high']:.2f}"),
            **{str(k): float(v) for k, v in figures.items()},
            "n_draws": psa.n_draws, "seed": psa.seed, "scheme": psa.scheme,
        })
    return rows


def pooled_delta_rows(pooled: PooledDelta) -> list[Row]:
    """The meta-analytic alternative: pool bed-days saved per patient-year first, value once."""
    meta = pooled.meta
    common: Row = {"kind": "pooled", "sample_size": None, "price_year": pooled.price_year,
                   "studies": ";".join(meta.study_ids), "caseload_per_fte": pooled.caseload_per_fte,
                   "tau_squared": meta.tau_squared, "i_squared": meta.i_squared, "q": meta.q}
    return [
        {"id": "pooled_delta_fixed", "label": "Bed-day difference pooled first (fixed effect), valued once",
         "benefit_cost_ratio": pooled.fixed_effect_ratio, "delta_per_patient_year": meta.fixed_effect,
         "delta_se": meta.fixed_effect_se,
         "headline": (f"bed-day difference pooled first, fixed effect: {pooled.fixed_effect_ratio:.2f} : 1 "
                      f"({meta.k} study(ies) with standard deviations)"),
         **common},
        {"id": "pooled_delta_random", "label": "Bed-day difference pooled first (random effects), valued once",
         "benefit_cost_ratio": pooled.random_effects_ratio, "delta_per_patient_year": meta.random_effects,
         "delta_se": meta.random_effects_se,
         "headline": (f"bed-day difference pooled first, random effects: {pooled.random_effects_ratio:.2f} : 1 "
                      f"(I² = {meta.i_squared:.0%}, tau² = {meta.tau_squared:.3g})"),
         **common},
    ]
