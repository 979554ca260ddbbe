"""The business case in words: what a commissioner reads, from a :class:`BusinessCaseResult`.

The figures are :mod:`peerlib.analysis.business_case`'s; this module only writes them out, naming
parameters, pools and studies as :mod:`peerlib.present.labels` does.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence

import pandas as pd

from peerlib.analysis.business_case import BusinessCaseResult, Evidence
from peerlib.formatting import formatted, gbp_text, percent_text
from peerlib.inputs.errors import ParameterError
from peerlib.inputs.studies import load_study
from peerlib.present.labels import POOL_LABELS, count_words, input_label, unit_beside
from peerlib.present.study_text import STANDING_WORDS, figure_standing
from peerlib.present.sums import Figure, sum_sentence
from peerlib.vocabulary import term


def findings_text(evidence: Evidence) -> str:
    """The studies' own caveats from data/studies.csv, under a heading: '' where the evidence has none."""
    if not evidence.findings:
        return ""
    if len(evidence.findings) == 1 and evidence.kind == "study":
        heading = "The trial's own finding." if evidence.trial else "The study's own caveat."
        return f"**{heading}** {evidence.findings[0][1]}"
    return "**The studies' own caveats.** " + " ".join(f"{label}: {text}" for label, text in evidence.findings)


def drawn_labels(names: Sequence[str], study_labels: Mapping[str, str]) -> tuple[str, ...]:
    """Parameters as a reader knows them; with one study, without its name before each."""
    if len(study_labels) == 1:
        return tuple(input_label(n.rpartition(".")[2], with_unit=False) for n in names)
    return tuple(input_label(n, study_labels=study_labels, with_unit=False) for n in names)


def caveats(evidence: Evidence) -> tuple[str, ...]:
    """This analysis's notes on the evidence; a pool's first says which pool, over how many studies."""
    if evidence.kind != "pool":
        return evidence.caveats
    pool = f"{POOL_LABELS[evidence.id]}, over {count_words(len(evidence.study_ids), 'study', 'studies')}"
    return (pool, *evidence.caveats)


def _intensity_standing(evidence: Evidence) -> dict[str, str]:
    """How the evidence's sessions and hours per person stand (published, partly assumed, assumed ...), from its
    study in data/; 'assumed' where the study cannot be read."""
    names = ("sessions_per_patient", "hours_per_session")
    try:
        study = load_study(evidence.study_ids[0])
    except (ParameterError, IndexError):
        return dict.fromkeys(names, "assumed")
    return {n: figure_standing(study, n) if n in study.inputs else "assumed" for n in names}


def staffing_text(result: BusinessCaseResult) -> str:
    """Which staffing basis the people supported rest on, in words; a trial's sessions and hours are called
    published only where both are (CORE's sessions come from published shares and assumed counts, and its 2.5
    hours are 1 published hour plus 1.5 assumed)."""
    if result.staffing_basis == "intensity":
        standing = _intensity_standing(result.evidence)
        if set(standing.values()) == {"published"}:
            return (f"from the trial's published intensity: about {result.sessions_per_person:.1f} sessions of "
                    f"{result.hours_per_session:g} hours per person")
        return (f"from the trial's own sessions and hours: about {result.sessions_per_person:.1f} sessions per "
                f"person ({STANDING_WORDS[standing['sessions_per_patient']]}) of {result.hours_per_session:g} hours "
                f"each ({STANDING_WORDS[standing['hours_per_session']]})")
    i = result.inputs
    whose = "your caseload and months of support" if {"caseload", "support_months"} <= i.given else (
        "a caseload and months of support, "
        + ("yours" if "caseload" in i.given else "the project's default caseload (data/staffing.csv)")
        + " and "
        + ("yours" if "support_months" in i.given else "the evidence's own months of support"))
    if result.staffing_basis != "caseload":
        return f"{whose} for the studies staffed by a caseload; the others' own sessions and hours"
    return whose


