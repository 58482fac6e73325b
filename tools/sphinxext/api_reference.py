"""Sphinx extension: the API reference appendix, generated from the package.

A page holds, in reStructuredText (in a MyST page: inside ``{eval-rst}``)::

    .. nnbook-api::

and gets, when the book is built, a section for every module of the package
with the module's docstring and an autodoc entry (signature, docstring and an
anchor such as ``nnbook.Network``) for each public name, followed by a link
to the chapter whose listing defines it. Nothing is listed by hand:

- a module's public names are its ``__all__`` if it has one, otherwise the
  names without a leading underscore that the module itself defines (in the
  book's listings for that file, or as functions and classes whose
  ``__module__`` is the module);
- a name that the package's front door (``nnbook/__init__.py``) exports is
  documented under that short name (``nnbook.Network``), others under their
  module (``nnbook.persistence.FORMAT``); a front-door name that no module
  lists gets an entry of its own too;
- the chapter is found with tools/tangle.py: the page of the first listing,
  captioned with the module's file, that defines the name.

A public name whose chapter cannot be found is a warning, so ``-W`` builds
fail. The page also depends on every file of the package: an edited docstring
rebuilds it.
"""

from __future__ import annotations

import __future__
import importlib
import importlib.util
import inspect
import pkgutil
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

from docutils import nodes
from docutils.statemachine import StringList
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective
from sphinx.util.nodes import nested_parse_with_titles

logger = logging.getLogger(__name__)
TANGLE = Path(__file__).resolve().parent.parent / "tangle.py"
# A value shown after "=" in an entry: short and without an address in memory.
SHOWN_VALUES = (bool, int, float, str)
LITERAL = re.compile(r"(``.+?``)")


@dataclass
class Entry:
    """One documented name."""

    module: str  # the module whose section lists it, e.g. "nnbook.network"
    name: str  # e.g. "Network"
    documented_as: str  # e.g. "nnbook.Network"
    kind: str  # "class", "exception", "function" or "data"
    chapter: str | None  # the page that teaches it, e.g. "book/02-forward-pass"
    show_value: bool = False


def _tangle() -> ModuleType:
    """tools/tangle.py, loaded once."""
    if "nnbook_tangle" not in sys.modules:
        spec = importlib.util.spec_from_file_location("nnbook_tangle", TANGLE)
        assert spec is not None and spec.loader is not None, TANGLE
        module = importlib.util.module_from_spec(spec)
        sys.modules[spec.name] = module  # its dataclasses look themselves up there
        spec.loader.exec_module(module)
    return sys.modules["nnbook_tangle"]


def chapters_of(root: Path, package: str) -> dict[tuple[str, str], str]:
    """{(module, name): docname of the first page whose listing defines it}."""
    tangle = _tangle()
    found: dict[tuple[str, str], str] = {}
    for page in tangle.chapters(root):
        docname = str(page.relative_to(root).with_suffix(""))
        for listing in tangle.listings(page, root):
            if not listing.target.startswith(f"{package}/") or not listing.target.endswith(".py"):
                continue
            module = listing.target.removesuffix(".py").replace("/", ".").removesuffix(".__init__")
            for name in tangle.top_level_names(listing):
                found.setdefault((module, name), docname)
    return found


def public_names(module: ModuleType, defined: set[str]) -> list[str]:
    """The module's ``__all__``, else the public names it defines itself."""
    if hasattr(module, "__all__"):
        return list(module.__all__)
    return [
        name
        for name, value in vars(module).items()
        if not name.startswith("_")
        and not inspect.ismodule(value)
        and (name in defined or getattr(value, "__module__", None) == module.__name__)
    ]


def kind_of(value: object) -> str:
    if inspect.isclass(value):
        return "exception" if issubclass(value, BaseException) else "class"
    if inspect.isfunction(value) or inspect.isbuiltin(value):
        return "function"
    return "data"


def modules(package: str) -> list[ModuleType]:
    """The package and its modules (not ``__main__``, which would run the program)."""
    top = importlib.import_module(package)
    found = [top]
    for info in pkgutil.iter_modules(top.__path__):
        if info.name != "__main__":
            found.append(importlib.import_module(f"{package}.{info.name}"))
    return found


