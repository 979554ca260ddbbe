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
# # 2. From bed-days to a benefit:cost ratio
#
# Sledge et al. (2011) randomised people with repeated psychiatric admissions to a peer mentor
# plus usual care, or usual care alone, and counted hospital days over nine months. Here you turn
# their figures into the report's measure: **bed-days saved per FTE peer worker per year**, and then
# a **benefit:cost ratio**.

# %% tags=["parameters"]
study_id = "sledge2011"  # the study the exercises use (the checks are written for sledge2011)

# %%
from IPython.display import Markdown, display

from peerlib import costs, studies, teaching

study = studies.load_study(study_id)
c = costs.load_cost_assumptions()
study.inputs_table()

# %% [markdown]
# ## Three steps
#
# 1. Bed-days saved **per patient** over follow-up: control arm minus peer arm.
# 2. Times the patients in the **peer arm**: all bed-days the peer workers saved.
# 3. Divided by the peer-worker input in **FTE-years**: FTE x follow-up months / 12. A nine-month
#    study with 2 FTE used 1.5 FTE-years.
#
# `study.value("bed_days_control")`, `study.value("bed_days_peer")`, `study.n_peer`,
# `study.peer_fte` and `study.followup_months` hold what you need.

# %% [markdown]
# **Exercise 1.** Bed-days saved per FTE-year.

# %% tags=["exercise"]
answer_bed_days_saved_per_fte_year = (study.value("bed_days_control") - study.value("bed_days_peer")) * study.n_peer / (study.peer_fte * study.followup_months / 12)

# %% tags=["check"]
teaching.check_bed_days_saved_per_fte_year(answer_bed_days_saved_per_fte_year)

# %% [markdown]
# ## Valuing the beds
#
# Each bed-day saved is worth the cost of a bed-day, `c.bed_day_cost_gbp`. The ratio compares the
# value of a year's bed-days saved with a year of the worker's cost, `c.peer_worker_cost_gbp`.

# %%
display(Markdown(f"Bed-day cost £{c.bed_day_cost_gbp:,.2f}; peer worker £{c.peer_worker_cost_gbp:,.0f} a year "
                 f"({c.price_year} prices)."))

# %% [markdown]
# **Exercise 2.** The benefit:cost ratio.

# %% tags=["exercise"]
answer_ratio = answer_bed_days_saved_per_fte_year * c.bed_day_cost_gbp / c.peer_worker_cost_gbp

# %% tags=["check"]
teaching.check_benefit_cost_ratio(answer_ratio)

# %% [markdown]
# The staffing (`peer_fte`) is an **assumption**: no study publishes it. Halve it and the ratio
# doubles. The next notebook shows a way round that.
