"""The committed notebooks: paired with their text form, parameterised, and free of stray outputs.

What they compute is checked by nbval (`make test` runs it: every notebook top to bottom, the outputs of
cells tagged nbval-check-output compared with the stored ones), not here."""

from __future__ import annotations

import re
from pathlib import Path

import jupytext
import nbformat
import pytest

from peerlib.config import PROJECT_ROOT
from peerlib.core.model import Model
from peerlib.inputs.published import load_published
from peerlib.present.pages import PAGES

NOTEBOOKS = sorted((PROJECT_ROOT / "notebooks").glob("*.ipynb"))
CHECKED = "nbval-check-output"


def code_cells(nb: nbformat.NotebookNode) -> list[nbformat.NotebookNode]:
    return [c for c in nb.cells if c.cell_type == "code"]


def test_the_three_notebooks_exist() -> None:
    assert {p.stem for p in NOTEBOOKS} >= {"study", "six_studies", "leeds_crisis_house"}


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_paired_text_form_matches(path: Path) -> None:
    text_form = path.with_suffix(".py")
    assert text_form.exists(), f"{path.name} has no paired {text_form.name} (jupytext)"
    notebook = nbformat.read(path, as_version=4)
    paired = jupytext.read(text_form)
    assert [(c.cell_type, c.source) for c in notebook.cells] == [(c.cell_type, c.source) for c in paired.cells], (
        f"{path.name} and {text_form.name} differ: run scripts/refresh_golden.py {path}")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_one_parameters_cell_first(path: Path) -> None:
    cells = code_cells(nbformat.read(path, as_version=4))
    tagged = [i for i, c in enumerate(cells) if "parameters" in c.metadata.get("tags", [])]
    assert tagged == [0], f"{path.name}: the first code cell, and only it, must be tagged 'parameters'"
    for line in cells[0].source.splitlines():
        assert "#" in line, f"{path.name}: parameter without a comment giving its unit: {line!r}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_only_checked_cells_keep_outputs(path: Path) -> None:
    nb = nbformat.read(path, as_version=4)
    assert nb.metadata["kernelspec"]["name"] == "python3"
    for cell in code_cells(nb):
        if CHECKED in cell.metadata.get("tags", []):
            assert cell.outputs, f"{path.name}: checked cell has no stored output to compare"
        else:
            assert not cell.outputs and cell.execution_count is None, (
                f"{path.name}: outputs stored in an unchecked cell; run scripts/refresh_golden.py {path}")


def test_study_notebook_parameters() -> None:
    source = code_cells(nbformat.read(PROJECT_ROOT / "notebooks" / "study.ipynb", as_version=4))[0].source
    for name in ("study_id", "price_year", "bed_day_cost_gbp", "peer_worker_salary_gbp", "caseload", "results_csv"):
        assert f"{name} =" in source, name


@pytest.mark.parametrize("name", ["study", "six_studies", "sensitivity", "explore", "todays_costs", "business_case"])
def test_caseload_is_a_parameter_under_that_name(name: str) -> None:
    source = code_cells(nbformat.read(PROJECT_ROOT / "notebooks" / f"{name}.ipynb", as_version=4))[0].source
    assert re.search(r"^caseload = None  # patients one FTE peer worker supports at a time", source, re.M), name
    assert "peer_fte" not in source


def test_the_caseload_slider_reaches_the_published_ratio() -> None:
    """The explorer's one caseload slider goes past the caseload at which the pooled ratio is the report's."""
    from peerlib.apps.explore import SLIDERS  # the explorer's controls, as the notebook shows them

    maximum = SLIDERS["caseload"].high
    model = Model.from_data()
    published = load_published()["pooled_ratio_sample_size_weighted"].value
    assert maximum >= model.solve("caseload", "pooled_sample_size", target=published)


REPORTS = [page.notebook for page in PAGES]


@pytest.mark.parametrize("name", REPORTS)
def test_one_summary_cell_right_after_the_setup_cell(name: str) -> None:
    """The template shows the summary first: exactly one cell tagged `summary`, the code cell after the setup."""
    cells = code_cells(nbformat.read(PROJECT_ROOT / "notebooks" / f"{name}.ipynb", as_version=4))
    tagged = [i for i, c in enumerate(cells) if "summary" in c.metadata.get("tags", [])]
    assert tagged == [2], f"{name}: parameters, setup, then the one summary cell"
    assert "display(Markdown(" in cells[2].source, f"{name}: the summary is prose, shown with Markdown"


@pytest.mark.parametrize("name", [*REPORTS, "explore"])
def test_markdown_types_no_figure(name: str) -> None:
    """A figure, a price year or a count of the studies in prose comes from data/ or a result, not the markdown."""
    nb = nbformat.read(PROJECT_ROOT / "notebooks" / f"{name}.ipynb", as_version=4)
    markdown = [c.source for c in nb.cells if c.cell_type == "markdown"]
    title = markdown[0].splitlines()[0]
    assert title.startswith("# ") and not re.search(r"[0-9£$%]", title), f"{name}: a figure in the title: {title}"
    for text in markdown:
        assert not re.search(r"£\s?\d", text), f"{name}: a sum typed in markdown: {text[:80]!r}"
        assert not re.search(r"\b(19|20)\d\d-\d\d\b", text), f"{name}: a price year typed in markdown: {text[:80]!r}"
        assert not re.search(r"\bsix\b", text, re.I), f"{name}: a count of the studies typed in markdown"
