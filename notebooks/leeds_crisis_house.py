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
# # The Leeds crisis house: £180 a day against £259, "saving £28,000 a year"
#
# In 2010 the charity Together reported that the Leeds Survivor-Led Crisis Service (Dial House)
# "supports people at a cost of £180 per day per person while a stay at an acute hospital as an
# in-patient is about £259 per day, providing a saving of £28,000 each year". This notebook
# unpacks the claim: what it implies, what it assumes, and how the saving depends on the one thing
# nobody measured — how many crisis-house visits truly replace a hospital day.

# %% tags=["parameters"]
price_year = ""  # financial year of all sums, e.g. "2011-12"; "" keeps the claim's own (assumed) price year
visits_per_year = None  # crisis-house visits a year; None: the middle of the published 60-100 a month
diversion_share = None  # share of visits that replace inpatient care, 0 to 1; None: data/crisis_house.csv
inpatient_days_per_visit = None  # inpatient days one diverted visit replaces; None: data/crisis_house.csv
results_csv = ""  # file to write the crisis-house row of results to; "" writes nothing

# %%
from IPython.display import Markdown, display
import pandas as pd

from peerlib import costs, crisis_house, plots, report

inputs = crisis_house.load_crisis_house_inputs(price_year=price_year or None).with_overrides(
    visits_per_year=visits_per_year, diversion_share=diversion_share, inpatient_days_per_visit=inpatient_days_per_visit
)
result = crisis_house.evaluate_crisis_house(inputs)
figures = crisis_house.load_crisis_house_figures()

# %% [markdown]
# ## The figures and their sources

# %%
pd.DataFrame([vars(f) for f in figures.values()]).set_index("item")[
    ["value", "unit", "price_year", "price_year_status", "status", "source", "reason"]
]

# %% [markdown]
# ## What the claim implies
#
# If one day at the crisis house replaces one day in hospital, each such day saves the difference
# in cost. Dividing the claimed saving by that difference gives the number of hospital days the
# service must have replaced in a year.

# %%
display(Markdown(f"""
* Saving per diverted day: £{inputs.inpatient_cost_per_day_gbp:,.2f} − £{inputs.crisis_cost_per_visit_gbp:,.2f}
  = **£{result.saving_per_diverted_day_gbp:,.2f}** ({inputs.price_year} prices).
* Diverted days the £{inputs.claimed_annual_saving_gbp:,.0f} claim implies:
  £{inputs.claimed_annual_saving_gbp:,.0f} / £{result.saving_per_diverted_day_gbp:,.2f}
  = **{result.implied_diverted_days:.0f} days a year**.
"""))

# %% tags=["nbval-check-output"]
print(f"saving per diverted day: £{result.saving_per_diverted_day_gbp:,.0f}; "
      f"implied diverted days: {result.implied_diverted_days:.0f} a year")

# %% [markdown]
# ## The counterfactual: how many visits really replace a hospital day?
#
# A saving exists only for visits by people who would otherwise have been in hospital. If only a
# share of visits do, the service still pays for *every* visit. The service saves money only when
# that share is above the **break-even diversion share**: crisis cost / (inpatient cost x inpatient
# days replaced per visit).

# %%
display(Markdown(f"""
* Break-even diversion share: £{inputs.crisis_cost_per_visit_gbp:,.2f} /
  (£{inputs.inpatient_cost_per_day_gbp:,.2f} x {inputs.inpatient_days_per_visit:g})
  = **{result.break_even_diversion_share:.2f}**. Below this share, the service costs more than it saves.
* With {inputs.visits_per_year:,.0f} visits a year, the claimed £{inputs.claimed_annual_saving_gbp:,.0f} needs a
  diversion share of **{result.implied_diversion_share:.2f}**.
* At the diversion share set here ({inputs.diversion_share:g}), the annual saving is
  **£{result.annual_saving_gbp:,.0f}**, and every £1 spent avoids £{result.benefit_cost_ratio:.2f} of inpatient care.
"""))

# %%
figure = plots.crisis_saving_curve(result)

# %% [markdown]
# ## Is "£180 per day" a day?
#
# In 2009-10 Dial House opened in the evening only, on a few nights a week (see the figures
# above), and recorded 60 to 100 visits a month. "£180 per day per person" is therefore most likely
# a cost per *evening visit*, not per 24-hour day. Whether an evening visit replaces a whole
# inpatient day is itself an assumption — set `inpatient_days_per_visit` to explore it: below 1 if
# a visit stands in for less than a day, above 1 if it averts an admission of several days.

# %%
reading = crisis_house.read_claim(inputs, figures)
display(Markdown(
    f"Dial House then opened **{figures['hours_open_per_night'].value:g} hours a night on "
    f"{figures['nights_open_per_week'].value:g} nights a week**, with "
    f"{figures['visits_per_month_low'].value:g}-{figures['visits_per_month_high'].value:g} visits a month. "
    f"**{reading.statement()}**"
))

# %% [markdown]
# ## Price years
#
# The £259 inpatient figure is older than, and different from, the England 2011-12 reference cost
# of a mental health bed-day used for the six studies. Neither the £180 nor the £259 states its
# price year; 2009-10 is assumed (see the table above). Comparing them fairly means expressing
# both in one price year.

# %%
index = costs.load_price_index()
reference = costs.load_unit_costs(index=index)["bed_day_cost_gbp"]
claimed_inpatient = figures["inpatient_cost_per_day_gbp"]
claimed_crisis = figures["crisis_cost_per_visit_gbp"]
inpatient_at_reference_year = index.convert(claimed_inpatient.value, claimed_inpatient.price_year, reference.price_year)
crisis_at_reference_year = index.convert(claimed_crisis.value, claimed_crisis.price_year, reference.price_year)
break_even_at_reference_cost = crisis_house.break_even_diversion_share(
    crisis_at_reference_year, reference.value, inputs.inpatient_days_per_visit
)
display(Markdown(
    f"£{claimed_inpatient.value:,.0f} at {claimed_inpatient.price_year} prices is **£{inpatient_at_reference_year:,.0f}** "
    f"at {reference.price_year} prices, against a reference cost of £{reference.value:,.0f} that year: the claim's "
    f"inpatient day is {1 - inpatient_at_reference_year / reference.value:.0%} cheaper. Valued at £{reference.value:,.0f}, "
    f"the break-even diversion share would be {break_even_at_reference_cost:.2f} "
    f"instead of {result.break_even_diversion_share:.2f}."
))

# %%
if results_csv:
    report.write_results([report.crisis_house_row(result)], results_csv)
