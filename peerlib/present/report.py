"""Rows of ``reports/results.csv``: per study, per pooled estimate, for the probabilistic analysis, the value of
information and the crisis house; and the definition of every column.

Notebooks call these to write their results; tests call them to recompute the same rows from ``data/`` and
compare. Every column is named once, in :data:`RESULT_COLUMNS`, and described once, in the one vocabulary
(:mod:`peerlib.vocabulary`: its meaning and unit), from which ``scripts/build_index.py`` writes the results
guide; every row has every column, in that order, empty where it does not apply. Yes/no cells are written
``yes`` and ``no``, as in ``data/``. A variant of the default analysis (another price year, extra studies)
adds the same suffix to every id it writes (:func:`variant_suffix`), whatever the kind of row.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from peerlib.analysis.psa import PSAResult
from peerlib.analysis.scenarios import ScenarioAnalysis
from peerlib.analysis.voi import VOIResult, is_research, probability_standard_error
from peerlib.core.crisis_house import ClaimReading, CrisisHouseResult
from peerlib.core.meta import PooledDelta
from peerlib.core.model import POOLED_PREFIX, BaseCase, StudyResult
from peerlib.core.weighting import sign_pattern
from peerlib.formatting import formatted, gbp_text, gbp_whole, percent_text
from peerlib.present.labels import POOL_LABELS, outcome_label
from peerlib.present.worth_knowing import gbp_to_error, group_text

if TYPE_CHECKING:
    from peerlib.inputs.studies import Study

Row = dict[str, object]

# Every column of results.csv, in order; what each is, its unit and its format are in the one vocabulary
# (peerlib.vocabulary), from which scripts/build_index.py writes the results guide. A test checks this order
# against the built file, both ways.
RESULT_COLUMNS: tuple[str, ...] = (
    # Every row
    "id", "kind", "label", "benefit_cost_ratio", "sample_size", "price_year", "headline", "report",
    # Studies
    "included", "evidence_grade", "effect_significant", "effect_status", "effect_borrowed_from", "outcome_form",
    "staffing_basis", "n_peer", "n_control", "followup_months", "support_months", "caseload", "fte_years",
    "peer_fte", "delta_bed_days_per_patient", "bed_days_saved_per_fte_year", "bed_day_cost_gbp",
    "peer_worker_cost_gbp", "benefit_per_fte_year_gbp", "net_benefit_per_fte_year_gbp",
    "break_even_bed_days_per_fte_year", "break_even_caseload", "assumptions",
    # Pooled ratios
    "weighting", "studies", "weights", "n_above_one", "n_positive_below_one", "n_zero", "n_below_zero",
    "published_benefit_cost_ratio",
    # Probabilistic analysis
    "mean", "median", "interval_low", "interval_high", "probability_above_one", "probability_above_one_se",
    "base_percentile", "n_draws", "seed",
    # Value of information
    "value_gbp_per_fte_year", "value_gbp_population", "value_se_gbp_per_fte_year", "population",
    "scenario_group", "decision", "unit", "inputs",
    # Bed-day difference pooled first (written when at least two studies publish standard deviations)
    "delta_per_patient_year", "delta_se", "tau_squared", "i_squared", "q",
    # The Leeds crisis house
    "crisis_cost_per_visit_gbp", "inpatient_cost_per_day_gbp", "claimed_annual_saving_gbp", "visits_per_year",
    "diversion_share", "inpatient_days_per_visit", "saving_per_diverted_day_gbp", "implied_diverted_days",
    "break_even_diversion_share", "annual_saving_gbp", "implied_diversion_share",
    # Today's costs: each ratio re-costed (ids recost_components_<outcome> and recost_current_<outcome>)
    "recosting", "base_benefit_cost_ratio", "base_price_year", "bed_day_factor", "worker_cost_factor",
    "ratio_factor",
    # The business case (id business_case_<evidence>)
    "evidence", "n_fte", "salary_gbp", "cost_per_fte_gbp", "annual_cost_gbp", "caveat", "sessions_per_person",
    "hours_per_session", "people_per_fte_year", "people_supported_per_year", "bed_days_saved_per_person",
    "bed_days_saved_per_year", "value_of_bed_days_gbp", "net_benefit_gbp", "net_benefit_interval_low_gbp",
    "net_benefit_interval_high_gbp", "break_even_hours_per_person", "break_even_bed_days_per_person",
    "break_even_bed_day_cost_gbp", "cash_releasing_share", "cash_released_gbp", "net_cash_gbp", "capacity_bed_days",
    "beds_freed",
)


def yes_no(flag: bool) -> str:
    """A yes/no cell, written as in data/."""
    return "yes" if flag else "no"


def variant_suffix(price_year: str = "", extra_study_ids: Sequence[str] = ()) -> str:
    """The id suffix of a variant of the default analysis: ``_2024-25`` at another price year, then
    ``_core2018`` for each study pooled on request; "" for the default. The same for every kind of row."""
    return "".join(f"_{part}" for part in [price_year, *extra_study_ids] if part)


def break_even_text(caseload: float | None) -> str:
    if caseload is None or math.isnan(caseload):
        return "staffing is the study's own, so no break-even caseload"
    if math.isinf(caseload):
        return "no caseload breaks even (no bed-days saved)"
    return f"breaks even at {caseload:.1f} patients per FTE at a time"


def study_row(result: StudyResult, study: Study, id_suffix: str = "") -> Row:
    """A study's row: its calculation, whether it is one of the pooled studies and whether its bed-use figure is
    its own published one."""
    fields = asdict(result)
    study_id = fields.pop("study_id")
    headline = f"{break_even_text(result.break_even_caseload)}; {formatted(result.benefit_cost_ratio, 'ratio')} : 1"
    if result.caseload is not None:
        headline += f" at {result.caseload:g} patients per FTE"
    return {"id": f"{study_id}{id_suffix}", "kind": "study", "headline": headline,
            "included": yes_no(study.included), "evidence_grade": study.evidence_grade,
            "effect_significant": study.effect_significant, "effect_status": study.effect_status,
            "effect_borrowed_from": ";".join(study.references), **fields}


def pooled_rows(base: BaseCase, published_ratio: float | None = None, id_suffix: str = "") -> list[Row]:
    """The pooled ratio under every weighting scheme, each row naming the studies and the sign pattern.

    ``id_suffix`` keeps the ids of a variant (another price year, extra studies) apart from the default's:
    :func:`variant_suffix`.
    """
    pattern = sign_pattern([r.benefit_cost_ratio for r in base.studies])
    rows: list[Row] = []
    for pooled in base.pooled:
        # The report's ratio stands beside ours; the pattern of signs is a count of studies, said apart from it.
        theirs = (f" (the report's: {published_ratio:g} : 1)" if published_ratio is not None
                  and pooled.scheme == "sample_size" and not pooled.evidence_only else "")
        headline = (f"{break_even_text(pooled.break_even_caseload)}; "
                    f"{formatted(pooled.benefit_cost_ratio, 'ratio')} : 1{theirs}, "
                    f"{POOL_LABELS[pooled.outcome_id]}; signs of the study ratios: {pattern}")
        rows.append({
            "id": f"{pooled.outcome_id}{id_suffix}", "kind": "pooled",
            "label": f"Pooled ratio, {POOL_LABELS[pooled.outcome_id]}",
            "benefit_cost_ratio": pooled.benefit_cost_ratio,
            "sample_size": sum(r.sample_size for r in base.studies if r.study_id in pooled.weights),
            "price_year": pooled.price_year, "headline": headline,
            "break_even_caseload": pooled.break_even_caseload, "caseload": None,  # each study's own
            "weighting": pooled.outcome_id.removeprefix(POOLED_PREFIX),
            "studies": ";".join(pooled.weights),
            "weights": ";".join(f"{k}={v:g}" for k, v in pooled.weights.items()),
            "n_above_one": pattern.above_one, "n_positive_below_one": pattern.positive_below_one,
            "n_zero": pattern.zero, "n_below_zero": pattern.below_zero,
            "published_benefit_cost_ratio": (published_ratio if pooled.scheme == "sample_size"
                                             and not pooled.evidence_only else None),
        })
    return rows


def crisis_house_row(result: CrisisHouseResult, reading: ClaimReading | None = None, id_suffix: str = "") -> Row:
    """The Leeds comparison; its headline is the claim read against the published visits (``reading``), when given."""
    inputs = asdict(result.inputs)
    figures = {k: v for k, v in asdict(result).items() if k != "inputs"}
    headline = reading.describe() if reading is not None else (
        f"{gbp_whole(result.saving_per_diverted_day_gbp)} saved per diverted day; the "
        f"{gbp_whole(result.inputs.claimed_annual_saving_gbp)} claim implies {result.implied_diverted_days:.0f} "
        f"diverted days a year; break-even diversion share "
        f"{formatted(result.break_even_diversion_share, 'share')} of visits")
    return {"id": f"leeds_crisis_house{id_suffix}", "kind": "crisis_house",
            "label": "Leeds Survivor-Led Crisis Service (Dial House)", "sample_size": None,
            "headline": headline, **inputs, **figures}


def results_frame(rows: Iterable[Mapping[str, object]]) -> pd.DataFrame:
    """Rows as a table with every column of :data:`RESULT_COLUMNS`, in its order (empty where a row has no
    value), then any column not defined there, in order of first appearance (a test reports it)."""
    frame = pd.DataFrame(list(rows))
    for column in RESULT_COLUMNS:
        if column not in frame.columns:
            frame[column] = None
    rest = [c for c in frame.columns if c not in RESULT_COLUMNS]
    return frame[list(RESULT_COLUMNS) + rest]


def write_results(rows: Iterable[Mapping[str, object]], path: str | Path) -> None:
    results_frame(rows).to_csv(path, index=False, float_format="%.10g", lineterminator="\n")


def sensitivity_rows(psa: PSAResult, labels: Mapping[str, str], id_suffix: str = "") -> list[Row]:
    """One row per study and per pooled ratio: the probability that the ratio exceeds 1, and its interval."""
    rows: list[Row] = []
    for outcome, figures in psa.summary().iterrows():
        name = str(outcome)
        label = outcome_label(name, labels)
        rows.append({
            "id": f"psa_{name}{id_suffix}", "kind": "sensitivity", "label": f"Probabilistic analysis: {label}",
            "benefit_cost_ratio": figures["base"], "sample_size": None, "price_year": psa.model.costs.price_year,
            "headline": (f"{label}: {formatted(figures['base'], 'ratio')} : 1 in the base case, mean "
                         f"{formatted(figures['mean'], 'ratio')} "
                         f"(95 % interval {formatted(figures['interval_low'], 'ratio')}"
                         f" to {formatted(figures['interval_high'], 'ratio')}); "
                         f"P(ratio > 1) = {formatted(figures['probability_above_one'], 'share')}"),
            **{str(k): float(v) for k, v in figures.items() if k != "base"},
            "probability_above_one_se": probability_standard_error(figures["probability_above_one"], psa.n_draws),
            "n_draws": psa.n_draws, "seed": psa.seed,
        })
    return rows


def group_slug(group: str, inputs: Sequence[str]) -> str:
    """A group of inputs in an id: ``unit costs`` -> ``unit_costs``; a study's effect -> ``effect_<study_id>``;
    a research group by its words (``a_staffing_study``)."""
    if group.startswith("effect: ") and inputs:
        return "effect_" + inputs[0].partition(".")[0]
    return re.sub(r"[^a-z0-9]+", "_", group.lower()).strip("_")


def voi_rows(
    result: VOIResult, labels: Mapping[str, str], id_suffix: str = "", population_label: str = ""
) -> list[Row]:
    """EVPI and the EVPPI of each group (single, research and paired), for one decision, in £ per FTE-year; the EVPI
    with its Monte Carlo error. ``population_label`` names whom the national value covers."""
    decision = outcome_label(result.outcome, labels)
    population = population_label or (("target workforce" if result.population.is_target else "measured workforce")
                                      if result.population is not None else "")
    common: Row = {"kind": "value_of_information", "sample_size": None, "price_year": result.price_year,
                   "decision": result.outcome, "unit": "GBP per FTE-year", "population": population or None}
    top = result.most_valuable
    rows: list[Row] = [{
        "id": f"evpi_{result.outcome}{id_suffix}", "label": f"Expected value of perfect information: {decision}",
        "value_gbp_per_fte_year": result.evpi_gbp, "value_gbp_population": result.evpi_population_gbp,
        "value_se_gbp_per_fte_year": result.evpi_se_gbp,
        "headline": f"{decision}: EVPI {gbp_text(result.evpi_gbp)} per FTE-year ({result.price_year} prices); " + (
            f"most worth knowing: {group_text(top)} ({gbp_text(result.value_of(top))})"
            if result.decision_can_change else "no draw favours the other choice, so no unknown would change the "
                                               "decision within its stated range"),
        **common}]
    groups = {g: result.inputs_of(g) for g in (*result.evppi_gbp, *result.joint_evppi_gbp)}
    for group, names in groups.items():
        value = result.value_of(group)
        parts = result.joint_groups.get(group, (group,)) if not is_research(group) else (group,)
        slug = "_and_".join(group_slug(p, result.groups.get(p, names)) for p in parts)
        rows.append({"id": f"evppi_{result.outcome}_{slug}{id_suffix}",
                     "label": f"EVPPI, {group_text(group)}: {decision}",
                     "value_gbp_per_fte_year": value, "value_gbp_population": value * result.population_factor,
                     "inputs": ";".join(names),
                     "headline": f"{decision}: knowing {group_text(group)} is worth {gbp_text(value)} per FTE-year",
                     **common})
    return rows


def national_rows(result: VOIResult, id_suffix: str = "") -> list[Row]:
    """The national value of perfect information for one decision and population, rounded to its error in words."""
    assert result.population is not None
    who = "target" if result.population.is_target else "measured"
    total, error = result.evpi_population_gbp, result.evpi_se_gbp * result.population_factor
    return [{"id": f"evpi_{result.outcome}_national_{who}{id_suffix}", "kind": "value_of_information",
             "label": f"Expected value of perfect information, nationally ({who} workforce, {result.price_year})",
             "sample_size": None, "price_year": result.price_year, "decision": result.outcome,
             "unit": "GBP per FTE-year", "value_gbp_per_fte_year": result.evpi_gbp, "value_gbp_population": total,
             "value_se_gbp_per_fte_year": result.evpi_se_gbp, "population": f"{who} workforce",
             "headline": f"National value of perfect information, {who} workforce: about {gbp_to_error(total, error)} "
                         f"at {result.price_year} prices"}]


def flip_rows(parameter: str, outcome: str, threshold: float, base: float, price_year: str, sentence: str,
              id_suffix: str = "") -> list[Row]:
    """Where one input's value brings the decision's ratio to 1, the rest at base."""
    return [{"id": f"flip_{outcome}_{parameter.replace('.', '_')}{id_suffix}", "kind": "sensitivity",
             "label": f"Threshold: {parameter} at which {outcome} is 1", "sample_size": None, "price_year": price_year,
             "decision": outcome, "inputs": parameter, "benefit_cost_ratio": 1.0, "headline": sentence,
             "mean": None, "interval_low": threshold, "interval_high": base}]


def scenario_rows(analysis: ScenarioAnalysis, labels: Mapping[str, str], id_suffix: str = "") -> list[Row]:
    """One row per structural scenario (the base case first), and the value of learning each group's answer."""
    decision = outcome_label(analysis.decision, labels)
    rows: list[Row] = []
    for scenario_id, r in analysis.summary().iterrows():
        rows.append({
            "id": f"scenario_{scenario_id}{id_suffix}", "kind": "scenario", "label": f"Scenario: {r['label']}",
            "benefit_cost_ratio": r["base"], "sample_size": None, "price_year": analysis.price_year,
            "headline": (f"{r['label']}: {decision} {formatted(r['base'], 'ratio')} : 1, P(ratio > 1) = "
                         f"{r['probability_above_one']:.2f}, EVPI {gbp_text(r['evpi_gbp_per_fte_year'])} per FTE-year"),
            "mean": r["mean"], "interval_low": r["interval_low"], "interval_high": r["interval_high"],
            "probability_above_one": r["probability_above_one"],
            "probability_above_one_se": probability_standard_error(r["probability_above_one"], analysis.n_draws),
            "value_gbp_per_fte_year": r["evpi_gbp_per_fte_year"],
            "value_gbp_population": r["evpi_gbp_population"], "decision": analysis.decision,
            "unit": "GBP per FTE-year", "scenario_group": r["group"] or None})
    for group, r in analysis.structural_summary().iterrows():
        rows.append({
            "id": f"evppi_{analysis.decision}_structure_{group}{id_suffix}", "kind": "value_of_information",
            "label": f"EVPPI, which option is true ({r['options']}): {decision}", "sample_size": None,
            "price_year": analysis.price_year, "decision": analysis.decision, "unit": "GBP per FTE-year",
            "value_gbp_per_fte_year": r["evppi_gbp_per_fte_year"], "value_gbp_population": r["evppi_gbp_population"],
            "scenario_group": group,
            "headline": f"{decision}: learning which option of {group} is true is worth "
                        f"{gbp_text(r['evppi_gbp_per_fte_year'])} per FTE-year"})
    if analysis.together is not None:
        t = analysis.together
        rows.append({
            "id": f"evpi_{analysis.decision}_all_scenarios{id_suffix}", "kind": "value_of_information",
            "label": f"Expected value of perfect information over every scenario together: {decision}",
            "sample_size": None, "price_year": analysis.price_year, "decision": analysis.decision,
            "unit": "GBP per FTE-year", "value_gbp_per_fte_year": t.evpi_gbp,
            "value_gbp_population": t.evpi_gbp * analysis.population.factor, "value_se_gbp_per_fte_year": t.evpi_se_gbp,
            "probability_above_one": t.probability_above_one, "mean": t.mean_ratio, "scenario_group": "all",
            "headline": f"{decision} over all {t.combinations} combinations of scenarios: P(ratio > 1) "
                        f"{formatted(t.probability_above_one, 'share')}, EVPI {gbp_text(t.evpi_gbp)} per FTE-year; "
                        f"learning every structural answer is worth {gbp_text(t.structural_evppi_gbp)}"})
    return rows


