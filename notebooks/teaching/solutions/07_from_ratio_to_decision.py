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
# # 7. From a ratio to a decision
#
# A benefit:cost ratio is where a decision starts, not where it ends. A commissioner deciding
# whether to fund peer support workers needs to know whose costs and benefits the ratio counts,
# what a bed-day "saved" is really worth, whether the saving is cash or only capacity, and what
# else the money could buy. This notebook reads two figures with those questions in mind: the
# report's pooled ratio and this suite's own.

# %% tags=["parameters"]
study_id = "sledge2011"  # the study whose bed-days saved are followed into beds and cash: a study_id in data/studies.csv staffed by the shared caseload
caseload = None  # patients one FTE peer worker supports at a time; None: data/staffing.csv
marginal_cost_share = 0.25  # ASSUMPTION, a fraction (above 0, at most 1) of the average bed-day cost that one avoided bed-day saves while the ward stays open; not in data/, see "Average against marginal cost"

# %%
from IPython.display import Markdown, display

from peerlib.api import (
    DAYS_PER_YEAR, Model, caseloads_text, check_beds_freed_per_fte, check_break_even_marginal_share,
    check_cash_released_per_fte_year, check_cash_to_find_per_fte_year, check_net_benefit_per_fte_year,
    check_ratio_at_marginal_cost, gbp_text, load_published, percent_text, publish_parameters,
)

model = Model.from_data(caseload=caseload)  # the report's studies, at the data's costs and the shared caseload
publish_parameters(model)
base = model.base_case()
pooled = base.pooled_ratio("sample_size")  # the suite's pooled ratio, weighted by sample size like the report's
c = model.costs  # unit costs, with their price year
report_ratio = load_published()["pooled_ratio_sample_size_weighted"].value  # the report's pooled ratio
study = Model.from_data(study_ids=[study_id], caseload=caseload).base_case().study(study_id)
display(Markdown(
    f"**The report's figure: {report_ratio:g} : 1**, its {len(base.studies)} studies' ratios weighted by sample "
    f"size. Its own unit costs and staffing came from the study authors and are not public.\n\n"
    f"**This suite's figure: {pooled.benefit_cost_ratio:.2f} : 1**, the same studies (as far as they can be "
    f"identified) from their published figures, weighted the same way, at a caseload of "
    f"{caseloads_text(model.staffing)} patients per FTE at a time; "
    f"{base.pooled_ratio('equal').benefit_cost_ratio:.2f} : 1 with equal weights. It values each bed-day saved "
    f"at {gbp_text(c.bed_day_cost_gbp, None)} and a year of a peer worker at {gbp_text(c.peer_worker_cost_gbp)} "
    f"({c.price_year} prices)."))

# %% [markdown]
# ## Whose costs and benefits count: the perspective
#
# Both ratios take the **NHS perspective**: the benefit is hospital bed-days, a cost the NHS no
# longer bears, and the cost is the peer worker, whom the NHS employs. A ratio hides the size of
# the stake: a commissioner with a budget also asks what one post gains or loses in a year.
#
# **Exercise 1.** The net benefit to the NHS of one FTE-year of peer work at the suite's pooled
# ratio, `pooled.benefit_cost_ratio`, in £ (negative if the post costs more than the beds it saves
# are worth), to the nearest pound. A year of a peer worker costs `c.peer_worker_cost_gbp`.

# %% tags=["exercise"]
answer_net_benefit_gbp = (pooled.benefit_cost_ratio - 1) * c.peer_worker_cost_gbp

# %% tags=["check"]
check_net_benefit_per_fte_year(answer_net_benefit_gbp, caseload)

# %% [markdown]
# *To discuss:* a **wider perspective** counts costs and benefits beyond the NHS: the recovery of
# the people supported and their time out of hospital, their families', the peer workers' own paid
# work, social care, housing, police and emergency services. Not one of these is in `data/`, nor in
# either ratio. For each, would counting it raise the ratio or lower it? Whose budget pays for the
# worker, and whose budgets gain?
#
# ## Average against marginal cost
#
# The cost of a bed-day, `c.bed_day_cost_gbp`, is an **average**: what mental health wards cost
# in a year (staff, buildings, overheads, food, medicines) divided by the bed-days they provide.
# When one bed-day is avoided and the ward stays open with the same staff, most of that cost is
# still paid. What is saved is the **marginal cost** of the bed-day: only the costs that change
# with one patient-day more or less.
#
# `data/` holds no marginal cost of a psychiatric bed-day, so this notebook makes it an
# **assumption**, the parameter `marginal_cost_share` in the first cell: the fraction of the
# average cost that one avoided bed-day saves while the ward stays open. Its default is a round,
# illustrative value, not an estimate from any source. It is well below 1 because a ward's staff,
# buildings and overheads do not change when one bed-day is avoided. Change it and run the
# notebook again: exercise 3 finds the value at which the report's conclusion changes, so the
# choice is tested rather than hidden.

# %%
display(Markdown(f"Assumed here: `marginal_cost_share` = {marginal_cost_share:g}, so one avoided bed-day on a "
                 f"ward that stays open saves {gbp_text(marginal_cost_share * c.bed_day_cost_gbp, None)}, not "
                 f"{gbp_text(c.bed_day_cost_gbp, None)}."))

