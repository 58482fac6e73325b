"""One version everywhere, and the check that guards a release tag.

nnbook.__version__ (tangled from book/preface.md) is the version. The wheel
takes it from there (hatch's version source, and tools/smoke_wheel.sh checks
the installed wheel); CHANGELOG.md and CITATION.cff must carry it; the release
workflow refuses a tag that disagrees (tools/check_release.py). The built
book's title page, footer and PDF are checked where they are built
(tests/test_api_reference.py, tools/check_pdf.py).
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import jsonschema
import pytest
import yaml

import nnbook

ROOT = Path(__file__).resolve().parent.parent
CHECK = ROOT / "tools" / "check_release.py"
VERSION = nnbook.__version__


def check_release(*args: str, root: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(CHECK), *args, "--root", str(root)], capture_output=True, text=True, check=False
    )


@pytest.fixture
def release_files(tmp_path: Path) -> Path:
    """The files the tag check reads, copied, to be spoiled one at a time."""
    (tmp_path / "nnbook").mkdir()
    shutil.copy(ROOT / "nnbook" / "__init__.py", tmp_path / "nnbook" / "__init__.py")
    for name in ["CHANGELOG.md", "CITATION.cff"]:
        shutil.copy(ROOT / name, tmp_path / name)
    return tmp_path


def test_the_tag_of_the_current_version_may_be_released():
    result = check_release(f"v{VERSION}")
    assert result.returncode == 0, result.stderr
    assert f"v{VERSION} matches" in result.stdout


def test_the_release_notes_are_the_changelog_entry():
    notes = check_release(f"v{VERSION}", "--notes").stdout
    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    entry = changelog.split(f"## [{VERSION}]", 1)[1].split("\n## ", 1)[0]
    assert notes.strip() and notes.strip() in entry
    assert "## [" not in notes and "]: https://" not in notes


@pytest.mark.parametrize("tag", ["v99.0.0", f"{VERSION}", f"v{VERSION}-final", "release"])
def test_a_tag_that_is_not_the_package_version_is_refused(tag: str):
    result = check_release(tag)
    assert result.returncode == 1
    assert "check_release: " in result.stderr


def test_a_version_without_a_changelog_entry_is_refused(release_files: Path):
    changelog = release_files / "CHANGELOG.md"
    changelog.write_text(changelog.read_text().replace(f"## [{VERSION}]", "## [0.0.1]"))
    result = check_release(f"v{VERSION}", root=release_files)
    assert result.returncode == 1
    assert f"CHANGELOG.md has no entry '## [{VERSION}] - YYYY-MM-DD'" in result.stderr


def test_an_undated_changelog_entry_is_refused(release_files: Path):
    changelog = release_files / "CHANGELOG.md"
    changelog.write_text(re.sub(rf"## \[{re.escape(VERSION)}\] - \S+", f"## [{VERSION}]", changelog.read_text()))
    result = check_release(f"v{VERSION}", root=release_files)
    assert result.returncode == 1
    assert "has no date" in result.stderr


def test_a_citation_of_another_version_is_refused(release_files: Path):
    citation = release_files / "CITATION.cff"
    citation.write_text(citation.read_text().replace(f'version: "{VERSION}"', 'version: "0.0.1"', 1))
    result = check_release(f"v{VERSION}", root=release_files)
    assert result.returncode == 1
    assert f"CITATION.cff says version 0.0.1, the tag {VERSION}" in result.stderr


def test_the_changelog_has_a_dated_entry_for_this_version_and_one_for_what_comes_next():
    headings = re.findall(r"^## \[([^\]]+)\](?: - (\S+))?$", (ROOT / "CHANGELOG.md").read_text(), re.MULTILINE)
    assert headings[0][0] == "Unreleased"
    assert (VERSION, headings[1][1]) == headings[1] and re.fullmatch(r"\d{4}-\d{2}-\d{2}", headings[1][1])


def test_the_citation_is_valid_cff_1_2_0_and_carries_the_version():
    citation = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    schema = json.loads((ROOT / "tools" / "schemas" / "cff-1.2.0.json").read_text(encoding="utf-8"))
    # YAML reads the release date as a date; CFF's schema wants the ISO string.
    citation["date-released"] = str(citation["date-released"])
    jsonschema.Draft7Validator(schema, format_checker=jsonschema.FormatChecker()).validate(citation)
    assert citation["cff-version"] == "1.2.0"
    assert citation["version"] == citation["preferred-citation"]["version"] == VERSION
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert citation["repository-code"] == project["urls"]["Source"] == "https://github.com/nnbook/nnbook"


def test_the_schema_catches_a_broken_citation():
    citation = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    citation["date-released"] = str(citation["date-released"])
    schema = json.loads((ROOT / "tools" / "schemas" / "cff-1.2.0.json").read_text(encoding="utf-8"))
    del citation["authors"]
    with pytest.raises(jsonschema.ValidationError, match="'authors' is a required property"):
        jsonschema.Draft7Validator(schema).validate(citation)


def test_the_wheel_takes_its_version_from_the_package():
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert pyproject["project"]["dynamic"] == ["version"]
    assert pyproject["tool"]["hatch"]["version"]["path"] == "nnbook/__init__.py"
