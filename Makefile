# Two commands for a fresh machine:
#   make run   — install the app's dependencies and start it on the embedded defaults
#   make test  — install test dependencies and run lint + the whole test suite
PY ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
PIP := $(BIN)/pip --disable-pip-version-check -q

.PHONY: run test install install-test lint bench clean

$(BIN)/python:
	$(PY) -m venv $(VENV) || python3 -m venv $(VENV)

# The index is built here, so the app's first start only opens it (a failure is not fatal:
# the app builds it itself, in the background).
install: $(BIN)/python
	$(PIP) install -e .
	-$(BIN)/python -m assistant.retrieval --build

# torch is pinned first so sentence-transformers does not pull a multi-GB CUDA build.
# axe-core (package.json, for the browser test's accessibility check) comes from npm; without
# npm that one check is skipped, nothing else.
install-test: $(BIN)/python
	$(PIP) install torch==2.13.0
	$(PIP) install -e '.[test,st,llm]' torch==2.13.0
	@if command -v npm >/dev/null 2>&1; then npm ci --no-audit --no-fund --silent; \
	else echo "WARNING: npm not found; the axe-core accessibility check will be skipped" >&2; fi

run: install
	$(BIN)/streamlit run app.py

test: install-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/python -m pytest

bench: install
	$(BIN)/python -m benchmarks.retrieval
	$(BIN)/python -m benchmarks.answers

clean:
	rm -rf $(VENV) data node_modules
