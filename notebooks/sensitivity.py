# ---
# jupyter:
#   jupytext:
#     formats: ipynb,py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#       format_version: '1.3'
#       jupytext_version: 1.19.6
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # How fragile are the ratios? Uncertainty, break-even and the value of information
#
# The benefit:cost ratios rest on a thin evidence base: small studies, figures taken from
# abstracts, and a staffing level that no study publishes. This notebook asks how far each ratio,
# and each pooled ratio, moves when the inputs move, and which unknown is most worth finding out:
#
# * **one-way analysis**: each input in turn at the low and high end of its range, the rest at
#   their base values, drawn as a *tornado* chart (the widest bars matter most);
# * **thresholds**: the value of each input at which a ratio would be exactly 1;
# * **two-way analysis**: the ratio over every combination of caseload and bed-day cost, with the
#   line where it equals 1;
# * **probabilistic sensitivity analysis (PSA)**: every uncertain input drawn at random from a
#   stated distribution, many times over, giving the probability that each ratio exceeds 1; each
#   study's effect varies as its grade of evidence allows;
# * **acceptability**: that probability as a function of the caseload, and of the bed-day cost;
# * **structural scenarios**: assumptions that are choices rather than sampling error, each run on
#   the same draws and shown side by side;
# * **value of information**: what knowing each group of inputs, or which structural choice is
#   right, would be worth to someone deciding whether to employ peer workers, in £ per FTE-year and
#   for England's peer workforce over a horizon;
# * **pooling the bed-day difference first**, by meta-analysis, as an alternative to averaging ratios.
#
# Every analysis runs the same model (`peerlib.core.model`), once on arrays of values.

# %% tags=["parameters"]
n_draws = 100_000  # probabilistic draws (whole number, 1,000 to 10,000,000)
seed = 2013  # seed of the random draws: the same seed gives the same draws
price_year = ""  # financial year of all sums, one of data/price_index.csv; "" keeps the year of data/unit_costs.csv
caseload = None  # patients one FTE peer worker supports at a time, for every study; None: data/staffing.csv
scheme = "fte_years"  # weights of the pooled ratio: 'sample_size', 'equal' or 'fte_years' (the ratio of totals); the decision is judged on it
results_csv = ""  # file to write the report's rows of results to; "" writes nothing

# %%
import math

import pandas as pd
from IPython.display import Markdown, display

pd.set_option("display.max_colwidth", None)  # sources and reasons in full, never cut off
pd.set_option("display.max_rows", 200)  # every row of a table, never "..."

from peerlib.api import (
    CASELOADS, MINIMUM_STUDIES, SCHEME_SHORT, STATUTORY_ITEMS, WEIGHTING_SCHEMES, Model, acceptability,
    caseload_ranges_markdown, check_scheme, count_words, figure_text, flip_rows, flip_sentence, formatted, gbp_text,
    gbp_to_error, grade_label, load_population, load_scenarios, load_specs, most_worth_knowing, national_rows,
    national_sentence, one_way, outcome_label, outcome_names, parameter_label, percent_text, plot,
    pool_delta_then_value, pooled_delta_rows, present, probabilistic, publish_parameters, recost, run_scenarios,
    scenario_rows, scenario_sentences, sensitivity_rows, studies_with_spread, thresholds, times_base, two_way,
    value_of_information, variant_suffix, voi_rows, with_fixed, write_results,
)

analysis = Model.from_data(price_year=price_year or None, caseload=caseload,
                           caseload_origin="notebook parameter caseload")
publish_parameters(analysis)
check_scheme(scheme)
decision = f"pooled_{scheme}"
specs = load_specs(analysis)
labels = analysis.labels()
base = analysis.base_case()
psa = probabilistic(analysis, specs, n_draws=n_draws, seed=seed)
population = load_population()
value = value_of_information(psa, decision, population)
structure = run_scenarios(psa, load_scenarios(analysis), decision, population)
figures = psa.summary()  # per ratio: base case, interval, P(ratio > 1)
varying = [spec for spec in psa.specs.values() if spec.varies]
assumed = [spec for spec in varying if spec.status == "assumption"]
caseloads = {name: (psa.specs[name].low, psa.specs[name].high) for name in CASELOADS}
other = psa.furthest_pool(decision)
gap = abs(figures.loc[other, "probability_above_one"] - figures.loc[decision, "probability_above_one"])
pool = SCHEME_SHORT[scheme]  # the weighting of the pooled ratio the decision is judged on
other_pool = (f"{SCHEME_SHORT['sample_size']} and {SCHEME_SHORT['evidence_only']}"
              if other == "pooled_evidence_only" else SCHEME_SHORT[other.removeprefix("pooled_")])
