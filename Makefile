# Two commands do everything on a fresh machine with Python 3.11:
#   make book   builds the HTML book into _build/html/index.html
#   make test   runs every check: tangle, lint, types, tests, full book build
# Both create .venv and install what they need on first use.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed

.PHONY: book test tangle tangle-check lint pytest book-strict clean

book: $(INSTALLED) tangle
	$(BIN)/jupyter-book build . --keep-going
	@echo "The book is in _build/html/index.html"

test: tangle-check $(INSTALLED) lint pytest book-strict

$(INSTALLED): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --upgrade pip
	$(BIN)/python -m pip install -e ".[book,test]"
	touch $@

# Write nnbook/ (and tangled tests/) from the book's listings.
tangle:
	$(PYTHON) tools/tangle.py

tangle-check:
	$(PYTHON) tools/tangle.py --check

lint: $(INSTALLED)
	$(BIN)/ruff check nnbook tests tools
	$(BIN)/mypy

pytest: $(INSTALLED)
	$(BIN)/python -m pytest

# -W turns every Sphinx warning into an error; --keep-going reports them all.
book-strict: $(INSTALLED)
	$(BIN)/jupyter-book build . -W --keep-going
	@echo "The book is in _build/html/index.html"

clean:
	rm -rf _build
