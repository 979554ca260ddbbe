# The one entry point.  `make` builds every report into reports/ (creating .venv first if it is
# missing); `make test` runs every test; `make diff` shows which figures moved; `make lab` opens
# JupyterLab; `make clean` removes outputs.
#
# Reports are built into a hidden staging folder beside REPORTS (.reports-staging/ for reports/),
# each report moved into place only when every cell of its notebook ran. Only when every report
# and the index are built is the whole set published into REPORTS, index.html last. So a failed
# build leaves REPORTS exactly as the last good build left it, and its index never links to a
# page that is missing.
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := all
# Every core by default; a -j on the command line (-j1 for one at a time) wins.
ifeq ($(filter -j%,$(MAKEFLAGS)),)
MAKEFLAGS += -j$(shell nproc 2>/dev/null || echo 2)
endif

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
ENV_STAMP := $(VENV)/.installed

# Reproducible batch runs: fixed hashing, kernels from this environment first, and this tree's
# peerlib (so this tree's data/) whichever tree the environment was installed from.
export PYTHONHASHSEED := 0
export JUPYTER_PREFER_ENV_PATH := 1
export PYDEVD_DISABLE_FILE_VALIDATION := 1
export PYTHONPATH := $(CURDIR)$(if $(PYTHONPATH),:$(PYTHONPATH))

# Every report at another price year with one setting, into a folder of its own:
# `make PRICE_YEAR=2024-25` builds reports-2024-25/ (REPORTS= names another folder).
PRICE_YEAR ?=
REPORTS ?= $(if $(PRICE_YEAR),reports-$(PRICE_YEAR),reports)
override REPORTS := $(patsubst %/,%,$(REPORTS))
STAGE := $(patsubst ./%,%,$(dir $(REPORTS)).$(notdir $(REPORTS))-staging)
PRICE_PARAM := $(if $(PRICE_YEAR),-p price_year $(PRICE_YEAR))
# The settings a build was made with; rewritten only when they change, so a change rebuilds.
SETTINGS := $(STAGE)/.settings
EXPECTED ?= reports/expected/results.csv

# One report per study in data/studies.csv, pooled or not; today's costs (the ratios re-costed) and a
# commissioner's business case, both at today's costs by design. If data/studies.csv (or, with
# PRICE_YEAR, data/price_index.csv) cannot be read, stop here with its name rather than build a site
# without the study reports.
NON_BUILD_GOALS := env test browser bench lab clean distclean
ifneq ($(filter-out $(NON_BUILD_GOALS),$(or $(MAKECMDGOALS),$(.DEFAULT_GOAL))),)
PLAN := $(shell $(PYTHON) scripts/list_reports.py $(PRICE_YEAR))
ifeq ($(PLAN),)
$(error nothing was built and $(REPORTS)/ is unchanged: fix what the error above names, then run make again)
endif
$(shell mkdir -p $(STAGE) && { [ "$$(cat $(SETTINGS) 2>/dev/null)" = "price_year=$(PRICE_YEAR)" ] || echo "price_year=$(PRICE_YEAR)" > $(SETTINGS); })
endif
STUDY_IDS := $(PLAN)

