"""A chapter's "Try it" console, run in chromium with every outside request refused."""

from __future__ import annotations

import re

from conftest import ROOT

# Pyodide starts, loads IPython and nnbook, then trains 2000 epochs: on a busy
# 2-core machine this takes a while.
CONSOLE_TIMEOUT_MS = 240_000


def test_chapter_5_console_imports_nnbook_and_learns_xor(site_url, offline_context):  # type: ignore[no-untyped-def]
    page = offline_context.new_page()
    page.goto(site_url + "book/05-epochs.html")
    page.get_by_role("button", name="Run this code in your browser").click()
    console = page.frame_locator("iframe.nnbook-try-it-console")
    summary = console.get_by_text(re.compile(r"2000 epochs, mean loss"))
    summary.wait_for(timeout=CONSOLE_TIMEOUT_MS)
    output = console.locator(".jp-OutputArea-output").last.inner_text()
    answers = re.findall(
        r"\[([01])\.0, ([01])\.0\] -> ([0-9.]+) target ([01])\.0", output
    )
    assert len(answers) == 4, output
    for x1, x2, answer, target in answers:
        assert int(target) == int(x1) ^ int(x2)
        assert round(float(answer)) == int(target), (
            f"XOR({x1}, {x2}) answered {answer}: {output}"
        )
    # The reader can type more code: the nnbook it imports is the served wheel,
    # installed into Pyodide, of the version of this source tree.
    prompt = console.locator(".jp-CodeConsole-promptCell .cm-content")
    prompt.click()
    prompt.fill("import nnbook; print('version', nnbook.__version__, nnbook.__file__)")
    prompt.press("Shift+Enter")
    reply = console.get_by_text(re.compile(r"^version "))
    reply.wait_for(timeout=60_000)
    version = re.search(
        r'__version__ = "(.*)"', (ROOT / "nnbook" / "__init__.py").read_text()
    )
    assert version is not None
    assert reply.inner_text().split()[1] == version.group(1)
    assert "site-packages/nnbook/__init__.py" in reply.inner_text()
    assert offline_context.outside_requests == []
