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
#   stated distribution, many times over, giving the probability that each ratio exceeds 1;
# * **acceptability**: that probability as a function of the caseload, and of the bed-day cost;
# * **value of information**: what knowing each group of inputs would be worth to someone
#   deciding whether to employ peer workers, in £ per FTE-year;
# * **pooling the bed-day difference first**, by meta-analysis, as an alternative to averaging ratios.
#
# Every analysis runs the same model (`peerlib.model`), once on arrays of values.

# %% tags=["parameters"]
n_draws = 100_000  # number of probabilistic draws (whole number, 1 or more)
seed = 2013  # seed of the random number generator: the same seed gives the same draws
price_year = ""  # financial year of all costs, e.g. "2024-25"; "" keeps the base year of data/unit_costs.csv
caseload = None  # patients one FTE peer worker supports at a time, for every study; None: data/staffing.csv
scheme = "sample_size"  # the pooled ratio the decision is judged on: "sample_size", "equal" or "fte_years"
results_csv = ""  # file to write the probabilistic results to; "" writes nothing

# %%
import pandas as pd
from IPython.display import Markdown, display

from peerlib import labels as peer_labels
from peerlib import meta, report, sensitivity, voi, weighting
from peerlib.model import Model

analysis = Model.from_data(price_year=price_year or None, caseload=caseload,
                           caseload_origin="notebook parameter caseload")
weighting.check_scheme(scheme)
decision = f"pooled_{scheme}"
specs = sensitivity.load_specs(analysis)
labels = analysis.labels()
base = analysis.base_case()


def outcome_names(frame: pd.DataFrame) -> pd.DataFrame:
    """Outcome ids (study ids, pooled ids) as readable names."""
    return frame.rename(index=lambda o: peer_labels.outcome_label(str(o), labels))


# %% [markdown]
# ## The ranges, and where the base case sits
#
# Every input that varies, with its base value, its range (low to high), the distribution used in
# the probabilistic analysis and its source or the reason for it (`data/uncertainty.csv`). Money is
# at the price year of the analysis. The last numeric column is the share of draws below the base
# value: 0.5 means the base case sits at the centre of the distribution.

# %%
psa = sensitivity.probabilistic(analysis, specs, n_draws=n_draws, seed=seed)
parameters = psa.parameter_summary()
parameters.index = [peer_labels.parameter_label(p, labels) for p in parameters.index]
parameters[["base", "low", "high", "distribution", "base_percentile", "source"]].round(3)

# %%
off_centre = psa.parameter_summary().query("base_percentile < 0.4 or base_percentile > 0.6")
display(Markdown(
    "Every range is centred on its base value." if off_centre.empty else
    "The base value is **not** at the centre of every range: " + "; ".join(
        f"{peer_labels.parameter_label(name, labels)} has its base value at the {row.base_percentile:.0%} point "
        f"of its range" for name, row in off_centre.iterrows())
    + ". Their ranges lie mostly on one side of the base value (the reasons are in the table above), so the "
      "probabilistic ratios are centred away from the base case: the `base_percentile` column of the results "
      "below says where each base-case ratio sits in its distribution."
))

# %% [markdown]
# ## One-way analysis: which inputs matter?

# %%
one_way = sensitivity.one_way(analysis, specs)
figure = one_way.plot(decision, peer_labels.outcome_label(decision, labels), labels)

# %%
for study in analysis.studies:
    figure = one_way.plot(study.study_id, study.label, labels, top=6)

# %% [markdown]
# ## Thresholds: where would each ratio cross 1?
#
# For each input, the value at which the ratio would be exactly 1 with every other input at its
# base value, the most fragile first (the threshold nearest its base value). A threshold close to
# the base value means the verdict is fragile; "never" means the ratio never crosses 1 however far
# that one input moves.

# %%
threshold_table = sensitivity.thresholds(analysis, specs).summary()
threshold_table["outcome"] = threshold_table["outcome"].map(lambda o: peer_labels.outcome_label(o, labels))
threshold_table["parameter"] = threshold_table["parameter"].map(lambda p: peer_labels.parameter_label(p, labels))
threshold_table["threshold"] = threshold_table["threshold"].map(lambda v: "never" if pd.isna(v) else f"{v:,.4g}")
threshold_table

# %% [markdown]
# ## Two-way: caseload against the bed-day cost
#
# The two inputs every ratio is proportional to. Each point of the chart is the pooled ratio at one
# combination of the two; above and to the right of the black line, peer workers pay for
# themselves on bed use.

# %%
grid = sensitivity.two_way(analysis)
figure = grid.plot(decision, peer_labels.outcome_label(decision, labels))

# %% [markdown]
# ## Probabilistic analysis
#
# Every varying input is drawn at once from its distribution. An assumption shared by every study
# (the unit costs, the caseload) is drawn once per draw and used by every study, so its
# uncertainty does not average out in the pooled ratios; each study's own figures are drawn per
# study. The model is then evaluated once on all the draws together. Every weighting scheme is
# shown, because the weighting decides the pooled answer.

# %%
summary = outcome_names(psa.summary())
summary[["base", "mean", "median", "interval_low", "interval_high", "probability_above_one", "base_percentile"]].round(3)

# %%
figure = psa.plot(labels)

