"""Execute one notebook with papermill, then export it to an HTML page for readers.

Writes to a temporary folder first and moves the outputs into place only when every cell ran,
so a failed run leaves the previous report untouched and exits non-zero, naming the notebook, the
parameters it was given (a study report's study_id) and the cell that failed. Volatile metadata
(timestamps, durations) is removed so two runs give the same files. On success it prints one line:
the time the run took and the page it wrote.

    python scripts/run_notebook.py notebooks/study.ipynb reports/study-sledge2011.ipynb \\
        --results reports/results/study-sledge2011.csv -p study_id sledge2011

A build runs one of these per report, as many at a time as make's -j. With ``--depfile`` the run
also records what it read (scripts/record_reads.py): make includes that record, so the report is
rebuilt when, and only when, a data/ file or project module it read changes.

The page (scripts/report_page.py has the details) is laid out by cell tags:

* ``parameters`` (papermill's tag; exactly one code cell, first): shown as a table of name,
  value and unit, the unit being the comment after each parameter; the values this run was given
  (papermill's ``injected-parameters`` cell, itself not shown) replace the defaults.
* ``summary``: a cell shown first after the title, in a box. Tag the markdown cell (or the code
  cell whose output) that says what the report finds, in a few lines.
* every other code cell: its code folded under "Show the code", its outputs shown.

The kernel is the project's kernelspec (jupyter/kernels/python3, found through JUPYTER_PATH, which
this script and the Makefile set): the standard ipykernel, logging only critical errors, so its
transport notice and the interrupt jupyter_client sends every kernel as it shuts it down do not
reach the console. The runner reaches the kernel through socket files, not TCP ports, and stops it
without a shutdown message (kernel_settings says why). The kernel is forked warm, with the libraries every
report imports already imported, and so is the run itself (peerlib/apps/warm_starts.py;
``PEERLIB_WARM_KERNELS=0`` starts both cold).
"""

from __future__ import annotations

import importlib
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # this tree's peerlib, in this process too
if __name__ == "__main__":
    # Before anything else: this run forked warm by the run server (peerlib/apps/warm_starts.py), which exits here with
    # its status; in that forked run, or where no server answers, the script goes on below as usual.
    from peerlib.apps import warm_starts

    warm_starts.run_warm(sys.argv[0], sys.argv[1:])
# The project's kernelspec first (documented: JUPYTER_PATH is searched before every other folder).
os.environ["JUPYTER_PATH"] = os.pathsep.join(filter(None, [str(ROOT / "jupyter"), os.environ.get("JUPYTER_PATH")]))
# The kernel imports this tree's peerlib (so reads this tree's data/), whichever tree the environment
# was installed from.
os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))
# The page's export before nbformat: it keeps nbformat's validation light to import (peerlib/apps/__init__.py says how).
report_page = importlib.import_module("scripts.report_page")

import argparse  # noqa: E402
import json  # noqa: E402
import shutil  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from types import ModuleType  # noqa: E402

import nbformat  # noqa: E402
import papermill as pm  # noqa: E402
from traitlets.config import Config  # noqa: E402

from peerlib.apps import warm_kernels  # noqa: E402

PUBLISHES_TO = "the folder this staged build is published to, for the message when a run fails"
VOLATILE = ("start_time", "end_time", "duration", "input_path", "output_path")
# The longest cell of any report takes seconds: the limit turns a cell that never finishes into an error.
CELL_TIMEOUT_S = 600
RECORDING = "record-reads"  # the tag of the two cells that record what the run read; never in a report


def sibling(name: str) -> ModuleType:
    """Another module of scripts/, whether this one runs as a script or is imported as scripts.run_notebook."""
    return importlib.import_module(f"{__package__}.{name}" if __package__ else name)


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


def coalesce_streams(outputs: list[nbformat.NotebookNode]) -> list[nbformat.NotebookNode]:
    """Outputs with each run of consecutive stdout (or stderr) text joined into one output."""
    joined: list[nbformat.NotebookNode] = []
    for output in outputs:
        previous = joined[-1] if joined else None
        if (output.output_type == "stream" and previous is not None and previous.output_type == "stream"
                and previous.name == output.name):
            previous.text += output.text
        else:
            joined.append(output)
    return joined


