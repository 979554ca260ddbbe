"""Warm starts: a report's run and its kernel each forked from a process that has already imported the libraries
they need, instead of a new Python importing them again.

A cold kernel spends most of its start importing IPython, ipykernel, numpy, pandas and matplotlib, and the build's
runner (``scripts/run_notebook.py``) most of its own importing papermill, nbconvert and pandas and compiling the
page export's patterns: together about 2.5 s of CPU per report, 19 times a build. Here a *server* of each kind,
one per environment, imports those libraries once; each run or kernel is asked of it. The server forks; the child
takes the asker's standard streams, working folder, environment and command line, and starts as
``python scripts/run_notebook.py ...`` or ``python -m ipykernel_launcher ...`` would.

* A kernel is asked for by a jupyter_client kernel provisioner (``peerlib.apps.warm_kernels``), chosen by the
  build's runner, the grader's teacher runs and the tests.
* A run is asked for by the runner itself (:func:`run_warm`, the first thing ``scripts/run_notebook.py`` does):
  it hands its command line to a forked runner, relays signals to it, and exits as it exits.

What a warm child shares with the server, and why its outputs are the same as a cold start's:

* Only third-party libraries are imported before the fork, never the project's own modules, so every child
  imports this tree's ``peerlib`` (and scripts) as they are now, and a kernel records what it read as a cold one
  does. Nothing that looks for a running IPython when imported (matplotlib's inline backend, ipywidgets) is
  imported by the kernel server, so each finds its kernel's IPython as usual; pandas is imported as in a kernel.
* A server serves one environment: the Python, its installed packages (their folder's time of change), the
  variables Python and the libraries read when they start (``PYTHON*``, ``OMP_*``, ``MPL*``...), and this file.
  Anything else asks for another server. An environment reached through a symbolic link (a copy of the project
  whose ``.venv`` links to this one) is the same environment; its children see it by the asker's path, as a new
  Python started there would. A server with nothing to do for ``IDLE_S`` seconds exits.
* The servers and their children run as the user who started them; a server accepts requests only from that
  user (the socket's peer credentials).

A child's lifetime is its asker's: the asker holds a connection to the server for as long as the child lives,
the server sends the child's exit status on it, and kills the child if the asker goes away first. A child dies
with its server too (``PR_SET_PDEATHSIG``).

Where no server can be reached (not Linux, a start that fails), the run or kernel starts cold, as it would
without this file: warm starts change how fast a build is, never what it builds. ``PEERLIB_WARM_KERNELS=0``
starts every run and kernel cold (``make bench`` measures the floor that way).
"""

from __future__ import annotations

import builtins
import contextlib
import ctypes
import hashlib
import importlib
import io
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

NAME = "peerlib-warm"  # each server's socket name begins so
SWITCH = "PEERLIB_WARM_KERNELS"  # "0" starts every run and kernel cold
IDLE_S = 20.0  # a server with no child and no request for this long exits
START_TIMEOUT_S = 30.0  # how long an asker waits for a new server before it starts cold
# Imported before the fork, by kind. A kernel's: not matplotlib_inline or ipywidgets, each of which registers with
# the running IPython when imported and must find its kernel's (pyplot chooses its backend at the first figure, in
# the kernel). A run's: what the runner and its page export import.
PRELOAD = {
    "kernel": ("numpy", "pandas", "matplotlib.pyplot", "matplotlib.backends.backend_agg", "IPython",
               "ipykernel.kernelapp", "ipykernel.ipkernel"),
    "run": ("pandas", "nbformat", "papermill", "papermill.translators", "nbclient", "jupyter_client",
            "jupyter_client.provisioning", "nbconvert", "nbconvert.filters.markdown_mistune", "traitlets.config"),
}
# Askers with the same environment share its servers; one that sets this gets servers of its own (a test that kills
# one must not take every other asker's children with it).
SERVER_TAG = "PEERLIB_WARM_SERVER"
RUN_MARK = "PEERLIB_WARM_RUN"  # set for a forked run's first moments only: it must not hand itself over again
STARTUP_VARIABLES = ("PYTHON", "OMP_", "OPENBLAS", "MKL_", "MPL", "LANG", "LC_", "HOME", "TZ", "XDG_")
MAX_REQUEST_BYTES = 1 << 20
RELAYED = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP, signal.SIGQUIT)  # what reaches a forked child as it would
STARTING_ELSEWHERE = 3  # a server's exit status when another holds its address already
PR_SET_PDEATHSIG = 1  # prctl(2): the signal a process gets when its parent exits


