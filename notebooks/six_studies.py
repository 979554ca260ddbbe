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
# # The studies pooled: is peer support good value for money?
#
# In 2013 the Centre for Mental Health (Trachtenberg, Parsonage, Shepherd & Boardman, *Peer support
# in mental health care: is it good value for money?*) took the studies that link peer support
# workers to psychiatric inpatient bed use, estimated the bed-days each full-time peer worker
# saves, valued them at England unit costs and divided by the cost of the worker. This notebook
# recomputes each study's ratio from its published figures (each study has its own report, built
# from `study.ipynb`), pools them the report's way and others, puts our figures beside the report's
# and measures what drives the gap.

# %% tags=["parameters"]
price_year = ""  # financial year of all sums, one of data/price_index.csv; "" keeps the year of data/unit_costs.csv
bed_day_cost_gbp = None  # £ per mental health inpatient bed-day, at price_year; None: data/unit_costs.csv
peer_worker_salary_gbp = None  # £ a year for one FTE peer worker, at price_year; None: data/unit_costs.csv
overhead_rate = None  # overheads (management, premises, training), fraction of salary and on-costs (0.3 for 30 %); None: data/unit_costs.csv
caseload = None  # patients one FTE peer worker supports at a time, for every study; None: data/staffing.csv
n_draws = 100_000  # probabilistic draws (whole number, 1,000 to 10,000,000)
extra_studies = ""  # study ids to pool with the report's, comma-separated (e.g. 'core2018'); "" pools those only
results_csv = ""  # file to write the report's rows of results to; "" writes nothing

# %%
from collections import Counter

import pandas as pd
from IPython.display import Markdown, display

pd.set_option("display.max_colwidth", None)  # sources and reasons in full, never cut off

from peerlib.api import (
    PEER_ROLE_LABELS, POOL_LABELS, Model, bed_use_text, caseloads_text, count_words, design_label, figure_text,
    formatted, gbp_text, gbp_whole, grade_label, leave_one_out, load_published, load_specs, percent_text, plot,
    pooled_rows, present, probabilistic, publish_parameters, sign_pattern, write_results,
)

extra_ids = [study_id.strip() for study_id in extra_studies.split(",") if study_id.strip()]
analysis = Model.from_data(
    extra_study_ids=extra_ids, price_year=price_year or None, caseload=caseload,
    caseload_origin="notebook parameter caseload", bed_day_cost_gbp=bed_day_cost_gbp,
    peer_worker_salary_gbp=peer_worker_salary_gbp, overhead_rate=overhead_rate,
)
publish_parameters(analysis)
studies = list(analysis.studies)
n = len(studies)
costs_used = analysis.costs
base = analysis.base_case()
results = base.studies
labels = analysis.labels()
published = load_published()
published_ratio = published["pooled_ratio_sample_size_weighted"].value
ours = base.pooled_ratio("sample_size")
total_weight = sum(ours.weights.values())
heaviest = max(ours.weights, key=ours.weights.__getitem__)
heaviest_share = ours.weights[heaviest] / total_weight
without_heaviest = leave_one_out({r.study_id: r.benefit_cost_ratio for r in results}, ours.weights)
imputed = [s for s in studies if s.effect_status == "imputed"]
secondary = [s for s in studies if s.effect_status == "secondary"]
own_published = [s for s in studies if s.effect_status == "published"]

# %% tags=["summary"]
display(Markdown(
    f"**Pooled, the {count_words(n, 'study', 'studies')} break even at {ours.break_even_caseload:.1f} patients per "
    f"full-time peer worker at a time.** At the assumed caseloads, {caseloads_text(analysis.staffing)}, the pooled "
    f"benefit:cost ratio is **{formatted(ours.benefit_cost_ratio, 'ratio')} : 1**, weighted by sample "
    f"size as the report did. The report's own figure is {published_ratio:g} : 1.\n\n"
    f"*It rests on* a caseload no study publishes, England {costs_used.price_year} unit costs, and each study's "
    f"bed-use figures. Every ratio is proportional to the caseload. Of the bed-use figures, "
    f"{count_words(len(own_published))} are the study's own published figures, "
    f"{count_words(len(imputed))} imputed ({', '.join(s.label for s in imputed) or 'none'}) and "
    f"{count_words(len(secondary))} from a secondary source ({', '.join(s.label for s in secondary) or 'none'}).\n\n"
    f"*Main caveat:* {labels[heaviest]} carries {percent_text(heaviest_share)} of the weight; without it the pooled ratio is "
    f"{formatted(without_heaviest.loc[heaviest, 'benefit_cost_ratio'], 'ratio')} : 1. The report's own "
    f"per-study figures are not public, so its {published_ratio:g} : 1 cannot be reproduced here. The sections below "
    "measure the gap and what moves it, without explaining it."
))

