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
LOG_DIR := var/log
CHROMIUM := /usr/bin/chromium
# $(call quietly,command): run a setup step with its output in the setup log; show the log's end if it fails.
quietly = $(1) >>$(LOG_DIR)/setup.log 2>&1 || { echo "Failed: $(1)"; tail -n 30 $(LOG_DIR)/setup.log; exit 1; }

.PHONY: run test install install-dev lint typecheck format check-deploy bench relevance clean

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
# Setup steps write to var/log/setup.log (shown when a step fails); the worker, the demo career sites and the crawl
# write to their own files in var/log/, so the terminal shows the web server only.
run: install
	@mkdir -p var $(LOG_DIR)
	@: > $(LOG_DIR)/setup.log
	@echo "Preparing the demo: database, gazetteer, demo data, search index, field model (log: $(LOG_DIR)/setup.log) …"
	@$(call quietly,$(PY) manage.py migrate --noinput)
	@$(call quietly,$(PY) manage.py load_regions)
	@$(call quietly,$(PY) manage.py seed_demo --no-index)
	@$(call quietly,$(PY) manage.py collectstatic --noinput)
	@$(call quietly,$(PY) manage.py search_reindex --no-progress)
	@# Built once per change of its inputs (half a minute; afterwards only loaded): not by the first request.
	@$(call quietly,$(PY) manage.py build_field_model)
	@$(call quietly,$(PY) manage.py setup_periodic_tasks)
	@echo ""
	@echo "  regiojobs runs on http://$(HOST):$(PORT)/  (API docs: /api/docs/, regional manager: /operator/, admin: /admin/)"
	@echo "  Demo career sites for the crawlers: http://127.0.0.1:$(DEMO_SITES_PORT)/ (crawled by the worker; /admin/crawlers/)"
	@echo "  Logins (user name or e-mail): operator (the regional manager) / $${DEMO_PASSWORD:-demo-password}  ·  each company: its slug / $${DEMO_PASSWORD:-demo-password}  ·  job seekers: seeker-1 … seeker-150 / $${DEMO_PASSWORD:-demo-password}"
	@echo "  Worker, crawler and demo-site logs: $(LOG_DIR)/   ·   Ctrl-C stops everything."
	@echo "  Sign up at /accounts/signup/: the confirmation link (and password reset mails) are printed right here."
	@echo "  The other e-mails the site sends are printed in $(LOG_DIR)/worker.log (set EMAIL_URL to send them elsewhere)."
	@echo ""
	@# Each process runs in its own process group (set -m while starting them), so Ctrl-C reaches this shell only;
	@# its trap stops each group once with SIGTERM (Celery warm shutdown; runserver and its reloader child), waits
	@# up to 20 s, then kills what is left.
	@export CELERY_BROKER_URL=$${CELERY_BROKER_URL:-filesystem://} SITE_URL=$${SITE_URL:-http://$(HOST):$(PORT)} CRAWLER_ALLOWED_ADDRESSES=$${CRAWLER_ALLOWED_ADDRESSES:-127.0.0.1:$(DEMO_SITES_PORT)}; \
	set -m; \
	$(VENV)/bin/celery -A config.celery_app worker --beat --pool=solo --loglevel=WARNING >$(LOG_DIR)/worker.log 2>&1 & worker=$$!; \
	$(PY) manage.py demo_career_sites --port $(DEMO_SITES_PORT) >$(LOG_DIR)/demo-sites.log 2>&1 & sites=$$!; \
	(sleep 5 && exec $(PY) manage.py crawl --all) >$(LOG_DIR)/crawl.log 2>&1 & crawl=$$!; \
	$(PY) manage.py runserver $(HOST):$(PORT) & web=$$!; \
	all="$$web $$worker $$sites $$crawl"; set +m; \
	stop() { \
		trap '' INT TERM PIPE; trap - EXIT; \
		for pid in $$all; do kill -TERM -- -$$pid 2>/dev/null; done; \
		echo ""; echo "  Stopping regiojobs (the worker finishes its current task) …"; \
		for _ in $$(seq 40); do \
			alive=""; for pid in $$all; do kill -0 -- -$$pid 2>/dev/null && alive=1; done; \
			[ -z "$$alive" ] && break; sleep 0.5; \
		done; \
		for pid in $$all; do kill -KILL -- -$$pid 2>/dev/null; done; \
		wait; echo "  Stopped."; exit 0; \
	}; \
	trap stop INT TERM EXIT; \
	wait -n $$web $$worker; \
	echo "  A process ended unexpectedly: see the output above and $(LOG_DIR)/worker.log."

## make test: install what the suite needs and run all of it (SQLite; set DATABASE_URL for PostgreSQL)
test: install-dev $(CHROMIUM) $(if $(wildcard package-lock.json),node_modules/.package-lock.json)
	$(PY) -m pytest $(PYTEST_ARGS)

# The browser tests drive Debian's Chromium (never a browser downloaded by Playwright): install it when missing.
$(CHROMIUM):
	@if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		echo "Installing Debian's Chromium for the browser tests …"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
		test -x $(CHROMIUM) || { echo "Debian's chromium package did not provide $(CHROMIUM)." >&2; exit 1; }; \
	else \
		echo "The browser tests need Chromium at $(CHROMIUM). Install it (Debian/Ubuntu: sudo apt-get install chromium)," >&2; \
		echo "then run make test again." >&2; \
		exit 1; \
	fi

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
	DJANGO_ALLOWED_HOSTS=jobs.example.org CELERY_BROKER_URL=redis://127.0.0.1:6379/0 CACHE_URL=redis://127.0.0.1:6379/1 \
	EMAIL_URL=smtp+tls://mail.example.org:587 SITE_URL=https://jobs.example.org \
	$(PY) manage.py check --deploy --fail-level WARNING

bench: install-dev
	$(PY) bench/search.py
	$(PY) bench/relevance.py --backend both
	$(PY) bench/pages.py
	$(VENV)/bin/pip install --quiet -e '.[bench]'
	$(PY) bench/crawl.py

relevance: install-dev
	$(PY) bench/relevance.py --backend both

clean:
	rm -rf var/ .pytest_cache .mypy_cache .ruff_cache
