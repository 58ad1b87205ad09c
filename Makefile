# The one list of commands. `make run` and `make test` are all a newcomer needs.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
SIZE ?= 100000
# Two test processes (pytest-xdist), each with its own test database: the suite takes about half as long.
PYTEST_ARGS ?= -n 2
# Development defaults; production sets its own environment (see README).
export DEBUG ?= true

.PHONY: run test test-tools lint migrate demo stop bench bench-writes bench-after-write bench-figures bench-cold bench-quick clean-db check messages stack-test

$(STAMP): pyproject.toml
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "Python 3.11 is needed (set PYTHON=/path/to/python3.11)"; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $(STAMP)

migrate: $(STAMP)
	$(BIN)/python manage.py migrate --noinput

demo: migrate
	$(BIN)/python manage.py load_demo

# The site and, beside it, the task worker that runs CSV imports (stopped with the server).
run: demo
	$(BIN)/python manage.py demo_login
	$(BIN)/python manage.py db_worker --no-reload & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(BIN)/python manage.py runserver 127.0.0.1:8000

# Installs Debian's chromium and redis-server first when they are missing (as root), or says what to install.
test: $(STAMP) test-tools
	$(BIN)/python -m pytest $(PYTEST_ARGS)

test-tools:
	@ops/ensure-test-tools

# The production recipe (deploy/) on this machine: PostgreSQL 15 primary + replica, Redis, two app servers,
# nginx with TLS, checked over HTTPS and loaded for 60 s (README "Production"). Needs root.
stack-test: $(STAMP)
	$(BIN)/python -m ops.stack_test

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

check: $(STAMP)
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/python manage.py check

stop: $(STAMP)
	$(BIN)/python manage.py embedded_db stop

bench: $(STAMP)
	$(BIN)/python -m bench.run --size $(SIZE)

# What one staff write per second costs readers (cached profiles, documents, lists), on the same database.
bench-writes: $(STAMP)
	$(BIN)/python -m bench.writes --size $(SIZE)

# The first answer after a staff write, request type by type, in process (what the finer cache keys save).
bench-after-write: $(STAMP)
	$(BIN)/python -m bench.after_write --size $(SIZE)

# What each public statistic costs computed afresh (caches off), in process.
bench-figures: $(STAMP)
	$(BIN)/python -m bench.figures --size $(SIZE)

# The way readers load it: distinct people, searches, deep pages, filters and statistics (the response cache
# mostly misses), app vs Datasette, quiet and under one write per second, at concurrency 1, 8 and 32.
bench-cold: $(STAMP)
	$(BIN)/python -m bench.cold --size $(SIZE)

# Interface translations: extract strings, fill be/ru from locale/translations.py, compile the .mo files (needs gettext).
messages: $(STAMP)
	$(BIN)/python manage.py makemessages -l be -l ru --ignore=.venv --ignore=var --ignore=tests --ignore=locale --ignore=bench --no-obsolete
	$(BIN)/python locale/translations.py
	$(BIN)/python manage.py compilemessages --ignore=.venv
