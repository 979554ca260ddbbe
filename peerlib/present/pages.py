"""Every report page, named once: its notebook, what it is run with, its link on the index, what it answers.

The Makefile builds one report per entry (one per study of ``data/studies.csv`` for a page run with
``study_id``) from what ``scripts/list_reports.py`` prints; ``scripts/build_index.py`` links each page in
its section of the index; the README's table of reports gives each page's ``description``, and a test
checks that it does. Adding a page is adding one entry here (and its notebook).

The standard library only: ``scripts/list_reports.py`` imports this with the system Python, while the
Makefile reads itself, before ``.venv`` may exist.
"""

from __future__ import annotations

from dataclasses import dataclass

STUDY_ID = "study_id"  # the parameter of a page built once per study
PRICE_YEAR = "price_year"  # the parameter `make PRICE_YEAR=...` sets


@dataclass(frozen=True)
class Section:
    """A section of the index: its anchor and its heading, as the index's contents list it."""

    id: str
    heading: str
    short: str  # the heading in the index's contents


# In the order the index shows them.
POOLED = Section("pooled", "The pooled analysis", "The pooled analysis")
STUDIES = Section("studies", "The studies, one report each", "The studies")
UNCERTAINTY = Section("uncertainty", "Uncertainty, and what is worth finding out", "Uncertainty")
LEEDS = Section("leeds", "The Leeds crisis house", "Leeds")
TODAY = Section("today", "At today's costs", "Today's costs")
SECTIONS: tuple[Section, ...] = (POOLED, STUDIES, UNCERTAINTY, LEEDS, TODAY)


@dataclass(frozen=True)
class Page:
    """One report page: ``reports/<name>.html`` (``<name>-<study_id>.html`` for a page per study)."""

    name: str
    notebook: str  # under notebooks/, without .ipynb
    title: str  # its link on the index; empty: the label of each row it writes (a study's, the crisis house's)
    kinds: tuple[str, ...]  # the kinds of row of results.csv it writes
    section: Section  # where the index links it
    description: str  # what it answers, in one line: the README's table of reports
    per_study: bool = False  # built once per study, run with -p study_id
    price_year: bool = True  # run at PRICE_YEAR when make is given one (False: at today's costs by design)
    longest: bool = False  # the longest run: make starts it first, so that under -j the others run beside it

    @property
    def parameters(self) -> tuple[str, ...]:
        """The parameters the build sets, beside where to write the results."""
        return (STUDY_ID,) * self.per_study + (PRICE_YEAR,) * self.price_year

    def file_name(self, study_id: str = "") -> str:
        """The page's file name in reports/, without .html; ``study_id`` names one of a page per study."""
        if self.per_study != bool(study_id):
            raise ValueError(f"page {self.name}: a study id is {'needed' if self.per_study else 'not taken'}")
        return f"{self.name}-{study_id}" if study_id else self.name

    @property
    def readme_name(self) -> str:
        """How the README's table names the page's file."""
        return f"{self.name}-<id>.html" if self.per_study else f"{self.name}.html"


# In the order the README lists them.
PAGES: tuple[Page, ...] = (
    Page("study", "study", "", ("study",), STUDIES,
         "one study: its figures and sources, each step from bed-days to the ratio, its break-even", per_study=True),
    Page("six_studies", "six_studies", "The studies pooled", ("pooled",), POOLED,
         "the pooled ratio beside 4.8 : 1, other weightings, leave-one-out, the wider evidence since 2013"),
    Page("sensitivity", "sensitivity", "How fragile are the ratios?",
         ("sensitivity", "value_of_information", "scenario"), UNCERTAINTY,
         "how sure: effects by grade of evidence, one-way, thresholds, probabilistic analysis, "
                      "scenarios, value of information", longest=True),
    Page("todays_costs", "todays_costs", "Today's costs: every ratio re-costed, beside the rebased ones",
         ("recosting",), TODAY, "the ratios rebased and re-costed at today's pay and bed-day costs", price_year=False),
    Page("business_case", "business_case", "A business case for commissioners, at today's costs",
         ("business_case",), TODAY, "a commissioner's N peer workers at today's pay: cost, return, how sure, "
                                    "what must be true", price_year=False),
    Page("leeds_crisis_house", "leeds_crisis_house", "", ("crisis_house",), LEEDS,
         "the £28,000 claim and the diverted days it needs"),
)
BY_NAME: dict[str, Page] = {page.name: page for page in PAGES}


def page_of(file_name: str) -> Page:
    """The page a report's file (``six_studies.html``, ``study-sledge2011.html``) was built from."""
    stem = file_name.removesuffix(".html")
    found = BY_NAME.get(stem) or BY_NAME.get(stem.split("-", 1)[0])
    if found is None or found.per_study != (stem != found.name):
        raise ValueError(f"{file_name} is no page of peerlib.present.pages")
    return found


def build_plan(study_ids: list[str], price_year: str = "") -> list[tuple[str, str, tuple[str, ...]]]:
    """Every report make builds: (file name, notebook, papermill's ``-p`` pairs), a page per study once per study."""
    plan = []
    for page in sorted(PAGES, key=lambda p: not p.longest):
        for study_id in study_ids if page.per_study else [""]:
            values = {STUDY_ID: study_id, PRICE_YEAR: price_year}
            pairs = tuple(f"{name}={values[name]}" for name in page.parameters if values[name])
            plan.append((page.file_name(study_id), page.notebook, pairs))
    return plan
