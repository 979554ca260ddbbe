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
# # 3. Break-even: when does a peer worker pay for itself?
#
# A ratio of exactly 1 is **break-even**: the beds saved are worth what the worker costs. Asking
# what it takes to break even avoids the figure nobody publishes: how many patients one worker
# supports.

# %% tags=["parameters"]
study_id = "sledge2011"  # the study to work through: any study_id in data/studies.csv whose peer arm used fewer beds

# %%
from IPython.display import Markdown, display

from peerlib import costs, plots, ratios, studies, teaching

study = studies.load_study(study_id)
c = costs.load_cost_assumptions()
delta = ratios.study_delta(study)  # bed-days saved per patient over follow-up
display(Markdown(f"{study.label}: bed-days saved per patient over {study.followup_months:g} months: {delta:.2f}. "
                 f"Bed-day cost £{c.bed_day_cost_gbp:,.2f}; peer worker £{c.peer_worker_cost_gbp:,.0f} a year "
                 f"({c.price_year} prices)."))

# %% [markdown]
# **Exercise 1.** How many bed-days must one FTE save in a year to pay for itself? (Use
# `c.peer_worker_cost_gbp` and `c.bed_day_cost_gbp`.)

# %% tags=["exercise"]
answer_break_even_bed_days = c.peer_worker_cost_gbp / c.bed_day_cost_gbp

# %% tags=["check"]
teaching.check_break_even_bed_days(answer_break_even_bed_days)

# %% [markdown]
# **Exercise 2.** Each patient supported saves `delta` bed-days over the follow-up period. How many
# patients must one FTE support over that period to break even? Careful with the period: the
# worker's cost is per year, the follow-up is `study.followup_months` long.

# %% tags=["exercise"]
answer_break_even_caseload = c.peer_worker_cost_gbp * study.followup_months / (12 * delta * c.bed_day_cost_gbp)

# %% tags=["check"]
teaching.check_break_even_caseload(answer_break_even_caseload, study_id)

# %% [markdown]
# The ratio is a straight line in the caseload; it crosses 1 at your answer. Compare the
# break-even caseload with what a peer worker can plausibly support: if it is well within reach,
# the conclusion does not hang on the unpublished staffing.

# %%
figure = plots.caseload_plot(ratios.evaluate_study(study, c))