# %% [markdown]
# **Exercise 2.** The report's ratio, `report_ratio`, values every bed-day saved at its average
# cost. What does it become if each bed-day saved is worth only its marginal cost? Give it to two
# decimal places.

# %% tags=["exercise"]
answer_ratio_at_marginal_cost = report_ratio * marginal_cost_share

# %% tags=["check"]
check_ratio_at_marginal_cost(answer_ratio_at_marginal_cost, marginal_cost_share)

# %% [markdown]
# **Exercise 3.** Below what `marginal_cost_share` would the report's ratio fall below 1? Give it as
# a fraction of the average cost, to two decimal places.

# %% tags=["exercise"]
answer_break_even_share = 1 / report_ratio

# %% tags=["check"]
check_break_even_marginal_share(answer_break_even_share)

# %% [markdown]
# ## Cash or capacity
#
# A bed-day avoided on a full ward does not leave a bed empty: the next patient waiting is admitted
# to it. The trust spends what it spent before. What it gains is **capacity**: shorter waits for a
# bed, fewer people sent to a hospital far from home. **Cash** is released only when beds are taken
# out of use together with the staff and buildings behind them, for example when a ward closes.
# Follow one study's bed-days saved into beds and into cash.

# %%
display(Markdown(f"{study.label}: {study.bed_days_saved_per_fte_year:,.0f} bed-days saved per FTE-year "
                 f"(`study.bed_days_saved_per_fte_year`), at a caseload of {study.caseload:g} patients "
                 f"per FTE at a time."))

# %% [markdown]
# **Exercise 4.** How many beds does one FTE peer worker free, each bed in use every day of the
# year? Give it to two decimal places. (`DAYS_PER_YEAR` is the number of days in an
# average year.)

# %% tags=["exercise"]
answer_beds_freed = study.bed_days_saved_per_fte_year / DAYS_PER_YEAR

# %% tags=["check"]
check_beds_freed_per_fte(answer_beds_freed, study_id, caseload)

# %% [markdown]
# A ward closes only when enough of these beds add up to a whole ward, and someone decides to close
# it. Until then the beds are reused.
#
# **Exercise 5.** While the wards stay open, how much cash does one FTE-year of peer work release,
# in £, to the nearest pound? Value its bed-days saved at the marginal cost.

# %% tags=["exercise"]
answer_cash_released_gbp = study.bed_days_saved_per_fte_year * c.bed_day_cost_gbp * marginal_cost_share

# %% tags=["check"]
check_cash_released_per_fte_year(answer_cash_released_gbp, marginal_cost_share, study_id, caseload)

# %% [markdown]
# ## Opportunity cost
#
# The post is paid in cash, `c.peer_worker_cost_gbp` a year, from a budget that could pay for
# something else: more community staff, a crisis service, the beds themselves. The **opportunity
# cost** of a peer worker is the benefit of the best other use of that money, given up. Capacity
# freed is worth something only if it is used; cash is what the budget holder must find.
#
# **Exercise 6.** How much cash must the commissioner find for one FTE-year of peer work, after the
# cash it releases (your answer to exercise 5)? Negative if it releases more than it costs; to the
# nearest pound.

# %% tags=["exercise"]
answer_cash_to_find_gbp = c.peer_worker_cost_gbp - answer_cash_released_gbp

# %% tags=["check"]
check_cash_to_find_per_fte_year(answer_cash_to_find_gbp, marginal_cost_share, study_id, caseload)

# %% [markdown]
# *To discuss:* that cash could fund something else instead. What would you compare a peer worker
# with, and on what scale: bed-days, admissions avoided, quality of life? If the freed capacity
# shortens waits for admission, who benefits, and would a commissioner pay for that?
#
# ## How a commissioner should read the two figures

# %%
largest = max(base.studies, key=lambda r: r.sample_size)
largest_share = largest.sample_size / sum(r.sample_size for r in base.studies)
display(Markdown(
    f"**{report_ratio:g} : 1** says: on the report's studies, unit costs and staffing, each pound spent on peer "
    f"workers went with bed-days that cost {report_ratio:g} pounds on average. It counts the NHS's bed-days only "
    f"(exercise 1), values them at their average cost (exercises 2 and 3), and is capacity, not cash, unless beds "
    f"close (exercises 4 to 6). Its staffing came from the study authors and is not public.\n\n"
    f"**{pooled.benefit_cost_ratio:.2f} : 1**, this suite's figure from the same studies' published figures, "
    f"rests on the same kind of assumption, caseloads of {caseloads_text(model.staffing)} patients per FTE at a time: "
    f"it breaks even at {pooled.break_even_caseload:.1f} patients per FTE at a time. Weighted by sample size, "
    f"it is decided by {largest.label}, with {percent_text(largest_share)} of the weight."))

# %% [markdown]
# *To discuss:* you are the commissioner. Which figure would you put in a business case, and with
# which caveats? What would you ask for before funding posts: a trial that publishes its staffing,
# the marginal cost of a bed-day in your own trust, whether a ward could close? Does a ratio below
# 1 on bed use alone mean that peer support is not worth funding?
