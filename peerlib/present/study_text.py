"""The sentences of a study report that depend on how the study's peer work is counted.

A study's peer work, in FTE-years, comes from one of three bases (``Study.staffing_basis``, see
:mod:`peerlib.core.model`): the shared ``caseload`` and the months of support (``"caseload"``), the study's
own sessions and hours per patient (``"intensity"``), or its published FTE (``"published_fte"``). Only on
the first basis does the ratio move with the caseload, and only there is there a break-even caseload; every
sentence here follows the basis, so no page says of a study what is true only of another.

A figure is called *published* only where its status in ``data/`` is ``published``: a study's own sessions may
be computed from published shares and assumed counts, and its hours per session assumed
(:func:`figure_standing`, :func:`own_staffing_words`).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pandas as pd

from peerlib.config import MONTHS_PER_YEAR
from peerlib.formatting import formatted, gbp_text
from peerlib.inputs.studies import INTENSITY_INPUTS
from peerlib.present.labels import OUTCOME_FORM_LABELS, count_words, input_label, unit_kind
from peerlib.present.sums import Figure, shown_sum
from peerlib.vocabulary import term

if TYPE_CHECKING:
    from peerlib.core.model import StudyResult
    from peerlib.inputs.studies import Study

# How each basis counts the peer work behind the peer arm, in FTE-years, in words.
FTE_YEARS_WORDS = {
    "caseload": "patients x months of support / (12 x caseload)",
    "intensity": "patients x sessions per patient x hours per session / hours in an FTE-year",
    "published_fte": "the study's published FTE x follow-up in years",
}
STAFFING_SOURCE = {
    "caseload": "the caseload of its way of delivering support, {delivery} (`{caseload}`: patients one FTE supports "
                "at a time, in `data/staffing.csv`; the way of delivery and its source are in `data/studies.csv`), "
                "and how long each patient was supported (`support_months`)",
    "intensity": "its own {own}, over the working hours of one FTE-year (`fte_hours_per_year`, in "
                 "`data/staffing.csv`); no caseload enters it",
    "published_fte": "its own {own}, over its follow-up; no caseload enters it",
}
# How a study delivered its support (data/studies.csv, delivery), in words.
DELIVERY_WORDS = {"one_to_one": "one-to-one", "group": "in groups", "published_intensity": "its own published sessions"}
# How a figure stands, by its status in data/ and, for a figure computed by a formula, its parts' (figure_standing).
STANDING_WORDS = {
    "published": "published",
    "derived": "derived from published figures",
    "partly assumed": "from published and assumed figures",
    "assumed": "assumed",
    "secondary": "from a secondary source",
}


@dataclass(frozen=True)
class StudyText:
    """The staffing-dependent prose of one study report, section by section."""

    headline: str  # the summary's first sentence
    intro: str  # what the headline is, and why
    staffing_source: str  # where the peer work comes from (the section on the study's figures)
    steps: str  # the calculation, step by step (a numbered list)
    break_even_intro: str  # the break-even section's opening
    break_even: str  # the break-even figures
    staffing_caveat: str  # the main caveat about staffing, when the study has no caveat of its own
    staffing_unknown: str  # the "what we do not know" bullet on staffing


def figure_standing(study: Study, name: str) -> str:
    """How one of a study's figures stands, a key of :data:`STANDING_WORDS`: ``published`` only where its status is
    ``published``; a figure computed by a formula is ``derived`` where every part is published or derived,
    ``assumed`` where every part is assumed, otherwise ``partly assumed`` (another study's figure counts as assumed:
    borrowing it is an assumption)."""
    item = study.inputs[name]
    if item.status == "published":
        return "published"
    if item.status == "secondary":
        return "secondary"
    if item.formula is None:
        return "derived" if item.status == "derived" else "assumed"
    parts = {figure_standing(study, n) if "." not in n else "assumed" for n in item.formula.names}
    if not parts:
        return "derived" if item.status == "derived" else "assumed"
    if parts <= {"published", "derived"}:
        return "derived"
    return "assumed" if parts == {"assumed"} else "partly assumed"


def own_staffing_words(study: Study, basis: str) -> str:
    """A study's own figures of peer work in words, each called published only if it is: "published intensity of
    support (sessions and hours per patient)", or "intensity of support: sessions per patient (from published and
    assumed figures) and hours per session (assumed)"."""
    names = INTENSITY_INPUTS if basis == "intensity" else ("peer_fte",)
    standing = {n: figure_standing(study, n) for n in names}
    if basis == "intensity":
        if set(standing.values()) == {"published"}:
            return "published intensity of support (sessions and hours per patient)"
        return "intensity of support: " + " and ".join(
            f"{input_label(n, with_unit=False)} ({STANDING_WORDS[standing[n]]})" for n in names)
    return ("published peer staffing (FTE)" if standing["peer_fte"] == "published"
            else f"peer staffing (FTE, {STANDING_WORDS[standing['peer_fte']]})")