PAGES := $(STUDY_IDS:%=study-%) six_studies todays_costs business_case sensitivity leeds_crisis_house
# The teaching pack's worked solutions, for the teacher.
TEACHING := $(patsubst notebooks/teaching/solutions/%.ipynb,teaching/%,$(wildcard notebooks/teaching/solutions/*.ipynb))
# Every file a build publishes, relative to REPORTS: results, notebooks and pages, the results guide and
# the CHEERS checklist, index.html last.
OUTPUTS := $(PAGES:%=results/%.csv) $(foreach p,$(PAGES) $(TEACHING),$(p).ipynb $(p).html) results.csv \
	results_guide.html cheers.html index.html
FRAGMENTS := $(PAGES:%=$(STAGE)/results/%.csv)
# What the notebooks write (the index writes the rest), and each page's job file, the longest first.
PAGE_FILES := $(filter-out results.csv results_guide.html cheers.html index.html,$(OUTPUTS))
JOBS := $(patsubst %,$(STAGE)/.jobs/%,sensitivity $(filter-out sensitivity,$(PAGES)) $(TEACHING))
# Notebooks run at a time: make's -j (every core when -j has no number).
AT_ONCE := $(or $(patsubst -j%,%,$(firstword $(filter -j%,$(MAKEFLAGS)))),$(shell nproc 2>/dev/null || echo 2))
# A report is rebuilt when its notebook, any data file, peerlib, the runner, its template or a setting changes.
INPUTS := $(wildcard data/*.csv) $(shell find peerlib -name '*.py') scripts/run_notebook.py scripts/warm_kernel.py \
	scripts/report_page.py \
	$(wildcard scripts/templates/offline/*) $(ENV_STAMP) $(SETTINGS)
# A failed notebook says so, and that nothing was published.
RUN_NOTEBOOK = $(PY) scripts/run_notebook.py --publishes-to $(REPORTS)

.PHONY: all env test browser bench lab diff expected clean distclean
# Every step writes its files to a temporary name and renames them into place when it succeeds, so
# no half-written target can exist; make must never delete one either (no .DELETE_ON_ERROR), or a
# failed or interrupted build would take the last good reports with it.
.PRECIOUS: $(addprefix $(REPORTS)/,$(OUTPUTS)) $(addprefix $(STAGE)/,$(OUTPUTS)) $(JOBS)

all: $(REPORTS)/index.html

env: $(ENV_STAMP)

# Publish: reached only when every staged file below was built.
$(addprefix $(REPORTS)/,$(OUTPUTS)) &: $(addprefix $(STAGE)/,$(OUTPUTS)) scripts/publish.py
	@$(PY) scripts/publish.py $(STAGE) $(REPORTS) $(OUTPUTS)

# Each page's job: one line of scripts/run_notebook.py's arguments, written again whenever the page's
# notebook or any input changes. A job file newer than the last run is how make marks a page to rebuild.
JOB = @mkdir -p $(@D) && echo '$(1)' > $@

# One notebook serves every study; papermill sets study_id.
$(STAGE)/.jobs/study-%: notebooks/study.ipynb $(INPUTS)
	$(call JOB,$< $(STAGE)/study-$*.ipynb --results $(STAGE)/results/study-$*.csv --label study-$*.html \
		-p study_id $* $(PRICE_PARAM))

$(STAGE)/.jobs/teaching/%: notebooks/teaching/solutions/%.ipynb $(INPUTS)
	$(call JOB,$< $(STAGE)/teaching/$*.ipynb --index-link ../index.html --label teaching/$*.html)

# Today's costs and the business case are at today's costs by design: PRICE_YEAR does not apply.
$(STAGE)/.jobs/todays_costs $(STAGE)/.jobs/business_case: $(STAGE)/.jobs/%: notebooks/%.ipynb $(INPUTS)
	$(call JOB,$< $(STAGE)/$*.ipynb --results $(STAGE)/results/$*.csv --label $*.html)

$(STAGE)/.jobs/%: notebooks/%.ipynb $(INPUTS)
	$(call JOB,$< $(STAGE)/$*.ipynb --results $(STAGE)/results/$*.csv --label $*.html $(PRICE_PARAM))

# Every page whose job changed, in one run: warm kernels (scripts/warm_kernel.py), as many at a time
# as make's -j, the longest notebook first so that it is not the one left running at the end.
$(STAGE)/.pages: $(JOBS)
	@$(RUN_NOTEBOOK) --parallel $(AT_ONCE) --jobs-from $(filter $?,$(JOBS))
	@touch $@

# The pages are written by that run (order-only: a page is never older than it by mistake).
$(addprefix $(STAGE)/,$(PAGE_FILES)): | $(STAGE)/.pages ;

$(STAGE)/index.html $(STAGE)/results.csv $(STAGE)/results_guide.html $(STAGE)/cheers.html &: $(STAGE)/.pages \
		scripts/build_index.py
	@$(PY) scripts/build_index.py $(STAGE) $(FRAGMENTS) $(TEACHING:%=$(STAGE)/%.html)

# What moved: every figure of the built results.csv that differs from the committed expected one.
diff: $(REPORTS)/results.csv
	@$(PY) scripts/diff_results.py $(EXPECTED) $(REPORTS)/results.csv

# Accept the figures of this build as the expected ones (commit the file with the change that moved them).
expected: $(REPORTS)/results.csv
	@if [ -n "$(PRICE_YEAR)" ]; then echo "error: $(EXPECTED) holds the base-year build's figures;" \
		"run make expected without PRICE_YEAR" >&2; exit 1; fi
	@mkdir -p $(dir $(EXPECTED)) && cp $(REPORTS)/results.csv $(EXPECTED)
	@echo "$(EXPECTED) now holds the figures of $(REPORTS)/results.csv: commit it with the change that moved them"

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

# Prints timings side by side (the floor, a clean build, make test); asserts nothing.
bench: $(ENV_STAMP)
	$(PY) scripts/bench.py

lab: $(ENV_STAMP)
	$(VENV)/bin/jupyter lab notebooks/

# Removes every generated report folder and staging folder; keeps reports/README.md and reports/expected/.
clean:
	rm -rf $(STAGE) .reports-staging .reports-*-staging reports-*/
	@if [ -d $(REPORTS) ]; then find $(REPORTS) -mindepth 1 -maxdepth 1 ! -name README.md ! -name expected \
		-exec rm -rf {} +; fi
	rm -rf .pytest_cache .hypothesis .mypy_cache .ruff_cache

distclean: clean
	rm -rf $(VENV) peerlib.egg-info
