"""The "Try it" consoles' code (``try-it`` blocks in the chapters) runs in plain Python.

The browser runs it in Pyodide (tests/site/test_console.py runs chapter 5's); here
every block runs in CPython on each `make pytest`, so a change to nnbook that breaks
a console fails at once.
"""

from __future__ import annotations

import contextlib
import io
import re
from pathlib import Path

import pytest

BOOK = Path(__file__).resolve().parents[1] / "book"
TRY_IT = re.compile(r"^(`{3,})\{try-it\} ([^\n]+)\n(.*?)^\1$", re.MULTILINE | re.DOTALL)
# Pyodide has no wheels of these here: a console must not need them.
NOT_IN_THE_BROWSER = ("numpy", "matplotlib", "sklearn", "torch", "tqdm")


def consoles() -> list[tuple[str, str, str]]:
    return [
        (chapter.stem, match.group(2), match.group(3))
        for chapter in sorted(BOOK.glob("*.md"))
        for match in TRY_IT.finditer(chapter.read_text(encoding="utf-8"))
    ]


def test_chapters_1_to_5_each_have_a_console() -> None:
    chapters = {chapter for chapter, _, _ in consoles()}
    for number in range(1, 6):
        assert any(c.startswith(f"{number:02d}-") for c in chapters), number


@pytest.mark.parametrize(("chapter", "title", "code"), consoles(), ids=lambda v: v[:24])
def test_console_code_runs_and_prints(chapter: str, title: str, code: str) -> None:
    for line in code.splitlines():
        assert len(line) <= 88, f"{chapter}: a console line over 88 columns: {line}"
        imported = re.match(r"\s*(?:from|import) (\w+)", line)
        assert not (imported and imported.group(1) in NOT_IN_THE_BROWSER), line
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        exec(compile(code, f"<try-it in {chapter}>", "exec"), {})
    assert printed.getvalue().strip(), f"{chapter}: console {title!r} prints nothing"
