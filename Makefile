# The one entry point.  `make` builds every report into reports/ (creating .venv first if it is
# missing); `make test` runs every test; `make diff` shows which figures moved; `make lab` opens
# JupyterLab on a working copy of the notebooks; `make clean` removes outputs.
#
# Reports are built into a hidden staging folder beside REPORTS (.reports-staging/ for reports/),
# each report moved into place only when every cell of its notebook ran. Only when every report
# and the index are built is the whole set published into REPORTS, index.html last. So a failed
# build leaves REPORTS exactly as the last good build left it, and its index never links to a
# page that is missing.
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := all
# One report more than there are cores by default: each report spends part of its run waiting on its kernel
# (messages, and a quiet fifth of a second jupyter_client waits for as a kernel starts), and the extra one keeps
# every core busy meanwhile (on 2 cores the build took 31 s instead of 34). A -j on the command line wins.
ifeq ($(filter -j%,$(MAKEFLAGS)),)
MAKEFLAGS += -j$(shell echo $$(( $$(nproc 2>/dev/null || echo 2) + 1 )))
endif

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
# What make runs as it reads this file, twice each time: the environment's own Python once it exists and runs (a
# version manager's shim in front of python3 costs a tenth of a second a call), else the one that creates it.
BOOT_PY := $(or $(shell test -x $(PY) && echo $(PY)),$(PYTHON))
ENV_STAMP := $(VENV)/.installed
NBGRADER_VENV := .venv-nbgrader
NBGRADER_STAMP := $(NBGRADER_VENV)/.installed

# Reproducible batch runs: fixed hashing, kernels from this environment first, and this tree's
# peerlib (so this tree's data/) whichever tree the environment was installed from.
export PYTHONHASHSEED := 0
export JUPYTER_PREFER_ENV_PATH := 1
# The project's kernelspec (jupyter/kernels/python3): papermill, nbval and JupyterLab all use it.
export JUPYTER_PATH := $(CURDIR)/jupyter$(if $(JUPYTER_PATH),:$(JUPYTER_PATH))
export PYDEVD_DISABLE_FILE_VALIDATION := 1
# make runs a report on every core, so each kernel's numerical libraries (OpenBLAS, MKL) get one thread: two kernels
# with a thread per core each fight over the cores (the value-of-information regressions ran about four times slower).
export OMP_NUM_THREADS := 1
export PYTHONPATH := $(CURDIR)$(if $(PYTHONPATH),:$(PYTHONPATH))

# Every report at another price year with one setting, into a folder of its own:
# `make PRICE_YEAR=2024-25` builds reports-2024-25/ (REPORTS= names another folder).
PRICE_YEAR ?= ## build every report at this price year of data/price_index.csv, into reports-PRICE_YEAR/
REPORTS ?= $(if $(PRICE_YEAR),reports-$(PRICE_YEAR),reports)## the folder the reports are published to
override REPORTS := $(patsubst %/,%,$(REPORTS))
STAGE := $(patsubst ./%,%,$(dir $(REPORTS)).$(notdir $(REPORTS))-staging)
# The settings a build was made with; rewritten only when they change, so a change rebuilds.
SETTINGS := $(STAGE)/.settings
EXPECTED ?= reports/expected/results.csv## the results make diff compares with (the base year's)

