# `make check` runs what CI runs (lint, types, tests).
PY ?= .venv/bin/python

.PHONY: venv check lint types test bench

venv:
	python3 -m venv .venv && .venv/bin/pip install -e '.[test]'

lint:
	$(PY) -m ruff check analysis store tui tests evaluation
	$(PY) -m ruff format --check analysis store tui tests evaluation

types:
	$(PY) -m mypy

test:
	$(PY) -m pytest

check: lint types test

# Speed as ratios against bare baselines measured in the same run.
bench:
	$(PY) -m evaluation.bench

# Faults: killed importers, torn writes, a full disk, rival importers, damaged catalogs.
.PHONY: reliability
reliability:
	$(PY) -m evaluation.reliability

# The quality figures of the README, on the ECB+ dev set in ../shared.
.PHONY: quality
quality:
	$(PY) -m evaluation.eval_glossary
	$(PY) -m evaluation.eval_stories
	$(PY) -m evaluation.perturb
	$(PY) -m evaluation.eval_coverage
	python3 ../shared/eval/score_pairs.py .venv/bin/claimdiff
	python3 ../shared/eval/score_mrpc.py .venv/bin/claimdiff --n 600

# The learnt models of analysis/reason, retrained from the development data in ../shared.
.PHONY: train
train:
	$(PY) -m evaluation.train_pairing
	$(PY) -m evaluation.train_assertion
