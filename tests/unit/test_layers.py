"""peerlib's layers keep their order: config < vocabulary < formatting < inputs < core < analysis < present < apps
< api.

The contract is import-linter's ``layers`` contract in pyproject.toml, run here as a user runs it
(``lint-imports``), so ``make test`` fails on an upward import, type-only imports included.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from peerlib.config import PROJECT_ROOT

LINT = "import sys; from importlinter.cli import lint_imports_command; sys.exit(lint_imports_command())"


def lint_imports(root: Path) -> subprocess.CompletedProcess[str]:
    """``lint-imports`` on the peerlib and pyproject.toml under ``root``, with nothing cached between runs."""
    return subprocess.run([sys.executable, "-c", LINT, "--no-cache", "--config", "pyproject.toml"], cwd=root,
                          capture_output=True, text=True)


def test_every_layer_imports_only_layers_below_it() -> None:
    result = lint_imports(PROJECT_ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 kept, 0 broken" in result.stdout


def test_an_upward_import_breaks_the_contract(tmp_path: Path) -> None:
    """The check can fail: a copy of peerlib whose core imports plotting under TYPE_CHECKING is refused."""
    shutil.copytree(PROJECT_ROOT / "peerlib", tmp_path / "peerlib", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(PROJECT_ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    weighting = tmp_path / "peerlib" / "core" / "weighting.py"
    upward = "\nfrom typing import TYPE_CHECKING\n\nif TYPE_CHECKING:\n    from peerlib.present import plots\n"
    weighting.write_text(weighting.read_text() + upward)
    result = lint_imports(tmp_path)
    assert result.returncode != 0
    assert "peerlib.core is not allowed to import peerlib.present" in result.stdout
    assert "peerlib.core.weighting -> peerlib.present.plots" in result.stdout
