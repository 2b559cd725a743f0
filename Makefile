# Unspoiled: `make run` serves the demo on http://127.0.0.1:5000, `make test` runs the suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app wsgi
HOST ?= 127.0.0.1
PORT ?= 5000

.PHONY: run test lint format install install-dev lock clean bench bench-markup reliability screenshots test-tools

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Exactly the pinned, hash-checked dependencies of the lock files, then the project itself
# (editable, built by the setuptools the lock files pin). `pip check` fails if pyproject.toml
# asks for a package the lock file lacks: run `make lock`.
$(VENV)/.installed: requirements/main.txt pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet --require-hashes -r requirements/main.txt
	$(BIN)/pip install --quiet --no-deps --no-build-isolation -e .
	$(BIN)/pip check
	touch $@

$(VENV)/.installed-dev: requirements/dev.txt pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet --require-hashes -r requirements/dev.txt
	$(BIN)/pip install --quiet --no-deps --no-build-isolation -e .
	$(BIN)/pip check
	touch $@ $(VENV)/.installed

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

# The lock files, from pyproject.toml: its dependencies (main.txt), plus the dev extra (dev.txt),
# plus the build backend, for Python 3.11+ on any platform. Pins already there are kept;
# `make lock UPGRADE=1` moves every pin to the newest release allowed.
UV_VERSION := 0.13.9
UV_COMPILE = $(BIN)/uv pip compile --quiet --universal --python-version 3.11 --generate-hashes \
	--custom-compile-command 'make lock' $(if $(UPGRADE),--upgrade)
BUILD_REQUIRES = $(BIN)/python -c "import tomllib; \
	print(*tomllib.load(open('pyproject.toml', 'rb'))['build-system']['requires'], sep='\n')"

lock: | $(BIN)/python
	$(BIN)/pip install --quiet uv==$(UV_VERSION)
	mkdir -p requirements
	$(BUILD_REQUIRES) | $(UV_COMPILE) pyproject.toml - -o requirements/main.txt
	$(BUILD_REQUIRES) | $(UV_COMPILE) pyproject.toml - --extra dev \
		-c requirements/main.txt -o requirements/dev.txt

# A random SECRET_KEY for local runs, written once into the git-ignored instance folder.
instance/config.py: | $(BIN)/python
	mkdir -p instance
	$(BIN)/python -c "import secrets; print(f'SECRET_KEY = {secrets.token_hex(32)!r}')" > $@

run: $(VENV)/.installed instance/config.py
	$(FLASK) db upgrade
	$(FLASK) seed-demo
	$(FLASK) stats rebuild
	$(FLASK) run --host $(HOST) --port $(PORT)

# The suite runs on every core (pytest-xdist; `make test PYTEST_WORKERS=0` runs it in one
# process): each worker has its own SQLite files, PostgreSQL database and live server.
PYTEST_WORKERS ?= auto
test: $(VENV)/.installed-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/pytest -n $(PYTEST_WORKERS)

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

# What rendering a member's Markdown can cost: every pathological family at 60,000 and
# 4,000 characters beside a plain review (no database; writes bench/results/<date>-markup.md).
bench-markup: $(VENV)/.installed
	$(BIN)/python bench/markup.py
