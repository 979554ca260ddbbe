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
# # Explorer: move the assumptions, watch the ratios
#
# Open this notebook in JupyterLab (`make lab`) and run all cells: the sliders below redraw the
# pooled studies' benefit:cost ratios, the forest chart, the pooled figure and the Leeds saving curve
# as you move them. Each slider starts at the value in `data/`, and until you move it the figures
# use that value exactly. Money sliders are in £ at the price year chosen in the menu (moving to
# another year re-expresses every sum, so no ratio changes with it). The two caseload sliders set
# the staffing of the studies whose support was one-to-one and of those whose support was in groups.
#
# Run without a browser (papermill, nbval), the notebook shows the figures for the parameters
# below, which default to the values in `data/`. Every number comes from `peerlib.apps.explore.explore`,
# the same function the sliders call.

# %% tags=["parameters"]
price_year = ""  # financial year of all sums, one of data/price_index.csv; "" keeps the data's own
caseload = None  # patients one FTE peer worker supports at a time, one-to-one; None: data/staffing.csv
caseload_group = None  # patients one FTE peer worker supports at a time in groups; None: data/staffing.csv
bed_day_cost_gbp = None  # £ per mental health inpatient bed-day, at price_year; None: data/unit_costs.csv
peer_worker_salary_gbp = None  # £ a year for one FTE peer worker, at price_year; None: data/unit_costs.csv
employer_pension_rate = None  # employer pension, fraction of salary (0.14 for 14 %); None: data/unit_costs.csv
overhead_rate = None  # overheads (management, premises, training), fraction of salary and on-costs (0.3 for 30 %); None: data/unit_costs.csv
scheme = "sample_size"  # weights of the pooled ratio: 'sample_size', 'equal' or 'fte_years' (the ratio of totals)
diversion_share = None  # fraction of crisis-house visits that replace inpatient care, 0 to 1; None: data/crisis_house.csv

# %%
import ipywidgets as widgets
import matplotlib.pyplot as plt
import pandas as pd
from IPython.display import display

pd.set_option("display.max_colwidth", None)  # labels in full, never cut off

from peerlib.api import Explorer, explore, load_published, show_in, shown

published_ratio = load_published()["pooled_ratio_sample_size_weighted"].value

# %% [markdown]
# ## The figures for this run's parameters

# %%
display(*shown(explore(price_year=price_year or None, caseload=caseload, caseload_group=caseload_group,
                      bed_day_cost_gbp=bed_day_cost_gbp,
                      peer_worker_salary_gbp=peer_worker_salary_gbp, employer_pension_rate=employer_pension_rate,
                      overhead_rate=overhead_rate, scheme=scheme, diversion_share=diversion_share),
               published_ratio))
plt.close("all")  # shown once, above

# %% [markdown]
# ## Sliders
#
# Caseload is the number of patients one FTE peer worker supports at a time: one figure for the
# studies whose support was one-to-one and one for those in groups (`data/studies.csv`, column
# `delivery`). No study publishes its staffing, and every ratio is proportional to its caseload. The
# sliders reach well past the caseloads at which the pooled ratio equals the published one.

# %%
output = widgets.Output()
explorer = Explorer(show_in(output, published_ratio))
display(widgets.VBox(list(explorer.controls.values())), output)
