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
# # 5. The Leeds claim and the counterfactual
#
# In 2010 the charity Together reported that the Leeds Survivor-Led Crisis Service (Dial House)
# costs less a day than an inpatient stay and so saves money every year. A saving only exists if,
# **without** the crisis house, people would have been in hospital: the *counterfactual*. This
# notebook unpicks the claim.

# %% tags=["parameters"]
price_year = ""  # financial year of the sums, e.g. "2011-12"; "" keeps the claim's own (data/crisis_house.csv)
crisis_cost_per_visit_gbp = None  # £ per crisis-house visit, at price_year; None: data/crisis_house.csv
inpatient_cost_per_day_gbp = None  # £ per inpatient day, at price_year; None: data/crisis_house.csv

# %%
import pandas as pd
from IPython.display import Markdown, display

from peerlib.api import (
    check_break_even_share, check_implied_diverted_days, crisis_saving_curve, evaluate_crisis_house, gbp_text,
    load_crisis_house_figures, load_crisis_house_inputs, publish_parameters, values_shown,
)

claim = load_crisis_house_inputs()  # the figures as published
# The same at price_year prices, with this notebook's figures
inputs = load_crisis_house_inputs(price_year=price_year or None).with_overrides(
    crisis_cost_per_visit_gbp=crisis_cost_per_visit_gbp, inpatient_cost_per_day_gbp=inpatient_cost_per_day_gbp)
publish_parameters(inputs)
figures = load_crisis_house_figures()
moved = "" if inputs == claim else (
    f" This notebook's figures, at {inputs.price_year} prices: {gbp_text(inputs.crisis_cost_per_visit_gbp)} a visit "
    f"against {gbp_text(inputs.inpatient_cost_per_day_gbp)} an inpatient day, and a saving of "
    f"{gbp_text(inputs.claimed_annual_saving_gbp)} a year.")
display(Markdown(f"The claim ({claim.price_year} prices): the service \"supports people at a cost of "
                 f"{gbp_text(claim.crisis_cost_per_visit_gbp, None)} per day per person while a stay at an acute "
                 f"hospital as an in-patient is about {gbp_text(claim.inpatient_cost_per_day_gbp, None)} per day, "
                 f"providing a saving of {gbp_text(claim.claimed_annual_saving_gbp, None)} each year\".{moved} The figures behind the comparison, "
                 f"each with its source or flagged as an assumption:"))
values_shown(pd.DataFrame([vars(f) for f in figures.values()]).set_index("item")[
    ["value", "unit", "status", "source", "reason"]])

# %% [markdown]
# **Exercise 1.** If each crisis-house day replaces one inpatient day, how many such days a year
# does the claimed saving imply, to a whole number? (`inputs.claimed_annual_saving_gbp`,
# `inputs.inpatient_cost_per_day_gbp`, `inputs.crisis_cost_per_visit_gbp`)

# %% tags=["exercise"]
answer_implied_days = inputs.claimed_annual_saving_gbp / (inputs.inpatient_cost_per_day_gbp - inputs.crisis_cost_per_visit_gbp)

# %% tags=["check"]
check_implied_diverted_days(answer_implied_days, price_year, crisis_cost_per_visit_gbp, inpatient_cost_per_day_gbp)

# %% [markdown]
# **Exercise 2.** Every visit costs money, but only some visits replace a hospital day. What share
# of visits must replace a hospital day for the service to break even (a fraction, to two decimal
# places)?

# %% tags=["exercise"]
answer_break_even_share = inputs.crisis_cost_per_visit_gbp / inputs.inpatient_cost_per_day_gbp

# %% tags=["check"]
check_break_even_share(answer_break_even_share, price_year, crisis_cost_per_visit_gbp, inpatient_cost_per_day_gbp)

# %% [markdown]
# The saving a year as a function of the share of visits that replace a hospital day:

# %%
figure = crisis_saving_curve(evaluate_crisis_house(inputs))

# %%
display(Markdown(f"*To discuss:* when the claim was made, the crisis house opened "
                 f"{figures['hours_open_per_night'].value:g} hours a night on "
                 f"{figures['nights_open_per_week'].value:g} nights a week. Is the crisis-house figure a cost "
                 f"per day? Does one evening visit replace a whole day in hospital? What would you need to "
                 f"measure to know the share of visits that do?"))
