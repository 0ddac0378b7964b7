# The two set-up commands: `make run` and `make test`. Each creates .venv and installs what it needs.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: run test install test-env bench clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

# Opens the chat on its embedded defaults: builtin provider, the live cluster if one answers,
# otherwise the bundled demo snapshot of a broken Todo deployment.
run: install
	$(BIN)/agent

# Installs and starts what the tests need (dockerd, a local base image, shellcheck, checkov's own venv),
# then runs every test.
test: install test-env
	$(BIN)/python -m pytest

test-env:
	bash scripts/ci/setup-test-env.sh

# Writes docs/BENCHMARKS.md. bench/images.py needs dockerd (make test-env); add --frontends for the Node images.
bench: install
	$(BIN)/python bench/startup.py
	$(BIN)/python bench/tui.py
	$(BIN)/python bench/diagnose.py
	$(BIN)/python bench/knowledge.py
	$(BIN)/python bench/generate.py
	$(BIN)/python bench/images.py

clean:
	rm -rf $(VENV) .venv-checkov .pytest_cache
