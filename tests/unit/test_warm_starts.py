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
