"""The module path a warm child is given: the one Python gives ``python -m`` or ``python SCRIPT``
(peerlib/apps/warm_starts.py)."""

from __future__ import annotations

from peerlib.apps.warm_starts import module_path

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
