"""nnbook's own Sphinx extension (loaded by _config.yml's ``local_extensions``).

- ``try-it`` consoles that run a chapter's example in the browser (tryit.py), on a
  JupyterLite site with a vendored Pyodide and this tree's nnbook wheel (lite.py);
- alt text for every figure, from the figure's own data (figure_alt.py);
- every chapter with code as a notebook to download, and a zip of them (notebooks.py);
- the theme's light/dark button without icon titles that contradict its name
  (templates/theme-switcher.html);
- nothing loaded from outside: the stylesheets and scripts of other hosts that
  extensions add are removed, and MathJax keeps only what the pages load.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx

from . import figure_alt, lite, notebooks, tryit


OUTSIDE = re.compile(r"(https?:)?//[a-z0-9.-]+\.[a-z]{2,}", re.IGNORECASE)


def is_outside(filename: str | None, attributes: dict[str, Any]) -> bool:
    """True for an asset from another host, or an inline script naming one.

    jupyterlite-sphinx adds a Google Fonts stylesheet; sphinx-thebe (part of Jupyter
    Book) an inline script with the address of Thebe on a CDN, used only by launch
    buttons this book does not have.
    """
    if filename is not None and OUTSIDE.match(filename):
        return True
    return bool(OUTSIDE.search(str(attributes.get("body", ""))))


def drop_outside_assets(app: Sphinx) -> None:
    """Remove the stylesheets and scripts that name other hosts (see `is_outside`)."""
    for assets in (app.registry.css_files, app.registry.js_files):
        assets[:] = [(f, a) for f, a in assets if not is_outside(f, a)]
    builder: Any = app.builder
    for name in ("_css_files", "_js_files"):
        built = getattr(builder, name, None)
        if built is not None:
            built[:] = [
                a for a in built if not is_outside(a.filename, dict(a.attributes))
            ]


def drop_outside_page_assets(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """The same for one page: sphinx-thebe adds its script after the builder starts."""
    drop_outside_assets(app)
    for name in ("script_files", "css_files"):
        assets = context.get(name)
        if assets is not None:
            assets[:] = [
                a
                for a in assets
                if not is_outside(
                    getattr(a, "filename", a), dict(getattr(a, "attributes", {}))
                )
            ]


def prune_mathjax(app: Sphinx, exception: Exception | None) -> None:
    """Keep only the MathJax bundle the pages load (sphinx-mathjax-offline copies all).

    The other bundles (tex-svg-full.js, mml-chtml.js, ...) and the SVG output are
    never requested by these pages; they would be 15 MB of the site. The parts the
    kept bundle loads on demand (fonts, TeX extensions, the menu, speech) stay, the
    speech rules for English and Nemeth braille only: the book is in English.
    """
    if exception is not None or app.builder.format != "html":
        return
    folder = Path(app.outdir) / "_static" / "mathjax"
    used = Path(str(app.config.mathjax_path)).name
    if not (folder / used).is_file():
        return
    for bundle in folder.glob("*.js"):
        if bundle.name != used and bundle.name not in {
            "core.js",
            "loader.js",
            "startup.js",
        }:
            bundle.unlink()
    if "svg" not in used:
        shutil.rmtree(folder / "output" / "svg", ignore_errors=True)
        (folder / "output" / "svg.js").unlink(missing_ok=True)
    for rules in (folder / "sre" / "mathmaps").glob("*.json"):
        if rules.stem not in {"base", "en", "nemeth"}:
            rules.unlink()


def build_lite_input(app: Sphinx) -> None:
    """Before an HTML build, lay out what `jupyter lite build` reads at its end."""
    if app.builder.format != "html":
        return
    source = Path(app.srcdir)
    build = Path(app.outdir).parent
    lite.prepare_lite_dir(
        source, source / app.config.jupyterlite_dir, build / "lite-wheels"
    )


def give_figures_alt_text(app: Sphinx, config: Any) -> None:
    """Before any chapter runs: its kernel will attach alt text to every figure."""
    figure_alt.install_kernel_startup(Path(app.outdir).parent / "ipython")


# JupyterLite apps the book does not use: its consoles are the `repl` app.
UNUSED_LITE_APPS = ("lab", "notebooks", "edit", "tree", "consoles")


def prune_lite(app: Sphinx, exception: Exception | None) -> None:
    """Keep the site small (test_site: under 60 MB): drop what the consoles never load.

    That is the other JupyterLite apps (jupyterlite-sphinx builds them all; the
    root index.html stays: every app reads its configuration from it) and the
    SVG copies of the icon fonts, a format no current browser reads (the WOFF2
    beside them is what they load).
    """
    lite_out = Path(app.outdir) / tryit.LITE_FOLDER
    if exception is not None or app.builder.format != "html" or not lite_out.is_dir():
        return
    for name in UNUSED_LITE_APPS:
        shutil.rmtree(lite_out / name, ignore_errors=True)
    for font in (lite_out / "build").glob("fa-*.svg"):
        font.unlink()


TEMPLATES = Path(__file__).parent / "templates"


def add_templates(app: Sphinx, config: Any) -> None:
    """Put this extension's templates first, ahead of the theme's own."""
    if str(TEMPLATES) not in config.templates_path:
        config.templates_path.insert(0, str(TEMPLATES))


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("config-inited", add_templates)
    app.setup_extension("jupyterlite_sphinx")
    figure_alt.patch_myst_nb()
    app.connect("config-inited", give_figures_alt_text)
    tryit.setup(app)
    notebooks.setup(app)
    app.connect("builder-inited", drop_outside_assets)
    app.connect("html-page-context", drop_outside_page_assets, priority=900)
    app.connect("builder-inited", build_lite_input)
    app.connect("build-finished", prune_mathjax)
    # After jupyterlite-sphinx's own build-finished handler (priority 500).
    app.connect("build-finished", prune_lite, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
