"""Warm kernels for the build: each report's kernel forked from a process that has already imported the
libraries every report needs, instead of a new Python importing them again.

A cold kernel spends most of its start importing IPython, ipykernel, numpy, pandas and matplotlib: about
1.5 s of CPU per report, 19 times a build. Here, the first run of a build starts a *kernel server* for its
environment; the server imports those libraries once, and each run asks it for a kernel. The server forks;
the child takes the run's standard streams, working folder, environment and command line, and starts
ipykernel exactly as ``python -m ipykernel_launcher`` would.

It plugs in where jupyter_client lets a kernel's launch be changed: a kernel provisioner (a subclass of
``LocalProvisioner``, which jupyter_client provides "to be subclassed for customizing local kernel
environments"), registered under the entry point group ``jupyter_client.kernel_provisioners`` in
pyproject.toml and chosen by the runner (``scripts/run_notebook.py``) alone: JupyterLab, nbval and
papermill by hand start kernels the usual way.

What a warm kernel shares with the server, and why its outputs are the same as a cold kernel's:

* Only third-party libraries are imported before the fork, never the project's own modules, so every
  kernel imports this tree's ``peerlib`` as it is now, and records what it read as a cold kernel does.
  Nothing that looks for a running IPython when imported (pandas, matplotlib's pyplot and inline backend,
  ipywidgets) is imported before the fork, so each finds its kernel's IPython as usual.
* A server serves one environment: the Python, its installed packages (their folder's time of change),
  the variables Python and the libraries read when they start (``PYTHON*``, ``OMP_*``, ``MPL*``...), and
  this file. Anything else asks for another server. A server with nothing to do for ``IDLE_S`` seconds
  exits.
* The server and the kernels run as the user who started them; the server accepts requests only from
  that user (the socket's peer credentials).

A kernel's lifetime is the run's: the run holds a connection to the server for as long as its kernel
lives, the server sends the kernel's exit status on it, and kills the kernel if the run goes away first.
Signals (interrupt, kill) go to the kernel's process group as ``LocalProvisioner`` sends them.

Where the server cannot be reached (not Linux, a start that fails), the kernel starts cold, as it would
without this file: warm kernels change how fast a build is, never what it builds.
``PEERLIB_WARM_KERNELS=0`` starts every kernel cold (``make bench`` measures the floor that way).
"""

from __future__ import annotations

import builtins
import contextlib
import ctypes
import hashlib
import importlib
import json
import os
import selectors
import signal
import site
import socket
import struct
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from jupyter_client.provisioning.local_provisioner import LocalProvisioner

NAME = "peerlib-warm-kernel"  # the entry point's name (pyproject.toml)
SWITCH = "PEERLIB_WARM_KERNELS"  # "0" starts every kernel cold
IDLE_S = 20.0  # a server with no kernel and no request for this long exits
START_TIMEOUT_S = 30.0  # how long a run waits for a new server before it starts its kernel cold
# Imported before the fork. Not matplotlib_inline or ipywidgets: each registers with the running IPython when
# imported, and must find its kernel's. (pyplot chooses its backend at the first figure, in the kernel.)
PRELOAD = ("numpy", "pandas", "matplotlib.pyplot", "matplotlib.backends.backend_agg", "IPython", "ipykernel.kernelapp",
           "ipykernel.ipkernel")
# Variables read when Python or a preloaded library starts: a server serves one setting of each. (Not PYTHONPATH:
# each kernel's module path is set from its own, as Python would have set it.)
STARTUP_VARIABLES = ("PYTHON", "OMP_", "OPENBLAS", "MKL_", "MPL", "LANG", "LC_", "HOME", "TZ", "XDG_")
MAX_REQUEST_BYTES = 1 << 20
PR_SET_PDEATHSIG = 1  # prctl(2): the signal a process gets when its parent exits


def wanted() -> bool:
    """Whether runs ask for warm kernels: on Linux (abstract sockets, process file descriptors), unless switched off."""
    return os.environ.get(SWITCH, "1") != "0" and sys.platform == "linux" and hasattr(os, "pidfd_open")