def _people_text(result: BusinessCaseResult) -> str:
    i = result.inputs
    if result.staffing_basis == "intensity":
        unused = [term(n).label for n in ("caseload", "support_months") if n in i.given]
        note = (f" Your {' and '.join(unused)} {'is' if len(unused) == 1 else 'are'} not used: the trial's "
                "own sessions and hours stand unless you give both a caseload and months of support."
                if unused else "")
        hours = sum_sentence("{} x {}", [Figure(result.sessions_per_person, "sessions", 1),
                                         Figure(result.hours_per_session, "hours", 1)],
                             lambda a, b: a * b, result.sessions_per_person * result.hours_per_session,
                             lambda v: f"{v:,.1f} hours")
        standing = _intensity_standing(result.evidence)
        how = ("Both are published." if set(standing.values()) == {"published"} else
               f"The sessions are {STANDING_WORDS[standing['sessions_per_patient']]}, and the hours per session are "
               f"{STANDING_WORDS[standing['hours_per_session']]}.")
        many = ("" if i.n_fte == 1 else
                f"; {i.n_fte:g} support about {result.people_supported_per_year:,.0f}")
        return (f"The staffing is the trial's own: {hours} of a peer worker's time per person. {how} "
                f"One full-time worker, with {result.fte_hours_per_year:,.0f} working hours a year, supports about "
                f"{result.people_per_fte_year:,.0f} people a year{many}.{note}")
    months_text = ("" if result.support_months is None
                   else f", each supported for {months(result.support_months)} months")
    return (f"Staffing basis: {staffing_text(result)}. At {i.caseload:g} people per worker at a time{months_text}, "
            f"they support about {result.people_supported_per_year:,.0f} people a year.")


def how_sure_text(result: BusinessCaseResult) -> str:
    """How sure, in short sentences: the share of draws that pay, the range of the ratio and the net benefit, and
    over what range today's costs were drawn; what was drawn and what taken as known is :func:`how_sure_table`."""
    i = result.inputs
    low, high = result.ratio_interval
    net_low, net_high = result.net_benefit_interval_gbp
    ranges = today_ranges_text(result)
    drawn = bool(result.drawn_evidence or result.drawn_defaults)
    return (f"In **{formatted(result.probability_ratio_above_one, 'share')}** of {i.n_draws:,} draws the ratio is "
            f"above 1. Nineteen draws in twenty fall between {formatted(low, 'ratio')} and "
            f"{formatted(high, 'ratio')} : 1, a net benefit of {gbp_text(net_low)} to {gbp_text(net_high)} a year. "
            + (ranges + " " if ranges else "")
            + ("What was drawn, and what was taken as known, is in the table below. " if drawn else
               "Nothing was drawn: every input is fixed. ")
            + "The break-evens show how far each may move.")


def how_sure_table(result: BusinessCaseResult) -> pd.DataFrame:
    """Every input How sure drew or took as known, by its name for a reader, and how it was treated: the
    evidence's inputs and the project's own assumptions drawn, the commissioner's values and today's pay known."""
    rows = [(label, "drawn: the evidence, over its published spread or stated range")
            for label in drawn_labels(result.drawn_evidence, result.study_labels)]
    rows += [(label, "drawn: the project's own assumption, as you did not set it")
             for label in drawn_labels(result.drawn_defaults, result.study_labels)]
    rows += [(label, "known: your own value") for label in result.known]
    rows += [("today's pay, national insurance and pension", "known: data/current_costs.csv, or yours")]
    shown = pd.DataFrame(rows, columns=["input", "in How sure"]).set_index("input")
    shown.index.name = None
    return shown


def today_ranges_text(result: BusinessCaseResult) -> str:
    """Over what range today's bed-day cost and overheads were drawn, where they were, and where the value used sits
    in its range when not at its centre: '' where neither was drawn."""
    i = result.inputs
    sentences = []
    if "bed_day_cost_gbp" in result.drawn_defaults:
        low, high = i.bed_day_range_gbp
        sentences.append(f"The bed-day cost was drawn evenly from {gbp_text(low)} to {gbp_text(high)}, the two "
                         f"sourced figures at {i.price_year} prices" + _where_in(i.bed_day_cost_gbp, low, high,
                                                                                gbp_text(i.bed_day_cost_gbp)) + ".")
    if "overhead_rate" in result.drawn_defaults:
        low, high = i.overhead_range
        sentences.append(f"Overheads were drawn evenly from {percent_text(low)} to {percent_text(high)} of salary "
                         f"and on-costs"
                         + _where_in(i.overhead_rate, low, high, f"{percent_text(i.overhead_rate)}") + ".")
    return " ".join(sentences)


