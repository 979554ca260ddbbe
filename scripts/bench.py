"""Benchmark: how long the build and the tests take, against the floor; then the probabilistic analysis.

Prints figures; asserts nothing. Run with `make bench` (options: --repeat N, --skip-test, --skip-env, --skip-psa).

* The floor: executing and exporting an EMPTY notebook with the same runner (scripts/run_notebook.py),
  in a kernel started the usual way (cold: a new Python, PEERLIB_WARM_KERNELS=0), times the number of
  reports, divided by the cores. A build's runs and kernels start warm (peerlib/apps/warm_starts.py).
* A clean build: plain make into a temporary reports folder (with its own staging folder), a
  no-op make straight after, and the researcher's loop: touch data/crisis_house.csv, make.
* Creating the environment from requirements.txt in a throwaway venv under /tmp, with pip and with
  uv (each once; uv's second run is faster still, from its cache).
* A bad value: make in a copy of the project whose bed-day cost in data/unit_costs.csv is -5, until
  it stops with the data check's message.
* make test after make, as the README runs them (reports/ up to date, so the tests read them rather than
  build them): the whole, and its nbval part.
* PSA of 10^6 draws x every study in data/ (and the pooled ratios), vectorised, against the same
  model evaluated one draw at a time in a Python loop.

Other work on the machine slows every figure: each timing is the best of --repeat runs (make test
runs once unless --repeat-test is given).
"""

from __future__ import annotations

import argparse
import csv
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

import nbformat
import numpy as np

PROJECT_ROOT = Path(__file__).resolve().parent.parent
N_DRAWS = 1_000_000
N_LOOP = 10_000
SEED = 2013
TOUCHED = "data/crisis_house.csv"  # the input the researcher's loop edits


def best_of(repeats: int, work: Callable[[], object]) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return min(times)


def clean_env() -> dict[str, str]:
    """The environment of a person at a terminal: no make variables from a make that runs this."""
    return {k: v for k, v in os.environ.items() if not k.startswith("MAKE")}


def run(command: list[str], **variables: str) -> None:
    subprocess.run(command, cwd=PROJECT_ROOT, env=clean_env() | variables, check=True, capture_output=True)


def report_count() -> int:
    """How many reports make builds: one line per report in a dry run's plan."""
    with tempfile.TemporaryDirectory() as tmp:
        plan = subprocess.run(["make", "--no-print-directory", "-n", f"REPORTS={tmp}/reports"], cwd=PROJECT_ROOT,
                              env=clean_env(), check=True, capture_output=True, text=True).stdout
    return sum(1 for line in plan.splitlines() if "scripts/run_notebook.py" in line)


def floor_seconds(repeats: int) -> float:
    """One empty notebook, executed and exported by the runner a build uses."""
    with tempfile.TemporaryDirectory() as tmp:
        notebook = Path(tmp) / "empty.ipynb"
        nb = nbformat.v4.new_notebook(metadata={"kernelspec": {"name": "python3", "display_name": "Python 3",
                                                               "language": "python"}})
        nbformat.write(nb, notebook)
        output = str(Path(tmp) / "out" / "empty.ipynb")
        return best_of(repeats, lambda: run([sys.executable, "scripts/run_notebook.py", str(notebook), output],
                                            PEERLIB_WARM_KERNELS="0"))


def build_seconds(repeats: int) -> tuple[float, float, float]:
    """A clean build, a no-op make, and the researcher's loop: touch one input, make."""
    clean, noop, touched = [], [], []
    for _ in range(repeats):
        with tempfile.TemporaryDirectory() as tmp:
            command = ["make", "--no-print-directory", f"REPORTS={Path(tmp) / 'reports'}"]
            clean.append(best_of(1, lambda command=command: run(command)))  # type: ignore[misc]
            noop.append(best_of(1, lambda command=command: run(command)))  # type: ignore[misc]
            os.utime(PROJECT_ROOT / TOUCHED)
            touched.append(best_of(1, lambda command=command: run(command)))  # type: ignore[misc]
    return min(clean), min(noop), min(touched)


def bad_value_seconds(repeats: int) -> float:
    """make in a copy of the project with one bad value in data/, until it stops (the environment shared)."""
    with tempfile.TemporaryDirectory() as tmp:
        tree = Path(tmp) / "project"
        for name in ("peerlib", "data", "notebooks", "scripts", "jupyter"):
            shutil.copytree(PROJECT_ROOT / name, tree / name)
        for name in ("Makefile", "pyproject.toml", "requirements.txt"):
            shutil.copy2(PROJECT_ROOT / name, tree / name)
        (tree / ".venv").symlink_to(PROJECT_ROOT / ".venv")
        costs = tree / "data" / "unit_costs.csv"
        rows = list(csv.DictReader(costs.open(newline="", encoding="utf-8")))
        next(row for row in rows if row["item"] == "bed_day_cost_gbp")["value"] = "-5"
        with costs.open("w", newline="", encoding="utf-8") as out:
            writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
            writer.writeheader()
            writer.writerows(rows)

        def stops() -> None:
            result = subprocess.run(["make", "--no-print-directory"], cwd=tree, env=clean_env(), capture_output=True,
                                    text=True)
            if result.returncode == 0 or "unit_costs.csv" not in result.stderr:
                raise RuntimeError(f"make did not stop on the bad value:\n{result.stderr[-2000:]}")

        return best_of(repeats, stops)