def server_address(env: dict[str, str]) -> str:
    """The name of the server for this environment: an abstract socket, with no file to clean up (it goes with
    the server)."""
    identity = {
        "python": sys.executable,
        "version": sys.version,
        # Installing or removing a package changes its folder's time of change.
        "packages": [os.stat(folder).st_mtime_ns for folder in site.getsitepackages() if os.path.isdir(folder)],
        "server": hashlib.sha256(Path(__file__).read_bytes()).hexdigest(),
        "env": sorted((k, v) for k, v in env.items() if k.startswith(STARTUP_VARIABLES) and k != "PYTHONPATH"),
        "user": os.getuid(),
    }
    digest = hashlib.sha256(json.dumps(identity, sort_keys=True).encode()).hexdigest()[:32]
    return f"{NAME}-{digest}"


# ---- the run's side ---------------------------------------------------------------------------------------


class WarmKernelProcess:
    """The part of ``subprocess.Popen`` that ``LocalProvisioner`` uses, for a kernel the server forked:
    its exit status arrives on the run's connection to the server."""

    stdin = stdout = stderr = None

    def __init__(self, connection: socket.socket, pid: int) -> None:
        self.connection = connection
        self.pid = pid
        self.returncode: int | None = None

    def _read_status(self, block: bool) -> int | None:
        if self.returncode is None:
            self.connection.setblocking(block)
            try:
                message = self.connection.recv(64)
            except BlockingIOError:
                return None
            except OSError:
                message = b""
            # Nothing to read: the server is gone, and with it the kernel (its parent poller stops it).
            self.returncode = int(message.split()[1]) if message.startswith(b"exit ") else -signal.SIGKILL
            self.connection.close()
        return self.returncode

    def poll(self) -> int | None:
        return self._read_status(block=False)

    def wait(self, timeout: float | None = None) -> int:
        status = self._read_status(block=True)
        assert status is not None
        return status

    def send_signal(self, signum: int) -> None:
        if self.poll() is None:
            os.kill(self.pid, signum)

    def kill(self) -> None:
        self.send_signal(signal.SIGKILL)

    def terminate(self) -> None:
        self.send_signal(signal.SIGTERM)


def spawn_server(address: str, env: dict[str, str]) -> subprocess.Popen[bytes]:
    """The server NAME, started in its own session with no inherited streams: it outlives the run that started it,
    and holds none of make's pipes open."""
    return subprocess.Popen([sys.executable, __file__, "serve", address], env=env, cwd="/", stdin=subprocess.DEVNULL,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
                            close_fds=True)


def connect(address: str, env: dict[str, str]) -> socket.socket | None:
    """A connection to the server for ``env``, starting one if there is none; None if none answers in time."""
    deadline = time.monotonic() + START_TIMEOUT_S
    server: subprocess.Popen[bytes] | None = None
    starts = 0
    while True:
        connection = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            connection.connect(f"\0{address}")
            connection.settimeout(START_TIMEOUT_S)
            return connection
        except ConnectionRefusedError:
            connection.close()
        if server is None or server.poll() is not None:
            # None yet, or the one started lost the race to another run's, which has exited since: start one
            # (a few times at most: one that cannot start means this kernel starts cold).
            if starts == 3:
                return None
            server = spawn_server(address, env)
            starts += 1
        if time.monotonic() > deadline:
            return None
        time.sleep(0.02)


def request_kernel(cmd: list[str], env: dict[str, str], cwd: str) -> WarmKernelProcess | None:
    """Ask the server for a kernel running ``cmd`` (``python -m ipykernel_launcher ...``); None to start it cold."""
    address = server_address(env)
    connection = connect(address, env)
    if connection is None:
        return None
    request = json.dumps({"argv": cmd[3:], "env": env, "cwd": cwd}).encode() + b"\n"
    with open(os.devnull, "rb") as stdin:
        # The kernel writes to this run's standard output and error, as a cold kernel would (make keeps its stderr).
        socket.send_fds(connection, [request], [stdin.fileno(), 1, 2])
    reply = b""
    try:
        while not reply.endswith(b"\n"):
            chunk = connection.recv(64)
            if not chunk:
                break
            reply += chunk
    except OSError:  # no answer in time, or a server that exited as it was asked
        pass
    if not reply.startswith(b"pid ") or not reply.endswith(b"\n"):
        connection.close()
        return None
    return WarmKernelProcess(connection, int(reply.split()[1]))


