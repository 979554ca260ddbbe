"""Gather the results each notebook wrote into reports/results.csv, and write the pages that introduce them:
reports/index.html, reports/results_guide.html (every column of results.csv, and every input file of data/)
and reports/cheers.html (where the suite reports each item of the CHEERS 2022 checklist).

    python scripts/build_index.py reports reports/results/study-sledge2011.csv ... \\
        reports/teaching/01_unit_costs.html ...

Only the fragments (.csv) and teaching pages (.html) named are gathered, so a study or a teaching
notebook taken out of the analysis leaves no stale row and no link to a page that is not published.
Rows come in a fixed order (studies by report name, then pooled, sensitivity, value of information
and the crisis house), so two builds give byte-identical files. Every file is written to a
temporary name and moved into place. Every figure and count on the pages comes from results.csv
or from peerlib: none is typed here.
"""

from __future__ import annotations

import html
import math
import os
import re
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import mistune
import pandas as pd

from peerlib.analysis.voi import DECISION
from peerlib.config import DATA_DIR, MONTHS_PER_YEAR
from peerlib.core.model import Model
from peerlib.inputs.cost_indices import load_component_indices
from peerlib.inputs.prices import load_price_index
from peerlib.inputs.published import load_published
from peerlib.present import cheers, report
from peerlib.present.labels import count_words, formatted, grade_label
from peerlib.present.prose import caseloads_text
from peerlib.vocabulary import term

# What a row of each kind of results.csv is, for the guide.
KIND_MEANINGS = {
    "study": "one study's benefit:cost ratio and its inputs",
    "pooled": "a pooled ratio, by one weighting of the studies",
    "sensitivity": "a probabilistic result: a ratio's distribution over the draws",
    "value_of_information": "the expected value of perfect information, for all inputs (EVPI) or a group (EVPPI)",
    "scenario": "the pooled ratio in the base case or with one structural choice made differently, on the same draws",
    "crisis_house": "the Leeds crisis house comparison",
    "recosting": "a ratio re-costed at today's prices, by component index or from current unit costs",
    "business_case": "a commissioner's business case at today's costs",
}
KIND_ORDER = {"study": 0, "scenario": 1, "pooled": 2, "sensitivity": 3, "value_of_information": 4,
              "crisis_house": 5,
              "recosting": 6, "business_case": 7}
POOLED_PAGE = "six_studies"  # the pooled report, by notebook name
CSS = """
body { font-family: system-ui, sans-serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem; line-height: 1.5;
       color: #222; }
li { margin-bottom: 0.7rem; }
.headline { color: #444; font-size: 0.95em; }
.box { border: 1px solid #bbb; border-left: 6px solid #2a6ebb; background: #f5f8fc; padding: 0.6rem 1.2rem;
       margin: 1.2rem 0; }
.status { font-size: 0.85em; color: #555; }
table { border-collapse: collapse; margin: 0.8rem 0 1.2rem; font-size: 0.93em; width: 100%; }
/* Down to a 390 px phone the page never scrolls sideways: a wide table scrolls in its own box, long words wrap. */
table { display: block; overflow-x: auto; max-width: 100%; }
code, a { overflow-wrap: anywhere; }
td { overflow-wrap: break-word; }
th, td { border-bottom: 1px solid #ddd; padding: 0.35rem 0.6rem; text-align: left; vertical-align: top; }
th { background: #f2f2f2; }
td.number { white-space: nowrap; }
code { font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size: 0.9em; }
nav { font-size: 0.95em; }
"""


