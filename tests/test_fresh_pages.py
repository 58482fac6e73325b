"""No stale pages: after a change to the package, every page with code runs again.

A two-chapter book in a temporary folder, with a tiny package beside it, is
built with the book's extension tools/sphinxext/fresh_pages.py. Each code cell
appends its page's name to runs.log, so the log says which pages each build
executed. Touching the package must re-execute both chapters (and their output
must show the package's new value); editing one chapter's prose must
re-execute that chapter only.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
JUPYTER_BOOK = Path(sys.executable).parent / "jupyter-book"

CONFIG = f"""\
title: Fresh pages
only_build_toc_files: true
exclude_patterns: [".*", "**/.*", "_build", "tinypkg"]
execute:
  execute_notebooks: force
sphinx:
  local_extensions:
    fresh_pages: {ROOT / "tools" / "sphinxext"}
  config:
    fresh_pages_watch: ["tinypkg"]
"""
TOC = """\
format: jb-book
root: intro
chapters:
  - file: one
  - file: two
"""
CHAPTER = """\
---
jupytext:
  text_representation:
    extension: .md
    format_name: myst
kernelspec:
  display_name: Python 3
  language: python
  name: python3
---

# Chapter {name}

{prose}

```{{code-cell}} ipython3
import tinypkg

with open("runs.log", "a") as log:
    print("{name}", file=log)
print("value", tinypkg.VALUE)
```
"""


def build(book: Path) -> list[str]:
    """Build the book; the pages executed by this build, in order."""
    log = book / "runs.log"
    log.write_text("")
    result = subprocess.run([str(JUPYTER_BOOK), "build", str(book), "-W"], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return sorted(log.read_text().split())


@pytest.fixture
def book(tmp_path: Path) -> Path:
    (tmp_path / "_config.yml").write_text(CONFIG)
    (tmp_path / "_toc.yml").write_text(TOC)
    (tmp_path / "intro.md").write_text("# Introduction\n\nProse only: nothing to run.\n")
    for name in ["one", "two"]:
        (tmp_path / f"{name}.md").write_text(CHAPTER.format(name=name, prose="Some prose."))
    (tmp_path / "tinypkg").mkdir()
    (tmp_path / "tinypkg" / "__init__.py").write_text("VALUE = 1\n")
    return tmp_path


def test_a_package_change_reruns_every_page_with_code_and_a_prose_edit_only_its_own(book: Path):
    assert build(book) == ["one", "two"]

    (book / "tinypkg" / "__init__.py").write_text("VALUE = 2\n")
    assert build(book) == ["one", "two"]
    for name in ["one", "two"]:
        assert "value 2" in (book / "_build" / "html" / f"{name}.html").read_text()

    (book / "one.md").write_text(CHAPTER.format(name="one", prose="Some prose, edited."))
    assert build(book) == ["one"]
    assert "Some prose, edited." in (book / "_build" / "html" / "one.html").read_text()