def strip_volatile(nb: nbformat.NotebookNode, replacements: dict[str, str]) -> None:
    """Remove what changes from run to run: timestamps, random cell ids, temporary paths, and where
    the kernel happened to split a cell's printed text (it flushes on a timer, so a loaded machine
    splits one print run into several outputs): consecutive outputs of one stream become one."""
    for key in VOLATILE:
        nb.metadata.get("papermill", {}).pop(key, None)
    parameters = nb.metadata.get("papermill", {}).get("parameters", {})
    for index, cell in enumerate(nb.cells):
        cell.id = f"cell-{index}"
        for key in VOLATILE:
            cell.metadata.get("papermill", {}).pop(key, None)
        cell.metadata.pop("execution", None)
        if cell.cell_type == "code":
            cell.outputs = coalesce_streams(cell.outputs)
        for old, new in replacements.items():
            cell.source = cell.source.replace(old, new)
    for name, value in parameters.items():
        parameters[name] = replacements.get(value, value) if isinstance(value, str) else value


def kernel_settings(folder: Path) -> Config:
    """How the runner starts and stops a kernel (documented settings of jupyter_client and nbclient).

    * Through files in its own folder, not TCP ports: over TCP the client picks free ports and the kernel binds
      them a moment later, so two kernels started together (make -j) can pick the same port: one dies
      ("Address already in use") or receives the other's messages. A socket file in a folder of this run's own
      cannot be shared. The folder is short (the system's temporary folder): a socket path is limited to about
      100 characters.
    * Stopped at once when every cell has run (nbclient's ``shutdown_kernel = "immediate"``), not asked to shut
      down: ipykernel 7.4 answers a shutdown request by closing its output thread and then flushing into it, a
      race that now and then prints "Uncaught exception in ZMQStream callback" (ZMQError: Socket operation on
      non-socket) on the console. The notebooks register no exit hooks, so nothing is lost.
    """
    return Config({"KernelManager": {"transport": "ipc", "ip": str(folder / "kernel")},
                   "NotebookClient": {"shutdown_kernel": "immediate"}})


def with_recording(nb: nbformat.NotebookNode, record: Path) -> nbformat.NotebookNode:
    """The notebook with a first cell that starts recording what the kernel reads and a last that saves it."""
    recorder = ROOT / "scripts" / "record_reads.py"
    start = (f"import runpy as _runpy\n_reads = _runpy.run_path({str(recorder)!r})['Reads']({str(ROOT)!r})\n"
             "del _runpy")
    first, last = (nbformat.v4.new_code_cell(source, metadata={"tags": [RECORDING]})
                   for source in (start, f"_reads.save({str(record)!r})\ndel _reads"))
    nb.cells = [first, *nb.cells, last]
    return nb


def without_recording(nb: nbformat.NotebookNode) -> None:
    """The notebook as it would have run alone: the recording cells gone, execution counts as without them."""
    kept = [c for c in nb.cells if RECORDING not in c.metadata.get("tags", [])]
    if len(kept) == len(nb.cells):
        return
    nb.cells = kept
    for cell in nb.cells:
        if cell.cell_type == "code" and cell.execution_count:
            cell.execution_count -= 1
            for output in cell.outputs:
                if output.get("execution_count"):
                    output.execution_count -= 1


def parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("notebook", type=Path)
    parser.add_argument("output", type=Path, help="executed notebook (.ipynb); the HTML goes beside it")
    parser.add_argument("--results", type=Path, help="results fragment the notebook writes (parameter results_csv)")
    parser.add_argument("--index-link", default="index.html", help="the index page, relative to the page")
    parser.add_argument("--label", help="how the page is named in the line printed on success (default: its path)")
    parser.add_argument("--depfile", type=Path, help="write make's record of the files the run read here")
    parser.add_argument("--publishes-to", type=Path, metavar="REPORTS", help=PUBLISHES_TO)
    parser.add_argument("-p", nargs=2, action="append", default=[], metavar=("NAME", "VALUE"), dest="params")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(sys.argv[1:] if argv is None else argv)
    status = run_one(args)
    if status != 0 and args.publishes_to:
        print(f"nothing was published: {args.publishes_to}/ keeps the last good build", file=sys.stderr)
    return status


