# nianbao developer commands. `make` or `make help` lists them.
# Everything runs from the project venv (.venv), which `make setup` creates and keeps in step
# with pyproject.toml.

SHELL := bash
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
# Marks a finished install; re-made only when pyproject.toml is newer. It lives inside .venv,
# so deleting the venv also forgets the install.
STAMP := $(VENV)/.install.stamp
PYTEST_ARGS ?=

# Dagster keeps its instance (run history, event logs, the daemon's state) in DAGSTER_HOME:
# inside the repo, git-ignored, never ~/.dagster.
export DAGSTER_HOME := $(CURDIR)/.dagster_home
# Telemetry: `telemetry: enabled: false` in dagster.yaml is what turns Dagster's telemetry
# off; DAGSTER_DISABLE_TELEMETRY additionally stops the log upload thread of the webserver and
# daemon (dagster/_core/telemetry_upload.py). GX_ANALYTICS_ENABLED is GX's own switch.
export DAGSTER_DISABLE_TELEMETRY := 1
export GX_ANALYTICS_ENABLED := false
export PIP_DISABLE_PIP_VERSION_CHECK := 1

# pytest's exit code 5 means "no tests ran": a failure here, with a message that says so.
define pytest
	@echo '+ $(PY) -m pytest $(1)'; \
	$(PY) -m pytest $(1); rc=$$?; \
	if [ $$rc -eq 5 ]; then echo 'error: pytest ran no tests (exit code 5); counted as a failure.' >&2; fi; \
	exit $$rc
endef

.PHONY: help venv setup run test golden lint fmt typecheck imports ci ui check fuzz

help: ## List the targets
	@awk 'BEGIN {FS = ":.*## "} /^[a-zA-Z_-]+:.*## / {printf "  %-10s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

$(PY):
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(PY)
	$(PY) -m pip install -e '.[dev]'
	@touch $@

venv: setup ## Same as setup
setup: $(STAMP) native ## Create .venv (if absent), install the project with its dev tools, compile the parser

# The parser compiled with mypyc into build/native/ (pipeline/native.py): a no-op when the
# build matches the sources. A failed build leaves plain Python, slower; the error says why.
native: $(STAMP) ## Compile the parser (mypyc) unless build/native/ is current
	-@NIANBAO_PURE_PYTHON=1 $(PY) -m pipeline.native_build
.PHONY: native

# The instance settings are copied into DAGSTER_HOME whenever dagster.yaml changes.
$(DAGSTER_HOME)/dagster.yaml: dagster.yaml
	@mkdir -p $(@D)
	cp $< $@

dagster-home: $(DAGSTER_HOME)/dagster.yaml
.PHONY: dagster-home

run: setup dagster-home ## Materialise every partition of the bundled sample and print the findings
	$(PY) -m assets.run_sample

test: setup dagster-home ## Run the whole test suite
	$(call pytest,$(PYTEST_ARGS))

golden: setup dagster-home ## Run only the golden-file tests (tests/golden)
	$(call pytest,tests/golden $(PYTEST_ARGS))

lint: setup ## ruff check and ruff format --check
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

fmt: setup ## Apply ruff's safe fixes and format the code
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

typecheck: setup ## mypy (strict on pipeline/ expectations/ warehouse/)
	$(VENV)/bin/mypy

imports: setup ## import-linter: no Dagster in domain code, layer order
	$(VENV)/bin/lint-imports

ci: lint typecheck imports test ## What CI runs: lint, typecheck, imports, test

ui: setup dagster-home ## Dagster UI + daemon on http://127.0.0.1:3000 (workspace.yaml)
	$(VENV)/bin/dagster dev -w workspace.yaml -h 127.0.0.1 -p 3000

check: setup ## Check the bundled sample reports with the CLI
	$(VENV)/bin/nianbao check data/sample/*.txt

accuracy: setup ## Extraction accuracy against the hand-read gold cells of data/real
	$(VENV)/bin/nianbao accuracy --corpus data/real

N ?= 10000
SEED ?= 0
fuzz: setup ## Mutate data/real N times (N=10000 SEED=0): crashes and confident wrong values per mutation kind
	$(VENV)/bin/nianbao fuzz --n $(N) --seed $(SEED) --corpus data/real

# The report reads the warehouse that `make run` (or the Dagster UI) filled.
YEAR ?= 2022
report: setup ## Data-quality report of YEAR (default 2022) from the warehouse, to out/report-YEAR.html
	@mkdir -p out
	$(VENV)/bin/nianbao report --year $(YEAR) --out out/report-$(YEAR).html
.PHONY: report

# The scale benchmark: a synthetic corpus with ground truth (generated once per size under
# BENCH_DIR/corpus and reused), then floor, parse, end-to-end Dagster run, queries, detection.
BENCH_N ?= 10000
BENCH_DIR ?= bench
bench: setup ## Scale benchmark, one table (BENCH_N=10000; BENCH_N=100000 for the full run)
	$(PY) -m assets.bench --n $(BENCH_N) --dir $(BENCH_DIR)
.PHONY: bench