def _where_in(value: float, low: float, high: float, shown: str) -> str:
    """'; the X used above is its top' where the value is an end of its range, else ''."""
    if math.isclose(value, high):
        return f"; the {shown} used above is its top, so most draws are below it"
    if math.isclose(value, low):
        return f"; the {shown} used above is its bottom, so most draws are above it"
    return ""

def describe(result: BusinessCaseResult, markdown: bool = True, notes: bool = True) -> str:
    """What a commissioner can read in a minute: cost, return, how sure, what has to be true, cash or capacity,
    and the evidence's own finding; with ``notes``, this analysis's notes on the evidence (:func:`evidence_notes`).

    Markdown (bold headings and key figures) by default; ``markdown=False`` gives plain text for a terminal.
    Every sum in it redoes on a calculator (:mod:`peerlib.present.sums`).
    """
    i, e = result.inputs, result.evidence
    workers = f"{i.n_fte:g} full-time peer support worker{'s' if i.n_fte != 1 else ''}"
    on_costs = ("employer national insurance, pension and overheads" if i.overhead_rate
                else "employer national insurance and pension, no overheads")
    net = (f"a net benefit of **{gbp_text(result.net_benefit_gbp)} a year**" if result.net_benefit_gbp >= 0
           else f"a net cost of **{gbp_text(-result.net_benefit_gbp)} a year**")
    months_note = ""
    if (result.support_months is not None and e.support_months is not None
            and not math.isclose(result.support_months, e.support_months)):
        months_note = (f" This takes someone supported for {months(result.support_months)} months to avoid as "
                       f"many bed-days as in the evidence, where support lasted {months(e.support_months)} months"
                       f"{': optimistic' if result.support_months < e.support_months else ''}.")
    cost = sum_sentence("{} x {}", [Figure(i.n_fte, "workers" if i.n_fte != 1 else "worker", exact=True),
                                     Figure(result.cost_per_fte_gbp, money=True)],
                        lambda n, c: n * c, result.annual_cost_gbp, gbp_text)
    bed_days = sum_sentence("{} x {}", [Figure(result.people_supported_per_year, "people"),
                                         Figure(result.bed_days_saved_per_person, "bed-days", 2)],
                            lambda n, b: n * b, result.bed_days_saved_per_year, lambda v: f"{v:,.0f} bed-days")
    value = sum_sentence("{} x {}", [Figure(result.bed_days_saved_per_year, "bed-days"),
                                      Figure(i.bed_day_cost_gbp, money=True)],
                         lambda b, c: b * c, result.value_of_bed_days_gbp, gbp_text)
    parts = [
        f"**Cost.** Employing {workers} costs **{gbp_text(result.annual_cost_gbp)} a year** at {i.price_year} "
        f"prices: {cost}. Each costs {gbp_text(result.cost_per_fte_gbp)}: {i.pay_description}, "
        f"{gbp_text(i.salary_gbp)} a year, with {on_costs}. " + overheads_text(result),
        f"**What you get back.** {_people_text(result)} On the evidence of {e.label}, each person supported avoids "
        f"{formatted(result.bed_days_saved_per_person, 'ratio')} bed-days: {bed_days} a year. Each "
        f"valued at the cost of a bed-day, they are worth {value} a year. "
        f"That is **{formatted(result.benefit_cost_ratio, 'ratio')} : 1**, {net}. Over the draws of How sure, "
        f"below, the ratio is {formatted(float(result.ratio_draws.mean()), 'ratio')} : 1 on average." + months_note,
        "**How sure.** " + how_sure_text(result),
        "**What has to be true for it to pay.** " + _break_even_text(result),
        "**Cash or capacity.** " + _cash_text(result),
    ]
    finding = findings_text(e)
    if finding:
        parts.append(finding)
    if notes and caveats(e):
        parts.append(evidence_notes(result))
    text = "\n\n".join(parts)
    # Plain text for a terminal: each item of a list a paragraph of its own, so wrapping keeps them apart.
    return text if markdown else re.sub(r"(?<!\n)\n\* ", "\n\n* ", text.replace("**", ""))


