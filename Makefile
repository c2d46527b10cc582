# regiojobs — the two commands a newcomer needs: `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
HOST ?= 127.0.0.1
PORT ?= 8000
# Demo career sites the crawlers read (served locally by `make run`).
DEMO_SITES_PORT ?= 8001
STAMP_RUN := $(VENV)/.installed-run
STAMP_DEV := $(VENV)/.installed-dev

.PHONY: run test install install-dev lint typecheck format check-deploy bench clean

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip

$(STAMP_RUN): pyproject.toml | $(PY)
	$(PIP) install --quiet -e .
	touch $@

$(STAMP_DEV): pyproject.toml | $(PY)
	$(PIP) install --quiet -e '.[dev]'
	touch $@ $(STAMP_RUN)

install: $(STAMP_RUN)
install-dev: $(STAMP_DEV)

node_modules/.package-lock.json: package-lock.json
	npm ci --no-audit --no-fund --loglevel=error

## make run: set up everything and serve the demo on http://$(HOST):$(PORT)/ (Ctrl-C stops it all)
run: install
	@mkdir -p var
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_regions
	$(PY) manage.py seed_demo
	$(PY) manage.py collectstatic --noinput --verbosity 0
	$(PY) manage.py search_reindex
	$(PY) manage.py setup_periodic_tasks
	@echo ""
	@echo "  regiojobs runs on http://$(HOST):$(PORT)/  (API docs: /api/docs/, admin: /admin/)"
	@echo "  Demo career sites for the crawlers: http://127.0.0.1:$(DEMO_SITES_PORT)/ (crawled by the worker; /admin/crawlers/)"
	@echo "  Logins: operator / $${DEMO_PASSWORD:-demo-password}  ·  each company: its slug / $${DEMO_PASSWORD:-demo-password}"
	@echo ""
	@export CELERY_BROKER_URL=$${CELERY_BROKER_URL:-filesystem://} CRAWLER_ALLOWED_ADDRESSES=$${CRAWLER_ALLOWED_ADDRESSES:-127.0.0.1:$(DEMO_SITES_PORT)}; \
	trap 'kill 0' EXIT INT TERM; \
	$(VENV)/bin/celery -A config.celery_app worker --beat --pool=solo --loglevel=WARNING & \
	$(PY) manage.py demo_career_sites --port $(DEMO_SITES_PORT) & \
	(sleep 5 && $(PY) manage.py crawl --all) & \
	$(PY) manage.py runserver $(HOST):$(PORT)

## make test: install what the suite needs and run all of it (SQLite; set DATABASE_URL for PostgreSQL)
test: install-dev $(if $(wildcard package-lock.json),node_modules/.package-lock.json)
	$(PY) -m pytest $(PYTEST_ARGS)

lint: install-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

typecheck: install-dev
	$(VENV)/bin/mypy .

format: install-dev
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

check-deploy: install
	DJANGO_SETTINGS_MODULE=config.settings.production DJANGO_SECRET_KEY=$$(head -c 60 /dev/urandom | base64 | tr -d '\n/+=') \
	DJANGO_ALLOWED_HOSTS=jobs.example.org CACHE_URL=redis://127.0.0.1:6379/1 $(PY) manage.py check --deploy --fail-level WARNING

bench: install-dev
	$(PY) bench/search.py
	$(PY) bench/pages.py
	$(VENV)/bin/pip install --quiet -e '.[bench]'
	$(PY) bench/crawl.py

clean:
	rm -rf var/ .pytest_cache .mypy_cache .ruff_cache