def wanted() -> bool:
    """Whether to ask for warm starts: on Linux (abstract sockets, process file descriptors), unless switched off."""
    return os.environ.get(SWITCH, "1") != "0" and sys.platform == "linux" and hasattr(os, "pidfd_open")


def server_address(env: dict[str, str], kind: str) -> str:
    """The name of the server of ``kind`` for this environment: an abstract socket, with no file to clean up (it
    goes with the server)."""
    identity = {
        "kind": kind,
        # The environment where it really is: a copy of the project whose .venv links to this one shares its servers.
        "python": [os.path.realpath(sys.prefix), os.path.realpath(sys.executable)],
        "version": sys.version,
        # Installing or removing a package changes its folder's time of change.
        "packages": [os.stat(folder).st_mtime_ns for folder in site.getsitepackages() if os.path.isdir(folder)],
        "server": hashlib.sha256(Path(__file__).read_bytes()).hexdigest(),
        "env": sorted((k, v) for k, v in env.items() if k.startswith(STARTUP_VARIABLES) and k != "PYTHONPATH"),
        "user": os.getuid(),
        "tag": env.get(SERVER_TAG, ""),
    }
    digest = hashlib.sha256(json.dumps(identity, sort_keys=True).encode()).hexdigest()[:32]
    return f"{NAME}-{kind}-{digest}"


# ---- the asker's side ---------------------------------------------------------------------------------------


class WarmProcess:
    """A child the server forked, as the part of ``subprocess.Popen`` that ``LocalProvisioner`` uses: its exit
    status arrives on the asker's connection to the server."""

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
            # Nothing to read: the server is gone, and with it the child (killed by its parent's death signal).
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


def spawn_server(address: str, env: dict[str, str], kind: str) -> subprocess.Popen[bytes]:
    """The server ``address``, started in its own session with no inherited streams: it outlives the asker that
    started it, and holds none of make's pipes open. It runs the environment where it really is, not through the
    link an asker may have used (a copy of the project that a test makes, and removes, outlived by the server)."""
    python = relocated([sys.executable], sys.prefix, os.path.realpath(sys.prefix))[0]
    return subprocess.Popen([python, __file__, "serve", kind, address], env=env, cwd="/",
                            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True, close_fds=True)


def connect(address: str, env: dict[str, str], kind: str, wait: bool = True) -> socket.socket | None:
    """A connection to the server for ``env``, ready to serve (it listens only once it has imported its libraries);
    if there is none, with ``wait`` one is started, or awaited where another asker started it; None if none answers
    in time, or at once without ``wait``."""
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
        if not wait:
            return None
        if server is None or server.poll() not in (None, STARTING_ELSEWHERE):
            # None yet, or one that exited otherwise than because another is starting: start one (a few times at
            # most: one that cannot start means this child starts cold).
            if starts == 3:
                return None
            server = spawn_server(address, env, kind)
            starts += 1
        if time.monotonic() > deadline:
            return None
        time.sleep(0.02)


def ask(kind: str, argv: list[str], env: dict[str, str], cwd: str, fds: list[int],
        wait: bool = True) -> WarmProcess | None:
    """Ask the server of ``kind`` for a child running ``argv`` in ``cwd`` with ``env`` and the standard streams
    ``fds`` (without ``wait``, only of a server already serving); None to start it cold."""
    connection = connect(server_address(env, kind), env, kind, wait)
    if connection is None:
        return None
    # The signals this asker ignores, as a child it started would inherit them (a shell's background job ignores
    # Ctrl-C): the server's own are no guide, as it may have been started so.
    ignored = [int(signum) for signum in RELAYED if signal.getsignal(signum) == signal.SIG_IGN]
    # The names this asker knows its environment by, which a child it started would see.
    request = json.dumps({"argv": argv, "env": env, "cwd": cwd, "ignored": ignored, "executable": sys.executable,
                          "prefix": sys.prefix}).encode() + b"\n"
    socket.send_fds(connection, [request], fds)
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
    return WarmProcess(connection, int(reply.split()[1]))