class WarmKernelProvisioner(LocalProvisioner):
    """``LocalProvisioner``, with the kernel forked by the kernel server when the command is the standard
    ipykernel of this Python; anything else, or a server that does not answer, starts as usual."""

    async def launch_kernel(self, cmd: list[str], **kwargs: Any) -> Any:
        warm = (cmd[:3] == [sys.executable, "-m", "ipykernel_launcher"] and wanted()
                and not {"stdin", "stdout", "stderr"} & set(kwargs))
        process = request_kernel(cmd, dict(kwargs.get("env") or os.environ), str(kwargs.get("cwd") or os.getcwd())) \
            if warm else None
        if process is None:
            return await super().launch_kernel(cmd, **kwargs)
        self.process = process  # type: ignore[assignment]  # the part of Popen LocalProvisioner uses
        self.pid = self.pgid = process.pid  # the kernel leads its own process group
        self.cwd = kwargs.get("cwd") or os.getcwd()
        return self.connection_info


# ---- the server's side ------------------------------------------------------------------------------------


def peer_uid(connection: socket.socket) -> int:
    _pid, uid, _gid = struct.unpack("3i", connection.getsockopt(socket.SOL_SOCKET, socket.SO_PEERCRED,
                                                                 struct.calcsize("3i")))
    return int(uid)


def read_request(connection: socket.socket) -> tuple[dict[str, Any], list[int]] | None:
    """A request line and the three streams sent with it; None for anything else (closing what came)."""
    message, fds, _flags, _address = socket.recv_fds(connection, MAX_REQUEST_BYTES, 3)
    while message and not message.endswith(b"\n") and len(message) < MAX_REQUEST_BYTES:
        chunk = connection.recv(MAX_REQUEST_BYTES)
        if not chunk:
            break
        message += chunk
    try:
        request = json.loads(message)
        if len(fds) == 3 and isinstance(request.get("argv"), list) and isinstance(request.get("env"), dict):
            return request, fds
    except ValueError:
        pass
    for fd in fds:
        os.close(fd)
    return None


def become_kernel(request: dict[str, Any], fds: list[int], installation: list[str]) -> None:
    """In the forked child: take the run's streams, folder, environment and command line, and forget the server."""
    server = os.getppid()
    # Killed with the server, whatever it is doing (ipykernel's own parent poller is a second line).
    ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != server:  # the server went before that took hold
        os._exit(1)
    os.setsid()
    for target, fd in enumerate(fds):
        os.dup2(fd, target)
        os.close(fd)
    os.chdir(request["cwd"])
    os.environ.clear()
    os.environ.update(request["env"])
    # As `python -m` sets them: the module path (the working folder, then PYTHONPATH, then the installation's), the
    # launcher's command line.
    sys.path[:] = module_path(os.getcwd(), os.environ.get("PYTHONPATH", ""), installation)
    # Its parent poller watches the server (the default, read from JPY_PARENT_PID, was fixed when the server
    # imported ipykernel): if the server goes, so does the kernel.
    sys.argv = ["-m", *request["argv"], f"--IPKernelApp.parent_handle={server}"]
    this_file = Path(__file__).resolve()
    for name in [name for name, module in sys.modules.items()
                 if Path(getattr(module, "__file__", None) or "/").resolve() == this_file]:
        del sys.modules[name]


def module_path(cwd: str, pythonpath: str, installation: list[str]) -> list[str]:
    """sys.path as Python sets it for ``python -m`` in ``cwd`` with ``pythonpath``: the folder, the PYTHONPATH
    entries, the installation's folders, made absolute and without repeats (site.removeduppaths)."""
    entries = [cwd, *(os.path.join(cwd, entry) for entry in pythonpath.split(os.pathsep) if entry), *installation]
    return list(dict.fromkeys(os.path.normpath(entry) for entry in entries))


def installation_path() -> list[str]:
    """This process's module path without its own folder and PYTHONPATH: what every kernel's ends with."""
    own = {os.path.normpath(os.path.abspath(entry)) for entry in os.environ.get("PYTHONPATH", "").split(os.pathsep)
           if entry}
    return [entry for entry in sys.path[1:] if os.path.normpath(entry) not in own]


class _Kernel:
    """What pandas asks IPython for when imported."""

    kernel = True


def preload() -> None:
    """Import PRELOAD as a kernel would: with the inline backend named (ipykernel names it before any import), and
    pandas finding itself in a kernel. pandas asks IPython, once when imported, whether it prints to a terminal
    (``display.max_columns`` is then 0, fit the terminal's width) or to a kernel (20), and every kernel it is
    imported for here is a kernel."""
    os.environ.setdefault("MPLBACKEND", "module://matplotlib_inline.backend_inline")
    builtins.get_ipython = _Kernel  # type: ignore[attr-defined]
    try:
        for module in PRELOAD:
            importlib.import_module(module)
    finally:
        del builtins.get_ipython  # type: ignore[attr-defined]