def evidence_notes(result: BusinessCaseResult) -> str:
    """This analysis's notes on the evidence (assumed inputs, imputed figures, the pool), a bullet each: '' where
    there are none."""
    notes = caveats(result.evidence)
    if not notes:
        return ""
    return "**Read the evidence with care.**\n\n" + "\n".join(f"* {note.rstrip('.')}." for note in notes)

def overheads_text(result: BusinessCaseResult) -> str:
    """Whether overheads are counted, at what rate, from where, and whether they were drawn, in plain words."""
    i = result.inputs
    if "overhead_rate" in i.given:
        if not i.overhead_rate:
            return "You set no overheads, so none are counted: the cost is understated."
        return (f"Overheads are included at your own rate, {percent_text(i.overhead_rate)} of salary and on-costs, "
                "taken as known.")
    low, high = i.overhead_range
    return (f"Overheads are included at {percent_text(i.overhead_rate)} of salary and on-costs: the published rate "
            f"for NHS "
            f"community staff (PSSRU Unit Costs). As the true rate is uncertain, How sure draws it from "
            f"{percent_text(low)} to "
            f"{percent_text(high)}.")


def _break_even_text(result: BusinessCaseResult) -> str:
    i = result.inputs
    if result.bed_days_saved_per_person <= 0:
        return (f"The evidence shows no bed-days saved, so no caseload or bed-day cost makes it pay. Each person "
                f"supported would need to avoid at least "
                f"{formatted(result.break_even_bed_days_per_person, 'ratio')} bed-days.")
    verb = ("It pays now. It stops paying" if result.pays else "It does not pay now. It would pay")
    if result.staffing_basis == "intensity":
        staffing = (f"each person takes **{result.break_even_hours_per_person:.1f}** hours of a peer worker's time, "
                    f"against the trial's {result.sessions_per_person * result.hours_per_session:.1f}")
    elif math.isfinite(result.break_even_caseload):
        staffing = (f"each worker supports **{result.break_even_caseload:.1f}** people at a time, against the "
                    f"{i.caseload:g} you plan")
    else:
        staffing = "no caseload makes it pay"
    return (f"{verb} when any one of these crosses its break-even, the others as set:\n\n"
            f"* {staffing};\n"
            f"* each person supported avoids **"
            f"{formatted(result.break_even_bed_days_per_person, 'ratio')}** bed-days, against the "
            f"evidence's {formatted(result.bed_days_saved_per_person, 'ratio')};\n"
            f"* a bed-day is worth **{gbp_text(result.break_even_bed_day_cost_gbp)}**, against the "
            f"{gbp_text(i.bed_day_cost_gbp)} you use.")


def _cash_text(result: BusinessCaseResult) -> str:
    i = result.inputs
    if result.bed_days_saved_per_year <= 0:
        return f"No bed-days are saved, so nothing offsets the {gbp_text(result.annual_cost_gbp)} a year paid."
    text = (f"A bed-day is valued at its full average cost, most of which (staff, wards, overheads) does not go "
            f"away when one bed empties. A bed another patient then uses is capacity, not money: "
            f"**{result.capacity_bed_days:,.0f} bed-days a year**, the equivalent of {result.beds_freed:.1f} beds "
            "occupied all year. Cash is released only where a saved day's cost leaves the budget:\n\n"
            "* a day that would otherwise have been paid for, such as an out-of-area or private placement;\n"
            "* a ward that closes;\n"
            "* the marginal part of a day's cost, on a ward that stays open.\n\n"
            "The share of the value of saved bed-days released as cash is yours to set. ")
    if i.cash_releasing_share == 0:
        return text + (f"As set, none is, so no cash comes back: the {gbp_text(result.annual_cost_gbp)} a "
                       "year is new money buying capacity.")
    sign = "saving" if result.net_cash_gbp >= 0 else "cost"
    return text + (f"With {percent_text(i.cash_releasing_share)} of the value of saved days released as cash, "
                   f"{gbp_text(result.cash_released_gbp)} a year comes back against "
                   f"{gbp_text(result.annual_cost_gbp)} paid: a net cash {sign} of "
                   f"{gbp_text(abs(result.net_cash_gbp))} a year.")


