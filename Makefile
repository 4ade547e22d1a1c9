# One task runner for people and CI. Every target sets itself up from nothing.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
PYTEST_ARGS ?=

.PHONY: install test demo web bench bench-smoke lint docs clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

WEB_BUILT := src/bioregion/api/static/index.html

# The dashboard's assets, built with Vite from web/package-lock.json (Node.js and npm).
$(WEB_BUILT): web/package-lock.json web/package.json web/vite.config.js $(wildcard web/src/*) web/index.html
	@if command -v npm >/dev/null 2>&1; then \
	  cd web && npm ci --no-audit --no-fund --loglevel=error && npm run build --silent; \
	else \
	  echo "npm not found: the dashboard is not built (install Node.js and npm, then: make web)"; \
	fi

web: $(WEB_BUILT)

test: $(STAMP) $(WEB_BUILT)
	$(BIN)/python -m pytest -n 2 $(PYTEST_ARGS)

demo: $(STAMP) $(WEB_BUILT)
	$(BIN)/bioregion demo
	rm -f out/belgium/belgium.db
	$(BIN)/bioregion --db out/belgium/belgium.db load belgium > /dev/null
	@echo "dashboard: $(BIN)/bioregion serve --db out/belgium/belgium.db  ->  http://127.0.0.1:8000/"

bench: $(STAMP)
	$(BIN)/python benchmarks/import_speed.py
	$(BIN)/python benchmarks/network_bench.py
	$(BIN)/python benchmarks/commands_bench.py
	$(BIN)/python benchmarks/report_bench.py --baseline benchmarks/results/report_before.json
	$(BIN)/python benchmarks/web_bench.py
	$(BIN)/python benchmarks/simulate_bench.py

bench-smoke: $(STAMP)
	$(BIN)/python benchmarks/import_speed.py --smoke
	$(BIN)/python benchmarks/network_bench.py --smoke
	$(BIN)/python benchmarks/commands_bench.py --smoke
	$(BIN)/python benchmarks/report_bench.py --smoke
	$(BIN)/python benchmarks/web_bench.py --smoke
	$(BIN)/python benchmarks/simulate_bench.py --smoke

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks

docs: $(STAMP)
	$(BIN)/python -m bioregion._docs

clean:
	rm -rf $(VENV) out build dist .pytest_cache .hypothesis .ruff_cache web/node_modules src/bioregion/api/static
