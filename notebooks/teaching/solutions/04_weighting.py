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
# # 4. Why the weighting matters
#
# The report pooled its six ratios into one figure as a **weighted mean**, with weights = each
# study's sample size (both arms). A weighted mean lets big studies count for more; it also lets
# one very big study decide the answer.

# %% tags=["parameters"]
extra_studies = ""  # study ids to pool with the six, comma-separated (e.g. "core2018"); "" pools the six only
caseload = None  # patients one FTE peer worker supports at a time; None: data/staffing.csv

# %%
from IPython.display import Markdown, display

import pandas as pd

from peerlib.api import (
    caseloads_text, check_largest_weight_share, check_pooled_ratio, check_pooled_without_largest, leave_one_out,
    load_published, load_staffing, pooled_results, present, publish_parameters,
)

results = pooled_results(extra_studies, caseload)  # each study's ratio at the data's costs and caseload
staffing = load_staffing().with_caseload(caseload, "notebook parameter caseload")
publish_parameters(staffing)
published_ratio = load_published()["pooled_ratio_sample_size_weighted"].value
display(Markdown(f"The report's pooled ratio, weighted by sample size: **{published_ratio:g} : 1**. "
                 f"Below, the {len(results)} ratios recomputed from the studies' published figures, at a caseload "
                 f"of {caseloads_text(staffing)} patients per FTE at a time."))
present(pd.DataFrame([vars(r) for r in results]).set_index("study_id")[
    ["label", "benefit_cost_ratio", "n_peer", "n_control", "sample_size"]], headings=False)

# %% [markdown]
# **Exercise 1.** The pooled ratio weighted by sample size: the sum of ratio x sample size, over
# the sum of sample sizes, to two decimal places. Each `r` in `results` has `r.benefit_cost_ratio`
# and `r.sample_size`.

# %% tags=["exercise"]
answer_pooled_ratio = sum(r.benefit_cost_ratio * r.sample_size for r in results) / sum(r.sample_size for r in results)

# %% tags=["check"]
check_pooled_ratio(answer_pooled_ratio, extra_studies, caseload)

# %% [markdown]
# **Exercise 2.** What share of all the weight does the largest study carry (a fraction, to two
# decimal places)?

# %% tags=["exercise"]
answer_largest_share = max(r.sample_size for r in results) / sum(r.sample_size for r in results)

# %% tags=["check"]
check_largest_weight_share(answer_largest_share, extra_studies)

# %% [markdown]
# **Exercise 3.** Leave the largest study out: pool the other studies' ratios, still weighted by
# sample size, to two decimal places. (`rest` below holds every study but the largest.)

# %%
largest = max(results, key=lambda r: r.sample_size)
rest = [r for r in results if r.study_id != largest.study_id]
display(Markdown(f"The largest study is {largest.label}."))

# %% tags=["exercise"]
answer_pooled_without_largest = sum(r.benefit_cost_ratio * r.sample_size for r in rest) / sum(r.sample_size for r in rest)

# %% tags=["check"]
check_pooled_without_largest(answer_pooled_without_largest, extra_studies, caseload)

# %% [markdown]
# The same comparison for every study, and the pooled figure under other weights:

# %%
present(leave_one_out({r.study_id: r.benefit_cost_ratio for r in results},
                                {r.study_id: r.sample_size for r in results}), headings=False)

# %% [markdown]
# *To discuss:* the report's weights were not published. What would you need to know to decide
# whether sample size is the right weight? (Hint: how precise is each study's bed-day figure, and
# was the largest study's comparison group like its peer arm?) *To try:* set `extra_studies` to
# `"core2018"`, the UK trial published after the report, and run the notebook again.
