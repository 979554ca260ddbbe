"""What the index of the reports says, from ``results.csv`` and ``data/``: its headline box, and one entry per page in
the sections of :mod:`peerlib.present.pages`.

Plain text in small structures (a line is a tuple of :class:`Span`, each plain, strong or code), which
``scripts/build_index.py`` renders with the report pages' template; every figure is formatted here, none there.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

import pandas as pd

from peerlib.analysis.voi import DECISION
from peerlib.config import MONTHS_PER_YEAR
from peerlib.core.model import Model
from peerlib.core.weighting import SignPattern, leave_one_out, sign_pattern, weighted_mean
from peerlib.formatting import formatted, percent_text
from peerlib.inputs.prices import load_price_index
from peerlib.inputs.published import load_published
from peerlib.present.labels import count_words, grade_label
from peerlib.present.pages import PAGES, SECTIONS, STUDIES, Page, Section
from peerlib.present.prose import caseloads_text

POOLED_PAGE = next(page.name for page in PAGES if "pooled" in page.kinds)  # the pooled report, by notebook name


# --- The figures behind the headline -------------------------------------------------------------

@dataclass(frozen=True)
class Heaviest:
    """The study with the most weight in a pool, its share of the weight, and the pool without it."""

    study_id: str
    share: float
    ratio_without: float  # NaN when it is the only study


def heaviest_study(ratios: Mapping[str, float], weights: Mapping[str, float]) -> Heaviest:
    """The heaviest of the pooled studies (``ratios`` and ``weights`` by study id), by leave-one-out."""
    study_id = max(weights, key=weights.__getitem__)
    without = (float(leave_one_out(ratios, weights).loc[study_id, "benefit_cost_ratio"]) if len(ratios) > 1
               else math.nan)
    return Heaviest(study_id, weights[study_id] / sum(weights.values()), without)


def pooled_with_one_scaled(ratios: Mapping[str, float], weights: Mapping[str, float], study_id: str,
                           factor: float) -> float:
    """The weighted pool with one study's ratio multiplied by ``factor`` (its figures per FTE-year read over another
    period), the others as they are."""
    return weighted_mean([r * (factor if s == study_id else 1.0) for s, r in ratios.items()],
                         [weights[s] for s in ratios])


def signs_text(pattern: SignPattern) -> str:
    """A sign pattern as the index says it, leaving out a sign no ratio has: "four above 1, one at 0"."""
    counts = (("above 1", pattern.above_one), ("between 0 and 1", pattern.positive_below_one),
              ("at 0", pattern.zero), ("below 0", pattern.below_zero))
    return ", ".join(f"{count_words(n)} {name}" for name, n in counts if n)


# --- What the page shows --------------------------------------------------------------------------

@dataclass(frozen=True)
class Span:
    text: str
    style: Literal["", "strong", "code"] = ""


Line = tuple[Span, ...]


def line(text: str) -> Line:
    return (Span(text),) if text else ()


@dataclass(frozen=True)
class Entry:
    """One page (or one row of a page) on the index: its link, and what it found, a line each under it."""

    href: str
    label: str
    status: str = ""  # after the link, in brackets
    lines: tuple[Line, ...] = ()
    listed_lead: str = ""  # introduces ``listed``, a list after the lines
    listed: tuple[str, ...] = ()
    after: tuple[Line, ...] = ()  # lines after the list


@dataclass(frozen=True)
class Group:
    heading: str  # empty: no heading of its own
    entries: tuple[Entry, ...]


@dataclass(frozen=True)
class IndexSection:
    id: str  # empty: not in the contents
    heading: str
    short: str  # its name in the contents
    groups: tuple[Group, ...]


@dataclass(frozen=True)
class Headline:
    """The box the index opens with: the pooled headline (its first paragraph), then why it differs from the
    report's figure, a bullet each."""

    first: Line
    why: tuple[str, ...]


@dataclass(frozen=True)
class Index:
    headline: Headline | None
    n_pooled: str  # the count of pooled studies, in words
    prices: Line
    sections: tuple[IndexSection, ...]


def text(value: object) -> str:
    return "" if value is None or (isinstance(value, float) and math.isnan(value)) else str(value)


