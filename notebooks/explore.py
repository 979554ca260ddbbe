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
# # Explorer: move the assumptions, watch the ratios
#
# Open this notebook in JupyterLab (`make lab`) and run all cells: the sliders below redraw the
# pooled studies' benefit:cost ratios, the forest chart, the pooled figure and the Leeds saving curve
# as you move them. Each slider starts at the value in `data/`. Money sliders are in £ at the
# price year chosen in the menu (moving to another year re-expresses every sum, so no ratio
# changes with it). The caseload slider sets the one staffing assumption every study shares.
#
# Run without a browser (papermill, nbval), the notebook shows the figures for the parameters
# below, which default to the values in `data/`. Every number comes from `peerlib.apps.explore.explore`,
# the same function the sliders call.

# %% tags=["parameters"]
price_year = ""  # financial year of all sums, one of data/price_index.csv; "" keeps the data's own
caseload = None  # patients one FTE peer worker supports at a time, for every study; None: data/staffing.csv
bed_day_cost_gbp = None  # £ per inpatient bed-day at price_year; None: data/unit_costs.csv
peer_worker_salary_gbp = None  # £ a year for one FTE peer worker at price_year; None: data/unit_costs.csv
employer_pension_rate = None  # employer pension as a fraction of salary; None: data/unit_costs.csv
overhead_rate = None  # overheads as a fraction of salary and on-costs; None: data/unit_costs.csv
scheme = "sample_size"  # weights of the pooled ratio: "sample_size", "equal" or "fte_years"
diversion_share = None  # Leeds: share of visits replacing inpatient care, 0 to 1; None: data/crisis_house.csv

# %%
import ipywidgets as widgets
import matplotlib.pyplot as plt
import pandas as pd
from IPython.display import Markdown, display

pd.set_option("display.max_colwidth", None)  # labels in full, never cut off

from peerlib.core import costs, crisis_house, weighting
from peerlib.present import plots
from peerlib.inputs import studies
from peerlib.apps.explore import explore
from peerlib.present.labels import outcome_label, present, scheme_label
from peerlib.inputs.published import load_published

defaults = costs.load_cost_assumptions()
staffing = studies.load_staffing()
index = costs.load_price_index()
leeds_defaults = crisis_house.load_crisis_house_inputs()
published_ratio = load_published()["pooled_ratio_sample_size_weighted"].value


def show(**assumptions):
    """Recompute with peerlib and show the table, the charts and the pooled figure."""
    exploration = explore(**assumptions)
    pooled = exploration.base.pooled_ratio(exploration.scheme)
    c = exploration.model.costs
    display(Markdown(
        f"**Pooled ratio, {scheme_label(pooled.scheme)}: {pooled.benefit_cost_ratio:.2f} : 1** at "
        f"{exploration.model.staffing.caseload:g} patients per FTE (it breaks even at "
        f"{pooled.break_even_caseload:.1f}), with a peer worker costing £{c.peer_worker_cost_gbp:,.0f} a year and a "
        f"bed-day £{c.bed_day_cost_gbp:,.2f} ({c.price_year} prices). The report's: {published_ratio:g} : 1."
    ))
    table = exploration.table().set_index("label")
    table.index.name = None
    pooled = exploration.pooled().rename(index=lambda o: outcome_label(str(o), {}))
    pooled.index.name = None
    display(present(table), present(pooled))
    # plt.show draws each figure where it is made, inside the sliders' output area too.
    plots.plot(exploration.base, published_ratio)
    plt.show()
    plots.crisis_saving_curve(exploration.leeds)
    plt.show()


# %% [markdown]
# ## The figures for this run's parameters

# %%
show(price_year=price_year or None, caseload=caseload, bed_day_cost_gbp=bed_day_cost_gbp,
     peer_worker_salary_gbp=peer_worker_salary_gbp, employer_pension_rate=employer_pension_rate,
     overhead_rate=overhead_rate, scheme=scheme, diversion_share=diversion_share)

# %% [markdown]
# ## Sliders
#
# Caseload is the number of patients one FTE peer worker supports at a time, one figure for every
# study: no study publishes its staffing, and every ratio is proportional to it. The slider reaches
# well past the caseload at which the pooled ratio equals the published one.

# %%
style = {"description_width": "16em"}
layout = widgets.Layout(width="40em")
controls = {
    "price_year": widgets.Dropdown(options=list(index.years), value=defaults.price_year,
                                   description="price year", style=style),
    "caseload": widgets.FloatSlider(value=staffing.caseload, min=1, max=400, step=1,
                                    description="caseload, patients per FTE", style=style, layout=layout),
    "bed_day_cost_gbp": widgets.FloatSlider(value=defaults.bed_day_cost_gbp, min=50, max=1000, step=1,
                                            description="bed-day cost, £", style=style, layout=layout),
    "peer_worker_salary_gbp": widgets.FloatSlider(value=defaults.peer_worker_salary_gbp, min=10_000, max=60_000,
                                                  step=100, description="peer worker salary, £/year", style=style,
                                                  layout=layout),
    "employer_pension_rate": widgets.FloatSlider(value=defaults.employer_pension_rate, min=0, max=0.3, step=0.005,
                                                 description="employer pension (fraction)", style=style, layout=layout),
    "overhead_rate": widgets.FloatSlider(value=defaults.overhead_rate, min=0, max=1, step=0.01,
                                         description="overheads (fraction)", style=style, layout=layout),
    "scheme": widgets.Dropdown(options=[(scheme_label(s), s) for s in weighting.WEIGHTING_SCHEMES],
                               value="sample_size", description="pooling weights", style=style),
    "diversion_share": widgets.FloatSlider(value=leeds_defaults.diversion_share, min=0, max=1, step=0.01,
                                           description="Leeds: diversion share", style=style, layout=layout),
}
output = widgets.interactive_output(show, controls)
display(widgets.VBox(list(controls.values())), output)