def page(title: str, body: str) -> str:
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{html.escape(title)}</title>
<style>{CSS}</style>
</head>
<body>
{body}
</body>
</html>
"""


def write_atomically(path: Path, text: str) -> None:
    tmp = path.parent / f".{path.name}.tmp"
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


# --- results.csv ----------------------------------------------------------------------------------

def section(row: pd.Series) -> str:
    """Studies outside the pooled ones get a section of their own."""
    if row["kind"] == "study" and str(row.get("included")).lower() in ("false", "0", "no"):
        return "scenario"
    return str(row["kind"])


def report_name(fragment: Path) -> str:
    return fragment.stem + ".html"


def gather(fragments: Sequence[Path]) -> pd.DataFrame:
    """The fragments as one table in a fixed order, each row naming its report."""
    frames = []
    for fragment in fragments:
        frame = pd.read_csv(fragment, dtype={"price_year": str, "included": str})
        frame["report"] = report_name(fragment)
        frames.append(frame)
    results = pd.concat(frames, ignore_index=True)
    order = results.apply(section, axis=1).map(KIND_ORDER)
    # Within a section, the main pooled report first, then its variants, then other pages.
    page_order = [0 if r == f"{POOLED_PAGE}.html" else 1 if r.startswith(POOLED_PAGE) else 2 for r in results["report"]]
    results = results.assign(_order=order, _page=page_order).sort_values(["_order", "_page", "report"], kind="stable")
    return report.results_frame(results.drop(columns=["_order", "_page"]).to_dict("records"))


# --- The index ------------------------------------------------------------------------------------

def text(value: object) -> str:
    return "" if value is None or (isinstance(value, float) and math.isnan(value)) else str(value)


def weights_of(row: pd.Series) -> dict[str, float]:
    """The ``weights`` cell of a pooled row: study_id=weight;..."""
    pairs = [item.split("=", 1) for item in text(row["weights"]).split(";") if "=" in item]
    return {key: float(value) for key, value in pairs}


@dataclass(frozen=True)
class Headline:
    """The pooled report's headline, and why it differs from the report's figure, from results.csv alone."""

    n_studies: int
    break_even_caseload: float
    caseloads: str  # the assumed caseload of each way of delivering support, in words
    ratio: float
    published_ratio: float | None
    heaviest_label: str
    heaviest_share: float
    ratio_without_heaviest: float
    price_year: str
    drawn: str = ""  # the pooled ratio's probabilistic mean and interval, in words
    gap: tuple[str, ...] = ()  # further sentences on the gap to the report's figure, computed from data/ and results

    def sentences(self) -> tuple[str, str]:
        """The box's first paragraph (the headline) and what follows it (why it differs, a bullet each), as HTML:
        short sentences, one idea each, read aloud in a meeting."""
        first = (f"<strong>Pooled, the {count_words(self.n_studies, 'study', 'studies')} break even at "
                 f"{self.break_even_caseload:.1f} patients per full-time peer worker at a time.</strong> At the "
                 f"assumed caseloads, {html.escape(self.caseloads)}, the pooled benefit:cost ratio is "
                 f"<strong>{formatted(self.ratio, 'ratio')} : 1</strong>, weighted by sample size as the report "
                 f"did, at {html.escape(self.price_year)} prices.")
        if self.published_ratio is not None:
            first += f" The report's own figure is {self.published_ratio:g} : 1."
        if self.drawn:
            first += f" {html.escape(self.drawn)}."
        why = (f"{html.escape(self.heaviest_label)} carries {self.heaviest_share:.0%} of the weight; without it the "
               f"pooled ratio is {formatted(self.ratio_without_heaviest, 'ratio')} : 1.")
        items = "".join(f"<li>{sentence}</li>" for sentence in (why, *self.gap))
        return first, f"<p>Why it differs from the report's:</p>\n<ul>{items}</ul>"


def headline(results: pd.DataFrame) -> Headline | None:
    """From the pooled report's sample-size row and the study rows it pools (None when it was not built)."""
    pooled = results[(results["report"] == f"{POOLED_PAGE}.html") & (results["weighting"] == "sample_size")]
    if pooled.empty:
        return None
    row = pooled.iloc[0]
    suffix = text(row["id"]).removeprefix("pooled_sample_size")
    weights = weights_of(row)
    studies = results[results["kind"] == "study"].set_index("id")
    ratios = {sid: float(studies.loc[sid + suffix if sid + suffix in studies.index else sid, "benefit_cost_ratio"])
              for sid in weights}
    heaviest = max(weights, key=weights.__getitem__)
    others = [sid for sid in weights if sid != heaviest]
    without = (sum(ratios[s] * weights[s] for s in others) / sum(weights[s] for s in others)) if others else math.nan
    published = row["published_benefit_cost_ratio"]
    label = text(studies.loc[heaviest + suffix if heaviest + suffix in studies.index else heaviest, "label"])
    return Headline(
        n_studies=len(weights), break_even_caseload=float(row["break_even_caseload"]),
        caseloads=caseloads_text(Model.from_data().staffing),
        ratio=float(row["benefit_cost_ratio"]), published_ratio=None if pd.isna(published) else float(published),
        heaviest_label=text(studies.loc[heaviest + suffix if heaviest + suffix in studies.index else heaviest,
                                        "label"]),
        heaviest_share=weights[heaviest] / sum(weights.values()), ratio_without_heaviest=without,
        price_year=text(row["price_year"]), gap=gap_sentences(heaviest, label, ratios, weights),
        drawn=drawn_text(results, "pooled_sample_size", sentence=True))


