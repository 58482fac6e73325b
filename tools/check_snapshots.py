#!/usr/bin/env python3
"""Check that every chapter leaves a working package behind.

For each page of the book, in ``_toc.yml`` order, tangle the package as it
stands after that page (``tools/tangle.py --upto PAGE``) into a temporary
folder, then, in a fresh Python process that sees that folder and not the
repository's own ``nnbook``, import ``nnbook`` and run the doctests of every
module of the snapshot. One line per page says ``ok`` or what failed; the exit
status is 1 if any page failed.

Usage:
    .venv/bin/python tools/check_snapshots.py              (pytest runs the doctests)
    .venv/bin/python tools/check_snapshots.py --root DIR   (another copy of the book)
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import tangle  # noqa: E402  (tools/tangle.py, next to this file)

IMPORT_FAILED = "snapshot: import nnbook failed:"
# Run in the fresh process: keep only the snapshot's nnbook in sight (an editable
# install puts the repository on sys.path too), import it, then run the doctests.
BOOT = f"""
import os, sys, traceback
snapshot = os.path.realpath(sys.argv[1])
sys.path[:] = [snapshot] + [
    path for path in sys.path
    if path and not os.path.isdir(os.path.join(path, "nnbook"))
]
try:
    import nnbook
except BaseException as error:
    last = traceback.format_exception_only(type(error), error)[-1].strip()
    print({IMPORT_FAILED!r}, last)
    sys.exit(3)
where = os.path.realpath(nnbook.__file__)
if not where.startswith(os.path.join(snapshot, "nnbook") + os.sep):
    print({IMPORT_FAILED!r}, "imported", where, "instead of the snapshot")
    sys.exit(3)
import pytest
sys.exit(pytest.main([
    "--doctest-modules", os.path.join(snapshot, "nnbook"),
    "-p", "no:cacheprovider", "-p", "no:randomly", "-q",
    "--continue-on-collection-errors",
]))
"""


def check_page(root: Path, page: str) -> tuple[bool, str]:
    """(passed, what happened) for the snapshot after one page."""
    try:
        files = tangle.tangle(root, upto=page)
    except tangle.TangleError as error:
        return False, f"tangle: {error}"
    with tempfile.TemporaryDirectory(prefix="nnbook-snapshot-") as scratch:
        folder = Path(scratch)
        tangle.write(folder, files, quiet=True)
        # pytest's settings for the snapshot: none (not the repository's pyproject.toml)
        (folder / "pytest.ini").write_text("[pytest]\n", encoding="utf-8")
        if not (folder / "nnbook" / "__init__.py").exists():
            return False, "no nnbook/__init__.py yet"
        environment = {
            key: value
            for key, value in os.environ.items()
            if not key.startswith("PYTHON")
        }
        environment["PYTHONPATH"] = str(folder)  # the snapshot only
        environment["PYTHONNOUSERSITE"] = "1"
        result = subprocess.run(
            [sys.executable, "-P", "-s", "-c", BOOT, str(folder)],
            cwd=folder,
            env=environment,
            capture_output=True,
            text=True,
            check=False,
        )
    lines = [line for line in result.stdout.splitlines() if line.strip()]
    for line in lines:
        if line.startswith(IMPORT_FAILED):
            return False, "import nnbook: " + line.removeprefix(IMPORT_FAILED).strip()
    summary = (lines or result.stderr.strip().splitlines() or ["no output"])[-1]
    if result.returncode == 0:
        return True, f"doctests: {summary}"
    if result.returncode == 5:  # pytest found no doctests
        return True, "imports; no doctests yet"
    return False, f"doctests: {summary}: " + "; ".join(what_failed(lines))


def what_failed(lines: list[str]) -> list[str]:
    """The failed doctests, and each module that could not be collected with why."""
    failed = [line for line in lines if line.startswith("FAILED ")]
    reasons: dict[str, str] = {}  # module -> the exception that stopped its import
    module = ""
    for line in lines:
        header = re.match(r"^_+ ERROR collecting (\S+) _+$", line)
        if header:
            module = header[1]
        elif line.startswith("_"):
            module = ""
        elif module and line.startswith("E   "):
            reasons[module] = line[4:].strip()
    for line in lines:
        if line.startswith("ERROR "):
            module = line.split()[1]
            failed.append(f"{line} ({reasons[module]})" if module in reasons else line)
    return failed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--root", type=Path, default=tangle.ROOT, help="the repository root"
    )
    args = parser.parse_args(argv)
    root = args.root.resolve()
    failures = 0
    for path in tangle.chapters(root):
        page = str(path.relative_to(root))
        passed, what = check_page(root, page)
        failures += not passed
        print(f"{page}: {'ok' if passed else 'FAILED'}: {what}", flush=True)
    if failures:
        print(
            f"check_snapshots: {failures} chapter(s) leave a package that does not work"
        )
        return 1
    print(
        "check_snapshots: after every chapter the package imports "
        "and passes its doctests"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
