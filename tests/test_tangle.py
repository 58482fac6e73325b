"""The literate spine: nnbook/ must be exactly what the book's listings say."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
TANGLE = ROOT / "tools" / "tangle.py"


def run_tangle(root: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(TANGLE), "--root", str(root), *args], capture_output=True, text=True, check=False
    )


def test_committed_package_matches_a_fresh_tangle():
    result = run_tangle(ROOT, "--check")
    assert result.returncode == 0, result.stderr


def test_package_imports_without_matplotlib():
    code = "import sys, nnbook, nnbook.plotting; print('matplotlib' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"


@pytest.fixture
def copy_of_repo(tmp_path: Path) -> Path:
    for name in ["_toc.yml", "book", "nnbook", "tests"]:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy(source, tmp_path / name)
    return tmp_path


def test_a_hand_edit_of_the_package_fails_the_check_with_a_diff(copy_of_repo: Path):
    module = copy_of_repo / "nnbook" / "activations.py"
    module.write_text(module.read_text().replace("return a * (1.0 - a)", "return a * (1.0 - a) * 1.01"))
    result = run_tangle(copy_of_repo, "--check")
    assert result.returncode == 1
    assert "nnbook/activations.py differs from the book" in result.stderr
    assert "+    return a * (1.0 - a) * 1.01" in result.stderr


def test_a_changed_listing_without_retangling_fails_the_check(copy_of_repo: Path):
    chapter = copy_of_repo / "book" / "01-activation-functions.md"
    chapter.write_text(chapter.read_text().replace("return a * (1.0 - a)", "return a - a * a"))
    result = run_tangle(copy_of_repo, "--check")
    assert result.returncode == 1
    assert "-    return a - a * a" in result.stderr


def test_a_file_without_a_listing_fails_the_check(copy_of_repo: Path):
    (copy_of_repo / "nnbook" / "extra.py").write_text("x = 1\n")
    result = run_tangle(copy_of_repo, "--check")
    assert result.returncode == 1
    assert "nnbook/extra.py has no listing in the book" in result.stderr


def test_two_listings_defining_the_same_name_fail(copy_of_repo: Path):
    chapter = copy_of_repo / "book" / "01-activation-functions.md"
    chapter.write_text(
        chapter.read_text()
        + "\n```{code-block} python\n:caption: nnbook/activations.py\n\ndef sigmoid(x):\n    return x\n```\n"
    )
    result = run_tangle(copy_of_repo, "--check")
    assert result.returncode == 1
    assert "'sigmoid' is defined twice" in result.stderr


def test_tangling_writes_the_files_and_removes_stale_ones(copy_of_repo: Path):
    (copy_of_repo / "nnbook" / "stale.py").write_text("x = 1\n")
    (copy_of_repo / "nnbook" / "node.py").unlink()
    result = run_tangle(copy_of_repo)
    assert result.returncode == 0, result.stderr
    assert not (copy_of_repo / "nnbook" / "stale.py").exists()
    assert (copy_of_repo / "nnbook" / "node.py").read_text() == (ROOT / "nnbook" / "node.py").read_text()
    assert run_tangle(copy_of_repo, "--check").returncode == 0
