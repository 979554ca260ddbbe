"""Warm kernels: each a fresh process, forked from one that has already imported what reports use.

A report's kernel normally starts cold: a new Python imports IPython, ipykernel, pandas, numpy,
matplotlib and peerlib before the first cell computes anything, about two seconds of CPU for every
report. Here one server process (multiprocessing's fork server) imports them once, and every kernel
is forked from it. Each kernel is still a process of its own that has run no notebook code: its
namespace is empty, no data is loaded and no figure drawn. What it inherits is only modules that
were imported and not used, and the environment, working folder and ``sys.path`` of a kernel started
the usual way (``python -m ipykernel_launcher``) are set before the kernel starts.

``WarmKernelManager`` is a jupyter_client kernel manager: hand it to papermill or nbclient as
``kernel_manager_class``. A kernel spec that is not this interpreter's ipykernel starts the usual way.
"""

from __future__ import annotations

import importlib.util
import json
import multiprocessing
import os
import subprocess
import sys
import threading
from functools import cache
from importlib.machinery import ModuleSpec
from multiprocessing import forkserver
from multiprocessing.context import ForkServerContext
from pathlib import Path
from typing import Any

from jupyter_client.manager import AsyncKernelManager

# Imported once, in the fork server, before any kernel is forked: the libraries, not peerlib. A module
# that acts on the kernel when imported (peerlib.apps.teaching installs its one-line feedback then) must be
# imported in the kernel, and peerlib takes a tenth of a second. matplotlib's backend is named here (as
# ipykernel names it for a cold kernel) but loaded in each kernel, where IPython hooks it up. The
# debugger and IPython's extensions are what a kernel imports as it starts, before it runs any cell.
PRELOAD = ["numpy", "matplotlib", "matplotlib.pyplot", "IPython", "ipykernel.kernelapp", "ipykernel.ipkernel",
           "ipykernel.debugger", "IPython.core.completerlib", "IPython.extensions.storemagic"]
INLINE_BACKEND = "module://matplotlib_inline.backend_inline"
LAUNCHER = ["-m", "ipykernel_launcher"]
SERVER = "WARM_KERNEL_SERVER"  # set in the fork server's environment only, while it imports
_MAIN_LOCK = threading.Lock()


def _preload() -> None:
    """In the fork server: import the libraries kernels use, as a kernel would have imported them.

    pandas decides when it is imported whether it runs in a Jupyter kernel (it looks for
    ``get_ipython().kernel``) and sets its display options to suit; every process forked from here
    is a kernel, so pandas is imported as in one.
    """
    import builtins
    from types import SimpleNamespace

    builtins.get_ipython = lambda: SimpleNamespace(kernel=True)  # type: ignore[attr-defined]
    try:
        importlib.import_module("pandas")
    finally:
        del builtins.get_ipython  # type: ignore[attr-defined]
    for name in PRELOAD:
        importlib.import_module(name)
    del os.environ[SERVER]  # the kernels forked from here are not servers


if os.environ.get(SERVER) == "1":
    _preload()


@cache
def _server() -> ForkServerContext:
    """The fork server, started now, with matplotlib's backend named in its environment only."""
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload([__name__])
    # The server imports this module by name (Python 3.11's fork server does not take the parent's
    # sys.path), so the folder that makes the name importable goes first on its PYTHONPATH.
    root = Path(__file__).resolve().parents[__name__.count(".")]
    # debugpy warns on import that Python's frozen modules may hide breakpoints: a cold kernel prints
    # that into its own output stream, which no report shows; from the server it would reach the terminal.
    server_only = {"MPLBACKEND": INLINE_BACKEND, SERVER: "1", "PYDEVD_DISABLE_FILE_VALIDATION": "1",
                   "PYTHONPATH": os.pathsep.join(filter(None, [str(root), os.environ.get("PYTHONPATH")]))}
    before = {name: os.environ.get(name) for name in server_only}
    os.environ.update(server_only)
    try:
        forkserver.ensure_running()
    finally:
        for name, value in before.items():
            if value is None:
                del os.environ[name]
            else:
                os.environ[name] = value
    return context


