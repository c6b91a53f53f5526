# make demo / make test do everything on a fresh machine: a virtual environment, the package, then the work.
PYTHON ?= python3
VENV   ?= .venv
BIN     = $(VENV)/bin
STAMP   = $(VENV)/.installed

.PHONY: demo test bench template clean fuzz default-config

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

# The plan the package ships (mtcl init, mtcl demo and mtcl validate away from a workspace): config.toml stays the
# source; tests/test_packaged.py fails until this has been run after an edit of it.
default-config:
	cp config.toml pipeline/plan/default/config.toml

FUZZ_SECONDS ?= 600

# Not part of `make test`: coverage-guided fuzzing of the reader (atheris); findings land in .fuzz/.
fuzz: $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[fuzz]'
	mkdir -p .fuzz/corpus
	$(BIN)/python fuzz/fuzz_read.py --seeds .fuzz/seeds .fuzz/corpus -max_total_time=$(FUZZ_SECONDS) \
		-timeout=120 -rss_limit_mb=4096 -max_len=262144 -artifact_prefix=.fuzz/

clean:
	rm -rf $(VENV) demo .pytest_cache .hypothesis .fuzz bench/work

# Benchmarks are not tests: timings live here, never in the test suite. BENCH_ARGS=--with-10k adds N = 10,000.
bench: $(STAMP)
	$(BIN)/python bench/bench.py $(BENCH_ARGS)