def weights_of(row: pd.Series) -> dict[str, float]:
    """The ``weights`` cell of a pooled row: study_id=weight;..."""
    pairs = [item.split("=", 1) for item in text(row["weights"]).split(";") if "=" in item]
    return {key: float(value) for key, value in pairs}


def headline(results: pd.DataFrame) -> Headline | None:
    """From the pooled report's sample-size row and the study rows it pools (None when it was not built)."""
    pooled = results[(results["report"] == f"{POOLED_PAGE}.html") & (results["weighting"] == "sample_size")]
    if pooled.empty:
        return None
    row = pooled.iloc[0]
    suffix = text(row["id"]).removeprefix("pooled_sample_size")
    weights = weights_of(row)
    studies = results[results["kind"] == "study"].set_index("id")

    def study_row(study_id: str) -> pd.Series:
        return studies.loc[study_id + suffix if study_id + suffix in studies.index else study_id]

    ratios = {sid: float(study_row(sid)["benefit_cost_ratio"]) for sid in weights}
    heaviest = heaviest_study(ratios, weights)
    label = text(study_row(heaviest.study_id)["label"])
    published = row["published_benefit_cost_ratio"]
    first = [Span(f"Pooled, the {count_words(len(weights), 'study', 'studies')} break even at "
                  f"{float(row['break_even_caseload']):.1f} patients per full-time peer worker at a time.", "strong"),
             Span(f" At the assumed caseloads, {caseloads_text(Model.from_data().staffing)}, the pooled benefit:cost "
                  "ratio is "),
             Span(f"{formatted(row['benefit_cost_ratio'], 'ratio')} : 1", "strong"),
             Span(f", weighted by sample size as the report did, at {text(row['price_year'])} prices.")]
    if not pd.isna(published):
        first.append(Span(f" The report's own figure is {float(published):g} : 1."))
    drawn = drawn_text(results, "pooled_sample_size", sentence=True)
    if drawn:
        first.append(Span(f" {drawn}."))
    why = (f"{label} carries {percent_text(heaviest.share)} of the weight; without it the pooled ratio is "
           f"{formatted(heaviest.ratio_without, 'ratio')} : 1.",
           *gap_sentences(heaviest.study_id, label, ratios, weights))
    return Headline(tuple(first), why)


def gap_sentences(
    heaviest: str, label: str, ratios: Mapping[str, float], weights: Mapping[str, float]
) -> tuple[str, ...]:
    """What else stands between the pooled ratio and the report's: the heaviest study's assumed follow-up and sample
    size, the pattern of signs (set apart from the ratio), and the report's inputs that are not public.

    Every figure comes from data/ (the study's inputs and data/published.csv) or from the built results."""
    sentences = []
    inputs = Model.from_data(study_ids=[heaviest]).study(heaviest).inputs
    follow = inputs.get("followup_months")
    if follow is not None and follow.is_assumption:
        factor = follow.value / MONTHS_PER_YEAR
        sentences.append(
            f"Its follow-up is assumed: {follow.value:g} months, for the reason in data/study_inputs.csv. Read as one "
            f"year instead, every {label} figure per FTE-year "
            f"is {'twice' if factor == 2 else f'{factor:g} times'} as large, and the pooled ratio becomes "
            f"{formatted(pooled_with_one_scaled(ratios, weights, heaviest, factor), 'ratio')} : 1.")
    n_peer, n_control = inputs.get("n_peer"), inputs.get("n_control")
    if n_peer is not None and n_control is not None and (n_peer.is_assumption or n_control.is_assumption):
        sentences.append(
            f"Its sample size, and so its weight, is assumed too: about {n_peer.value:,.0f} people with peer support "
            f"against {n_control.value:,.0f} without, from {n_peer.source.split(',')[0]}. The 2011 paper's own "
            "numbers were not reached.")
    published = load_published()
    theirs = [published.get(f"studies_ratio_{k}") for k in ("above_one", "zero_to_one", "below_zero")]
    if all(p is not None for p in theirs):
        above, between, below = (int(p.value) for p in theirs if p is not None)
        sentences.append(
            "Separately from the ratio, the pattern of signs: the report found "
            + ", ".join(f"{count_words(n)} {k}" for k, n in
                        (("above 1", above), ("between 0 and 1", between), ("below 0", below)))
            + f"; here {signs_text(sign_pattern(list(ratios.values())))}.")
    if published.get("report_studies_authors_contacted") is not None:
        sentences.append(
            "The report's own per-study inputs, such as bed-days saved per worker and staffing, are not public. Its "
            "authors obtained them by writing to the authors of every study it analysed. Every study here is rebuilt "
            "from what is published about it, with a stated assumption wherever nothing is.")
    return tuple(sentences)


