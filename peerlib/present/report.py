"""Rows of ``reports/results.csv``: per study, per pooled estimate, for the probabilistic analysis,
the value of information and the crisis house; and the definition of every column.

Notebooks call these to write their results; tests call them to recompute the same rows from
``data/`` and compare. Every column is defined once, in :data:`RESULT_COLUMNS` (its meaning and
unit), from which ``scripts/build_index.py`` writes the results guide; every row has every
column, in that order, empty where it does not apply. Yes/no cells are written ``yes`` and ``no``,
as in ``data/``. A variant of the default analysis (another price year, extra studies) adds the
same suffix to every id it writes (:func:`variant_suffix`), whatever the kind of row.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from peerlib.analysis.scenarios import ScenarioAnalysis
from peerlib.analysis.sensitivity import PSAResult
from peerlib.analysis.voi import VOIResult
from peerlib.config import DAYS_PER_YEAR
from peerlib.core.crisis_house import ClaimReading, CrisisHouseResult
from peerlib.core.meta import PooledDelta
from peerlib.core.model import POOLED_PREFIX, BaseCase, StudyResult
from peerlib.core.weighting import sign_pattern
from peerlib.present.labels import POOL_LABELS, gbp_text, outcome_label

if TYPE_CHECKING:
    from peerlib.inputs.studies import Study

Row = dict[str, object]

# Every column of results.csv, in order: (meaning, unit). The results guide is written from this;
# a test checks it against the built file, both ways.
RESULT_COLUMNS: dict[str, tuple[str, str]] = {
    # Every row
    "id": ("The row's identifier: a study's study_id; pooled_<weighting> for a pooled ratio; psa_<outcome> for the "
           "probabilistic analysis of a ratio; evpi_<outcome> and evppi_<outcome>_<group> for the value of "
           "information (a group is staffing, unit_costs, design or effect_<study_id>, or structure_<scenario "
           "group>); scenario_<scenario> for a structural scenario; pooled_delta_fixed and "
           "pooled_delta_random for the bed-day difference pooled first; leeds_crisis_house. A variant of the default "
           "analysis adds the same suffix to every id: _<price year> at another price year, then _<study_id> for "
           "each study pooled on request", ""),
    "kind": ("What the row is: study, pooled, sensitivity, scenario, value_of_information, crisis_house, recosting "
             "or business_case", ""),
    "label": ("What the row is, in words", ""),
    "benefit_cost_ratio": ("£ of inpatient bed-days saved per £1 of peer-worker cost (for the crisis house: £ of "
                           "inpatient care avoided per £1 spent on visits; for a probabilistic row: the base case)",
                           "ratio"),
    "sample_size": ("Patients in both arms of a study, the report's weight; for a pooled ratio, over the studies "
                    "it pools", "people"),
    "price_year": ("Financial year of every £ figure in the row", "financial year"),
    "headline": ("The row's result in one line, as the index shows it", ""),
    "report": ("The HTML report the row comes from, in the same folder", "file name"),
    # Studies
    "included": ("yes if the study is one of the pooled studies (included in data/studies.csv); no for a separate "
                 "scenario, pooled only on request", "yes/no"),
    "evidence_grade": ("How strong the study's evidence on bed use is (randomised_spread, controlled_no_spread, "
                       "no_comparison_group, secondary_source, borrowed_or_assumed): it sets the range of the "
                       "study's effect where the study publishes no spread (data/uncertainty.csv, grade rows)", ""),
    "effect_significant": ("Whether the study found its effect on bed use significant: yes, no or not_reported", ""),
    "effect_status": ("published if the study's bed-use figures are its own published ones; secondary if one comes "
                      "from a secondary source (a press report); imputed if any is "
                      "assumed or borrowed from another study", ""),
    "effect_borrowed_from": ("The studies (study_id, separated by ;) whose figures an imputed bed-use figure is "
                             "computed from; empty if none", ""),
    "outcome_form": ("How the study reports bed use, which decides the inputs it needs (data/README.md)", ""),
    "staffing_basis": ("Where the study's peer work comes from: caseload (the shared assumption), intensity "
                       "(its published sessions and hours), published_fte or entry (it enters per FTE-year)", ""),
    "n_peer": ("Patients in the peer-support arm", "people"),
    "n_control": ("Patients in the comparison arm (0 when there is none)", "people"),
    "followup_months": ("Period over which bed use was counted", "months"),
    "support_months": ("How long each peer-arm patient was supported", "months"),
    "caseload": ("The shared staffing assumption the row used: patients one FTE peer worker supports at a time "
                 "(empty where a study's staffing is its own)", "patients per FTE at a time"),
    "fte_years": ("Peer work behind the peer arm", "FTE-years"),
    "peer_fte": ("Average peer FTE over the follow-up: FTE-years / follow-up in years", "FTE"),
    "delta_bed_days_per_patient": ("Bed-days saved per peer-arm patient over the follow-up (negative: more bed use)",
                                   "bed-days per patient"),
    "bed_days_saved_per_fte_year": ("Bed-days saved per FTE-year of peer work", "bed-days per FTE-year"),
    "bed_day_cost_gbp": ("Cost of one psychiatric inpatient bed-day", "£ per bed-day"),
    "peer_worker_cost_gbp": ("Annual cost of employing one FTE peer worker: salary, employer on-costs, overheads",
                             "£ per FTE-year"),
    "benefit_per_fte_year_gbp": ("Value of the bed-days one FTE-year of peer work saves", "£ per FTE-year"),
    "net_benefit_per_fte_year_gbp": ("Value of bed-days saved minus the worker's cost", "£ per FTE-year"),
    "break_even_bed_days_per_fte_year": ("Bed-days one FTE-year must save to pay for the worker",
                                         "bed-days per FTE-year"),
    "break_even_caseload": ("Caseload at which the ratio is exactly 1; it needs no caseload assumption but "
                            "depends on the months of support assumed, in proportion (empty where a study's "
                            "staffing is its own; inf where no bed-days were saved)",
                            "patients per FTE at a time"),
    "assumptions": ("The study's inputs that are assumptions, not published figures (input names of "
                    "data/study_inputs.csv, separated by ;)", ""),
    # Pooled ratios
    "weighting": ("How the pooled ratio weights the studies: sample_size (the report's method), equal, fte_years "
                  "(the ratio of totals) or evidence_only (sample-size weights over the studies with their own "
                  "published bed-use figures)", ""),
    "studies": ("The studies a pooled row pools (study_id, separated by ;)", ""),
    "weights": ("Each pooled study's weight, study_id=weight separated by ;", "people or FTE-years, by weighting"),
    "n_above_one": ("Pooled studies with a ratio above 1", "studies"),
    "n_positive_below_one": ("Pooled studies with a ratio above 0 and at most 1", "studies"),
    "n_zero": ("Pooled studies with a ratio of exactly 0 (an assumed 'no difference')", "studies"),
    "n_below_zero": ("Pooled studies with a ratio below 0 (more bed use with peer support)", "studies"),
    "published_benefit_cost_ratio": ("The report's own pooled ratio (data/published.csv), beside ours; on the "
                                     "sample-size row only", "ratio"),
    # Probabilistic analysis
    "mean": ("Mean ratio over the probabilistic draws", "ratio"),
    "median": ("Median ratio over the draws", "ratio"),
    "interval_low": ("2.5th percentile of the ratio over the draws", "ratio"),
    "interval_high": ("97.5th percentile of the ratio over the draws", "ratio"),
    "probability_above_one": ("Share of draws in which the ratio exceeds 1", "probability"),
    "base_percentile": ("Share of draws below the base-case ratio (0.5: the base case is the median)", "fraction"),
    "n_draws": ("Probabilistic draws", "draws"),
    "seed": ("Seed of the random number generator (the same seed gives the same draws)", ""),
    # Value of information
    "value_gbp_per_fte_year": ("Expected value of perfect information (evpi rows, and scenario rows under each "
                               "scenario) or of knowing one group of inputs or which option of a structural group "
                               "is true (evppi rows), for the decision to employ peer workers", "£ per FTE-year"),
    "value_gbp_population": ("value_gbp_per_fte_year for every FTE peer worker a national decision covers, over "
                             "the horizon, discounted (data/population.csv): value x FTE x discounted years", "£"),
    "scenario_group": ("The structural question a scenario row answers (data/scenarios.csv); its other option is "
                       "the base case", ""),
    "decision": ("The ratio the decision is judged on (a study_id or pooled_<weighting>)", ""),
    "unit": ("Unit of value_gbp_per_fte_year", ""),
    "inputs": ("The inputs of the group (parameter names, separated by ;)", ""),
    # Bed-day difference pooled first (written when at least two studies publish standard deviations)
    "delta_per_patient_year": ("Bed-days saved per patient-year of support, pooled by inverse-variance "
                               "meta-analysis", "bed-days per patient-year"),
    "delta_se": ("Standard error of the pooled bed-day difference", "bed-days per patient-year"),
    "tau_squared": ("Between-study variance of the bed-day difference (DerSimonian-Laird)",
                    "(bed-days per patient-year)²"),
    "i_squared": ("Share of the variation between studies beyond chance (I²)", "fraction"),
    "q": ("Cochran's Q statistic of heterogeneity", ""),
    # The Leeds crisis house
    "crisis_cost_per_visit_gbp": ("Crisis-house cost of a visit, as claimed ('per day per person')", "£ per visit"),
    "inpatient_cost_per_day_gbp": ("Inpatient cost of a day, as claimed", "£ per inpatient day"),
    "claimed_annual_saving_gbp": ("The claimed annual saving", "£ a year"),
    "visits_per_year": ("Crisis-house visits a year", "visits a year"),
    "diversion_share": ("Share of visits that replace inpatient care", "fraction"),
    "inpatient_days_per_visit": ("Inpatient days one diverted visit replaces", "days"),
    "saving_per_diverted_day_gbp": ("Inpatient cost minus crisis-house cost, for a visit that replaces a day",
                                    "£ per diverted day"),
    "implied_diverted_days": ("Diverted days the claim needs if each saves the difference in cost (the naive "
                              "reading)", "days a year"),
    "break_even_diversion_share": ("Share of visits that must replace inpatient care for the service to save "
                                   "money", "fraction"),
    "annual_saving_gbp": ("Annual saving at the diversion share set (a loss when negative)", "£ a year"),
    "implied_diversion_share": ("Share of visits that must replace inpatient care for the claimed saving",
                                "fraction"),
    # Today's costs: each ratio re-costed (ids recost_components_<outcome> and recost_current_<outcome>)
    "recosting": ("How the row's costs were brought up to date: components (each side by its own component of "
                  "the NHS cost inflation index, over the years that index covers, and by the HCHS index before "
                  "them: see price_index.csv and cost_indices.csv) or current (from today's pay point, on-costs "
                  "and bed-day cost)", ""),
    "base_benefit_cost_ratio": ("The same ratio at the base price year, before re-costing", "ratio"),
    "base_price_year": ("Price year of base_benefit_cost_ratio", "financial year"),
    "bed_day_factor": ("Re-costed bed-day cost over the base-year bed-day cost", "times"),
    "worker_cost_factor": ("Re-costed cost of a peer worker over the base-year cost", "times"),
    "ratio_factor": ("bed_day_factor / worker_cost_factor: what re-costing does to every ratio", "times"),
    # The business case (id business_case_<evidence>)
    "evidence": ("The study (study_id) or pooled ratio whose bed-days saved per person the business case uses", ""),
    "n_fte": ("Peer support workers employed", "FTE"),
    "salary_gbp": ("Salary of one FTE peer support worker", "£ a year"),
    "cost_per_fte_gbp": ("Cost of one FTE worker with employer national insurance, pension and overheads",
                         "£ a year"),
    "annual_cost_gbp": ("Cost of all the workers", "£ a year"),
    "caveat": ("The evidence's own caveat, as data/studies.csv states it (column caveat), with the study's label", ""),
    "sessions_per_person": ("Sessions per person supported, where the evidence publishes its intensity (the staffing "
                            "basis intensity)", "sessions per person"),
    "hours_per_session": ("A peer worker's hours per session with its preparation, where the evidence publishes its "
                          "intensity", "hours per session"),
    "people_per_fte_year": ("People one FTE supports in a year: caseload x 12 / support months, or, by the evidence's "
                            "published intensity, hours in an FTE-year / (sessions x hours per session)",
                            "people per FTE-year"),
    "people_supported_per_year": ("People the workers support in a year: FTE x people_per_fte_year", "people a year"),
    "bed_days_saved_per_person": ("Inpatient bed-days avoided per person supported, from the evidence",
                                  "bed-days per person"),
    "bed_days_saved_per_year": ("Inpatient bed-days avoided in a year", "bed-days a year"),
    "value_of_bed_days_gbp": ("Value of the bed-days avoided at the bed-day cost", "£ a year"),
    "net_benefit_gbp": ("Value of bed-days avoided minus the cost of the workers", "£ a year"),
    "net_benefit_interval_low_gbp": ("2.5th percentile of the net benefit over the draws", "£ a year"),
    "net_benefit_interval_high_gbp": ("97.5th percentile of the net benefit over the draws", "£ a year"),
    "break_even_hours_per_person": ("Peer hours per person supported at which the ratio is exactly 1, where the "
                                    "staffing is the evidence's published intensity", "hours per person"),
    "break_even_bed_days_per_person": ("Bed-days avoided per person at which the ratio is exactly 1",
                                       "bed-days per person"),
    "break_even_bed_day_cost_gbp": ("Bed-day cost at which the ratio is exactly 1", "£ per bed-day"),
    "cash_releasing_share": ("Share of bed-days avoided that release cash (a ward or beds closed, not re-used)",
                             "fraction"),
    "cash_released_gbp": ("Cash released: value of bed-days avoided x cash_releasing_share", "£ a year"),
    "net_cash_gbp": ("Cash released minus the cost of the workers", "£ a year"),
    "capacity_bed_days": ("Bed-days freed for other patients (those that do not release cash)", "bed-days a year"),
    "beds_freed": (f"capacity_bed_days as beds occupied all year (/ {DAYS_PER_YEAR:g} days)", "beds"),
}


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
    headline = f"{break_even_text(result.break_even_caseload)}; {result.benefit_cost_ratio:.2f} : 1"
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
        headline = (f"{break_even_text(pooled.break_even_caseload)}; {pooled.benefit_cost_ratio:.2f} : 1{theirs}, "
                    f"{POOL_LABELS[pooled.outcome_id]}; signs of the study ratios: {pattern}")
        rows.append({
            "id": f"{pooled.outcome_id}{id_suffix}", "kind": "pooled",
            "label": f"Pooled ratio, {POOL_LABELS[pooled.outcome_id]}",
            "benefit_cost_ratio": pooled.benefit_cost_ratio,
            "sample_size": sum(r.sample_size for r in base.studies if r.study_id in pooled.weights),
            "price_year": pooled.price_year, "headline": headline,
            "break_even_caseload": pooled.break_even_caseload, "caseload": base.model.staffing.caseload,
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
    headline = reading.statement() if reading is not None else (
        f"£{result.saving_per_diverted_day_gbp:,.0f} saved per diverted day; the £"
        f"{result.inputs.claimed_annual_saving_gbp:,.0f} claim implies {result.implied_diverted_days:.0f} "
        f"diverted days a year; break-even diversion share {result.break_even_diversion_share:.2f}")
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
            "headline": (f"{label}: P(ratio > 1) = {figures['probability_above_one']:.2f}; "
                         f"95 % interval {figures['interval_low']:.2f} to {figures['interval_high']:.2f}"),
            **{str(k): float(v) for k, v in figures.items() if k != "base"},
            "n_draws": psa.n_draws, "seed": psa.seed, "caseload": psa.model.staffing.caseload,
        })
    return rows


def group_slug(group: str, inputs: Sequence[str]) -> str:
    """A group of inputs in an id: ``unit costs`` -> ``unit_costs``; a study's effect -> ``effect_<study_id>``."""
    if group.startswith("effect: ") and inputs:
        return "effect_" + inputs[0].partition(".")[0]
    return group.replace(" ", "_").lower()