weighting_text = (f"{'The weighting decides the answer' if gap >= 0.5 else 'The weighting matters little'}. "
                  f"With {other_pool}, the pooled ratio exceeds 1 in "
                  f"{formatted(figures.loc[other, 'probability_above_one'], 'share')} of draws, against "
                  f"{formatted(figures.loc[decision, 'probability_above_one'], 'share')} for the {pool}.")
outside_text = caseload_ranges_markdown(base, caseloads, labels)
# The national value of information: a decision taken now, so at today's costs (re-costed), for the measured workforce.
today = recost(caseload=caseload, caseload_origin="notebook parameter caseload").models["current"]
today_specs = load_specs(today)
today_specs = with_fixed(today_specs, [n for n in today_specs if n not in STATUTORY_ITEMS])
today_psa = probabilistic(today, today_specs, n_draws=n_draws, seed=seed)
value_today = value_of_information(today_psa, decision, population, joint_groups=False)
value_target = value_of_information(today_psa, decision, population.at_target(), joint_groups=False)
# Where an assumed sample size of a pooled study would bring the decision's ratio to 1.
flips = [(s, analysis.solve(f"{s.study_id}.n_peer", decision)) for s in analysis.studies
         if s.inputs["n_peer"].is_assumption]
flips = [(s, threshold) for s, threshold in flips if math.isfinite(threshold)]  # those that can flip it
flip_texts = [flip_sentence(threshold, s.n_peer, f"{s.label}'s peer arm",
                                          s.inputs["n_peer"].source.split(",")[0] or "an assumption", pool)
              for s, threshold in flips]
scale_specs = {s.study_id: specs[f"{s.study_id}.effect_scale"] for s in analysis.studies}
grades = pd.DataFrame([{
    "study": s.label, "evidence": grade_label(s.evidence_grade),
    "found significant": s.effect_significant.replace("_", " "),
    "effect's 95 % range": (f"{figure_text(scale_specs[s.study_id].low)} to {figure_text(scale_specs[s.study_id].high)} "
                            "times the figure"
                            if scale_specs[s.study_id].varies else "from the study's own spread or range"),
    "base": figures.loc[s.study_id, "base"], "interval_low": figures.loc[s.study_id, "interval_low"],
    "interval_high": figures.loc[s.study_id, "interval_high"],
    "probability_above_one": figures.loc[s.study_id, "probability_above_one"]} for s in analysis.studies]
).set_index("study")


# %% tags=["summary"]
display(Markdown("\n\n".join([
    f"**How sure?** The pooled ratio ({pool}) is "
    f"{formatted(figures.loc[decision, 'base'], 'ratio')} : 1 in the base case and "
    f"{formatted(figures.loc[decision, 'mean'], 'ratio')} : 1 on average over {n_draws:,} draws. It "
    f"exceeds 1 in {formatted(figures.loc[decision, 'probability_above_one'], 'share')} of draws. Nineteen "
    f"draws in twenty fall between {formatted(figures.loc[decision, 'interval_low'], 'ratio')} and "
    f"{formatted(figures.loc[decision, 'interval_high'], 'ratio')} : 1.",
    f"*Drawn:* {count_words(len(varying), 'input')}, {count_words(len(assumed))} on assumed ranges. The caseload "
    f"depends on how support was delivered: one-to-one {caseloads['caseload'][0]:g} to {caseloads['caseload'][1]:g}, "
    f"group {caseloads['caseload_group'][0]:g} to {caseloads['caseload_group'][1]:g} patients per FTE at a time. "
    f"{outside_text}",
    f"*What is worth finding out,* judged on the pooled ratio ({pool}). "
    + " ".join(most_worth_knowing(value)),
    f"*Each scenario, on the same draws,* for the pooled ratio ({pool}):\n\n"
    + "\n".join(f"* {t}" for t in scenario_sentences(structure)),
    *flip_texts,
    f"*Nationally, for a decision taken now,* judged on the pooled ratio ({pool}). "
    + national_sentence(value_today, population)
    + " For the workforce plan's target instead, a scenario: "
    + gbp_to_error(value_target.evpi_population_gbp, value_target.evpi_se_gbp * value_target.population_factor)
    + ".",
    weighting_text,
])))

# %% [markdown]
# ## The ranges, and where the base case sits
#
# Every input that varies, with its base value, its range (low to high), the distribution used in
# the probabilistic analysis and its source or the reason for it (`data/uncertainty.csv`). Money is
# at the price year of the analysis. The share of draws below the base value says where the base
# case sits: 50% means it is at the centre of the distribution.

