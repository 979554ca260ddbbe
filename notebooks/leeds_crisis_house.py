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
# # The Leeds crisis house: what a claimed saving needs to be true
#
# The charity Together reported that the Leeds Survivor-Led Crisis Service (Dial House), a
# crisis sanctuary run by people with experience of mental distress, supports people for less a day
# than a stay in hospital and so saves money every year. This notebook unpacks the claim: what it
# implies, what it assumes, and how the saving depends on the one thing nobody measured — how
# many crisis-house visits truly replace a hospital day. Every figure below comes from
# `data/crisis_house.csv` and `data/published.csv`, with its source.

# %% tags=["parameters"]
price_year = ""  # financial year of all sums, one of data/price_index.csv; "" keeps the claim's own (assumed) year
visits_per_year = None  # crisis-house visits a year; None: the middle of the published range of visits a month
diversion_share = None  # fraction of crisis-house visits that replace inpatient care, 0 to 1; None: data/crisis_house.csv
inpatient_days_per_visit = None  # inpatient days one diverted visit replaces; None: data/crisis_house.csv
results_csv = ""  # file to write the report's rows of results to; "" writes nothing

# %%
import pandas as pd
from IPython.display import Markdown, display

pd.set_option("display.max_colwidth", None)  # sources and reasons in full, never cut off

from peerlib.api import (
    CLAIM_FIGURE, break_even_diversion_share, crisis_house_row, evaluate_crisis_house, figure_text, formatted, gbp_text,
    gbp_whole, load_crisis_house_figures, load_crisis_house_inputs, load_price_index, load_published, load_unit_costs,
    parameter_label, percent_text, plot, publish_parameters, read_claim, variant_suffix, write_results,
)

inputs = load_crisis_house_inputs(price_year=price_year or None).with_overrides(
    visits_per_year=visits_per_year, diversion_share=diversion_share, inpatient_days_per_visit=inpatient_days_per_visit
)
publish_parameters(inputs)
result = evaluate_crisis_house(inputs)
figures = load_crisis_house_figures()
claim = load_published()[CLAIM_FIGURE]
reading = read_claim(inputs, figures)
claimed_crisis, claimed_inpatient = figures["crisis_cost_per_visit_gbp"], figures["inpatient_cost_per_day_gbp"]
claim_year = claimed_crisis.price_year
year_note = f"Both are at {inputs.price_year} prices"
if inputs.price_year != claim_year:
    year_note += f", converted from {claim_year}"
year_note += "."
if claimed_crisis.price_year_status == "assumption":
    year_note += f" The claim states no price year, so {claim_year} is assumed."

# %% tags=["summary", "nbval-check-output"]
display(Markdown(
    f"**The claim, read against the visits Dial House reported.** {reading.describe()}\n\n"
    f"*It rests on* the claim's {gbp_whole(inputs.crisis_cost_per_visit_gbp)} a visit against "
    f"{gbp_whole(inputs.inpatient_cost_per_day_gbp)} an inpatient day, and the "
    f"{figures['visits_per_month_low'].value:g} to {figures['visits_per_month_high'].value:g} visits a month "
    f"Dial House reported. {year_note}\n\n"
    f"*Main caveat:* Dial House opened {figures['hours_open_per_night'].value:g} hours a night on "
    f"{figures['nights_open_per_week'].value:g} nights a week, so the claimed cost 'per day' is most likely a cost "
    f"per evening visit. That a visit replaces a whole inpatient day is itself an assumption."
))

# %% [markdown]
# ## The claim and its sources

# %%
display(Markdown(
    f"Together reported that Dial House supports people at a cost of **{gbp_whole(claimed_crisis.value)} per day per "
    f"person**, while an inpatient day costs about **{gbp_whole(claimed_inpatient.value)}**, a saving of "
    f"**{gbp_whole(claim.value)} a year**. The figures, each with its source or the reason for it:"))
rows = [{"figure": parameter_label(f.item, stored=True), "value": figure_text(f.value),
         "price year": f.price_year + (" (assumed)" if f.price_year_status == "assumption" else ""),
         "status": f.status,
         "source, reason and note": " ".join(t if t.endswith((".", "'", '"')) else t + "." for t in (f.source, f.reason,
                                                                                                      f.note) if t)}
        for f in figures.values()]
rows.insert(2, {"figure": parameter_label("claimed_annual_saving_gbp", stored=True), "value": figure_text(claim.value),
                "price year": f"{claim_year} (read at the year of the costs it was derived from)",
                "status": "published", "source, reason and note": claim.source})
pd.DataFrame(rows).set_index("figure").rename_axis(None)

