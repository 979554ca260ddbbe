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
# # 2. From bed-days to a benefit:cost ratio
#
# Studies of peer support count hospital use over their own follow-up period, for however many
# patients they enrolled. To compare them, the report puts every study on one scale: **bed-days
# saved per FTE peer worker per year**. Valued at the cost of a bed-day and set against a year of
# the worker's cost, that gives the **benefit:cost ratio**. Here you take one study through those
# steps.

# %% tags=["parameters"]
study_id = "sledge2011"  # the study to work through: any study_id in data/studies.csv
caseload = None  # patients one FTE peer worker supports at a time; None: data/staffing.csv

# %%
from IPython.display import Markdown, display

from peerlib.api import (
    OUTCOME_FORMS, check_bed_days_saved_per_fte_year, check_benefit_cost_ratio, check_fte_years, figure_text,
    gbp_text, load_cost_assumptions, load_staffing, load_study, publish_parameters, values_shown,
)

study = load_study(study_id)
c = load_cost_assumptions()
staffing = load_staffing().with_caseload(caseload, "notebook parameter caseload")
assumed_caseload = staffing.caseload_for(study)  # patients per FTE at a time, as the study delivered support
publish_parameters(staffing)
display(Markdown(f"**{study.label}.** {study.summary}"))
values_shown(study.inputs_table())

# %% [markdown]
# ## Worked step: bed-days saved per patient
#
# Studies report bed use in different forms; each is turned into one figure, `delta`, the
# bed-days saved per patient in the peer arm over the follow-up (control minus peer: positive
# when peer support saved beds).

# %%
form = OUTCOME_FORMS[study.outcome_form]
delta = form.delta(study.values())  # bed-days saved per peer-arm patient over follow-up
display(Markdown(f"This study reports {form.description}. "
                 f"Bed-days saved per patient over {study.followup_months:g} months: **{figure_text(delta)}**."))

# %% [markdown]
# ## Scaling to one worker for one year
#
# The bed-days saved by the whole peer arm are `delta` x `study.n_peer`. How much peer work was
# behind them? No study publishes it, so it rests on one assumption shared by every study: the
# **caseload**, `assumed_caseload`, the number of patients one FTE peer worker supports at a time.
# Each patient was supported for `study.support_months` months. A worker's cost is per year, so
# the peer work is measured in **FTE-years**. Twelve patients, each supported for six months, are
# six patient-years of support; at a caseload of three that is two FTE-years.

# %%
display(Markdown(f"Here: {study.n_peer:,.0f} patients in the peer arm, each supported for "
                 f"{study.support_months:g} months, at a caseload of {assumed_caseload:g} patients per FTE at a time "
                 f"({'data/staffing.csv' if caseload is None else 'set in the first cell'})."))

# %% [markdown]
# **Exercise 1.** The peer work behind this study's peer arm, in FTE-years, to two decimal places.

# %% tags=["exercise"]
answer_fte_years = study.n_peer * study.support_months / 12 / assumed_caseload

# %% tags=["check"]
check_fte_years(answer_fte_years, study_id, caseload)

# %% [markdown]
# **Exercise 2.** Bed-days saved per FTE-year: all the bed-days the peer arm saved, per FTE-year
# of peer work, to a whole number.

# %% tags=["exercise"]
answer_bed_days_saved_per_fte_year = delta * study.n_peer / answer_fte_years

# %% tags=["check"]
check_bed_days_saved_per_fte_year(answer_bed_days_saved_per_fte_year, study_id, caseload)

# %% [markdown]
# ## Valuing the beds
#
# Each bed-day saved is worth the cost of a bed-day, `c.bed_day_cost_gbp`. The ratio compares the
# value of a year's bed-days saved with a year of the worker's cost, `c.peer_worker_cost_gbp`.

# %%
display(Markdown(f"Bed-day cost {gbp_text(c.bed_day_cost_gbp, None)}; peer worker {gbp_text(c.peer_worker_cost_gbp)} a year "
                 f"({c.price_year} prices)."))

# %% [markdown]
# **Exercise 3.** The benefit:cost ratio, to two decimal places.

# %% tags=["exercise"]
answer_ratio = answer_bed_days_saved_per_fte_year * c.bed_day_cost_gbp / c.peer_worker_cost_gbp

# %% tags=["check"]
check_benefit_cost_ratio(answer_ratio, study_id, caseload)

# %% [markdown]
# The caseload is an **assumption**: no study publishes it. Double it and the ratio doubles. The
# next notebook shows a way round that.
#
# *To try:* set `study_id` in the first cell to another study, e.g. `"min2007"`, and run the
# notebook again. Which step changes most?