def api_entries(package: str, root: Path) -> list[Entry]:
    """Every public name of ``package``, each once, with the chapter that teaches it."""
    chapters = chapters_of(root, package)
    top, *submodules = modules(package)
    front_door = top.__all__ if hasattr(top, "__all__") else [name for name in vars(top) if name[0] != "_"]
    exported = {
        name: getattr(top, name)
        for name in front_door
        if not inspect.ismodule(getattr(top, name)) and not isinstance(getattr(top, name), __future__._Feature)
    }
    entries: dict[str, Entry] = {}
    for module in submodules:
        defined = {name for (owner, name) in chapters if owner == module.__name__}
        for name in public_names(module, defined):
            value = getattr(module, name)
            short = name in exported and exported[name] is value
            documented_as = f"{package}.{name}" if short else f"{module.__name__}.{name}"
            home = getattr(value, "__module__", None)
            if documented_as in entries and home != module.__name__:
                continue  # re-exported here too: listed under the module that defines it
            chapter = chapters.get((module.__name__, name)) or chapters.get((home or "", name))
            shown = isinstance(value, SHOWN_VALUES) and len(repr(value)) <= 60
            entries[documented_as] = Entry(module.__name__, name, documented_as, kind_of(value), chapter, shown)
    for name, value in exported.items():
        if f"{package}.{name}" not in entries:  # defined in the front door, or private in its module
            home = getattr(value, "__module__", None) or package
            chapter = chapters.get((package, name)) or chapters.get((home, name))
            entries[f"{package}.{name}"] = Entry(package, name, f"{package}.{name}", kind_of(value), chapter)
    return list(entries.values())


def render(entries: list[Entry], pages: list[str]) -> list[str]:
    """The reStructuredText of the reference: modules, and the names in each, in
    the order the book (``pages``, in reading order) first teaches them."""

    def rank(entry: Entry) -> int:
        return pages.index(entry.chapter) if entry.chapter in pages else len(pages)

    by_module: dict[str, list[Entry]] = {}
    for entry in entries:
        by_module.setdefault(entry.module, []).append(entry)
    lines: list[str] = []
    for module, members in sorted(by_module.items(), key=lambda item: (min(map(rank, item[1])), item[0])):
        title = f"``{module}``"
        lines += [title, "-" * len(title), "", f".. automodule:: {module}", "   :no-members:", ""]
        for entry in sorted(members, key=rank):
            directive = {"class": "autoclass", "exception": "autoexception"}.get(entry.kind, f"auto{entry.kind}")
            lines.append(f".. {directive}:: {entry.documented_as}")
            if entry.kind in ("class", "exception"):
                lines.append("   :members:")
            if entry.kind == "data" and not entry.show_value:
                lines.append("   :no-value:")
            lines.append("")
            if entry.chapter:
                lines += [f"   Taught in :doc:`/{entry.chapter}`.", ""]
    return lines


class ApiReference(SphinxDirective):
    """``.. nnbook-api::`` — the reference of the package named by ``nnbook_api_package``."""

    has_content = False

    def run(self) -> list[nodes.Node]:
        package = self.config.nnbook_api_package
        root = Path(self.env.srcdir)
        for path in sorted((root / package).rglob("*.py")):
            if "__pycache__" not in path.parts:
                self.env.note_dependency(str(path))
        entries = api_entries(package, root)
        for entry in entries:
            if entry.chapter is None:
                logger.warning(
                    "API reference: no chapter's listing defines %s (looked for a listing captioned %s/...)",
                    entry.documented_as,
                    package,
                    location=self.get_location(),
                )
        pages = [str(page.relative_to(root).with_suffix("")) for page in _tangle().chapters(root)]
        container = nodes.section()
        source = self.get_source_info()[0]
        nested_parse_with_titles(self.state, StringList(render(entries, pages), source=source), container)
        return container.children


def tidy_docstring(app: Sphinx, what: str, name: str, obj: object, options: Any, lines: list[str]) -> None:
    """Make the book's docstrings read well as reStructuredText.

    - A constant has no docstring of its own; autodoc would show its type's
      (a dict's "dict() -> new empty dictionary..."): show none instead.
    - The book writes absolute values as in maths, ``|δ|``; reStructuredText
      would take ``|δ|`` for a substitution. Bars outside ``literals`` and
      doctest blocks are escaped.
    """
    if what == "data" and lines and "\n".join(lines).strip() == inspect.cleandoc(type(obj).__doc__ or ""):
        lines.clear()
        return
    in_doctest = False
    for index, line in enumerate(lines):
        stripped = line.strip()
        if stripped.startswith(">>>"):
            in_doctest = True
        elif not stripped:
            in_doctest = False
        if not in_doctest:
            parts = LITERAL.split(line)
            lines[index] = "".join(part if LITERAL.fullmatch(part) else part.replace("|", r"\|") for part in parts)


def ignore_outside_names(app: Sphinx, config: Config) -> None:
    """In nitpicky builds (the PDF's ``-n``), let signatures name what they use.

    The book loads nothing from outside, so there is no intersphinx inventory
    for ``collections.abc.Sequence`` and the like to link to; an unresolved
    reference to a name outside the package is not an error. One to a name
    of the package still is.
    """
    package = re.escape(config.nnbook_api_package)
    config.nitpick_ignore_regex = [*config.nitpick_ignore_regex, (r"py:.*", rf"(?!{package}\b).*")]


def setup(app: Sphinx) -> dict[str, Any]:
    app.setup_extension("sphinx.ext.autodoc")
    app.connect("config-inited", ignore_outside_names)
    app.connect("autodoc-process-docstring", tidy_docstring)
    app.add_config_value("nnbook_api_package", "nnbook", "env")
    app.add_directive("nnbook-api", ApiReference)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