def env_seconds() -> tuple[float, float]:
    """Creating the environment from requirements.txt in a throwaway venv: with pip, and with uv."""
    requirements = str(PROJECT_ROOT / "requirements.txt")
    uv = shutil.which("uv", path=str(Path(sys.executable).parent)) or "uv"
    with tempfile.TemporaryDirectory() as tmp:
        pip_venv, uv_venv = Path(tmp) / "pip", Path(tmp) / "uv"

        def with_pip() -> None:
            run(["python3", "-m", "venv", str(pip_venv)])
            run([str(pip_venv / "bin" / "python"), "-m", "pip", "install", "--quiet", "-r", requirements])

        def with_uv() -> None:
            run([uv, "venv", "--quiet", "--python", "python3", str(uv_venv)])
            run([uv, "pip", "install", "--quiet", "--compile-bytecode", "--python", str(uv_venv / "bin" / "python"),
                 "-r", requirements])

        return best_of(1, with_pip), best_of(1, with_uv)


def test_seconds(repeats: int) -> tuple[float, float]:
    """make test after make, as the README runs them: the whole, and its nbval part (from the moment make
    echoes the nbval command, once the test suite has passed). The best of ``repeats`` runs."""
    run(["make", "--no-print-directory"])  # reports/ up to date: the tests read them rather than build them
    timings = []
    for _ in range(repeats):
        start, nbval_start = time.perf_counter(), None
        with subprocess.Popen(["make", "--no-print-directory", "test"], cwd=PROJECT_ROOT, env=clean_env(),
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True) as tests:
            assert tests.stdout is not None
            printed = []
            for line in tests.stdout:
                printed.append(line)
                if nbval_start is None and "-p nbval" in line:
                    nbval_start = time.perf_counter()
        end = time.perf_counter()
        if tests.returncode != 0 or nbval_start is None:
            raise RuntimeError("make test failed:\n" + "".join(printed[-40:]))
        timings.append((end - start, end - nbval_start))
    return min(timings)


def psa() -> None:
    from peerlib.analysis.psa import probabilistic
    from peerlib.analysis.specs import draw_parameters, load_specs
    from peerlib.core.model import Model, evaluate
    from peerlib.inputs import studies

    every = [s.study_id for s in studies.load_studies(included_only=False)]
    model = Model.from_data(study_ids=every)  # every study in data/, pooled or not
    specs = load_specs(model)

    probabilistic(model, specs, n_draws=1_000, seed=SEED)  # warm up imports and caches
    vector_s = best_of(3, lambda: probabilistic(model, specs, n_draws=N_DRAWS, seed=SEED))
    tracemalloc.start()
    probabilistic(model, specs, n_draws=N_DRAWS, seed=SEED)
    _, peak_bytes = tracemalloc.get_traced_memory()
    tracemalloc.stop()

    draws = draw_parameters(specs, N_LOOP, SEED)

    def loop() -> None:
        for i in range(N_LOOP):
            one = {k: (float(v[i]) if isinstance(v, np.ndarray) else v) for k, v in draws.items()}
            evaluate(one, model.studies)

    loop_s = best_of(1, loop) * N_DRAWS / N_LOOP
    print(f"PSA, {N_DRAWS:,} draws x {len(model.studies)} studies + 3 pooled ratios (vectorised): {vector_s:.3f} s, "
          f"peak traced memory {peak_bytes / 2**20:.0f} MiB")
    print(f"Per-draw Python loop, {N_LOOP:,} draws scaled to {N_DRAWS:,}: {loop_s:.1f} s")
    print(f"Vectorised speed-up: {loop_s / vector_s:,.0f}x")
    print(f"Process peak resident memory: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="runs of the floor and the build; the best counts")
    parser.add_argument("--repeat-test", type=int, default=1, help="runs of make test; the best counts")
    parser.add_argument("--skip-test", action="store_true", help="do not time make test")
    parser.add_argument("--skip-env", action="store_true", help="do not time creating the environment")
    parser.add_argument("--skip-psa", action="store_true", help="do not time the probabilistic analysis")
    args = parser.parse_args(argv)

    cores = os.cpu_count() or 1
    reports = report_count()
    empty = floor_seconds(args.repeat)
    floor = empty * reports / cores
    clean, noop, touched = build_seconds(args.repeat)
    rows = [(f"floor: empty notebook {empty:.2f} s x {reports} reports / {cores} cores", floor),
            ("clean build (make)", clean), ("no-op make", noop), (f"touch {TOUCHED}, make", touched),
            ("a bad value in data/unit_costs.csv, make until it stops", bad_value_seconds(args.repeat))]
    if not args.skip_test:
        whole, nbval = test_seconds(args.repeat_test)
        rows += [("make test, after make", whole), ("  of which nbval on the notebooks", nbval)]
    if not args.skip_env:
        with_pip, with_uv = env_seconds()
        rows += [("create the environment with pip", with_pip), ("create the environment with uv", with_uv)]
    width = max(len(label) for label, _ in rows)
    print(f"{'':{width}}  {'seconds':>8}  {'x floor':>8}   (best of {args.repeat}; load average now "
          f"{os.getloadavg()[0]:.1f})")
    for label, seconds in rows:
        print(f"{label:{width}}  {seconds:8.1f}  {seconds / floor:8.2f}")
    if not args.skip_psa:
        print()
        psa()
    return 0


if __name__ == "__main__":
    sys.exit(main())