def gap_sentences(
    heaviest: str, label: str, ratios: Mapping[str, float], weights: Mapping[str, float]
) -> tuple[str, ...]:
    """What else stands between the pooled ratio and the report's: the heaviest study's assumed follow-up and sample
    size, the pattern of signs (set apart from the ratio), and the report's inputs that are not public.

    Every figure comes from data/ (the study's inputs and data/published.csv) or from the built results."""
    sentences = []
    inputs = Model.from_data(study_ids=[heaviest]).study(heaviest).inputs
    name = html.escape(label)
    follow = inputs.get("followup_months")
    if follow is not None and follow.is_assumption:
        factor = follow.value / MONTHS_PER_YEAR
        scaled = {s: r * (factor if s == heaviest else 1.0) for s, r in ratios.items()}
        pooled_scaled = sum(scaled[s] * weights[s] for s in weights) / sum(weights.values())
        sentences.append(
            f"Its follow-up is assumed: {follow.value:g} months, for the reason in data/study_inputs.csv. Read as one "
            f"year instead, every {name} figure per FTE-year "
            f"is {'twice' if factor == 2 else f'{factor:g} times'} as large, and the pooled ratio becomes "
            f"{formatted(pooled_scaled, 'ratio')} : 1.")
    n_peer, n_control = inputs.get("n_peer"), inputs.get("n_control")
    if n_peer is not None and n_control is not None and (n_peer.is_assumption or n_control.is_assumption):
        source = html.escape(n_peer.source.split(",")[0])
        sentences.append(
            f"Its sample size, and so its weight, is assumed too: about {n_peer.value:,.0f} people with peer support "
            f"against {n_control.value:,.0f} without, from {source}. The 2011 paper's own numbers were not reached.")
    published = load_published()
    pattern = {k: published.get(f"studies_ratio_{k}") for k in ("above_one", "zero_to_one", "below_zero")}
    if all(p is not None for p in pattern.values()):
        values = list(ratios.values())
        ours = {"above 1": sum(r > 1 for r in values), "between 0 and 1": sum(0 < r <= 1 for r in values),
                "at 0": sum(r == 0 for r in values), "below 0": sum(r < 0 for r in values)}
        theirs = dict(zip(("above 1", "between 0 and 1", "below 0"),
                          (int(p.value) for p in pattern.values() if p is not None), strict=True))
        sentences.append(
            "Separately from the ratio, the pattern of signs: the report found "
            + ", ".join(f"{count_words(n)} {k}" for k, n in theirs.items())
            + "; here " + ", ".join(f"{count_words(n)} {k}" for k, n in ours.items() if n) + ".")
    contacted = published.get("report_studies_authors_contacted")
    if contacted is not None:
        sentences.append(
            "The report's own per-study inputs, such as bed-days saved per worker and staffing, are not public. Its "
            "authors obtained them by writing to the authors of every study it analysed. Every study here is rebuilt "
            "from what is published about it, with a stated assumption wherever nothing is.")
    return tuple(sentences)


def link(page_name: str, label: str) -> str:
    return f'<a href="{html.escape(page_name)}">{html.escape(label)}</a>'


def joined(separator: str, words: str) -> str:
    """``words`` after ``separator``, or nothing when there are none."""
    return separator + words if words else ""


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


