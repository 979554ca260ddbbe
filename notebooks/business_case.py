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
# # A business case: peer support workers at today's costs
#
# The people who act on this analysis fund peer workers. Their question is: *if we employ N peer
# workers at today's pay, with our bed-day cost and our caseloads, what do we get back, how sure
# is it, and what has to be true for it to pay?*
#
# This notebook answers it for one service: set the parameters in the first cell (each with its
# unit) and run it again. The worked example below is the service those parameters describe,
# costed at today's Agenda for Change pay, employer national insurance and NHS Pension rates
# unless a parameter says otherwise. The same calculation runs from the command line:
# `.venv/bin/python -m peerlib business-case --help` lists the same parameters as options.

# %% tags=["parameters"]
evidence = "core2018"  # evidence for the effect: a study id (e.g. sledge2011), a pooled id (e.g. pooled_sample_size) or 'own' for your own figure
n_fte = 4  # full-time-equivalent peer support workers employed
caseload = None  # patients one FTE peer worker supports at a time; None: data/staffing.csv
support_months = None  # months each person is supported; None: the evidence's own (required with 'own')
pay_band = None  # Agenda for Change band of the posts, 3 or 4; None: 3
pay_point = None  # point in the band: 'entry' (its first) or 'top'; None: top
salary_gbp = None  # £ a year for one FTE, instead of a band and point; None: the band and point
bed_day_cost_gbp = None  # £ per mental health inpatient bed-day; None: data/current_costs.csv, brought forward, drawn
employer_ni_rate = None  # employer national insurance, fraction of earnings above the threshold (0.15 for 15 %); None: data/current_costs.csv
employer_ni_threshold_gbp = None  # £ a year above which employer national insurance is due; None: data/current_costs.csv
pension_basis = "economic"  # employer pension: 'economic' (the whole contribution) or 'trust' (the share a trust's budget pays)
employer_pension_rate = None  # employer pension, fraction of salary (0.14 for 14 %), instead of the pension basis; None: by pension_basis
overhead_rate = None  # overheads (management, premises, training), fraction of salary and on-costs (0.3 for 30 %); None: PSSRU's, data/current_costs.csv, drawn
cash_releasing_share = 0.0  # fraction of bed-days saved that release cash (paid placements avoided), 0 to 1; the rest frees capacity
own_bed_days_saved_per_patient = None  # your own figure for the bed-days each person supported avoids, with evidence 'own'
own_low = None  # low end of a 95 % range for your own figure, bed-days per person supported, with evidence 'own'
own_high = None  # high end of a 95 % range for your own figure, bed-days per person supported, with evidence 'own'
n_draws = 10_000  # probabilistic draws (whole number, 1,000 to 10,000,000)
seed = 2013  # seed of the random draws: the same seed gives the same draws
results_csv = ""  # file to write the report's rows of results to; "" writes nothing

# %%
import pandas as pd
from IPython.display import Markdown, display

pd.set_option("display.max_colwidth", None)

from peerlib.api import (
    OWN_EVIDENCE, Model, business_case_inputs, business_case_rows, compare_evidence, count_words,
    describe_business_case, evaluate_business_case, evidence_choices, evidence_notes, gbp_text, gbp_whole,
    how_sure_table, load_current_costs, percent_text, plot, present_business_case, present_comparison,
    publish_parameters, write_results,
)

inputs = business_case_inputs(
    evidence=evidence, n_fte=n_fte, caseload=caseload, support_months=support_months, pay_band=pay_band,
    pay_point=pay_point, salary_gbp=salary_gbp, bed_day_cost_gbp=bed_day_cost_gbp, employer_ni_rate=employer_ni_rate,
    employer_ni_threshold_gbp=employer_ni_threshold_gbp, pension_basis=pension_basis,
    employer_pension_rate=employer_pension_rate, overhead_rate=overhead_rate,
    cash_releasing_share=cash_releasing_share, own_bed_days_saved_per_patient=own_bed_days_saved_per_patient,
    own_low=own_low, own_high=own_high, n_draws=n_draws, seed=seed, origin="parameter",
)
publish_parameters(inputs)
result = evaluate_business_case(inputs)

# %% tags=["summary", "nbval-check-output"]
display(Markdown(describe_business_case(result, notes=False)))

# %% [markdown]
# ## How sure, and what the staffing does
#
# Above: the ratio in each probabilistic draw of the evidence's inputs and of the project's own
# assumptions the parameters did not set (their published spread, or the stated ranges of
# `data/uncertainty.csv`; today's bed-day cost and overheads over today's ranges, from
# `data/current_costs.csv`, never the base year's); the table below lists which were
# drawn and which taken as known.
# Below: the net benefit a year as the staffing changes, everything else as set: the caseload,
# or, where the evidence publishes its intensity, the peer worker's hours per person; it crosses
# zero at the break-even.

# %%
figure = plot(result)

# %%
how_sure_table(result)

# %%
display(Markdown(evidence_notes(result)))

# %% [markdown]
# ## The figures

# %%
present_business_case(result)

# %% [markdown]
# ## Where the costs come from
#
# Each cost not set in the parameters comes from `data/current_costs.csv` (the today's-costs report
# lists every source). The employer pension may be counted whole (the cost to the public purse) or
# as the share a trust pays from its own budget: `pension_basis`.
#
# A commissioner pays overheads as well as pay: the managers, offices, travel, training and
# supplies that keep a post going. No published unit cost is specific to peer support workers, so
# the business case takes the rate PSSRU's *Unit Costs of Health and Social Care* adds to every
# NHS community post, as a share of salary and on-costs, and draws it over a range. The bed-day
# cost is drawn between today's two sourced figures, each brought to the costing's price year.

