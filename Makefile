# One task runner for people and CI. Every target sets itself up from nothing.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
PYTEST_ARGS ?=

.PHONY: install test demo bench bench-smoke lint docs clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

test: $(STAMP)
	$(BIN)/python -m pytest -n 2 $(PYTEST_ARGS)

demo: $(STAMP)
	$(BIN)/bioregion demo

bench: $(STAMP)
	$(BIN)/python benchmarks/import_speed.py
	$(BIN)/python benchmarks/network_bench.py
	$(BIN)/python benchmarks/commands_bench.py
	$(BIN)/python benchmarks/report_bench.py --baseline benchmarks/results/report_before.json

bench-smoke: $(STAMP)
	$(BIN)/python benchmarks/import_speed.py --smoke
	$(BIN)/python benchmarks/network_bench.py --smoke
	$(BIN)/python benchmarks/commands_bench.py --smoke
	$(BIN)/python benchmarks/report_bench.py --smoke

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks

docs: $(STAMP)
	$(BIN)/python -m bioregion._docs

clean:
	rm -rf $(VENV) out build dist .pytest_cache .hypothesis .ruff_cache
