# eventwire: the commands that matter. `make run` and `make test` work on a fresh machine.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
SHARED ?= ../shared/data
DB ?= eventwire.duckdb

.PHONY: setup run test lint eval bench clean

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

setup: $(BIN)/.installed  ## create .venv and install eventwire with its test tools

run: setup  ## code the bundled examples into the default store and print the events
	$(BIN)/eventwire ingest examples/ --db $(DB)
	$(BIN)/eventwire events --db $(DB)

lint: setup
	$(BIN)/ruff check src tests bench
	$(BIN)/mypy

test: setup lint  ## lint, type-check and run the test suite
	$(BIN)/python -m pytest

eval: setup  ## score eventwire on the reference data in ../shared/data
	$(BIN)/eventwire evaluate plover-gsr $(SHARED)/plover/PLOVER_GSR_CAMEO.txt
	$(BIN)/eventwire evaluate petrarch $(SHARED)/petrarch2/PETR.UnitTest.records.xml
	$(BIN)/eventwire evaluate geo $(SHARED)/geo/GeoWebNews.xml
	$(BIN)/eventwire evaluate timex $(SHARED)/time
	$(BIN)/eventwire evaluate extraction $(SHARED)/zyte-article-benchmark
	$(BIN)/eventwire evaluate checks tests/data/checks

bench: setup  ## throughput benchmarks (ratios against a same-run baseline)
	for b in bench/*.py; do $(BIN)/python $$b || exit 1; done

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache $(DB)
