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
# The same notebook serves all six studies: the parameter `study_id` chooses one. Every number
# shown is computed by the `peerlib` package from the files in `data/`, where each figure names
# its source or is flagged as an assumption with its reason.

# %% tags=["parameters"]
study_id = "sledge2011"  # a study_id of data/studies.csv
price_year = ""  # financial year of all costs, e.g. "2024-25"; "" keeps the base year of data/unit_costs.csv
bed_day_cost_gbp = None  # £ per psychiatric inpatient bed-day at price_year; None: data/unit_costs.csv
peer_worker_salary_gbp = None  # £ a year for one FTE peer worker at price_year; None: data/unit_costs.csv
overhead_rate = None  # overheads as a fraction of salary and on-costs; None: data/unit_costs.csv
peer_fte = None  # FTE peer workers behind the peer arm; None: data/study_inputs.csv (an assumption)
results_csv = ""  # file to write this study's row of results to; "" writes nothing

# %%
from IPython.display import Markdown, display

from peerlib import costs, plots, ratios, report, studies
from peerlib.published import load_published

study = studies.load_study(study_id)
if peer_fte is not None:
    study = study.with_values(peer_fte=peer_fte, reason="set by the notebook parameter peer_fte")
cost_assumptions = costs.load_cost_assumptions(price_year=price_year or None).with_overrides(
    bed_day_cost_gbp=bed_day_cost_gbp, peer_worker_salary_gbp=peer_worker_salary_gbp, overhead_rate=overhead_rate
)
result = ratios.evaluate_study(study, cost_assumptions)

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
# staffing figures by writing to the study authors, and those letters are not public, so the
# peer-worker FTE is an assumption for every study.

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
#    ratios); each form has one conversion in `peerlib.ratios`.
# 2. **Scale to one FTE-year**: multiply by the patients in the peer arm, then divide by the
#    peer-worker input over follow-up (FTE x months / 12).
# 3. **Value the bed-days** at the cost of a psychiatric inpatient day.
# 4. **Divide by the cost of employing one FTE peer worker for a year.**

# %%
ratios.calculation_steps(result)

# %% [markdown]
# The cost of a peer worker is built up from its parts (all at the same price year):

# %%
cost_assumptions.components()

# %% [markdown]
# ## Break-even: the figure that needs no staffing assumption
#
# The ratio depends on how many patients one FTE supports — exactly the figure no study
# publishes. Turning the question round avoids it: **how many patients must one FTE support over
# the follow-up period for the beds saved to pay for the worker?** If a plausible caseload is
# above this break-even caseload, peer support pays for itself on bed use alone.

# %%
if result.break_even_caseload is None:
    break_even_text = "This study enters at the report's own level (bed-days per FTE-year), so no caseload is defined."
elif result.break_even_caseload == float("inf"):
    break_even_text = "The peer arm saved no bed-days, so no caseload makes peer support pay for itself on bed use."
else:
    break_even_text = (f"One FTE must support **{result.break_even_caseload:.1f} patients** over "
                       f"{result.followup_months:g} months. The assumed staffing gives "
                       f"{result.caseload_per_fte:.1f} patients per FTE.")
display(Markdown(
    f"{break_even_text} Equivalently, one FTE must save **{result.break_even_bed_days_per_fte_year:.1f} bed-days "
    f"a year** (£{result.peer_worker_cost_gbp:,.0f} / £{result.bed_day_cost_gbp:,.2f}, {result.price_year} prices)."
))

# %%
figure = plots.caseload_plot(result)

# %% [markdown]
# ## The result

# %% tags=["nbval-check-output"]
print(f"{study.study_id}: benefit:cost ratio {result.benefit_cost_ratio:.2f} ({result.price_year} prices)")

# %% [markdown]
# ## What we do not know
#
# * **Staffing.** The FTE behind each peer arm is assumed; the ratio is proportional to the
#   caseload, so halving the FTE doubles the ratio. The break-even caseload above does not depend
#   on it.
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
