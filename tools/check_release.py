#!/usr/bin/env python3
"""Check that a version tag may be released, and print its release notes.

    python3 tools/check_release.py v0.2.0            check the tag
    python3 tools/check_release.py v0.2.0 --notes    check it, then print its notes

The release workflow runs this before it builds anything. A tag passes when

- it is ``v`` and a version (``v1.2.3``, ``v1.2.3rc1``);
- that version is ``nnbook.__version__`` (read from nnbook/__init__.py, which
  is tangled from book/preface.md), so the wheel carries the tag's version;
- CHANGELOG.md has an entry ``## [1.2.3] - YYYY-MM-DD`` with some text in it;
- every ``version:`` in CITATION.cff is that version.

Otherwise it prints every problem and exits with 1. ``--notes`` prints the
changelog entry's text, which becomes the GitHub release's description. Only
the standard library is used: nothing needs to be installed first.
"""

from __future__ import annotations

import argparse
import ast
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TAG = re.compile(r"^v(?P<version>\d+\.\d+\.\d+(?:(?:a|b|rc)\d+)?)$")
ENTRY = re.compile(r"^## \[(?P<version>[^\]]+)\](?: - (?P<date>\S+))?\s*$")
LINK = re.compile(r"^\[[^\]]+\]: ")
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
CFF_VERSION = re.compile(r"^\s*version:\s*[\"']?(?P<version>[^\"'\s]+)[\"']?\s*$")


def package_version(root: Path) -> str:
    """``__version__`` as written in nnbook/__init__.py (without importing it)."""
    init = root / "nnbook" / "__init__.py"
    for node in ast.parse(init.read_text(encoding="utf-8")).body:
        if (
            isinstance(node, ast.Assign)
            and any(isinstance(target, ast.Name) and target.id == "__version__" for target in node.targets)
            and isinstance(node.value, ast.Constant)
            and isinstance(node.value.value, str)
        ):
            return node.value.value
    raise SystemExit(f"check_release: {init} assigns no string to __version__")


def changelog_entries(root: Path) -> dict[str, tuple[str | None, str]]:
    """{version: (date or None, text of the entry)} from CHANGELOG.md."""
    entries: dict[str, tuple[str | None, str]] = {}
    heading: re.Match[str] | None = None
    body: list[str] = []
    for line in (root / "CHANGELOG.md").read_text(encoding="utf-8").splitlines():
        # A new entry, or the link definitions at the bottom ("[0.1.0]: https://..."),
        # end the entry before.
        if ENTRY.match(line) or LINK.match(line):
            if heading:
                entries[heading["version"]] = (heading["date"], "\n".join(body).strip())
            heading, body = ENTRY.match(line), []
        else:
            body.append(line)
    if heading:
        entries[heading["version"]] = (heading["date"], "\n".join(body).strip())
    return entries


def cff_versions(root: Path) -> list[str]:
    """Every ``version:`` in CITATION.cff (the software's and the preferred citation's)."""
    text = (root / "CITATION.cff").read_text(encoding="utf-8")
    return [match["version"] for line in text.splitlines() if (match := CFF_VERSION.match(line))]


def problems(tag: str, root: Path) -> list[str]:
    """Why ``tag`` may not be released; an empty list means it may."""
    match = TAG.match(tag)
    if not match:
        return [f"the tag {tag!r} is not 'v' and a version, like v0.2.0 or v0.2.0rc1"]
    version = match["version"]
    found = []
    package = package_version(root)
    if package != version:
        found.append(
            f"the tag says {version} but nnbook.__version__ is {package}: "
            "change it in book/preface.md, run `make tangle`, and tag again"
        )
    entry = changelog_entries(root).get(version)
    if entry is None:
        found.append(f"CHANGELOG.md has no entry '## [{version}] - YYYY-MM-DD'")
    else:
        date, text = entry
        if date is None or not DATE.match(date):
            found.append(f"CHANGELOG.md's entry for {version} has no date (YYYY-MM-DD): {date!r}")
        if not text:
            found.append(f"CHANGELOG.md's entry for {version} is empty")
    cff = cff_versions(root)
    if not cff:
        found.append("CITATION.cff has no version")
    for other in sorted(set(cff)):
        if other != version:
            found.append(f"CITATION.cff says version {other}, the tag {version}")
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("tag", help="the git tag, e.g. v0.2.0 (in a workflow: $GITHUB_REF_NAME)")
    parser.add_argument("--notes", action="store_true", help="print the changelog entry of the tag")
    parser.add_argument("--root", type=Path, default=ROOT, help="the repository root")
    args = parser.parse_args(argv)
    found = problems(args.tag, args.root)
    for problem in found:
        print(f"check_release: {problem}", file=sys.stderr)
    if found:
        return 1
    version = args.tag[1:]
    if args.notes:
        print(changelog_entries(args.root)[version][1])
    else:
        print(f"check_release: {args.tag} matches nnbook.__version__, CHANGELOG.md and CITATION.cff")
    return 0


if __name__ == "__main__":
    sys.exit(main())