Kernels = dict[int, tuple[int, socket.socket]]  # a kernel's pid -> (its pidfd, its run's connection)


def accept(listener: socket.socket, selector: selectors.BaseSelector,
           kernels: Kernels) -> tuple[dict[str, Any], list[int]] | None:
    """Fork a kernel for a run that asks; returns only in the child, with the request to become the kernel of.
    A request that is not one, or a run gone before its answer, changes nothing else the server does."""
    connection, _ = listener.accept()
    try:
        received = read_request(connection) if peer_uid(connection) == os.getuid() else None
    except OSError:
        received = None
    if received is None:
        connection.close()
        return None
    pid = os.fork()
    if pid == 0:
        selector.close()
        listener.close()
        for pidfd, other in kernels.values():
            os.close(pidfd)
            other.close()
        connection.close()
        return received
    for fd in received[1]:
        os.close(fd)
    kernels[pid] = (os.pidfd_open(pid), connection)
    selector.register(kernels[pid][0], selectors.EVENT_READ, ("exited", pid))
    try:
        connection.sendall(f"pid {pid}\n".encode())
        selector.register(connection, selectors.EVENT_READ, ("run", pid))
    except OSError:  # the run is gone already: so is its kernel
        _kill(pid)
    return None


def kernel_exited(pid: int, selector: selectors.BaseSelector, kernels: Kernels) -> None:
    """Reap the kernel and tell its run, if it is still there, how it ended."""
    pidfd, connection = kernels.pop(pid)
    status = os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1])
    selector.unregister(pidfd)
    os.close(pidfd)
    with contextlib.suppress(KeyError, ValueError):  # not registered when its run went first
        selector.unregister(connection)
    with contextlib.suppress(OSError):
        connection.sendall(f"exit {status}\n".encode())
    connection.close()


def run_gone(pid: int, selector: selectors.BaseSelector, kernels: Kernels) -> None:
    """The run closed its connection (or wrote to it): its kernel goes with it."""
    if pid in kernels:
        selector.unregister(kernels[pid][1])
        _kill(pid)


def _kill(pid: int) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(pid, signal.SIGKILL)


def serve(address: str) -> tuple[dict[str, Any], list[int]] | None:
    """Serve kernels until idle; returns only in a forked child, with the request it is to become the kernel of."""
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        listener.bind(f"\0{address}")
    except OSError:  # another run started this environment's server first
        return None
    listener.listen(64)
    preload()

    selector = selectors.DefaultSelector()
    selector.register(listener, selectors.EVENT_READ, "accept")
    kernels: Kernels = {}
    last_busy = time.monotonic()
    while kernels or time.monotonic() - last_busy < IDLE_S:
        for key, _events in selector.select(timeout=1.0):
            if key.data == "accept":
                child = accept(listener, selector, kernels)
                if child is not None:
                    return child
            elif key.data[0] == "exited":
                kernel_exited(key.data[1], selector, kernels)
            else:
                run_gone(key.data[1], selector, kernels)
        if kernels:
            last_busy = time.monotonic()
    listener.close()  # a run that connected as this server decided to exit is refused at once, and starts cold
    return None


def start(env: dict[str, str]) -> None:
    """Start the server for ``env`` if there is none, without waiting for it: make starts it as the data check
    runs, so the libraries are imported by the time the first report asks for a kernel."""
    if not wanted():
        return
    address = server_address(env)
    probe = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        probe.connect(f"\0{address}")
    except ConnectionRefusedError:
        spawn_server(address, env)
    finally:
        probe.close()


def main(argv: list[str]) -> None:
    """``serve NAME``: be the server NAME (started by ``start`` or a run); ``start``: start the server for this
    environment."""
    if argv == ["start"]:
        start(dict(os.environ))
        return
    installation = installation_path()
    received = serve(argv[1]) if argv[:1] == ["serve"] and len(argv) == 2 else None
    if received is None:
        return
    become_kernel(*received, installation)
    import runpy

    runpy.run_module("ipykernel_launcher", run_name="__main__", alter_sys=True)


if __name__ == "__main__":
    main(sys.argv[1:])
