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

# mypy runs beside pytest (pytest alone takes the time budget), from its cache in .mypy_cache/ after the first
# run; its output is printed after the tests', and either failing fails the target.
test: $(STAMP)
	@out=$$(mktemp); $(VENV)/bin/mypy >$$out 2>&1 & types=$$!; \
	$(VENV)/bin/python -m pytest -q -n auto --dist loadgroup; tests=$$?; \
	wait $$types; typed=$$?; echo "mypy:"; cat $$out; rm -f $$out; \
	[ $$tests -eq 0 ] && [ $$typed -eq 0 ]
	$(VENV)/bin/ruff check memo tests benchmarks scripts

lint: $(STAMP)
	$(VENV)/bin/ruff check memo tests benchmarks scripts
	$(VENV)/bin/ruff format --check memo tests benchmarks scripts
	$(VENV)/bin/mypy

bench: $(STAMP)
	$(VENV)/bin/python benchmarks/run.py
