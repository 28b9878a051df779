# twinstack: `make up` starts a cloud, `make test` runs the suite. Both set themselves up.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PYTEST_ARGS ?=

.PHONY: up dashboard dashboard-setup test install lint bench conformance differential policy-matrix reliability fuzz clean

$(STAMP): pyproject.toml constraints/upper-constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -c constraints/upper-constraints.txt -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

up: $(STAMP)
	$(BIN)/twinstack up $(UP_ARGS)

# the real Horizon 27 for `make up`'s cloud (docs/dashboard.md); its venv (.dashboard/venv, pinned in
# dashboard/requirements.txt) and its compressed static files are built on first use
dashboard: $(STAMP)
	$(BIN)/twinstack dashboard --venv .dashboard/venv $(DASHBOARD_ARGS)

dashboard-setup: $(STAMP)
	$(BIN)/twinstack dashboard --venv .dashboard/venv --setup-only

test: $(STAMP)
	$(BIN)/python -m pytest -W ignore::DeprecationWarning $(PYTEST_ARGS)

# The gates: ruff (rules in pyproject.toml), mypy (strict on twinstack/core), the import contract.
# The lint extra is installed without upper-constraints: they pin mypy_extensions below what mypy 2 needs.
LINT_PATHS ?= twinstack tests bench conformance examples differential policymatrix fuzz
lint: $(STAMP)
	$(BIN)/pip install --quiet -e '.[lint]'
	$(BIN)/ruff check $(LINT_PATHS)
	$(BIN)/mypy
	$(BIN)/python -m pytest -W ignore::DeprecationWarning tests/test_import_contract.py

bench: $(STAMP)
	$(BIN)/pip install --quiet -c constraints/upper-constraints.txt -e '.[bench]'
	$(BIN)/python -m bench $(BENCH_ARGS)

# tempest, then openstacksdk's and OSC's own functional suites, then Ansible's openstack.cloud playbooks
# (docs/conformance*.md and .json)
conformance: $(STAMP)
	$(BIN)/python -m conformance $(CONFORMANCE_ARGS)
	$(BIN)/python -m conformance.clients $(CLIENTS_ARGS)
	$(BIN)/python -m conformance.ansible

# races, token revocation and kill -9 crashes, repeated; writes the figures into docs/reliability.md
RELIABILITY_ROUNDS ?= 10
RELIABILITY_DBS ?= sqlite postgresql mysql
reliability: $(STAMP)
	for db in $(RELIABILITY_DBS); do \
		TWINSTACK_RELIABILITY_DB=$$db TWINSTACK_RELIABILITY_ROUNDS=$(RELIABILITY_ROUNDS) \
		TWINSTACK_RELIABILITY_REPORT=docs/reliability-races.json $(BIN)/python -m pytest -W ignore::DeprecationWarning \
		-p no:cacheprovider tests/reliability $$( [ $$db = sqlite ] || echo "--ignore=tests/reliability/test_crashes.py" ) \
		$(PYTEST_ARGS) || exit 1; done
	$(BIN)/python -m tests.reliability.report docs/reliability-races.json docs/reliability.md

# every route of every service, seeded hostile requests: zero 5xx, zero hangs (docs/reliability.md);
# FUZZ_ARGS e.g. --seed 7 --seed 8 --count 20000
fuzz: $(STAMP)
	$(BIN)/pip install --quiet -c constraints/upper-constraints.txt -e '.[fuzz]'
	$(BIN)/python -m fuzz $(FUZZ_ARGS)

# real Nova 34 + Placement 16 (Nova's functional fixtures), Keystone 30 and Glance 33 as the oracle (docs/differential.md)
DIFF_VENV := .differential/venv
$(DIFF_VENV)/.installed: differential/requirements.txt
	$(PYTHON) -m venv $(DIFF_VENV)
	$(DIFF_VENV)/bin/pip install --quiet --upgrade pip
	$(DIFF_VENV)/bin/pip install --quiet -r differential/requirements.txt
	touch $@

# real Glance 33 with glance_store in a venv of its own: its pins (SQLAlchemy, cryptography...) are not Nova's
GLANCE_VENV := .differential/glance-venv
$(GLANCE_VENV)/.installed: differential/requirements-glance.txt
	$(PYTHON) -m venv $(GLANCE_VENV)
	$(GLANCE_VENV)/bin/pip install --quiet --upgrade pip
	$(GLANCE_VENV)/bin/pip install --quiet -r differential/requirements-glance.txt
	touch $@

differential: $(STAMP) $(DIFF_VENV)/.installed $(GLANCE_VENV)/.installed
	$(BIN)/python -m differential $(DIFFERENTIAL_ARGS)

# every route as every kind of caller, against upstream's policy-in-code (docs/policy-matrix.md);
# upstream's six services and their policy dependencies in a venv of their own, pinned, no resolver
POLICY_VENV := .reliability/policy-venv
$(POLICY_VENV)/.installed: policymatrix/requirements.txt
	$(PYTHON) -m venv $(POLICY_VENV)
	$(POLICY_VENV)/bin/pip install --quiet --upgrade pip
	$(POLICY_VENV)/bin/pip install --quiet --no-deps -r policymatrix/requirements.txt
	touch $@

policy-matrix: $(STAMP) $(POLICY_VENV)/.installed
	$(BIN)/python -m policymatrix $(POLICY_MATRIX_ARGS)

clean:
	rm -rf $(VENV) .reliability .conformance .differential .dashboard build *.egg-info