# How a study's own figure of peer work stands, as the end of a sentence about it (own_standing_sentence).
STANDING_VERBS = {
    "published": "{are} published",
    "derived": "{are} derived from published figures",
    "partly assumed": "come{s} from published and assumed figures",
    "assumed": "{are} assumed",
    "secondary": "come{s} from a secondary source",
}


def own_standing_sentence(study: Study, basis: str) -> str:
    """How a study's own figures of peer work stand, in one sentence: "Its sessions per patient come from published
    and assumed figures, and its hours per session are assumed." (each called published only if it is)."""
    names = INTENSITY_INPUTS if basis == "intensity" else ("peer_fte",)
    clauses = []
    for name in names:
        plural = basis == "intensity"  # sessions, hours; a staffing figure is one
        verb = STANDING_VERBS[figure_standing(study, name)].format(are="are" if plural else "is",
                                                                     s="" if plural else "s")
        clauses.append(f"its {input_label(name, with_unit=False)} {verb}")
    text = ", and ".join(clauses)
    return text[0].upper() + text[1:] + "."


def _assumptions(study: Study) -> str:
    n = len(study.assumptions)
    return f"{count_words(n)} of its inputs {'is an assumption' if n == 1 else 'are assumptions'}"


def study_text(study: Study, result: StudyResult) -> StudyText:
    """Every sentence of a study report that depends on its staffing basis, with its figures filled in."""
    basis = result.staffing_basis
    if basis not in FTE_YEARS_WORDS:
        raise ValueError(f"unknown staffing basis {basis!r}; expected one of {', '.join(FTE_YEARS_WORDS)}")
    ratio = f"{formatted(result.benefit_cost_ratio, 'ratio')} : 1"
    be = result.break_even_caseload
    on_caseload = basis == "caseload"
    own = own_staffing_words(study, basis) if not on_caseload else ""
    saved_none = be is None or math.isinf(be)

    # The summary's first sentences: one idea each, short enough to read aloud.
    if not on_caseload:
        what = "intensity of support" if basis == "intensity" else "peer staffing"
        headline = (f"**{study.label}: with its own {what}, the benefit:cost ratio is {ratio}.** "
                    f"{own_standing_sentence(study, basis)} Its peer work is not a caseload, so no caseload is assumed "
                    "and there is no break-even caseload.")
    elif saved_none:
        headline = (f"**{study.label}: the peer arm saved no bed-days, so no caseload makes peer support pay for "
                    f"itself on bed use.** Its benefit:cost ratio is {ratio}.")
    else:
        headline = (f"**{study.label}: peer support pays for itself on bed use if one full-time peer worker supports "
                    f"{be:.1f} patients or more at a time.** This break-even caseload assumes each patient is "
                    f"supported for {result.support_months:g} months. At the assumed caseload of "
                    f"{result.caseload:g}, the benefit:cost ratio is **{ratio}**.")

    if not on_caseload:
        intro = (f"This study's peer work comes from its own {own}, not from a caseload: the headline "
                 "is its benefit:cost ratio, and the parameter `caseload` does not change it. There is no break-even "
                 "caseload for this study.")
    elif saved_none:
        intro = ("This study does not publish how many patients a peer worker supported, and its ratio is "
                 "proportional to that number. The usual headline, the **break-even caseload**, does not exist here: "
                 "the peer arm saved no bed-days, so no caseload makes the beds saved pay for the worker.")
    else:
        intro = ("This study does not publish how many patients a peer worker supported, and its ratio is "
                 "proportional to that number, so the headline is the **break-even caseload**: the number of "
                 "patients one FTE must support at a time for the beds saved to pay for the worker. It needs no "
                 "caseload assumption, but it does depend on the months of support assumed "
                 f"({result.support_months:g} here): it is proportional to them. The ratio at the assumed caseload "
                 "(the parameter `caseload`) comes second.")

    if on_caseload:
        break_even_intro = ("The ratio depends on how many patients one FTE supports, a figure this study does not "
                            "publish. Turning the question round avoids assuming it: **how many patients must one "
                            "FTE support at a time for the beds saved to pay for the worker?** If a plausible "
                            "caseload is above this break-even caseload, peer support pays for itself on bed use "
                            "alone. It still rests on the months each patient was supported, in proportion.")
        caveat = (f"the study does not publish its staffing, and the ratio is proportional to the assumed caseload; "
                  f"{_assumptions(study)}")
        unknown = ("**Staffing.** The caseload is assumed, one figure for every study on this basis; the ratio is "
                   "proportional to it, so doubling the caseload doubles the ratio. The break-even caseload above "
                   "does not depend on the caseload, but it is proportional to the months of support assumed "
                   f"({result.support_months:g} months per patient here).")
    else:
        break_even_intro = ("This study's peer work comes from its own figures, not from a caseload, so "
                            "there is no caseload to break even at. What the beds saved must pay for is still "
                            "defined: the bed-days one FTE-year must save.")
        caveat = (f"the ratio rests on the study's own {own}, rather than on a caseload; "
                  f"{_assumptions(study)}")
        hours = ("the hours of peer work counted per patient (sessions x hours per session, over the hours of an "
                 "FTE-year)" if basis == "intensity" else "the study's FTE")
        unknown = ("**Staffing.** This study's peer work comes from its own figures, not from a "
                   "caseload, so changing the caseload does not move its ratio, and it has no break-even caseload. "
                   f"Its ratio is inversely proportional to {hours}; which of those figures are assumptions is in "
                   "the table of its figures above.")
    names = "; ".join(input_label(i.name, with_unit=False) for i in study.assumptions)
    caveat += f": {names}." if names else "."

    delivery = DELIVERY_WORDS.get(study.delivery, study.delivery)
    source = STAFFING_SOURCE[basis].format(own=own, delivery=delivery, caseload=study.caseload_parameter)
    staffing_source = f"This study's peer work comes from {source}."
    if on_caseload:
        staffing_source = ("The report obtained staffing figures by writing to the study authors, and those letters "
                           "are not public, so peer staffing is not a figure of this study: " + staffing_source[0]
                           .lower() + staffing_source[1:])
    steps = "\n".join([
        "1. **Bed-days saved per patient** over the follow-up period. Studies report bed use in different forms "
        "(mean bed-days in each arm, a total saved, admissions, proportions admitted, odds ratios); each form has "
        "one conversion in `peerlib.core.outcomes`.",
        "2. **Scale to one FTE-year**: multiply by the patients in the peer arm, then divide by the peer work behind "
        f"them, in FTE-years: {FTE_YEARS_WORDS[basis]}.",
        "3. **Value the bed-days** at the cost of a psychiatric inpatient day.",
        "4. **Divide by the cost of employing one FTE peer worker for a year.**",
        "",
        "Each sum below shows its figures with the digits a calculator needs to give the value beside it.",
    ])

    if not on_caseload:
        break_even = ""
    elif saved_none:
        break_even = "The peer arm saved no bed-days, so no caseload makes peer support pay for itself on bed use. "
    else:
        break_even = (f"One FTE must support **{be:.1f} patients at a time**, each for {result.support_months:g} "
                      f"months. The assumed caseload is {result.caseload:g} patients per FTE. ")
    break_even += (f"{'One' if not on_caseload or saved_none else 'Equivalently, one'} FTE "
                   f"must save **{result.break_even_bed_days_per_fte_year:.1f} bed-days a year** "
                   f"({gbp_text(result.peer_worker_cost_gbp)} / {gbp_text(result.bed_day_cost_gbp, None)}, "
                   f"{result.price_year} "
                   "prices).")
    return StudyText(headline, intro, staffing_source, steps, break_even_intro, break_even, caveat, unknown)