def months(value: float) -> str:
    """A number of months to at most one decimal: 9, 23.7."""
    return f"{value:.1f}".removesuffix(".0")


def present(result: BusinessCaseResult) -> pd.DataFrame:
    """:meth:`BusinessCaseResult.table` for a reader: each figure's label, its value formatted as the vocabulary
    says (£ to the pound, people whole, shares as percentages) and its unit; a figure of the other staffing basis
    is left out, and the evidence and staffing basis are said in words."""
    shown = []
    for figure, row in result.table().iterrows():
        value = row["value"]
        if isinstance(value, float) and math.isnan(value):
            continue  # a figure of the other staffing basis
        if figure in ("evidence", "staffing_basis"):
            words = staffing_text(result) if figure == "staffing_basis" else str(row["unit"])
            shown.append({"figure": row["what"], "value": words, "unit": ""})
            continue
        kind = term(str(figure)).format
        shown.append({"figure": row["what"], "value": formatted(value, kind),
                      "unit": unit_beside(str(row["unit"]), kind)})
    return pd.DataFrame(shown).set_index("figure")


# The columns of :func:`compare_evidence` a reader sees, in order.
COMPARISON_COLUMNS = ("staffing_basis", "support_months", "people_per_fte_year", "bed_days_saved_per_person",
                      "bed_days_saved_per_year", "benefit_cost_ratio", "probability_above_one", "break_even_caseload",
                      "net_benefit_gbp")


def present_comparison(frame: pd.DataFrame) -> pd.DataFrame:
    """:func:`compare_evidence` for a reader: headings with units; 'never' where no caseload breaks even, and
    'not used' for a figure of the other staffing basis (a trial's own sessions and hours, or a caseload)."""
    shown = pd.DataFrame(index=frame.index)
    for column in COMPARISON_COLUMNS:
        described = term(column)
        shown[described.heading] = [v if isinstance(v, str) else "not used" if math.isnan(v)
                                    else formatted(v, described.format) for v in frame[column]]
    return shown


def rows(result: BusinessCaseResult) -> list[dict[str, object]]:
    """The business case's line of ``reports/results.csv``."""
    i = result.inputs
    if result.staffing_basis == "intensity":
        staffing = f"staffed {staffing_text(result)}"
        breaks = f"breaks even at {result.break_even_hours_per_person:.1f} peer hours per person"
    else:
        support = "" if result.support_months is None else f" for {months(result.support_months)} months"
        staffing = f"at {i.caseload:g} people each{support}"
        breaks = f"breaks even at {result.break_even_caseload:.1f} people per FTE"
    headline = (f"{i.n_fte:g} FTE {staffing}, on {result.evidence.label}: "
                f"{formatted(result.benefit_cost_ratio, 'ratio')} : 1, "
                f"P(ratio > 1) = {formatted(result.probability_ratio_above_one, 'share')}; "
                f"{breaks}")
    finding = " ".join(f"{label}: {text}" for label, text in result.evidence.findings)
    # A figure of the other staffing basis is empty, not NaN.
    figures = {str(k): None if isinstance(v, float) and math.isnan(v) else v
               for k, v in result.table()["value"].items() if k != "evidence"}
    return [{"id": f"business_case_{result.evidence.id}", "kind": "business_case",
             "label": f"Business case: {i.n_fte:g} FTE peer support workers, evidence: {result.evidence.label}",
             "sample_size": None, "price_year": i.price_year, "headline": headline, "caveat": finding,
             "evidence": result.evidence.id,
             **figures, "n_draws": i.n_draws, "seed": i.seed}]
