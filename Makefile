# One command to serve, one to test; both set themselves up on a fresh machine.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
export NO_MKDOCS_2_WARNING := 1

.PHONY: serve build test validate pages clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: requirements.txt requirements-test.txt | $(BIN)/python
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements-test.txt
	touch $@

## serve: build and serve the site at http://127.0.0.1:8000, rebuilding on edits to data/ and docs/
serve: $(VENV)/.installed
	$(BIN)/mkdocs serve --livereload --dev-addr 127.0.0.1:8000

## build: build the site into site/ (strict: any warning fails)
build: $(VENV)/.installed
	$(BIN)/mkdocs build --strict

## test: run every test
test: $(VENV)/.installed
	$(BIN)/python -m pytest

## validate: check data/ without building
validate: $(VENV)/.installed
	$(BIN)/python -m refsite validate

## pages: write the generated Markdown pages to build/pages (no MkDocs needed)
pages: $(VENV)/.installed
	$(BIN)/python -m refsite pages build/pages

clean:
	rm -rf site build $(VENV)
