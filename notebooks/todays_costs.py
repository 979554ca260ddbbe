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
# # Today's costs: the ratios re-costed, not re-labelled
#
# The benefit:cost ratios of the report's studies were costed at its base-year prices: a
# bed-day at its national reference cost, a peer worker at an Agenda for Change pay point with that
# year's employer national insurance and pension. Bringing them up to date can mean different
# things, which answer different questions:
#
# * **Rebasing** re-expresses every pound at a later price year with one index. The bed-day cost and
#   the worker's cost are multiplied by the same factor, so **no ratio can change**: it is the same
#   analysis in other units.
# * **Re-costing** prices each side with its own evidence. Pay and bed-day costs have not moved
#   together since the base year, and employer national insurance and pension rates have changed,
#   so re-costing **can change every ratio**.
#
# This report sets the base-year ratios, the rebased ones, and the re-costed ones side by side:
# re-costed by the components of the NHS cost inflation index over the years it covers (earlier years
# by the index that preceded it; the section on how NHS costs moved names both, with their years), and
# from current unit costs. Every
# figure comes from `data/` with its source; the weakest are flagged where they are used.

# %% tags=["parameters"]
pay_band = None  # Agenda for Change band of the posts, 3 or 4; None: data/current_costs.csv (3)
pay_point = None  # point in the band: 'entry' (its first) or 'top'; None: data/current_costs.csv (top)
pension_basis = "economic"  # employer pension: 'economic' (the whole contribution) or 'trust' (the share a trust's budget pays)
bed_day_item = "bed_day_cost_gbp"  # the row of data/current_costs.csv giving today's bed-day cost
caseload = None  # patients one FTE peer worker supports at a time, for every study; None: data/staffing.csv
results_csv = ""  # file to write the report's rows of results to; "" writes nothing

# %%
import pandas as pd
from IPython.display import Markdown, display

pd.set_option("display.max_colwidth", None)  # sources and reasons in full, never cut off

from peerlib.api import (
    PAY_BANDS, PAY_POINTS, PENSION_BASES, cost_indices, current_variants, figure_text, formatted, gbp_text, gbp_whole,
    index_sources_markdown, load_unit_costs, percent_text, present, present_costs, publish_parameters, recost,
    recosted_ratios, recosting_labels, recosting_rows, sources_markdown, write_results,
)

recosted = recost(band=pay_band, point=pay_point, pension_basis=pension_basis, bed_day_item=bed_day_item,
                          caseload=caseload, caseload_origin="notebook parameter caseload")
publish_parameters(recosted)
costings = recosted.costings
ratios = recosted.ratios()
labels = recosting_labels(recosted)
indices = recosted.indices
base_year, index_year, current_year = (costings[k].price_year for k in ("base", "components", "current"))
pooled = "pooled_sample_size"
# Short names of the costings for tables and charts, with their price years.
short = {"base": f"{base_year} unit costs", "rebased": f"rebased to {index_year}",
         "components": f"re-costed by component index ({index_year})",
         "current": f"re-costed from current unit costs ({current_year})"}

# %% tags=["summary"]
display(Markdown(
    f"**The pooled ratio (weighted by sample size, the report's method) is {formatted(ratios.loc[pooled, 'base'], 'ratio')} : 1 at "
    f"{base_year} costs.** Rebased to {index_year} it is the same, {formatted(ratios.loc[pooled, 'rebased'], 'ratio')} : 1. "
    f"Re-costed by component index ({index_year}) it is **{formatted(ratios.loc[pooled, 'components'], 'ratio')} : 1** (every ratio "
    f"x {recosted.ratio_factor('components'):.3f}): pay rose faster than the pay and prices a bed-day costs. Re-costed "
    f"from current unit costs ({current_year}) it is **{formatted(ratios.loc[pooled, 'current'], 'ratio')} : 1** (every ratio "
    f"x {recosted.ratio_factor('current'):.3f}), "
    + ("higher: the bed-day cost found rose more than the worker's cost. "
       if recosted.ratio_factor("current") > 1 else "lower: the worker's cost rose more than the bed-day cost found. ")
    + "That bed-day figure is the weakest in the costing (see below): it comes from a secondary source, covers all "
    "mental health spells and states no year."))

# %% [markdown]
# ## Rebasing: why no ratio moves
#
# Rebasing multiplies the bed-day cost and every part of the worker's cost (the salary, and the
# national insurance threshold with it) by the same index factor. The ratio is bed-days saved x
# bed-day cost / worker cost, so the factor cancels. A price year offered "to see what moves" moves
# the pounds and nothing else.

