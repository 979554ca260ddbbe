"""Refresh the outputs kept in the committed notebooks, and strip every other output.

Cells tagged ``nbval-check-output`` keep their output (a rounded headline that nbval checks on
every test run); all other outputs and execution counts are removed. The paired ``.py`` file is
the text form for diffs; run this after editing either.

    python scripts/refresh_golden.py notebooks/*.ipynb
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

import jupytext
import nbformat
import papermill as pm

CHECKED = "nbval-check-output"
ROOT = Path(__file__).resolve().parent.parent
# The project's kernelspec (jupyter/kernels/python3, quiet but for critical errors) and this tree's peerlib, as
# for a report's run (scripts/run_notebook.py).
os.environ["JUPYTER_PATH"] = os.pathsep.join(filter(None, [str(ROOT / "jupyter"), os.environ.get("JUPYTER_PATH")]))
os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))


def strip(nb: nbformat.NotebookNode, keep: dict[int, nbformat.NotebookNode]) -> None:
    """Clear outputs and counts, except on the checked cells (nbval needs their count to compare)."""
    for index, cell in enumerate(nb.cells):
        cell.id = f"cell-{index}"  # stable ids keep diffs to real changes
        if cell.cell_type != "code":
            continue
        kept = keep.get(index)
        cell.execution_count = kept.execution_count if kept else None
        cell.outputs = kept.outputs if kept else []
        cell.metadata.pop("execution", None)


def refresh(path: Path) -> None:
    source = jupytext.read(path.with_suffix(".py"))  # the text form is the one people edit
    source.metadata["kernelspec"] = {"display_name": "Python 3", "language": "python", "name": "python3"}
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / path.name
        out = Path(tmp) / ("run-" + path.name)
        nbformat.write(source, src)
        executed = pm.execute_notebook(str(src), str(out), kernel_name="python3", progress_bar=False,
                                       cwd=str(path.parent))
    keep = {i: cell for i, cell in enumerate(executed.cells) if CHECKED in cell.metadata.get("tags", [])}
    strip(source, keep)
    nbformat.write(source, path)
    print(f"{path}: kept the output of {len(keep)} checked cell(s)")


if __name__ == "__main__":
    for name in sys.argv[1:]:
        refresh(Path(name))
