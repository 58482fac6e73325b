"""The built HTML book: nothing loaded from outside, its size, its in-browser Python."""

from __future__ import annotations

import hashlib
import json
import re
import zipfile
from html.parser import HTMLParser
from pathlib import Path

from conftest import ROOT

MAX_SITE_BYTES = 60 * 1024 * 1024
HOST = r"[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}"
OUTSIDE_URL = re.compile(rf"(?:https?:)?//{HOST}(?::\d+)?", re.IGNORECASE)
CSS_URL = re.compile(r"""(?:url\(\s*['"]?|@import\s+['"])([^'")\s]+)""", re.IGNORECASE)
LOCAL = re.compile(r"(?:https?:)?//(?:127\.0\.0\.1|localhost)\b")

# Hosts that serve code, fonts, styles or packages: a script naming one is how a
# page could load something from outside, so every mention in a script needs a
# reason below. (Other addresses in vendored scripts, such as the XML namespace
# http://www.w3.org/2000/svg or links in help texts, are names, not downloads.)
LOADING_HOSTS = re.compile(
    r"(?:https?:)?//(?:cdn\.jsdelivr\.net|unpkg\.com|cdnjs\.cloudflare\.com|esm\.sh"
    r"|fonts\.googleapis\.com|fonts\.gstatic\.com|ajax\.googleapis\.com|pypi\.org"
    r"|files\.pythonhosted\.org|raw\.githubusercontent\.com|api\.github\.com"
    r"|code\.jquery\.com|use\.fontawesome\.com|[a-z.]*bootstrapcdn\.com)\b",
    re.IGNORECASE,
)
# Each: (file pattern, the exact text around the address, why it loads nothing).
ALLOWED_IN_SCRIPTS = [
    (
        "lite/static/pyodide/pyodide.mjs",
        "e.cdnUrl=k(e.packageBaseUrl??`https://cdn.jsdelivr.net/pyodide/v",
        "Pyodide's default address for packages it lacks; every package the consoles "
        "load is in the served pyodide-lock.json, beside pyodide.mjs "
        "(test_pyodide_lock_lists_exactly_the_served_wheels)",
    ),
    (
        "lite/extensions/@jupyterlite/pyodide-kernel-extension/static/*.js",
        'c=a.pyodideUrl||"https://cdn.jsdelivr.net/pyodide/v',
        "the kernel's default Pyodide address, used only when jupyter-lite.json names "
        "none; ours names the served copy (test_jupyterlite_uses_the_served_pyodide)",
    ),
    (
        "_static/mathjax/*.js",
        'mathmapsIePath="https://cdn.jsdelivr.net/npm/sre-mathmaps-ie@',
        "MathJax's speech rules for Internet Explorer only, a browser that cannot "
        "show this book",
    ),
    (
        "_static/mathjax/*.js",
        '.url="https://cdn.jsdelivr.net/npm/speech-rule-engine@',
        "the speech engine's default rule address, replaced by MathJax's own "
        "[mathjax]/sre/mathmaps when it loads the engine in a browser",
    ),
    (
        "_static/mathjax/*/*.js",
        'mathmapsIePath="https://cdn.jsdelivr.net/npm/sre-mathmaps-ie@',
        "as above, in MathJax's menu and accessibility components",
    ),
    (
        "_static/mathjax/*/*.js",
        '.url="https://cdn.jsdelivr.net/npm/speech-rule-engine@',
        "as above, in MathJax's menu and accessibility components",
    ),
    (
        "lite/build/*.js",
        '$ref:"https://raw.githubusercontent.com/ajv-validator/ajv/master/lib/refs/'
        'data.json#"',
        "a JSON Schema identifier ($ref) of the ajv validator: a name, never fetched",
    ),
    (
        "lite/build/*.js",
        '"$id":"https://raw.githubusercontent.com/ajv-validator/ajv/master/lib/refs/'
        'data.json#"',
        "the same schema identifier, in the schema itself",
    ),
    (
        "lite/build/*.js",
        "(https://petstore.swagger.io/?url=https://raw.githubusercontent.com/jupyter-server/",
        "a link in the help text of a JupyterLab setting, shown, not loaded",
    ),
]


