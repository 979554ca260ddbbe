"""peerlib is typed and lint-clean: mypy (strict) and ruff, as part of the test run."""

from __future__ import annotations

import subprocess
import sys

from peerlib.config import PROJECT_ROOT


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", *args], cwd=PROJECT_ROOT, capture_output=True, text=True)


def test_ruff() -> None:
    result = run("ruff", "check", "peerlib", "tests", "scripts")
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_strict() -> None:
    result = run("mypy", "peerlib")
    assert result.returncode == 0, result.stdout + result.stderr