# %%
if extra_ids:
    display(Markdown(f"**Pooled here with the report's studies, on request:** "
                     f"{', '.join(labels[i] for i in extra_ids)}. The report's figures refer to its own studies alone."))

# %% [markdown]
# ## Which studies?
#
# The report does not list its studies on any public page. The set used here is inferred from what
# the report says of them. The table sets what the report says beside the studies used here
# (`included` in `data/studies.csv`; each study's `inclusion_reason` gives the basis), and says
# where they do not fit.

# %%
countries = Counter(s.country for s in studies)
designs = Counter(s.design for s in studies)
fit = pd.DataFrame([
    ("studies", published["report_studies"].value, n),
    ("from the US", published["report_studies_us"].value, countries.get("US", 0)),
    ("from Australia", published["report_studies_australia"].value, countries.get("Australia", 0)),
    ("randomised trials", published["report_studies_rct"].value, designs.get("rct", 0)),
    ("other studies with a comparison group", published["report_studies_comparison_group"].value,
     designs.get("comparison_group", 0)),
], columns=["", "the report says", "used here"]).set_index("")
fit["fits"] = ["yes" if a == b else "no" for a, b in zip(fit["the report says"], fit["used here"], strict=True)]
fit.astype({"the report says": int})

# %%
which = pd.DataFrame([{
    "study": s.label, "country": s.country + (" (assumed)" if s.country_status == "assumption" else ""),
    "design": design_label(s.design), "peers": PEER_ROLE_LABELS.get(s.peer_role, s.peer_role),
    "bed-use figure": bed_use_text(s, labels),
} for s in studies]).set_index("study")
which

# %% [markdown]
# ## The ratios
#
# For each study: the **break-even caseload** (patients one FTE must support at a time for the ratio
# to be exactly 1, whatever the staffing), then the ratio at the assumed caseload, and what it rests
# on. A study whose bed-use figure is imputed (assumed, or borrowed from another study) is marked.

# %%
table = base.table()
table["weight_share"] = [ours.weights.get(i, 0) / total_weight for i in table.index]
table["label"] = [r.label + (" (imputed)" if analysis.study(r.study_id).effect_status == "imputed" else "")
                  for r in results]
table["evidence_grade"] = [grade_label(analysis.study(r.study_id).evidence_grade)
                           + (", not significant" if analysis.study(r.study_id).effect_significant == "no" else "")
                           for r in results]
shown = present(table[["label", "evidence_grade", "break_even_caseload", "benefit_cost_ratio", "bed_days_saved_per_fte_year",
                       "fte_years", "sample_size", "weight_share"]])
shown.index.name = None
shown.set_index(shown.columns[0])

# %%
display(Markdown(
    f"Every ratio values a bed-day at **{gbp_text(costs_used.bed_day_cost_gbp, 2)}** and a year of a peer worker at "
    f"**{gbp_whole(costs_used.peer_worker_cost_gbp)}** ({costs_used.price_year} prices), at "
    f"{caseloads_text(analysis.staffing)} patients per FTE at a time. Expressing every sum at another price year with one "
    "index (rebasing) changes the £ figures and no ratio; re-costing each side with its own evidence is in the "
    "today's-costs report."))

# %% [markdown]
# ## The ratios and the pooled figure
#
# Each study's ratio (squares) and the pooled ratios (diamonds), with the 95 % interval of the
# probabilistic analysis (see the sensitivity report) as a bar. Every study is drawn the same size;
# its share of the sample-size weight is beside its name.

# %%
psa = probabilistic(analysis, load_specs(analysis), n_draws=n_draws)
intervals = {outcome: psa.interval(outcome) for outcome in psa.ratios}
figure = plot(base, published_ratio, intervals)

