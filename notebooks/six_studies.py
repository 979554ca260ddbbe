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
# # Six studies pooled: is peer support good value for money?
#
# Trachtenberg, Parsonage, Shepherd & Boardman (Centre for Mental Health, 2013) found six studies
# (five from the US, one from Australia) that link peer support workers to psychiatric inpatient
# bed use. For each they estimated the bed-days saved per FTE peer worker, valued them with England
# 2011-12 unit costs and divided by the cost of a peer worker. Four ratios came out well above 1,
# one between 0 and 1 and one negative; weighted by each study's sample size they averaged 4.8:1.
#
# This notebook recomputes the six ratios from the studies' published figures (each study has its
# own report, built from `study.ipynb`), pools them the report's way and three other ways, and
# puts our figures beside the published ones. Where they differ it says which inputs drive the gap.

# %% tags=["parameters"]
price_year = ""  # financial year of all costs, e.g. "2024-25"; "" keeps the base year of data/unit_costs.csv
bed_day_cost_gbp = None  # £ per psychiatric inpatient bed-day at price_year; None: data/unit_costs.csv
peer_worker_salary_gbp = None  # £ a year for one FTE peer worker at price_year; None: data/unit_costs.csv
overhead_rate = None  # overheads as a fraction of salary and on-costs; None: data/unit_costs.csv
caseload = None  # patients one FTE peer worker supports at a time, for every study; None: data/staffing.csv
n_draws = 20_000  # probabilistic draws behind the intervals of the forest chart (whole number, 1 or more)
extra_studies = ""  # study ids to pool with the six, comma-separated (e.g. "core2018"); "" pools the six only
results_csv = ""  # file to write the pooled rows of results to; "" writes nothing

# %%
import pandas as pd
from IPython.display import Markdown, display

from peerlib import labels as peer_labels
from peerlib import report, sensitivity, weighting
from peerlib.model import Model
from peerlib.published import load_published

extra_ids = [study_id.strip() for study_id in extra_studies.split(",") if study_id.strip()]
analysis = Model.from_data(
    extra_study_ids=extra_ids, price_year=price_year or None, caseload=caseload,
    caseload_origin="notebook parameter caseload", bed_day_cost_gbp=bed_day_cost_gbp,
    peer_worker_salary_gbp=peer_worker_salary_gbp, overhead_rate=overhead_rate,
)
six = list(analysis.studies)
cost_assumptions = analysis.costs
base = analysis.base_case()
results = base.studies
published = load_published()
published_ratio = published["pooled_ratio_sample_size_weighted"].value

# %%
if extra_ids:
    display(Markdown(f"**Pooled here with the six, on request:** {', '.join(extra_ids)}. The published figures "
                     "below refer to the six alone."))

# %% [markdown]
# ## Which six studies?
#
# The report does not list its six studies on any public page. The set used here is the one that
# fits everything the report does say: five US and one Australian study; two randomised trials,
# three with another comparison group and one without; peers working *in addition to* existing
# staff; and some published measure of bed use. Each study's `inclusion_reason` (in
# `data/studies.csv`) gives the basis; swapping a study in or out is a change of its `included` cell.

# %%
studies_table = base.table()[
    ["label", "sample_size", "followup_months", "delta_bed_days_per_patient", "break_even_caseload",
     "fte_years", "bed_days_saved_per_fte_year", "benefit_cost_ratio"]
]
studies_table.round(2)

# %% [markdown]
# Reading the columns: `delta_bed_days_per_patient` is bed-days saved per peer-arm patient over the
# study's follow-up; `break_even_caseload` is the number of patients one FTE must support at a time
# for the ratio to be exactly 1, whatever the staffing; `fte_years` is the peer work behind the
# peer arm at the assumed caseload; the ratio is at that caseload.

