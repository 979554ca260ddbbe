"""The pages that introduce the reports: index.html, the guide to results.csv and the CHEERS 2022 checklist.

The built pages come from the session's `make` (the `built` fixture); one test rebuilds the pooled
report and the index in a copy of the project with a study taken out, and checks that no page
still counts the studies as six.
"""

from __future__ import annotations

import html
import os
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote, urlparse

import pandas as pd

from peerlib.config import DATA_DIR
from peerlib.present import cheers
from peerlib.vocabulary import term
from tests.conftest import copy_tree, edit_cell

# The 28 items of CHEERS 2022 (Husereau et al. 2022, Table 1), typed from the statement.
CHEERS_2022 = [
    "Title", "Abstract", "Background and objectives", "Health economic analysis plan", "Study population",
    "Setting and location", "Comparators", "Perspective", "Time horizon", "Discount rate", "Selection of outcomes",
    "Measurement of outcomes", "Valuation of outcomes", "Measurement and valuation of resources and costs",
    "Currency, price date, and conversion", "Rationale and description of model", "Analytics and assumptions",
    "Characterizing heterogeneity", "Characterizing distributional effects", "Characterizing uncertainty",
    "Approach to engagement with patients and others affected by the study", "Study parameters",
    "Summary of main results", "Effect of uncertainty",
    "Effect of engagement with patients and others affected by the study",
    "Study findings, limitations, generalizability, and current knowledge", "Source of funding",
    "Conflicts of interest",
]


def prose(page: Path) -> str:
    """What a reader sees of a page as text: no head, no code cells, no styles or scripts; whitespace collapsed."""
    text = page.read_text(encoding="utf-8")
    text = re.sub(r"<head>.*?</head>", " ", text, flags=re.S)
    text = re.sub(r'<div class="highlight[^"]*">\s*<pre>.*?</pre>\s*</div>', " ", text, flags=re.S)  # code cells
    text = re.sub(r"<(style|script)\b.*?</\1>", " ", text, flags=re.S)
    text = re.sub(r"</(p|li|h[1-6]|td|th|tr|div)>", ". ", text)  # a heading or a cell ends a sentence
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", text)).split())


SIX = re.compile(r"\bsix\b(?!\s+months)|\b6\s+(pooled\s+)?stud(y|ies)\b", re.I)  # not "six months"


def counts_six(text: str) -> list[str]:
    """The sentences of ``text`` that count six (studies)."""
    return [s for s in re.split(r"(?<=[.;:!?])\s+", text) if SIX.search(s)]


def ids_of(page: Path) -> set[str]:
    return set(re.findall(r'\bid="([^"]*)"', page.read_text(encoding="utf-8")))


# --- The guide to results.csv ---------------------------------------------------------------------

def test_every_column_of_results_is_documented_and_every_documented_column_exists(built: Path) -> None:
    columns = list(pd.read_csv(built / "results.csv", nrows=0).columns)
    guide = (built / "results_guide.html").read_text(encoding="utf-8")
    documented = [html.unescape(c) for c in re.findall(r'<tr id="column-([^"]+)">', guide)]
    assert sorted(columns) == sorted(documented)
    assert columns == documented, "the guide lists the columns in the order of results.csv"
    for column in columns:
        meaning = term(column).meaning
        assert meaning and html.escape(meaning) in guide, column


def test_the_guide_describes_every_data_file(built: Path) -> None:
    ids = ids_of(built / "results_guide.html")
    for name in ("studies.csv", "study_inputs.csv", "staffing.csv", "unit_costs.csv", "price_index.csv",
                 "crisis_house.csv", "uncertainty.csv", "published.csv"):
        assert f"data-{name}" in ids, name


# --- The CHEERS 2022 checklist --------------------------------------------------------------------

def test_cheers_lists_the_28_items_of_the_statement() -> None:
    assert [item.topic for item in cheers.ITEMS] == CHEERS_2022
    assert [item.number for item in cheers.ITEMS] == list(range(1, 29))
    for item in cheers.ITEMS:
        assert item.status in cheers.STATUSES and item.note, item.number
        assert item.where or item.status != cheers.REPORTED, f"item {item.number} is reported, but where?"


def test_cheers_page_has_every_item_and_every_link_lands(built: Path) -> None:
    page = built / "cheers.html"
    text = page.read_text(encoding="utf-8")
    rows = re.findall(r'<tr id="item-(\d+)"><td>\d+</td><td><strong>(.*?)</strong>', text)
    assert [(int(n), html.unescape(topic)) for n, topic in rows] == list(enumerate(CHEERS_2022, start=1))
    table = text[text.index("<table>"):text.index("</table>")]
    in_table = re.findall(r'href="([^"]+)"', table)
    assert len(in_table) == sum(len(item.where) for item in cheers.ITEMS), \
        "every place in peerlib.present.cheers is linked"
    links = [html.unescape(h) for h in re.findall(r'href="([^"]+)"', text)]
    for href in links:
        target = urlparse(href)
        assert not target.scheme, f"an external link: {href}"
        file = built / unquote(target.path)
        assert file.is_file(), f"cheers.html links to a missing page: {href}"
        if target.fragment:
            assert {target.fragment, unquote(target.fragment)} & ids_of(file), f"no anchor {href}"


