# Two commands do everything on a fresh machine with Python 3.11:
#   make book   builds the HTML book into _build/html/index.html
#   make test   runs every check: tangle, snapshots, lint, types, tests, full book build
#   make serve  serves the built book on http://127.0.0.1:8000/ (its "Try it"
#               consoles need a web server: they do not run from file://)
# Both create .venv and install what they need on first use.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
# Pyodide and axe-core, from the npm registry (tools/web/package-lock.json).
WEB := tools/web/node_modules/.package-lock.json

.PHONY: book test tangle tangle-check snapshots lint pytest book-strict pdf wheel-smoke bench clean
.PHONY: actionlint linkcheck site-test serve web-deps system-deps-start

book: $(INSTALLED) $(WEB) tangle
	$(BIN)/jupyter-book build . --keep-going
	@echo "The book is in _build/html/index.html"

test: tangle-check system-deps-start $(INSTALLED) snapshots lint actionlint pytest book-strict site-test pdf wheel-smoke

# Debian's chromium and TeX Live (for site-test and pdf) download and install in
# the background while the tests run; site-test and pdf run the same scripts
# again, which wait for this install (a shared lock) and find everything there.
# The log is _build/system-deps.log.
system-deps-start:
	mkdir -p _build
	(tools/install-chromium.sh; tools/install-tex.sh) >_build/system-deps.log 2>&1 &

$(INSTALLED): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --upgrade pip
	$(BIN)/python -m pip install -e ".[book,test]"
	touch $@

$(WEB): tools/web/package.json tools/web/package-lock.json
	npm ci --prefix tools/web --ignore-scripts --no-audit --no-fund
	touch $@

web-deps: $(WEB)

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
book-strict: $(INSTALLED) $(WEB)
	$(BIN)/jupyter-book build . -W --keep-going
	$(BIN)/python tools/check_html.py _build/html
	@echo "The book is in _build/html/index.html"

# The built site (after book-strict): nothing from outside, its size, the
# in-browser Python, a console that trains XOR in chromium with every outside
# request refused, and axe-core on every page (tests/site/).
site-test: $(INSTALLED) $(WEB)
	tools/install-chromium.sh
	$(BIN)/python -m pytest -o addopts="" -p no:cacheprovider tests/site

serve:
	$(PYTHON) tools/serve.py --dir _build/html

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

# Lint the GitHub workflows (.github/workflows/), with shellcheck on their scripts.
actionlint: $(INSTALLED)
	$(BIN)/actionlint -no-color -shellcheck $(BIN)/shellcheck
	@echo "actionlint: every workflow in .github/workflows/ is clean"

# Follow every external link of the book (needs the network; the weekly
# "Link check" workflow runs it). Its own output folder: _build/linkcheck-run.
linkcheck: $(INSTALLED) tangle
	$(BIN)/jupyter-book build . --builder linkcheck --path-output _build/linkcheck-run

clean:
	rm -rf _build
