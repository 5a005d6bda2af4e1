# Two commands on a fresh machine:  make run   /   make test
# Each creates the virtualenv and installs the project from its own files first.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test bench install clean schemas broker

# The classifier modules are compiled (setup.py): reinstall when they change, so that the
# compiled build never lags behind its source.
$(STAMP): pyproject.toml setup.py $(wildcard agents/classify/*.py)
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	$(BIN)/wirewatch run

# The whole suite: tests/require_tools.py installs the programs the integration tests drive
# (chromium, kcat) with apt-get when it can, else stops with the command that does.
test: $(STAMP)
	$(BIN)/python tests/require_tools.py
	$(BIN)/python -m pytest -q

# The local Apache Kafka alone (KRaft, data in data/kafka), in the foreground; its jars are
# fetched with Maven (pom.xml) into .kafka/lib on first use. `--tansu` for the in-memory broker.
broker: $(STAMP)
	$(BIN)/wirewatch broker --kafka

bench: $(STAMP)
	$(BIN)/wirewatch bench

schemas: $(STAMP)
	$(BIN)/python -m schemas.export

clean:
	rm -rf $(VENV) data test-artifacts .pytest_cache
