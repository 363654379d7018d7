# DDQ Desk — developer commands. Every target creates .venv on first use.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python

BUNDLE := dist/ddq-desk

.PHONY: run test lint bench screenshots package smoke clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed pyproject.toml
	$(PY) -m pip install --quiet -e '.[test]'
	touch $@

$(VENV)/.installed-package: $(VENV)/.installed-test pyproject.toml
	$(PY) -m pip install --quiet -e '.[test,package]'
	touch $@

run: $(VENV)/.installed
	$(VENV)/bin/ddq-desk

# With CI=true the packaged app is built after lint and before the suite, so the suite's bundle
# smoke tests (tests/test_bundle.py) run in CI; elsewhere they run whenever a bundle exists.
test: $(VENV)/.installed-test
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(if $(filter true,$(CI)),$(MAKE) package)
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -q -p no:cacheprovider

lint: $(VENV)/.installed-test
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

bench: $(VENV)/.installed-test
	QT_QPA_PLATFORM=offscreen $(PY) -m bench

screenshots: $(VENV)/.installed-test
	QT_QPA_PLATFORM=offscreen $(PY) -m desktop.screenshots screenshots

# The one-folder app (both executables) in dist/ddq-desk/ and its release archive beside it.
package: $(VENV)/.installed-package
	rm -rf $(BUNDLE)
	$(VENV)/bin/pyinstaller --noconfirm --log-level WARN --distpath dist \
		--workpath build/pyinstaller packaging/ddq-desk.spec
	$(PY) packaging/archive.py

# Only the smoke tests of the packaged app (build it first with `make package`).
smoke: $(VENV)/.installed-test
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -q -p no:cacheprovider -m bundle -rs

clean:
	rm -rf $(VENV) build dist *.egg-info screenshots
