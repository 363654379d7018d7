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

# -X faulthandler (PYTHONFAULTHANDLER for the worker processes, which do not get -X): a crash
# after pytest's own session (at interpreter shutdown) still prints the threads' tracebacks.
# -n 2 (pytest-xdist): two worker processes, one per core; in CI beside `make package` too
# (the README, "Tests need nothing beside the checkout", has the figures).
PYTEST := QT_QPA_PLATFORM=offscreen PYTHONFAULTHANDLER=1 $(PY) -X faulthandler -m pytest -q \
	-p no:cacheprovider -n 2

# The whole suite. Its smoke tests of the packaged app (tests/test_bundle.py) run whenever
# dist/ddq-desk exists. With CI=true (CI sets it) the app is built too: `make package` runs in
# the background beside the rest of the suite (two cores), then the smoke tests run on it.
test: $(VENV)/.installed-test
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy
ifeq ($(CI),true)
	$(MAKE) $(VENV)/.installed-package
	mkdir -p build
	{ $(MAKE) package > build/package.log 2>&1; echo $$? > build/package.status; } & \
	{ $(PYTEST) -m "not bundle"; echo $$? > build/suite.status; } 2>&1 | tee build/suite.log; \
	suite=$$(cat build/suite.status); \
	wait; cat build/package.log; \
	test "$$(cat build/package.status)" = 0 || { echo "make package failed"; exit 1; }; \
	$(PYTEST) -m bundle -rs || exit 1; \
	if [ "$$suite" != 0 ]; then \
		echo "--- the suite failed (exit $$suite); its last lines:"; tail -n 80 build/suite.log; \
	fi; \
	exit $$suite
else
	$(PYTEST)
endif

lint: $(VENV)/.installed-test
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy

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
	$(PYTEST) -m bundle -rs

clean:
	rm -rf $(VENV) build dist *.egg-info screenshots