def study_item(row: pd.Series, labels: Mapping[str, str], drawn: str = "") -> str:
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
    return (f'<li>{link(text(row["report"]), text(row["label"]))} <span class="status">({html.escape(status)})</span>'
            f'<br><span class="headline">{html.escape(text(row["headline"]))}'
            f'{html.escape(joined("; ", drawn))}</span></li>')


def page_headline(rows: pd.DataFrame, first_id: str, *more: str) -> str:
    """The headline of one row of a page (the first whose id starts with ``first_id``), and of others."""
    lines = []
    for prefix in (first_id, *more):
        match = rows[rows["id"].astype(str).str.startswith(prefix)]
        if not match.empty:
            lines.append(html.escape(text(match.iloc[0]["headline"])))
    return "<br>".join(lines)


def page_title(path: Path) -> str:
    """The first heading of a report page, or its file name."""
    match = re.search(r"<h1[^>]*>(.*?)<", path.read_text(encoding="utf-8"))
    return html.unescape(match.group(1)).strip() if match else path.stem


def index_coverage() -> dict[str, str]:
    """For the index files of data/, the years each series in them covers, in words."""
    indices = load_component_indices()
    return {"price_index.csv": indices.combined.coverage_text(),
            "cost_indices.csv": f"pay: {indices.coverage_text('pay')}; prices: {indices.coverage_text('prices')}; "
                                f"pay and prices: {indices.coverage_text('pay_and_prices')}"}


def prices_text(results: pd.DataFrame) -> str:
    """Which price year the figures are at, which pages keep another and why, and which years a user can choose,
    in sentences formatted from results.csv and data/price_index.csv."""
    years = results["price_year"].fillna("").astype(str)
    pooled = results[results["report"] == f"{POOLED_PAGE}.html"]
    base = (years[pooled.index] if not pooled.empty else years).mode().iloc[0]
    leeds = sorted(set(years[results["kind"] == "crisis_house"]) - {base, ""})
    today = sorted(set(years[results["kind"].isin(["recosting", "business_case", "value_of_information"])])
                   - {base, ""} - set(leeds))
    index = load_price_index()
    sentences = [f"Figures are at {html.escape(base)} prices, the report's, unless a page says otherwise."]
    if leeds:
        sentences.append(f"The Leeds claim keeps its own {html.escape(' and '.join(leeds))} prices.")
    if today:
        sentences.append(f"Today's costs are at {html.escape(' and '.join(today))} prices.")
    sentences.append(f"Every report can be built at another price year, from {index.years[0]} to "
                     f"{index.latest_year}: <code>make PRICE_YEAR={index.latest_year}</code>, for example.")
    return " ".join(sentences)


def data_files() -> list[tuple[str, str]]:
    """Each file described in data/README.md, with the one line after its name."""
    readme = (DATA_DIR / "README.md").read_text(encoding="utf-8")
    return re.findall(r"^## (\S+\.csv) — (.+)$", readme, flags=re.M)


