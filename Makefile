# benzopk — teaching model, NOT FOR DOSING.
# `make lab` opens the notebooks; `make test` runs every check; `make html` builds the site.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
LAB_STAMP  := $(VENV)/.stamp-lab
TEST_STAMP := $(VENV)/.stamp-test
APP_STAMP  := $(VENV)/.stamp-app
APP_PORT ?= 8866
# Extra options for `jupyter lab`, e.g. make lab LAB_ARGS="--no-browser --port=8899".
LAB_ARGS ?=
# Jupyter refuses to start as root (a container, a class server) without --allow-root.
ALLOW_ROOT = $(if $(filter 0,$(shell id -u)),--allow-root,)

.PHONY: lab test test-fast html html-student lint format clean help browser-deps bench lite app

help:
	@echo "make lab   - create .venv if missing, install benzopk, open JupyterLab on notebooks/"
	@echo "             (--allow-root added as root; LAB_ARGS=\"...\" passes more options)"
	@echo "make test  - create/update .venv, install test tools, run lint, types and all tests"
	@echo "make test-fast - the fast tier: lint, types and every test that needs no notebook"
	@echo "             execution, site build or browser (under a minute)"
	@echo "make html  - execute every notebook from a fresh kernel, write build/html/ (teachers)"
	@echo "make html-student - the same without worked answers, build/html-student/"
	@echo "make lite  - JupyterLite site (notebooks in the browser, Pyodide) in build/lite/;"
	@echo "             PYODIDE=/path/to/pyodide.tar.bz2 bundles Pyodide (else: CDN at first use)"
	@echo "make format - ruff format and fix"
	@echo "make bench  - benchmarks (exactness vs ODE, widget latency, scale, site build)"
	@echo "make app    - presenter app for a lecture room: Voila dashboard (no code shown) on"
	@echo "             http://127.0.0.1:$(APP_PORT)/ (APP_PORT=... to change), works offline"

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(LAB_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[lab]'
	touch $@

$(TEST_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[lab,app,lite,test]'
	touch $@ $(LAB_STAMP) $(APP_STAMP)

lab: $(LAB_STAMP)
	$(BIN)/jupyter lab --notebook-dir=notebooks $(ALLOW_ROOT) $(LAB_ARGS)

$(APP_STAMP): pyproject.toml $(LAB_STAMP)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[lab,app]'
	touch $@

# The presenter app (app/presenter.ipynb → benzopk.presenter.Presenter) in Voila: sources
# stripped, light theme, 127.0.0.1 only, no browser opened, the kernel runs in app/. The
# template app/share/voila/templates/benzopk is Voila's "lab" without its CDN icon font, so
# the page requests nothing from the internet; the JupyterLite kernel extension is not loaded.
app: $(APP_STAMP)
	@echo "Presenter app: http://127.0.0.1:$(APP_PORT)/  (Ctrl-C to stop)"
	JUPYTER_PATH="$(CURDIR)/app/share" $(BIN)/voila app/presenter.ipynb --no-browser \
		--Voila.ip=127.0.0.1 --port=$(APP_PORT) --Voila.port_retries=0 \
		--strip_sources=True --theme=light --template=benzopk \
		--VoilaConfiguration.extension_denylist=@jupyterlite/pyodide-kernel-extension

# Debian's chromium for the browser test (installs only as root; otherwise the test skips).
browser-deps:
	scripts/ensure-chromium

test: $(TEST_STAMP) browser-deps
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/python -m pytest

# The fast tier: everything but the notebook executions, site builds and browser tests.
test-fast: $(TEST_STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/python -m pytest -n 2 -m "not slow and not browser"

html: $(LAB_STAMP)
	$(BIN)/python scripts/build_site.py --out build/html

html-student: $(LAB_STAMP)
	$(BIN)/python scripts/build_site.py --student --out build/html-student

# The in-browser course: `make lite [PYODIDE=tarball-or-folder]` (also read from the environment).
lite: $(TEST_STAMP)
	PYODIDE="$(PYODIDE)" $(BIN)/python scripts/build_lite.py --out build/lite

# Not part of `make test` (about two minutes): prints one table, writes build/bench.json.
bench: $(TEST_STAMP)
	$(BIN)/python benchmarks/run.py

lint: $(TEST_STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

format: $(TEST_STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

clean:
	rm -rf build dist .pytest_cache .mypy_cache .ruff_cache .hypothesis
