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
# # 6. Reading a probabilistic sensitivity analysis
#
# Every input of a ratio is uncertain. A **probabilistic sensitivity analysis** (PSA) draws every
# uncertain input at random from a distribution that reflects what we know, many thousands of
# times, and computes the ratio for each draw. The spread of the results shows how sure we can be;
# the share of draws with a ratio above 1 is the **probability that peer support pays for itself**
# on bed use.

# %% tags=["parameters"]
outcome = "sledge2011"  # the ratio to read: a study_id of the six, or a pool such as "pooled_sample_size"
caseload = None  # patients one FTE peer worker supports at a time, the centre of its range; None: data/staffing.csv

# %%
from IPython.display import Markdown, display

from peerlib.api import (
    check_probability_above_one, load_staffing, present, psa_for_teaching, publish_parameters,
)

psa = psa_for_teaching(caseload)
publish_parameters(load_staffing().with_caseload(caseload))
spread = psa.specs["caseload"]  # the shared caseload's range, drawn once per draw for every study
display(Markdown(f"{psa.n_draws:,} draws (seed {psa.seed}); the caseload, shared by every study, is drawn from "
                 f"{spread.low:g} to {spread.high:g} patients per FTE at a time around {spread.base:g}. Each row "
                 f"below is one ratio, its mean, median and the range holding the middle 95 % of draws."))
present(psa.summary()[["mean", "median", "interval_low", "interval_high"]], headings=False)

# %% [markdown]
# `psa.ratios[outcome]` is a numpy array with one ratio per draw. Comparing it with 1 gives an
# array of True/False; the mean of that array is the share of True.
#
# **Exercise.** The probability that the ratio of `outcome` exceeds 1, to two decimal places.

# %% tags=["exercise"]
answer_probability = (psa.ratios[outcome] > 1).mean()

# %% tags=["check"]
check_probability_above_one(answer_probability, outcome, caseload)

# %% [markdown]
# *To discuss:* the 95 % interval of a study's ratio can be wide even when the probability above 1
# is high. Which would you report to a commissioner, and why both? The pooled ratio is a weighted
# mean of the study ratios: why can its probability above 1 be far lower than most studies'?
