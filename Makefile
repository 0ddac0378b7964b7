# The two set-up commands: `make run` and `make test`. Each creates .venv and installs what it needs.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: run test install test-env bench clean screenshots verify-repos

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
# then runs every test in TEST_WORKERS pytest-xdist workers (tests that share dockerd or the working
# directory are grouped onto one worker: see SERIAL_GROUPS in tests/conftest.py). TEST_WORKERS=0 runs serially.
TEST_WORKERS ?= 2
test: install test-env
	$(BIN)/python -m pytest -n $(TEST_WORKERS) --dist loadgroup

test-env:
	bash scripts/ci/setup-test-env.sh

# The README's screenshots (docs/screenshots) from the TUI snapshot tests: updates those snapshots, copies the SVGs.
screenshots: install
	$(BIN)/python scripts/screenshots.py

# Writes docs/BENCHMARKS.md. bench/images.py needs dockerd (make test-env); add --frontends for the Node images.
bench: install
	$(BIN)/python bench/startup.py
	$(BIN)/python bench/tui.py
	$(BIN)/python bench/diagnose.py
	$(BIN)/python bench/knowledge.py
	$(BIN)/python bench/generate.py
	$(BIN)/python bench/images.py

# Opt-in (not part of `make test`): builds, starts and health-probes corpus services with `agent generate --verify`
# (each image build takes minutes on vfs storage); then the same on the real repositories when clones exist.
verify-repos: install test-env
	$(BIN)/python bench/verify_repos.py --write
	$(BIN)/python bench/verify_repos.py --real --write

clean:
	rm -rf $(VENV) .venv-checkov .pytest_cache
