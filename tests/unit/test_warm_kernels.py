"""The module path a warm kernel is given: the one Python gives ``python -m`` (scripts/warm_kernels.py)."""

from __future__ import annotations

from scripts.warm_kernels import module_path


def test_the_folder_then_pythonpath_then_the_installation_each_once_and_absolute() -> None:
    # Python puts the working folder first for `python -m`, then PYTHONPATH's entries (a relative one taken from
    # the working folder, an empty one skipped), then the installation's folders; site drops a repeat.
    path = module_path("/w/notebooks", "/w::rel:/w/", ["/usr/lib/python3.11", "/w", "/v/site-packages"])
    assert path == ["/w/notebooks", "/w", "/w/notebooks/rel", "/usr/lib/python3.11", "/v/site-packages"]
