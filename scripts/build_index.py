"""Gather the results each notebook wrote into reports/results.csv, and write reports/index.html.

    python scripts/build_index.py reports reports/results/study-sledge2011.csv ...

Only the fragments named are gathered, so a study taken out of the analysis leaves no stale row.
Rows come in a fixed order (studies by report name, then pooled, sensitivity and the crisis
house), so two builds give byte-identical files. Both files are written to a temporary name and moved
into place.
"""

from __future__ import annotations

import html
import os
import re
import sys
from pathlib import Path

import pandas as pd

from peerlib import report

KIND_ORDER = {"study": 0, "scenario": 1, "pooled": 2, "sensitivity": 3, "crisis_house": 4, "recosting": 5,
              "business_case": 6}
SECTIONS = {
    "study": "The six studies, one report each",
    "scenario": "Other scenarios, not pooled with the six",
    "pooled": "The six studies pooled",
    "sensitivity": "How fragile are the ratios? Probability that each exceeds 1",
    "crisis_house": "The Leeds crisis house",
    "recosting": "Today's costs: the ratios re-costed, beside the rebased ones",
    "business_case": "A business case for commissioners, at today's costs",
}
PAGE_LABELS = {"six_studies": "Pooled analysis", "sensitivity": "Sensitivity analysis"}


def section(row: pd.Series) -> str:
    """Studies outside the pooled six get a section of their own."""
    if row["kind"] == "study" and str(row.get("included")).lower() in ("false", "0", "no"):
        return "scenario"
    return str(row["kind"])


def report_name(fragment: Path) -> str:
    return fragment.stem + ".html"


def page_title(page: Path) -> str:
    """The first heading of a report page, or its file name."""
    match = re.search(r"<h1[^>]*>(.*?)<", page.read_text(encoding="utf-8"))
    return html.unescape(match.group(1)).strip() if match else page.stem


def main(reports_dir: Path, fragments: list[Path]) -> int:
    missing = [f for f in fragments if not f.is_file()]
    if not fragments or missing:
        print(f"error: results missing ({', '.join(map(str, missing)) or 'none named'}); run the notebooks first",
              file=sys.stderr)
        return 1
    frames = []
    for fragment in fragments:
        frame = pd.read_csv(fragment, dtype={"price_year": str})
        frame["report"] = report_name(fragment)
        frames.append(frame)
    results = pd.concat(frames, ignore_index=True)
    results["_section"] = results.apply(section, axis=1)
    results["_order"] = results["_section"].map(KIND_ORDER)
    # Within a section, the main pooled report first, then its variants, then other pages.
    results["_page"] = [0 if r == "six_studies.html" else 1 if r.startswith("six_studies") else 2
                        for r in results["report"]]
    results = results.sort_values(["_order", "_page", "report"], kind="stable").drop(columns="_page")
    sections = results.pop("_section")
    results = results.drop(columns="_order")

    tmp_csv = reports_dir / ".results.csv.tmp"
    report.results_frame(results.to_dict("records")).to_csv(
        tmp_csv, index=False, float_format="%.10g", lineterminator="\n")
    os.replace(tmp_csv, reports_dir / "results.csv")

    parts = []
    for kind, title in SECTIONS.items():
        rows = results[sections == kind]
        if rows.empty:
            continue
        items = []
        for page, group in rows.groupby("report", sort=False):
            headline = "<br>".join(html.escape(str(h)) for h in group["headline"] if pd.notna(h) and str(h))
            notebook = str(page).removesuffix(".html").split("-")[0]
            label = str(group["label"].iloc[0])
            if notebook in PAGE_LABELS:
                label = f"{PAGE_LABELS[notebook]} ({group['price_year'].iloc[0]} prices)"
            label = html.escape(label)
            items.append(f'<li><a href="{html.escape(page)}">{label}</a><br><span class="headline">'
                         f"{headline}</span></li>")
        parts.append(f"<h2>{html.escape(title)}</h2>\n<ul>\n" + "\n".join(items) + "\n</ul>")
    teaching = sorted((reports_dir / "teaching").glob("*.html"))
    if teaching:
        items = [f'<li><a href="teaching/{html.escape(p.name)}">{html.escape(page_title(p))}</a></li>'
                 for p in teaching]
        parts.append("<h2>Teaching pack: worked solutions, for the teacher</h2>\n<p>Students work in "
                     "<code>notebooks/teaching/</code>, where each exercise checks its answer.</p>\n<ul>\n"
                     + "\n".join(items) + "\n</ul>")
    price_years = ", ".join(sorted(set(results["price_year"].astype(str))))
    page = f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Peer support in mental health care: reports</title>
<style>
body {{ font-family: system-ui, sans-serif; max-width: 52rem; margin: 2rem auto; padding: 0 1rem; line-height: 1.5; }}
li {{ margin-bottom: 0.8rem; }}
.headline {{ color: #444; font-size: 0.95em; }}
</style>
</head>
<body>
<h1>Peer support in mental health care: is it good value for money?</h1>
<p>Benefit:cost ratios of peer support workers, recomputed from the published figures of the six studies
behind Trachtenberg, Parsonage, Shepherd &amp; Boardman (Centre for Mental Health, 2013), and the Leeds
crisis-house claim. Prices: {html.escape(price_years)}. Every figure is in
<a href="results.csv">results.csv</a>.</p>
{chr(10).join(parts)}
</body>
</html>
"""
    tmp_html = reports_dir / ".index.html.tmp"
    tmp_html.write_text(page, encoding="utf-8")
    os.replace(tmp_html, reports_dir / "index.html")
    return 0


if __name__ == "__main__":
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    sys.exit(main(Path(sys.argv[1]), [Path(a) for a in sys.argv[2:]]))
