# sdfkit: two commands do everything on a fresh machine: `make reports` and `make test`.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
RAW ?= data/raw/
REPORT ?= $(firstword $(wildcard data/raw/*.txt))
JOBS ?=
FUZZ_CASES ?= 10000
SISTER_CASES ?= 2000

.DEFAULT_GOAL := help
.PHONY: help venv reports parse test lint format bench fuzz lab browser clean

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-8s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test,dask]"
	$(BIN)/python -m ipykernel install --sys-prefix --name python3 --display-name "Python 3 (sdfkit)" >/dev/null
	touch $(STAMP)

venv: $(STAMP) ## create .venv (if missing) and install sdfkit with its test tools

parse: $(STAMP) ## parse every report in data/raw/ into data/processed/<report-id>/ (+ corpus/ for several)
	$(BIN)/sdfkit parse "$(RAW)" --out data/processed

reports: $(STAMP) ## parse every report in data/raw/ once and run the notebooks that changed into reports/
	$(BIN)/sdfkit run "$(RAW)" --out reports $(if $(JOBS),--jobs $(JOBS))

test: $(STAMP) browser ## lint, then the whole suite: unit, golden, formats, sisters, batch, Dask, browser, nbval
	$(BIN)/ruff check sdfkit tests scripts notebooks
	$(BIN)/ruff format --check sdfkit tests scripts notebooks
	$(BIN)/python -m pytest tests notebooks --nbval-lax -p no:cacheprovider

lint: $(STAMP) ## ruff lint and format check
	$(BIN)/ruff check sdfkit tests scripts notebooks
	$(BIN)/ruff format --check sdfkit tests scripts notebooks

format: $(STAMP) ## apply ruff's fixes and formatting
	$(BIN)/ruff check --fix sdfkit tests scripts notebooks
	$(BIN)/ruff format sdfkit tests scripts notebooks

bench: $(STAMP) ## time formats, the 20-report batch vs floor and --jobs 1, Dask, unchanged and edited re-runs
	$(BIN)/python scripts/bench.py "$(REPORT)"

fuzz: $(STAMP) ## long runs: fuzzed text and formats (FUZZ_CASES=10000), sister reports (SISTER_CASES=2000)
	SDFKIT_FUZZ_CASES=$(FUZZ_CASES) SDFKIT_SISTER_CASES=$(SISTER_CASES) $(BIN)/python -m pytest \
	  tests/test_fuzz.py tests/test_fuzz_formats.py tests/test_sisters.py -q -p no:cacheprovider

lab: $(STAMP) ## open JupyterLab on notebooks/ with the project's kernel
	$(BIN)/jupyter lab notebooks/

browser: ## install headless Chromium for the site test, where this machine allows it
	@command -v chromium >/dev/null 2>&1 || { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1 && \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
	  || echo "chromium not installed: the browser test will be skipped"; }

clean: ## remove generated tables and reports (keeps .venv)
	rm -rf data/processed/* reports/*
	touch data/processed/.gitkeep reports/.gitkeep