def request_kernel(cmd: list[str], env: dict[str, str], cwd: str) -> WarmProcess | None:
    """Ask for a kernel running ``cmd`` (``python -m ipykernel_launcher ...``); None to start it cold."""
    with open(os.devnull, "rb") as stdin:
        # The kernel writes to its run's standard output and error, as a cold kernel would (make keeps its stderr).
        return ask("kernel", cmd[3:], env, cwd, [stdin.fileno(), 1, 2])


def run_warm(script: str, args: list[str], wait: bool = True) -> None:
    """Run ``script`` (this process's own, as given on its command line) with ``args`` in a forked runner, relaying
    interrupts to it, and exit as it exits. Returns at once, for the script to run here as usual, where no server
    answers (without ``wait``, where none is serving already), and in the forked runner itself."""
    if os.environ.pop(RUN_MARK, None) is not None or not wanted():
        return
    try:
        process = ask("run", [script, *args], dict(os.environ), os.getcwd(), [0, 1, 2], wait)
    except OSError:  # a standard stream closed: nothing to hand over
        process = None
    if process is None:
        return
    for signum in RELAYED:
        if signal.getsignal(signum) != signal.SIG_IGN:
            signal.signal(signum, lambda number, _frame: _signal(process.pid, number))
    status = process.wait()
    if status < 0:  # killed by a signal: so is this process, as make expects of a run killed so
        signal.signal(-status, signal.SIG_DFL)
        os.kill(os.getpid(), -status)
    raise SystemExit(status)


def _signal(pid: int, signum: int) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signum)


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
        if (len(fds) == 3 and isinstance(request.get("argv"), list) and isinstance(request.get("env"), dict)
                and isinstance(request.get("cwd"), str) and isinstance(request.get("ignored"), list)
                and isinstance(request.get("executable"), str) and isinstance(request.get("prefix"), str)):
            return request, fds
    except ValueError:
        pass
    for fd in fds:
        os.close(fd)
    return None


def become(request: dict[str, Any], fds: list[int]) -> None:
    """In the forked child: take the asker's streams, folder and environment, and forget the server."""
    server = os.getppid()
    # Killed with the server, whatever it is doing (a kernel's parent poller is a second line).
    ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != server:  # the server went before that took hold
        os._exit(1)
    os.setsid()
    for target, fd in enumerate(fds):
        os.dup2(fd, target)
        os.close(fd)
    # Each relayed signal as the asker's child would have it: ignored where the asker ignores it, else as Python
    # starts (Ctrl-C raises KeyboardInterrupt, the others end the process).
    for signum in RELAYED:
        if signum in request["ignored"]:
            signal.signal(signum, signal.SIG_IGN)
        else:
            signal.signal(signum, signal.default_int_handler if signum == signal.SIGINT else signal.SIG_DFL)
    os.chdir(request["cwd"])
    os.environ.clear()
    os.environ.update(request["env"])
    # The environment by the asker's names for it (a project copy may reach it through a symbolic link).
    own_prefix = sys.prefix
    sys.executable = request["executable"]
    sys.prefix, sys.exec_prefix = relocated([sys.prefix, sys.exec_prefix], own_prefix, request["prefix"])
    this_file = Path(__file__).resolve()
    for name in [name for name, module in sys.modules.items()
                 if Path(getattr(module, "__file__", None) or "/").resolve() == this_file]:
        del sys.modules[name]


def as_started(fd: int, writing: bool, like: io.TextIOWrapper, line_buffering: bool) -> io.TextIOWrapper:
    """A standard stream on ``fd`` as a new Python opens it: the server's own were opened on /dev/null."""
    raw = io.FileIO(fd, "w" if writing else "r", closefd=False)
    buffered = io.BufferedWriter(raw) if writing else io.BufferedReader(raw)
    return io.TextIOWrapper(buffered, encoding=like.encoding, errors=like.errors, line_buffering=line_buffering)


