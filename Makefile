# Unspoiled: `make run` serves the demo on http://127.0.0.1:5000, `make test` runs the suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app wsgi
HOST ?= 127.0.0.1
PORT ?= 5000

.PHONY: run test lint format install install-dev clean bench reliability screenshots test-tools

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@ $(VENV)/.installed

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

# A random SECRET_KEY for local runs, written once into the git-ignored instance folder.
instance/config.py: | $(BIN)/python
	mkdir -p instance
	$(BIN)/python -c "import secrets; print(f'SECRET_KEY = {secrets.token_hex(32)!r}')" > $@

run: $(VENV)/.installed instance/config.py
	$(FLASK) db upgrade
	$(FLASK) seed-demo
	$(FLASK) stats rebuild
	$(FLASK) run --host $(HOST) --port $(PORT)

test: $(VENV)/.installed-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/pytest

# The Nu HTML Checker for tests/browser/test_html_validity.py (needs npm and Java; the
# test skips without them, except under CI=true). The version is pinned in package.json.
VNU_JAR := tests/browser/vendor/node_modules/vnu-jar/build/dist/vnu.jar
$(VNU_JAR): tests/browser/vendor/package.json tests/browser/vendor/package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund --prefix tests/browser/vendor
	touch $@
test-tools: $(VNU_JAR)

# PNGs of the main pages (desktop 1280 / mobile 390, light / dark) into docs/screenshots/.
screenshots: $(VENV)/.installed-dev
	$(BIN)/python scripts/screenshots.py

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(VENV)/.installed-dev
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache

# Throughput at 10, 1,000 and 10,000 reviews, and failure drills (README, Performance).
# Both need the local PostgreSQL; bench needs wrk (Debian's package). BENCH_SECONDS=5 is quick.
bench: $(VENV)/.installed
	command -v wrk >/dev/null || (apt-get update -qq && apt-get install -y -qq wrk)
	$(BIN)/python bench/run.py

reliability: $(VENV)/.installed
	$(BIN)/python bench/reliability.py
