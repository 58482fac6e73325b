"""Tests of the built HTML book (`make site-test`, after `make book-strict`).

They read _build/html (or the folder in NNBOOK_SITE) and drive Debian's chromium
through Playwright; the default `pytest` run leaves this folder out.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tools"))

from serve import serve_in_thread  # noqa: E402 (tools/ is not a package)

CHROMIUM = os.environ.get("NNBOOK_CHROMIUM", "/usr/bin/chromium")
# Flags this machine's chromium needs headless as root, and no traffic of its own
# (updates, sync, safe browsing); the host rule makes every other host unresolvable.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1",
]
LOCAL_HOSTS = {"127.0.0.1", "localhost"}


@pytest.fixture(scope="session")
def site() -> Path:
    folder = Path(os.environ.get("NNBOOK_SITE", ROOT / "_build" / "html"))
    if not (folder / "index.html").is_file():
        pytest.fail(f"no built book in {folder}: run `make book-strict` first")
    return folder


@pytest.fixture(scope="session")
def site_url(site: Path) -> Iterator[str]:
    server, url = serve_in_thread(site)
    yield url
    server.shutdown()


@pytest.fixture(scope="session")
def browser():  # type: ignore[no-untyped-def]
    playwright_api = pytest.importorskip("playwright.sync_api")
    if not Path(CHROMIUM).is_file():
        pytest.fail(
            f"{CHROMIUM} is missing: run tools/install-chromium.sh (make test does)"
        )
    with playwright_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


class OutsideRequests(list[str]):
    """Requests to other hosts that a browser context tried (and was refused)."""


@pytest.fixture(scope="module")
def offline_context(browser):  # type: ignore[no-untyped-def]
    """A browser context that refuses, and records, every request to another host."""
    context = browser.new_context(service_workers="block")
    outside = OutsideRequests()

    def only_local(route):  # type: ignore[no-untyped-def]
        url = route.request.url
        if (
            urlparse(url).scheme in ("data", "blob")
            or urlparse(url).hostname in LOCAL_HOSTS
        ):
            route.continue_()
        else:
            outside.append(url)
            route.abort()

    context.route("**/*", only_local)
    context.outside_requests = outside
    yield context
    context.close()