def pooled_delta_rows(pooled: PooledDelta, id_suffix: str = "") -> list[Row]:
    """The meta-analytic alternative: pool bed-days saved per patient-year first, value once."""
    meta = pooled.meta
    common: Row = {"kind": "pooled", "sample_size": None, "price_year": pooled.price_year,
                   "studies": ";".join(meta.study_ids), "caseload": pooled.caseload,
                   "tau_squared": meta.tau_squared, "i_squared": meta.i_squared, "q": meta.q}
    return [
        {"id": f"pooled_delta_fixed{id_suffix}",
         "label": "Bed-day difference pooled first (fixed effect), valued once",
         "benefit_cost_ratio": pooled.fixed_effect_ratio, "delta_per_patient_year": meta.fixed_effect,
         "delta_se": meta.fixed_effect_se,
         "headline": (f"bed-day difference pooled first, fixed effect: "
                      f"{formatted(pooled.fixed_effect_ratio, 'ratio')} : 1 "
                      f"({meta.k} studies with standard deviations)"),
         **common},
        {"id": f"pooled_delta_random{id_suffix}",
         "label": "Bed-day difference pooled first (random effects), valued once",
         "benefit_cost_ratio": pooled.random_effects_ratio, "delta_per_patient_year": meta.random_effects,
         "delta_se": meta.random_effects_se,
         "headline": (f"bed-day difference pooled first, random effects: "
                      f"{formatted(pooled.random_effects_ratio, 'ratio')} : 1 "
                      f"(I² = {percent_text(meta.i_squared)}, tau² = {meta.tau_squared:.3g})"),
         **common},
    ]
