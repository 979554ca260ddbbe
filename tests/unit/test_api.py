"""Notebooks import one small public API, ``peerlib.api``, not modules of four layers; ``import peerlib`` is cheap."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import jupytext
import nbformat
import pytest

import peerlib.api
from peerlib.config import PROJECT_ROOT

NOTEBOOKS = PROJECT_ROOT / "notebooks"
# Every report notebook and teaching solution (the .py form), and every student notebook (generated, .ipynb only).
PATHS = sorted([*NOTEBOOKS.glob("*.py"), *(NOTEBOOKS / "teaching" / "solutions").glob("*.py"),
                *(NOTEBOOKS / "teaching").glob("*.ipynb")])


def peerlib_imports(nb: nbformat.NotebookNode) -> list[tuple[int, str, list[str]]]:
    """(code cell number, module, names) of every import of peerlib in the notebook."""
    found = []
    code = [c for c in nb.cells if c.cell_type == "code"]
    for index, cell in enumerate(code):
        for node in ast.walk(ast.parse(cell.source)):
            if isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == "peerlib":
                found.append((index, str(node.module), [a.name for a in node.names]))
            elif isinstance(node, ast.Import):
                found += [(index, a.name, []) for a in node.names if a.name.split(".")[0] == "peerlib"]
    return found


def problems(nb: nbformat.NotebookNode) -> list[str]:
    """What breaks the rule: one code cell imports from peerlib.api, and nothing else of peerlib is imported."""
    imports = peerlib_imports(nb)
    wrong = [f"cell {i}: imports {module}" for i, module, _ in imports if module != "peerlib.api"]
    cells = {i for i, _, _ in imports}
    if len(cells) != 1:
        wrong.append(f"peerlib is imported in {len(cells)} cells, expected one")
    unknown = sorted({n for _, module, names in imports if module == "peerlib.api" for n in names}
                     - set(peerlib.api.__all__))
    wrong += [f"{n} is not in peerlib.api" for n in unknown]
    return wrong


@pytest.mark.parametrize("path", PATHS, ids=lambda p: str(p.relative_to(NOTEBOOKS)))
def test_a_notebook_imports_from_peerlib_api_only(path: Path) -> None:
    assert problems(jupytext.read(path)) == []


def test_the_check_refuses_a_module_of_a_layer_and_a_second_import_cell() -> None:
    nb = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_code_cell("from peerlib.api import Model, plot"),
        nbformat.v4.new_code_cell("from peerlib.core import weighting\nimport peerlib.present.labels"),
        nbformat.v4.new_code_cell("from peerlib.api import not_a_name"),
    ])
    assert problems(nb) == ["cell 1: imports peerlib.core", "cell 1: imports peerlib.present.labels",
                            "peerlib is imported in 3 cells, expected one", "not_a_name is not in peerlib.api"]


def test_the_api_lists_exactly_the_names_it_binds() -> None:
    bound = {n for n in vars(peerlib.api) if not n.startswith("_")} - {"annotations"}  # from __future__
    assert sorted(peerlib.api.__all__) == sorted(set(peerlib.api.__all__))  # no name twice
    assert set(peerlib.api.__all__) == bound


def test_import_peerlib_stays_cheap() -> None:
    """scripts/list_reports.py imports peerlib.config with the system python, before .venv exists."""
    code = "import sys, peerlib.config; print(sorted({'numpy', 'pandas', 'matplotlib'} & set(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", code], cwd=PROJECT_ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