def index_page(results: pd.DataFrame, teaching: Sequence[Path] = ()) -> str:
    studies = results[results["kind"] == "study"]
    labels = {text(r["id"]): text(r["label"]) for _, r in studies.iterrows()}
    pooled_studies = studies[studies["included"] == "yes"]
    scenarios = studies[studies["included"] != "yes"]
    parts = ["<h1>Peer support in mental health care: is it good value for money?</h1>"]
    top = headline(results)
    if top is not None:
        first, why = top.sentences()
        parts.append(f'<div class="box" id="headline"><p>{first}</p>\n{why}</div>')
    leeds = results[results["kind"] == "crisis_house"]
    n_pooled = len(pooled_studies)
    parts.append(
        "<p>Benefit:cost ratios of peer support workers in mental health care, recomputed from the published figures "
        f"of the {count_words(n_pooled, 'study', 'studies')} pooled here. They are the studies taken to be behind "
        "Trachtenberg, Parsonage, Shepherd &amp; Boardman, <em>Peer support in mental health care: is it good value "
        "for money?</em> (Centre for Mental Health). A claim about the Leeds crisis house is checked too.</p>\n"
        f"<p>{prices_text(results)}</p>")
    parts.append('<nav><a href="#pooled">The pooled analysis</a> · <a href="#studies">The studies</a> · '
                 '<a href="#uncertainty">Uncertainty</a> · <a href="#leeds">Leeds</a> · '
                 '<a href="#today">Today\'s costs</a> · '
                 '<a href="#sources">Where each figure came from</a> · <a href="cheers.html">CHEERS 2022 checklist</a>'
                 "</nav>")

    pooled = results[results["kind"] == "pooled"]
    if not pooled.empty:
        items = []
        for page_name, rows in pooled.groupby("report", sort=False):
            price_year = text(rows["price_year"].iloc[0])
            label = f"The studies pooled ({price_year} prices)"
            items.append(f"<li>{link(str(page_name), label)}<br><span class=\"headline\">"
                         f"{page_headline(rows, 'pooled_sample_size')}"
                         f"{html.escape(joined('; ', drawn_text(results, 'pooled_sample_size')))}</span></li>")
        parts.append('<h2 id="pooled">The pooled analysis</h2>\n<ul>\n' + "\n".join(items) + "\n</ul>")

    if not studies.empty:
        groups = []
        for status, title in (("published", "With their own published bed-use figures"),
                              ("secondary", "With a bed-use figure from a secondary source"),
                              ("imputed", "With an imputed bed-use figure (assumed, or borrowed from another study)")):
            rows = pooled_studies[pooled_studies["effect_status"] == status]
            if not rows.empty:
                groups.append(f"<h3>{html.escape(title)}: {count_words(len(rows))}</h3>\n<ul>\n"
                              + "\n".join(study_item(r, labels, drawn_text(results, text(r["id"])))
                                           for _, r in rows.iterrows()) + "\n</ul>")
        heading = f"The {count_words(n_pooled, 'pooled study', 'pooled studies')}, one report each"
        parts.append(f'<h2 id="studies">{html.escape(heading[0].upper() + heading[1:])}</h2>\n' + "\n".join(groups))
        if not scenarios.empty:
            parts.append("<h2>Other scenarios, not pooled</h2>\n<ul>\n"
                         + "\n".join(study_item(r, labels) for _, r in scenarios.iterrows()) + "\n</ul>")

    sensitivity = results[results["kind"].isin(["sensitivity", "value_of_information", "scenario"])]
    if not sensitivity.empty:
        items = []
        for page_name, rows in sensitivity.groupby("report", sort=False):
            scenario_lines = [
                f"{html.escape(text(r['label']).removeprefix('Scenario: '))}: "
                f"{formatted(r['benefit_cost_ratio'], 'ratio')} : 1 "
                f"(mean {formatted(r['mean'], 'ratio')}), P(ratio &gt; 1) "
                f"{formatted(r['probability_above_one'], 'share')}"
                for _, r in rows[rows["kind"] == "scenario"].iterrows()]
            flips = [r["id"] for _, r in rows.iterrows() if text(r["id"]).startswith(f"flip_{DECISION}")]
            worth = page_headline(rows, f"evpi_{DECISION}_all_scenarios", *flips,
                                  f"evpi_{DECISION}_national_measured", f"evpi_{DECISION}_national_target")
            items.append(
                f"<li>{link(str(page_name), 'How fragile are the ratios?')}<br><span class=\"headline\">"
                f"{page_headline(rows, 'psa_' + DECISION, 'evpi_' + DECISION)}</span>"
                + ("<br>The decision under each scenario, on the same draws:<ul>"
                   + "".join(f"<li>{line}</li>" for line in scenario_lines) + "</ul>" if scenario_lines else "")
                + (f'<span class="headline">{worth}</span>' if worth else "") + "</li>")
        parts.append('<h2 id="uncertainty">Uncertainty, and what is worth finding out</h2>\n<ul>\n'
                     + "\n".join(items) + "\n</ul>")
    if not leeds.empty:
        items = [f"<li>{link(text(r['report']), text(r['label']))}<br><span class=\"headline\">"
                 f"{html.escape(text(r['headline']))}</span></li>" for _, r in leeds.iterrows()]
        parts.append('<h2 id="leeds">The Leeds crisis house</h2>\n<ul>\n' + "\n".join(items) + "\n</ul>")
    today = results[results["kind"].isin(["recosting", "business_case"])]
    if not today.empty:
        titles = {"recosting": "Today's costs: every ratio re-costed, beside the rebased ones",
                  "business_case": "A business case for commissioners, at today's costs"}
        items = []
        for page_name, rows in today.groupby("report", sort=False):
            lines = "<br>".join(html.escape(text(h)) for h in rows["headline"] if text(h))
            # The business case's evidence carries its own caveat (data/studies.csv) wherever its figure goes.
            caveats = [text(c) for c in rows.get("caveat", pd.Series(dtype=object)) if text(c)]
            if caveats:
                lines += "<br>" + "<br>".join(f"<strong>The evidence's own caveat.</strong> {html.escape(c)}"
                                              for c in caveats)
            items.append(f"<li>{link(str(page_name), titles[text(rows['kind'].iloc[0])])}<br>"
                         f'<span class="headline">{lines}</span></li>')
        parts.append('<h2 id="today">At today\'s costs</h2>\n<ul>\n' + "\n".join(items) + "\n</ul>")

    if teaching:
        items = [f'<li><a href="teaching/{html.escape(p.name)}">{html.escape(page_title(p))}</a></li>'
                 for p in sorted(teaching)]
        parts.append("<h2>Teaching pack: worked solutions, for the teacher</h2>\n<p>Students work in "
                     "<code>notebooks/teaching/</code>, where each exercise checks its answer.</p>\n<ul>\n"
                     + "\n".join(items) + "\n</ul>")

    files = "\n".join(f'<li><a href="results_guide.html#data-{html.escape(name)}"><code>data/{html.escape(name)}'
                      f"</code></a>: {html.escape(what)}</li>" for name, what in data_files())
    parts.append(
        '<h2 id="sources">Where each figure came from</h2>\n'
        "<p>Every input is in <code>data/</code>, each row with its source (a citation and where in it the figure "
        "stands) or flagged as an assumption with its reason. Every computed figure is in "
        '<a href="results.csv">results.csv</a>, each column described in the '
        '<a href="results_guide.html">guide to results.csv</a>. How the reports answer each item of the reporting '
        'standard for health economic evaluations: <a href="cheers.html">CHEERS 2022 checklist</a>.</p>\n'
        f"<ul>\n{files}\n</ul>")
    return page("Peer support in mental health care: reports", "\n".join(parts))