def start_run(request: dict[str, Any], installation: list[str]) -> None:
    """In a forked runner: run the script of ``request["argv"]`` as ``python SCRIPT ARGS`` would."""
    script, *args = request["argv"]
    # Standard output line by line only to a terminal; standard error always (Python 3.9 and later).
    for name, fd, line_buffering in (("stdin", 0, False), ("stdout", 1, os.isatty(1)), ("stderr", 2, True)):
        stream = as_started(fd, name != "stdin", getattr(sys, name), line_buffering)
        for attribute in (name, f"__{name}__"):
            setattr(sys, attribute, stream)
    # As Python sets it for a script: its folder (symbolic links resolved), then PYTHONPATH, then the installation's.
    sys.path[:] = module_path(os.path.dirname(os.path.realpath(script)), os.getcwd(),
                              os.environ.get("PYTHONPATH", ""), installation)
    os.environ[RUN_MARK] = "1"  # taken out again by the script's own run_warm, its first act
    import runpy

    sys.argv = [script, *args]
    runpy.run_path(os.path.abspath(script), run_name="__main__")


def start_kernel(request: dict[str, Any], installation: list[str]) -> None:
    """In a forked kernel: start ipykernel as ``python -m ipykernel_launcher ARGS`` would."""
    # As `python -m` sets them: the module path (the working folder, then PYTHONPATH, then the installation's), the
    # launcher's command line. Its parent poller watches the server (the default, read from JPY_PARENT_PID, was
    # fixed when the server imported ipykernel): if the server goes, so does the kernel.
    sys.path[:] = module_path(os.getcwd(), os.getcwd(), os.environ.get("PYTHONPATH", ""), installation)
    sys.argv = ["-m", *request["argv"], f"--IPKernelApp.parent_handle={os.getppid()}"]
    import runpy

    runpy.run_module("ipykernel_launcher", run_name="__main__", alter_sys=True)


def module_path(first: str, cwd: str, pythonpath: str, installation: list[str]) -> list[str]:
    """sys.path as Python sets it in ``cwd`` with ``first`` first (the working folder for ``python -m``, the script's
    folder for ``python SCRIPT``): then PYTHONPATH's entries (a relative one taken from ``cwd``), then the
    installation's folders, made absolute and without repeats (site.removeduppaths)."""
    entries = [first, *(entry for entry in pythonpath.split(os.pathsep) if entry), *installation]
    return list(dict.fromkeys(os.path.normpath(os.path.join(cwd, entry)) for entry in entries))


def relocated(entries: list[str], old: str, new: str) -> list[str]:
    """``entries``, those in the folder ``old`` named from ``new`` instead (one environment reached by two paths)."""
    return [new + entry[len(old):] if entry == old or entry.startswith(old + os.sep) else entry for entry in entries]


def installation_path() -> list[str]:
    """This process's module path without its own folder and PYTHONPATH: what every child's ends with."""
    own = {os.path.normpath(os.path.abspath(entry)) for entry in os.environ.get("PYTHONPATH", "").split(os.pathsep)
           if entry}
    return [entry for entry in sys.path[1:] if os.path.normpath(entry) not in own]


class _Kernel:
    """What pandas asks IPython for when imported."""

    kernel = True


def preload(kind: str) -> None:
    """Import what ``kind`` needs. A kernel's as a kernel would: with the inline backend named (ipykernel names it
    before any import), and pandas finding itself in a kernel. pandas asks IPython, once when imported, whether it
    prints to a terminal (``display.max_columns`` is then 0, fit the terminal's width) or to a kernel (20), and every
    kernel it is imported for here is a kernel. A run's as the runner does, then a page exported once, so that the
    patterns its libraries compile on first use (syntax highlighting, markdown, HTML) are compiled for every run."""
    if kind == "kernel":
        os.environ.setdefault("MPLBACKEND", "module://matplotlib_inline.backend_inline")
        builtins.get_ipython = _Kernel  # type: ignore[attr-defined]
        try:
            for module in PRELOAD[kind]:
                importlib.import_module(module)
        finally:
            del builtins.get_ipython  # type: ignore[attr-defined]
        return
    sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[arg-type]  # as peerlib.apps leaves it out
    for module in PRELOAD[kind]:
        importlib.import_module(module)
    import nbformat
    from nbconvert import HTMLExporter

    page = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_markdown_cell("# A\n\n*b* **c** `d` [e](#f)\n\n- g\n\n| h | i |\n|---|---|\n| 1 | 2 |"),
        nbformat.v4.new_code_cell("import math  # j\nprint(f'{math.pi:.2f}')", outputs=[
            nbformat.v4.new_output("stream", name="stdout", text="3.14\n")])])
    HTMLExporter(template_name="lab").from_notebook_node(page)