def drawn_text(results: pd.DataFrame, outcome: str, sentence: bool = False) -> str:
    """The probabilistic mean and 95 % interval of a ratio, beside its base case (CHEERS 2022 item 23), as a phrase
    or, with ``sentence``, a sentence; empty when no probabilistic analysis of it was built."""
    rows = results[results["id"].astype(str) == f"psa_{outcome}"]
    if rows.empty:
        return ""
    r = rows.iloc[0]
    mean, low, high = (formatted(r[c], "ratio") for c in ("mean", "interval_low", "interval_high"))
    if sentence:
        return (f"Over the draws of the probabilistic analysis its mean is {mean} : 1, and 95 % of draws fall "
                f"between {low} and {high} : 1")
    return f"mean over the draws {mean} : 1 (95 % interval {low} to {high})"


def joined(separator: str, words: str) -> str:
    """``words`` after ``separator``, or nothing when there are none."""
    return separator + words if words else ""


def headlines(rows: pd.DataFrame, *prefixes: str) -> tuple[Line, ...]:
    """The headline of the first row whose id starts with each prefix, a line each."""
    found = []
    for prefix in prefixes:
        match = rows[rows["id"].astype(str).str.startswith(prefix)]
        if not match.empty:
            found.append(line(text(match.iloc[0]["headline"])))
    return tuple(found)


def study_entry(row: pd.Series, labels: Mapping[str, str], drawn: str = "") -> Entry:
    status = "published bed-use figure"
    if row["effect_status"] == "imputed":
        borrowed = [labels.get(s, s) for s in text(row["effect_borrowed_from"]).split(";") if s]
        status = ("imputed bed-use figure, borrowed from " + ", ".join(borrowed) if borrowed
                  else "imputed bed-use figure, assumed")
    elif row["effect_status"] == "secondary":
        status = "bed-use figure from a secondary source"
    status += f"; evidence: {grade_label(text(row['evidence_grade']))}"
    if text(row["effect_significant"]) == "no":
        status += ", not significant"
    return Entry(text(row["report"]), text(row["label"]), status,
                 (line(text(row["headline"]) + joined("; ", drawn)),))


EFFECT_GROUPS = (("published", "With their own published bed-use figures"),
                 ("secondary", "With a bed-use figure from a secondary source"),
                 ("imputed", "With an imputed bed-use figure (assumed, or borrowed from another study)"))


def study_sections(results: pd.DataFrame) -> tuple[IndexSection, ...]:
    """The pooled studies by where their bed-use figure comes from, then the studies not pooled."""
    studies = results[results["kind"] == "study"]
    if studies.empty:
        return ()
    labels = {text(r["id"]): text(r["label"]) for _, r in studies.iterrows()}
    pooled = studies[studies["included"] == "yes"]
    groups = []
    for status, title in EFFECT_GROUPS:
        rows = pooled[pooled["effect_status"] == status]
        if not rows.empty:
            groups.append(Group(f"{title}: {count_words(len(rows))}",
                                tuple(study_entry(r, labels, drawn_text(results, text(r["id"])))
                                      for _, r in rows.iterrows())))
    heading = f"The {count_words(len(pooled), 'pooled study', 'pooled studies')}, one report each"
    sections = [IndexSection(STUDIES.id, heading[0].upper() + heading[1:], STUDIES.short, tuple(groups))]
    others = studies[studies["included"] != "yes"]
    if not others.empty:
        sections.append(IndexSection("", "Other scenarios, not pooled", "",
                                     (Group("", tuple(study_entry(r, labels) for _, r in others.iterrows())),)))
    return tuple(sections)


