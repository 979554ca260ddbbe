"""Warm starts (peerlib/apps/warm_starts.py) change how fast a report is built, never what it builds.

Each test runs the build's runner, scripts/run_notebook.py, as make runs it, warm (the default: the run forked by the
run server, its kernel by the kernel server), and where it compares, with PEERLIB_WARM_KERNELS=0 too, which starts
both as new Pythons. That a report built warm is byte for byte the report built cold is
tests/build/test_reports.py's test_a_kernel_started_the_usual_way_writes_the_same_page.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pytest

from peerlib.apps import warm_starts
from peerlib.config import PROJECT_ROOT
from tests.conftest import kernel_sockets

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="warm kernels are used on Linux only")

# What a kernel can see of how it was started: printed by a notebook of one cell.
PROBE = """\
import json, os, sys
import pandas as pd
parent = open(f"/proc/{os.getppid()}/cmdline").read().split("\\0")
print(json.dumps({"parent": parent[1:3], "path": sys.path, "argv0": sys.argv[0], "cwd": os.getcwd(),
                  "executable": sys.executable, "prefix": sys.prefix,
                  "hash_seed": os.environ.get("PYTHONHASHSEED"), "threads": os.environ.get("OMP_NUM_THREADS"),
                  "table_columns": pd.get_option("display.max_columns"), "main": sys.modules["__main__"].__name__,
                  "backend": os.environ.get("MPLBACKEND")}))
"""


def runner(*args: str) -> list[str]:
    return [sys.executable, "scripts/run_notebook.py", *args]


def environment(warm: bool) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("MAKE")}
    return env | {"PEERLIB_WARM_KERNELS": "1" if warm else "0", "PYTHONHASHSEED": "0", "OMP_NUM_THREADS": "1"}


def run(*args: str, warm: bool) -> None:
    result = subprocess.run(runner(*args), cwd=PROJECT_ROOT, env=environment(warm), capture_output=True,
                            text=True)
    assert result.returncode == 0, result.stderr
    assert result.stderr == "", "a run, warm or cold, prints nothing on stderr"


def probe_notebook(folder: Path, source: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    notebook = nbformat.v4.new_notebook(metadata={"kernelspec": {"name": "python3", "display_name": "Python 3",
                                                                 "language": "python"}})
    notebook.cells = [nbformat.v4.new_code_cell(source)]
    path = folder / "probe.ipynb"
    nbformat.write(notebook, path)
    return path


def is_server(command: object) -> bool:
    """Whether a process's script and first argument are a warm-start server's: this tree's file, or the same file in
    a copy of the project a test made (servers are shared by every asker with the same environment)."""
    return (isinstance(command, list) and len(command) == 2 and command[1] == "serve"
            and command[0].endswith("/peerlib/apps/warm_starts.py"))


def printed(notebook: Path) -> dict[str, object]:
    outputs = nbformat.read(notebook, as_version=4).cells[0].outputs
    return json.loads("".join(o.text for o in outputs if o.output_type == "stream"))


def test_a_warm_kernel_is_forked_by_the_server_and_started_as_a_cold_one_is(tmp_path: Path) -> None:
    seen = {}
    for warm in (True, False):
        notebook = probe_notebook(tmp_path / "notebooks", PROBE)
        out = tmp_path / ("warm" if warm else "cold") / "probe.ipynb"
        run(str(notebook), str(out), warm=warm)
        seen[warm] = printed(out)
    assert is_server(seen[True]["parent"])
    assert seen[False]["parent"] == ["scripts/run_notebook.py", str(tmp_path / "notebooks" / "probe.ipynb")]
    # Everything else a kernel can see of its start is the same: the module path (the project first, from
    # PYTHONPATH), the launcher, the folder, the Python and its environment as named, the variables, how wide
    # pandas prints a table (20 columns in a kernel, 0 in a terminal), the inline backend.
    for key in ("path", "argv0", "cwd", "executable", "prefix", "hash_seed", "threads", "table_columns", "main",
                "backend"):
        assert seen[True][key] == seen[False][key], key
    assert seen[True]["path"][0] == str(PROJECT_ROOT)
    assert seen[True]["cwd"] == str(tmp_path / "notebooks")
    assert seen[True]["table_columns"] == 20
    assert seen[True]["hash_seed"] == "0"


def start_sleeping_run(tmp_path: Path, name: str,
                       variables: dict[str, str] | None = None) -> tuple[subprocess.Popen[bytes], int]:
    """A run whose kernel writes its pid, then sleeps; the run and the kernel's pid."""
    pid_file = tmp_path / f"{name}.pid"
    notebook = probe_notebook(tmp_path / name,
                              f"import os, time\nopen({str(pid_file)!r}, 'w').write(str(os.getpid()))\ntime.sleep(300)")
    run_process = subprocess.Popen(runner(str(notebook), str(tmp_path / "out" / f"{name}.ipynb")), cwd=PROJECT_ROOT,
                                   env=environment(True) | (variables or {}), stdout=subprocess.DEVNULL,
                                   stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while not (pid_file.exists() and pid_file.read_text()):
        assert time.monotonic() < deadline and run_process.poll() is None, "the kernel never started"
        time.sleep(0.05)
    return run_process, int(pid_file.read_text())


def parent_of(pid: int) -> int:
    return int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1])


