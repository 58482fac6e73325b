"""The book's Sphinx extension (tools/sphinx_nnbook): figure alt text and notebooks."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

TOOLS = Path(__file__).resolve().parents[1] / "tools"
sys.path.insert(0, str(TOOLS / "sphinx_nnbook"))
sys.path.insert(0, str(TOOLS))

import figure_alt  # noqa: E402

matplotlib = pytest.importorskip("matplotlib")
matplotlib.use("Agg")
plt = pytest.importorskip("matplotlib.pyplot")


def test_describe_says_what_a_figure_draws_with_its_numbers() -> None:
    fig, (left, right) = plt.subplots(1, 2)
    left.plot([0, 1, 2], [0.5, 0.25, 0.125], label="loss")
    left.set_xlabel("epoch")
    left.set_title("Loss")
    left.legend()
    right.bar(["a", "b"], [3, 7])
    right.text(0, 3, "z = 2.6")
    text = figure_alt.describe(fig)
    plt.close(fig)
    assert text.startswith("Figure with 2 panels.")
    assert '"Loss"' in text and "x axis epoch" in text
    assert '"loss" points (0, 0.5), (1, 0.25), (2, 0.125)' in text
    assert "2 bars of heights 3, 7" in text
    assert 'labels "z = 2.6"' in text and 'legend "loss"' in text


def test_a_long_line_is_summed_up_by_its_ends_and_extremes() -> None:
    fig, ax = plt.subplots()
    xs = [x / 10 for x in range(-20, 21)]
    ax.plot(xs, [x * x for x in xs])
    text = figure_alt.describe(fig)
    plt.close(fig)
    assert "line of 41 points from (-2, 4) to (2, 4)" in text
    assert "lowest 0 at 0" in text


def test_a_figure_s_own_alt_text_wins() -> None:
    fig, ax = plt.subplots()
    ax.plot([1, 2], [3, 4])
    fig.alt_text = "The loss falls from 4 to 3."
    assert figure_alt.alt_text(fig) == "The loss falls from 4 to 3."
    fig.alt_text = "  "
    assert figure_alt.alt_text(fig).startswith("Figure:")
    plt.close(fig)


def test_the_kernel_hook_puts_the_alt_text_in_the_png_metadata() -> None:
    from IPython.core.interactiveshell import InteractiveShell

    shell = InteractiveShell.instance()
    figure_alt.register(shell)
    fig, ax = plt.subplots()
    ax.plot([0, 1], [1, 0])
    fig.alt_text = "A line falling from 1 to 0."
    _, metadata = shell.display_formatter.format(fig)
    plt.close(fig)
    assert metadata["image/png"]["alt"] == "A line falling from 1 to 0."


def test_a_downloaded_notebook_shows_its_cells_and_the_glued_values() -> None:
    from sphinx_nnbook import notebooks

    executed = {
        "metadata": {"source_map": [1, 2], "kernelspec": {"name": "python3"}},
        "cells": [
            {
                "cell_type": "code",
                "metadata": {"tags": ["remove-cell"]},
                "source": "from myst_nb import glue\nimport nnbook",
                "outputs": [],
            },
            {
                "cell_type": "markdown",
                "metadata": {},
                "source": "The loss is {glue:text}`loss:.2f` after {glue}`epochs` "
                "epochs.\n\n```{glue:figure} fig-loss\n:name: fig-loss\n\n"
                "The loss per epoch.\n```\n",
            },
        ],
    }
    glue = {
        "loss": {"data": {"text/plain": "0.123456"}},
        "epochs": {"data": {"application/papermill.record/text/plain": "2000"}},
    }
    notebook = notebooks.to_download(executed, glue)
    preamble, code, markdown = notebook["cells"]
    assert "nnbook-notebooks.zip" in preamble["source"]
    assert "tags" not in code["metadata"]
    assert "myst_nb" not in code["source"] and "def glue(" in code["source"]
    assert markdown["source"].startswith("The loss is 0.12 after 2000 epochs.")
    assert "{glue" not in markdown["source"]
    assert "The loss per epoch." in markdown["source"]
    assert "source_map" not in notebook["metadata"]
    with pytest.raises(KeyError, match="no cell glues it"):
        notebooks.to_download(executed, {})


def test_a_lock_entry_lists_a_wheel_s_imports_and_pyodide_s_dependencies(
    tmp_path: Path,
) -> None:
    import zipfile

    from sphinx_nnbook import lite

    wheel = tmp_path / "demo_pkg-1.2-py3-none-any.whl"
    with zipfile.ZipFile(wheel, "w") as archive:
        archive.writestr("demo_pkg/__init__.py", "")
        archive.writestr("extra_module.py", "")
        archive.writestr(
            "demo_pkg-1.2.dist-info/METADATA",
            "Name: demo-pkg\nVersion: 1.2\nRequires-Dist: traitlets>=5\n"
            'Requires-Dist: pexpect>4; sys_platform != "emscripten"\n'
            'Requires-Dist: pytest; extra == "test"\n',
        )
    entry = lite.lock_entry(wheel)
    assert entry["name"] == "demo-pkg" and entry["version"] == "1.2"
    assert entry["imports"] == ["demo_pkg", "extra_module"]
    assert entry["depends"] == ["traitlets"]
    assert entry["file_name"] == wheel.name and len(str(entry["sha256"])) == 64


def test_a_console_address_carries_its_code_and_no_outside_host() -> None:
    from urllib.parse import parse_qs, urlsplit

    from sphinx_nnbook import tryit

    code = "print('# not a fragment & not a second parameter')"
    url = tryit.console_url("..", code)
    parts = urlsplit(url)
    assert parts.path == "../lite/repl/index.html" and not parts.netloc
    assert parse_qs(parts.query)["code"] == [code]
    assert parse_qs(parts.query)["kernel"] == ["python"]
