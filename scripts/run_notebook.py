"""Execute one notebook with papermill, then export it to an HTML page for readers.

Writes to a temporary folder first and moves the outputs into place only when every cell ran,
so a failed run leaves the previous report untouched and exits non-zero, naming the notebook and
the cell that failed. Volatile metadata (timestamps, durations) is removed so two runs give the
same files. On success it prints one line: the time the run took and the page it wrote.

    python scripts/run_notebook.py notebooks/study.ipynb reports/study-sledge2011.ipynb \\
        --results reports/results/study-sledge2011.csv -p study_id sledge2011

A build runs many notebooks: ``--jobs-from`` takes job files, each one line of the arguments above,
and runs them several at a time (``--parallel``, every core by default), the first given first.
Each runs in a warm kernel (scripts/warm_kernel.py): a fresh process forked from one that has
already imported pandas, matplotlib and IPython, which saves each report about two seconds of
imports. A job whose page is newer than its job file is up to date and is not run again. After a
failure no further job starts; those running finish, and the run exits non-zero.

    python scripts/run_notebook.py --publishes-to reports --jobs-from .reports-staging/.jobs/*

The page (scripts/report_page.py has the details) is laid out by cell tags:

* ``parameters`` (papermill's tag; exactly one code cell, first): shown as a table of name,
  value and unit, the unit being the comment after each parameter; the values this run was given
  (papermill's ``injected-parameters`` cell, itself not shown) replace the defaults.
* ``summary``: a cell shown first after the title, in a box. Tag the markdown cell (or the code
  cell whose output) that says what the report finds, in a few lines.
* every other code cell: its code folded under "Show the code", its outputs shown.

The kernel runs quietly: over IPC sockets in a private folder rather than TCP ports (nothing to
warn about, no port to race for when reports run in parallel), and it is shut down by request,
not interrupted first.
"""

from __future__ import annotations

import sys

# nbformat validates notebooks with jsonschema, which imports rfc3987_syntax whenever it is
# installed (jupyter-events needs it for JupyterLab); that import compiles a grammar and costs about
# 2 s of every run. Notebook validation checks no IRI, so the runner goes without it.
sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[arg-type]

import argparse  # noqa: E402
import importlib  # noqa: E402
import os  # noqa: E402
import shlex  # noqa: E402
import shutil  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from concurrent.futures import ThreadPoolExecutor  # noqa: E402
from functools import cache  # noqa: E402
from pathlib import Path  # noqa: E402
from types import ModuleType  # noqa: E402

import nbformat  # noqa: E402
import papermill as pm  # noqa: E402
from jupyter_client.manager import AsyncKernelManager  # noqa: E402

PUBLISHES_TO = "the folder this staged build is published to, for the message when a run fails"
VOLATILE = ("start_time", "end_time", "duration", "input_path", "output_path")
# The longest cell of any report takes seconds. The limit turns a cell that never finishes into an
# error, and bounds the wait when the kernel client misses the wake-up for a reply, which it then reads
# as the limit expires (seen with widgets on the page: jupyter/nbclient issue 312).
CELL_TIMEOUT_S = 600
os.environ.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")  # no debugger notice from the kernel


class BatchKernelManager(AsyncKernelManager):
    """The kernel of one batch run: private IPC sockets, and a shutdown without an interrupt.

    jupyter_client interrupts (SIGINT) a kernel before asking it to shut down. A batch kernel is
    idle by then, and an interrupt that lands while it handles a late message is logged as
    "ERROR | KeyboardInterrupt caught in kernel" in a run that succeeded. Asking is enough; a
    kernel that does not stop when asked is still killed after ``shutdown_wait_time``.
    """

    socket_dir = ""  # set for each run: a short private folder (a socket path must stay under ~100 bytes)

    def __init__(self, **kwargs: object) -> None:
        super().__init__(transport="ipc", ip=os.path.join(self.socket_dir, "kernel"), **kwargs)

    async def _async_interrupt_kernel(self) -> None:
        if self.shutting_down:
            return
        await super()._async_interrupt_kernel()


def sibling(name: str) -> ModuleType:
    """Another module of scripts/, whether this one runs as a script or is imported as scripts.run_notebook."""
    return importlib.import_module(f"{__package__}.{name}" if __package__ else name)


@cache
def warm_batch_manager() -> type[BatchKernelManager]:
    """The kernels of a run of jobs: batch kernels started warm (scripts/warm_kernel.py)."""

    class WarmBatchKernelManager(sibling("warm_kernel").WarmKernelManager, BatchKernelManager):  # type: ignore[misc]
        pass

    return WarmBatchKernelManager


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