def text_files(site: Path, *suffixes: str) -> list[Path]:
    return sorted(p for p in site.rglob("*") if p.suffix in suffixes and p.is_file())


class LoadedAddresses(HTMLParser):
    """Addresses an HTML page makes the browser load (links to click are left out)."""

    LOADING = {"src", "srcset", "data", "poster", "action", "background", "formaction"}

    def __init__(self) -> None:
        super().__init__()
        self.addresses: list[str] = []
        self.inline: list[str] = []
        self._in: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value is None:
                continue
            if name in self.LOADING or (name == "href" and tag != "a"):
                self.addresses.append(value)
            if name == "style":
                self.inline.append(value)
        self._in = tag if tag in ("script", "style") else None

    def handle_endtag(self, tag: str) -> None:
        self._in = None

    def handle_data(self, data: str) -> None:
        if self._in == "style":  # a comment in a stylesheet loads nothing
            self.inline.append(re.sub(r"/\*.*?\*/", "", data, flags=re.S))
        elif self._in == "script":
            self.inline.append(data)


def test_the_site_is_under_60_mb(site: Path) -> None:
    size = sum(p.stat().st_size for p in site.rglob("*") if p.is_file())
    assert size < MAX_SITE_BYTES, f"the site is {size / 2**20:.1f} MB"


def test_no_page_loads_anything_from_another_host(site: Path) -> None:
    pages = text_files(site, ".html")
    assert len(pages) > 20
    found = []
    for page in pages:
        parser = LoadedAddresses()
        parser.feed(page.read_text(encoding="utf-8"))
        for address in parser.addresses:
            if OUTSIDE_URL.match(address.strip()) and not LOCAL.match(address.strip()):
                found.append(f"{page.relative_to(site)}: {address}")
        for text in parser.inline:
            found += [
                f"{page.relative_to(site)}: {m}" for m in OUTSIDE_URL.findall(text)
            ]
    assert found == []


def test_no_stylesheet_or_config_names_another_host(site: Path) -> None:
    found = []
    for sheet in text_files(site, ".css"):
        css = re.sub(r"/\*.*?\*/", "", sheet.read_text(encoding="utf-8"), flags=re.S)
        found += [
            f"{sheet.relative_to(site)}: {url}"
            for url in CSS_URL.findall(css)
            if OUTSIDE_URL.match(url) and not LOCAL.match(url)
        ]
    for config in site.rglob("jupyter-lite.json"):
        found += [
            f"{config.relative_to(site)}: {m}"
            for m in OUTSIDE_URL.findall(config.read_text())
        ]
    assert found == []


def test_scripts_name_no_host_to_load_from_without_a_reason(site: Path) -> None:
    unexplained = []
    used = set()
    for script in text_files(site, ".js", ".mjs"):
        text = script.read_text(encoding="utf-8", errors="replace")
        relative = script.relative_to(site)
        for match in LOADING_HOSTS.finditer(text):
            context = text[max(0, match.start() - 120) : match.end() + 120]
            reasons = [
                i
                for i, (pattern, snippet, _) in enumerate(ALLOWED_IN_SCRIPTS)
                if relative.match(pattern) and snippet in context
            ]
            if reasons:
                used.update(reasons)
            else:
                unexplained.append(f"{relative}: ...{context}...")
    assert unexplained == []
    # Every reason still describes something in the site: none is left over.
    assert used == set(range(len(ALLOWED_IN_SCRIPTS)))