def voi_rows(result: VOIResult, labels: Mapping[str, str], id_suffix: str = "") -> list[Row]:
    """EVPI and each group's EVPPI for one decision, in £ per FTE-year."""
    decision = outcome_label(result.outcome, labels)
    common: Row = {"kind": "value_of_information", "sample_size": None, "price_year": result.price_year,
                   "decision": result.outcome, "unit": "GBP per FTE-year"}
    rows: list[Row] = [{
        "id": f"evpi_{result.outcome}{id_suffix}", "label": f"Expected value of perfect information: {decision}",
        "value_gbp_per_fte_year": result.evpi_gbp, "value_gbp_population": result.evpi_population_gbp,
        "headline": f"{decision}: EVPI {gbp_text(result.evpi_gbp)} per FTE-year; " + (
            f"most worth knowing: {result.most_valuable} ({gbp_text(result.evppi_gbp[result.most_valuable])})"
            if result.decision_can_change else "no draw favours the other choice, so no unknown would change the "
                                               "decision within its stated range"),
        **common}]
    for group, value in result.evppi_gbp.items():
        slug = group_slug(group, result.groups[group])
        rows.append({"id": f"evppi_{result.outcome}_{slug}{id_suffix}", "label": f"EVPPI, {group}: {decision}",
                     "value_gbp_per_fte_year": value, "value_gbp_population": value * result.population_factor,
                     "inputs": ";".join(result.groups[group]),
                     "headline": f"{decision}: knowing {group} is worth {gbp_text(value)} per FTE-year", **common})
    return rows