# %%
ranges = psa.parameter_summary()
ranges["source or reason"] = ["; ".join(t for t in (r.source, r.reason) if t) for r in ranges.itertuples()]
ranges = ranges.rename(columns={"base": "base value"})
ranges.index = [parameter_label(p, labels, stored=True) for p in ranges.index]
present(ranges[["base value", "low", "high", "distribution", "base_percentile", "status", "source or reason"]],
        {"base value": "value"})

# %%
off_centre = psa.parameter_summary().query("base_percentile < 0.4 or base_percentile > 0.6")
display(Markdown(
    "Every range is centred on its base value." if off_centre.empty else
    "The base value is **not** at the centre of every range: " + "; ".join(
        f"{parameter_label(name, labels)} has its base value at the {percent_text(row.base_percentile)} point "
        f"of its range" for name, row in off_centre.iterrows())
    + ". Their ranges lie mostly on one side of the base value (the reasons are in the table above), so the "
      "probabilistic ratios are centred away from the base case: the column "
      f"\"{parameter_label('base_percentile')}\" of the probabilistic results below says where each "
      "base-case ratio sits in its distribution."
))

# %% [markdown]
# ## How far each study's effect may move: a rule by grade of evidence
#
# A study that publishes a spread (standard deviations, or counts of people admitted) has its effect
# drawn from it. A study that does not takes the rule of its grade of evidence, written once in
# `data/uncertainty.csv` (rows `grade:`): the effect is multiplied by a factor drawn around 1
# (its *effect scale*). A difference the study found not significant keeps "no effect" inside
# its 95 % range, and a study with no comparison group can never by itself make a ratio certain to
# exceed 1. No study's range is set by hand to reach a result.

# %%
present(grades)

# %% [markdown]
# ## One-way analysis: which inputs matter?

# %%
tornado = one_way(analysis, specs)
figure = plot(tornado, decision, outcome_label(decision, labels), labels)

# %%
for study in analysis.studies:
    figure = plot(tornado, study.study_id, study.label, labels, top=6)

# %% [markdown]
# ## Thresholds: where would each ratio cross 1?
#
# For each input, the value at which a ratio would be exactly 1 with every other input at its base
# value. A threshold close to the base value means the verdict is fragile. The table shows, for
# each ratio (the studies first, then the pooled ratios), its most fragile inputs: those whose
# threshold is nearest their base value.

# %%
found = thresholds(analysis, specs).summary()


found["times_base"] = times_base(found["threshold"], found["base"])
crossing = found[found["threshold"].map(math.isfinite)]
top = 3  # inputs shown per ratio
shown_rows = crossing.groupby("outcome", sort=False).head(top)
threshold_table = pd.DataFrame({
    "base value": shown_rows["base"].to_numpy(),
    "value at which the ratio is 1": [figure_text(v) for v in shown_rows["threshold"]],
    "times the base value": shown_rows["times_base"].to_numpy(),
}, index=pd.MultiIndex.from_arrays([[outcome_label(o, labels) for o in shown_rows["outcome"]],
                                    [parameter_label(p, labels, stored=True) for p in shown_rows["parameter"]]],
                                   names=["ratio", "input"]))
display(present(threshold_table, {"base value": "value", "times the base value": "times"}))
stuck = found.loc[~found["threshold"].map(math.isfinite)].groupby("parameter", sort=False)["outcome"].nunique()
moved = found.groupby("parameter")["outcome"].nunique()
display(Markdown(
    f"The {count_words(top)} most fragile inputs of each ratio are shown. "
    + ("Some inputs do not bring a ratio to 1 anywhere in the search (a thousandth to a thousand times the base "
       "value, either sign for a bed-day figure, 0 to 1 for a rate): " + "; ".join(
        f"{parameter_label(p, labels, with_unit=False)} "
        f"({'any ratio it moves' if k == moved[p] else count_words(int(k), 'ratio')})" for p, k in stuck.items())
       + "." if len(stuck) else "")))

# %% [markdown]
# ## Two-way: caseload against the bed-day cost
#
# The two inputs every ratio is proportional to. Each point of the chart is the pooled ratio at one
# combination of the two; above and to the right of the black line, peer workers pay for
# themselves on bed use.

# %%
grid = two_way(analysis, specs=specs)  # the caseload over the range it is drawn from
figure = plot(grid, decision, outcome_label(decision, labels))

# %% [markdown]
# ## Probabilistic analysis
#
# Every varying input is drawn at once from its distribution. An assumption shared by every study
# (the unit costs, the caseload) is drawn once per draw and used by every study, so its
# uncertainty does not average out in the pooled ratios; each study's own figures are drawn per
# study. The model is then evaluated once on all the draws together. Every weighting scheme is
# shown, because the weighting decides the pooled answer.

