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
import os
import re
import sys
from collections.abc import Mapping, Sequence
from html.parser import HTMLParser
from pathlib import Path

import mistune
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # scripts.report_page, run from anywhere

from peerlib.config import DATA_DIR  # noqa: E402
from peerlib.inputs.cost_indices import load_component_indices  # noqa: E402
from peerlib.present import cheers, report  # noqa: E402
from peerlib.present import index as present_index  # noqa: E402
from peerlib.present.index import POOLED_PAGE, Entry, text  # noqa: E402
from peerlib.present.labels import count_words  # noqa: E402
from peerlib.vocabulary import term  # noqa: E402
from scripts.report_page import Link, export_index  # noqa: E402

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
# The guide and the checklist keep a page of their own: a table each, no notebook.
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


def data_files() -> list[tuple[str, str]]:
    """Each file described in data/README.md, with the one line after its name."""
    readme = (DATA_DIR / "README.md").read_text(encoding="utf-8")
    return re.findall(r"^## (\S+\.csv) — (.+)$", readme, flags=re.M)


def index_page(results: pd.DataFrame, teaching: Sequence[Path] = ()) -> str:
    """The index, in the report pages' template: what peerlib.present.index says, a contents line of its sections."""
    found = present_index.index(results)
    contents = [Link(f"#{s.id}", s.short) for s in found.sections if s.id]
    entries = [Entry(f"teaching/{p.name}", page_title(p)) for p in sorted(teaching)]
    contents += [Link("#teaching", "Teaching pack")] * bool(entries)
    contents += [Link("#sources", "Where each figure came from"), Link("cheers.html", "CHEERS 2022 checklist")]
    return export_index(found, title="Peer support in mental health care: reports",
                        heading="Peer support in mental health care: is it good value for money?",
                        contents=contents, teaching=entries, data_files=data_files())


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