def gone_within(pid: int, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while Path(f"/proc/{pid}").exists():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


def test_a_warm_kernel_goes_when_its_run_is_killed_and_the_server_serves_on(tmp_path: Path) -> None:
    """A run killed by make (or by hand) takes its kernel with it, as a cold kernel goes with its parent; the
    server goes on serving the runs after it."""
    run_process, kernel = start_sleeping_run(tmp_path, "first")
    server = parent_of(kernel)
    assert is_server(Path(f"/proc/{server}/cmdline").read_text().split("\0")[1:3])
    run_process.send_signal(signal.SIGKILL)
    run_process.wait()
    assert gone_within(kernel, 10), f"kernel {kernel} outlived its run"
    later, next_kernel = start_sleeping_run(tmp_path, "second")
    try:
        assert parent_of(next_kernel) == server, "the server did not serve the next run"
    finally:
        later.kill()
        later.wait()


def test_a_warm_kernel_goes_when_its_server_goes(tmp_path: Path) -> None:
    # Servers of its own: killing the ones every other test's runs and kernels share would take theirs too.
    run_process, kernel = start_sleeping_run(tmp_path, "orphan", {"PEERLIB_WARM_SERVER": str(tmp_path)})
    try:
        os.kill(parent_of(kernel), signal.SIGKILL)
        assert gone_within(kernel, 10), f"kernel {kernel} outlived its server"
    finally:
        run_process.kill()
        run_process.wait()


def test_a_failed_run_exits_as_a_cold_one_does_with_the_same_message(tmp_path: Path) -> None:
    """The run's status and what it printed reach the one who started it (make) as from a run started cold."""
    notebook = probe_notebook(tmp_path / "broken", "1 / 0")
    seen = []
    for warm in (True, False):
        result = subprocess.run(runner(str(notebook), str(tmp_path / ("warm" if warm else "cold") / "out.ipynb")),
                                cwd=PROJECT_ROOT, env=environment(warm), capture_output=True, text=True)
        seen.append((result.returncode, result.stdout, result.stderr))
    assert seen[0] == seen[1]
    assert seen[0][0] == 1 and "failed in cell 1: ZeroDivisionError" in seen[0][2], seen[0]
    assert not [p for p in (tmp_path / "warm").rglob("*") if p.is_file()], "a failed run wrote a file"


def test_an_interrupted_run_stops_with_its_kernel_and_writes_nothing(tmp_path: Path) -> None:
    """Ctrl-C in make reaches the run forked for it (make's process, which it relays to, only waits for it): the
    run stops as a cold one does, killed by the interrupt, and takes its kernel with it."""
    # Servers of its own, started as make starts them: by a background job of a shell, which ignores Ctrl-C (and so
    # do the servers); a forked run must take Ctrl-C as its asker would.
    variables = {"PEERLIB_WARM_SERVER": str(tmp_path)}
    subprocess.run(["bash", "-c", f"{sys.executable} peerlib/apps/warm_starts.py start & wait"], cwd=PROJECT_ROOT,
                   env=environment(True) | variables, check=True)
    for kind in ("run", "kernel"):  # serving before the run asks, so the run does not start servers of its own
        address = warm_starts.server_address(environment(True) | variables, kind)
        deadline = time.monotonic() + 60
        while (probe := socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)).connect_ex(f"\0{address}") != 0:
            probe.close()
            assert time.monotonic() < deadline, f"the {kind} server never served"
            time.sleep(0.05)
        probe.close()
    run_process, kernel = start_sleeping_run(tmp_path, "interrupted", variables)
    ignored = next(int(line.split()[1], 16) for line in Path(f"/proc/{parent_of(kernel)}/status").read_text()
                   .splitlines() if line.startswith("SigIgn:"))
    assert ignored & (1 << (signal.SIGINT - 1)), "the kernel server takes Ctrl-C: not started as make starts it"
    run_process.send_signal(signal.SIGINT)
    try:
        assert run_process.wait(timeout=30) == -signal.SIGINT, "the run did not stop as interrupted"
    finally:
        run_process.kill()
    assert gone_within(kernel, 10), f"kernel {kernel} outlived its interrupted run"
    assert not [p for p in (tmp_path / "out").rglob("*") if p.is_file()], "an interrupted run wrote a file"


