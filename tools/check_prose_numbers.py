"""Find numbers typed by hand in the book's prose.

Every number a reader sees in the text is computed by the code beside it and
glued in (``{glue:text}``), so that the text cannot drift from what nnbook does.
This script reads each chapter with MyST's own parser and reports every number
in prose (paragraphs, lists, tables, headings, captions, admonitions, exercises
and solutions) that is not inside code, a glue role or another role.

What is not reported, because it is not a measured or computed value:

- the integers 0, 1 and 2 on their own (the ends of the sigmoid's range, class
  labels, squares and halves in formulas);
- years (1986, 2026; not 2000, which is more often a number of epochs);
- names of layer sizes such as 3-4-1 or 64-32-10, and grid sizes such as 8×8;
- digits that are part of a name (h1, x2, float64, UTF-8, CC BY 4.0; MNIST's 28x28 is a
  name too);
- in math: subscripts and superscripts (indices and powers), and single-digit
  integers (the coefficients of algebra, as in 4s(1 - s) or ¼); decimals and
  larger integers in a formula are values, and are reported.

    python tools/check_prose_numbers.py book/*.md     # prints file:line: number
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from pathlib import Path

from markdown_it.renderer import RendererHTML
from markdown_it.token import Token
from myst_parser.config.main import MdParserConfig
from myst_parser.parsers.mdit import create_md_parser

EXTENSIONS = {"dollarmath", "amsmath", "colon_fence", "deflist", "substitution"}
# Directives whose content is code, data or configuration, not prose.
NOT_PROSE = {
    "code-cell", "code-block", "code", "literalinclude", "math", "raw", "glue",
    "glue:any", "glue:math", "list-table-data", "mermaid", "try-it", "replite",
    "toctree", "tableofcontents", "bibliography", "autofunction", "automodule",
    "autoclass", "autodata", "eval-rst", "doctest", "testcode", "testoutput",
}
ALLOWED = [
    # years, but not the round 1900 or 2000 (more likely counts of epochs)
    re.compile(r"(?<![\d.])(?:19|20)(?!00)\d\d(?!\d|\.\d)"),
    re.compile(r"(?<![\w.])\d+(?:[-–]\d+){2,}(?!\w|\.\d)"),  # layer sizes: 3-4-1
    re.compile(r"(?<![\w.])\d+[-–]\d+(?=[ -]network)"),  # a 2-1 network
    re.compile(r"(?<![\w.])\d+\s*[×x]\s*\d+(?!\w|\.\d)"),  # grid sizes: 8×8
    re.compile(r"[A-Za-z_][A-Za-z_]*\d\w*"),  # names with digits: h1, float64
    re.compile(r"(?<![\w.-])[A-Z]{2,}-\d+(?!\w|\.\d)"),  # names of standards: UTF-8
    re.compile(r"\bCC BY(?:-[A-Z]{2})* \d\.\d\b"),  # licences: CC BY 4.0
]
NUMBER = re.compile(r"\d+(?:[.,]\d+)*(?:e[-+]?\d+)?")
SMALL = {"0", "1", "2"}
_PARSER = create_md_parser(MdParserConfig(enable_extensions=EXTENSIONS), RendererHTML)


def numbers_in_text(text: str) -> list[str]:
    """The numbers in a piece of prose that the allow-list does not excuse.

    >>> numbers_in_text("a 3-4-1 network with 16 weights, h1 and 0.6 in 2026")
    ['16', '0.6']
    >>> numbers_in_text("between 0 and 1, twice as big: 2")
    []
    >>> numbers_in_text("2000 epochs, in 1986")
    ['2000']
    """
    for pattern in ALLOWED:
        text = pattern.sub(" ", text)
    return [n for n in NUMBER.findall(text) if n not in SMALL]


def numbers_in_math(math: str) -> list[str]:
    r"""Numbers in a formula, leaving out subscripts, superscripts and commands.

    >>> numbers_in_math(r"w_{13} x^2 + 0.5 \cdot \frac{1}{2} - 4s + \tfrac14 + 784")
    ['0.5', '784']
    """
    math = re.sub(r"[_^]\{[^{}]*\}|[_^]\\?\w", " ", math)
    math = re.sub(r"\\[dt]?frac\s*\d\d", " ", math)
    math = re.sub(r"\\[A-Za-z]+", " ", math)
    return [n for n in numbers_in_text(math) if len(n) > 1]


def split_directive(content: str) -> str:
    """A directive's body without its options (``:name: value`` lines or YAML)."""
    lines = content.split("\n")
    if lines and lines[0].strip() == "---":
        end = lines.index("---", 1) if "---" in lines[1:] else 0
        return "\n".join(lines[end + 1 :])
    while lines and re.match(r"\s*:[\w-]+:", lines[0]):
        lines.pop(0)
    return "\n".join(lines)


def prose_numbers(markdown: str, first_line: int = 1) -> Iterator[tuple[int, str]]:
    """(line, number) for every hand-typed number in a MyST document."""
    tokens = _PARSER.parse(markdown)
    for token in tokens:
        line = first_line + (token.map[0] if token.map else 0)
        if token.type in ("fence", "colon_fence"):
            name = token.info.strip()
            if name.startswith("{") and "}" in name:
                directive = name[1 : name.index("}")]
                if directive not in NOT_PROSE:
                    title = name[name.index("}") + 1 :]
                    for number in numbers_in_text(title):
                        yield line, number
                    body = split_directive(token.content)
                    offset = token.content.count("\n") - body.count("\n")
                    yield from prose_numbers(body, line + 1 + offset)
        elif token.type in ("math_block", "math_block_label", "amsmath"):
            for number in numbers_in_math(token.content):
                yield line, number
        elif token.type == "inline":
            yield from inline_numbers(token, line)


def inline_numbers(token: Token, line: int) -> Iterator[tuple[int, str]]:
    for child in token.children or []:
        if child.type == "text":
            for number in numbers_in_text(child.content):
                yield line, number
        elif child.type == "math_inline":
            for number in numbers_in_math(child.content):
                yield line, number
        if child.type in ("softbreak", "hardbreak"):
            line += 1


def main(paths: list[str]) -> int:
    found = 0
    for name in paths:
        path = Path(name)
        for line, number in prose_numbers(path.read_text(encoding="utf-8")):
            print(f"{path}:{line}: {number}")
            found += 1
    print(f"{found} hand-typed numbers in prose", file=sys.stderr)
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