# %% tags=["nbval-check-output"]
for outcome, row in psa.summary().iterrows():
    print(f"{outcome}: P(ratio > 1) = {row['probability_above_one']:.2f}")

# %% [markdown]
# ## Acceptability: the probability of paying for itself, against the unknowns
#
# The analogue of a cost-effectiveness acceptability curve: for each caseload (then each bed-day
# cost), the share of draws in which the ratio exceeds 1, with every other input drawn.

# %%
by_caseload = sensitivity.acceptability(psa, "caseload")
figure = by_caseload.plot(labels, "P(ratio > 1) against the caseload")

# %%
by_bed_day_cost = sensitivity.acceptability(psa, "bed_day_cost_gbp")
figure = by_bed_day_cost.plot(labels, "P(ratio > 1) against the bed-day cost")

# %% [markdown]
# ## Break-even caseload: the headline that needs no staffing assumption

# %%
break_even = pd.DataFrame([{"outcome": peer_labels.outcome_label(r.study_id, labels),
                            "break_even_caseload": r.break_even_caseload, "benefit_cost_ratio": r.benefit_cost_ratio}
                           for r in base.studies]
                          + [{"outcome": peer_labels.outcome_label(p.outcome_id, labels),
                              "break_even_caseload": p.break_even_caseload, "benefit_cost_ratio": p.benefit_cost_ratio}
                             for p in base.pooled]).set_index("outcome")
break_even.round(2)

# %% [markdown]
# ## Value of information: which unknown is most worth finding out?
#
# The decision: employ peer workers or not, judged on bed use alone. Each FTE-year of peer work has
# a net benefit of (value of bed-days saved − cost of the worker). The **expected value of perfect
# information** (EVPI) is what a decision maker would gain, per FTE-year, by knowing every input
# before deciding; the **expected value of partial perfect information** (EVPPI) is the gain from
# knowing one group of inputs: the staffing, one study's effect, or the unit costs. It is
# estimated by regression on the probabilistic draws (Strong, Oakley & Brennan 2014).

# %%
value = voi.value_of_information(psa, decision)
figure = value.plot(f"Value of information: {peer_labels.outcome_label(decision, labels)}")

# %%
value.summary().round(0)

# %%
display(Markdown(
    f"Judged on the {peer_labels.outcome_label(decision, labels).lower()}, employing peer workers has an expected "
    f"net benefit of **£{value.expected_net_benefit_gbp:,.0f} per FTE-year**, and pays for itself in "
    f"{value.probability_worth_it:.0%} of draws. Perfect information about every input would be worth "
    f"**£{value.evpi_gbp:,.0f} per FTE-year**; the group most worth finding out is **{value.most_valuable}** "
    f"(£{value.evppi_gbp[value.most_valuable]:,.0f}). A value near £0 means the decision would not change "
    "whatever that group turned out to be, within its stated range."
))

# %% [markdown]
# The same for every study's own decision and every weighting, £ per FTE-year: a decision that is
# close to break-even gains most from information.

# %%
by_outcome = {o: voi.value_of_information(psa, o) for o in psa.ratios}
matrix = pd.DataFrame({peer_labels.outcome_label(o, labels): {**v.evppi_gbp, "all inputs (EVPI)": v.evpi_gbp}
                       for o, v in by_outcome.items()}).T
matrix.round(0)

# %% [markdown]
# ## Pooling the bed-day difference first
#
# Averaging ratios treats each study's ratio as equally certain per patient. The usual
# alternative in evidence synthesis pools the *effect* — bed-days saved per patient-year — by
# inverse-variance meta-analysis, then values the pooled effect once. It needs a standard error
# for each study, so only studies that publish standard deviations can enter, and it needs at
# least two of them.

# %%
with_spread = meta.studies_with_spread(analysis.studies)
pooled_delta = meta.pool_delta_then_value(with_spread, analysis.staffing.caseload, analysis.costs.bed_day_cost_gbp,
                                          analysis.costs.peer_worker_cost_gbp, analysis.costs.price_year)
if pooled_delta is None:
    display(Markdown(
        f"{len(with_spread)} of the {len(analysis.studies)} studies publish standard deviations of bed use "
        f"({', '.join(s.label for s in with_spread) or 'none'}); a meta-analysis needs at least "
        f"{meta.MINIMUM_STUDIES}, so the bed-day difference cannot be pooled first here. The pooled ratios above "
        "average the studies' ratios instead."))
else:
    m = pooled_delta.meta
    display(Markdown(
        f"{m.k} studies publish standard deviations ({', '.join(labels[s] for s in m.study_ids)}). Pooled bed-days "
        f"saved per patient-year: **{m.fixed_effect:.2f}** (standard error {m.fixed_effect_se:.2f}) fixed effect, "
        f"**{m.random_effects:.2f}** random effects (I² = {m.i_squared:.0%}); valued at {pooled_delta.caseload:g} "
        f"patients per FTE: {pooled_delta.fixed_effect_ratio:.2f} and {pooled_delta.random_effects_ratio:.2f} : 1."))

# %%
if results_csv:
    rows = report.sensitivity_rows(psa, labels)
    for outcome in (f"pooled_{s}" for s in weighting.WEIGHTING_SCHEMES):
        rows += report.voi_rows(by_outcome[outcome], labels)
    if pooled_delta is not None:
        rows += report.pooled_delta_rows(pooled_delta)
    report.write_results(rows, results_csv)
