#!/usr/bin/env python3
"""Check the HTML book that `make book-strict` built.

    python tools/check_html.py [HTML_DIR]

HTML_DIR (default: _build/html). The check fails, naming every page and what
it found, if a page

- shows a path of the machine that built the book (the repository's folder,
  as in a traceback or a warning that names a file), or
- shows a listing caption with ``__init__`` turned bold ("nnbook/**init**.py").

Only the standard library.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BOLD_INIT = "<strong>init</strong>"


def problems(html_dir: Path, build_root: Path = ROOT) -> list[str]:
    """Every problem found in the pages under ``html_dir``, as "page: what" lines."""
    pages = sorted(html_dir.rglob("*.html"))
    if not pages:
        return [f"{html_dir}: no HTML pages; build the book first (make book-strict)"]
    found = []
    for page in pages:
        text = page.read_text(encoding="utf-8", errors="replace")
        name = page.relative_to(html_dir)
        if str(build_root) in text:
            line = next(line for line in text.splitlines() if str(build_root) in line)
            shown = line.strip()[:160]
            found.append(f"{name}: shows the build path {build_root}: {shown}")
        if BOLD_INIT in text:
            found.append(f"{name}: a caption shows __init__ as bold (**init**)")
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    default = ROOT / "_build" / "html"
    parser.add_argument("html_dir", nargs="?", type=Path, default=default)
    args = parser.parse_args(argv)
    found = problems(args.html_dir)
    for problem in found:
        print(problem, file=sys.stderr)
    if found:
        print(f"check_html: {len(found)} problem(s)", file=sys.stderr)
        return 1
    print(f"check_html: {args.html_dir} shows no build paths and no bold __init__")
    return 0


if __name__ == "__main__":
    sys.exit(main())
