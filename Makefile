# The one entry point.  `make` builds every report into reports/ (creating .venv first if it is
# missing); `make test` runs every test; `make lab` opens JupyterLab; `make clean` removes outputs.
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DELETE_ON_ERROR:
.DEFAULT_GOAL := all

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
ENV_STAMP := $(VENV)/.installed

# Reproducible batch runs: no display, fixed hashing, kernels from this environment first.
export MPLBACKEND := Agg
export PYTHONHASHSEED := 0
export JUPYTER_PREFER_ENV_PATH := 1
export PYDEVD_DISABLE_FILE_VALIDATION := 1

.PHONY: all env test lab clean distclean

all: env

env: $(ENV_STAMP)

# Rebuilt only when the pinned requirements or the package metadata change.
$(ENV_STAMP): requirements.txt pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed (found " + sys.version.split()[0] + "); set PYTHON=python3.11")'
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps -e .
	@touch $@

test: $(ENV_STAMP)
	$(PY) -m pytest

lab: $(ENV_STAMP)
	$(VENV)/bin/jupyter lab notebooks/

clean:
	rm -rf reports/* .pytest_cache .hypothesis .mypy_cache .ruff_cache

distclean: clean
	rm -rf $(VENV) peerlib.egg-info
