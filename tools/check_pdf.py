#!/usr/bin/env python3
"""Check the PDF book that `make pdf` built.

    python tools/check_pdf.py [LATEX_DIR] [--toc _toc.yml] [--min-pages N]

LATEX_DIR (default: _build/latex) holds nnbook.pdf and LaTeX's log,
nnbook.log. The check fails, listing every problem, if

- the log reports an undefined reference or citation, or a character missing
  from the font (it would be blank in the PDF);
- the PDF's text (from ``pdftotext``) contains "??", LaTeX's mark for a
  reference it could not resolve;
- the PDF has fewer pages than it plausibly should (3 per page of the book);
- the text lacks the handout's glued activation 0.9308616, the book's title,
  or the title of any page listed in the toc (its first ``# `` heading);
- the title page (page 1) does not show ``nnbook.__version__``.

Needs poppler-utils (pdftotext, pdfinfo); only the standard library otherwise.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LOG_PROBLEMS = {
    r"LaTeX Warning: (Hyper r|R)eference": "an undefined cross-reference",
    r"There were undefined references": "undefined references",
    r"Citation .* undefined": "an undefined citation",
    r"Missing character": "a character the font does not have",
}
KNOWN_NUMBER = "0.9308616"  # the sigmoid of h1's net input, glued in chapter 1
TOC_FILE = re.compile(r"^\s*(?:-\s*)?(?:root|file):\s*(?P<path>\S+)\s*$")
FENCE = re.compile(r"^(`{3,}|~{3,})")


def toc_pages(toc: Path) -> list[Path]:
    """The pages of the book, in the order of the toc (root first)."""
    pages = []
    for line in toc.read_text(encoding="utf-8").splitlines():
        match = TOC_FILE.match(line)
        if match:
            path = ROOT / match["path"]
            pages.append(path if path.suffix else path.with_suffix(".md"))
    return pages


def page_title(page: Path) -> str:
    """The first level-1 heading of a page, outside code blocks, without Markdown marks."""
    fence = ""
    for line in page.read_text(encoding="utf-8").splitlines():
        match = FENCE.match(line.strip())
        if match and (not fence or match[1].startswith(fence)):
            fence = "" if fence else match[1]
            continue
        if not fence and line.startswith("# "):
            return line[2:].strip().replace("`", "").replace("*", "")
    raise SystemExit(f"check_pdf: {page} has no '# ' title")


def normalise(text: str) -> str:
    """Text as pdftotext gives it, made comparable: ligatures split, quotes and spaces plain."""
    text = unicodedata.normalize("NFKC", text)
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("\u201c", '"').replace("\u201d", '"')
    text = text.replace("\u2013", "-").replace("\u2014", "-").replace("\u00ad", "")
    return re.sub(r"\s+", " ", text)


def book_title() -> str:
    for line in (ROOT / "_config.yml").read_text(encoding="utf-8").splitlines():
        if line.startswith("title:"):
            return line.split(":", 1)[1].strip().strip("\"'")
    raise SystemExit("check_pdf: _config.yml has no title")


def package_version() -> str:
    """``__version__`` as nnbook/__init__.py (tangled from the preface) writes it."""
    text = (ROOT / "nnbook" / "__init__.py").read_text(encoding="utf-8")
    match = re.search(r'^__version__ = "([^"]+)"$', text, re.MULTILINE)
    if not match:
        raise SystemExit("check_pdf: nnbook/__init__.py assigns no __version__")
    return match[1]


def run(command: list[str]) -> str:
    try:
        return subprocess.run(command, capture_output=True, text=True, check=True).stdout
    except FileNotFoundError:
        raise SystemExit(f"check_pdf: {command[0]} is missing: install poppler-utils (tools/install-tex.sh)") from None


def check(latex_dir: Path, toc: Path, min_pages: int | None) -> list[str]:
    """Every problem with the PDF in ``latex_dir``; an empty list means it is fine."""
    pdf, log = latex_dir / "nnbook.pdf", latex_dir / "nnbook.log"
    if not pdf.exists():
        return [f"{pdf} was not built (see {log})"]
    problems = []
    log_text = log.read_text(encoding="utf-8", errors="replace") if log.exists() else ""
    if not log_text:
        problems.append(f"{log} is missing or empty")
    for pattern, meaning in LOG_PROBLEMS.items():
        hits = [line.strip() for line in log_text.splitlines() if re.search(pattern, line)]
        if hits:
            problems.append(f"the LaTeX log reports {meaning} ({len(hits)}x), e.g. {hits[0]!r}")

    text = normalise(run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"]))
    if "??" in text:
        where = text.index("??")
        problems.append(f"the PDF shows '??' (an unresolved reference): ...{text[max(0, where - 60):where + 20]}...")
    pages = int(re.search(r"^Pages:\s+(\d+)", run(["pdfinfo", str(pdf)]), re.MULTILINE)[1])  # type: ignore[index]
    book_pages = toc_pages(toc)
    minimum = min_pages if min_pages is not None else 3 * len(book_pages)
    if pages < minimum:
        problems.append(f"the PDF has only {pages} pages, expected at least {minimum}")
    if KNOWN_NUMBER not in text:
        problems.append(f"the PDF does not show the glued number {KNOWN_NUMBER}")
    title_page = normalise(run(["pdftotext", "-enc", "UTF-8", "-f", "1", "-l", "1", str(pdf), "-"]))
    version = package_version()
    if version not in title_page:
        problems.append(f"the title page does not show the version, {version}: {title_page.strip()[:200]!r}")
    titles = [book_title()] + [page_title(page) for page in book_pages]
    for title in titles:
        if normalise(title) not in text:
            problems.append(f"the PDF lacks the title {title!r}")
    if not problems:
        print(f"check_pdf: {pdf}: {pages} pages, version {version} on the title page, all {len(titles)} "
              f"titles, {KNOWN_NUMBER} present, no undefined references or missing characters")
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("latex_dir", nargs="?", type=Path, default=ROOT / "_build" / "latex")
    parser.add_argument("--toc", type=Path, default=ROOT / "_toc.yml", help="the toc the PDF was built from")
    parser.add_argument("--min-pages", type=int, help="fewest pages accepted (default: 3 per page of the toc)")
    args = parser.parse_args(argv)
    problems = check(args.latex_dir, args.toc, args.min_pages)
    for problem in problems:
        print(f"check_pdf: {problem}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
