# `make check` runs what CI runs (lint, types, tests).
PY ?= .venv/bin/python

.PHONY: venv check lint types test

venv:
	python3 -m venv .venv && .venv/bin/pip install -e '.[test]'

lint:
	$(PY) -m ruff check analysis store tui tests
	$(PY) -m ruff format --check analysis store tui tests

types:
	$(PY) -m mypy

test:
	$(PY) -m pytest

check: lint types test
