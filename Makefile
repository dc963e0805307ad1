# Hearth: the front door for developers. `make help` lists the targets.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
MANAGE := $(PY) manage.py
HOST ?= 127.0.0.1
PORT ?= 8000
DEMO_PASSWORD ?= hearth-demo-2026

.DEFAULT_GOAL := help
.PHONY: help setup assets migrate demo run test test-sqlite test-postgres test-system lint format bench clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-14s %s\n", $$1, $$2}'

$(VENV)/.installed: pyproject.toml
	test -x $(PY) || python3 -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet -e '.[dev]'
	touch $@

node_modules/.installed: package.json
	npm install --no-audit --no-fund --loglevel=error
	touch $@

setup: $(VENV)/.installed assets ## Create .venv, install dependencies, build front-end assets

assets: node_modules/.installed ## Build the GOV.UK Frontend assets into var/frontend
	npm run --silent build

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

lint: setup ## ruff, ruff format --check, mypy and the scoped-query lint
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy hearth config
	$(PY) scripts/lint_scoped_queries.py

format: setup ## Apply ruff's fixes and formatting
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

test: lint test-sqlite test-postgres test-system ## The whole suite: lint, SQLite, PostgreSQL, browser journeys

test-sqlite: setup ## Unit and integration tests on SQLite
	$(VENV)/bin/pytest -n 2 -m "not system" -q -p no:cacheprovider

test-postgres: setup ## The same tests on a throwaway PostgreSQL (or $$DATABASE_URL)
	$(PY) scripts/with_postgres.py $(VENV)/bin/pytest -n 2 -m "not system" -q -p no:cacheprovider

test-system: setup ## Browser journeys in Debian's Chromium with axe-core checks
	$(PY) scripts/ensure_chromium.py
	$(VENV)/bin/pytest -m system -q -p no:cacheprovider tests/system

bench: setup ## Benchmarks: demo build time and memory, page render times
	$(PY) bench/run.py

clean: ## Remove the local database, documents and built assets
	rm -rf var/
