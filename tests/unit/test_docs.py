"""The README a newcomer reads, and docs/ beside it: short, linked within the repository, current."""

from __future__ import annotations

import re
import subprocess
import sys

import papermill as pm

from peerlib.apps import teaching
from peerlib.config import BUSINESS_CASE_DRAWS, PROJECT_ROOT, REPORT_DRAWS, TEACHING_DRAWS

README = PROJECT_ROOT / "README.md"


def links(path):  # type: ignore[no-untyped-def]
    return re.findall(r"\]\(([^)#]+)", path.read_text(encoding="utf-8"))


def test_the_readme_is_short_and_opens_with_the_two_commands() -> None:
    text = README.read_text(encoding="utf-8")
    assert len(text.splitlines()) <= 120
    first_block = text.split("```bash\n", 1)[1].split("```", 1)[0]
    assert [line.split()[:2] for line in first_block.splitlines()] == [["make", "#"], ["make", "test"]]


def test_every_link_of_the_readme_and_docs_stays_in_the_repository() -> None:
    pages = [README, *sorted((PROJECT_ROOT / "docs").glob("*.md"))]
    assert len(pages) >= 5
    for page in pages:
        for target in links(page):
            assert "://" not in target and "shared" not in target, f"{page.name}: {target}"
            assert (page.parent / target).resolve().is_relative_to(PROJECT_ROOT), f"{page.name}: {target}"
            assert (page.parent / target).exists(), f"{page.name} links to a missing file: {target}"


def test_the_parameters_page_is_what_the_notebooks_and_data_say() -> None:
    result = subprocess.run([sys.executable, "scripts/make_docs.py", "--check"], cwd=PROJECT_ROOT,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    text = (PROJECT_ROOT / "docs" / "parameters.md").read_text(encoding="utf-8")
    # Every notebook's parameters and the one shared staffing assumption are there.
    assert "`notebooks/study.ipynb`" in text and "`study_id`" in text and "| `caseload` |" in text


# The config constant each notebook's n_draws default must equal (a literal: papermill reads it from the cell).
NOTEBOOK_DRAWS = {"sensitivity": REPORT_DRAWS, "six_studies": REPORT_DRAWS, "business_case": BUSINESS_CASE_DRAWS}


def test_every_count_of_draws_is_config_s() -> None:
    """Each notebook's n_draws default is its constant in peerlib/config.py, and the README says the reports'."""
    drawing = {path.stem: pm.inspect_notebook(str(path))["n_draws"]["default"]
               for path in sorted((PROJECT_ROOT / "notebooks").glob("*.ipynb"))
               if "n_draws" in pm.inspect_notebook(str(path))}
    assert sorted(drawing) == sorted(NOTEBOOK_DRAWS)
    for notebook, default in drawing.items():
        assert int(default.replace("_", "")) == NOTEBOOK_DRAWS[notebook], notebook
    # By hand: the reports draw 100,000 times, a business case 10,000, the exercises 20,000.
    assert (REPORT_DRAWS, BUSINESS_CASE_DRAWS, TEACHING_DRAWS) == (100_000, 10_000, 20_000)
    assert f"drawn {REPORT_DRAWS:,} times" in README.read_text(encoding="utf-8")
    assert len(teaching.psa_for_teaching().ratios["sledge2011"]) == 20_000
