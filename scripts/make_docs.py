"""Write docs/parameters.md: every parameter a user can set, from the notebooks' parameter cells and
the model's inputs, with the labels and units of peerlib's vocabulary.

    python scripts/make_docs.py            # writes docs/parameters.md
    python scripts/make_docs.py --check    # exits 1 if docs/parameters.md is not what it would write

A test runs the check, so the page cannot drift from the notebooks and data/.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import papermill as pm

from peerlib.analysis.specs import load_specs
from peerlib.config import PROJECT_ROOT
from peerlib.core.model import Model
from peerlib.formatting import figure_text
from peerlib.present.labels import parameter_label

PAGE = PROJECT_ROOT / "docs" / "parameters.md"
NOTEBOOKS = PROJECT_ROOT / "notebooks"


def cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def notebook_section(path: Path) -> list[str]:
    parameters = pm.inspect_notebook(str(path))
    lines = [f"### `notebooks/{path.relative_to(NOTEBOOKS)}`", "", "| parameter | default | what it is, and its unit |",
             "|---|---|---|"]
    lines += [f"| `{p['name']}` | `{cell(p['default'])}` | {cell(p['help'])} |" for p in parameters.values()]
    return lines + [""]


def model_section() -> list[str]:
    model = Model.from_data(extra_study_ids=["core2018"])
    specs = load_specs(model)
    labels = model.labels()
    lines = ["| input | what it is (unit) | base value | low | high | distribution |", "|---|---|---|---|---|---|"]
    for name, spec in specs.items():
        lines.append(f"| `{name}` | {cell(parameter_label(name, labels, stored=True))} | {figure_text(spec.base)} | "
                     f"{figure_text(spec.low)} | {figure_text(spec.high)} | {spec.distribution} |")
    return lines + [""]


def page() -> str:
    report_notebooks = sorted(NOTEBOOKS.glob("*.ipynb"))
    lines = [
        "# Every parameter",
        "",
        "Written by `scripts/make_docs.py` from the notebooks' parameter cells and from `data/`; do not edit by hand.",
        "",
        "## Notebook parameters",
        "",
        "Set in a notebook's first code cell, with papermill (`-p name value`), or for a whole build with",
        "`make PRICE_YEAR=...`. The command line takes the same settings as options:",
        "`.venv/bin/python -m peerlib <command> --help`.",
        "",
    ]
    for path in report_notebooks:
        lines += notebook_section(path)
    lines += [
        "## The model's inputs",
        "",
        "Every input of the model, with its value in `data/` (2011-12 prices) and the range the sensitivity",
        "analysis gives it (`data/uncertainty.csv`; `fixed` means it is held at its value). Change a value in",
        "`data/`, or a range in `data/uncertainty.csv`, and run `make`.",
        "",
    ]
    lines += model_section()
    return "\n".join(lines).rstrip("\n") + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if docs/parameters.md is out of date")
    args = parser.parse_args(argv)
    text = page()
    if args.check:
        if not PAGE.is_file() or PAGE.read_text(encoding="utf-8") != text:
            print(f"{PAGE.relative_to(PROJECT_ROOT)} is out of date: run `make docs`", file=sys.stderr)
            return 1
        return 0
    PAGE.write_text(text, encoding="utf-8")
    print(f"wrote {PAGE.relative_to(PROJECT_ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
