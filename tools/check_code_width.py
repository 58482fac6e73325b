"""Find code lines in the book wider than 88 columns.

Every code line of the book (code cells, listings, terminal sessions) must fit
88 columns: wider lines are cut off on a phone and wrapped in the PDF. The
tangled package inherits the limit from its listings (ruff checks it too).

    python tools/check_code_width.py book/*.md     # prints file:line: width
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

WIDTH = 88
FENCE = re.compile(r"^\s*(`{3,}|~{3,}|:{3,})\s*(.*)$")
# Directives whose body is code; any fence without a {directive} is code too.
CODE_DIRECTIVES = {"code-cell", "code-block", "code", "sourcecode", "try-it"}


def wide_code_lines(markdown: str, width: int = WIDTH) -> list[tuple[int, int]]:
    """(line number, width) of every code line wider than `width`.

    >>> page = "text " * 30 + "\\n```python\\nx = 1\\n" + "y" * 89 + "\\n```\\n"
    >>> wide_code_lines(page)
    [(4, 89)]
    """
    wide = []
    open_fences: list[tuple[str, bool]] = []  # (fence, is code)
    for number, line in enumerate(markdown.split("\n"), start=1):
        match = FENCE.match(line)
        if match:
            fence, info = match.groups()
            top = open_fences[-1] if open_fences else None
            closes = (
                top is not None
                and fence[0] == top[0][0]
                and len(fence) >= len(top[0])
                and not info
            )
            if closes:
                open_fences.pop()
                continue
            if top is None or not top[1]:
                name = re.match(r"\{([\w:-]+)\}", info)
                is_code = name is None or name.group(1) in CODE_DIRECTIVES
                if fence[0] == ":" and name is None:
                    is_code = False
                open_fences.append((fence, is_code))
                continue
        if open_fences and open_fences[-1][1] and len(line) > width:
            wide.append((number, len(line)))
    return wide


def main(paths: list[str]) -> int:
    found = 0
    for name in paths:
        text = Path(name).read_text(encoding="utf-8")
        for number, width in wide_code_lines(text):
            print(f"{name}:{number}: {width} columns")
            found += 1
    print(f"{found} code lines wider than {WIDTH} columns", file=sys.stderr)
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
