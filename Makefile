# Two commands for a fresh machine: `make serve` (demo site) and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: serve build test bench screenshot clean catalogs

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

serve: $(BIN)/.installed
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs serve

build: $(BIN)/.installed
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs build --strict

test: $(BIN)/.installed
	$(BIN)/ruff check src tests bench
	$(BIN)/mypy
	NO_MKDOCS_2_WARNING=1 $(BIN)/pytest

catalogs: $(BIN)/.installed
	$(BIN)/python -m notices.base.catalogs

bench: $(BIN)/.installed
	$(BIN)/python bench/build.py

screenshot: build
	$(BIN)/python tests/browser.py site docs/assets/screenshot.png privacy/4/r1/

clean:
	rm -rf $(VENV) site .cache
