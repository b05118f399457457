# e-Kinerja: `make run` sets up what is missing and serves the app; `make test` sets up and runs the suite.
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
MANAGE := $(PY) manage.py
PYTHON ?= python3
HOST ?= 127.0.0.1
PORT ?= 8000
# When DATABASE_URL comes from the environment we use it and leave the local cluster alone.
LOCAL_DB := $(if $(DATABASE_URL),,yes)

.PHONY: help setup system db db-stop run test ci lint format migrations-check deploy-check bench clean

help:
	@echo "make run     set up what is missing, load demo data and serve on http://$(HOST):$(PORT)"
	@echo "make test    set up what is missing and run the whole test suite"
	@echo "make ci      lint, migration check, deploy check, then make test (what .ci/run does)"
	@echo "make bench   run the benchmarks in benchmarks/"
	@echo "make db-stop stop the project-local PostgreSQL"

system:
	@scripts/setup-system.sh

$(VENV)/.installed-base: requirements.txt
	@test -x $(PY) || { echo "==> Creating the virtualenv $(VENV)/"; $(PYTHON) -m venv $(VENV); }
	@echo "==> Installing Python packages from requirements.txt into $(VENV)/ (a minute or two the first time)"
	@$(PIP) install -q --disable-pip-version-check --upgrade pip 2>&1 | grep -v "^WARNING: Location" || true
	@$(PIP) install -q --disable-pip-version-check -r requirements.txt 2>&1 | grep -v "^WARNING: Location" || true
	@$(PY) -c "import django, weasyprint" && touch $@

$(VENV)/.installed-dev: $(VENV)/.installed-base requirements-dev.txt
	@echo "==> Installing the test tools from requirements-dev.txt into $(VENV)/"
	@$(PIP) install -q --disable-pip-version-check -r requirements-dev.txt 2>&1 | grep -v "^WARNING: Location" || true
	@$(PY) -c "import pytest, playwright" && touch $@

# A local .env (git-ignored) so that manage.py and pytest work by hand too; the environment overrides it.
.env:
	@echo "DEBUG=true" > $@
	@echo "SECRET_KEY=dev-$$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')" >> $@
	@echo "DATABASE_URL=$$(scripts/pg.sh url)" >> $@
	@echo "==> Wrote .env for local development"

db:
ifeq ($(LOCAL_DB),yes)
	@scripts/pg.sh start
endif

db-stop:
	@scripts/pg.sh stop

setup: system $(VENV)/.installed-base .env db
	@echo "==> Migrating the database"
	@$(MANAGE) migrate --noinput -v 0

run: setup
	@echo "==> Loading the demo data"
	@$(MANAGE) seed_demo --url http://$(HOST):$(PORT)/
	@$(MANAGE) runserver $(HOST):$(PORT)

test: system $(VENV)/.installed-dev .env db
	@$(VENV)/bin/pytest -n 2 $(PYTEST_ARGS)

lint: $(VENV)/.installed-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(VENV)/.installed-dev
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

migrations-check: setup
	$(MANAGE) makemigrations --check --dry-run

# Production-like settings: what `check --deploy` must pass with no warning at all.
deploy-check: $(VENV)/.installed-base .env
	DEBUG=false SECRET_KEY="$$(head -c 48 /dev/urandom | base64)" ALLOWED_HOSTS=ekinerja.example.go.id \
	  $(MANAGE) check --deploy --fail-level WARNING

ci: lint migrations-check deploy-check test

bench: setup $(VENV)/.installed-dev
	$(PY) benchmarks/import_pegawai.py
	$(PY) benchmarks/detail_skp.py
	$(PY) benchmarks/cetak_skp.py
	$(PY) benchmarks/deadline_rush.py
	$(PY) benchmarks/page_cost.py
	$(PY) benchmarks/round_trip.py
	$(PY) benchmarks/laporan.py
	$(PY) benchmarks/api.py
	$(PY) benchmarks/harian_insert.py

clean:
	rm -rf $(VENV) .pytest_cache staticfiles