def run_one(args: argparse.Namespace) -> int:
    """One report: run it, print its line on success, or say why it failed; 0 on success."""
    parameters = {name: parse_value(value) for name, value in args.params}
    given = ", ".join(f"{name}={value}" for name, value in args.params)
    start = time.perf_counter()
    try:
        status = run(args, parameters, f"{args.notebook}{f' ({given})' if given else ''}")
    except OSError as exc:  # a read-only or missing reports folder, a full disk
        print(f"error: cannot write the report {args.output}: {exc.strerror or exc} ({exc.filename or ''})",
              file=sys.stderr)
        status = 1
    if status == 0:
        print(f"{time.perf_counter() - start:5.1f} s  {args.label or args.output.with_suffix('.html')}"
              f"  ({args.notebook}{', ' + given if given else ''})", flush=True)
    return status


def run(args: argparse.Namespace, parameters: dict[str, object], named: str) -> int:
    args.output.parent.mkdir(parents=True, exist_ok=True)
    # One temporary folder per report, named after it: parallel runs never share one, and a
    # folder left by a killed run is cleared here.
    tmp_dir = args.output.parent / f".run-{args.output.stem}"
    shutil.rmtree(tmp_dir, ignore_errors=True)
    tmp_dir.mkdir()
    try:
        tmp_nb = tmp_dir / args.output.name
        tmp_results = tmp_dir / "results.csv"
        tmp_record = (tmp_dir / "read.json").resolve()
        if args.results:
            parameters["results_csv"] = str(tmp_results.resolve())
        notebook = nbformat.read(args.notebook, as_version=4)
        if args.depfile:
            with_recording(notebook, tmp_record)
        warm_kernels.use()
        try:
            # papermill saves nothing (output None): the runner writes the notebook once, when every
            # cell ran, rather than a notebook of several megabytes of figures after each cell.
            with tempfile.TemporaryDirectory(prefix="kernel-") as sockets:
                nb = pm.execute_notebook(notebook, None, parameters=parameters, kernel_name="python3",
                                         progress_bar=False, cwd=str(args.notebook.parent),
                                         request_save_on_cell_execute=False, execution_timeout=CELL_TIMEOUT_S,
                                         config=kernel_settings(Path(sockets)))
        except pm.PapermillExecutionError as exc:
            cell = exc.exec_count - 1 if args.depfile else exc.exec_count  # counted without the recording cell
            print(f"error: {named} failed in cell {cell}: {exc.ename}: {exc.evalue}", file=sys.stderr)
            return 1
        except Exception as exc:  # kernel died, bad parameters, unreadable notebook
            print(f"error: {named} failed: {exc}", file=sys.stderr)
            return 1
        without_recording(nb)
        # Record where the results went, relative to the report, not the temporary file.
        replacements = {}
        if args.results:
            replacements[str(tmp_results.resolve())] = os.path.relpath(args.results, args.output.parent)
        strip_volatile(nb, replacements)
        nbformat.write(nb, tmp_nb)
        tmp_html = tmp_dir / args.output.with_suffix(".html").name
        tmp_html.write_text(report_page.export_html(nb, index_link=args.index_link), encoding="utf-8")
        if args.results and not tmp_results.exists():
            print(f"error: {named} ran but wrote no results (parameter results_csv)", file=sys.stderr)
            return 1
        # Results first, report last: a report on disk always has its results beside it. The record of
        # what it read goes last of all, so a report is never recorded as built from files it was not.
        if args.results:
            args.results.parent.mkdir(parents=True, exist_ok=True)
            os.replace(tmp_results, args.results)
        shutil.move(tmp_nb, args.output)
        os.replace(tmp_html, args.output.with_suffix(".html"))
        if args.depfile:
            record = json.loads(tmp_record.read_text(encoding="utf-8"))
            outputs = [args.output.with_suffix(".html"), args.output, *([args.results] if args.results else [])]
            sibling("record_reads").write_depfile(args.depfile, [str(path) for path in outputs], record)
    finally:
        shutil.rmtree(tmp_dir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