def test_a_warm_kernel_asked_for_a_relative_folder_starts_in_the_asker_s(tmp_path: Path,
                                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """A folder given relative is the asker's (as Popen takes it), not the kernel server's."""
    from nbclient import NotebookClient

    (tmp_path / "sub").mkdir()
    monkeypatch.chdir(tmp_path)
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("import os\nprint(os.getcwd())")])
    with kernel_sockets() as config:
        NotebookClient(notebook, kernel_name="python3", timeout=60, config=config,
                       resources={"metadata": {"path": "sub"}}).execute()
    assert notebook.cells[0].outputs[0].text.strip() == str(tmp_path / "sub")


def test_a_data_check_is_forked_only_from_a_server_already_serving(tmp_path: Path) -> None:
    """record_reads.py (the data check, the index) never starts or waits for a server: it runs cold where none is
    serving, and warm, the same, where one is."""
    script = tmp_path / "probe.py"
    script.write_text("import os, sys\nopen(sys.argv[1], 'w').close()\n"
                      "print(open(f'/proc/{os.getppid()}/cmdline').read().split('\\0')[1:3])\n")
    env = environment(True) | {"PEERLIB_WARM_SERVER": str(tmp_path)}  # servers of its own: none yet

    def parent() -> str:
        result = subprocess.run([sys.executable, "scripts/record_reads.py", str(tmp_path / "probe.d"),
                                 str(tmp_path / "out"), "--", str(script), str(tmp_path / "out")], cwd=PROJECT_ROOT,
                                env=env,
                                capture_output=True, text=True)
        assert result.returncode == 0 and result.stderr == "", result.stderr
        return result.stdout.strip()

    assert "warm_starts.py" not in parent()
    subprocess.run([sys.executable, "peerlib/apps/warm_starts.py", "start"], cwd=PROJECT_ROOT, env=env, check=True)
    deadline = time.monotonic() + 60
    while "warm_starts.py" not in (seen := parent()):
        assert time.monotonic() < deadline, f"never forked by the run server: {seen}"
        time.sleep(0.2)
    assert seen == str([str(PROJECT_ROOT / "peerlib" / "apps" / "warm_starts.py"), "serve"])
