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

demo: venv
	$(BIN)/protocols show corpus/samples/seed-000-typed.docx
	$(BIN)/protocols show corpus/samples/seed-004-typed.pdf

test: venv
	$(BIN)/pytest -q

samples: venv
	$(BIN)/python corpus/make_samples.py

bench: venv
	$(BIN)/python bench/read_speed.py