# %%
costing = cost_assumptions.components()
display(Markdown(
    f"Every ratio uses a bed-day cost of **£{cost_assumptions.bed_day_cost_gbp:,.2f}** and a peer-worker cost of "
    f"**£{cost_assumptions.peer_worker_cost_gbp:,.0f}** a year ({cost_assumptions.price_year} prices). Moving to "
    f"another price year re-expresses both with the same index, so the £ figures change and the ratios do not."
))
costing

# %% [markdown]
# ## The six ratios and the pooled figure

# %%
psa = sensitivity.probabilistic(analysis, sensitivity.load_specs(analysis), n_draws=n_draws)
intervals = {outcome: psa.interval(outcome) for outcome in psa.ratios}
figure = base.plot(published_ratio, intervals)

# %%
ours = base.pooled_ratio("sample_size")
pattern = weighting.sign_pattern([r.benefit_cost_ratio for r in results])
published_pattern = weighting.SignPattern(
    int(published["studies_ratio_above_one"].value),
    int(published["studies_ratio_zero_to_one"].value),
    int(published["studies_ratio_below_zero"].value),
)
display(Markdown(f"""
| | ours | published |
|---|---|---|
| pooled ratio, weighted by sample size | **{ours.benefit_cost_ratio:.2f} : 1** | {published_ratio:g} : 1 |
| studies above 1 / between 0 and 1 / below 0 | {pattern.above_one} / {pattern.zero_to_one} / {pattern.below_zero} \
| {published_pattern.above_one} / {published_pattern.zero_to_one} / {published_pattern.below_zero} |
"""))

# %% tags=["nbval-check-output"]
print(f"pooled ratio (sample-size weights): {ours.benefit_cost_ratio:.2f}; published: {published_ratio:g}")
print(f"sign pattern: ours {pattern}; published {published_pattern}")

# %% [markdown]
# ## Why ours differs from the published figure
#
# The report's per-study table (bed-days saved per FTE, staffing, sample sizes used as weights,
# its unit costs) came from correspondence with the study authors and is not public, so a gap is
# expected. Four inputs can drive it; the cells below measure each.
#
# 1. **Weights.** A sample-size weighted mean is dominated by the largest study. If one study's
#    sample dwarfs the rest, the pooled figure is essentially that study's ratio.
# 2. **Staffing.** Each ratio is proportional to the caseload (patients per FTE), which every
#    study leaves unpublished; we assume one caseload for all.
# 3. **Bed-use figures that are assumptions** (where a study's abstract gives only a direction),
#    listed at the end of this notebook.
# 4. **Unit costs.** The report's own bed-day and peer-worker costs are unknown; ours are in
#    `data/unit_costs.csv`. Every ratio scales with the bed-day cost and inversely with the worker's cost.

# %%
leave_one_out = weighting.leave_one_out({r.study_id: r.benefit_cost_ratio for r in results}, ours.weights)
heaviest = max(ours.weights, key=ours.weights.__getitem__)
heaviest_share = ours.weights[heaviest] / sum(ours.weights.values())
most_influential = leave_one_out["change"].abs().idxmax()
labels = {r.study_id: r.label for r in results}
display(Markdown(
    f"**Weights.** {labels[heaviest]} carries **{heaviest_share:.0%}** of the sample-size weight "
    f"({ours.weights[heaviest]:,.0f} of {sum(ours.weights.values()):,.0f} patients). The study whose removal moves "
    f"the pooled ratio most is {labels[most_influential]}: without it the pooled ratio is "
    f"**{leave_one_out.loc[most_influential, 'benefit_cost_ratio']:.2f} : 1** instead of {ours.benefit_cost_ratio:.2f}. "
    f"The report's weights are not public; if its sample size for this study was much smaller, or the study was "
    f"not among its six, its pooled figure would sit far closer to the equal-weights figure below."
))