@dataclass(frozen=True)
class EffectText:
    """Where a study's bed-use figure comes from, and whether the study found its effect significant."""

    summary: str  # a clause for the summary: "its own published bed-use figures (...)", ", and not found significant"
    note: str  # the sentence above the table of its figures
    significance: str  # "" unless the study found its effect not significant: then why, in the source's words


def secondary_source_name(source: str) -> str:
    """The name of a secondary source: its citation up to the first comma ("Healthcare Finance News (2014)")."""
    return source.split(",", 1)[0].strip()


def effect_text(study: Study, study_labels: Mapping[str, str]) -> EffectText:
    """Where the study's bed-use figure comes from, in words, from its inputs' statuses in ``data/``: published,
    from a secondary source (named, with what the figure is), borrowed from another study, or assumed; and, where
    ``effect_significant`` is ``no``, that the study did not find it significant, with its ``grade_reason``."""
    names = study.effect_inputs
    listed = "; ".join(input_label(n, with_unit=False) for n in names)
    if study.effect_status == "published":
        summary = f"its own published bed-use figures ({OUTCOME_FORM_LABELS[study.outcome_form]})"
        note = f"**Bed-use figure: published**, the study's own ({listed})."
    elif study.effect_status == "secondary":
        secondary = [study.inputs[n] for n in names if study.inputs[n].status == "secondary"]
        sources = "; ".join(dict.fromkeys(secondary_source_name(i.source) for i in secondary))
        summary = f"a bed-use figure **from a secondary source**, {sources}, not the study's own"
        note = ("**Bed-use figure: from a secondary source**, not the study's own. "
                + " ".join(f"{input_label(i.name, with_unit=False).capitalize()}, {i.value:g} {i.unit}: "
                           f"{i.source}. {i.reason}." for i in secondary))
    elif study.references:
        borrowed = ", ".join(study_labels.get(r, r) for r in study.references)
        summary = f"an **imputed** bed-use figure, borrowed from {borrowed}"
        note = f"**Bed-use figure: imputed**, borrowed from {borrowed} by the formula in the table below."
    else:
        assumed = "; ".join(input_label(n, with_unit=False) for n in names if study.inputs[n].is_assumption)
        summary = f"an **imputed** bed-use figure ({assumed} assumed)"
        note = f"**Bed-use figure: imputed**: {assumed} assumed (the reason is in the table below)."
    significance = ""
    if study.effect_significant == "no":
        summary += ", and not found significant"
        significance = (f"**Not significant.** The study did not find a significant difference in bed use. Why its "
                        f"grade of evidence: {study.grade_reason}.")
    return EffectText(summary, note, significance)