# %% tags=["nbval-check-output"]
present(outcome_names(psa.summary(), labels)[[
    "base", "mean", "median", "interval_low", "interval_high", "probability_above_one", "base_percentile"]])

# %%
figure = plot(psa, labels)

# %% [markdown]
# ## Acceptability: the probability of paying for itself, against the unknowns
#
# The analogue of a cost-effectiveness acceptability curve: for each caseload (then each bed-day
# cost), the share of draws in which the ratio exceeds 1, with every other input drawn.

# %%
by_caseload = acceptability(psa, "caseload")
figure = plot(by_caseload, labels, "P(ratio > 1) against the caseload")

# %%
by_bed_day_cost = acceptability(psa, "bed_day_cost_gbp")
figure = plot(by_bed_day_cost, labels, "P(ratio > 1) against the bed-day cost")

# %% [markdown]
# ## Break-even caseload: the headline that needs no caseload assumption (it depends on the months of support)

# %%
break_even = pd.DataFrame([{"outcome": outcome_label(r.study_id, labels),
                            "break_even_caseload": r.break_even_caseload, "benefit_cost_ratio": r.benefit_cost_ratio}
                           for r in base.studies]
                          + [{"outcome": outcome_label(p.outcome_id, labels),
                              "break_even_caseload": p.break_even_caseload, "benefit_cost_ratio": p.benefit_cost_ratio}
                             for p in base.pooled]).set_index("outcome")
break_even.index.name = None
present(break_even).rename(columns={"benefit : cost ratio": "benefit : cost ratio at the base-case caseloads"})

# %% [markdown]
# ## Structural scenarios: choices, not sampling error
#
# Some assumptions are choices rather than uncertain measurements: the period over which Landers &
# Zhou counted hospital days, how long each patient was supported, which studies to pool. Drawing
# them at random would hide them, so each other choice is a named scenario (`data/scenarios.csv`),
# run through the same model on the same draws as the base case and shown side by side.

# %%
scenario_table = structure.summary().set_index("label")
scenario_table.index.name = None
present(scenario_table[["base", "mean", "interval_low", "interval_high", "probability_above_one",
                        "evpi_gbp_per_fte_year", "evpi_gbp_population"]])

# %%
display(Markdown("Why each scenario, and its source:\n\n" + "\n".join(
    f"* **{o.scenario.label}**: {'. '.join(r.rstrip('.') for r in o.scenario.reasons)}." + (f" (source: {'; '.join(o.scenario.sources)})"
                                                                 if o.scenario.sources else "")
    for o in structure.outcomes[1:])))

# %% [markdown]
# ## Value of information: which unknown is most worth finding out?
#
# The decision: employ peer workers or not, judged on bed use alone. Each FTE-year of peer work has
# a net benefit of (value of bed-days saved − cost of the worker). The decision is judged on the
# pooled ratio of totals (all bed-days saved, valued, over all the workers' cost), because its net
# benefit is that of a real FTE-year; a mean of ratios weighted by sample size is not. The
# **expected value of perfect information** (EVPI) is what a decision maker would gain, per FTE-year,
# by knowing every input before deciding; the **expected value of partial perfect information**
# (EVPPI) is the gain from knowing one group of inputs: a single group (the staffing, one study's
# effect, the unit costs), what one piece of research would inform together (a staffing study,
# one study's own paper, a new trial of bed use), or a pair of single groups. A pair worth more
# than its parts added up holds an interaction. EVPPI is estimated by regression on the
# probabilistic draws (Strong, Oakley & Brennan 2014). Nationally, the decision is one taken now: it
# is valued at today's costs (re-costed, as in the report on today's costs), for the measured
# workforce, a headcount converted to FTE (`data/population.csv`), over a horizon, discounted; the
# workforce plan's target is a scenario. National figures are rounded to their Monte Carlo error.

# %%
figure = plot(value, f"Value of information: {outcome_label(decision, labels)}")

# %%
groups = value.summary()
groups["inputs in the group"] = ["; ".join(parameter_label(p, labels, with_unit=False)
                                           for p in value.inputs_of(str(g))) for g in groups.index]
groups.index.name = "group of inputs"
present(groups[["evppi_gbp_per_fte_year", "parts_gbp", "inputs in the group"]])

