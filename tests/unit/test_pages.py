"""The one list of report pages (peerlib.present.pages): what make builds from it, and the README's table of reports."""

from __future__ import annotations

import re
import subprocess

import pytest

from peerlib.config import PROJECT_ROOT
from peerlib.present.pages import PAGES, build_plan, page_of


def test_the_plan_runs_a_page_per_study_per_study_and_price_year_only_where_it_applies() -> None:
    plan = build_plan(["a1", "b2"], "2024-25")
    assert plan[0] == ("sensitivity", "sensitivity", ("price_year=2024-25",)), "the longest run starts first"
    assert ("study-a1", "study", ("study_id=a1", "price_year=2024-25")) in plan
    assert ("study-b2", "study", ("study_id=b2", "price_year=2024-25")) in plan
    # Today's costs and the business case are at today's costs by design: no price year.
    assert ("todays_costs", "todays_costs", ()) in plan and ("business_case", "business_case", ()) in plan
    assert ("leeds_crisis_house", "leeds_crisis_house", ("price_year=2024-25",)) in plan
    assert len(plan) == 5 + 2
    assert ("six_studies", "six_studies", ()) in build_plan(["a1"])  # no PRICE_YEAR: nothing set


def test_list_reports_prints_the_plan_for_make_with_the_system_python() -> None:
    """As the Makefile runs it, before .venv exists: the standard library and peerlib's own reader only."""
    run = subprocess.run(["python3", "-S", "scripts/list_reports.py", "2024-25"], cwd=PROJECT_ROOT,
                         capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    words = run.stdout.split()
    assert "study-sledge2011:study:study_id=sledge2011:price_year=2024-25" in words
    assert "business_case:business_case" in words
    assert len(words) == len({w.split(":")[0] for w in words})


def test_a_page_is_found_from_its_file() -> None:
    assert page_of("study-min2007.html").name == "study"
    assert page_of("six_studies.html").name == "six_studies"
    for wrong in ("study.html", "six_studies-x.html", "nothing.html"):
        with pytest.raises(ValueError, match="no page"):
            page_of(wrong)


def test_every_page_has_its_notebook() -> None:
    for page in PAGES:
        assert (PROJECT_ROOT / "notebooks" / f"{page.notebook}.ipynb").is_file(), page.name


def readme_reports() -> list[tuple[str, str]]:
    """The README's table of what is in reports/: (file, what it answers), in order."""
    text = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
    table = text.split("| in `reports/` | what it answers |", 1)[1].split("\n\n", 1)[0]
    return re.findall(r"^\| `([^`]+)` \| (.+?) \|$", table, flags=re.M)


def test_the_readme_lists_every_page_with_its_description_in_order() -> None:
    rows = readme_reports()
    pages = [(page.readme_name, page.description) for page in PAGES]
    assert [row for row in rows if row[0] in {name for name, _ in pages}] == pages
    assert rows[0][0] == "index.html", "the index first"
    # Besides the pages of peerlib.present.pages, only what build_index.py and the teaching pack write.
    assert {name for name, _ in rows} - {name for name, _ in pages} == {"index.html", "teaching/*.html",
                                                                        "results.csv"}
