"""The public API: every name a notebook uses, from one module (``from peerlib.api import ...``).

Grouped by layer, lowest first (the layers themselves are described in :mod:`peerlib`):

- **data** (``inputs``): the loaders of ``data/``: studies and staffing, published figures, the price index,
  unit costs, the population a decision covers, the Leeds crisis house's figures;
- **the model** (``core``): :class:`Model` (every study's ratio and the pooled ratios), the cost assumptions,
  weighting and leave-one-out, the pooled bed-day difference (meta-analysis), the Leeds crisis house;
- **analyses** (``analysis``), each returning a result with ``summary()`` and ``describe()``: the uncertain
  inputs (``load_specs``, ``with_fixed``), one-way, thresholds, two-way, probabilistic (PSA), acceptability,
  value of information, scenarios, re-costing at today's costs, the business case;
- **presenting** (``present``): ``plot(result)`` and the chart helpers, the one formatter and labels,
  sentences, the tables of a page, the rows of ``reports/results.csv``, ``publish_parameters``;
- **apps**: the explorer's widgets and the teaching notebooks' checks (``check_*``).

A few names are prefixed here where two layers use the same short name (``describe_business_case``,
``business_case_rows``, ``recosting_rows``...). A notebook imports from this module only (a test checks it).
"""

from __future__ import annotations

from peerlib.analysis.acceptability import AcceptabilityResult, acceptability
from peerlib.analysis.business_case import OWN as OWN_EVIDENCE
from peerlib.analysis.business_case import build_inputs as business_case_inputs
from peerlib.analysis.business_case import compare_evidence, evidence_choices
from peerlib.analysis.business_case import evaluate as evaluate_business_case
from peerlib.analysis.one_way import OneWayResult, one_way
from peerlib.analysis.psa import PSAResult, probabilistic
from peerlib.analysis.recosting import (
    PENSION_BASES,
    STATUTORY_ITEMS,
    Recosting,
    current_variants,
    load_current_costs,
    recost,
)
from peerlib.analysis.scenarios import load_scenarios, run_scenarios
from peerlib.analysis.specs import ParameterSpec, load_specs, with_fixed
from peerlib.analysis.thresholds import ThresholdResult, thresholds, times_base
from peerlib.analysis.two_way import TwoWayResult, two_way
from peerlib.analysis.voi import value_of_information
from peerlib.apps.explore import Explorer, explore, headline, rendered, show_in, shown
from peerlib.apps.teaching import (
    check_bed_days_saved_per_fte_year,
    check_beds_freed_per_fte,
    check_benefit_cost_ratio,
    check_break_even_bed_days,
    check_break_even_caseload,
    check_break_even_marginal_share,
    check_break_even_share,
    check_cash_released_per_fte_year,
    check_cash_to_find_per_fte_year,
    check_fte_years,
    check_implied_diverted_days,
    check_largest_weight_share,
    check_net_benefit_per_fte_year,
    check_peer_worker_cost,
    check_pooled_ratio,
    check_pooled_without_largest,
    check_price_conversion,
    check_probability_above_one,
    check_ratio_at_marginal_cost,
    check_ratio_from_break_even,
    pooled_results,
    psa_for_teaching,
)
from peerlib.config import DAYS_PER_YEAR
from peerlib.core.costs import load_cost_assumptions
from peerlib.core.crisis_house import (
    CLAIM_FIGURE,
    break_even_diversion_share,
    evaluate_crisis_house,
    load_crisis_house_inputs,
    read_claim,
)
from peerlib.core.meta import MINIMUM_STUDIES, pool_delta_then_value, studies_with_spread
from peerlib.core.model import Model
from peerlib.core.outcomes import OUTCOME_FORMS
from peerlib.core.weighting import WEIGHTING_SCHEMES, check_scheme, leave_one_out, sign_pattern
from peerlib.formatting import figure_text, formatted, gbp_text, gbp_whole, percent_text
from peerlib.inputs.crisis_house import load_crisis_house_figures
from peerlib.inputs.population import load_population
from peerlib.inputs.prices import load_price_index
from peerlib.inputs.published import load_published
from peerlib.inputs.studies import CASELOADS, load_staffing, load_studies, load_study
from peerlib.inputs.unit_costs import PAY_BANDS, PAY_POINTS, load_unit_costs
from peerlib.present.business_case import describe as describe_business_case
from peerlib.present.business_case import evidence_notes, how_sure_table, present_comparison
from peerlib.present.business_case import present as present_business_case
from peerlib.present.business_case import rows as business_case_rows
from peerlib.present.labels import (
    PEER_ROLE_LABELS,
    POOL_LABELS,
    SCHEME_SHORT,
    count_words,
    country_phrase,
    design_label,
    design_phrase,
    formula_name,
    formula_text,
    grade_label,
    input_label,
    outcome_label,
    outcome_names,
    parameter_label,
    present,
)
from peerlib.present.parameters import publish_parameters, values_shown, with_parameters
from peerlib.present.plots import caseload_plot, cost_indices, crisis_saving_curve, plot, recosted_ratios
from peerlib.present.prose import caseload_ranges_markdown, caseloads_text
from peerlib.present.recosting import index_sources_markdown, present_cost_components, present_costs, sources_markdown
from peerlib.present.recosting import labels as recosting_labels
from peerlib.present.recosting import rows as recosting_rows
from peerlib.present.report import (
    crisis_house_row,
    flip_rows,
    national_rows,
    pooled_delta_rows,
    pooled_rows,
    scenario_rows,
    sensitivity_rows,
    study_row,
    variant_suffix,
    voi_rows,
    write_results,
)
from peerlib.present.study_text import bed_use_text, calculation_steps, effect_text, study_text
from peerlib.present.worth_knowing import (
    flip_sentence,
    gbp_to_error,
    most_worth_knowing,
    national_sentence,
    scenario_sentences,
)

