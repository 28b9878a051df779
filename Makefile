# twinstack: `make up` starts a cloud, `make test` runs the suite. Both set themselves up.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PYTEST_ARGS ?=

.PHONY: up test install bench conformance clean

$(STAMP): pyproject.toml constraints/upper-constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -c constraints/upper-constraints.txt -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

up: $(STAMP)
	$(BIN)/twinstack up $(UP_ARGS)

test: $(STAMP)
	$(BIN)/python -m pytest -W ignore::DeprecationWarning $(PYTEST_ARGS)

bench: $(STAMP)
	$(BIN)/pip install --quiet -c constraints/upper-constraints.txt -e '.[bench]'
	$(BIN)/python -m bench $(BENCH_ARGS)

conformance: $(STAMP)
	$(BIN)/python -m conformance $(CONFORMANCE_ARGS)

clean:
	rm -rf $(VENV) .conformance build *.egg-info
