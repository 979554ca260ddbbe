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
# six studies' benefit:cost ratios, the forest chart, the pooled figure and the Leeds saving curve
# as you move them. Each slider starts at the value in `data/`; money sliders are at 2011-12 prices
# and the price-year menu then re-expresses every sum.
#
# Run without a browser (papermill, nbval), the notebook shows the figures for the parameters
# below, which default to the values in `data/`. Every number comes from `peerlib.explore.explore`,
# the same function the sliders call.

# %% tags=["parameters"]
price_year = ""  # financial year of all sums, e.g. "2024-25"; "" keeps the data's own
bed_day_cost_gbp = None  # £ per inpatient bed-day, 2011-12 prices; None: data/unit_costs.csv
peer_worker_salary_gbp = None  # £ a year for one FTE peer worker, 2011-12 prices; None: data/unit_costs.csv
employer_pension_rate = None  # employer pension as a fraction of salary; None: data/unit_costs.csv
overhead_rate = None  # overheads as a fraction of salary and on-costs; None: data/unit_costs.csv
scheme = "sample_size"  # weights of the pooled ratio: "sample_size", "equal" or "peer_fte"
diversion_share = None  # Leeds: share of visits replacing inpatient care, 0 to 1; None: data/crisis_house.csv

# %%
import ipywidgets as widgets
import matplotlib.pyplot as plt
from IPython.display import Markdown, display

from peerlib import costs, plots, studies, weighting
from peerlib.explore import explore

six = studies.load_studies()
defaults = costs.load_cost_assumptions()
index = costs.load_price_index()


def show(**assumptions):
    """Recompute with peerlib and show the table, the charts and the pooled figure."""
    exploration = explore(**assumptions)
    pooled = exploration.pooled
    display(Markdown(
        f"**Pooled ratio ({pooled.scheme.replace('_', ' ')} weights): {pooled.benefit_cost_ratio:.2f} : 1**, "
        f"with a peer worker costing £{exploration.costs.peer_worker_cost_gbp:,.0f} a year and a bed-day "
        f"£{exploration.costs.bed_day_cost_gbp:,.2f} ({exploration.costs.price_year} prices)."
    ))
    display(exploration.table().round(2))
    display(exploration.alternatives.round(2))
    # plt.show draws each figure where it is made, inside the sliders' output area too.
    plots.forest_plot(exploration.results, [pooled])
    plt.show()
    plots.crisis_saving_curve(exploration.leeds)
    plt.show()


# %% [markdown]
# ## The figures for this run's parameters

# %%
show(price_year=price_year or None, bed_day_cost_gbp=bed_day_cost_gbp, peer_worker_salary_gbp=peer_worker_salary_gbp,
     employer_pension_rate=employer_pension_rate, overhead_rate=overhead_rate, scheme=scheme,
     diversion_share=diversion_share)

# %% [markdown]
# ## Sliders
#
# Caseload is the number of patients one FTE peer worker supports over a study's follow-up; it
# sets the staffing assumption (FTE = patients in the peer arm / caseload), which no study
# publishes.

# %%
style = {"description_width": "16em"}
layout = widgets.Layout(width="40em")
controls = {
    "price_year": widgets.Dropdown(options=list(index.years), value=defaults.price_year,
                                   description="price year", style=style),
    "bed_day_cost_gbp": widgets.FloatSlider(value=defaults.bed_day_cost_gbp, min=50, max=1000, step=1,
                                            description="bed-day cost, £", style=style, layout=layout),
    "peer_worker_salary_gbp": widgets.FloatSlider(value=defaults.peer_worker_salary_gbp, min=10_000, max=60_000,
                                                  step=100, description="peer worker salary, £/year", style=style,
                                                  layout=layout),
    "employer_pension_rate": widgets.FloatSlider(value=defaults.employer_pension_rate, min=0, max=0.3, step=0.005,
                                                 description="employer pension (fraction)", style=style, layout=layout),
    "overhead_rate": widgets.FloatSlider(value=defaults.overhead_rate, min=0, max=1, step=0.01,
                                         description="overheads (fraction)", style=style, layout=layout),
    "scheme": widgets.Dropdown(options=list(weighting.WEIGHTING_SCHEMES), value="sample_size",
                               description="pooling weights", style=style),
    "diversion_share": widgets.FloatSlider(value=1.0, min=0, max=1, step=0.01,
                                           description="Leeds: diversion share", style=style, layout=layout),
}
caseload_controls = {
    s.study_id: widgets.FloatSlider(value=s.n_peer / s.peer_fte, min=1, max=100, step=0.5,
                                    description=f"caseload: {s.label}", style=style, layout=layout)
    for s in six
}


def on_change(**values):
    caseloads = {study_id: values.pop(f"caseload_{study_id}") for study_id in caseload_controls}
    show(caseloads=caseloads, **values)


output = widgets.interactive_output(
    on_change, controls | {f"caseload_{study_id}": w for study_id, w in caseload_controls.items()})
display(widgets.VBox(list(controls.values()) + list(caseload_controls.values())), output)