# --- The guide to results.csv ---------------------------------------------------------------------

def guide_page(results: pd.DataFrame) -> str:
    rows = []
    for column in report.RESULT_COLUMNS:
        meaning, unit = term(column).meaning, term(column).unit
        filled = results[column].notna() & (results[column].astype(str) != "") if column in results else None
        kinds = sorted(set(results.loc[filled, "kind"].astype(str))) if filled is not None else []
        where = ", ".join(kinds) if kinds else "none in this build"
        rows.append(f'<tr id="column-{html.escape(column)}"><td><code>{html.escape(column)}</code></td>'
                    f"<td>{html.escape(meaning)}</td><td>{html.escape(unit)}</td><td>{html.escape(where)}</td></tr>")
    kinds = results["kind"].value_counts()
    unknown = sorted(set(kinds.index) - set(KIND_MEANINGS))
    if unknown:
        raise ValueError(f"results.csv: kind(s) {', '.join(unknown)} have no meaning in KIND_MEANINGS")
    counts = "; ".join(f"<code>{html.escape(str(k))}</code> ({n:,}): {html.escape(KIND_MEANINGS[str(k)])}"
                       for k, n in kinds.items())
    readme = (DATA_DIR / "README.md").read_text(encoding="utf-8")
    readme = re.sub(r"\A# .*\n", "", readme)  # its own title: the section heading below replaces it
    rendered = str(mistune.html(readme))
    rendered = re.sub(r"<h2>(\S+\.csv)( — .*?)</h2>",
                      lambda m: f'<h3 id="data-{m.group(1)}">{m.group(1)}{m.group(2)}</h3>', rendered)
    for name, years in index_coverage().items():  # the years each index covers, read from the file itself
        rendered = re.sub(rf'(<h3 id="data-{re.escape(name)}">.*?</h3>)',
                          lambda m, y=years: f"{m.group(1)}\n<p><strong>Years covered</strong> (from the file): "
                                             f"{html.escape(y)}.</p>", rendered)
    body = f"""<p><a href="index.html">Reports</a></p>
<h1>A guide to results.csv and the data behind it</h1>
<p><a href="results.csv">results.csv</a> holds every computed figure of the reports, one row per result. Its
column <code>kind</code> says what a row is; in this build: {counts}.
Every row has every column, empty where it does not apply. Money is in pounds at the row's
<code>price_year</code>; yes/no cells are written <code>yes</code> and <code>no</code>, as in <code>data/</code>.
The last column says which kinds of row fill each column in this build.</p>
<h2 id="columns">The columns of results.csv</h2>
<table>
<thead><tr><th>column</th><th>meaning</th><th>unit</th><th>filled in rows of kind</th></tr></thead>
<tbody>
{chr(10).join(rows)}
</tbody>
</table>
<h2 id="data">The inputs: data/</h2>
<p>From <code>data/README.md</code>: every file of inputs, its columns and units.</p>
{rendered}
"""
    return page("A guide to results.csv and the data behind it", body)


