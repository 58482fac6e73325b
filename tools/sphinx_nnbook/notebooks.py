"""Every chapter with code as a Jupyter notebook to download, and all in one zip.

At the end of an HTML build, each page's notebook as MyST-NB executed it
(`_build/jupyter_execute/<page>.ipynb`) becomes `notebooks/<page>.ipynb` in the site:

- every cell is shown, the imports too (the book hides some; a notebook should not);
- `{glue:text}` and `{glue}` roles in the text become the values they stand for, and
  `{glue:figure}` blocks a sentence saying which code cell draws the figure;
- `from myst_nb import glue` becomes a small `glue` that shows the value, so the
  notebook runs with nnbook and Jupyter alone.

Each page with code links its notebook and the archive `notebooks/nnbook-notebooks.zip`
(a paragraph added here, in the HTML only). Nothing of this is committed.
"""

from __future__ import annotations

import json
import posixpath
import re
import zipfile
from pathlib import Path
from typing import Any

from docutils import nodes
from myst_nb.core.variables import format_plain_text
from sphinx.application import Sphinx

FOLDER = "notebooks"
ARCHIVE = "nnbook-notebooks.zip"

GLUE_IMPORT = "from myst_nb import glue"
GLUE_STANDIN = '''from IPython.display import display as show


def glue(name, value, display=True):
    """In the book, MyST-NB's glue puts `value` into the text; here it is shown."""
    print(f"{name}:")
    show(value)'''

PREAMBLE = """*From the book "Neural Networks, Node by Node".* It needs nnbook with its
extras: `pip install "nnbook[all]"`. The figures import `support`, the book's own
figure code: it is in `nnbook-notebooks.zip`, beside the notebooks; run them from
that folder."""

HIDING_TAGS = {
    "remove-cell",
    "remove-input",
    "remove-output",
    "hide-cell",
    "hide-input",
    "hide-output",
}
GLUE_ROLE = re.compile(r"\{glue(?::text)?\}`([^`]+)`")
GLUE_FIGURE = re.compile(
    r"^(`{3,})\{glue:figure\}\s+(\S+)[^\n]*\n(.*?)^\1\s*$", re.DOTALL | re.MULTILINE
)


def has_code(notebook: dict[str, Any]) -> bool:
    return any(cell["cell_type"] == "code" for cell in notebook["cells"])


def glued_text(glue: dict[str, Any], key_and_format: str) -> str:
    """The text a `{glue:text}` role shows, as MyST-NB formats it."""
    key, _, fmt_spec = key_and_format.partition(":")
    if key not in glue:
        raise KeyError(f"glue key {key!r} is used in the text but no cell glues it")
    data = glue[key]["data"]
    plain = next((v for k, v in data.items() if k.endswith("text/plain")), None)
    if plain is None:
        raise ValueError(f"glue key {key!r} has no text/plain value to put in the text")
    return format_plain_text(
        "".join(plain) if isinstance(plain, list) else plain, fmt_spec or "s"
    )


def figure_note(match: re.Match[str]) -> str:
    """A sentence in place of a `{glue:figure}` block: where the figure comes from."""
    body = [
        line
        for line in match.group(3).splitlines()
        if line.strip() and not line.startswith(":")
    ]
    caption = " ".join(body)
    name = match.group(2)
    return f"*Figure `{name}`: the cell that glues it shows it when run.* {caption}\n"


def to_download(executed: dict[str, Any], glue: dict[str, Any]) -> dict[str, Any]:
    """The downloadable notebook made from a page's executed notebook."""
    notebook = json.loads(json.dumps(executed))
    notebook["metadata"].pop("source_map", None)
    notebook["metadata"].pop("jupytext", None)
    for cell in notebook["cells"]:
        source = (
            "".join(cell["source"])
            if isinstance(cell["source"], list)
            else cell["source"]
        )
        if cell["cell_type"] == "markdown":
            source = GLUE_FIGURE.sub(figure_note, source)
            source = GLUE_ROLE.sub(lambda m: glued_text(glue, m.group(1)), source)
        elif cell["cell_type"] == "code":
            tags = cell["metadata"].get("tags", [])
            cell["metadata"]["tags"] = [t for t in tags if t not in HIDING_TAGS]
            if not cell["metadata"]["tags"]:
                del cell["metadata"]["tags"]
            source = source.replace(GLUE_IMPORT, GLUE_STANDIN)
        cell["source"] = source
    preamble = {"cell_type": "markdown", "metadata": {}, "source": PREAMBLE}
    notebook["cells"].insert(0, preamble)
    return notebook


def chapter_docnames(app: Sphinx) -> list[str]:
    """The pages with code, in reading order, that have an executed notebook."""
    folder = Path(app.outdir).parent / "jupyter_execute"
    names = []
    for docname in app.env.found_docs:
        executed = folder / f"{docname}.ipynb"
        if executed.is_file() and has_code(json.loads(executed.read_text())):
            names.append(docname)
    order = {
        name: i
        for i, name in enumerate(app.env.toctree_includes.get(app.config.root_doc, []))
    }
    return sorted(names, key=lambda name: (order.get(name, -1), name))


def write_notebooks(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    executed_folder = Path(app.outdir).parent / "jupyter_execute"
    out = Path(app.outdir) / FOLDER
    out.mkdir(exist_ok=True)
    written = []
    for docname in chapter_docnames(app):
        executed = json.loads((executed_folder / f"{docname}.ipynb").read_text())
        glue_file = executed_folder / f"{docname}.glue.json"
        glue = json.loads(glue_file.read_text()) if glue_file.is_file() else {}
        target = out / f"{posixpath.basename(docname)}.ipynb"
        target.write_text(
            json.dumps(to_download(executed, glue), indent=1, ensure_ascii=False) + "\n"
        )
        written.append(target)
    support = Path(app.srcdir) / "book" / "support"
    with zipfile.ZipFile(out / ARCHIVE, "w", zipfile.ZIP_DEFLATED) as archive:
        for target in written:
            archive.write(target, f"nnbook-notebooks/{target.name}")
        for module in sorted(support.glob("*.py")):
            archive.write(module, f"nnbook-notebooks/support/{module.name}")


def add_download_links(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Put the links to the page's notebook and to the archive under its title."""
    if (
        app.builder.format != "html"
        or "{code-cell}" not in Path(app.env.doc2path(docname)).read_text()
    ):
        return
    sections = list(doctree.findall(nodes.section))
    if not sections:
        return
    prefix = posixpath.relpath(FOLDER, posixpath.dirname(docname) or ".")
    name = posixpath.basename(docname)
    html = (
        '<p class="nnbook-downloads">Download this chapter as a Jupyter notebook: '
        f'<a href="{prefix}/{name}.ipynb" download>{name}.ipynb</a>, '
        f'or every chapter: <a href="{prefix}/{ARCHIVE}" download>{ARCHIVE}</a> '
        "(with <code>support/</code>, the figure code the notebooks import).</p>"
    )
    title = next(iter(sections[0].findall(nodes.title)), None)
    position = sections[0].index(title) + 1 if title is not None else 0
    sections[0].insert(position, nodes.raw("", html, format="html"))


def setup(app: Sphinx) -> None:
    app.connect("doctree-resolved", add_download_links)
    app.connect("build-finished", write_notebooks)
