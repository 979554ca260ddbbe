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

# Reproducible batch runs: fixed hashing, kernels from this environment first.
export PYTHONHASHSEED := 0
export JUPYTER_PREFER_ENV_PATH := 1
export PYDEVD_DISABLE_FILE_VALIDATION := 1

REPORTS ?= reports
# One report per study in data/studies.csv, pooled or not; today's costs (the ratios re-costed) and
# a commissioner's business case, both at today's costs by design.
STUDY_IDS := $(shell $(PYTHON) -c 'import csv; print(*[r["study_id"] for r in csv.DictReader(open("data/studies.csv", encoding="utf-8"))])' 2>/dev/null)
FRAGMENTS := $(STUDY_IDS:%=$(REPORTS)/results/study-%.csv) $(REPORTS)/results/six_studies.csv \
	$(REPORTS)/results/todays_costs.csv $(REPORTS)/results/business_case.csv $(REPORTS)/results/sensitivity.csv \
	$(REPORTS)/results/leeds_crisis_house.csv
# The teaching pack's worked solutions, for the teacher.
TEACHING_PAGES := $(patsubst notebooks/teaching/solutions/%.ipynb,$(REPORTS)/teaching/%.html,\
	$(wildcard notebooks/teaching/solutions/*.ipynb))
# Every report at another price year with one setting: make PRICE_YEAR=2024-25 REPORTS=reports-2024-25
PRICE_YEAR ?=
PRICE_PARAM := $(if $(PRICE_YEAR),-p price_year $(PRICE_YEAR))
# A report is rebuilt when its notebook, any data file, peerlib or the runner changes.
INPUTS := $(wildcard data/*.csv) $(wildcard peerlib/*.py) scripts/run_notebook.py $(ENV_STAMP)
RUN_NOTEBOOK := $(PY) scripts/run_notebook.py

.PHONY: all env test browser bench lab clean distclean

all: $(REPORTS)/index.html

env: $(ENV_STAMP)

$(REPORTS)/index.html $(REPORTS)/results.csv &: $(FRAGMENTS) $(TEACHING_PAGES) scripts/build_index.py
	$(PY) scripts/build_index.py $(REPORTS) $(FRAGMENTS)
	@echo "Reports are in $(REPORTS)/: open $(REPORTS)/index.html"

# One notebook serves every study; papermill sets study_id.
$(REPORTS)/study-%.html $(REPORTS)/study-%.ipynb $(REPORTS)/results/study-%.csv: notebooks/study.ipynb $(INPUTS)
	@echo "== notebooks/study.ipynb with study_id=$* -> $(REPORTS)/study-$*.html"
	$(RUN_NOTEBOOK) $< $(REPORTS)/study-$*.ipynb --results $(REPORTS)/results/study-$*.csv -p study_id $* $(PRICE_PARAM)

$(REPORTS)/teaching/%.html $(REPORTS)/teaching/%.ipynb: notebooks/teaching/solutions/%.ipynb $(INPUTS)
	@echo "== $< -> $(REPORTS)/teaching/$*.html"
	$(RUN_NOTEBOOK) $< $(REPORTS)/teaching/$*.ipynb

# Today's costs and the business case are at today's costs by design: PRICE_YEAR does not apply.
$(REPORTS)/todays_costs.html $(REPORTS)/todays_costs.ipynb $(REPORTS)/results/todays_costs.csv &: \
		notebooks/todays_costs.ipynb $(INPUTS)
	@echo "== $< -> $(REPORTS)/todays_costs.html"
	$(RUN_NOTEBOOK) $< $(REPORTS)/todays_costs.ipynb --results $(REPORTS)/results/todays_costs.csv

$(REPORTS)/business_case.html $(REPORTS)/business_case.ipynb $(REPORTS)/results/business_case.csv &: \
		notebooks/business_case.ipynb $(INPUTS)
	@echo "== $< -> $(REPORTS)/business_case.html"
	$(RUN_NOTEBOOK) $< $(REPORTS)/business_case.ipynb --results $(REPORTS)/results/business_case.csv

$(REPORTS)/%.html $(REPORTS)/%.ipynb $(REPORTS)/results/%.csv: notebooks/%.ipynb $(INPUTS)
	@echo "== $< -> $(REPORTS)/$*.html"
	$(RUN_NOTEBOOK) $< $(REPORTS)/$*.ipynb --results $(REPORTS)/results/$*.csv $(PRICE_PARAM)

# Rebuilt only when the pinned requirements or the package metadata change.
$(ENV_STAMP): requirements.txt pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed (found " + sys.version.split()[0] + "); set PYTHON=python3.11")'
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps -e .
	@touch $@

test: $(ENV_STAMP) browser
	$(PY) -m pytest

# The browser test drives Debian's Chromium; as root (as in CI) it is installed when missing.
CHROMIUM ?= /usr/bin/chromium
browser:
	@test -x $(CHROMIUM) || { if [ "$$(id -u)" = 0 ]; then \
	  echo "Installing Debian's chromium for the browser test"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium >/dev/null; \
	else echo "note: $(CHROMIUM) not found and not root: install Debian's chromium, or the browser test is skipped"; fi; }

# Prints timings (PSA at 10^6 draws against a per-draw loop, a clean and a no-op make); asserts nothing.
bench: $(ENV_STAMP)
	$(PY) scripts/bench.py

lab: $(ENV_STAMP)
	$(VENV)/bin/jupyter lab notebooks/

clean:
	find $(REPORTS) -mindepth 1 ! -name README.md -exec rm -rf {} +
	rm -rf .pytest_cache .hypothesis .mypy_cache .ruff_cache

distclean: clean
	rm -rf $(VENV) peerlib.egg-info
