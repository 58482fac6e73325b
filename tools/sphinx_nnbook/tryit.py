"""The ``try-it`` directive: a chapter's example in a Python console in the browser.

    ```{try-it} the XOR network of this chapter
    from nnbook import Network
    ...
    ```

In the HTML book it shows the code and a button; the button opens a JupyterLite
console (`lite/repl/`) with the code already run, which the reader can change and
run again. Pyodide runs it in the browser, from files the book serves itself. The
PDF shows the code and a line pointing to the HTML edition.
"""

from __future__ import annotations

import html
import posixpath
from pathlib import Path
from urllib.parse import urlencode

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

# Where jupyterlite-sphinx puts the JupyterLite site, inside the HTML output.
LITE_FOLDER = "lite"

PDF_NOTE = (
    "In the HTML edition of this book (make book, then make serve) this code runs in "
    "your browser, in a Python console where you can change it and run it again."
)
HTML_NOTE = (
    "Python runs in your browser, from files this book serves itself: the first "
    "start loads about 15 MB and takes a few seconds."
)


class try_it(nodes.General, nodes.Element):  # noqa: N801 (docutils names nodes in lower case)
    """A console button; its ``code`` is run when the console opens."""


def console_url(prefix: str, code: str) -> str:
    """The address of a JupyterLite console that runs `code` on opening."""
    query = urlencode(
        {"kernel": "python", "toolbar": "1", "showBanner": "0", "code": code}
    )
    return f"{prefix}/{LITE_FOLDER}/repl/index.html?{query}"


class TryItDirective(SphinxDirective):
    has_content = True
    required_arguments = 1
    final_argument_whitespace = True

    def run(self) -> list[nodes.Node]:
        code = "\n".join(self.content).strip("\n")
        if not code:
            raise self.error(
                "try-it needs the code that its console runs, as its content"
            )
        title = self.arguments[0]
        docdir = posixpath.dirname(self.env.docname)
        prefix = posixpath.relpath(".", docdir) if docdir else "."
        node = try_it(code=code, title=title, url=console_url(prefix, code))
        node += nodes.literal_block(code, code, language="python")
        self.set_source_info(node)
        return [node]


def visit_try_it_html(self, node: try_it) -> None:
    self.body.append(
        '<div class="nnbook-try-it" role="group" aria-label="'
        + html.escape(f"Try it: {node['title']}")
        + '">'
    )


def depart_try_it_html(self, node: try_it) -> None:
    title = html.escape(node["title"])
    self.body.append(
        f'<p class="nnbook-try-it-note">{html.escape(HTML_NOTE)}</p>'
        '<button type="button" class="nnbook-try-it-button" '
        f'data-src="{html.escape(node["url"])}" data-title="Python console: {title}">'
        "Run this code in your browser</button></div>\n"
    )


def visit_try_it_latex(self, node: try_it) -> None:
    self.body.append("\n\n\\noindent\\emph{" + self.encode(PDF_NOTE) + "}\n\n")


def depart_try_it_other(self, node: try_it) -> None:
    pass


def visit_try_it_text(self, node: try_it) -> None:
    pass


def setup(app: Sphinx) -> None:
    app.add_node(
        try_it,
        html=(visit_try_it_html, depart_try_it_html),
        latex=(visit_try_it_latex, depart_try_it_other),
        text=(visit_try_it_text, depart_try_it_other),
    )
    app.add_directive("try-it", TryItDirective)
    static = Path(__file__).parent / "static"
    app.connect(
        "config-inited", lambda app, config: config.html_static_path.append(str(static))
    )
    app.add_css_file("nnbook.css")
    app.add_js_file("nnbook-try-it.js", defer="defer")
    app.add_js_file("nnbook-a11y.js", defer="defer")
