# Two entry points (see README "Quick start"): `make map` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
SEED := seeds/aleppo-evacuation-2016-12.txt

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

.PHONY: setup map test fuzz bench
setup: $(BIN)/.installed

map: setup
	$(BIN)/geomap map $(SEED) -o aleppo-evacuation-map.html
	@echo "wrote aleppo-evacuation-map.html"

test: setup
	$(BIN)/python -m pytest -q

fuzz: setup  # the fuzz suite with random, many more examples than CI runs
	GEOMAP_FUZZ=long $(BIN)/python -m pytest -q tests/test_fuzz.py

bench: setup
	$(BIN)/python benchmarks/run.py