# %%
structural = structure.structural_summary()
display(Markdown(
    f"Judged on the pooled ratio ({SCHEME_SHORT[scheme]}), employing peer workers has an expected "
    f"net benefit of **{gbp_text(value.expected_net_benefit_gbp)} per FTE-year**, and pays for itself in "
    f"{formatted(value.probability_worth_it, 'share')} of draws. Perfect information about every input "
    f"would be worth **{gbp_text(value.evpi_gbp)} per FTE-year** ({analysis.costs.price_year} prices). "
    + " ".join(most_worth_knowing(value)) + " " + national_sentence(value_today, population)
    + " Learning which structural choice is true, with each option taken as equally likely (an assumption): "
    + "; ".join(f"*{r['options'].replace('; ', '* or *')}*: {gbp_text(r['evppi_gbp_per_fte_year'])} per FTE-year"
                for _, r in structural.iterrows())
    + ". The values of information above hold every structural choice at its base case."
))

# %% [markdown]
# The same for every study's own decision and every weighting: the value of knowing each group of
# inputs, £ per FTE-year. A decision that is close to break-even gains most from information; a
# dash means the group does not bear on that decision.

# %%
by_outcome = {o: value_of_information(psa, o, joint_groups=False) for o in psa.ratios}
everything = "all inputs (EVPI)"
matrix = pd.DataFrame({o: {**v.evppi_gbp, everything: v.evpi_gbp} for o, v in by_outcome.items()})
matrix = matrix.loc[[g for g in matrix.index if g != everything] + [everything]]
for title, outcomes in (("Each study's decision", [s.study_id for s in analysis.studies]),
                        ("Each pooled decision", [o for o in matrix.columns if o.startswith("pooled_")])):
    shown = present(matrix[outcomes], {o: "gbp" for o in outcomes})
    shown.columns = [outcome_label(o, labels).removeprefix("Pooled: ") for o in outcomes]
    display(Markdown(f"**{title}**: the value of knowing each group of inputs, £ per FTE-year"), shown)

# %% [markdown]
# ## Pooling the bed-day difference first
#
# Averaging ratios treats each study's ratio as equally certain per patient. The usual
# alternative in evidence synthesis pools the *effect* — bed-days saved per patient-year — by
# inverse-variance meta-analysis, then values the pooled effect once. It needs a standard error
# for each study, so only studies that publish standard deviations can enter, and it needs at
# least two of them.

# %%
with_spread = studies_with_spread(analysis.studies)
pooled_delta = pool_delta_then_value(with_spread, analysis.staffing.caseload, analysis.costs.bed_day_cost_gbp,
                                          analysis.costs.peer_worker_cost_gbp, analysis.costs.price_year)
if pooled_delta is None:
    display(Markdown(
        f"{count_words(len(with_spread)).capitalize()} of the {count_words(len(analysis.studies), 'study', 'studies')} "
        f"publish{'es' if len(with_spread) == 1 else ''} standard deviations of bed use "
        f"({', '.join(s.label for s in with_spread) or 'none'}); a meta-analysis needs at least "
        f"{count_words(MINIMUM_STUDIES)}, so the bed-day difference cannot be pooled first here. The pooled ratios "
        "above average the studies' ratios instead."))
else:
    m = pooled_delta.meta
    display(Markdown(
        f"{count_words(m.k, 'study', 'studies').capitalize()} publish standard deviations "
        f"({', '.join(labels[s] for s in m.study_ids)}). Pooled bed-days "
        f"saved per patient-year: **{formatted(m.fixed_effect, 'ratio')}** (standard error {formatted(m.fixed_effect_se, 'ratio')}) fixed effect, "
        f"**{formatted(m.random_effects, 'ratio')}** random effects (I² = {percent_text(m.i_squared)}); valued at {pooled_delta.caseload:g} "
        f"patients per FTE: {formatted(pooled_delta.fixed_effect_ratio, 'ratio')} and {formatted(pooled_delta.random_effects_ratio, 'ratio')} : 1."))

# %%
if results_csv:
    suffix = variant_suffix(price_year)
    rows = sensitivity_rows(psa, labels, suffix)
    for outcome in (f"pooled_{s}" for s in WEIGHTING_SCHEMES):
        rows += voi_rows(value if outcome == decision else  # research groups and pairs: the decision's
                                value_of_information(psa, outcome, population, joint_groups=False), labels, suffix)
    rows += scenario_rows(structure, labels, suffix)
    rows += national_rows(value_today, suffix) + national_rows(value_target, suffix)
    for (study, threshold), text in zip(flips, flip_texts, strict=True):
        rows += flip_rows(f"{study.study_id}.n_peer", decision, threshold, study.n_peer,
                                 analysis.costs.price_year, text, suffix)
    if pooled_delta is not None:
        rows += pooled_delta_rows(pooled_delta, suffix)
    write_results(rows, results_csv)
