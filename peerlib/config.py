"""The project's settings, each defined once: where inputs and outputs live, the seed and number of the
random draws, and the calendar.

Every loader takes a ``data_dir`` argument defaulting to :data:`DATA_DIR`, so a test or a user can
point the analysis at another copy of the data without touching code.
"""

from __future__ import annotations

from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = PROJECT_ROOT / "data"
# The teaching pack's worked solutions (paired .py and .ipynb), from which every student's copy is made.
TEACHING_SOLUTIONS_DIR = PROJECT_ROOT / "notebooks" / "teaching" / "solutions"

SEED = 2013  # the seed of every random draw by default: the year of the report the analysis re-runs
# Every default number of draws. A notebook's n_draws parameter is a literal (papermill reads it): a test checks
# that each equals its constant here, and that the README says REPORT_DRAWS.
# The draws behind the reports' probabilistic figures (notebooks/sensitivity.py, six_studies.py), and the command
# line's default, so that it prints the pages' figures.
REPORT_DRAWS = 100_000
# Draws of a business case (notebooks/business_case.py, and the command line's): one piece of evidence, not every study.
BUSINESS_CASE_DRAWS = 10_000
TEACHING_DRAWS = 20_000  # the exercises' (peerlib.apps.teaching): probabilities stable to about half a point
# Fewer draws than this put fewer than 25 beyond each end of a 95 % interval: its ends would be noise.
DRAWS_MINIMUM = 1_000
DRAWS_MAXIMUM = 10_000_000  # a guard against a typo that would fill the memory

MONTHS_PER_YEAR = 12.0
DAYS_PER_YEAR = 365.25  # an average year, leap years included
PART_PREFIX = "part_"  # a sourced part of a derived figure (a share, a pay point): any number, any unit
