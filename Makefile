# Two commands do everything on a fresh machine with Python 3.11:
#   make book   builds the HTML book into _build/html/index.html
#   make test   runs every check: tangle, lint, types, tests, full book build
# Both create .venv and install what they need on first use.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed

.PHONY: book test tangle tangle-check snapshots lint pytest book-strict pdf wheel-smoke bench clean

book: $(INSTALLED) tangle
	$(BIN)/jupyter-book build . --keep-going
	@echo "The book is in _build/html/index.html"

test: tangle-check $(INSTALLED) lint pytest book-strict pdf wheel-smoke

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

# The package as it stands after each chapter: tangle it, import it in a fresh
# process and run its doctests (tools/check_snapshots.py), one line per chapter.
snapshots: $(INSTALLED)
	$(BIN)/python tools/check_snapshots.py

lint: $(INSTALLED)
	$(BIN)/ruff check nnbook book/support tests tools
	$(BIN)/mypy

pytest: $(INSTALLED)
	$(BIN)/python -m pytest --cov=nnbook --cov-branch --cov-report=term-missing:skip-covered --cov-fail-under=95

# -W turns every Sphinx warning into an error; --keep-going reports them all.
book-strict: $(INSTALLED)
	$(BIN)/jupyter-book build . -W --keep-going
	$(BIN)/python tools/check_html.py _build/html
	@echo "The book is in _build/html/index.html"

# The PDF book, _build/latex/nnbook.pdf (installs the TeX packages it needs
# first), then checked: no undefined references, every chapter, glued numbers.
pdf: $(INSTALLED) tangle
	tools/install-tex.sh
	rm -rf _build/latex
	$(BIN)/jupyter-book build . --builder pdflatex -W -n --keep-going
	$(BIN)/python tools/check_pdf.py _build/latex
	@echo "The PDF book is _build/latex/nnbook.pdf"

# Build the sdist and wheel, install the wheel into a throw-away venv with
# nothing else, and run `nnbook` there (tools/smoke_wheel.sh).
wheel-smoke: $(INSTALLED)
	PYTHON=$(PYTHON) BUILD_PYTHON=$(BIN)/python tools/smoke_wheel.sh

# Training speed of nnbook next to plain loops and micrograd (pip install micrograd).
bench: $(INSTALLED) tangle
	$(BIN)/python benchmarks/bench_throughput.py

clean:
	rm -rf _build
