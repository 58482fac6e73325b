"""tools/check_html.py (no build path, no bold __init__ in the built book) and
tools/sphinx/book_source.py (what Sphinx reads of a chapter)."""

import importlib.util
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def load(path: str):
    spec = importlib.util.spec_from_file_location(Path(path).stem, ROOT / path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


check_html = load("tools/check_html.py")
book_source = load("tools/sphinx/book_source.py")


def write(folder: Path, name: str, text: str) -> None:
    (folder / name).parent.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(text, encoding="utf-8")


def test_clean_pages_pass(tmp_path, capsys):
    write(tmp_path, "index.html", "<p>ValueError: sizes must be a list</p>")
    caption = '<span class="caption-text">nnbook/__init__.py</span>'
    write(tmp_path, "book/ch.html", caption)
    assert check_html.problems(tmp_path, build_root=Path("/home/builder/nnbook")) == []
    assert check_html.main([str(tmp_path)]) == 0
    assert "shows no build paths" in capsys.readouterr().out


def test_a_traceback_with_the_build_path_is_found(tmp_path):
    root = Path("/home/builder/nnbook")
    write(tmp_path, "index.html", "<p>fine</p>")
    traceback = f"<pre>File {root}/nnbook/network.py:12, in forward\n</pre>"
    write(tmp_path, "book/ch.html", traceback)
    found = check_html.problems(tmp_path, build_root=root)
    assert len(found) == 1
    assert found[0].startswith("book/ch.html: shows the build path")


def test_a_bold_init_caption_is_found(tmp_path):
    bold = '<span class="caption-text">nnbook/<strong>init</strong>.py</span>'
    write(tmp_path, "ch.html", bold)
    assert check_html.problems(tmp_path, build_root=Path("/nowhere")) == [
        "ch.html: a caption shows __init__ as bold (**init**)"
    ]


def test_main_fails_on_a_problem_and_on_an_empty_folder(tmp_path, capsys):
    assert check_html.main([str(tmp_path)]) == 1
    assert "no HTML pages" in capsys.readouterr().err
    write(tmp_path, "ch.html", f"<pre>{ROOT}/nnbook/cli.py</pre>")
    assert check_html.main([str(tmp_path)]) == 1
    assert "1 problem(s)" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("caption", "shown"),
    [
        ("nnbook/__init__.py", r"nnbook/\_\_init\_\_.py"),
        ("tests/test_spec.py", r"tests/test\_spec.py"),
        ("nnbook/network.py", "nnbook/network.py"),
        (r"already\_escaped", r"already\_escaped"),
    ],
)
def test_captions_are_escaped_and_nothing_else(caption, shown):
    page = f"```{{code-block}} python\n:caption: {caption}\n\nx = __init__\n```\n"
    expected = page.replace(f":caption: {caption}", f":caption: {shown}")
    assert book_source.escape_captions(page) == expected


def test_every_notebook_page_gets_minimal_tracebacks_first():
    page = (ROOT / "book" / "06-how-do-we-know.md").read_text(encoding="utf-8")
    read = book_source.minimal_tracebacks(page)
    front_matter_end = page.index("\n---\n", 4) + len("\n---\n")
    assert read[:front_matter_end] == page[:front_matter_end]
    first_cell = "```{code-cell} ipython3\n:tags: [remove-cell]\n\n%xmode Minimal\n```"
    assert read[front_matter_end:].lstrip().startswith(first_cell)
    assert read.endswith(page[front_matter_end:])
    plain = "# A page without a kernel\n"
    assert book_source.minimal_tracebacks(plain) == plain