def test_cheers_links_read_as_headings_and_titles(built: Path) -> None:
    table = (built / "cheers.html").read_text(encoding="utf-8").split("<table>")[1]
    names = [html.unescape(n) for n in re.findall(r'<a href="[^"]+">([^<]+)</a>', table)]
    assert names
    for name in names:  # "study-klein1998: The study" or "data-unit_costs.csv" is an identifier, not a name
        assert not re.search(r"\.html|study-[a-z]+\d{4}|^data-", name), name
    assert "Value of information: which unknown is most worth finding out?" in names  # item 10's place


def test_the_guide_says_what_every_kind_of_row_is(built: Path) -> None:
    kinds = set(pd.read_csv(built / "results.csv")["kind"])
    guide = prose(built / "results_guide.html")
    assert {"recosting", "business_case", "scenario"} <= kinds
    for kind in kinds:
        assert re.search(rf"{kind} \(\d+\): \w", guide), kind


def test_the_index_links_the_guide_and_the_checklist(built: Path) -> None:
    index = (built / "index.html").read_text(encoding="utf-8")
    assert 'href="cheers.html"' in index and 'href="results_guide.html"' in index
    for href in re.findall(r'href="results_guide\.html#([^"]+)"', index):
        assert href in ids_of(built / "results_guide.html"), href


# --- The index ------------------------------------------------------------------------------------

def test_the_index_opens_with_the_headline_worked_out_by_hand(built: Path) -> None:
    results = pd.read_csv(built / "results.csv", dtype={"price_year": str}).set_index("id")
    text = prose(built / "index.html")
    # Landers & Zhou: 1,900 + 33,700 patients of 38 + 36 (Sledge) + 68 + 68 (Rivera) + 106 + 378 (Min)
    # + 10 + 51 (Klein) + 49 + 0 (Lawn) + 35,600 = 36,404 in all (data/study_inputs.csv).
    assert "Landers & Zhou 2011 carries 98% of the weight" in text
    others = ["sledge2011", "rivera2007", "min2007", "klein1998", "lawn2008"]
    sizes = {"sledge2011": 74, "rivera2007": 136, "min2007": 484, "klein1998": 61, "lawn2008": 49}
    without = sum(results.loc[s, "benefit_cost_ratio"] * sizes[s] for s in others) / sum(sizes.values())
    assert f"without it the pooled ratio is {without:.2f} : 1" in text
    pooled = results.loc["pooled_sample_size"]
    assert (f"Pooled, the six studies break even at {pooled['break_even_caseload']:.1f} patients per full-time peer "
            "worker at a time") in text
    assert f"the pooled benefit:cost ratio is {pooled['benefit_cost_ratio']:.2f} : 1" in text
    assert "The report's own figure is 4.8 : 1" in text
    # Landers & Zhou's follow-up is assumed (24 months): read as one year its ratio doubles, so the pool is
    # (sum of the others' ratio x size + 2 x Landers' ratio x 35,600) / 36,404.
    doubled = (sum(results.loc[s, "benefit_cost_ratio"] * sizes[s] for s in others)
               + 2 * results.loc["landers2011", "benefit_cost_ratio"] * 35_600) / 36_404
    assert "Its follow-up is assumed: 24 months" in text
    assert (f"every Landers & Zhou 2011 figure per FTE-year is twice as large, and the pooled ratio becomes "
            f"{doubled:.2f}") in text
    assert "about 1,900 people with peer support against 33,700 without, from Healthcare Finance News (2014)" in text
    # The signs, apart from the ratio: the report's 4 / 1 / 1 (data/published.csv); ours: Sledge, Min, Klein and
    # Lawn above 1, Landers between 0 and 1, Rivera at 0 (no difference assumed).
    assert ("the report found four above 1, one between 0 and 1, one below 0; here four above 1, one between 0 and 1, "
            "one at 0.") in text
    assert ("The report's own per-study inputs, such as bed-days saved per worker and staffing, are not public"
            in text)
    # The Leeds finding is the claim read against the visits: 720 to 1,200 a year (60-100 a month).
    assert "At 720 to 1,200 visits a year, the £28,000 claim needs" in text


