"""Execute one notebook with papermill into reports/, then export it to HTML.

Writes to a temporary folder first and moves the outputs into place only when every cell ran,
so a failed run leaves the previous good report untouched and exits non-zero, naming the
notebook and the cell that failed. Volatile metadata (timestamps, durations) is removed so two
runs give the same files.

    python scripts/run_notebook.py notebooks/study.ipynb reports/study-sledge2011.ipynb \
        --results reports/results/study-sledge2011.csv -p study_id sledge2011
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
from pathlib import Path

import nbformat
import papermill as pm
from nbconvert import HTMLExporter

TEMPLATES = Path(__file__).resolve().parent / "templates"  # the "offline" HTML template
VOLATILE = ("start_time", "end_time", "duration", "input_path", "output_path")


def parse_value(text: str) -> object:
    """papermill-style: numbers become numbers, None becomes None, everything else stays text."""
    if text == "None":
        return None
    for convert in (int, float):
        try:
            return convert(text)
        except ValueError:
            pass
    return text


def strip_volatile(nb: nbformat.NotebookNode, replacements: dict[str, str]) -> None:
    """Remove what changes from run to run: timestamps, random cell ids, temporary paths."""
    for key in VOLATILE:
        nb.metadata.get("papermill", {}).pop(key, None)
    parameters = nb.metadata.get("papermill", {}).get("parameters", {})
    for index, cell in enumerate(nb.cells):
        cell.id = f"cell-{index}"
        for key in VOLATILE:
            cell.metadata.get("papermill", {}).pop(key, None)
        cell.metadata.pop("execution", None)
        for old, new in replacements.items():
            cell.source = cell.source.replace(old, new)
    for name, value in parameters.items():
        parameters[name] = replacements.get(value, value) if isinstance(value, str) else value


def failed_cell(nb: nbformat.NotebookNode) -> str:
    for index, cell in enumerate(nb.cells):
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error":
                first_line = cell.source.strip().splitlines()[0] if cell.source.strip() else ""
                return f"cell {index} ({first_line!r}): {output.get('ename')}: {output.get('evalue')}"
    return "a cell"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebook", type=Path)
    parser.add_argument("output", type=Path, help="executed notebook (.ipynb); the HTML goes beside it")
    parser.add_argument("--results", type=Path, help="results fragment the notebook writes (parameter results_csv)")
    parser.add_argument("-p", nargs=2, action="append", default=[], metavar=("NAME", "VALUE"), dest="params")
    args = parser.parse_args(argv)

    parameters = {name: parse_value(value) for name, value in args.params}
    try:
        return run(args, parameters)
    except OSError as exc:  # a read-only or missing reports folder, a full disk
        print(f"error: cannot write the report {args.output}: {exc.strerror or exc} ({exc.filename or ''})",
              file=sys.stderr)
        return 1


def run(args: argparse.Namespace, parameters: dict[str, object]) -> int:
    args.output.parent.mkdir(parents=True, exist_ok=True)
    # One temporary folder per report, named after it: parallel runs never share one, and a
    # folder left by a killed run is cleared here.
    tmp_dir = args.output.parent / f".run-{args.output.stem}"
    shutil.rmtree(tmp_dir, ignore_errors=True)
    tmp_dir.mkdir()
    try:
        tmp_nb = tmp_dir / args.output.name
        tmp_results = tmp_dir / "results.csv"
        if args.results:
            parameters["results_csv"] = str(tmp_results.resolve())
        try:
            pm.execute_notebook(str(args.notebook), str(tmp_nb), parameters=parameters, kernel_name="python3",
                                progress_bar=sys.stderr.isatty(), cwd=str(args.notebook.parent))
        except pm.PapermillExecutionError as exc:
            print(f"error: {args.notebook} failed in cell {exc.exec_count}: {exc.ename}: {exc.evalue}",
                  file=sys.stderr)
            return 1
        except Exception as exc:  # kernel died, bad parameters, unreadable notebook
            detail = failed_cell(nbformat.read(tmp_nb, as_version=4)) if tmp_nb.exists() else str(exc)
            print(f"error: {args.notebook} failed: {detail or exc}", file=sys.stderr)
            return 1
        nb = nbformat.read(tmp_nb, as_version=4)
        # Record where the results went, relative to the report, not the temporary file.
        replacements = {}
        if args.results:
            replacements[str(tmp_results.resolve())] = os.path.relpath(args.results, args.output.parent)
        strip_volatile(nb, replacements)
        nbformat.write(nb, tmp_nb)
        exporter = HTMLExporter(template_name="offline", extra_template_basedirs=[str(TEMPLATES)])
        html, _ = exporter.from_notebook_node(nb)
        tmp_html = tmp_dir / args.output.with_suffix(".html").name
        tmp_html.write_text(html, encoding="utf-8")
        if args.results and not tmp_results.exists():
            print(f"error: {args.notebook} ran but wrote no results (parameter results_csv)", file=sys.stderr)
            return 1
        # Results first, report last: a report on disk always has its results beside it.
        if args.results:
            args.results.parent.mkdir(parents=True, exist_ok=True)
            os.replace(tmp_results, args.results)
        os.replace(tmp_html, args.output.with_suffix(".html"))
        shutil.move(tmp_nb, args.output)
    finally:
        shutil.rmtree(tmp_dir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
