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
# # One study: what a peer worker saves in hospital beds, and what it costs
#
# This notebook follows one of the six studies behind *Peer support in mental health care: is it
# good value for money?* (Trachtenberg, Parsonage, Shepherd & Boardman, Centre for Mental Health,
# 2013) from its published figures to a **benefit:cost ratio**: the value of the psychiatric
# bed-days that one full-time-equivalent (FTE) peer support worker saves in a year, divided by
# what that worker costs to employ for a year. A ratio above 1 means the beds saved are worth more
# than the worker costs; a ratio below 0 means the peer arm used *more* beds.
#
# No study publishes how many patients a peer worker supported, and every ratio is proportional to
# that number, so the headline here is the **break-even caseload**: the number of patients one FTE
# must support at a time for the beds saved to pay for the worker. It needs no staffing
# assumption. The ratio at the assumed caseload (the parameter `caseload`) comes second.
#
# The same notebook serves all six studies: the parameter `study_id` chooses one. Every number
# shown is computed by the `peerlib` package from the files in `data/`, where each figure names
# its source or is flagged as an assumption with its reason.

# %% tags=["parameters"]
study_id = "sledge2011"  # a study_id of data/studies.csv
price_year = ""  # financial year of all costs, e.g. "2024-25"; "" keeps the base year of data/unit_costs.csv
bed_day_cost_gbp = None  # £ per psychiatric inpatient bed-day at price_year; None: data/unit_costs.csv
peer_worker_salary_gbp = None  # £ a year for one FTE peer worker at price_year; None: data/unit_costs.csv
overhead_rate = None  # overheads as a fraction of salary and on-costs; None: data/unit_costs.csv
caseload = None  # patients one FTE peer worker supports at a time, for every study; None: data/staffing.csv
results_csv = ""  # file to write this study's row of results to; "" writes nothing

# %%
from IPython.display import Markdown, display

from peerlib import model as peer_model
from peerlib import plots, report, sensitivity
from peerlib.published import load_published

analysis = peer_model.Model.from_data(
    study_ids=[study_id], price_year=price_year or None, caseload=caseload, caseload_origin="notebook parameter caseload",
    bed_day_cost_gbp=bed_day_cost_gbp, peer_worker_salary_gbp=peer_worker_salary_gbp, overhead_rate=overhead_rate,
)
study = analysis.study(study_id)
cost_assumptions = analysis.costs
result = analysis.base_case().study(study_id)

# %% [markdown]
# ## The study

# %%
display(Markdown(f"""
**{study.label}** — {study.source}

* **Country:** {study.country}. **Design:** {study.design.replace("_", " ")}. **Peer role:** {study.peer_role}
  (peers added to a service, not replacing staff).
* **What it did:** {study.summary}
* **Why it is here:** {study.inclusion_reason}. {"It is in the pooled analysis." if study.included
  else "It is *not* in the pooled analysis (see `included` in data/studies.csv)."}
"""))
if study.caveat:
    display(Markdown(f"**Caveat.** {study.caveat}"))

# %% [markdown]
# ## Its figures, and which of them are assumptions
#
# Each row below is one input. *Published* figures give their source (a citation and where in it
# the figure stands); *assumptions* give the reason for the value chosen. The report obtained
# staffing figures by writing to the study authors, and those letters are not public, so peer
# staffing is not a figure of any one study: it comes from the one shared assumption, `caseload`
# (in `data/staffing.csv`), and how long each patient was supported (`support_months`).

# %%
study.inputs_table()

# %% [markdown]
# What the study itself reported beyond these inputs, for comparison:

# %%
published = [f for f in load_published().values() if f.study_id == study.study_id]
display(Markdown("\n".join(f"* {f.figure_id}: **{f.value:g}** {f.unit} — {f.source}" for f in published)
                 or "No further headline figures are recorded for this study in data/published.csv."))

# %% [markdown]
# ## From published figures to a ratio, step by step
#
# 1. **Bed-days saved per patient** over the follow-up period. Studies report bed use in different
#    forms (mean bed-days in each arm, a total saved, admissions, proportions admitted, odds
#    ratios); each form has one conversion in `peerlib.outcomes`.
# 2. **Scale to one FTE-year**: multiply by the patients in the peer arm, then divide by the
#    peer work behind them, in FTE-years: patients x months of support / (12 x caseload).
# 3. **Value the bed-days** at the cost of a psychiatric inpatient day.
# 4. **Divide by the cost of employing one FTE peer worker for a year.**

# %%
peer_model.calculation_steps(result)

# %% [markdown]
# The cost of a peer worker is built up from its parts (all at the same price year):

# %%
cost_assumptions.components()

# %% [markdown]
# ## Break-even: the figure that needs no staffing assumption
#
# The ratio depends on how many patients one FTE supports — exactly the figure no study
# publishes. Turning the question round avoids it: **how many patients must one FTE support at a
# time for the beds saved to pay for the worker?** If a plausible caseload is above this
# break-even caseload, peer support pays for itself on bed use alone.

# %%
if result.break_even_caseload is None:
    break_even_text = ("This study's staffing is its own (published intensity or FTE), not the shared caseload, "
                       "so no break-even caseload is defined.")
elif result.break_even_caseload == float("inf"):
    break_even_text = "The peer arm saved no bed-days, so no caseload makes peer support pay for itself on bed use."
else:
    break_even_text = (f"One FTE must support **{result.break_even_caseload:.1f} patients at a time**, each for "
                       f"{result.support_months:g} months. The assumed caseload is {result.caseload:g} patients per "
                       f"FTE.")
display(Markdown(
    f"{break_even_text} Equivalently, one FTE must save **{result.break_even_bed_days_per_fte_year:.1f} bed-days "
    f"a year** (£{result.peer_worker_cost_gbp:,.0f} / £{result.bed_day_cost_gbp:,.2f}, {result.price_year} prices)."
))

# %%
if result.caseload is not None:
    figure = plots.caseload_plot(result)

# %% [markdown]
# ## Which inputs move the ratio?
#
# Each input in turn at the low and high end of its range (`data/uncertainty.csv`), the others at
# their base values. The widest bars are the inputs the verdict depends on.

# %%
one_way = sensitivity.one_way(analysis, sensitivity.load_specs(analysis))
figure = one_way.plot(study_id, f"{study.label}: one input at a time", analysis.labels(), top=8)

# %% [markdown]
# ## The result

# %% tags=["nbval-check-output"]
print(f"{study.study_id}: {report.break_even_text(result.break_even_caseload)}; "
      f"benefit:cost ratio {result.benefit_cost_ratio:.2f} ({result.price_year} prices)")

# %% [markdown]
# ## What we do not know
#
# * **Staffing.** The caseload is assumed, one figure for every study; the ratio is proportional
#   to it, so doubling the caseload doubles the ratio. The break-even caseload above does not
#   depend on it.
# * **Only bed use is counted.** Other service costs, and any benefit to the people supported,
#   are left out, as in the report.
# * **The study list itself is inferred.** The report does not name its six studies in any public
#   page; `inclusion_reason` above says why this one is taken to be among them.
# * **Unit costs** are England 2011-12 figures (see `data/unit_costs.csv`), applied to studies from
#   the US and Australia.

# %%
assumption_list = "\n".join(f"* `{i.name}` = {i.value:g} {i.unit}: {i.reason}" for i in study.assumptions)
display(Markdown(f"Assumptions used for this study:\n\n{assumption_list}"))

# %%
if results_csv:
    report.write_results([report.study_row(result, study.included)], results_csv)
