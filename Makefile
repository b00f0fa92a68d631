# Two entry points for a fresh machine with only Python 3.11+: `make demo` and `make test`.
VENV ?= .venv
PYTHON ?= python3
BIN := $(VENV)/bin

.PHONY: demo test venv samples bench

venv: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]'
	touch $@

# The main job: generate an archive, ingest it with the samples, show a search, serve the API.
DEMO_ARCHIVE ?= var/demo-archive
demo: venv
	$(BIN)/python corpus/generate.py --count 150 --seed 1 --format docx --out $(DEMO_ARCHIVE)
	$(BIN)/python corpus/generate.py --count 50 --start 150 --seed 1 --format pdf --out $(DEMO_ARCHIVE)
	$(BIN)/protocols ingest --jobs 2 corpus/samples/*.docx corpus/samples/*.pdf $(DEMO_ARCHIVE)
	$(BIN)/protocols search "наставничество" --school "МБОУ «СШ № 16»"
	$(BIN)/protocols serve

test: venv
	$(BIN)/pytest -q

samples: venv
	$(BIN)/python corpus/make_samples.py

# Benchmarks print figures (no timed tests). The full-size runs the issues ask for:
#   bench/search_speed.py --sizes 10000 100000   bench/ingest_speed.py --count 2000 --jobs 2
bench: venv
	$(BIN)/python bench/read_speed.py
	$(BIN)/python bench/extract_speed.py
	$(BIN)/python bench/generate_speed.py
	$(BIN)/python bench/search_speed.py --sizes 10000
	$(BIN)/python bench/ingest_speed.py --count 200 --jobs 2
