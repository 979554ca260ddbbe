# ---
# jupyter:
#   jupytext:
#     formats: ipynb,py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # How fragile are the ratios? One-way, threshold and probabilistic analysis
#
# The six benefit:cost ratios rest on a thin evidence base: small studies, figures taken from
# abstracts, and a staffing level that no study publishes. This notebook asks how far each ratio,
# and the pooled ratio, moves when the inputs move:
#
# * **one-way analysis**: each input in turn at the low and high end of its range, the rest at
#   their base values, drawn as a *tornado* chart (the widest bars matter most);
# * **threshold analysis**: the value of each input at which a ratio would be exactly 1;
# * **probabilistic sensitivity analysis (PSA)**: every uncertain input drawn at random from a
#   stated distribution, many times over, giving the probability that each ratio exceeds 1;
# * **pooling the bed-day difference first**, by meta-analysis, as an alternative to averaging ratios.
#
# Each input's range and distribution, with its source or the reason for it, is in
# `data/uncertainty.csv`; inputs without a stated range vary by a default of plus or minus 20 %.

# %% tags=["parameters"]
n_draws = 100_000  # number of probabilistic draws (whole number, 1 or more)
seed = 2013  # seed of the random number generator: the same seed gives the same draws
price_year = ""  # financial year of all costs, e.g. "2024-25"; "" keeps the base year of data/unit_costs.csv
scheme = "sample_size"  # weights of the pooled ratio: "sample_size", "equal" or "peer_fte"
results_csv = ""  # file to write the probabilistic results to; "" writes nothing

# %%
import pandas as pd
from IPython.display import Markdown, display

from peerlib import costs, plots, ratios, report, sensitivity, studies, weighting

six = studies.load_studies()
index = costs.load_price_index()
base_costs = costs.load_cost_assumptions()
cost_assumptions = costs.load_cost_assumptions(price_year=price_year or None)
specs = sensitivity.parameter_specs(six, cost_assumptions, sensitivity.load_uncertainty(),
                                    money_factor=index.factor(base_costs.price_year, cost_assumptions.price_year))
labels = {s.study_id: s.label for s in six} | {sensitivity.POOLED: f"Pooled ({scheme.replace('_', ' ')} weights)"}
base_ratios = {k: float(v) for k, v in sensitivity.evaluate({n: p.base for n, p in specs.items()}, six, scheme).items()}

# %% [markdown]
# ## The ranges
#
# Every input that varies, with its base value, its range (low to high) and the distribution used
# in the probabilistic analysis. Money is at the price year of the analysis.

# %%
ranges = pd.DataFrame([vars(p) for p in specs.values() if p.varies]).set_index("name")
ranges[["base", "low", "high", "distribution", "source"]]

# %% [markdown]
# ## One-way analysis: which inputs matter?

# %%
one_way = sensitivity.one_way(specs, six, scheme)
figure = plots.tornado(one_way, sensitivity.POOLED, labels[sensitivity.POOLED])

# %%
for study in six:
    figure = plots.tornado(one_way, study.study_id, study.label, top=6)

# %% [markdown]
# ## Thresholds: where would each ratio cross 1?
#
# For each input, the value at which the ratio would be exactly 1 with every other input at its
# base value. A threshold close to the base value means the verdict is fragile; *NaN* means the
# ratio never crosses 1 however far that one input moves.

# %%
thresholds = sensitivity.thresholds(specs, six, scheme)
thresholds["outcome"] = thresholds["outcome"].map(labels)
thresholds.round(3)

# %% [markdown]
# ## Probabilistic analysis
#
# Every varying input is drawn at once, independently, from its distribution: gamma for costs,
# normal for a study's mean bed-days where it publishes a standard deviation, beta for
# proportions, and a uniform (or log-uniform) range where a study gives nothing. The model is then
# evaluated once on all the draws together.

# %%
psa = sensitivity.probabilistic(specs, six, n_draws=n_draws, seed=seed, scheme=scheme)
summary = psa.summary().rename(index=labels)
summary.round(3)

# %%
figure = plots.psa_distributions(psa, labels)

# %% tags=["nbval-check-output"]
for outcome, row in psa.summary().iterrows():
    print(f"{outcome}: P(ratio > 1) = {row['probability_above_one']:.2f}")

# %% [markdown]
# ## Pooling the bed-day difference first
#
# Averaging ratios treats each study's ratio as equally certain per patient. The usual
# alternative in evidence synthesis pools the *effect* — bed-days saved per patient-year — by
# inverse-variance meta-analysis, then values the pooled effect once. It needs a standard error
# for each study, so only studies that publish standard deviations can enter.

# %%
pooled_delta = weighting.pool_delta_then_value(six, cost_assumptions)
results = [ratios.evaluate_study(s, cost_assumptions) for s in six]
alternatives = weighting.pooled_alternatives(results)[["benefit_cost_ratio"]]
if pooled_delta is None:
    display(Markdown("No study publishes standard deviations of bed use, so the effect cannot be pooled first."))
else:
    meta = pooled_delta.meta
    alternatives.loc["bed-day difference pooled first, fixed effect"] = pooled_delta.fixed_effect_ratio
    alternatives.loc["bed-day difference pooled first, random effects"] = pooled_delta.random_effects_ratio
    display(Markdown(
        f"{meta.k} study(ies) publish standard deviations ({', '.join(labels[s] for s in meta.study_ids)}). "
        f"Pooled bed-days saved per patient-year: **{meta.fixed_effect:.2f}** (standard error {meta.fixed_effect_se:.2f}) "
        f"fixed effect; **{meta.random_effects:.2f}** random effects; heterogeneity I² = {meta.i_squared:.0%}, "
        f"tau² = {meta.tau_squared:.3g}. Valued at the pooled caseload of {pooled_delta.caseload_per_fte:.1f} patients "
        f"per FTE."
        + (" With one study there is no heterogeneity to estimate: the pooled effect is that study's effect."
           if meta.k == 1 else "")
    ))
alternatives.round(2)

# %%
if results_csv:
    rows = report.sensitivity_rows(psa, base_ratios, labels, cost_assumptions.price_year)
    if pooled_delta is not None:
        rows += report.pooled_delta_rows(pooled_delta)
    report.write_results(rows, results_csv)
