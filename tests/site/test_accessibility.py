"""axe-core on every page of the book, light and dark, and every figure's alt text.

axe-core comes from its npm package (tools/web); Playwright injects it into each
page served on 127.0.0.1, with every outside request refused.
"""

from __future__ import annotations

import os
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import ROOT

AXE = ROOT / "tools" / "web" / "node_modules" / "axe-core" / "axe.min.js"
FAILING_IMPACTS = {"serious", "critical"}
FILE_NAME = re.compile(r"(^|/)[\w.-]+\.(png|jpe?g|gif|svg|webp)$", re.IGNORECASE)


def book_pages(site: Path) -> list[str]:
    pages = []
    for page in sorted(site.rglob("*.html")):
        relative = page.relative_to(site).as_posix()
        if relative.startswith(("lite/", "_static/", "_sources/")):
            continue
        if 'http-equiv="refresh"' in page.read_text(encoding="utf-8").lower():
            continue  # a redirect to the first page, not a page of its own
        pages.append(relative)
    return pages


@pytest.fixture(scope="module")
def pages(site: Path) -> list[str]:
    """Every page of the book; NNBOOK_SITE_PAGES="a.html,b.html" checks only those
    (to re-check a fix quickly; `make test` always checks every page)."""
    found = book_pages(site)
    assert len(found) >= 16, found
    chosen = [p for p in os.environ.get("NNBOOK_SITE_PAGES", "").split(",") if p]
    if chosen and not os.environ.get("CI"):
        assert set(chosen) <= set(found), sorted(set(chosen) - set(found))
        return chosen
    return found


def run_axe(page) -> list[dict]:  # type: ignore[no-untyped-def]
    # Let MathJax typeset first: axe should see the math as readers get it.
    page.evaluate(
        "async () => { if (window.MathJax?.startup) await MathJax.startup.promise }"
    )
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "async () => await axe.run(document, {resultTypes: ['violations']})"
    )
    return result["violations"]


def describe(violations: list[dict]) -> list[str]:
    return [
        f"{v['impact']} {v['id']}: {v['help']} ({len(v['nodes'])}x, e.g. "
        f"{v['nodes'][0]['target']})"
        for v in violations
    ]


SWITCH_MODE = """async (mode) => {
    // The theme fades colours over 0.15 s when the mode changes; axe should
    // judge the settled colours a reader sees, not a frame half-way between.
    if (!document.getElementById("no-transitions")) {
        const style = document.createElement("style");
        style.id = "no-transitions";
        style.textContent = "*, *::before, *::after { transition: none !important; }";
        document.head.append(style);
    }
    document.documentElement.dataset.theme = mode;
    document.documentElement.dataset.mode = mode;
    const frame = () => new Promise((done) => requestAnimationFrame(done));
    await frame();
    await frame();
    return getComputedStyle(document.body).backgroundColor;
}"""


@pytest.fixture(scope="module")
def axe_problems(site_url, offline_context, pages):  # type: ignore[no-untyped-def]
    """Serious and critical violations per mode and page: each page is loaded once,
    checked in light mode, switched to dark mode (as the theme's button does) and
    checked again."""
    page = offline_context.new_page()
    problems: dict[str, dict[str, list[str]]] = {"light": {}, "dark": {}}
    for relative in pages:
        page.goto(site_url + relative, wait_until="load")
        backgrounds = set()
        for mode in problems:
            backgrounds.add(page.evaluate(SWITCH_MODE, mode))
            failing = [v for v in run_axe(page) if v["impact"] in FAILING_IMPACTS]
            if failing:
                problems[mode][relative] = describe(failing)
        assert len(backgrounds) == 2, f"{relative} looks the same in both modes"
    assert offline_context.outside_requests == []
    return problems


@pytest.mark.parametrize("mode", ["light", "dark"])
def test_no_serious_or_critical_axe_violation(axe_problems, mode):  # type: ignore[no-untyped-def]
    assert axe_problems[mode] == {}


class Images(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[dict[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "img":
            self.found.append({name: value or "" for name, value in attrs})


def test_every_figure_has_alt_text_that_describes_it(
    site: Path, pages: list[str]
) -> None:
    bad = []
    figures = 0
    for relative in pages:
        images = Images()
        images.feed((site / relative).read_text(encoding="utf-8"))
        for image in images.found:
            src, alt = image.get("src", ""), " ".join(image.get("alt", "").split())
            figures += 1
            if len(alt) < 40 or FILE_NAME.search(alt) or alt in src:
                bad.append(f"{relative}: {src} has alt {alt!r}")
    assert figures >= 30
    assert bad == []