Children = dict[int, tuple[int, socket.socket]]  # a child's pid -> (its pidfd, its asker's connection)


def accept(listener: socket.socket, selector: selectors.BaseSelector,
           children: Children) -> tuple[dict[str, Any], list[int]] | None:
    """Fork a child for an asker; returns only in the child, with the request to become the child of.
    A request that is not one, or an asker gone before its answer, changes nothing else the server does."""
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
        for pidfd, other in children.values():
            os.close(pidfd)
            other.close()
        connection.close()
        return received
    for fd in received[1]:
        os.close(fd)
    children[pid] = (os.pidfd_open(pid), connection)
    selector.register(children[pid][0], selectors.EVENT_READ, ("exited", pid))
    try:
        connection.sendall(f"pid {pid}\n".encode())
        selector.register(connection, selectors.EVENT_READ, ("asker", pid))
    except OSError:  # the asker is gone already: so is its child
        _kill(pid)
    return None


def child_exited(pid: int, selector: selectors.BaseSelector, children: Children) -> None:
    """Reap the child and tell its asker, if it is still there, how it ended."""
    pidfd, connection = children.pop(pid)
    status = os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1])
    selector.unregister(pidfd)
    os.close(pidfd)
    with contextlib.suppress(KeyError, ValueError):  # not registered when its asker went first
        selector.unregister(connection)
    with contextlib.suppress(OSError):
        connection.sendall(f"exit {status}\n".encode())
    connection.close()


def asker_gone(pid: int, selector: selectors.BaseSelector, children: Children) -> None:
    """The asker closed its connection (or wrote to it): its child goes with it."""
    if pid in children:
        selector.unregister(children[pid][1])
        _kill(pid)


def _kill(pid: int) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(pid, signal.SIGKILL)


def serve(address: str, kind: str) -> tuple[dict[str, Any], list[int]] | None:
    """Serve children of ``kind`` until idle; returns only in a forked child, with the request it is to become."""
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        listener.bind(f"\0{address}")
    except OSError:  # another asker started this environment's server first
        raise SystemExit(STARTING_ELSEWHERE) from None
    # Bound, so no second server starts; listening only once ready, so an asker that will not wait is refused at once.
    preload(kind)
    listener.listen(64)

    selector = selectors.DefaultSelector()
    selector.register(listener, selectors.EVENT_READ, "accept")
    children: Children = {}
    last_busy = time.monotonic()
    while children or time.monotonic() - last_busy < IDLE_S:
        for key, _events in selector.select(timeout=1.0):
            if key.data == "accept":
                child = accept(listener, selector, children)
                if child is not None:
                    return child
            elif key.data[0] == "exited":
                child_exited(key.data[1], selector, children)
            else:
                asker_gone(key.data[1], selector, children)
        if children:
            last_busy = time.monotonic()
    listener.close()  # an asker that connected as this server decided to exit is refused at once, and starts cold
    return None


def start(env: dict[str, str]) -> None:
    """Start the servers for ``env`` that are not running, without waiting for them: make starts them as the data
    check runs, so the libraries are imported by the time the first report asks for a run and a kernel."""
    if not wanted():
        return
    for kind in PRELOAD:
        address = server_address(env, kind)
        probe = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            probe.connect(f"\0{address}")
        except ConnectionRefusedError:
            spawn_server(address, env, kind)
        finally:
            probe.close()


def main(argv: list[str]) -> None:
    """``serve KIND ADDRESS``: be that server (started by ``start`` or an asker); ``start``: start this environment's
    servers."""
    if argv == ["start"]:
        start(dict(os.environ))
        return
    if len(argv) != 3 or argv[0] != "serve" or argv[1] not in PRELOAD:
        raise SystemExit(f"usage: {Path(__file__).name} start | serve KIND ADDRESS")
    installation = installation_path()
    # The server imports from the installation alone: not this file's folder (peerlib/apps, first on the path of a
    # script) nor the project, whose modules each child imports for itself.
    sys.path[:] = installation
    received = serve(argv[2], argv[1])
    if received is None:
        return
    server_prefix = sys.prefix
    become(*received)
    start_child = start_kernel if argv[1] == "kernel" else start_run
    start_child(received[0], relocated(installation, server_prefix, sys.prefix))


if __name__ == "__main__":
    main(sys.argv[1:])
