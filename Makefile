# One command to serve, one to test; both set themselves up on a fresh machine.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
export NO_MKDOCS_2_WARNING := 1
# The build tool: mkdocs (MkDocs 1.6) or properdocs (ProperDocs, its maintained continuation); both pinned in
# requirements.txt, same configuration and output. `make serve ENGINE=properdocs`, `make build ENGINE=properdocs`.
ENGINE ?= mkdocs

.PHONY: serve build test lint validate pages clean setup setup-system bench lighthouse lock

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Every package at the version and with the hashes of requirements-test.lock (compiled from requirements*.txt by
# `make lock`; pip refuses a file whose hash differs), then the project itself (pyproject.toml), editable, built
# with the locked setuptools (no build isolation: nothing unhashed is downloaded): the hook and the tests import it.
$(VENV)/.installed: requirements-test.lock pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet --disable-pip-version-check --require-hashes -r requirements-test.lock
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $@

# The lock: requirements.txt and requirements-test.txt (the versions we choose) with every dependency they pull in,
# each with the sha256 of every published file. Run after editing either list (it needs PyPI); tests check they agree.
PIP_TOOLS := pip-tools==7.7.0
lock:
	rm -rf .lock-venv && $(PYTHON) -m venv .lock-venv && .lock-venv/bin/pip install --quiet "$(PIP_TOOLS)"
	.lock-venv/bin/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras --no-emit-find-links \
	  --no-emit-index-url --no-emit-trusted-host --output-file=requirements-test.lock requirements-test.txt
	rm -rf .lock-venv

# Test tools beyond Python: Debian's chromium (browser tests) and Java (HTML checker) from apt, if missing;
# the W3C HTML checker (vnu-jar) from npm at the version in package-lock.json. Nothing else downloads.
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
CHROMIUM := /usr/bin/chromium

## setup: install everything the tests need (venv, chromium and Java via apt, npm packages)
setup: $(VENV)/.installed setup-system node_modules/.installed

## setup-system: apt-get install chromium, a Java runtime and npm, only those missing
setup-system:
	@missing=""; \
	[ -x $(CHROMIUM) ] || missing="$$missing chromium"; \
	command -v java >/dev/null || missing="$$missing openjdk-17-jre-headless"; \
	command -v npm >/dev/null || missing="$$missing npm"; \
	if [ -n "$$missing" ]; then \
	  echo "installing with apt:$$missing"; \
	  $(SUDO) apt-get update -qq && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	fi

node_modules/.installed: package.json package-lock.json | setup-system
	npm ci --no-audit --no-fund --ignore-scripts
	touch $@

## serve: build and serve the site at http://127.0.0.1:8000, rebuilding on edits to data/ and docs/
serve: $(VENV)/.installed
	$(BIN)/$(ENGINE) serve --livereload --dirty --dev-addr 127.0.0.1:8000

## build: build the site into site/ (strict: any warning fails)
build: $(VENV)/.installed
	$(BIN)/$(ENGINE) build --strict

## test: set up (see setup), run the gates (see lint) and every test, browser tests included
##       (quicker: pytest -m unit, a few seconds; pytest -m "not browser" skips the browser)
test: setup lint
	$(BIN)/python -m pytest -n 2 --dist loadfile

## lint: ruff (lint and format check) over refsite/, hooks/, bench/ and tests/, mypy over the code, the import
##       layers of refsite/ (lint-imports; all three configured in pyproject.toml), actionlint over the workflows
lint: $(VENV)/.installed
	$(BIN)/ruff check
	$(BIN)/ruff format --check
	$(BIN)/mypy
	$(BIN)/lint-imports
	$(BIN)/actionlint

## validate: check data/ without building
validate: $(VENV)/.installed
	$(BIN)/python -m refsite validate

## pages: write everything a build publishes, as Markdown and files, to build/pages (no MkDocs needed)
pages: $(VENV)/.installed
	$(BIN)/python -m refsite pages build/pages

## bench: full builds against plain MkDocs side by side (real data, 20x its entries), hook ms/entry, largest
##        pages, reload time under `mkdocs serve` (bench/benchmark.py --help; --sizes for synthetic data)
bench: $(VENV)/.installed
	$(BIN)/python bench/benchmark.py

## lighthouse: build the site, then Lighthouse scores (mobile preset, gzip as on Pages) of one page per type
lighthouse: setup build
	$(BIN)/python bench/lighthouse.py site

clean:
	rm -rf site build $(VENV)
