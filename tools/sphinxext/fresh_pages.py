"""Sphinx extension: a change to the package re-executes every page with code.

Sphinx reads again only the pages whose source changed, or one of the files a
page depends on. A chapter's cells run the tangled package, so its outputs
(figures, glued numbers) also depend on every file of the package: after an
edit of a listing in chapter 3, chapter 9's numbers may change too. Each page
that has a code cell therefore records every file under the watched folders
(``fresh_pages_watch``, default ``["nnbook"]``) as a dependency when it is
read. Touching any of them makes the next build read, and so execute, every
such page again; a page without code, and an edit of one page's prose, still
rebuild only that page.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx

# A MyST code cell (```{code-cell} ipython3) or a code cell of an .ipynb file.
CODE_CELL = re.compile(r"^\s*(?:`{3,}|~{3,})\s*\{code-cell\}|\"cell_type\":\s*\"code\"", re.MULTILINE)


def watched_files(srcdir: Path, folders: list[str]) -> list[Path]:
    """Every file under ``folders`` (relative to ``srcdir``), without Python's caches."""
    files = []
    for folder in folders:
        root = srcdir / folder
        if not root.is_dir():
            raise FileNotFoundError(f"fresh_pages_watch names {folder!r}, which is not a folder of {srcdir}")
        files += [
            path
            for path in sorted(root.rglob("*"))
            if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc"
        ]
    return files


def note_package(app: Sphinx, docname: str, source: list[str]) -> None:
    if not CODE_CELL.search(source[0]):
        return
    for path in watched_files(Path(app.srcdir), app.config.fresh_pages_watch):
        app.env.note_dependency(str(path))


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_config_value("fresh_pages_watch", ["nnbook"], "env")
    app.connect("source-read", note_package)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
