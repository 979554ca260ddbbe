"""`make lab` leaves the repository as it found it: what a JupyterLab session saves never changes a tracked file.

A copy of the project under git runs `make lab` as a person would; the notebook, executed, is saved through
JupyterLab's contents API (what its autosave does, outputs and widgets included); then `git status` is clean,
and the saved work is still there for the next session.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from peerlib.config import PROJECT_ROOT
from tests.conftest import kernel_sockets, make_in, project_copy

TOKEN = "test"


def git(tree: Path, *args: str) -> str:
    env = os.environ | {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@t", "GIT_COMMITTER_NAME": "t",
                        "GIT_COMMITTER_EMAIL": "t@t"}
    return subprocess.run(["git", *args], cwd=tree, env=env, check=True, capture_output=True, text=True).stdout


@pytest.fixture
def repository(tmp_path: Path) -> Path:
    """The project's sources, committed in a repository of their own."""
    tree = project_copy(tmp_path / "project")
    shutil.copy2(PROJECT_ROOT / ".gitignore", tree / ".gitignore")
    git(tree, "init", "-q")
    # Here the environment is a symlink to the shared one, which .gitignore's `.venv/` (a folder) does not match.
    (tree / ".git" / "info" / "exclude").write_text(".venv\n")
    git(tree, "add", "-A")
    git(tree, "commit", "-q", "-m", "the project")
    assert git(tree, "status", "--porcelain") == ""
    return tree


@pytest.fixture
def lab_session(repository: Path, tmp_path: Path) -> Iterator[str]:
    """`make lab` in the repository, as a person starts it; yields the server's URL."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    args = (f"--no-browser --port={port} --ServerApp.ip=127.0.0.1 --IdentityProvider.token={TOKEN} "
            "--LabApp.news_url= --LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate")
    env = {k: v for k, v in os.environ.items() if not k.startswith("MAKE")} | {
        "JUPYTER_CONFIG_DIR": str(tmp_path / ".config"), "JUPYTER_RUNTIME_DIR": str(tmp_path / ".runtime")}
    server = subprocess.Popen(["make", "--no-print-directory", "lab", f"LAB_ARGS={args}"], cwd=repository, env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(f"{url}/api/status?token={TOKEN}", timeout=5)
                break
            except OSError:
                assert server.poll() is None, "make lab stopped before JupyterLab answered"
                time.sleep(0.5)
        yield url
    finally:
        os.killpg(server.pid, signal.SIGTERM)  # make and the JupyterLab it started: the group this test made
        server.wait(timeout=30)


def contents(url: str, path: str, model: dict[str, object] | None = None) -> dict[str, object]:
    """GET a file's model from JupyterLab's contents API, or PUT one (a save, as JupyterLab's autosave sends it)."""
    request = urllib.request.Request(f"{url}/api/contents/{path}?token={TOKEN}", method="PUT" if model else "GET",
                                     data=json.dumps(model).encode() if model else None,
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=60) as response:
        answer: dict[str, object] = json.load(response)
    return answer


def test_a_saved_session_leaves_git_status_clean(repository: Path, lab_session: str,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PYTHONPATH", str(repository))  # the kernel imports the copy's peerlib, as make lab's does
    opened = contents(lab_session, "explore.ipynb")  # JupyterLab serves the notebooks at the top of its tree
    notebook = nbformat.from_dict(opened["content"])
    # What a person's session holds after "run all": every output, widget views, execution counts.
    with kernel_sockets() as config:
        NotebookClient(notebook, kernel_name="python3", store_widget_state=True, timeout=300, config=config).execute()
    assert any(cell.get("outputs") for cell in notebook.cells)
    contents(lab_session, "explore.ipynb", {"type": "notebook", "format": "json", "content": notebook})
    assert git(repository, "status", "--porcelain") == ""
    saved = repository / "lab" / "explore.ipynb"
    assert any(cell.get("outputs") for cell in nbformat.read(saved, as_version=4).cells), "the save went elsewhere"
    assert (repository / "lab" / "explore.py").exists()  # jupytext saved the pair, there too
    assert (repository / "notebooks" / "explore.ipynb").read_bytes() == \
        (PROJECT_ROOT / "notebooks" / "explore.ipynb").read_bytes()
    # The next `make lab` keeps what the person saved (here it asks JupyterLab only its version).
    assert make_in(repository, "lab", "LAB_ARGS=--version").returncode == 0
    assert any(cell.get("outputs") for cell in nbformat.read(saved, as_version=4).cells)