def job_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("notebook", type=Path)
    parser.add_argument("output", type=Path, help="executed notebook (.ipynb); the HTML goes beside it")
    parser.add_argument("--results", type=Path, help="results fragment the notebook writes (parameter results_csv)")
    parser.add_argument("--index-link", default="index.html", help="the index page, relative to the page")
    parser.add_argument("--label", help="how the page is named in the line printed on success (default: its path)")
    parser.add_argument("-p", nargs=2, action="append", default=[], metavar=("NAME", "VALUE"), dest="params")
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    batch = argparse.ArgumentParser(add_help=False)
    batch.add_argument("--publishes-to", type=Path, metavar="REPORTS", help=PUBLISHES_TO)
    batch.add_argument("--jobs-from", type=Path, nargs="+", metavar="JOB",
                       help="job files, each one line of this script's arguments, run several at a time")
    batch.add_argument("--parallel", type=int, default=os.cpu_count() or 1, help="jobs run at a time")
    options, rest = batch.parse_known_args(argv)
    if options.jobs_from:
        if rest:
            batch.error(f"--jobs-from takes job files only, not {' '.join(rest)}")
        status = run_jobs(options.jobs_from, options.parallel)
    else:
        parser = job_parser()
        parser.add_argument("--publishes-to", type=Path, metavar="REPORTS", help=PUBLISHES_TO)
        status = run_one(parser.parse_args(argv), BatchKernelManager)
    if status != 0 and options.publishes_to:
        print(f"nothing was published: {options.publishes_to}/ keeps the last good build", file=sys.stderr)
    return status


def run_jobs(job_files: list[Path], parallel: int) -> int:
    """Every job not yet up to date, several at a time, each in a warm kernel; 1 if any failed."""
    jobs = []
    for job_file in job_files:
        args = job_parser().parse_args(shlex.split(job_file.read_text(encoding="utf-8")))
        page = args.output.with_suffix(".html")
        if not (page.exists() and page.stat().st_mtime > job_file.stat().st_mtime):
            jobs.append(args)
    failed = False

    def one(args: argparse.Namespace) -> None:
        nonlocal failed
        if not failed and run_one(args, warm_batch_manager()) != 0:
            failed = True  # no job starts after a failure; those running finish

    with ThreadPoolExecutor(max_workers=max(1, parallel)) as pool:
        list(pool.map(one, jobs))
    return 1 if failed else 0


def run_one(args: argparse.Namespace, manager: type[BatchKernelManager]) -> int:
    """One job: run it, print its line on success, or say why it failed; 0 on success."""
    parameters = {name: parse_value(value) for name, value in args.params}
    start = time.perf_counter()
    try:
        status = run(args, parameters, manager)
    except OSError as exc:  # a read-only or missing reports folder, a full disk
        print(f"error: cannot write the report {args.output}: {exc.strerror or exc} ({exc.filename or ''})",
              file=sys.stderr)
        status = 1
    if status == 0:
        given = ", ".join(f"{name}={value}" for name, value in args.params)
        print(f"{time.perf_counter() - start:5.1f} s  {args.label or args.output.with_suffix('.html')}"
              f"  ({args.notebook}{', ' + given if given else ''})", flush=True)
    return status


def run(args: argparse.Namespace, parameters: dict[str, object], manager: type[BatchKernelManager]) -> int:
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
        with tempfile.TemporaryDirectory(prefix="peer-kernel-") as sockets:
            kernel_manager = type(manager.__name__, (manager,), {"socket_dir": sockets})
            try:
                # papermill saves nothing (output None): the runner writes the notebook once, when every
                # cell ran. Saving after each cell, papermill's habit, would validate and write a notebook
                # of several megabytes of figures twice a cell. The kernel starts in the notebook's folder
                # (nbclient's resources), not by papermill's cwd, which changes this whole process's
                # folder and so cannot serve several notebooks at once.
                nb = pm.execute_notebook(str(args.notebook), None, parameters=parameters, kernel_name="python3",
                                         progress_bar=False,
                                         resources={"metadata": {"path": str(args.notebook.parent.resolve())}},
                                         request_save_on_cell_execute=False, execution_timeout=CELL_TIMEOUT_S,
                                         kernel_manager_class=kernel_manager)
            except pm.PapermillExecutionError as exc:
                print(f"error: {args.notebook} failed in cell {exc.exec_count}: {exc.ename}: {exc.evalue}",
                      file=sys.stderr)
                return 1
            except Exception as exc:  # kernel died, bad parameters, unreadable notebook
                print(f"error: {args.notebook} failed: {exc}", file=sys.stderr)
                return 1
        # Record where the results went, relative to the report, not the temporary file.
        replacements = {}
        if args.results:
            replacements[str(tmp_results.resolve())] = os.path.relpath(args.results, args.output.parent)
        strip_volatile(nb, replacements)
        nbformat.write(nb, tmp_nb)
        export_html = sibling("report_page").export_html  # only a run that succeeded needs nbconvert

        tmp_html = tmp_dir / args.output.with_suffix(".html").name
        tmp_html.write_text(export_html(nb, index_link=args.index_link), encoding="utf-8")
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
