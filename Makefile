# kgi_lab: two commands on a fresh machine.
#   make report   set up .venv with pinned versions, run the default course, print the index path
#   make test     same set-up, then lint and the whole test suite
SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
CONSTRAINTS := requirements/constraints.txt
STAMP := $(VENV)/.kgi-lab-installed
PEER_VENV := .venv-peer
PEER_STAMP := $(PEER_VENV)/.installed
PEER_REQUIREMENTS := requirements/peer-pandapipes.txt
JOBS ?= 2
OUT ?= reports
PYTEST_ARGS ?=

.PHONY: install peer-env report test lint format bench lab editions lock sync-notebooks clean-reports

install: $(STAMP)

$(STAMP): pyproject.toml $(CONSTRAINTS)
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c $(CONSTRAINTS) -e ".[dev,sam]"
	$(BIN)/python -m ipykernel install --sys-prefix --name python3 --display-name "Python 3 (kgi_lab)" > /dev/null
	@touch $@

# pandapipes (a peer tool for the heat-network cross-check) needs pandas < 3: its own venv.
peer-env: $(PEER_STAMP)

$(PEER_STAMP): $(PEER_REQUIREMENTS)
	@test -x $(PEER_VENV)/bin/python || $(PYTHON) -m venv $(PEER_VENV)
	$(PEER_VENV)/bin/python -m pip install --quiet --disable-pip-version-check -r $(PEER_REQUIREMENTS)
	@touch $@

report: $(STAMP)
	$(BIN)/kgi-lab report --jobs $(JOBS) --out $(OUT)

test: $(STAMP) $(PEER_STAMP) lint
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check kgi_lab tests benchmarks notebooks scripts
	$(BIN)/ruff format --check kgi_lab tests benchmarks scripts

format: $(STAMP)
	$(BIN)/ruff format kgi_lab tests benchmarks scripts
	$(BIN)/ruff check --fix kgi_lab tests benchmarks notebooks scripts

bench: $(STAMP) $(PEER_STAMP)
	$(BIN)/python benchmarks/bench_batch.py
	$(BIN)/python benchmarks/bench_pv.py
	$(BIN)/python benchmarks/bench_synthetic.py
	$(BIN)/python benchmarks/bench_air_eval.py
	$(BIN)/python benchmarks/bench_kriging.py
	$(BIN)/python benchmarks/bench_if97.py
	$(BIN)/python benchmarks/bench_heat_network.py
	$(BIN)/python benchmarks/bench_steam_net.py
	$(BIN)/python benchmarks/bench_course.py --partner-cities
	$(BIN)/python scripts/validate_air_real_data.py

# JupyterLab on the source notebooks (kernel "Python 3 (kgi_lab)", this venv).
#   make lab EDITION=trainee      the trainee edition (solutions stripped), rebuilt first
#   make lab EDITION=instructor   the instructor edition
EDITION ?=
# Containers often run as root, which JupyterLab refuses without --allow-root.
LAB_FLAGS ?= $(if $(filter 0,$(shell id -u)),--allow-root,)
lab: $(STAMP)
ifeq ($(EDITION),)
	$(BIN)/jupyter lab $(LAB_FLAGS) --notebook-dir=notebooks
else
	$(BIN)/kgi-lab build-editions --out editions
	$(BIN)/jupyter lab $(LAB_FLAGS) --notebook-dir=editions/$(EDITION)
endif

# Trainee and instructor editions of every teaching notebook, in editions/.
editions: $(STAMP)
	$(BIN)/kgi-lab build-editions --out editions

# Keep each notebook and its jupytext twin (notebooks/*.py, percent format) in step.
sync-notebooks: $(STAMP)
	$(BIN)/jupytext --sync notebooks/*.py

# Re-resolve the pinned versions from the ranges in pyproject.toml (needs the package registry).
lock:
	rm -rf .lock-venv && $(PYTHON) -m venv .lock-venv
	.lock-venv/bin/python -m pip install --quiet -e ".[dev,sam]"
	{ echo "# Exact versions behind every kgi_lab report and test run (Python 3.11, Linux x86_64)."; \
	  echo "# Regenerate with: make lock   (installs from pyproject ranges into a scratch venv, then pip freeze)"; \
	  .lock-venv/bin/pip freeze --exclude-editable | grep -v '^kgi_lab'; } > $(CONSTRAINTS)
	rm -rf .lock-venv

clean-reports:
	rm -rf $(OUT)