# %%
matching_caseload = analysis.solve("caseload", ours.outcome_id, target=published_ratio)
factor = matching_caseload / analysis.staffing.caseload
display(Markdown(
    f"**Staffing and unit costs.** Our pooled ratio would equal the published {published_ratio:g} : 1 at a "
    f"caseload of **{matching_caseload:.0f} patients per FTE at a time**, {factor:.2f} times our assumption of "
    f"{analysis.staffing.caseload:g} — or, equally, if the bed-day cost were {factor:.2f} times higher, or the "
    f"worker's cost {factor:.2f} times lower. Pooled, the studies break even at "
    f"**{ours.break_even_caseload:.1f} patients per FTE**. This explains the gap; it is not used to set anything."
))

# %% [markdown]
# ## Does the choice of weights matter?
#
# Weighting by sample size gives large studies more say, but sample size says nothing about how
# precise a study's bed-use estimate is, or how much peer support it involved. Equal weights, and
# the ratio of totals (all the beds saved, valued, over all the peer work, costed: each ratio
# weighted by its FTE-years), are shown beside the report's choice.

# %%
pd.DataFrame([{"weights": peer_labels.scheme_label(p.scheme), "benefit_cost_ratio": p.benefit_cost_ratio,
               "break_even_caseload": p.break_even_caseload} for p in base.pooled]).set_index("weights").round(2)

# %% [markdown]
# ## Leave one out
#
# How far does each study move the pooled figure? Each row pools the other five.

# %%
leave_one_out.round(2)

# %% [markdown]
# ## Every assumption behind these figures

# %%
lines = [f"* **{s.label}** — `{i.name}` = {i.value:g} {i.unit}: {i.reason}" for s in six for i in s.assumptions]
display(Markdown("\n".join(lines)))

# %% [markdown]
# ## The wider evidence
#
# The six studies are not the only evidence. Two other bodies of work, each with its own method
# and price year, are set beside ours (figures and sources in `data/published.csv`):
#
# * the **Cochrane review** of consumer-providers (Pitt et al. 2013), which pooled only randomised
#   trials and looked at clinical and service-use outcomes rather than costs;
# * the **Washington State Institute for Public Policy** (WSIPP), whose benefit-cost model values
#   adding a peer specialist to a treatment team in US dollars at its own price year.

# %%
context = [
    ("Ours: pooled benefit:cost ratio, weighted by sample size",
     f"{ours.benefit_cost_ratio:.2f} : 1 ({cost_assumptions.price_year} £)", "computed here from data/"),
    ("Trachtenberg et al. 2013: pooled benefit:cost ratio", f"{published_ratio:g} : 1 (2011-12 £)",
     published["pooled_ratio_sample_size_weighted"].source),
    ("WSIPP: benefit per dollar of cost, peer specialist added to a team",
     f"{published['wsipp_benefit_cost_ratio'].value:g} : 1 ({published['wsipp_benefit_cost_ratio'].unit}); "
     f"chance benefits exceed costs {published['wsipp_chance_benefits_exceed_costs'].value:.0%}",
     published["wsipp_benefit_cost_ratio"].source),
    ("Cochrane review (Pitt et al. 2013): randomised trials",
     f"{published['cochrane_trials'].value:g} ({published['cochrane_trials_substitute'].value:g} with peers replacing "
     f"staff, {published['cochrane_trials_adjunct'].value:g} adding them); little difference in most outcomes",
     published["cochrane_trials"].source),
    ("Cochrane review: crisis and emergency service use",
     f"a small reduction, standardised mean difference {published['cochrane_crisis_use_smd'].value:g}",
     published["cochrane_crisis_use_smd"].source),
]
pd.DataFrame(context, columns=["evidence", "finding", "source"]).set_index("evidence")

# %% [markdown]
# These figures are not directly comparable: WSIPP counts a wider set of benefits in US dollars,
# the Cochrane review does not value anything in money, and our ratio counts inpatient beds only.
# Together they say the same thing as the uncertainty analysis: the evidence that peer workers
# save hospital beds is thin, and the size of any saving depends on assumptions no study settles.

# %%
if results_csv:
    id_suffix = "".join(f"_{part}" for part in [price_year, *extra_ids] if part)
    report.write_results(report.pooled_rows(base, published_ratio, id_suffix), results_csv)
