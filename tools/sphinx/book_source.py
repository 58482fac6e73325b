"""What Sphinx reads of a chapter, adjusted for display (the files stay as written).

Two adjustments, both made on the ``source-read`` event, so that the chapter
files, and with them ``tools/tangle.py``, see the text exactly as written:

- A listing's ``:caption:`` is the path of the file it is tangled into. MyST
  parses a caption as Markdown and would read the double underscores of
  ``__init__`` as bold; every underscore and asterisk of a caption is escaped,
  so the book shows the path as written.
- Cells that raise an error on purpose should show the error, not fifteen
  lines of traceback with paths of the machine that built the book. A hidden
  first cell, ``%xmode Minimal``, makes every traceback its final line only.
  (Run in Jupyter, a chapter shows the full traceback, as Python always does.)
"""

import re
from typing import Any

CAPTION = re.compile(r"^(:caption:[ \t]*)(.*)$", re.MULTILINE)
FRONT_MATTER = re.compile(r"\A---\n.*?^kernelspec:.*?^---\n", re.MULTILINE | re.DOTALL)
MINIMAL_TRACEBACKS = """
```{code-cell} ipython3
:tags: [remove-cell]

%xmode Minimal
```
"""


def escape_captions(text: str) -> str:
    """Escape the underscores (and asterisks) of every ``:caption:`` line of a page.

    >>> escape_captions(":caption: nnbook/__init__.py\\n\\nx = __init__")
    ':caption: nnbook/\\\\_\\\\_init\\\\_\\\\_.py\\n\\nx = __init__'
    """

    def escape(match: re.Match[str]) -> str:
        return match[1] + re.sub(r"(?<!\\)([_*])", r"\\\1", match[2])

    return CAPTION.sub(escape, text)


def minimal_tracebacks(text: str) -> str:
    """Put a hidden ``%xmode Minimal`` cell first in a notebook page; other pages stay.

    >>> page = "---\\nkernelspec:\\n  name: python3\\n---\\n# Title\\n"
    >>> minimal_tracebacks(page).split("\\n")[4:9]
    ['', '```{code-cell} ipython3', ':tags: [remove-cell]', '', '%xmode Minimal']
    >>> minimal_tracebacks("# Not a notebook\\n")
    '# Not a notebook\\n'
    """
    match = FRONT_MATTER.match(text)
    if match is None:
        return text
    return text[: match.end()] + MINIMAL_TRACEBACKS + text[match.end() :]


def _on_source_read(app: Any, docname: str, source: list[str]) -> None:
    source[0] = minimal_tracebacks(escape_captions(source[0]))


def setup(app: Any) -> dict[str, Any]:
    app.connect("source-read", _on_source_read)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