# %% [markdown]
# ## Two readings of the claim
#
# **The naive reading.** If one day at the crisis house replaces one day in hospital, each such
# day saves the difference in cost, and dividing the claimed saving by that difference gives the
# hospital days the service must have replaced in a year.
#
# **What it leaves out.** The service pays for *every* visit, but a visit saves money only if the
# person would otherwise have been in hospital. The net saving a year is visits x (share diverted
# x inpatient days per visit x inpatient cost − crisis cost), so the service saves money only when
# the share of visits that truly replace a hospital day is above the **break-even diversion
# share**: crisis cost / (inpatient cost x inpatient days replaced per visit).

# %%
display(Markdown(f"""
* Saving per diverted day: {gbp_text(inputs.inpatient_cost_per_day_gbp, None)} − {gbp_text(inputs.crisis_cost_per_visit_gbp, None)}
  = **{gbp_text(result.saving_per_diverted_day_gbp, None)}**; the naive reading of the
  {gbp_text(inputs.claimed_annual_saving_gbp)} claim: {gbp_text(inputs.claimed_annual_saving_gbp)} /
  {gbp_text(result.saving_per_diverted_day_gbp, None)} = **{result.implied_diverted_days:,.0f} diverted days a year**
  ({inputs.price_year} prices).
* Break-even diversion share: {gbp_text(inputs.crisis_cost_per_visit_gbp, None)} /
  ({gbp_text(inputs.inpatient_cost_per_day_gbp, None)} x {inputs.inpatient_days_per_visit:g})
  = **{formatted(result.break_even_diversion_share, "share")}** of visits. Below this share, the service costs more
  than it saves.
* With {inputs.visits_per_year:,.0f} visits a year, the claimed {gbp_text(inputs.claimed_annual_saving_gbp)} needs
  **{formatted(result.implied_diversion_share, "share")}** of visits to replace an inpatient day.
* At the diversion share set here ({formatted(inputs.diversion_share, "share")} of visits), the annual saving is
  **{gbp_text(result.annual_saving_gbp)}**, and every £1 spent avoids {gbp_text(result.benefit_cost_ratio, 2)} of inpatient
  care.
"""))

# %%
figure = plot(result)

# %% [markdown]
# ## A day, or an evening visit?
#
# The claim prices a crisis-house "day". Dial House opened in the evening only, on a few nights a
# week, so the cost is most likely a cost per *evening visit*, not per 24-hour day. Whether an
# evening visit replaces a whole inpatient day is itself an assumption — set
# `inpatient_days_per_visit` to explore it: below 1 if a visit stands in for less than a day, above
# 1 if it averts an admission of several days.

# %%
display(Markdown(
    f"When the claim was made, Dial House opened **{figures['hours_open_per_night'].value:g} hours a night on "
    f"{figures['nights_open_per_week'].value:g} nights a week**, with "
    f"{figures['visits_per_month_low'].value:g} to {figures['visits_per_month_high'].value:g} visits a month "
    f"({figures['visits_per_month_low'].note.rstrip('.')}). Here one visit replaces "
    f"{inputs.inpatient_days_per_visit:g} inpatient day{'s' if inputs.inpatient_days_per_visit != 1 else ''}."
))

# %% [markdown]
# ## Price years
#
# The claim's inpatient cost is older than, and different from, the reference cost of a mental
# health bed-day used for the studies. The claim states the price year of neither of its costs
# (the year assumed is in the table above). Comparing them fairly means expressing both in one
# price year.

# %%
index = load_price_index()
reference = load_unit_costs(index=index)["bed_day_cost_gbp"]
inpatient_at_reference_year = index.convert(claimed_inpatient.value, claimed_inpatient.price_year, reference.price_year)
crisis_at_reference_year = index.convert(claimed_crisis.value, claimed_crisis.price_year, reference.price_year)
break_even_at_reference_cost = break_even_diversion_share(
    crisis_at_reference_year, reference.value, inputs.inpatient_days_per_visit
)
display(Markdown(
    f"{gbp_whole(claimed_inpatient.value)} at {claimed_inpatient.price_year} prices is **{gbp_whole(inpatient_at_reference_year)}** "
    f"at {reference.price_year} prices, against a reference cost of {gbp_whole(reference.value)} that year: the claim's "
    f"inpatient day is {percent_text(1 - inpatient_at_reference_year / reference.value)} cheaper. Valued at {gbp_whole(reference.value)}, "
    f"the break-even diversion share would be {formatted(break_even_at_reference_cost, 'share')} of visits "
    f"instead of {formatted(result.break_even_diversion_share, 'share')}."
))

# %%
if results_csv:
    write_results([crisis_house_row(result, reading, variant_suffix(price_year))], results_csv)