def bed_use_text(study: Study, study_labels: Mapping[str, str]) -> str:
    """Where a study's bed-use figure comes from: published, a secondary source, or imputed (borrowed from
    another study, or assumed), with the reasons."""
    if study.effect_status == "published":
        return "published"
    if study.effect_status == "secondary":
        return "from a secondary source: " + "; ".join(study.inputs[i].reason for i in study.effect_inputs
                                                      if study.inputs[i].status == "secondary")
    borrowed = [study_labels.get(r, r) for r in study.references]
    if borrowed:
        return f"imputed: borrowed from {', '.join(borrowed)}"
    return "imputed: " + "; ".join(study.inputs[i].reason for i in study.effect_inputs
                                   if study.inputs[i].is_assumption)


def calculation_steps(result: StudyResult, study: Study | None = None,
                      fte_hours_per_year: float | None = None) -> pd.DataFrame:
    """Each step of a study's ratio for a reader, named as the vocabulary names it: the sum with its numbers, the
    value at the precision of its unit (£ whole, the ratio to 2 decimals, a caseload to 1) and the unit.

    Every sum redoes on a calculator: each figure in it is shown with the digits its value needs
    (:func:`peerlib.present.sums.shown_sum`). A study staffed by its own intensity shows its sessions and hours
    where ``study`` and ``fte_hours_per_year`` are given."""
    r = result
    bed_day = Figure(r.bed_day_cost_gbp, money=True)
    worker = Figure(r.peer_worker_cost_gbp, money=True)
    steps: list[tuple[str, str, float]] = []

    def step(name: str, template: str, figures: Sequence[Figure], compute: Callable[..., float],
             value: float) -> None:
        expression, _ = shown_sum(template, figures, compute, value, lambda v: formatted(v, _kind(name)))
        steps.append((name, expression, value))

    if r.delta_bed_days_per_patient is not None and r.fte_years is not None:
        delta, patients = r.delta_bed_days_per_patient, Figure(r.n_peer, "patients", exact=True)
        saved = delta * r.n_peer
        steps.append(("delta_bed_days_per_patient",
                      f"from the study's figures ({OUTCOME_FORM_LABELS.get(r.outcome_form, r.outcome_form)})", delta))
        step("bed_days_saved_total", "{} x {}", [Figure(delta, "bed-days", _decimals(delta)), patients],
             lambda a, b: a * b, saved)
        _fte_years_step(r, study, fte_hours_per_year, step, steps)
        step("bed_days_saved_per_fte_year", "{} / {}",
             [Figure(saved, "bed-days", _decimals(saved)), Figure(r.fte_years, "FTE-years", _decimals(r.fte_years))],
             lambda a, b: a / b, r.bed_days_saved_per_fte_year)
    else:
        steps.append(("bed_days_saved_per_fte_year", "taken as the source gives it", r.bed_days_saved_per_fte_year))
    per_fte = r.bed_days_saved_per_fte_year
    step("benefit_per_fte_year_gbp", "{} x {}", [Figure(per_fte, "bed-days", 1), bed_day], lambda a, b: a * b,
         r.benefit_per_fte_year_gbp)
    steps.append(("peer_worker_cost_gbp", "salary + on-costs + overheads", r.peer_worker_cost_gbp))
    step("benefit_cost_ratio", "{} / {}", [Figure(r.benefit_per_fte_year_gbp, money=True), worker],
         lambda a, b: a / b, r.benefit_cost_ratio)
    step("break_even_bed_days_per_fte_year", "{} / {}", [worker, bed_day], lambda a, b: a / b,
         r.break_even_bed_days_per_fte_year)
    if r.break_even_caseload is not None:
        if r.delta_bed_days_per_patient and math.isfinite(r.break_even_caseload):
            delta = r.delta_bed_days_per_patient
            step("break_even_caseload", "{} x {} / (12 x {} x {})",
                 [worker, Figure(r.support_months, "months", exact=True),
                  Figure(delta, "bed-days per patient", _decimals(delta)), bed_day],
                 lambda c, m, d, b: c * m / (MONTHS_PER_YEAR * d * b), r.break_even_caseload)
        else:
            steps.append(("break_even_caseload", "no bed-days saved, so no caseload breaks even",
                          r.break_even_caseload))
    rows = []
    for name, calculation, value in steps:
        unit = term(name).unit
        rows.append({"step": term(name).label, "calculation": calculation, "value": formatted(value, _kind(name)),
                     "unit": f"{unit} ({r.price_year})" if unit.startswith("£") else unit})
    shown = pd.DataFrame(rows).set_index("step")
    shown.index.name = None
    return shown


