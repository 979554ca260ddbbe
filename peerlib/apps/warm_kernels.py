"""Warm kernels: a jupyter_client kernel provisioner whose kernels are forked by the kernel server of
:mod:`peerlib.apps.warm_starts` (which says how, and why a warm kernel is the kernel a new Python would have been).

It plugs in where jupyter_client lets a kernel's launch be changed: a subclass of ``LocalProvisioner`` (which
jupyter_client provides "to be subclassed for customizing local kernel environments"), registered under the entry
point group ``jupyter_client.kernel_provisioners`` in pyproject.toml and chosen by :func:`use` in the processes that
run many notebooks and show no one a kernel: the build's runner (``scripts/run_notebook.py``), the grader's teacher
runs (``peerlib.apps.grading``) and the tests. JupyterLab, nbval, nbgrader and papermill by hand start kernels the
usual way.
"""

from __future__ import annotations

import os
import sys
from typing import Any

from jupyter_client.provisioning.local_provisioner import LocalProvisioner

from peerlib.apps import warm_starts

NAME = "peerlib-warm-kernel"  # the entry point's name (pyproject.toml)


def use() -> None:
    """Every kernel this process starts from now on forked warm, where this environment has the provisioner (the
    entry point of pyproject.toml); a command other than this Python's ipykernel (a sandbox's) still starts cold."""
    from jupyter_client.provisioning.factory import KernelProvisionerFactory

    factory = KernelProvisionerFactory.instance()
    if NAME in factory.get_provisioner_entries():
        factory.default_provisioner_name = NAME


class WarmKernelProvisioner(LocalProvisioner):
    """``LocalProvisioner``, with the kernel forked by the kernel server when the command is the standard
    ipykernel of this Python; anything else, or a server that does not answer, starts as usual."""

    async def launch_kernel(self, cmd: list[str], **kwargs: Any) -> Any:
        warm = (cmd[:3] == [sys.executable, "-m", "ipykernel_launcher"] and warm_starts.wanted()
                and not {"stdin", "stdout", "stderr"} & set(kwargs))
        # A relative folder is the run's, not the server's (Popen resolves it from the run's own folder).
        cwd = os.path.abspath(kwargs.get("cwd") or os.getcwd())
        process = warm_starts.request_kernel(cmd, dict(kwargs.get("env") or os.environ), cwd) if warm else None
        if process is None:
            return await super().launch_kernel(cmd, **kwargs)
        self.process = process  # type: ignore[assignment]  # the part of Popen LocalProvisioner uses
        self.pid = self.pgid = process.pid  # the kernel leads its own process group
        self.cwd = cwd
        return self.connection_info