def page_entry(page: Page, report: str, rows: pd.DataFrame, results: pd.DataFrame) -> tuple[Entry, ...]:
    """A page's entries on the index: one, linked by its title; or, for a page titled by its rows, one per row."""
    if not page.title:
        return tuple(Entry(text(r["report"]), text(r["label"]), lines=(line(text(r["headline"])),))
                     for _, r in rows.iterrows())
    if "pooled" in page.kinds:
        drawn = drawn_text(results, "pooled_sample_size")
        first = headlines(rows, "pooled_sample_size")
        return (Entry(report, f"{page.title} ({text(rows['price_year'].iloc[0])} prices)",
                      lines=((*(first[0] if first else ()), *line(joined("; ", drawn))),)),)
    if "sensitivity" in page.kinds:
        scenarios = tuple(
            f"{text(r['label']).removeprefix('Scenario: ')}: {formatted(r['benefit_cost_ratio'], 'ratio')} : 1 "
            f"(mean {formatted(r['mean'], 'ratio')}), P(ratio > 1) {formatted(r['probability_above_one'], 'share')}"
            for _, r in rows[rows["kind"] == "scenario"].iterrows())
        flips = [text(i) for i in rows["id"] if text(i).startswith(f"flip_{DECISION}")]
        return (Entry(report, page.title, lines=headlines(rows, f"psa_{DECISION}", f"evpi_{DECISION}"),
                      listed_lead="The decision under each scenario, on the same draws:" if scenarios else "",
                      listed=scenarios,
                      after=headlines(rows, f"evpi_{DECISION}_all_scenarios", *flips,
                                      f"evpi_{DECISION}_national_measured", f"evpi_{DECISION}_national_target")),)
    lines = [line(text(h)) for h in rows["headline"] if text(h)]
    # The business case's evidence carries its own caveat (data/studies.csv) wherever its figure goes.
    lines += [(Span("The evidence's own caveat.", "strong"), Span(f" {text(c)}"))
              for c in rows.get("caveat", pd.Series(dtype=object)) if text(c)]
    return (Entry(report, page.title, lines=tuple(lines)),)


def page_sections(results: pd.DataFrame, section: Section) -> tuple[IndexSection, ...]:
    """A section of the index other than the studies': each of its pages' entries, a page's variants after it."""
    entries: list[Entry] = []
    for page in PAGES:
        if page.section != section:
            continue
        rows = results[results["kind"].isin(page.kinds)]
        for report, page_rows in rows.groupby("report", sort=False):
            entries += page_entry(page, str(report), page_rows, results)
    return (IndexSection(section.id, section.heading, section.short, (Group("", tuple(entries)),)),) if entries else ()


def prices_text(results: pd.DataFrame) -> Line:
    """Which price year the figures are at, which pages keep another and why, and which years a user can choose,
    in sentences formatted from results.csv and data/price_index.csv."""
    years = results["price_year"].fillna("").astype(str)
    pooled = results[results["report"] == f"{POOLED_PAGE}.html"]
    base = (years[pooled.index] if not pooled.empty else years).mode().iloc[0]
    leeds = sorted(set(years[results["kind"] == "crisis_house"]) - {base, ""})
    today = sorted(set(years[results["kind"].isin(["recosting", "business_case", "value_of_information"])])
                   - {base, ""} - set(leeds))
    index = load_price_index()
    sentences = [f"Figures are at {base} prices, the report's, unless a page says otherwise."]
    if leeds:
        sentences.append(f"The Leeds claim keeps its own {' and '.join(leeds)} prices.")
    if today:
        sentences.append(f"Today's costs are at {' and '.join(today)} prices.")
    sentences.append(f"Every report can be built at another price year, from {index.years[0]} to "
                     f"{index.latest_year}: ")
    return (Span(" ".join(sentences)), Span(f"make PRICE_YEAR={index.latest_year}", "code"), Span(", for example."))


def index(results: pd.DataFrame) -> Index:
    """What the index says, from results.csv (in build_index's order) and data/."""
    sections: list[IndexSection] = []
    for section in SECTIONS:
        sections += study_sections(results) if section == STUDIES else page_sections(results, section)
    pooled = results[(results["kind"] == "study") & (results["included"] == "yes")]
    return Index(headline(results), count_words(len(pooled), "study", "studies"), prices_text(results),
                 tuple(sections))
