"""Chapters 1-5 teach the algorithm: their listings stay short and plain.

Every code listing of chapters 1-5 that becomes part of ``nnbook`` (a caption
naming a file under ``nnbook/``, or a named chunk ``⟨...⟩``) has at most 30
lines of code — docstrings, comments and blank lines do not count — and none
of the markers of checking or speed tricks: calls of ``check_...`` helpers or
imports of ``nnbook.validation``, ``map(``, ``isfinite``, skipping a zero
delta or input (``if delta:``, ``if a:``), undo lists, ``TYPE_CHECKING``,
``# type: ignore``, and comprehensions nested more than two deep. The checks
live in chapter "Guarding the doors", the speed in "Reading handwritten digits".

Run as a script to print the line count of every listing:
``python tests/test_teaching_core.py``.
"""

import ast
import re
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CHAPTERS = sorted(ROOT.glob("book/0[1-5]-*.md"))
MAX_CODE_LINES = 30
FENCE = re.compile(r"^(?P<ticks>`{3,})\{code-block\}\s+python\s*$")
FORBIDDEN = {
    "map(": re.compile(r"\bmap\("),
    "isfinite": re.compile(r"isfinite"),
    "TYPE_CHECKING": re.compile(r"TYPE_CHECKING"),
    "# type: ignore": re.compile(r"#\s*type:\s*ignore"),
    "an undo list": re.compile(r"\bundo\b"),
    "skipping a zero delta or input": re.compile(r"^\s*if (delta|a|x|activation|value)\s*:", re.MULTILINE),
    "nnbook.validation": re.compile(r"nnbook\.validation"),
}


@dataclass
class Listing:
    chapter: str
    line: int
    caption: str
    code: str

    def __str__(self) -> str:
        return f"{self.chapter}:{self.line} ({self.caption})"


def listings(chapter: Path) -> list[Listing]:
    """The chapter's listings that become code: nnbook/ files and named chunks."""
    lines = chapter.read_text(encoding="utf-8").splitlines()
    found = []
    index = 0
    while index < len(lines):
        fence = FENCE.match(lines[index])
        index += 1
        if not fence:
            continue
        caption = ""
        while index < len(lines) and lines[index].startswith(":"):
            if lines[index].startswith(":caption:"):
                caption = lines[index][len(":caption:"):].strip()
            index += 1
        start = index
        while lines[index].strip() != fence["ticks"]:
            index += 1
        if caption.startswith("nnbook/") or caption.startswith("⟨"):
            found.append(Listing(chapter.name, start + 1, caption, "\n".join(lines[start:index])))
    return found


def docstring_lines(tree: ast.AST) -> set[int]:
    """Line numbers (1-based) taken up by docstrings and other bare strings."""
    taken: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant) and isinstance(node.value.value, str):
            taken.update(range(node.lineno, (node.end_lineno or node.lineno) + 1))
    return taken


def code_lines(code: str) -> int:
    """Lines of code: not blank, not only a comment, not part of a docstring."""
    skipped = docstring_lines(ast.parse(code))
    return sum(
        1
        for number, line in enumerate(code.splitlines(), start=1)
        if line.strip() and not line.strip().startswith("#") and number not in skipped
    )


def comprehension_depth(node: ast.AST) -> int:
    """How deeply comprehensions nest inside ``node`` (a single comprehension is 1)."""
    inner = max((comprehension_depth(child) for child in ast.iter_child_nodes(node)), default=0)
    is_comprehension = isinstance(node, (ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp))
    return inner + 1 if is_comprehension else inner


def problems(listing: Listing) -> list[str]:
    tree = ast.parse(listing.code)
    found = []
    count = code_lines(listing.code)
    if count > MAX_CODE_LINES:
        found.append(f"{count} lines of code (at most {MAX_CODE_LINES})")
    for name, pattern in FORBIDDEN.items():
        if pattern.search(listing.code):
            found.append(f"contains {name}")
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id.startswith("check_"):
            found.append(f"calls {node.func.id} (a check belongs in a named chunk)")
    if comprehension_depth(tree) > 2:
        found.append("a comprehension nested more than two deep")
    return found


ALL = [listing for chapter in CHAPTERS for listing in listings(chapter)]


def test_the_teaching_chapters_have_listings():
    assert len(CHAPTERS) == 5
    assert len(ALL) > 20


@pytest.mark.parametrize("listing", ALL, ids=str)
def test_a_teaching_listing_is_short_and_plain(listing):
    assert not problems(listing), f"{listing}: " + "; ".join(problems(listing))


def test_the_check_finds_what_it_looks_for():
    long = "\n".join(f"x{i} = {i}" for i in range(31))
    assert problems(Listing("x", 1, "nnbook/x.py", long)) == ["31 lines of code (at most 30)"]
    documented = '"""Doc.\n\nMore doc.\n"""\n# a comment\n\nx = 1\n'
    assert code_lines(documented) == 1
    tricks = (
        "def f(rows, a, delta):\n"
        "    if delta:\n"
        "        check_numbers(rows, 'rows')\n"
        "    return [[[w for w in r] for r in row] for row in map(list, rows)]\n"
    )
    found = problems(Listing("x", 1, "nnbook/x.py", tricks))
    assert "contains map(" in found
    assert "contains skipping a zero delta or input" in found
    assert "calls check_numbers (a check belongs in a named chunk)" in found
    assert "a comprehension nested more than two deep" in found


if __name__ == "__main__":
    for item in ALL:
        print(f"{code_lines(item.code):3d}  {item}", *problems(item), sep="  ", file=sys.stdout)
