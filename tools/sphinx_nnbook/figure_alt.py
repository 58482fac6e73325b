"""Alt text for every figure of the book, made from the figure itself.

A matplotlib figure drawn in a chapter's cell reaches the HTML as a PNG, with no
words. Here:

- `describe(fig)` reads what the figure draws (titles, axes and their ranges, each
  line's points, bars, images, texts and legends) and says it in a sentence or a
  few, with the numbers. A figure function that knows better sets ``fig.alt_text``.
- `register(ipython)` makes the kernels that execute the chapters attach that text to
  every figure they display, as the output's metadata ``{"image/png": {"alt": ...}}``
  (a kernel start-up file set up by `install_kernel_startup` calls it);
- `render_image_with_alt` makes MyST-NB put that metadata into the ``<img alt>``.

This module imports no Sphinx at the top: the kernels import it too.
"""

from __future__ import annotations

import math
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

MAX_POINTS_LISTED = 6
MAX_LENGTH = 1500


def number(value: float) -> str:
    """A number as a reader wants it said: at most 4 significant digits."""
    if not math.isfinite(value):
        return str(value)
    return f"{value:.4g}"


def point_list(xs: Sequence[float], ys: Sequence[float]) -> str:
    return ", ".join(f"({number(x)}, {number(y)})" for x, y in zip(xs, ys))


def describe_line(line: Any) -> str | None:
    xs = [float(x) for x in line.get_xdata()]
    ys = [float(y) for y in line.get_ydata()]
    if not xs or not line.get_visible():
        return None
    label = line.get_label()
    name = f'"{label}"' if label and not label.startswith("_") else ""
    if len(xs) <= MAX_POINTS_LISTED:
        kind = "point" if len(xs) == 1 else "points"
        return f"{name + ' ' if name else ''}{kind} {point_list(xs, ys)}".strip()
    finite = [(x, y) for x, y in zip(xs, ys) if math.isfinite(y)]
    if not finite:
        return None
    low = min(finite, key=lambda p: p[1])
    high = max(finite, key=lambda p: p[1])
    return (
        f"line {name + ' ' if name else ''}of {len(xs)} points from "
        f"({number(xs[0])}, {number(ys[0])}) to ({number(xs[-1])}, {number(ys[-1])}), "
        f"lowest {number(low[1])} at {number(low[0])}, "
        f"highest {number(high[1])} at {number(high[0])}"
    )


def describe_axes(ax: Any) -> str:
    bits = []
    if ax.get_title():
        bits.append(f'"{ax.get_title()}"')
    if ax.axison:
        for axis, label, (low, high) in (
            ("x", ax.get_xlabel(), ax.get_xlim()),
            ("y", ax.get_ylabel(), ax.get_ylim()),
        ):
            scale = (
                " (logarithmic)" if getattr(ax, f"get_{axis}scale")() == "log" else ""
            )
            named = f" {label}" if label else ""
            bits.append(
                f"{axis} axis{named}{scale} from {number(low)} to {number(high)}"
            )
    lines = [d for d in map(describe_line, ax.get_lines()) if d]
    bits += lines
    bars = [p for p in ax.patches if type(p).__name__ == "Rectangle"]
    if bars and not lines:
        heights = [number(p.get_height()) for p in bars[:12]]
        more = f" and {len(bars) - 12} more" if len(bars) > 12 else ""
        bits.append(f"{len(bars)} bars of heights {', '.join(heights)}{more}")
    for image in ax.get_images():
        array = image.get_array()
        if array is not None and getattr(array, "ndim", 0) >= 2:
            bits.append(
                f"an image of {array.shape[0]} by {array.shape[1]} cells, values from "
                f"{number(float(array.min()))} to {number(float(array.max()))}"
            )
    for collection in ax.collections:
        offsets = collection.get_offsets()
        if len(offsets) and type(collection).__name__ == "PathCollection":
            bits.append(f"{len(offsets)} scattered points")
    texts = [" ".join(t.get_text().split()) for t in ax.texts if t.get_text().strip()]
    if texts:
        bits.append("labels " + "; ".join(f'"{t}"' for t in texts))
    legend = ax.get_legend()
    if legend is not None:
        entries = [t.get_text() for t in legend.get_texts() if t.get_text()]
        if entries:
            bits.append("legend " + ", ".join(f'"{e}"' for e in entries))
    return ", ".join(bits)


def describe(fig: Any) -> str:
    """What `fig` shows, in words and numbers, read from what it draws."""
    axes = [ax for ax in fig.axes if ax.get_visible()]
    suptitle = getattr(fig, "_suptitle", None)
    opening = (
        f'Figure "{suptitle.get_text()}"'
        if suptitle and suptitle.get_text()
        else "Figure"
    )
    if len(axes) == 1:
        text = f"{opening}: {describe_axes(axes[0])}."
    else:
        panels = "; ".join(
            f"panel {n}: {describe_axes(ax)}" for n, ax in enumerate(axes, start=1)
        )
        text = f"{opening} with {len(axes)} panels. {panels}."
    text = " ".join(text.split())
    return text if len(text) <= MAX_LENGTH else text[: MAX_LENGTH - 1] + "…"


def alt_text(fig: Any) -> str:
    """The figure's own ``alt_text`` if its function set one, else `describe(fig)`."""
    own = getattr(fig, "alt_text", None)
    return own if isinstance(own, str) and own.strip() else describe(fig)


def register(ipython: Any) -> None:
    """Make `ipython` attach the alt text of every matplotlib figure it displays."""

    def metadata(fig: Any, include: Any = None, exclude: Any = None) -> Any:
        return {}, {"image/png": {"alt": alt_text(fig)}}

    formatter = ipython.display_formatter.mimebundle_formatter
    formatter.for_type_by_name("matplotlib.figure", "Figure", metadata)


STARTUP = """# Written by tools/sphinx_nnbook/figure_alt.py for the book's build.
import sys

sys.path.insert(0, {folder!r})
import figure_alt

figure_alt.register(get_ipython())
"""


def install_kernel_startup(ipython_dir: Path) -> None:
    """Make the kernels started from now on (by this process) call `register`."""
    startup = ipython_dir / "profile_default" / "startup"
    startup.mkdir(parents=True, exist_ok=True)
    script = STARTUP.format(folder=str(Path(__file__).resolve().parent))
    (startup / "00-nnbook-figure-alt.py").write_text(script)
    os.environ["IPYTHONDIR"] = str(ipython_dir)


def patch_myst_nb() -> None:
    """Make MyST-NB use an image output's ``alt`` metadata (it reads only sizes)."""
    from docutils import nodes
    from myst_nb.core.render import NbElementRenderer

    if getattr(NbElementRenderer.render_image, "nnbook_alt", False):
        return
    original = NbElementRenderer.render_image

    def render_image_with_alt(self: Any, data: Any) -> list[Any]:
        rendered = original(self, data)
        alt = data.output_metadata.get(data.mime_type, {}).get("alt")
        if isinstance(alt, str) and alt.strip():
            for node in rendered:
                if isinstance(node, nodes.image):
                    node["alt"] = alt
        return rendered

    render_image_with_alt.nnbook_alt = True  # type: ignore[attr-defined]
    NbElementRenderer.render_image = render_image_with_alt  # type: ignore[method-assign]
