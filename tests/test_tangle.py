"""The literate spine: nnbook/ must be exactly what the book's listings say."""

import importlib.util
import shutil
import subprocess
import sys
import textwrap
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


# ---------------------------------------------------------------------------
# Small fake books: named chunks, snapshots and the generated modules.

tangle_module = importlib.util.spec_from_file_location("tangle", TANGLE)
assert tangle_module is not None and tangle_module.loader is not None
tangle = importlib.util.module_from_spec(tangle_module)
sys.modules["tangle"] = tangle  # dataclasses look their module up there
tangle_module.loader.exec_module(tangle)


def block(caption: str, code: str) -> str:
    """A captioned code-block as the chapters write it."""
    return f"\n```{{code-block}} python\n:caption: {caption}\n\n{textwrap.dedent(code).strip()}\n```\n"


def make_book(root: Path, *pages: str) -> Path:
    """A book of pages book/01.md, book/02.md, ... whose text is given, in that order."""
    (root / "book").mkdir(parents=True, exist_ok=True)
    toc = ["format: jb-book", "root: book/01", "chapters:"]
    for number, text in enumerate(pages, start=1):
        (root / "book" / f"{number:02d}.md").write_text(f"# Page {number}\n{text}", encoding="utf-8")
        if number > 1:
            toc.append(f"  - file: book/{number:02d}")
    (root / "_toc.yml").write_text("\n".join(toc) + "\n", encoding="utf-8")
    return root


def failure(root: Path, *args: str) -> str:
    """The error message of a tangle that must fail."""
    result = run_tangle(root, *args)
    assert result.returncode == 1, result.stdout
    return result.stderr


GUARDED = block(
    "nnbook/shapes.py",
    '''
    class Box:
        def __init__(self, sizes):
            # ⟨check the sizes⟩
            self.sizes = sizes
    ''',
)
GUARD = block(
    "⟨check the sizes⟩",
    '''
    import math

    if not sizes or any(not math.isfinite(size) for size in sizes):
        raise ValueError(f"sizes must be finite numbers, got {sizes!r}")
    ''',
)


def test_a_chunk_used_in_a_method_is_indented_and_its_imports_go_to_the_module(tmp_path: Path):
    make_book(tmp_path, GUARDED, "Guarding the doors.\n" + GUARD)
    files = tangle.tangle(tmp_path)
    module = files["nnbook/shapes.py"]
    assert "        # --- ⟨check the sizes⟩, from book/02.md ---\n" in module
    assert "        if not sizes or any(not math.isfinite(size) for size in sizes):\n" in module
    assert "            raise ValueError(" in module
    assert "        # --- end of ⟨check the sizes⟩ ---\n        self.sizes = sizes\n" in module
    assert "\nimport math\n" in module
    assert module.index("import math") < module.index("class Box")
    assert " import math" not in module  # no import inside the method
    namespace: dict = {}
    exec(compile(module, "shapes.py", "exec"), namespace)
    assert namespace["Box"]([1, 2]).sizes == [1, 2]
    with pytest.raises(ValueError, match="sizes must be finite"):
        namespace["Box"]([float("nan")])


def test_chunks_can_be_appended_to_replaced_and_nested(tmp_path: Path):
    make_book(
        tmp_path,
        block("nnbook/steps.py", "def steps():\n    done = []\n    # ⟨the steps⟩\n    return done"),
        block("⟨the steps⟩", 'done.append("one")\nfor _ in range(1):\n    # ⟨the inner step⟩\n    done.append("loop")'),
        block("⟨the inner step⟩", 'done.append("inner")')
        + block("⟨the steps⟩ +=", 'done.append("two")'),
        block("⟨the inner step⟩ replaces", 'done.append("new inner")'),
    )
    namespace: dict = {}
    exec(tangle.tangle(tmp_path)["nnbook/steps.py"], namespace)
    assert namespace["steps"]() == ["one", "new inner", "loop", "two"]
    assert '        done.append("new inner")\n' in tangle.tangle(tmp_path)["nnbook/steps.py"]
    namespace = {}
    exec(tangle.tangle(tmp_path, upto="book/03")["nnbook/steps.py"], namespace)
    assert namespace["steps"]() == ["one", "inner", "loop", "two"]  # before the replacement
    namespace = {}
    exec(tangle.tangle(tmp_path, upto="book/02.md")["nnbook/steps.py"], namespace)
    assert namespace["steps"]() == ["one", "loop"]  # the inner step is not written yet


def test_an_undefined_chunk_stays_a_comment_in_a_snapshot(tmp_path: Path):
    make_book(tmp_path, GUARDED, "", GUARD)
    out = tmp_path / "snapshot"
    result = run_tangle(tmp_path, "--upto", "book/02.md", "--out", str(out))
    assert result.returncode == 0, result.stderr
    module = (out / "nnbook" / "shapes.py").read_text()
    assert "        # ⟨check the sizes⟩\n        self.sizes = sizes\n" in module
    assert "import math" not in module
    assert (out / "nnbook" / "py.typed").exists()


@pytest.mark.parametrize(
    ("pages", "message"),
    [
        ((GUARDED, GUARD, GUARD), "book/03.md:6: chunk ⟨check the sizes⟩ is defined twice (first at book/02.md:6)"),
        ((GUARDED, block("⟨check the sizes⟩ +=", "pass")), "book/02.md:6: ⟨check the sizes⟩ += names a chunk"),
        ((GUARDED, block("⟨check the sizes⟩ replaces", "pass")), "⟨check the sizes⟩ replaces names a chunk"),
        ((GUARDED, GUARD, block("⟨unused⟩", "pass")), "book/03.md:6: chunk ⟨unused⟩ is defined but no file listing"),
        ((GUARDED,), "book/01.md:8: no block defines the chunk ⟨check the sizes⟩"),
        (
            (
                GUARDED,
                block("⟨check the sizes⟩", "# ⟨check again⟩\npass")
                + block("⟨check again⟩", "# ⟨check the sizes⟩"),
            ),
            "book/02.md:13: chunk reference cycle ⟨check the sizes⟩ → ⟨check again⟩ → ⟨check the sizes⟩",
        ),
        ((block("⟨name⟩ -=", "pass"),), "book/01.md:3: caption '⟨name⟩ -=' is not a chunk caption"),
        ((GUARDED, block("⟨check the sizes⟩", "if x:\n  pass\n pass")), "book/02.md:8: unindent does not match"),
    ],
)
def test_misused_chunks_fail_with_the_place(tmp_path: Path, pages: tuple[str, ...], message: str):
    make_book(tmp_path, *pages)
    assert message in failure(tmp_path)