# %% tags=["nbval-check-output"]
pattern = sign_pattern([r.benefit_cost_ratio for r in results])
published_pattern = {k: int(published[f"studies_ratio_{k}"].value) for k in ("above_one", "zero_to_one", "below_zero")}
display(Markdown(f"""
| | ours | the report's |
|---|---|---|
| pooled ratio, weighted by sample size | **{formatted(ours.benefit_cost_ratio, 'ratio')} : 1** | {published_ratio:g} : 1 |
| studies with a ratio above 1 | {pattern.above_one} (of which {sum(1 for r in results if r.benefit_cost_ratio > 1
    and analysis.study(r.study_id).effect_status == "imputed")} imputed) | {published_pattern["above_one"]} |
| positive but less than one | {pattern.positive_below_one} | {published_pattern["zero_to_one"]} |
| zero (an assumed "no difference") | {pattern.zero} | – |
| negative | {pattern.below_zero} | {published_pattern["below_zero"]} |
"""))

# %% [markdown]
# ## Why ours differs from the report's figure
#
# The report's per-study table (bed-days saved per FTE, staffing, the sample sizes it weighted by,
# its unit costs) came from correspondence with the study authors and is not public, so a gap is
# expected. The cells below measure what moves our figure: the weights, the staffing, one study's
# follow-up, and the imputed bed-use figures. No one of them can say which of these made the report's.

# %%
most_influential = without_heaviest["change"].abs().idxmax()
display(Markdown(
    f"**Weights.** {labels[heaviest]} carries **{percent_text(heaviest_share)}** of the sample-size weight "
    f"({ours.weights[heaviest]:,.0f} of {total_weight:,.0f} patients), so the pooled ratio is close to its ratio, "
    f"{formatted(base.study(heaviest).benefit_cost_ratio, 'ratio')} : 1. The study whose removal moves the pooled ratio most is "
    f"{labels[most_influential]}: without it the pooled ratio is "
    f"**{formatted(without_heaviest.loc[most_influential, 'benefit_cost_ratio'], 'ratio')} : 1**. The report's weights are not public; "
    f"if its sample for this study was much smaller, or the study was not among its studies, its pooled figure "
    f"would sit far closer to the equal-weights figure below."
))

# %%
matching_caseload = analysis.solve("caseload", ours.outcome_id, target=published_ratio)
factor = published_ratio / ours.benefit_cost_ratio  # every ratio is proportional to the caseloads and the bed-day cost
display(Markdown(
    f"**Staffing and unit costs.** Our pooled ratio would equal the report's {published_ratio:g} : 1 at a caseload "
    f"of **{matching_caseload:.0f} patients per FTE at a time** for every study, or with every caseload {factor:.1f} "
    "times ours — or, equally, "
    f"if the bed-day cost were {factor:.1f} times higher, or the worker's cost {factor:.1f} times lower. That is a "
    "figure, not an explanation: the report's staffing was never published, so whether its caseload, its unit costs "
    "or something else makes the gap is unknown, and this caseload sets nothing."
))

# %% [markdown]
# ### The study that decides the pooled figure
#
# How much the pooled ratio rests on the heaviest study: its ratio, the pooled ratio if its
# bed-use difference was counted over one year rather than its follow-up, and the pooled ratio
# without it.

# %%
study = analysis.study(heaviest)
followup = study.inputs["followup_months"]
one_year = study.with_values(followup_months=12, reason="read over one year")
display(Markdown(
    f"{study.label}: a follow-up of {followup.value:g} months ({followup.status}; "
    f"{followup.reason or followup.source}). Counted over 12 months instead, the same difference per patient is "
    f"{followup.value / 12:g} times as many bed-days a year."))
variants = {
    f"follow-up {followup.value:g} months ({followup.status})": analysis,
    "follow-up 12 months": analysis.with_studies([one_year if s.study_id == heaviest else s for s in studies]),
    f"without {study.label}": analysis.with_studies([s for s in studies if s.study_id != heaviest]),
}
panel = pd.DataFrame([{
    "reading": name,
    f"ratio of {study.label}": (variant.base_case().study(heaviest).benefit_cost_ratio
                                if heaviest in variant.study_ids else float("nan")),
    "pooled ratio, sample-size weights": variant.base_case().pooled_ratio("sample_size").benefit_cost_ratio,
    "pooled break-even caseload": variant.base_case().pooled_ratio("sample_size").break_even_caseload,
} for name, variant in variants.items()]).set_index("reading")
present(panel, {c: "ratio" for c in panel.columns[:2]} | {panel.columns[2]: "one"})

