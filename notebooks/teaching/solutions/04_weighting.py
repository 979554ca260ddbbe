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
# # 4. Why the weighting matters
#
# The report pooled its six ratios into one figure, 4.8:1, as a **weighted mean** with weights =
# each study's sample size (both arms). A weighted mean lets big studies count for more; it also
# lets one very big study decide the answer.

# %% tags=["parameters"]
price_year = ""  # financial year of the costs; "" keeps the data's own (2011-12)

# %%
from peerlib import costs, ratios, studies, teaching, weighting

c = costs.load_cost_assumptions(price_year=price_year or None)
results = [ratios.evaluate_study(s, c) for s in studies.load_studies()]
ratios.results_table(results)[["label", "benefit_cost_ratio", "sample_size"]].round(2)

# %% [markdown]
# **Exercise 1.** The pooled ratio weighted by sample size: the sum of ratio x sample size, over
# the sum of sample sizes. Each `r` in `results` has `r.benefit_cost_ratio` and `r.sample_size`.

# %% tags=["exercise"]
answer_pooled_ratio = sum(r.benefit_cost_ratio * r.sample_size for r in results) / sum(r.sample_size for r in results)

# %% tags=["check"]
teaching.check_pooled_ratio(answer_pooled_ratio)

# %% [markdown]
# **Exercise 2.** What share of all the weight does the largest study carry (a fraction)?

# %% tags=["exercise"]
answer_largest_share = max(r.sample_size for r in results) / sum(r.sample_size for r in results)

# %% tags=["check"]
teaching.check_largest_weight_share(answer_largest_share)

# %% [markdown]
# Compare the pooled figure with equal weights, and leave each study out in turn:

# %%
weighting.pooled_alternatives(results).round(2)

# %%
weighting.leave_one_out(results).round(2)

# %% [markdown]
# *To discuss:* the report's weights were not published. What would you need to know to decide
# whether sample size is the right weight? (Hint: how precise is each study's bed-day figure?)