# --- The CHEERS 2022 checklist --------------------------------------------------------------------

class Headings(HTMLParser):
    """Every heading of a page (its id and text, without the anchor-link mark) and every id."""

    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.headings: dict[str, str] = {}  # text -> id
        self.title = ""  # the page's <title>
        self._current: tuple[str, list[str]] | None = None
        self._in_anchor_link = False
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if found.get("id"):
            self.ids.add(str(found["id"]))
        if re.fullmatch(r"h[1-6]", tag) and found.get("id"):
            self._current = (str(found["id"]), [])
        if tag == "a" and "anchor-link" in str(found.get("class") or ""):
            self._in_anchor_link = True
        self._in_title = tag == "title"

    def handle_endtag(self, tag: str) -> None:
        if tag == "a":
            self._in_anchor_link = False
        if tag == "title":
            self._in_title = False
        if re.fullmatch(r"h[1-6]", tag) and self._current is not None:
            identifier, parts = self._current
            self.headings.setdefault(" ".join("".join(parts).split()), identifier)
            self._current = None

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data
        if self._current is not None and not self._in_anchor_link:
            self._current[1].append(data)

    def heading_text(self, heading: str) -> str:
        """A heading as a reader sees it, named by its text or its id."""
        return next((t for t, i in self.headings.items() if i == heading), heading)


def page_file(where: cheers.Where, results: pd.DataFrame) -> str:
    """The HTML file of a page named in peerlib.present.cheers; "study" is the first pooled study's report."""
    if where.page == "study":
        studies = results[(results["kind"] == "study") & (results["included"] == "yes")]
        return text(studies.iloc[0]["report"]) if not studies.empty else ""
    return f"{where.page}.html"


def anchor(where: cheers.Where, file: str, pages: Mapping[str, Headings]) -> str | None:
    """The link to a place, or None when the page or the heading is missing."""
    found = pages.get(file)
    if found is None:
        return None
    if not where.heading:
        return file
    if where.heading in found.ids:
        return f"{file}#{where.heading}"
    identifier = found.headings.get(where.heading)
    return None if identifier is None else f"{file}#{identifier}"


