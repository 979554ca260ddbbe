"""A report notebook defines nothing: what it computes or shows belongs in peerlib, where a test can reach it.

The teaching notebooks (notebooks/teaching/) are left out: they are teaching material, not report pages, and their
solutions use a ``lambda`` as ``max``'s key, as a student would.
"""

from __future__ import annotations

import ast

import pytest

from peerlib.config import PROJECT_ROOT
from peerlib.present.pages import PAGES

DEFINITIONS = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)
NOTEBOOKS = sorted({page.notebook for page in PAGES} | {"explore"})


@pytest.mark.parametrize("notebook", NOTEBOOKS)
def test_a_report_notebook_defines_no_function_class_or_lambda(notebook: str) -> None:
    path = PROJECT_ROOT / "notebooks" / f"{notebook}.py"  # the jupytext pair of the .ipynb (a test checks they agree)
    defined = [f"line {node.lineno}: {type(node).__name__}" for node in ast.walk(ast.parse(path.read_text("utf-8")))
               if isinstance(node, DEFINITIONS)]
    assert defined == [], f"{path.name} defines {defined}: move it into peerlib"


def test_the_scan_sees_a_definition() -> None:
    """The scan above finds each kind of definition (it would pass on anything if it found none)."""
    found = {type(node) for node in ast.walk(ast.parse(
        "def f(): pass\nasync def g(): pass\nclass C: pass\nkey = lambda x: x\n")) if isinstance(node, DEFINITIONS)}
    assert found == set(DEFINITIONS)
