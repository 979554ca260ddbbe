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
# # One study: what a peer worker saves in hospital beds, and what it costs
#
# This notebook follows one study of peer support in mental health care from its published
# figures to a **benefit:cost ratio**: the value of the psychiatric bed-days that one
# full-time-equivalent (FTE) peer support worker saves in a year, divided by what that worker
# costs to employ for a year, the measure of *Peer support in mental health care: is it good value
# for money?* (Trachtenberg, Parsonage, Shepherd & Boardman, Centre for Mental Health, 2013). A
# ratio above 1 means the beds saved are worth more than the worker costs; a ratio below 0 means
# the peer arm used *more* beds.
#
# How the peer work behind a study is counted decides what the headline is: the shared caseload
# assumption, or the study's own intensity or staffing. The paragraph after the summary
# says which, for this study.
#
# The same notebook serves every study in `data/studies.csv`: the parameter `study_id` chooses
# one. Every number shown is computed by the `peerlib` package from the files in `data/`, where
# each figure names its source or is flagged as an assumption with its reason.

# %% tags=["parameters"]
study_id = "sledge2011"  # a study_id of data/studies.csv
price_year = ""  # financial year of all sums, one of data/price_index.csv; "" keeps the year of data/unit_costs.csv
bed_day_cost_gbp = None  # £ per mental health inpatient bed-day, at price_year; None: data/unit_costs.csv
peer_worker_salary_gbp = None  # £ a year for one FTE peer worker, at price_year; None: data/unit_costs.csv
overhead_rate = None  # overheads (management, premises, training), fraction of salary and on-costs (0.3 for 30 %); None: data/unit_costs.csv
caseload = None  # patients one FTE peer worker supports at a time, for every study; None: data/staffing.csv
results_csv = ""  # file to write the report's rows of results to; "" writes nothing

# %%
import pandas as pd
from IPython.display import Markdown, display

pd.set_option("display.max_colwidth", None)  # sources and reasons in full, never cut off

from peerlib.api import (
    PEER_ROLE_LABELS, Model, calculation_steps, count_words, country_phrase, design_label, design_phrase,
    effect_text, figure_text, formula_name, formula_text, input_label, load_published, load_specs, load_studies,
    one_way, plot, present, present_cost_components, publish_parameters, study_row, study_text, variant_suffix,
    write_results,
)

analysis = Model.from_data(
    study_ids=[study_id], price_year=price_year or None, caseload=caseload, caseload_origin="notebook parameter caseload",
    bed_day_cost_gbp=bed_day_cost_gbp, peer_worker_salary_gbp=peer_worker_salary_gbp, overhead_rate=overhead_rate,
)
publish_parameters(analysis)
study = analysis.study(study_id)
cost_assumptions = analysis.costs
result = analysis.base_case().study(study_id)
text = study_text(study, result)  # every sentence that depends on how the study's peer work is counted
pooled_studies = load_studies()  # the studies the pooled report pools (included = yes)
source_labels = {s.study_id: s.label for s in analysis.studies + analysis.references}  # borrowed-from too
effect = effect_text(study, source_labels)  # where the bed-use figure comes from, and whether it was significant
pooled_text = (f"one of the {count_words(len(pooled_studies), 'study', 'studies')} the pooled report pools"
               if study.included else "not one of the pooled studies: a separate scenario, pooled only on request")
assumed = [input_label(i.name, with_unit=False) for i in study.assumptions]
if study.caveat:
    caveat = study.caveat
elif study.effect_status == "imputed":
    caveat = "the bed-use figure is not the study's own, so the ratio says more about the assumption than the study."
elif study.effect_status == "secondary":
    caveat = ("the bed-use figure is not the study's own but a secondary source's, so the ratio says more about that "
              "source than about the study.")
else:
    caveat = text.staffing_caveat

# %% tags=["summary", "nbval-check-output"]
display(Markdown(
    f"{text.headline}\n\n"
    f"*It rests on:*\n\n* {design_phrase(study.design)} of {result.n_peer:,.0f} patients in the peer "
    f"arm;\n* {effect.summary};\n* England unit costs at {result.price_year} prices.\n\nIt is {pooled_text}.\n\n"
    f"*Main caveat:* {caveat}"
))