# %% [markdown]
# ## Does the choice of pool matter?
#
# Weighting by sample size gives large studies more say, but sample size says nothing about how
# precise a study's bed-use figure is, or how much peer support it involved. Beside the report's
# choice: equal weights; the ratio of totals (all the beds saved, valued, over all the peer work,
# costed: each ratio weighted by its FTE-years); and the report's weights over the studies whose
# bed-use figures are their own published ones (no assumed or borrowed effect).

# %%
pools = pd.DataFrame([{"pool": POOL_LABELS[p.outcome_id],
                       "studies": count_words(len(p.weights)),
                       "benefit_cost_ratio": p.benefit_cost_ratio, "break_even_caseload": p.break_even_caseload}
                      for p in base.pooled]).set_index("pool")
present(pools)

# %% [markdown]
# ## Leave one out
#
# How far does each study move the pooled figure (sample-size weights)?

# %%
display(Markdown(f"Each row pools the other {count_words(n - 1)}."))
loo = without_heaviest.rename(index=labels)
loo.index.name = "left out"
present(loo)

# %% [markdown]
# ## Every assumption behind these figures

# %%
lines = [f"* **{s.label}** — `{i.name}` = {figure_text(i.value)} {i.unit}: {i.reason}" for s in studies for i in s.assumptions]
lines += [f"* **Every study supported {how}** — `{name}` = {analysis.staffing.sources[name].value:g} patients per FTE "
          f"at a time: {analysis.staffing.sources[name].reason}"
          for how, name in (("one-to-one", "caseload"), ("in groups", "caseload_group"))
          if any(s.caseload_parameter == name and s.staffing_basis == "caseload" for s in studies)]
display(Markdown("\n".join(lines)))

# %% [markdown]
# ## The wider evidence
#
# These studies are not the only evidence. Two other bodies of work, each with its own method and
# price year, are set beside ours (figures and sources in `data/published.csv`): the **Cochrane
# review** of consumer-providers (Pitt et al. 2013), which pooled only randomised trials and looked
# at clinical and service-use outcomes rather than costs; and the **Washington State Institute for
# Public Policy** (WSIPP), whose benefit-cost model values adding a peer specialist to a treatment
# team in US dollars at its own price year.

# %%
context = [
    ("Ours: pooled benefit:cost ratio, weighted by sample size",
     f"{formatted(ours.benefit_cost_ratio, 'ratio')} : 1 ({costs_used.price_year} £)", "computed here from data/"),
    ("Trachtenberg et al. 2013: pooled benefit:cost ratio", f"{published_ratio:g} : 1",
     published["pooled_ratio_sample_size_weighted"].source),
    ("WSIPP: benefit per dollar of cost, peer specialist added to a team",
     f"{published['wsipp_benefit_cost_ratio'].value:g} : 1 ({published['wsipp_benefit_cost_ratio'].unit}); "
     f"chance benefits exceed costs {percent_text(published['wsipp_chance_benefits_exceed_costs'].value)}",
     published["wsipp_benefit_cost_ratio"].source),
    ("Cochrane review (Pitt et al. 2013): randomised trials",
     f"{published['cochrane_trials'].value:g} ({published['cochrane_trials_substitute'].value:g} with peers replacing "
     f"staff, {published['cochrane_trials_adjunct'].value:g} adding them); little difference in most outcomes",
     published["cochrane_trials"].source),
    ("Cochrane review: crisis and emergency service use",
     f"a small reduction, standardised mean difference {figure_text(published['cochrane_crisis_use_smd'].value)}",
     published["cochrane_crisis_use_smd"].source),
]
pd.DataFrame(context, columns=["evidence", "finding", "source"]).set_index("evidence")

# %% [markdown]
# ### Since 2013: later trials and reviews
#
# Trials and reviews published after the report, with their figures and sources in
# `data/published.csv`. Not one reports bed-days saved per peer worker. ENRICH planned to value
# service use: its protocol set "service use and cost outcomes" after discharge (Gillard et al.,
# "Peer support for discharge from inpatient to community mental health care as an addition to
# usual community follow up: study protocol for a randomized controlled trial"), and its programme
# report includes an "economic evaluation" (Gillard et al. 2023, Programme Grants for Applied
# Research 11(8), abstract); those results are not among the figures here.