# Every report of peerlib/present/pages.py, one word each: PAGE:NOTEBOOK[:NAME=VALUE...], the parameters
# papermill sets for it (a study's id, one report per study in data/studies.csv, pooled or not; the price year,
# except on the pages at today's costs by design). If data/studies.csv (or, with PRICE_YEAR,
# data/price_index.csv) cannot be read, stop here with its name rather than build a site without the study reports.
NON_BUILD_GOALS := env nbgrader-env test browser sandbox class bench lab clean distclean docs help
ifneq ($(filter-out $(NON_BUILD_GOALS),$(or $(MAKECMDGOALS),$(.DEFAULT_GOAL))),)
PLAN := $(shell $(BOOT_PY) scripts/list_reports.py $(PRICE_YEAR))
ifeq ($(PLAN),)
$(error nothing was built and $(REPORTS)/ is unchanged: fix what the error above names, then run make again)
endif
$(shell mkdir -p $(STAGE) && { [ "$$(cat $(SETTINGS) 2>/dev/null)" = "price_year=$(PRICE_YEAR)" ] || echo "price_year=$(PRICE_YEAR)" > $(SETTINGS); })
# A staged file edited by hand (its content no longer the one its run recorded) is rebuilt.
$(shell $(BOOT_PY) scripts/check_stage.py $(STAGE))
endif
fields = $(subst :, ,$(1))
PAGES := $(foreach r,$(PLAN),$(firstword $(call fields,$(r))))
# The teaching pack's worked solutions, for the teacher.
TEACHING := $(patsubst notebooks/teaching/solutions/%.ipynb,teaching/%,$(wildcard notebooks/teaching/solutions/*.ipynb))
# Every file a build publishes, relative to REPORTS: results, notebooks and pages, the results guide and
# the CHEERS checklist, index.html last.
OUTPUTS := $(PAGES:%=results/%.csv) $(foreach p,$(PAGES) $(TEACHING),$(p).ipynb $(p).html) results.csv \
	results_guide.html cheers.html index.html
FRAGMENTS := $(PAGES:%=$(STAGE)/results/%.csv)
INDEX_FILES := $(addprefix $(STAGE)/,index.html results.csv results_guide.html cheers.html)

# What every report is built with: the runner, the page template, the kernelspec, the environment, the settings.
BUILD_INPUTS := scripts/run_notebook.py peerlib/apps/warm_starts.py peerlib/apps/warm_kernels.py scripts/record_reads.py scripts/report_page.py \
	$(wildcard scripts/templates/offline/*) jupyter/kernels/python3/kernel.json $(ENV_STAMP) $(SETTINGS)
# What a report may read. Each run records what it did read (scripts/record_reads.py, like a compiler's
# -MD) in $(STAGE)/.deps/PAGE.d, which make includes: a report is rebuilt when, and only when, one of
# those files, its notebook or a build input changes. A report without a record depends on all of these.
EVERYTHING := $(wildcard data/*) $(shell find peerlib -name '*.py' 2>/dev/null)
DEPS := $(STAGE)/.deps
record_or_everything = $(if $(wildcard $(DEPS)/$(1).d),,$(EVERYTHING))
-include $(wildcard $(DEPS)/*.d $(DEPS)/teaching/*.d)

.PHONY: all env nbgrader-env test browser sandbox class bench lab diff expected clean distclean help docs
# Every step writes its files to a temporary name and renames them into place when it succeeds, so
# no half-written target can exist; make must never delete one either (no .DELETE_ON_ERROR), or a
# failed or interrupted build would take the last good reports with it.
.PRECIOUS: $(addprefix $(REPORTS)/,$(OUTPUTS)) $(addprefix $(STAGE)/,$(OUTPUTS))
.SUFFIXES:

all: $(REPORTS)/index.html ## build every report into REPORTS (reports/), publishing only a complete build

env: $(ENV_STAMP) ## create .venv with the pinned packages of requirements.txt

nbgrader-env: $(NBGRADER_STAMP) ## create .venv-nbgrader with the pinned nbgrader of requirements-nbgrader.txt

help: ## list the targets and the variables that change what they do
	@echo "make TARGET [VARIABLE=value ...]"; echo; echo "Targets:"
	@sed -n 's/^\([a-z][a-z-]*\):.*## \(.*\)/  \1|\2/p' $(firstword $(MAKEFILE_LIST)) | column -t -s '|'
	@echo; echo "Variables:"
	@sed -n 's/^\([A-Z_][A-Z_]*\) ?=[^#]*## \(.*\)/  \1|\2/p' $(firstword $(MAKEFILE_LIST)) | column -t -s '|'
	@echo; echo "docs/build.md describes the build, its guarantees and what an edit rebuilds."

# Publish: reached only when every staged file below was built.
$(addprefix $(REPORTS)/,$(OUTPUTS)) &: $(addprefix $(STAGE)/,$(OUTPUTS)) scripts/publish.py
	@$(PY) scripts/publish.py $(STAGE) $(REPORTS) $(OUTPUTS)

# Every file of data/ read with the reports' own loaders before any kernel starts, so a bad value stops the build
# here in about two seconds with the message its notebook would give. Order-only for the reports: passing the
# check rebuilds nothing that did not read the file that changed.
DATA_CHECKED := $(STAGE)/.data-checked
# What the check read is recorded like a report's, so touching a module no loader imports re-runs nothing.
# The servers of the reports' runs and kernels (peerlib/apps/warm_starts.py) are started beside it, to import their
# libraries meanwhile.
$(DATA_CHECKED): scripts/check_data.py scripts/record_reads.py $(ENV_STAMP) $(SETTINGS) \
		$(call record_or_everything,data-check)
	@$(PY) peerlib/apps/warm_starts.py start &
	@$(PY) scripts/record_reads.py $(DEPS)/data-check.d $@ -- scripts/check_data.py $(PRICE_YEAR) --stamp $@ || { \
		echo "nothing was built and $(REPORTS)/ is unchanged: fix what the error above names, then run make again" >&2; \
		exit 1; }

# One report: $(1) the page, $(2) its notebook, $(3) the runner's options. The executed notebook, the page
# and the results are made together, so a missing one (in the staging folder too) rebuilds the report. What the
# run printed on stderr is kept in $(DEPS)/PAGE.err (and shown), so a test can see that every report's last
# build was quiet without building it again.
define REPORT
$(STAGE)/$(1).html $(STAGE)/$(1).ipynb $(if $(filter teaching/%,$(1)),,$(STAGE)/results/$(1).csv) &: $(2) \
		$(BUILD_INPUTS) $(call record_or_everything,$(1)) | $(DATA_CHECKED)
	@mkdir -p $(dir $(DEPS)/$(1)) && status=0 && $(PY) scripts/run_notebook.py $(2) $(STAGE)/$(1).ipynb \
		--depfile $(DEPS)/$(1).d --publishes-to $(REPORTS) --label $(1).html $(3) 2> $(DEPS)/$(1).err || status=$$$$?; \
		cat $(DEPS)/$(1).err >&2; exit $$$$status
endef
results = --results $(STAGE)/results/$(1).csv
# A report of PLAN: its page, its notebook, and -p NAME VALUE for each parameter after them.
plan_report = $(call REPORT,$(word 1,$(2)),notebooks/$(word 2,$(2)).ipynb,$(call results,$(word 1,$(2)))\
	$(foreach p,$(wordlist 3,$(words $(2)),$(2)), -p $(subst =, ,$(p))))
$(foreach r,$(PLAN),$(eval $(call plan_report,,$(call fields,$(r)))))
$(foreach p,$(TEACHING),$(eval $(call REPORT,$(p),notebooks/teaching/solutions/$(notdir $(p)).ipynb,\
	--index-link ../index.html)))

# The index, results and guides, from every page, the index in the pages' template (its reads recorded like a report's).
$(INDEX_FILES) &: $(FRAGMENTS) $(foreach p,$(PAGES) $(TEACHING),$(STAGE)/$(p).html) scripts/build_index.py \
		scripts/report_page.py $(wildcard scripts/templates/offline/*) scripts/record_reads.py $(ENV_STAMP) \
		$(call record_or_everything,index)
	@$(PY) scripts/record_reads.py $(DEPS)/index.d $(INDEX_FILES) -- scripts/build_index.py $(STAGE) $(FRAGMENTS) \
		$(TEACHING:%=$(STAGE)/%.html)

# A data/ file a report read when it was last built, and now missing.
data/%:
	@echo "error: data/$* is missing; the reports read it when they were last built. Restore it (git checkout" \
		"data/$*), or if it is gone for good run make clean first. Nothing was published: $(REPORTS)/ keeps" \
		"the last good build" >&2; exit 1

# What moved: every figure of the built results.csv that differs from the committed expected one.
# The committed expectation is the base year's: a PRICE_YEAR build has none unless EXPECTED names one.
BASE_EXPECTED := reports/expected/results.csv
ifeq ($(if $(PRICE_YEAR),$(EXPECTED)),$(BASE_EXPECTED))
diff:
	@echo "make diff: there are no expected figures for PRICE_YEAR=$(PRICE_YEAR): $(EXPECTED) holds the base" \
		"year's. Run make diff without PRICE_YEAR, or name a results.csv to compare with: EXPECTED=path" >&2; exit 1
else
diff: $(REPORTS)/results.csv ## list every figure of the build that differs from EXPECTED
	@$(PY) scripts/diff_results.py $(EXPECTED) $(REPORTS)/results.csv
endif

# Accept the figures of this build as the expected ones (commit the file with the change that moved them).
expected: $(REPORTS)/results.csv ## accept this build's figures as the expected ones
	@if [ -n "$(PRICE_YEAR)" ]; then echo "error: $(EXPECTED) holds the base-year build's figures;" \
		"run make expected without PRICE_YEAR" >&2; exit 1; fi
	@mkdir -p $(dir $(EXPECTED)) && cp $(REPORTS)/results.csv $(EXPECTED)
	@echo "$(EXPECTED) now holds the figures of $(REPORTS)/results.csv: commit it with the change that moved them"

# Rebuilt only when the pinned requirements or the package metadata change. uv (pinned in requirements.txt)
# installs the rest: several times faster than pip (make bench measures both), and it shows its progress. It compiles
# the bytecode as pip does, so no kernel compiles pandas and matplotlib again where Python may not write it
# (PYTHONDONTWRITEBYTECODE, a read-only environment): that doubled every report's time.
UV := $(VENV)/bin/uv
$(ENV_STAMP): requirements.txt pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed (found " + sys.version.split()[0] + "); set PYTHON=python3.11")'
	@echo "Creating the environment in $(VENV): about a minute with uv (pip alone takes five or more)"
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	@test -x $(UV) || $(PY) -m pip install --quiet --disable-pip-version-check "$$(grep '^uv==' requirements.txt)"
	$(UV) pip install --compile-bytecode --python $(PY) -r requirements.txt
	$(UV) pip install --python $(PY) --no-deps -e .
	@touch $@

# nbgrader, for the test that grades the teaching pack with it, in an environment of its own: it pins Jupyter packages
# that need not agree with requirements.txt. Its autograde runs the notebooks in the project's kernel (.venv), so this
# environment holds nbgrader alone (a few seconds with uv). Rebuilt only when its pins change. Every nbgrader command
# (and the alembic it runs) imports nbformat, whose jsonschema compiles an IRI grammar on import when rfc3987-syntax
# is installed: a second a process, for a check no notebook needs. A .pth file leaves it out at start-up, as
# peerlib/apps/__init__.py leaves it out of this project's processes.
$(NBGRADER_STAMP): requirements-nbgrader.txt | $(ENV_STAMP)
	@echo "Creating the environment in $(NBGRADER_VENV) for nbgrader"
	@test -x $(NBGRADER_VENV)/bin/python || $(PYTHON) -m venv --without-pip $(NBGRADER_VENV)
	$(UV) pip install --compile-bytecode --python $(NBGRADER_VENV)/bin/python -r requirements-nbgrader.txt
	@printf 'import sys; sys.modules.setdefault("rfc3987_syntax", None)\n' \
		> "$$($(NBGRADER_VENV)/bin/python -c 'import site; print(site.getsitepackages()[0])')/light_nbformat.pth"
	@touch $@

# nbval runs every notebook top to bottom in the project's kernel and compares the outputs of the cells
# tagged nbval-check-output (--nbval-lax); loadscope keeps each notebook's cells on one worker, and hands the
# notebooks out in the order given: the largest (the longest to run) first, so that no long one is left to run
# alone at the end (nbval took about 16 s with the sensitivity analysis last, 13.5 to 15 s with it first).
test: $(ENV_STAMP) $(NBGRADER_STAMP) browser sandbox ## run every test: the test suite, then nbval on the notebooks
	$(PY) -m pytest
	$(PY) -m pytest -p nbval --nbval-lax --nbval-current-env --dist loadscope $$(ls -S notebooks/*.ipynb)

# The browser test drives Debian's Chromium; as root (as in CI) it is installed when missing.
CHROMIUM ?= /usr/bin/chromium
browser: ## install Debian's chromium for the browser test, when root and missing
	@test -x $(CHROMIUM) || { if [ "$$(id -u)" = 0 ]; then \
	  echo "Installing Debian's chromium for the browser test"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium >/dev/null; \
	else echo "note: $(CHROMIUM) not found and not root: install Debian's chromium, or the browser test is skipped"; fi; }

# The teaching pack for a class: `make class ROSTER=roster.csv` writes class/STUDENT_ID/NN_name.ipynb, each student
# with their own values (docs/teaching.md; CLASS= names another folder, SEED= another draw).
ROSTER ?= ## a class's roster (CSV with a column student_id), for make class
CLASS ?= class## the folder make class writes the students' notebooks to
SEED ?= ## the class's seed for make class: another draws other values for every student (default: peerlib's)
class: $(ENV_STAMP) ## hand out the teaching pack to every student of ROSTER, into CLASS/
	@test -n "$(ROSTER)" || { echo "error: ROSTER: expected a roster file (make class ROSTER=roster.csv), found none" >&2; exit 2; }
	@$(PY) -m peerlib class handout --roster $(ROSTER) --out $(CLASS) $(if $(SEED),--seed $(SEED))

# Grading runs a student's code in Debian's bubblewrap where the machine has it (docs/teaching.md); as root (as in
# CI) it is installed when missing, so the test of the sandbox runs.
BWRAP ?= /usr/bin/bwrap
sandbox: ## install Debian's bubblewrap, the sandbox grading runs students' code in, when root and missing
	@test -x $(BWRAP) || { if [ "$$(id -u)" = 0 ]; then \
	  echo "Installing Debian's bubblewrap for grading's sandbox"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends bubblewrap >/dev/null; \
	else echo "note: $(BWRAP) not found and not root: grading runs students' code without a sandbox, and its test is skipped"; fi; }

# Prints timings side by side (the floor, a clean build, make test); asserts nothing.
docs: $(ENV_STAMP) ## write docs/parameters.md from the notebooks' parameters and data/
	@$(PY) scripts/make_docs.py

bench: $(ENV_STAMP) ## time a clean build, a one-input rebuild, make test, creating the environment
	$(PY) scripts/bench.py

# JupyterLab works on a copy of notebooks/ in lab/, which git ignores, so what a session saves (autosave,
# outputs, a changed parameter) never changes a tracked file. A notebook is copied when it is missing there or
# notebooks/ holds a newer one (cp -u); a saved copy it replaces is kept beside it as NAME.ipynb.~1~. As root
# (containers, many lab machines) JupyterLab needs --allow-root.
LAB_ARGS ?= ## options for JupyterLab, e.g. make lab LAB_ARGS="--port 8899"
LAB_DIR := lab
lab: $(ENV_STAMP) ## open JupyterLab on lab/, a working copy of notebooks/ git ignores (options in LAB_ARGS)
	@mkdir -p $(LAB_DIR) && cp -R -u --backup=numbered notebooks/. $(LAB_DIR)/
	@echo "JupyterLab opens $(LAB_DIR)/, a copy of notebooks/ that git ignores: to keep a change, edit notebooks/NAME.py"
	$(VENV)/bin/jupyter lab $(LAB_DIR)/ $(if $(filter 0,$(shell id -u)),--allow-root) $(LAB_ARGS)

# Removes every generated report folder and staging folder; keeps reports/README.md and reports/expected/.
clean: ## remove every built report and staging folder (keeps reports/README.md, expected/)
	rm -rf $(STAGE) .reports-staging .reports-*-staging reports-*/
	@if [ -d $(REPORTS) ]; then find $(REPORTS) -mindepth 1 -maxdepth 1 ! -name README.md ! -name expected \
		-exec rm -rf {} +; fi
	rm -rf .pytest_cache .hypothesis .mypy_cache .ruff_cache

distclean: clean ## clean, and remove .venv and .venv-nbgrader
	rm -rf $(VENV) $(NBGRADER_VENV) peerlib.egg-info
