"""The book's text: code lines fit 88 columns, and prose has no hand-typed numbers.

The two checkers live in tools/ (check_code_width.py, check_prose_numbers.py);
this file runs both over every page in _toc.yml, and first tests the checkers
themselves on small pieces of MyST, so that a checker that stops seeing a
number (or starts seeing one in code) fails here rather than passing the book.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))

from check_code_width import WIDTH, wide_code_lines  # noqa: E402
from check_prose_numbers import prose_numbers  # noqa: E402

WIDE = "y" * (WIDTH + 1)


def numbers(markdown: str) -> list[tuple[int, str]]:
    return list(prose_numbers(markdown))


def book_pages() -> list[Path]:
    """Every page of the book, from the `file:` entries and the root of _toc.yml."""
    toc = (ROOT / "_toc.yml").read_text(encoding="utf-8")
    names = re.findall(r"^\s*(?:-\s*file|root):\s*(\S+)\s*$", toc, re.MULTILINE)
    assert names, "_toc.yml lists no pages"
    return [ROOT / f"{name}.md" for name in names]


# --- the prose checker ---------------------------------------------------------


def test_a_number_in_a_paragraph_is_found_on_its_line() -> None:
    assert numbers("Some text.\n\nThe loss is 0.25 after\ntraining for 40 epochs.\n") == [
        (3, "0.25"),
        (4, "40"),
    ]


def test_a_number_in_a_list_is_found() -> None:
    assert numbers("Intro:\n\n- first item\n- the rate is 0.5\n") == [(4, "0.5")]


def test_a_number_in_a_heading_a_note_and_a_footnote_is_found() -> None:
    assert numbers("## 12 ways\n") == [(1, "12")]
    assert numbers("```{note}\nIt takes 9 steps.\n```\n") == [(2, "9")]
    assert numbers("Text[^a].\n\n[^a]: A note with 42.\n") == [(3, "42")]


def test_a_number_in_an_exercise_is_found_whatever_its_options() -> None:
    assert numbers("```{exercise}\n:label: ex-a\n\nTrain for 12 epochs.\n```\n") == [
        (4, "12")
    ]
    assert numbers(":::{exercise}\n:label: ex-a\n\nTrain for 12 epochs.\n:::\n") == [
        (4, "12")
    ]
    assert numbers("```{exercise}\n---\nlabel: ex-b\n---\nIt takes 9 steps.\n```\n") == [
        (5, "9")
    ]


def test_a_number_in_a_table_is_found() -> None:
    assert numbers("| a | b |\n|---|---|\n| 3.5 | x |\n") == [(3, "3.5")]


def test_in_math_a_value_is_found_but_not_a_subscript_or_small_algebra() -> None:
    assert numbers("Then $w_{13} = 0.75$ and $x^2 + 4s(1 - s)$.\n") == [(1, "0.75")]
    assert numbers("$$\nL = 0.5 x^{10}\n$$\n") == [(1, "0.5")]
    assert numbers("A step of $10^{-6}$.\n") == [(1, "10")]


def test_glue_roles_code_spans_and_code_cells_are_not_prose() -> None:
    assert numbers("The loss is {glue:text}`ch1-loss:.4f` now.\n") == []
    assert numbers("Call `train(epochs=2000)` now.\n") == []
    assert numbers("```{code-cell} ipython3\nx = 12345\n```\n") == []
    assert numbers("```python\nrate = 0.5\n```\n") == []


def test_prose_in_a_solution_counts_and_its_code_cell_does_not() -> None:
    nested = (
        "````{solution} ex-a\n:class: dropdown\n\nIt takes 7 steps:\n\n"
        "```{code-cell} ipython3\nx = 3.5\n```\n````\n"
    )
    assert numbers(nested) == [(4, "7")]
    split = (
        "```{solution-start} ex-a\n:class: dropdown\n```\nIt takes 7 steps.\n"
        "```{code-cell} ipython3\nx = 3.5\n```\n```{solution-end}\n```\n"
    )
    assert numbers(split) == [(4, "7")]


def test_names_years_and_small_integers_are_allowed() -> None:
    assert numbers("A 3-4-1 network, a 2-1 network, h1, float64 and 8×8 images.\n") == []
    assert numbers("Rumelhart in 1986, and again in 2026.\n") == []
    assert numbers("Between 0 and 1, or 2 classes; text that is not UTF-8.\n") == []


def test_a_name_or_year_at_the_end_of_a_sentence_is_still_allowed() -> None:
    assert numbers("It was 1986. A 3-4-1. Images of 8×8.\n") == []
    assert numbers("It was 1986.5 or 3-4-1.5\n") == [(1, "1986.5"), (1, "3"), (1, "4"), (1, "1.5")]


# --- the code width checker ----------------------------------------------------


def test_a_wide_line_in_a_code_cell_is_found_and_one_of_88_is_not() -> None:
    assert wide_code_lines(f"```{{code-cell}} ipython3\nx = 1\n{WIDE}\n```\n") == [
        (3, WIDTH + 1)
    ]
    assert wide_code_lines(f"```python\n{'y' * WIDTH}\n```\n") == []
    assert wide_code_lines(f"~~~\n{WIDE}\n~~~\n") == [(2, WIDTH + 1)]


def test_a_wide_line_of_prose_or_math_is_not_code() -> None:
    assert wide_code_lines(f"{WIDE}\n") == []
    assert wide_code_lines(f"```{{math}}\n{WIDE}\n```\n") == []
    assert wide_code_lines(f"```{{note}}\n{WIDE}\n```\n") == []


def test_a_wide_line_in_a_code_cell_nested_in_an_exercise_is_found() -> None:
    exercise = (
        f"`````{{exercise}}\n:label: e\n\n{WIDE}\n\n"
        f"```{{code-cell}} ipython3\n{WIDE}\n```\n`````\n"
    )
    assert wide_code_lines(exercise) == [(7, WIDTH + 1)]
    solution = f":::{{solution}} e\n{WIDE}\n```{{code-cell}} ipython3\n{WIDE}\n```\n:::\n"
    assert wide_code_lines(solution) == [(4, WIDTH + 1)]


def test_a_fence_inside_code_is_code_not_a_new_block() -> None:
    listing = f"````markdown\n```{{note}}\n{WIDE}\n```\n````\n"
    assert wide_code_lines(listing) == [(3, WIDTH + 1)]


# --- the whole book ------------------------------------------------------------


def test_every_page_of_the_book_keeps_code_narrow_and_prose_free_of_typed_numbers() -> None:
    pages = book_pages()
    offenders = []
    for page in pages:
        assert page.exists(), f"_toc.yml lists {page.relative_to(ROOT)}, which does not exist"
        text = page.read_text(encoding="utf-8")
        name = page.relative_to(ROOT)
        offenders += [f"{name}:{line}: {width} columns" for line, width in wide_code_lines(text)]
        offenders += [f"{name}:{line}: {number}" for line, number in prose_numbers(text)]
    if offenders:
        pytest.fail(
            f"{len(offenders)} offenders (code wider than {WIDTH} columns, or a number "
            "typed by hand in prose: glue it, or see tools/check_prose_numbers.py):\n"
            + "\n".join(offenders),
            pytrace=False,
        )


# --- hidden cells --------------------------------------------------------------

HIDDEN_TAGS = {"remove-cell", "remove-input", "hide-cell", "hide-input"}
CELL = re.compile(r"^(\s*)(`{3,})\{code-cell\}")
IMPORTS_NNBOOK = re.compile(r"^\s*(?:from\s+(?:nnbook|support)\b|import\s+(?:nnbook|support)\b)")


def hidden_imports(markdown: str) -> list[tuple[int, str]]:
    """(line, import) for every nnbook or support import in a hidden code cell.

    A reader who copies a chapter's visible cells into Jupyter must get every
    name they use, so the chapter's imports stay in cells the reader sees.
    """
    found = []
    lines = markdown.split("\n")
    start = 0
    while start < len(lines):
        match = CELL.match(lines[start])
        start += 1
        if not match:
            continue
        fence, tags, body = match.group(2), "", []
        while start < len(lines) and lines[start].strip() != fence:
            if lines[start].strip().startswith(":tags:"):
                tags = lines[start]
            body.append((start + 1, lines[start]))
            start += 1
        if any(tag in tags for tag in HIDDEN_TAGS):
            found += [(n, line.strip()) for n, line in body if IMPORTS_NNBOOK.match(line)]
    return found


def test_hidden_import_finder_sees_hidden_cells_only() -> None:
    page = (
        "```{code-cell} ipython3\nfrom nnbook import Network\n```\n\n"
        "````{solution} ex\n```{code-cell} ipython3\n:tags: [remove-input]\n\n"
        "import nnbook.fast\nfrom myst_nb import glue\n```\n````\n"
        "```{code-cell} ipython3\n:tags: [remove-cell]\n\nfrom support.figures import f\n```\n"
    )
    assert hidden_imports(page) == [(9, "import nnbook.fast"), (16, "from support.figures import f")]


@pytest.mark.parametrize("page", book_pages(), ids=lambda page: page.name)
def test_no_hidden_cell_imports_nnbook(page: Path) -> None:
    assert hidden_imports(page.read_text(encoding="utf-8")) == []