def cheers_page(results: pd.DataFrame, pages: Mapping[str, Headings]) -> tuple[str, list[str]]:
    """The checklist page, and the places it could not link to."""
    pooled = results[results["report"] == f"{POOLED_PAGE}.html"]
    every_year = sorted(set(results["price_year"].dropna().astype(str)))
    years = {"price_year": text(pooled["price_year"].iloc[0]) if not pooled.empty else "",
             "latest_year": every_year[-1] if every_year else ""}
    missing, rows, current = [], [], ""
    for item in cheers.ITEMS:
        if item.section != current:
            current = item.section
            rows.append(f'<tr><th colspan="4">{html.escape(current)}</th></tr>')
        links = []
        for where in item.where:
            file = page_file(where, results)
            target = anchor(where, file, pages)
            if target is None:
                missing.append(f"item {item.number}: {file or where.page} has no heading {where.heading!r}")
                continue
            # Named as a reader sees it: the section's heading, and the page's title.
            page_title = " ".join(pages[file].title.split()) or file
            name = (f'<a href="{html.escape(target)}">{html.escape(pages[file].heading_text(where.heading))}</a> '
                    f'<span class="status">in {html.escape(page_title)}</span>' if where.heading else
                    f'<a href="{html.escape(target)}">{html.escape(page_title)}</a>')
            links.append(name)
        note = html.escape(item.note.format(**years))
        rows.append(f'<tr id="item-{item.number}"><td>{item.number}</td><td><strong>{html.escape(item.topic)}</strong>'
                    f'<br><span class="status">{html.escape(item.asks)}</span></td><td>{html.escape(item.status)}</td>'
                    f"<td>{note}{'<br>' + '<br>'.join(links) if links else ''}</td></tr>")
    counts = {s: sum(1 for i in cheers.ITEMS if i.status == s) for s in cheers.STATUSES}
    summary = "; ".join(f"{count_words(n)} {s}" for s, n in counts.items() if n)
    body = f"""<p><a href="index.html">Reports</a></p>
<h1>Reporting checklist: CHEERS 2022</h1>
<p>The Consolidated Health Economic Evaluation Reporting Standards 2022 (Husereau et al. 2022) list
{count_words(len(cheers.ITEMS), 'item')} that a report of a health economic evaluation should cover. For each, where
these reports cover it (each link goes to the section), or why it does not apply or was not done: {summary}.
A study report is linked once for all: every study report has the same sections.</p>
<table>
<thead><tr><th>item</th><th>topic, and what it asks</th><th>status</th><th>where, or why not</th></tr></thead>
<tbody>
{chr(10).join(rows)}
</tbody>
</table>
"""
    return page("Reporting checklist: CHEERS 2022", body), missing


def read_headings(reports_dir: Path, files: Sequence[str], extra: Mapping[str, str]) -> dict[str, Headings]:
    pages = {}
    for name in files:
        content = extra.get(name)
        if content is None:
            path = reports_dir / name
            if not path.is_file():
                continue
            content = path.read_text(encoding="utf-8")
        parser = Headings()
        parser.feed(content)
        pages[name] = parser
    return pages


def main(reports_dir: Path, fragments: list[Path], teaching: Sequence[Path] = ()) -> int:
    missing = [f for f in [*fragments, *teaching] if not f.is_file()]
    if not fragments or missing:
        print(f"error: results missing ({', '.join(map(str, missing)) or 'none named'}); run the notebooks first",
              file=sys.stderr)
        return 1
    results = gather(fragments)
    tmp_csv = reports_dir / ".results.csv.tmp"
    results.to_csv(tmp_csv, index=False, float_format="%.10g", lineterminator="\n")
    os.replace(tmp_csv, reports_dir / "results.csv")

    index = index_page(results, teaching)
    guide = guide_page(results)
    files = sorted({page_file(w, results) for item in cheers.ITEMS for w in item.where} - {""})
    pages = read_headings(reports_dir, files, {"index.html": index, "results_guide.html": guide})
    checklist, unlinked = cheers_page(results, pages)
    for problem in unlinked:
        print(f"warning: cheers.html: {problem}", file=sys.stderr)
    write_atomically(reports_dir / "results_guide.html", guide)
    write_atomically(reports_dir / "cheers.html", checklist)
    write_atomically(reports_dir / "index.html", index)
    return 0


if __name__ == "__main__":
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    named = [Path(a) for a in sys.argv[2:]]
    sys.exit(main(Path(sys.argv[1]), [p for p in named if p.suffix != ".html"],
                  [p for p in named if p.suffix == ".html"]))