@cache
def _fresh_sys_path(pythonpath: str | None) -> tuple[str, ...]:
    """sys.path of a kernel started the usual way, once the launcher has dropped its working folder."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    if pythonpath:
        env["PYTHONPATH"] = pythonpath
    found = subprocess.run([sys.executable, "-c", "import json, sys; print(json.dumps(sys.path[1:]))"], env=env,
                           check=True, capture_output=True, text=True)
    return tuple(json.loads(found.stdout))


def _start_kernel(argv: list[str], env: dict[str, str], cwd: str, path: tuple[str, ...]) -> None:
    """In the forked process: become the kernel a cold start would have made, then run it."""
    os.setsid()  # a session and process group of its own, as jupyter_client gives a cold kernel
    os.environ.clear()
    os.environ.update(env)
    os.chdir(cwd)
    sys.path[:] = path
    sys.argv = [importlib.util.find_spec(LAUNCHER[1]).origin or LAUNCHER[1], *argv]  # type: ignore[union-attr]
    import numpy

    numpy.random.seed()  # fresh entropy, as a cold kernel's numpy has (Python's random reseeds itself)
    from ipykernel import kernelapp

    # A cold kernel reads its parent from the environment when ipykernel is imported; this one was
    # imported in the server, before that variable was set.
    kernelapp.launch_new_instance([*argv, f"--IPKernelApp.parent_handle={env['JPY_PARENT_PID']}"])


class _ForkedProcess:
    """The forked kernel, with the part of subprocess.Popen's interface jupyter_client uses."""

    stdin = stdout = stderr = None

    def __init__(self, process: multiprocessing.process.BaseProcess) -> None:
        self._process = process
        self.pid = process.pid

    def poll(self) -> int | None:
        return None if self._process.is_alive() else self._process.exitcode

    def wait(self, timeout: float | None = None) -> int | None:
        self._process.join(timeout)
        return self._process.exitcode

    def send_signal(self, signum: int) -> None:
        os.kill(self._process.pid, signum)  # type: ignore[arg-type]

    def terminate(self) -> None:
        self._process.terminate()

    def kill(self) -> None:
        self._process.kill()


class WarmKernelManager(AsyncKernelManager):
    """Starts this interpreter's ipykernel by forking the warm server; anything else the usual way."""

    async def _async_launch_kernel(self, kernel_cmd: list[str], **kw: Any) -> None:
        if kernel_cmd[1:3] != LAUNCHER or os.path.realpath(kernel_cmd[0]) != os.path.realpath(sys.executable):
            await super()._async_launch_kernel(kernel_cmd, **kw)
            return
        env = dict(kw.get("env") or os.environ)
        env["JPY_PARENT_PID"] = str(os.getpid())  # as jupyter_client's launcher sets it for a cold kernel
        process = _server().Process(target=_start_kernel, name="kernel", args=(
            kernel_cmd[3:], env, str(kw.get("cwd") or os.getcwd()), _fresh_sys_path(env.get("PYTHONPATH"))))
        with _MAIN_LOCK:
            # multiprocessing runs the parent's main script again in every child it starts, before the
            # target; the kernel needs nothing from it, so the main module is named "__main__" (which
            # multiprocessing leaves alone) while the kernel starts.
            main = sys.modules["__main__"]
            spec = getattr(main, "__spec__", None)
            main.__spec__ = ModuleSpec("__main__", None)
            try:
                process.start()
            finally:
                main.__spec__ = spec
        provisioner: Any = self.provisioner
        provisioner.process = _ForkedProcess(process)
        provisioner.pid = provisioner.pgid = process.pid
        provisioner.cwd = kw.get("cwd") or os.getcwd()
        self._reconcile_connection_info(provisioner.connection_info)