def test_the_index_groups_the_studies_by_their_bed_use_figure(built: Path) -> None:
    text = prose(built / "index.html")
    published = text.index("With their own published bed-use figures: three")
    secondary = text.index("With a bed-use figure from a secondary source: one")
    imputed = text.index("With an imputed bed-use figure")
    scenarios = text.index("Other scenarios, not pooled")
    for study in ("Sledge et al. 2011", "Min et al. 2004/2007", "Lawn et al. 2008"):
        assert published < text.index(study, published) < secondary, study
    # Landers & Zhou's two fewer days are a trade-press paraphrase of a later paper, not significant
    assert secondary < text.index("Landers & Zhou 2011 (bed-use figure from a secondary source; evidence: effect "
                                  "from a secondary source, not significant)") < imputed
    assert text.index("Lawn et al. 2008 (published bed-use figure; evidence: no comparison group)") < secondary
    assert imputed < text.index("Klein et al. 1998 (imputed bed-use figure, borrowed from Sledge et al. 2011") \
        < scenarios
    assert imputed < text.index("Rivera et al. 2007 (imputed bed-use figure, assumed") < scenarios
    assert scenarios < text.index("Johnson et al. 2018 (CORE)")


def test_the_checks_find_a_count_of_six() -> None:
    assert counts_six("Pooled, the six studies break even. The other five stay.") == [
        "Pooled, the six studies break even."]
    assert counts_six("One of 6 studies. Followed for 6 months.") == ["One of 6 studies."]
    assert counts_six("The five studies pooled. Studies 6 5.") == []


def test_no_page_counts_six_when_a_study_is_taken_out(built_tree: Path, tmp_path: Path) -> None:
    """On a copy of the session's build, with one study taken out: only its report and the pooled report
    depend on that flag, so only they are run again before the index is rebuilt from every fragment."""
    tree = copy_tree(built_tree, tmp_path / "project")
    edit_cell(tree / "data" / "studies.csv", lambda r: r["study_id"] == "lawn2008", "included", "no")
    stage = tree / ".reports-staging"
    env = os.environ | {"PYTHONPATH": str(tree)}
    for notebook, name, params in (("study", "study-lawn2008", ["-p", "study_id", "lawn2008"]),
                                   ("six_studies", "six_studies", [])):
        run = subprocess.run([sys.executable, "scripts/run_notebook.py", f"notebooks/{notebook}.ipynb",
                              f"{stage / name}.ipynb", "--results", f"{stage / 'results' / name}.csv", *params],
                             cwd=tree, env=env, capture_output=True, text=True)
        assert run.returncode == 0, run.stderr[-3000:]
        assert len(run.stdout.splitlines()) == 1, run.stdout
    fragments = sorted(str(p) for p in (stage / "results").glob("*.csv"))
    index = subprocess.run([sys.executable, "scripts/build_index.py", str(stage), *fragments], cwd=tree, env=env,
                           capture_output=True, text=True)
    assert index.returncode == 0, index.stderr
    for name in ("index.html", "six_studies.html"):
        text = prose(stage / name)
        assert counts_six(text) == [], f"{name} counts six: {counts_six(text)}"
        assert "Pooled, the five studies break even" in text, name
        assert "The report's own figure is 4.8 : 1" in text, f"{name} should quote 4.8 : 1 as the report's"
    index_text = prose(stage / "index.html")
    assert "The five pooled studies, one report each" in index_text
    assert index_text.index("Other scenarios, not pooled") < index_text.index("Lawn et al. 2008")


def test_the_index_names_every_scenario_the_flip_point_and_the_unknown_most_worth_knowing(built: Path) -> None:
    text = prose(built / "index.html")
    labels = pd.read_csv(DATA_DIR / "scenarios.csv")["label"].unique()
    for label in labels:
        assert f"{label}:" in text, label
    assert "Base case, as data/ sets it:" in text
    assert "Landers & Zhou 2011's peer arm had fewer than" in text
    assert "most worth knowing:" in text
    assert "National value of perfect information, measured workforce" in text
    # The national figures are rounded to their Monte Carlo error (millions), never shown to the pound.
    assert re.search(r"measured workforce: about £[\d.]+M at \d{4}-\d{2} prices", text), text


def test_the_index_says_which_price_year_the_figures_are_at_and_which_a_build_can_choose(built: Path) -> None:
    text = prose(built / "index.html")
    # The report's costing is at 2011-12 (data/unit_costs.csv); the Leeds claim at its own 2009-10; today's costs
    # re-cost to the index's latest year (2024-25) and from current unit costs (2025-26).
    assert "Figures are at 2011-12 prices, the report's, unless a page says otherwise." in text
    assert "The Leeds claim keeps its own 2009-10 prices." in text
    assert "Today's costs are at 2024-25 and 2025-26 prices." in text
    years = pd.read_csv(DATA_DIR / "price_index.csv", dtype={"price_year": str})["price_year"]
    assert f"Every report can be built at another price year, from {years.iloc[0]} to {years.iloc[-1]}" in text
    assert "Prices: " not in text
