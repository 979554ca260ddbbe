"""The module path a warm child is given: the one Python gives ``python -m`` or ``python SCRIPT``; and which askers
share a server (peerlib/apps/warm_starts.py)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from peerlib.apps.warm_starts import module_path
from peerlib.config import PROJECT_ROOT

INSTALLATION = ["/usr/lib/python3.11", "/w", "/v/site-packages"]


def test_a_kernel_s_the_folder_then_pythonpath_then_the_installation_each_once_and_absolute() -> None:
    # Python puts the working folder first for `python -m`, then PYTHONPATH's entries (a relative one taken from
    # the working folder, an empty one skipped), then the installation's folders; site drops a repeat.
    path = module_path("/w/notebooks", "/w/notebooks", "/w::rel:/w/", INSTALLATION)
    assert path == ["/w/notebooks", "/w", "/w/notebooks/rel", "/usr/lib/python3.11", "/v/site-packages"]


def test_a_run_s_the_script_s_folder_first_and_pythonpath_from_the_working_folder() -> None:
    # `python scripts/run_notebook.py` in /w: the script's folder first, a relative PYTHONPATH entry from /w.
    path = module_path("/w/scripts", "/w", "rel:/w", INSTALLATION)
    assert path == ["/w/scripts", "/w/rel", "/w", "/usr/lib/python3.11", "/v/site-packages"]


def test_askers_share_a_server_unless_a_start_up_variable_the_kind_or_a_tag_differs() -> None:
    from peerlib.apps.warm_starts import server_address

    env = {"PYTHONHASHSEED": "0", "OMP_NUM_THREADS": "1", "JUPYTER_PATH": "/w/jupyter", "PYTHONPATH": "/w"}
    same = env | {"JUPYTER_PATH": "/copy/jupyter", "PYTHONPATH": "/copy"}  # read by the child, not at start-up
    assert server_address(same, "kernel") == server_address(env, "kernel")
    for other in (env | {"PYTHONHASHSEED": "1"}, env | {"OMP_NUM_THREADS": "2"}, env | {"PEERLIB_WARM_SERVER": "t"}):
        assert server_address(other, "kernel") != server_address(env, "kernel")
    assert server_address(env, "run") != server_address(env, "kernel")


def test_an_environment_reached_through_a_link_is_the_same_and_its_children_see_the_link() -> None:
    from peerlib.apps.warm_starts import relocated

    installation = ["/usr/lib/python3.11", "/w/.venv/lib/python3.11/site-packages", "/w/.venv", "/w/.venv2/lib"]
    assert relocated(installation, "/w/.venv", "/copy/.venv") == [
        "/usr/lib/python3.11", "/copy/.venv/lib/python3.11/site-packages", "/copy/.venv", "/w/.venv2/lib"]


@pytest.mark.skipif(sys.prefix == sys.base_prefix, reason="needs a virtual environment to link to")
def test_a_project_copy_whose_environment_links_to_this_one_shares_its_servers(tmp_path: Path) -> None:
    """tests/conftest.py's copies of the project link .venv to the project's: their builds use the same servers."""
    (tmp_path / ".venv").symlink_to(sys.prefix)
    address = "import sys; from peerlib.apps.warm_starts import server_address; print(server_address({}, 'run'))"
    by_link, own = (subprocess.run([python, "-c", address], env={"PYTHONPATH": str(PROJECT_ROOT)}, check=True,
                                   capture_output=True, text=True).stdout
                    for python in (str(tmp_path / ".venv" / "bin" / "python"), sys.executable))
    assert by_link == own
