# make demo / make test do everything on a fresh machine: a virtual environment, the package, then the work.
PYTHON ?= python3
VENV   ?= .venv
BIN     = $(VENV)/bin
STAMP   = $(VENV)/.installed

.PHONY: demo test bench template clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/mtcl demo --workdir demo

test: $(STAMP)
	$(BIN)/python -m pytest -q

template: $(STAMP)
	$(BIN)/mtcl template

clean:
	rm -rf $(VENV) demo .pytest_cache .hypothesis
