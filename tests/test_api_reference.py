"""The book's API reference: an entry, with an anchor and a chapter link, for every public name.

The real appendix is built by `make book-strict`. Here the same extensions run
on a copy of the book whose chapters keep only their titles and listings (no
cells to execute; the preface, which shows the version, stays whole), with
Sphinx's warnings as errors, and the HTML is read back. The public names are
counted here independently of the extension, by walking the imported package.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

import nnbook

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
from tangle import chapters, listings, top_level_names  # noqa: E402

CODE_BLOCK = re.compile(r"^(?P<fence>`{3,}|~{3,})\{code-block\}")


def listings_only(page: Path) -> str:
    """A page reduced to its title and its code blocks: nothing to execute."""
    lines = page.read_text(encoding="utf-8").splitlines()
    title = next(index for index, line in enumerate(lines) if line.startswith("# "))
    # The page's label, so that the preface's references to chapters resolve.
    label = [lines[title - 1]] if title and re.fullmatch(r"\([\w-]+\)=", lines[title - 1]) else []
    kept = [*label, lines[title], ""]
    index = 0
    while index < len(lines):
        start = CODE_BLOCK.match(lines[index].strip())
        index += 1
        if not start:
            continue
        kept.append(lines[index - 1].strip())
        while index < len(lines) and lines[index].strip() != start["fence"]:
            kept.append(lines[index])
            index += 1
        kept += [start["fence"], ""]
        index += 1
    return "\n".join(kept) + "\n"


@pytest.fixture(scope="module")
def built_book(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The HTML pages of a listings-only copy of the book, built with -W."""
    book = tmp_path_factory.mktemp("book")
    shutil.copy(ROOT / "_toc.yml", book / "_toc.yml")
    # Without the "Try it" consoles: a listings-only book needs no Pyodide.
    config = [
        line
        for line in (ROOT / "_config.yml").read_text(encoding="utf-8").splitlines()
        if not line.strip().startswith(("sphinx_nnbook:", "jupyterlite_"))
    ]
    (book / "_config.yml").write_text("\n".join(config) + "\n", encoding="utf-8")
    shutil.copytree(ROOT / "nnbook", book / "nnbook", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(ROOT / "tools", book / "tools", ignore=shutil.ignore_patterns("__pycache__"))
    (book / "book").mkdir()
    shutil.copytree(
        ROOT / "book" / "support", book / "book" / "support", ignore=shutil.ignore_patterns("__pycache__")
    )
    for page in chapters(ROOT):
        target = book / page.relative_to(ROOT)
        if page.name in ("api-reference.md", "preface.md"):  # the preface shows the version
            shutil.copy(page, target)
        else:
            target.write_text(listings_only(page), encoding="utf-8")
    jupyter_book = Path(sys.executable).parent / "jupyter-book"
    result = subprocess.run(
        [str(jupyter_book), "build", str(book), "-W", "--keep-going"], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return book / "_build" / "html" / "book"


@pytest.fixture(scope="module")
def reference_html(built_book: Path) -> str:
    return (built_book / "api-reference.html").read_text(encoding="utf-8")


class Anchors(HTMLParser):
    """The ids of a page's signatures, and the chapter each entry's text links to."""

    def __init__(self) -> None:
        super().__init__()
        self.ids: list[str] = []
        self.links: dict[str, list[str]] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "dt" and values.get("id"):
            self.ids.append(str(values["id"]))
        elif tag == "a" and self.ids and "reference internal" in (values.get("class") or ""):
            href = values.get("href") or "#"
            if not href.startswith("#"):  # a link to another page: a chapter
                self.links.setdefault(self.ids[-1], []).append(href)


def public_names() -> dict[str, set[str]]:
    """{module: public names it defines}, found without the extension."""
    defined: dict[str, set[str]] = {}
    for page in chapters(ROOT):
        for listing in listings(page, ROOT):
            if listing.target.startswith("nnbook/"):
                module = listing.target.removesuffix(".py").replace("/", ".").removesuffix(".__init__")
                defined.setdefault(module, set()).update(top_level_names(listing))
    found: dict[str, set[str]] = {}
    for info in pkgutil.iter_modules(nnbook.__path__):
        if info.name == "__main__":
            continue
        module = importlib.import_module(f"nnbook.{info.name}")
        if hasattr(module, "__all__"):
            names = set(module.__all__)
        else:
            names = {
                name
                for name, value in vars(module).items()
                if not name.startswith("_")
                and not inspect.ismodule(value)
                and (name in defined.get(module.__name__, set()) or getattr(value, "__module__", "") == module.__name__)
            }
        found[module.__name__] = names
    return found


def test_every_public_name_has_an_entry_with_an_anchor_and_a_chapter_link(reference_html: str):
    parser = Anchors()
    parser.feed(reference_html)
    ids = set(parser.ids)
    assert "nnbook.Network" in ids
    missing = []
    for module, names in public_names().items():
        for name in sorted(names):
            short = getattr(nnbook, name, None) is getattr(importlib.import_module(module), name)
            anchor = f"nnbook.{name}" if short else f"{module}.{name}"
            if anchor not in ids:
                missing.append(anchor)
            elif not parser.links.get(anchor):
                missing.append(f"{anchor} (no link to its chapter)")
    for name in dir(nnbook):
        if not name.startswith("_") and not inspect.ismodule(getattr(nnbook, name)) and f"nnbook.{name}" not in ids:
            missing.append(f"nnbook.{name}")
    assert not missing, f"no entry in the API reference for: {missing}"


def test_an_entry_shows_signature_docstring_and_the_chapter_that_teaches_it(reference_html: str):
    parser = Anchors()
    parser.feed(reference_html)
    assert parser.links["nnbook.Network"] == ["02-forward-pass.html"]
    assert parser.links["nnbook.sigmoid"] == ["01-activation-functions.html"]
    entry = reference_html[reference_html.index('id="nnbook.sigmoid"') :]
    assert "The logistic function" in entry[:3000]
    assert '<span class="n"><span class="pre">x</span></span>' in entry[:1000]


def test_the_title_page_and_every_footer_show_the_version_of_nnbook(built_book: Path):
    preface = (built_book / "preface.html").read_text(encoding="utf-8")
    assert f"Version {nnbook.__version__} of the book and of the" in preface
    for page in ["preface.html", "api-reference.html", "02-forward-pass.html"]:
        footer = (built_book / page).read_text(encoding="utf-8").split("<footer", 1)[1]
        assert f"Version {nnbook.__version__} of the book and of nnbook." in footer