# %%
display(Markdown(text.intro))

# %% [markdown]
# ## The study

# %%
country = study.country + (" (assumed: the source does not say)" if study.country_status == "assumption" else "")
display(Markdown(f"""
**{study.label}** — {study.source}

* **Country:** {country}. **Design:** {design_label(study.design)}.
  **Peer role:** {PEER_ROLE_LABELS.get(study.peer_role, study.peer_role)}.
* **What it did:** {study.summary}
* **In the pooled analysis** (`included` in data/studies.csv): {"yes, " + pooled_text if study.included else "no"}.
  {study.inclusion_reason}.
"""))

# %% [markdown]
# ## Its figures, and which of them are assumptions
#
# Each row below is one input. *Published* figures give their source (a citation and where in it
# the figure stands); *derived* figures are computed by the formula shown from sourced parts;
# *secondary* figures quote the secondary source that reports them; *assumptions* give the reason
# for the value chosen.

# %%
display(Markdown(text.staffing_source))
display(Markdown("\n\n".join(t for t in (effect.note, effect.significance) if t)))

figures = pd.DataFrame([{
    "input": input_label(i.name, i.unit), "value": i.value, "status": i.status,
    "source, reason or formula": "; ".join(t for t in (
        i.source, i.reason,
        "= " + formula_text(i.formula.text, {n: formula_name(n, source_labels)
                                                     for n in i.formula.names}) if i.formula else "",
    ) if t),
} for i in study.inputs.values()]).set_index("input")
figures.index.name = None
present(figures)

# %% [markdown]
# What the study itself reported beyond these inputs, for comparison:

# %%
published = [f for f in load_published().values() if f.study_id == study.study_id]
display(Markdown("\n".join(f"* **{figure_text(f.value)}** {f.unit} — {f.source}" for f in published)
                 or "No further headline figures are recorded for this study in data/published.csv."))

# %% [markdown]
# ## From published figures to a ratio, step by step

# %%
display(Markdown(text.steps))

# %%
calculation_steps(result, study, analysis.staffing.fte_hours_per_year)

# %% [markdown]
# The cost of a peer worker is built up from its parts (all at the same price year):

# %%
present_cost_components(cost_assumptions.components())

# %% [markdown]
# ## Break-even: what the beds saved must pay for

# %%
display(Markdown(f"{text.break_even_intro}\n\n{text.break_even}"))

# %%
if result.caseload is not None:
    figure = plot(result)

# %% [markdown]
# ## Which inputs move the ratio?
#
# Each input in turn at the low and high end of its range (`data/uncertainty.csv`), the others at
# their base values. The widest bars are the inputs the verdict depends on.

# %%
tornado = one_way(analysis, load_specs(analysis))
figure = plot(tornado, study_id, f"{study.label}: one input at a time", analysis.labels(), top=8)

# %% [markdown]
# ## What we do not know

# %%
if study.included:
    listing = ("**The study list itself is inferred.** The report does not name its studies on any public page; "
               "the reason above says why this one is taken to be among them.")
else:
    listing = "**This study is not one of the report's.** It is a separate scenario: " + study.inclusion_reason + "."
unit_costs = f"**Unit costs** are England figures at {result.price_year} prices (see `data/unit_costs.csv`)"
if study.country not in ("UK", "England"):
    unit_costs += (f", applied to a study from {country_phrase(study.country)}, where bed-days and pay "
                   "cost something else")
display(Markdown(
    f"* {text.staffing_unknown}\n"
    "* **Only bed use is counted.** Other service costs, and any benefit to the people supported, are left out, as "
    f"in the report.\n* {listing}\n* {unit_costs}.\n"
    f"* **Assumptions.** {count_words(len(assumed)).capitalize()} of this study's inputs "
    f"{'is an assumption' if len(assumed) == 1 else 'are assumptions'}: their reasons are in the table of its figures "
    "above."
))

# %%
if results_csv:
    write_results([study_row(result, study, variant_suffix(price_year))], results_csv)
