"""Benchmark: probabilistic analysis, vectorised against a per-draw loop, and the build itself.

Prints figures; asserts nothing. Run with `make bench`.

* PSA of 10^6 draws x every study in data/ (and the pooled ratios): wall time and peak memory.
* The same model evaluated one draw at a time in a Python loop, on the same inputs, for fewer
  draws, scaled up to 10^6: the ratio of the two times.
* A full clean `make` into a temporary folder, and a no-op `make` straight after.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

import numpy as np

from peerlib import sensitivity, studies
from peerlib.model import Model, evaluate
from peerlib.paths import PROJECT_ROOT

N_DRAWS = 1_000_000
N_LOOP = 10_000
SEED = 2013


def best_of(repeats: int, work) -> float:  # noqa: ANN001 - any callable
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    every = [s.study_id for s in studies.load_studies(included_only=False)]
    model = Model.from_data(study_ids=every)  # every study in data/, pooled or not
    specs = sensitivity.load_specs(model)

    sensitivity.probabilistic(model, specs, n_draws=1_000, seed=SEED)  # warm up imports and caches
    vector_s = best_of(3, lambda: sensitivity.probabilistic(model, specs, n_draws=N_DRAWS, seed=SEED))
    tracemalloc.start()
    sensitivity.probabilistic(model, specs, n_draws=N_DRAWS, seed=SEED)
    _, peak_bytes = tracemalloc.get_traced_memory()
    tracemalloc.stop()

    draws = sensitivity.draw_parameters(specs, N_LOOP, SEED)

    def loop() -> None:
        for i in range(N_LOOP):
            one = {k: (float(v[i]) if isinstance(v, np.ndarray) else v) for k, v in draws.items()}
            evaluate(one, model.studies)

    loop_s = best_of(1, loop) * N_DRAWS / N_LOOP

    print(f"PSA, {N_DRAWS:,} draws x {len(model.studies)} studies + 3 pooled ratios (vectorised): {vector_s:.3f} s, "
          f"peak traced memory {peak_bytes / 2**20:.0f} MiB")
    print(f"Per-draw Python loop, {N_LOOP:,} draws scaled to {N_DRAWS:,}: {loop_s:.1f} s")
    print(f"Vectorised speed-up: {loop_s / vector_s:,.0f}x")
    print(f"Process peak resident memory so far: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB")

    env = {k: v for k, v in os.environ.items() if not k.startswith("MAKE")}
    with tempfile.TemporaryDirectory() as tmp:
        for label in ("clean make", "no-op make"):
            start = time.perf_counter()
            subprocess.run(["make", "--no-print-directory", "-s", f"REPORTS={Path(tmp) / 'reports'}"],
                           cwd=PROJECT_ROOT, env=env, check=True, capture_output=True)
            print(f"{label}: {time.perf_counter() - start:.1f} s")


if __name__ == "__main__":
    sys.exit(main())
