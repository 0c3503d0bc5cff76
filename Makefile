# Newsroom: the two set-up commands are `make run` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1:8000

.PHONY: run test lint format clean bench soak worker

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $@

## Install, migrate, load the demo publication and serve it on http://127.0.0.1:8000
run: $(VENV)/.installed
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py seed_demo
	@echo "Site:  http://$(HOST)/"
	@echo "Admin: http://$(HOST)/admin/"
	$(BIN)/python manage.py runserver $(HOST)

## Run background tasks from Redis (TASKS_BACKEND=rq REDIS_URL=redis://...; see docs/deployment.md)
worker: $(VENV)/.installed
	$(BIN)/python manage.py tasks_worker

## Install the test dependencies and run the whole test suite
test: $(VENV)/.installed
	$(BIN)/python -m pytest $(PYTEST_ARGS)

## Benchmark the public site under load (installs wrk from Debian if missing); writes bench/REPORT.md
bench: $(VENV)/.installed
	@command -v wrk >/dev/null || { test "$$(id -u)" = 0 && apt-get update -q && apt-get install -y -q wrk; } \
		|| { echo "make bench needs wrk: apt-get install -y wrk"; exit 1; }
	$(BIN)/python -m bench.run $(BENCH_ARGS)

## Load, editors and hostile feeds at once for 60 s (installs wrk if missing); writes bench/SOAK.md
soak: $(VENV)/.installed
	@command -v wrk >/dev/null || { test "$$(id -u)" = 0 && apt-get update -q && apt-get install -y -q wrk; } \
		|| { echo "make soak needs wrk: apt-get install -y wrk"; exit 1; }
	$(BIN)/python -m bench.soak $(SOAK_ARGS)

## Lint, check formatting and type-check (mypy with django-stubs, configured in pyproject.toml)
lint: $(VENV)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

format: $(VENV)/.installed
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache .mypy_cache
