# The two commands of the README: `make memos` builds every memo, `make test` runs the tests.
# Both set up a fresh machine first (scripts/setup), and only once per change of pyproject.toml.
VENV ?= .venv
STAMP := $(VENV)/.memo-setup

.PHONY: memos test lint bench setup

$(STAMP): pyproject.toml scripts/setup
	VENV=$(VENV) ./scripts/setup
	touch $@

setup: $(STAMP)

memos: $(STAMP)
	$(VENV)/bin/memo build

test: $(STAMP)
	$(VENV)/bin/python -m pytest -q -n auto --dist loadgroup
	$(VENV)/bin/ruff check memo tests benchmarks scripts

lint: $(STAMP)
	$(VENV)/bin/ruff check memo tests benchmarks scripts
	$(VENV)/bin/ruff format --check memo tests benchmarks scripts

bench: $(STAMP)
	$(VENV)/bin/python benchmarks/run.py
