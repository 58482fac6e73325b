"""Sphinx extension: the book shows the version of the nnbook it is built from.

The one place the version is written is ``__version__`` in the package's
``__init__.py`` (tangled from a listing in book/preface.md). This extension
reads it there when the build starts, without importing the package, and
sets

- Sphinx's ``version`` and ``release``: the PDF's title page prints
  "Release 0.1.0";
- the MyST substitution ``{{ version }}``, which the preface shows under the
  book's title;
- a line in the footer of every HTML page (sphinx-book-theme's
  ``extra_footer``).

A new version changes the configuration, so Sphinx rebuilds every page.
"""

from __future__ import annotations

import ast
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.config import Config


def read_version(init: Path) -> str:
    """The string assigned to ``__version__`` in ``init``."""
    for node in ast.parse(init.read_text(encoding="utf-8")).body:
        if (
            isinstance(node, ast.Assign)
            and any(isinstance(target, ast.Name) and target.id == "__version__" for target in node.targets)
            and isinstance(node.value, ast.Constant)
            and isinstance(node.value.value, str)
        ):
            return node.value.value
    raise ValueError(f"{init} assigns no string to __version__")


def set_version(app: Sphinx, config: Config) -> None:
    version = read_version(Path(app.srcdir) / config.nnbook_version_file)
    config.version = config.release = version
    config.myst_substitutions = {**(config.myst_substitutions or {}), "version": version}
    options = dict(config.html_theme_options or {})
    options["extra_footer"] = f'<p class="nnbook-version">Version {version} of the book and of nnbook.</p>'
    config.html_theme_options = options


def setup(app: Sphinx) -> dict[str, Any]:
    # The file that holds __version__, relative to the book's root.
    app.add_config_value("nnbook_version_file", "nnbook/__init__.py", "env")
    app.connect("config-inited", set_version)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