def _kind(name: str) -> str:
    """How a step's value is shown: the ratio to 2 decimals, others by their unit."""
    return "ratio" if name == "benefit_cost_ratio" else unit_kind(term(name).unit)


def _decimals(value: float, significant: int = 3) -> int:
    """The decimals that show ``value`` to ``significant`` figures (at least 0): 1.451 -> 2, 316.3 -> 0."""
    if value == 0 or not math.isfinite(value):
        return 0
    has = len(f"{value:.10f}".rstrip("0").partition(".")[2])  # a whole number has none: 2, not 2.00
    return min(has, max(0, significant - 1 - math.floor(math.log10(abs(value)))))


def _fte_years_step(r: StudyResult, study: Study | None, fte_hours_per_year: float | None,
                    step: Callable[[str, str, Sequence[Figure], Callable[..., float], float], None],
                    steps: list[tuple[str, str, float]]) -> None:
    """The peer work behind the peer arm, in FTE-years, as a sum of the study's figures."""
    assert r.fte_years is not None
    patients = Figure(r.n_peer, "patients", exact=True)
    if r.staffing_basis == "caseload" and r.caseload is not None:
        step("fte_years", "{} x {} of support / (12 x {})",
             [patients, Figure(r.support_months, "months", exact=True),
              Figure(r.caseload, "patients per FTE", len(f"{r.caseload:g}".partition(".")[2]))],
             lambda n, m, c: n * m / (MONTHS_PER_YEAR * c), r.fte_years)
    elif r.staffing_basis == "intensity" and study is not None and fte_hours_per_year is not None:
        sessions, hours = (study.inputs[n].value for n in INTENSITY_INPUTS)
        step("fte_years", "{} x {} x {} / {} in an FTE-year",
             [patients, Figure(sessions, "sessions", 1), Figure(hours, "hours", _decimals(hours, 2)),
              Figure(fte_hours_per_year, "hours", 0)],
             lambda n, s, h, f: n * s * h / f, r.fte_years)
    elif r.staffing_basis == "intensity":
        steps.append(("fte_years", "patients x sessions x hours / hours in an FTE-year (the study's own intensity)",
                      r.fte_years))
    else:
        assert r.peer_fte is not None
        step("fte_years", "{} (published) x {} / 12",
             [Figure(r.peer_fte, "FTE", _decimals(r.peer_fte)), Figure(r.followup_months, "months", exact=True)],
             lambda f, m: f * m / MONTHS_PER_YEAR, r.fte_years)