# %%
bed, worker = recosted.factors("rebased")
display(Markdown(
    f"From {base_year} to {index_year} the pay and prices index rose by {percent_text(bed - 1, 1)}: the bed-day from "
    f"{gbp_text(costings['base'].bed_day_cost_gbp, 2)} to {gbp_text(costings['rebased'].bed_day_cost_gbp, 2)}, the worker from "
    f"{gbp_whole(costings['base'].peer_worker_cost_gbp)} to {gbp_whole(costings['rebased'].peer_worker_cost_gbp)}, both "
    f"x {bed:.4f}. The bed-days that pay for one worker for a year stay at "
    f"{costings['base'].peer_worker_cost_gbp / costings['base'].bed_day_cost_gbp:.1f}, and every ratio is unchanged."))

# %% [markdown]
# ## How NHS costs moved: pay against prices
#
# The PSSRU NHS cost inflation index (NHSCII) has a **pay** series (what NHS staff are paid), a
# **prices** series (what the NHS buys) and a **pay and prices** series combining them. A peer
# worker's cost is almost all pay; a bed-day is pay (ward staff) and prices (buildings, supplies,
# drugs), so its cost moves with the combined series. Each series below is 100 in the base year.

# %%
years_combined = indices.combined_only_years("pay", base_year, index_year)
provisional = [c.price_year for c in indices.changes if "provisional" in c.note.lower()]
display(Markdown(
    f"Years each series covers, from `data/price_index.csv` and `data/cost_indices.csv`: **pay and prices**: "
    f"{indices.coverage_text('pay_and_prices')}; **pay**: {indices.coverage_text('pay')}; **prices**: "
    f"{indices.coverage_text('prices')}.\n\n"
    f"The component series start in {indices.own_from['pay']}. Before that only the Department of Health's combined "
    f"HCHS pay and prices index was published, so in {', '.join(years_combined)} both sides move with the combined "
    f"series: those years move no ratio, and any gap between pay and prices then is missed. Provisional figures: "
    f"{', '.join(sorted(set(provisional))) or 'none'}."))
component_labels = {"pay": "pay", "prices": "prices", "pay_and_prices": "pay and prices"}
levels = indices.levels(base_year).loc[base_year:]
figure = cost_indices(levels, base_year, component_labels)

# %%
pd.DataFrame({
    "series": [component_labels[c] for c in levels.columns],
    f"rise from {base_year} to {index_year}": [f"{percent_text(levels.loc[index_year, c] / 100 - 1, 1)}" for c in levels.columns],
}).set_index("series")

# %% [markdown]
# ## The costings side by side
#
# The base-year costing is kept as it was (`data/unit_costs.csv`). *Rebased* and *re-costed by
# component index* both start from it. *Current unit costs* price a worker from the Agenda for
# Change pay point, employer national insurance and NHS Pension employer rate of their price year,
# and take a recent bed-day cost (`data/current_costs.csv`); every figure's source is in the last
# section.

# %%
table = present_costs(recosted.costs_table())
table.columns = [short[c] for c in table.columns]
table

# %%
current = costings["current"]
display(Markdown(
    f"What changed in the worker's on-costs since {base_year}: employer national insurance rose from "
    f"{percent_text(costings['base'].employer_ni_rate, 1)} to {percent_text(current.employer_ni_rate, 1)} and its threshold is now "
    f"{gbp_whole(current.employer_ni_threshold_gbp)} a year, so at this salary it comes to "
    f"{gbp_whole(current.peer_worker.employer_ni_gbp)} a year, "
    f"{percent_text(current.peer_worker.employer_ni_gbp / current.peer_worker_salary_gbp, 1)} of pay (against "
    f"{percent_text(costings['base'].peer_worker.employer_ni_gbp / costings['base'].peer_worker_salary_gbp, 1)} in {base_year}). "
    f"The NHS Pension employer rate counted is {percent_text(current.employer_pension_rate, 2)}, against "
    f"{percent_text(costings['base'].employer_pension_rate)} in {base_year}: {PENSION_BASES[pension_basis]}. "
    "A re-costing by a pay index carries the base-year rates forward; the current costing counts today's."))

# %% [markdown]
# ## The ratios
#
# Every study's ratio and every pooled ratio, at the shared caseload, under each costing. The
# rebased column equals the base-year one. Each re-costing changes the bed-day cost by one factor
# and the worker's cost by another, so it moves every ratio by the same factor: the first divided
# by the second.

