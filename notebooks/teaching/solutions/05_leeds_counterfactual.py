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
# # 5. The Leeds claim and the counterfactual
#
# "The service supports people at a cost of £180 per day per person while a stay at an acute
# hospital as an in-patient is about £259 per day, providing a saving of £28,000 each year."
# A saving only exists if, **without** the crisis house, people would have been in hospital: the
# *counterfactual*. This notebook unpicks the claim.

# %% tags=["parameters"]
price_year = ""  # financial year of the sums; "" keeps the claim's own (assumed 2009-10)

# %%
from peerlib import crisis_house, plots, teaching

inputs = crisis_house.load_crisis_house_inputs(price_year=price_year or None)
inputs

# %% [markdown]
# **Exercise 1.** If each crisis-house day replaces one inpatient day, how many such days a year
# does the £28,000 saving imply? (`inputs.claimed_annual_saving_gbp`,
# `inputs.inpatient_cost_per_day_gbp`, `inputs.crisis_cost_per_visit_gbp`)

# %% tags=["exercise"]
answer_implied_days = inputs.claimed_annual_saving_gbp / (inputs.inpatient_cost_per_day_gbp - inputs.crisis_cost_per_visit_gbp)

# %% tags=["check"]
teaching.check_implied_diverted_days(answer_implied_days)

# %% [markdown]
# **Exercise 2.** Every visit costs money, but only some visits replace a hospital day. What share
# of visits must replace a hospital day for the service to break even (a fraction)?

# %% tags=["exercise"]
answer_break_even_share = inputs.crisis_cost_per_visit_gbp / inputs.inpatient_cost_per_day_gbp

# %% tags=["check"]
teaching.check_break_even_share(answer_break_even_share)

# %%
figure = plots.crisis_saving_curve(crisis_house.evaluate_crisis_house(inputs))

# %% [markdown]
# *To discuss:* in 2009-10 the crisis house opened in the evenings on three nights a week. Is
# "£180 per day" a cost per day? Does one evening visit replace a whole day in hospital?
