# The two commands a newcomer needs: `make demo` and `make test`. Everything else builds on `make install`.
SHELL := /bin/bash
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
DATA_DIR ?= $(abspath ../shared/data)
export ESTIMATIVE_DATA_DIR := $(DATA_DIR)

.PHONY: install system-deps demo test fuzz bench eval lint clean

$(BIN)/python:
	$(PY) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

install: $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@$(BIN)/python -c "import estimative; print('estimative installed in $(VENV)')"

# Debian packages that WeasyPrint (PDF) and the browser tests need; root only, skipped when present.
system-deps:
	@bash scripts/system-deps.sh

demo: install
	$(BIN)/estimative demo

test: system-deps install
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
	rm -rf $(VENV) build *.egg-info .pytest_cache
