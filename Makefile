# twinstack: `make up` starts a cloud, `make test` runs the suite. Both set themselves up.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PYTEST_ARGS ?=

.PHONY: up test install lint bench conformance differential fuzz clean

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

# The gates: ruff (rules in pyproject.toml), mypy (strict on twinstack/core), the import contract.
# The lint extra is installed without upper-constraints: they pin mypy_extensions below what mypy 2 needs.
LINT_PATHS ?= twinstack tests bench conformance examples differential fuzz
lint: $(STAMP)
	$(BIN)/pip install --quiet -e '.[lint]'
	$(BIN)/ruff check $(LINT_PATHS)
	$(BIN)/mypy
	$(BIN)/python -m pytest -W ignore::DeprecationWarning tests/test_import_contract.py

bench: $(STAMP)
	$(BIN)/pip install --quiet -c constraints/upper-constraints.txt -e '.[bench]'
	$(BIN)/python -m bench $(BENCH_ARGS)

# tempest, then openstacksdk's and OSC's own functional suites (docs/conformance*.md and .json)
conformance: $(STAMP)
	$(BIN)/python -m conformance $(CONFORMANCE_ARGS)
	$(BIN)/python -m conformance.clients $(CLIENTS_ARGS)

# every route of every service, seeded hostile requests: zero 5xx, zero hangs (docs/reliability.md);
# FUZZ_ARGS e.g. --seed 7 --seed 8 --count 20000
fuzz: $(STAMP)
	$(BIN)/pip install --quiet -c constraints/upper-constraints.txt -e '.[fuzz]'
	$(BIN)/python -m fuzz $(FUZZ_ARGS)

# real Nova 34 + Placement 16 (Nova's functional fixtures) and Keystone 30 as the oracle (docs/differential.md)
DIFF_VENV := .differential/venv
$(DIFF_VENV)/.installed: differential/requirements.txt
	$(PYTHON) -m venv $(DIFF_VENV)
	$(DIFF_VENV)/bin/pip install --quiet --upgrade pip
	$(DIFF_VENV)/bin/pip install --quiet -r differential/requirements.txt
	touch $@

differential: $(STAMP) $(DIFF_VENV)/.installed
	$(BIN)/python -m differential $(DIFFERENTIAL_ARGS)

clean:
	rm -rf $(VENV) .conformance .differential build *.egg-info
