# The two commands a newcomer needs: `make demo` and `make test`. Everything else builds on `make install`.
SHELL := /bin/bash
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
DATA_DIR ?= $(abspath ../shared/data)
export ESTIMATIVE_DATA_DIR := $(DATA_DIR)

.PHONY: install install-test system-deps demo test fuzz bench eval lint clean

$(BIN)/python:
	$(PY) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# The workbench map's browser libraries and Natural Earth data come from the npm registry
# (package-lock.json, no install scripts run), into the git-ignored node_modules/ and build/map/.
NODE_STAMP := node_modules/.package-lock.json
MAP_DATA := build/map/admin1.topo.json

$(NODE_STAMP): package.json package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund --loglevel=error

$(MAP_DATA): $(NODE_STAMP) scripts/build-map-data.mjs
	node scripts/build-map-data.mjs build/map

install: $(BIN)/python $(MAP_DATA)
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@$(BIN)/python -c "import estimative; print('estimative installed in $(VENV)')"

# The tests also run the Spark engine (estimative[spark]; system-deps brings the Java runtime).
install-test: install
	$(BIN)/python -m pip install --quiet -e '.[test,spark]'

# Debian packages that WeasyPrint (PDF), the browser tests and the Spark tests (a Java runtime) need;
# root only, skipped when present.
system-deps:
	@bash scripts/system-deps.sh

demo: install
	$(BIN)/estimative demo

test: system-deps install-test
	$(BIN)/mypy src/
	$(BIN)/python -m pytest -q

# The fuzz suite ten times over (about 10^5 examples; `make test` runs about 10^4 of them).
fuzz: install
	ESTIMATIVE_FUZZ_SCALE=10 $(BIN)/python -m pytest -q tests/fuzz

bench: install
	$(BIN)/python -m benchmarks.run

eval: install
	$(BIN)/estimative eval all --data-dir $(DATA_DIR) --write-docs

lint: install
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/mypy src/

clean:
	rm -rf $(VENV) build node_modules *.egg-info .pytest_cache
