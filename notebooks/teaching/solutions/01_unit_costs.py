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
# # 1. What a unit cost is
#
# A **unit cost** is what one unit of a service costs: one psychiatric bed for one day, one peer
# support worker for one year. Health economists build them from their parts and always state
# the **price year**: a pound in an earlier year bought more than a pound buys today, so sums from
# different years cannot be added or compared until they are moved to one price year.
#
# In this notebook you will cost one full-time-equivalent (FTE) peer support worker for a year,
# then move a cost from one price year to another. Each exercise has a cell marked *your
# calculation*; the cell after it checks your answer and gives a hint if it is not right yet.

# %% tags=["parameters"]
price_year = ""  # financial year to express the bed-day cost in, e.g. "2015-16"; "" is the latest in data/price_index.csv
peer_worker_salary_gbp = None  # £ a year for one FTE peer worker, at the price year of data/unit_costs.csv; None: data/unit_costs.csv

# %%
import pandas as pd
from IPython.display import Markdown, display

from peerlib.api import (
    check_peer_worker_cost, check_price_conversion, gbp_text, load_cost_assumptions, load_price_index,
    load_unit_costs, publish_parameters, values_shown, with_parameters,
)

# The costing used for the six studies, from data/unit_costs.csv, with this notebook's salary
c = load_cost_assumptions().with_overrides(peer_worker_salary_gbp=peer_worker_salary_gbp)
index = load_price_index()  # the price index, from data/price_index.csv
target_year = price_year or index.latest_year
publish_parameters(c)

# %% [markdown]
# ## The parts of a peer worker's cost
#
# An employer pays the **salary**, plus **employer's national insurance** on earnings above a
# threshold, plus an **employer pension contribution**, and carries **overheads** (management,
# premises), here a share of salary and on-costs together. In a year when the NHS Pension Scheme
# was contracted out (until April 2016), the employer's national insurance is reduced by a
# **contracted-out rebate**: a rate on the earnings between a lower and an upper edge (the band);
# in later years that rate is 0. Each figure, with its source (a figure set in this notebook's
# parameters cell says so):

# %%
values_shown(with_parameters(pd.DataFrame([vars(u) for u in load_unit_costs().values()]).set_index("item")[
    ["value", "unit", "price_year", "status", "formula", "source", "reason"]],
    {"peer_worker_salary_gbp": peer_worker_salary_gbp}))

# %% [markdown]
# **Exercise 1.** Using your worker's salary, `c.peer_worker_salary_gbp` (the `peer_worker_salary_gbp`
# of the table above), `c.employer_ni_rate`,
# `c.employer_ni_threshold_gbp`, the rebate (`c.employer_ni_rebate_rate` on the salary between
# `c.employer_ni_rebate_lower_gbp` and `c.employer_ni_rebate_upper_gbp`), `c.employer_pension_rate`
# and `c.overhead_rate`, work out the cost of one FTE peer worker for a year, in £, to the nearest
# pound.

# %% tags=["exercise"]
answer_peer_worker_cost_gbp = (c.peer_worker_salary_gbp + c.employer_ni_rate * (c.peer_worker_salary_gbp - c.employer_ni_threshold_gbp) - c.employer_ni_rebate_rate * (min(c.peer_worker_salary_gbp, c.employer_ni_rebate_upper_gbp) - c.employer_ni_rebate_lower_gbp) + c.employer_pension_rate * c.peer_worker_salary_gbp) * (1 + c.overhead_rate)

# %% tags=["check"]
check_peer_worker_cost(answer_peer_worker_cost_gbp, peer_worker_salary_gbp)

# %% [markdown]
# Notice which parts are **assumptions** (the `status` column of the table above): a
# different pay point, pension rate or overhead rate gives a different unit cost, and every ratio
# in the report moves with it.
#
# ## Price years
#
# A price index gives each year a *level*. A sum moves from year A to year B by multiplying by
# level(B) / level(A). `index.level(year)` gives the level of a year.

# %%
display(Markdown(f"The bed-day cost is {gbp_text(c.bed_day_cost_gbp, None)} at {c.price_year} prices. Index levels: "
                 f"{c.price_year} = {index.level(c.price_year):.2f}, "
                 f"{target_year} = {index.level(target_year):.2f}."))

# %% [markdown]
# **Exercise 2.** Express the bed-day cost at `target_year` prices, to the nearest pound.

# %% tags=["exercise"]
answer_bed_day_cost_later_gbp = c.bed_day_cost_gbp * index.level(target_year) / index.level(c.price_year)

# %% tags=["check"]
check_price_conversion(answer_bed_day_cost_later_gbp, target_year)

# %% [markdown]
# *To discuss:* inflating a 2011-12 unit cost with a price index assumes the service is still
# delivered the same way. When would you re-cost it from today's pay scales instead?
