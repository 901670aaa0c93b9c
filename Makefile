# medcare: the two commands are `make run` (demo) and `make test` (all tests).
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp

.PHONY: run test lint typecheck bench messages clean install

install: $(STAMP)

$(STAMP): pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

## make run: install, migrate the SQLite demo database under var/, seed the demo centre, and start
## the web server with a real Celery worker and beat (no Redis needed). Ctrl-C stops everything.
run: $(STAMP)
	@mkdir -p var
	DJANGO_DEBUG=1 $(PY) manage.py migrate --noinput
	DJANGO_DEBUG=1 $(PY) manage.py seed_demo
	DJANGO_DEBUG=1 exec $(PY) manage.py rundemo

## make test: the whole test suite with a one-line summary.
test: $(STAMP)
	$(PY) -m pytest -q $(PYTEST_ARGS)

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

typecheck: $(STAMP)
	DJANGO_DEBUG=1 $(VENV)/bin/mypy .

## make bench: every benchmarks/bench_*.py, each reporting ratios against a baseline of its own run.
bench: $(STAMP)
	@set -e; for b in benchmarks/bench_*.py; do echo "== $$b"; DJANGO_DEBUG=1 $(PY) $$b; done

## make messages: refresh the Chinese catalogue from the sources and compile it (needs gettext).
messages: $(STAMP)
	DJANGO_DEBUG=1 $(PY) manage.py makemessages -l zh_Hans --no-obsolete -i '.venv/*' -i 'var/*'
	$(PY) scripts/compile_messages.py

clean:
	rm -rf var .pytest_cache .mypy_cache .ruff_cache