# %%
current = load_current_costs()
overhead_low, overhead_high = inputs.overhead_range
bed_low, bed_high = inputs.bed_day_range_gbp
display(Markdown("\n".join([
    f"* **Pay**: {inputs.pay_description}, {gbp_whole(inputs.salary_gbp)} a year ({inputs.price_year}).",
    f"* **Employer national insurance**: {percent_text(inputs.employer_ni_rate, 1)} of earnings above "
    f"{gbp_whole(inputs.employer_ni_threshold_gbp)} a year.",
    f"* **Employer pension**: {inputs.pension_description}.",
    f"* **Overheads**: {inputs.overhead_description}"
    + ("; taken as known." if overhead_rate is not None else
       f". Drawn evenly from {percent_text(overhead_low, 1)} (management, administration and estates staff alone) to "
       f"{percent_text(overhead_high, 1)} (PSSRU's capital overheads too); data/current_costs.csv gives each end's reason."),
    f"* **Bed-day cost**: {gbp_text(inputs.bed_day_cost_gbp, 2)} ({inputs.bed_day_description})"
    + ("; taken as known." if bed_day_cost_gbp is not None else
       f". Drawn evenly from {gbp_text(bed_low, 2)} to {gbp_text(bed_high, 2)}: the lower and higher of today's two sourced "
       f"figures ({gbp_whole(current.rows['bed_day_cost_gbp'].value)} at {current.rows['bed_day_cost_gbp'].price_year} "
       f"and {gbp_whole(current.rows['alt_bed_day_cost_gbp'].value)} at {current.rows['alt_bed_day_cost_gbp'].price_year} "
       f"prices), each brought to {inputs.price_year} with the pay and prices index."),
])))

# %% [markdown]
# ## Which evidence?
#
# The same service judged on each source of evidence in turn: each study alone (the UK CORE trial
# among them) and each pool of the report's studies, through the same model as the study and
# pooled reports, at today's costs. A study that publishes its intensity (sessions and hours per
# person, as CORE does) keeps it unless both `caseload` and `support_months` are set; the others
# take the caseload, for the evidence's own length of support unless `support_months` is set. A
# pool's ratio is the pooled report's: the studies' ratios, weighted as the pool weights them.

# %%
choices = [c for c in evidence_choices() if c != OWN_EVIDENCE]
compared = compare_evidence(inputs, choices)
present_comparison(compared)

# %%
# Distinct sources only: a study whose effect is borrowed from another (a formula on that study's figures) is
# not a source of its own, and a pool combines the same studies.

study_ids = [c for c in choices if not c.startswith("pooled_")]
studies = Model.from_data(study_ids=study_ids)
pays = dict(zip(choices, compared["benefit_cost_ratio"] > 1, strict=True))
own_effect = [s for s in study_ids if not studies.study(s).references]
borrowed = [s for s in study_ids if studies.study(s).references]
pools = [c for c in choices if c.startswith("pooled_")]
borrowed_text = "; ".join(
    f"{studies.study(s).label}'s effect is borrowed from "
    f"{', '.join(studies.study(r).label for r in studies.study(s).references)}, so it is not counted as a source of "
    f"its own (its row {'pays' if pays[s] else 'does not pay'} for itself because its source's does"
    f"{'' if pays[s] else ' not'})" for s in borrowed)
display(Markdown(
    f"On {count_words(sum(pays[s] for s in own_effect))} of the {count_words(len(own_effect), 'study', 'studies')} with an "
    f"effect of their own this service pays for itself in bed-days at {inputs.caseload:g} people per worker at a "
    f"time{'; ' + borrowed_text if borrowed_text else ''}. On {count_words(sum(pays[p] for p in pools))} of the "
    f"{count_words(len(pools), 'pool')} of the report's studies it does (pools combine the same studies, so they "
    "are not further sources). Which to believe is a judgement about the studies "
    "(their design, country, and which of their figures are assumed), set out in the study reports; the "
    "break-even caseload shows how much each needs."))

# %% [markdown]
# ## What a bed-day saved is worth to the budget
#
# A bed-day is valued here at its full average cost. Most of that cost (ward staff, buildings,
# overheads) stays when one bed empties: another patient uses the bed. That is capacity, valuable
# when wards are full, but not money back. Cash is released only where a saved day's cost leaves
# the budget: a day that would otherwise have been bought (an out-of-area or private placement),
# a ward that closes or whose staffing falls, or the marginal part of a day's cost on a ward that
# stays open. `cash_releasing_share` sets that share of the value of the bed-days saved; the
# rest is capacity. The teaching pack's notebook on decisions counts cash the same way, with
# the same peerlib function.

# %%
display(Markdown(
    f"As set, {percent_text(inputs.cash_releasing_share)} of the value of the {result.bed_days_saved_per_year:,.0f} bed-days "
    f"saved a year is released as cash ({gbp_whole(result.cash_released_gbp)}); {result.capacity_bed_days:,.0f} bed-days, "
    f"the equivalent of {result.beds_freed:.1f} beds occupied all year, are capacity. The budget pays {gbp_whole(result.annual_cost_gbp)} "
    f"a year: its net cash position is {gbp_text(result.net_cash_gbp)} a year."))

# %%
if results_csv:

    write_results(business_case_rows(result), results_csv)