__all__ = [
    "CASELOADS", "CLAIM_FIGURE", "DAYS_PER_YEAR", "MINIMUM_STUDIES", "OUTCOME_FORMS", "OWN_EVIDENCE", "PAY_BANDS",
    "PAY_POINTS", "PEER_ROLE_LABELS", "PENSION_BASES", "POOL_LABELS", "SCHEME_SHORT", "STATUTORY_ITEMS",
    "WEIGHTING_SCHEMES",
    "AcceptabilityResult", "Explorer", "Model", "OneWayResult", "PSAResult", "ParameterSpec", "Recosting",
    "ThresholdResult", "TwoWayResult",
    "acceptability", "bed_use_text", "break_even_diversion_share", "business_case_inputs", "business_case_rows",
    "calculation_steps", "caseload_plot", "caseload_ranges_markdown", "caseloads_text",
    "check_bed_days_saved_per_fte_year", "check_beds_freed_per_fte", "check_benefit_cost_ratio",
    "check_break_even_bed_days", "check_break_even_caseload", "check_break_even_marginal_share",
    "check_break_even_share", "check_cash_released_per_fte_year", "check_cash_to_find_per_fte_year",
    "check_fte_years", "check_implied_diverted_days", "check_largest_weight_share", "check_net_benefit_per_fte_year",
    "check_peer_worker_cost", "check_pooled_ratio", "check_pooled_without_largest", "check_price_conversion",
    "check_probability_above_one", "check_ratio_at_marginal_cost", "check_ratio_from_break_even", "check_scheme",
    "compare_evidence", "cost_indices", "count_words", "country_phrase", "crisis_house_row", "crisis_saving_curve",
    "current_variants", "describe_business_case", "design_label", "design_phrase", "effect_text",
    "evaluate_business_case", "evaluate_crisis_house", "evidence_choices", "evidence_notes", "explore",
    "figure_text", "flip_rows", "flip_sentence", "formatted", "formula_name", "formula_text", "gbp_text",
    "gbp_to_error", "gbp_whole", "grade_label", "headline", "how_sure_table", "index_sources_markdown", "input_label",
    "leave_one_out", "load_cost_assumptions", "load_crisis_house_figures", "load_crisis_house_inputs",
    "load_current_costs", "load_population", "load_price_index", "load_published", "load_scenarios", "load_specs",
    "load_staffing", "load_studies", "load_study", "load_unit_costs", "most_worth_knowing", "national_rows",
    "national_sentence", "one_way", "outcome_label", "outcome_names", "parameter_label", "percent_text", "plot",
    "pool_delta_then_value", "pooled_delta_rows", "pooled_results", "pooled_rows", "present",
    "present_business_case", "present_comparison", "present_cost_components", "present_costs", "probabilistic",
    "psa_for_teaching", "publish_parameters", "read_claim", "recost", "recosted_ratios", "recosting_labels",
    "recosting_rows", "rendered", "run_scenarios", "scenario_rows", "scenario_sentences", "sensitivity_rows",
    "show_in", "shown", "sign_pattern", "sources_markdown", "studies_with_spread", "study_row", "study_text",
    "thresholds", "times_base", "two_way", "value_of_information", "values_shown", "variant_suffix", "voi_rows",
    "with_fixed", "with_parameters", "write_results",
]