# %%
shown = ratios.copy()
shown.index = [labels[i] for i in shown.index]
shown.columns = [short[c] for c in shown.columns]
present(shown, {c: "ratio" for c in shown.columns})

# %%
figure = recosted_ratios(ratios, labels, short)

# %%
factors = pd.DataFrame([{
    "costing": short[name], "bed-day cost x": recosted.factors(name)[0], "cost of a worker x": recosted.factors(name)[1],
    "every ratio x": recosted.ratio_factor(name),
} for name in ("rebased", "components", "current")]).set_index("costing")
factors.round(4)

# %% tags=["nbval-check-output"]
pooled_ratio = {costing: formatted(ratios.loc[pooled, costing], "ratio") for costing in ratios.columns}
display(Markdown(
    f"The pooled ratio, weighted by sample size, is **{pooled_ratio['base']} : 1** at {base_year} prices and "
    f"{pooled_ratio['rebased']} : 1 rebased to {index_year} (rebasing moves no ratio). Re-costed by component index "
    f"it is **{pooled_ratio['components']} : 1**, every ratio times {figure_text(recosted.ratio_factor('components'))}; "
    f"from current unit costs it is **{pooled_ratio['current']} : 1**, every ratio times "
    f"{figure_text(recosted.ratio_factor('current'))}."))

# %% [markdown]
# ## How much the current re-costing rests on its weakest figures
#
# The official National Cost Collection and PSSRU figures for a mental health inpatient bed-day
# today were not reached. The bed-day cost used is the best sourced figure found, and it is weak.
# The table shows the pooled ratio with a second weak figure instead, with the employer pension
# counted as the trust's own share only, and at other pay points. The break-even caseload is the
# caseload at which the pooled ratio is 1.

# %%
bed_row = recosted.current.rows[bed_day_item]
display(Markdown(
    f"Bed-day cost used: **{gbp_whole(bed_row.value)}** at {bed_row.price_year} prices "
    f"({'assumed' if bed_row.price_year_status == 'assumption' else 'published'} price year), brought to "
    f"{current_year} with the pay and prices index: {gbp_text(current.bed_day_cost_gbp, 2)}. {bed_row.note}."))
variants = current_variants(recosted)
present(variants, {"ratio_factor": "ratio", "peer_worker_cost_gbp": "gbp"})

# %% [markdown]
# ## Every figure's source
#
# Each figure is *published* (the source quotes it), *derived* (computed from the rows its formula
# names) or an *assumption* (with its reason); a price year may itself be assumed.
#
# ### Current unit costs (`data/current_costs.csv`)

# %%
display(Markdown(sources_markdown(recosted.current.rows)))

# %%
rows = recosted.current.rows
award = rows["check_afc_award_rate"].value
check_year = rows["check_afc_band3_top_2024_gbp"].price_year
check = pd.DataFrame([{
    "pay point": f"band {band}, {point}",
    f"official, {check_year}": rows[f"check_afc_band{band}_{point}_2024_gbp"].value,
    f"x (1 + {percent_text(award, 1)})": rows[f"check_afc_band{band}_{point}_2024_gbp"].value * (1 + award),
    f"secondary table, {current_year}": rows[f"afc_band{band}_{point}_gbp"].value,
} for band in PAY_BANDS for point in PAY_POINTS]).set_index("pay point")
display(Markdown(
    f"The {current_year} pay points come from secondary tables (the NHS Employers table itself was not reached). "
    f"Each equals the official {check_year} rate (NHS Health Careers) raised by the {percent_text(award, 1)} award, to within "
    f"{gbp_text((check.iloc[:, 1] - check.iloc[:, 2]).abs().max(), 2)}:"))
present(check, {c: "gbp" for c in check.columns})

# %% [markdown]
# ### The components of the NHS cost inflation index (`data/cost_indices.csv`)
#
# The pay and prices series itself is in `data/price_index.csv` (the index used for rebasing);
# this file adds its pay and prices components, and one flagged year beyond the published series,
# used only to bring a bed-day cost forward to the current costing's year.

# %%
display(Markdown(f"Years covered: {indices.coverage_text('pay_and_prices')} (pay and prices); "
                 f"{indices.coverage_text('pay')} (pay).\n\n" + index_sources_markdown(indices)))

# %% [markdown]
# ### The base-year costing (`data/unit_costs.csv`)

# %%
display(Markdown(sources_markdown(load_unit_costs())))

# %%
if results_csv:
    write_results(recosting_rows(recosted), results_csv)