def scenario_rows(analysis: ScenarioAnalysis, labels: Mapping[str, str], id_suffix: str = "") -> list[Row]:
    """One row per structural scenario (the base case first), and the value of learning each group's answer."""
    decision = outcome_label(analysis.decision, labels)
    rows: list[Row] = []
    for scenario_id, r in analysis.summary().iterrows():
        rows.append({
            "id": f"scenario_{scenario_id}{id_suffix}", "kind": "scenario", "label": f"Scenario: {r['label']}",
            "benefit_cost_ratio": r["base"], "sample_size": None, "price_year": analysis.price_year,
            "headline": (f"{r['label']}: {decision} {r['base']:.2f} : 1, P(ratio > 1) = "
                         f"{r['probability_above_one']:.2f}, EVPI {gbp_text(r['evpi_gbp_per_fte_year'])} per FTE-year"),
            "mean": r["mean"], "interval_low": r["interval_low"], "interval_high": r["interval_high"],
            "probability_above_one": r["probability_above_one"], "value_gbp_per_fte_year": r["evpi_gbp_per_fte_year"],
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
         "headline": (f"bed-day difference pooled first, fixed effect: {pooled.fixed_effect_ratio:.2f} : 1 "
                      f"({meta.k} studies with standard deviations)"),
         **common},
        {"id": f"pooled_delta_random{id_suffix}",
         "label": "Bed-day difference pooled first (random effects), valued once",
         "benefit_cost_ratio": pooled.random_effects_ratio, "delta_per_patient_year": meta.random_effects,
         "delta_se": meta.random_effects_se,
         "headline": (f"bed-day difference pooled first, random effects: {pooled.random_effects_ratio:.2f} : 1 "
                      f"(I² = {meta.i_squared:.0%}, tau² = {meta.tau_squared:.3g})"),
         **common},
    ]
