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
# # 3. Break-even: when does a peer worker pay for itself?
#
# A ratio of exactly 1 is **break-even**: the beds saved are worth what the worker costs. Asking
# what it takes to break even avoids the figure nobody publishes: how many patients one worker
# supports.

# %% tags=["parameters"]
study_id = "sledge2011"  # the study to work through: any study_id in data/studies.csv whose peer arm used fewer beds
caseload = None  # patients one FTE peer worker supports at a time; None: data/staffing.csv

# %%
from IPython.display import Markdown, display

from peerlib.api import (
    OUTCOME_FORMS, Model, caseload_plot, check_break_even_bed_days, check_break_even_caseload,
    check_ratio_from_break_even, figure_text, gbp_text, load_cost_assumptions, load_staffing, load_study,
    publish_parameters,
)

study = load_study(study_id)
c = load_cost_assumptions()
staffing = load_staffing().with_caseload(caseload, "notebook parameter caseload")
assumed_caseload = staffing.caseload_for(study)  # patients per FTE at a time, as the study delivered support
publish_parameters(staffing)
delta = OUTCOME_FORMS[study.outcome_form].delta(study.values())  # bed-days saved per patient over follow-up
display(Markdown(f"{study.label}: bed-days saved per patient over {study.followup_months:g} months: {figure_text(delta)}. "
                 f"Bed-day cost {gbp_text(c.bed_day_cost_gbp, None)}; peer worker {gbp_text(c.peer_worker_cost_gbp)} a year "
                 f"({c.price_year} prices)."))

# %% [markdown]
# **Exercise 1.** How many bed-days must one FTE save in a year to pay for itself, to a whole
# number? (Use `c.peer_worker_cost_gbp` and `c.bed_day_cost_gbp`.)

# %% tags=["exercise"]
answer_break_even_bed_days = c.peer_worker_cost_gbp / c.bed_day_cost_gbp

# %% tags=["check"]
check_break_even_bed_days(answer_break_even_bed_days)

# %% [markdown]
# **Exercise 2.** Each patient supported saves `delta` bed-days, and is supported for
# `study.support_months` months. How many patients must one FTE support at a time to break even?
# Start from your answer to exercise 1. Careful with the period: the worker's cost is per year; a
# worker supporting that many patients at a time supports 12 / `study.support_months` times as
# many in a year. Give it to one decimal place.

# %% tags=["exercise"]
answer_break_even_caseload = answer_break_even_bed_days * study.support_months / (12 * delta)

# %% tags=["check"]
check_break_even_caseload(answer_break_even_caseload, study_id)

# %% [markdown]
# The break-even caseload needs no caseload assumption, but it does depend on the months of
# support assumed (`study.support_months`): double them and it doubles. The ratio needs both: it
# is proportional to the caseload, `assumed_caseload`, the shared assumption of every study (no
# study publishes its staffing), and it is exactly 1 at the break-even caseload.

# %%
display(Markdown(f"Assumed caseload: {assumed_caseload:g} patients per FTE at a time "
                 f"({'data/staffing.csv' if caseload is None else 'set in the first cell'})."))

# %% [markdown]
# **Exercise 3.** Using only `assumed_caseload` and your break-even caseload, what is the
# benefit:cost ratio at the assumed caseload, to two decimal places?

# %% tags=["exercise"]
answer_ratio_at_caseload = assumed_caseload / answer_break_even_caseload

# %% tags=["check"]
check_ratio_from_break_even(answer_ratio_at_caseload, study_id, caseload)

# %% [markdown]
# The ratio is a straight line in the caseload; it crosses 1 at the break-even caseload. Compare
# the break-even caseload with what a peer worker can plausibly support: if it is well within
# reach, the conclusion does not hang on the unpublished staffing.

# %%
figure = caseload_plot(Model.from_data(study_ids=[study_id], caseload=caseload).base_case().study(study_id))