def test_pyodide_lock_lists_exactly_the_served_wheels(site: Path) -> None:
    pyodide = site / "lite" / "static" / "pyodide"
    for runtime in (
        "pyodide.mjs",
        "pyodide.asm.mjs",
        "pyodide.asm.wasm",
        "python_stdlib.zip",
    ):
        assert (pyodide / runtime).is_file(), runtime
    lock = json.loads((pyodide / "pyodide-lock.json").read_text())
    npm_lock = json.loads(
        (ROOT / "tools/web/node_modules/pyodide/pyodide-lock.json").read_text()
    )
    assert lock["info"] == npm_lock["info"]
    served = {p.name for p in pyodide.glob("*.whl")}
    assert {entry["file_name"] for entry in lock["packages"].values()} == served
    for entry in lock["packages"].values():
        wheel = (pyodide / entry["file_name"]).read_bytes()
        assert hashlib.sha256(wheel).hexdigest() == entry["sha256"], entry["name"]
        assert set(entry["depends"]) <= set(lock["packages"]), entry["name"]
    for needed in ("micropip", "packaging", "ipython", "comm", "jedi", "traitlets"):
        assert needed in lock["packages"], needed
    nnbook = lock["packages"]["nnbook"]
    assert nnbook["imports"] == ["nnbook"]
    version = re.search(
        r'__version__ = "(.*)"', (ROOT / "nnbook/__init__.py").read_text()
    )
    assert version is not None and nnbook["version"] == version.group(1)
    # The wheel holds this tree's nnbook: the same source, file for file.
    with zipfile.ZipFile(pyodide / nnbook["file_name"]) as archive:
        for module in sorted((ROOT / "nnbook").glob("*.py")):
            assert archive.read(f"nnbook/{module.name}") == module.read_bytes(), (
                module.name
            )


def test_jupyterlite_uses_the_served_pyodide(site: Path) -> None:
    config = json.loads((site / "lite" / "jupyter-lite.json").read_text())
    kernel = config["jupyter-config-data"]["litePluginSettings"][
        "@jupyterlite/pyodide-kernel-extension:kernel"
    ]
    assert kernel["pyodideUrl"] == "./static/pyodide/pyodide.mjs"
    assert kernel["disablePyPIFallback"] is True
    for index in kernel["pipliteUrls"]:
        assert index.startswith("./extensions/"), index
        wheels = site / "lite" / index.split("?")[0]
        for name, releases in json.loads(wheels.read_text()).items():
            for files in releases["releases"].values():
                for release in files:
                    assert (wheels.parent / release["url"]).is_file(), name
    for name in ("pyodide_kernel", "piplite", "ipykernel"):
        assert list((site / "lite" / "extensions").rglob(f"{name}-*.whl")), name


def test_every_chapter_with_code_has_a_notebook_and_the_zip_has_them_all(
    site: Path,
) -> None:
    chapters = sorted((ROOT / "book").glob("[0-9][0-9]-*.md"))
    with_code = [c for c in chapters if "{code-cell}" in c.read_text()]
    assert len(with_code) >= 5
    with zipfile.ZipFile(site / "notebooks" / "nnbook-notebooks.zip") as archive:
        in_zip = set(archive.namelist())
    for chapter in with_code:
        notebook = site / "notebooks" / f"{chapter.stem}.ipynb"
        cells = json.loads(notebook.read_text())["cells"]
        markdown = "".join(c["source"] for c in cells if c["cell_type"] == "markdown")
        code = "".join(c["source"] for c in cells if c["cell_type"] == "code")
        assert "{glue" not in markdown, chapter.name
        assert "myst_nb" not in code, chapter.name
        source = chapter.read_text()
        if "import nnbook" in source or "from nnbook" in source:
            # The imports are visible in the notebook, so it runs on its own.
            assert "import nnbook" in code or "from nnbook" in code, chapter.name
        page = (site / "book" / f"{chapter.stem}.html").read_text()
        assert f'href="../notebooks/{chapter.stem}.ipynb"' in page, chapter.name
        assert f"nnbook-notebooks/{chapter.stem}.ipynb" in in_zip
