"""One provenance vocabulary: every figure in data/ is published (quoted), derived (a formula over
sourced parts) or an assumption (with its reason), and a published figure appears in its quote."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest

from peerlib.config import DATA_DIR
from peerlib.inputs.tables import STATUSES

CSV_FILES = sorted(DATA_DIR.glob("*.csv"))
WORDS = {1: "one", 2: "two", 3: "three", 4: "four", 5: "five", 6: "six", 7: "seven", 8: "eight", 9: "nine",
         10: "ten", 11: "eleven", 12: "twelve", 13: "thirteen", 14: "fourteen", 15: "fifteen", 16: "sixteen",
         17: "seventeen", 18: "eighteen", 19: "nineteen", 20: "twenty"}
# Which column holds the figure of a row, per file (published.csv and price_index.csv: one figure each).
VALUE_COLUMNS = {"price_index.csv": "annual_change_pct", "cost_indices.csv": "annual_change_pct"}


def rows(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(path.open(newline="", encoding="utf-8")))


def written_forms(value: float) -> set[str]:
    """The ways a source may print a figure: 1549, 1,549, 10.08, .89, 13.8%, 29 %, two."""
    forms = {f"{value:g}", f"{value:,g}", f"{value:,.2f}", f"{value:.2f}"}
    if value == int(value):
        forms |= {f"{int(value):,}", str(int(value))}
        if int(value) in WORDS:
            forms.add(WORDS[int(value)])
    if 0 < abs(value) < 1:
        forms.add(f"{value:g}".replace("0.", ".", 1))
        percent = round(value * 100, 6)
        forms |= {f"{percent:g}%", f"{percent:g} %", f"{percent:g} per cent", f"{percent:g}\u00a0%"}
    return forms


def appears(value: float, text: str) -> bool:
    """The figure is in the text as a whole number, not inside a longer one (549 is not in 1,549)."""
    for form in written_forms(value):
        # A figure in words is a whole word ("nine" is not in "nineteen").
        pattern = rf"\b{form}\b" if form.isalpha() else rf"(?<![\d.]){re.escape(form)}(?!\d)"
        for match in re.finditer(pattern, text, re.IGNORECASE):
            thousands_group = re.fullmatch(r"\d{3}", form) and re.search(r"\d,$", text[:match.start()])
            if not thousands_group:
                return True
    return False


@pytest.mark.parametrize("path", [p for p in CSV_FILES if p.name != "studies.csv"], ids=lambda p: p.name)
def test_every_row_has_a_status_of_the_vocabulary(path: Path) -> None:
    for line, row in enumerate(rows(path), start=2):
        assert row.get("status") in STATUSES, f"{path.name} line {line}: status {row.get('status')!r}"
        if row["status"] == "published":
            assert row.get("source"), f"{path.name} line {line}: a published figure without its source"
        if row["status"] == "assumption":
            assert row.get("reason"), f"{path.name} line {line}: an assumption without its reason"
        if row["status"] == "derived":
            assert row.get("source") and ("formula" not in row or row["formula"]), f"{path.name} line {line}"


@pytest.mark.parametrize("path", [p for p in CSV_FILES if p.name != "studies.csv"], ids=lambda p: p.name)
def test_every_published_figure_is_in_its_quote(path: Path) -> None:
    column = VALUE_COLUMNS.get(path.name, "value")
    missing = []
    for line, row in enumerate(rows(path), start=2):
        if row["status"] != "published" or not row.get(column):
            continue
        if path.name == "uncertainty.csv":
            figures = [float(row["low"]), float(row["high"])]
        else:
            figures = [float(row[column])]
        for figure in figures:
            if not appears(figure, row["source"]):
                missing.append(f"line {line}: {figure:g} not in {row['source'][:120]!r}")
    assert not missing, f"{path.name}:\n" + "\n".join(missing)


def test_the_matcher_itself() -> None:
    assert appears(1549, "a reduction of 1549 hospital days") and appears(1549, "1,549 days")
    assert appears(0.138, "rate above secondary threshold | 13.8%") and appears(0.89, "(.89 ± 1.35")
    assert appears(2, "two fewer days") and not appears(2, "a 24-month period")
    assert not appears(38, "N=380") and not appears(0.4, "0.43") and not appears(549, "1,549")
    assert appears(3, "c(4.1, 0.6,3,2.1")
    assert appears(19, "reporting nineteen trials") and not appears(9, "reporting nineteen trials")


def test_a_study_s_country_has_a_status() -> None:
    for line, row in enumerate(rows(DATA_DIR / "studies.csv"), start=2):
        assert row["country_status"] in STATUSES, f"studies.csv line {line}"
    rivera = next(r for r in rows(DATA_DIR / "studies.csv") if r["study_id"] == "rivera2007")
    assert rivera["country_status"] == "assumption" and "assumed" in rivera["inclusion_reason"]
