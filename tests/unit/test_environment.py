"""The conda environment and the pip lock file must name the same packages at the same versions."""

from __future__ import annotations

import re
import tomllib

import yaml

from peerlib.config import PROJECT_ROOT


def normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def pip_pins() -> dict[str, str]:
    pins = {}
    for line in (PROJECT_ROOT / "requirements.txt").read_text().splitlines():
        line = line.split("#")[0].strip()
        if line:
            name, sep, version = line.partition("==")
            assert sep, f"requirements.txt: {line!r} is not pinned with =="
            pins[normalise(name)] = version
    return pins


def conda_spec() -> tuple[dict[str, str], list[object]]:
    env = yaml.safe_load((PROJECT_ROOT / "environment.yml").read_text())
    assert env["channels"] == ["conda-forge"]
    pins: dict[str, str] = {}
    others: list[object] = []
    for dep in env["dependencies"]:
        if isinstance(dep, str) and "==" in dep:
            name, _, version = dep.partition("==")
            pins[normalise(name)] = version
        else:
            others.append(dep)
    return pins, others


def test_every_conda_pin_matches_the_lock_file() -> None:
    conda, _ = conda_spec()
    pip = pip_pins()
    assert conda, "environment.yml pins no package"
    mismatched = {name: (version, pip.get(name)) for name, version in conda.items() if pip.get(name) != version}
    assert not mismatched, f"environment.yml vs requirements.txt (conda, pip): {mismatched}"


def test_design_card_packages_are_pinned_in_both() -> None:
    conda, _ = conda_spec()
    pip = pip_pins()
    for package in ("jupyterlab", "pandas", "numpy", "matplotlib", "papermill", "nbval"):
        assert package in conda and package in pip, package


def test_package_dependencies_are_in_the_conda_environment() -> None:
    conda, _ = conda_spec()
    project = tomllib.loads((PROJECT_ROOT / "pyproject.toml").read_text())["project"]
    for requirement in project["dependencies"]:
        name = normalise(re.split(r"[<>=!~ ]", requirement)[0])
        assert name in conda, f"pyproject dependency {name} is missing from environment.yml"


def test_python_versions_agree() -> None:
    _, others = conda_spec()
    project = tomllib.loads((PROJECT_ROOT / "pyproject.toml").read_text())["project"]
    assert "python=3.11" in others
    assert project["requires-python"] == ">=3.11"