# %%
p = published
since = [
    ("CORE (Johnson et al. 2018, Lancet): randomised trial in England",
     f"readmission to acute care within a year: {percent_text(p['core2018_readmitted_share_peer'].value)} with peer support "
     f"against {percent_text(p['core2018_readmitted_share_control'].value)}, odds ratio {p['core2018_odds_ratio'].value:g} "
     f"(95 % CI {p['core2018_odds_ratio_ci_low'].value:g} to {p['core2018_odds_ratio_ci_high'].value:g}); the days "
     "spent in acute care did not differ significantly (a secondary source: see its study page)",
     p["core2018_odds_ratio"].source),
    ("White et al. 2020 (BMC Psychiatry): review of one-to-one peer support",
     f"{p['white2020_trials'].value:g} trials, {p['white2020_participants'].value:,.0f} participants: no impact on "
     "clinical symptoms or service use", p["white2020_participants"].source),
    ("Chien et al. 2019 (Cochrane CD010880.pub2): peer support for serious mental illness",
     f"{p['chien2019_studies'].value:g} studies, {p['chien2019_participants'].value:,.0f} participants; hospital "
     f"admission, medium term: risk ratio {p['chien2019_admission_rr'].value:g} (95 % CI "
     f"{p['chien2019_admission_rr_ci_low'].value:g} to {p['chien2019_admission_rr_ci_high'].value:g}), from "
     f"{count_words(int(p['chien2019_admission_studies'].value), 'study', 'studies')} of "
     f"{p['chien2019_admission_participants'].value:g} participants, very low quality evidence",
     p["chien2019_admission_rr"].source),
    ("ENRICH (Gillard et al. 2022, Lancet Psychiatry): randomised trial in England",
     f"{p['enrich_participants'].value:g} inpatients in {count_words(int(p['enrich_services'].value))} services, "
     f"{p['enrich_peer_workers'].value:g} peer workers, support from admission to "
     f"{p['enrich_support_months_after_discharge'].value:g} months after discharge; primary outcome readmission "
     f"within {p['enrich_primary_outcome_months'].value:g} months. Result (secondary sources only): no significant "
     "reduction in readmission overall", p["enrich_primary_outcome_months"].source),
    ("ENRICH, a subgroup (not the trial's result)",
     f"a reduction in readmission reported for those who received at least "
     f"{count_words(int(p['enrich_subgroup_min_sessions'].value))} sessions: a group defined by the support taken "
     "up after randomisation, so not a randomised comparison; the trial's result is the row above",
     p["enrich_subgroup_min_sessions"].source),
]
pd.DataFrame(since, columns=["evidence", "finding", "source"]).set_index("evidence")

# %%
spans_one = p["chien2019_admission_rr_ci_low"].value < 1 < p["chien2019_admission_rr_ci_high"].value
display(Markdown(
    f"Since 2013 the evidence on hospital use is mixed. One English trial, CORE, found fewer readmissions to acute "
    f"care with peer support (odds ratio {p['core2018_odds_ratio'].value:g}, 95 % CI "
    f"{p['core2018_odds_ratio_ci_low'].value:g} to {p['core2018_odds_ratio_ci_high'].value:g}), though not fewer days "
    f"in acute care. Otherwise: White et al.'s review of "
    f"{p['white2020_trials'].value:g} trials found no impact on service use; the Cochrane review's one estimate "
    f"of admissions rests on {count_words(int(p['chien2019_admission_studies'].value), 'study', 'studies')} of "
    f"{p['chien2019_admission_participants'].value:g} people and its interval "
    f"{'includes no effect (a risk ratio of 1)' if spans_one else 'excludes no effect'}; and ENRICH, the English "
    "trial of peer support after discharge, found no significant reduction in readmission overall. Only a subgroup of ENRICH, those who took up at least "
    f"{count_words(int(p['enrich_subgroup_min_sessions'].value))} sessions, is reported to have been readmitted "
    "less, and a subgroup chosen by what people took up cannot show what offering peer support does."))

# %% [markdown]
# These figures are not directly comparable: WSIPP counts a wider set of benefits in US dollars,
# the Cochrane review does not value anything in money, and our ratio counts inpatient beds only.
# Together they say the same thing as the uncertainty analysis: the evidence that peer workers
# save hospital beds is thin, and the size of any saving depends on assumptions no study settles.

# %%
if results_csv:
    id_suffix = "".join(f"_{part}" for part in [price_year, *extra_ids] if part)
    write_results(pooled_rows(base, published_ratio, id_suffix), results_csv)
