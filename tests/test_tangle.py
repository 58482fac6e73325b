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
    code = textwrap.dedent(code).strip()
    return f"\n```{{code-block}} python\n:caption: {caption}\n\n{code}\n```\n"


def make_book(root: Path, *pages: str) -> Path:
    """A book of pages book/01.md, book/02.md, ... with these texts, in that order."""
    (root / "book").mkdir(parents=True, exist_ok=True)
    toc = ["format: jb-book", "root: book/01", "chapters:"]
    for number, text in enumerate(pages, start=1):
        (root / "book" / f"{number:02d}.md").write_text(
            f"# Page {number}\n{text}", encoding="utf-8"
        )
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
    """
    class Box:
        def __init__(self, sizes):
            # ⟨check the sizes⟩
            self.sizes = sizes
    """,
)
GUARD = block(
    "⟨check the sizes⟩",
    """
    import math

    if not sizes or any(not math.isfinite(size) for size in sizes):
        raise ValueError(f"sizes must be finite numbers, got {sizes!r}")
    """,
)


def test_a_chunk_used_in_a_method_is_indented_and_its_imports_go_to_the_module(
    tmp_path: Path,
):
    make_book(tmp_path, GUARDED, "Guarding the doors.\n" + GUARD)
    files = tangle.tangle(tmp_path)
    module = files["nnbook/shapes.py"]
    assert "        # --- ⟨check the sizes⟩, from book/02.md ---\n" in module
    assert (
        "        if not sizes or any(not math.isfinite(size) for size in sizes):\n"
        in module
    )
    assert "            raise ValueError(" in module
    assert (
        "        # --- end of ⟨check the sizes⟩ ---\n        self.sizes = sizes\n"
        in module
    )
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
        block(
            "nnbook/steps.py",
            "def steps():\n    done = []\n    # ⟨the steps⟩\n    return done",
        ),
        block(
            "⟨the steps⟩",
            'done.append("one")\n'
            "for _ in range(1):\n"
            "    # ⟨the inner step⟩\n"
            '    done.append("loop")',
        ),
        block("⟨the inner step⟩", 'done.append("inner")')
        + block("⟨the steps⟩ +=", 'done.append("two")'),
        block("⟨the inner step⟩ replaces", 'done.append("new inner")'),
    )
    namespace: dict = {}
    exec(tangle.tangle(tmp_path)["nnbook/steps.py"], namespace)
    assert namespace["steps"]() == ["one", "new inner", "loop", "two"]
    assert (
        '        done.append("new inner")\n'
        in tangle.tangle(tmp_path)["nnbook/steps.py"]
    )
    namespace = {}
    exec(tangle.tangle(tmp_path, upto="book/03")["nnbook/steps.py"], namespace)
    assert namespace["steps"]() == [
        "one",
        "inner",
        "loop",
        "two",
    ]  # before the replacement
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
        (
            (GUARDED, GUARD, GUARD),
            "book/03.md:6: chunk ⟨check the sizes⟩ is defined twice "
            "(first at book/02.md:6)",
        ),
        (
            (GUARDED, block("⟨check the sizes⟩ +=", "pass")),
            "book/02.md:6: ⟨check the sizes⟩ += names a chunk",
        ),
        (
            (GUARDED, block("⟨check the sizes⟩ replaces", "pass")),
            "⟨check the sizes⟩ replaces names a chunk",
        ),
        (
            (GUARDED, GUARD, block("⟨unused⟩", "pass")),
            "book/03.md:6: chunk ⟨unused⟩ is defined but no file listing",
        ),
        ((GUARDED,), "book/01.md:8: no block defines the chunk ⟨check the sizes⟩"),
        (
            (
                GUARDED,
                block("⟨check the sizes⟩", "# ⟨check again⟩\npass")
                + block("⟨check again⟩", "# ⟨check the sizes⟩"),
            ),
            "book/02.md:13: chunk reference cycle "
            "⟨check the sizes⟩ → ⟨check again⟩ → ⟨check the sizes⟩",
        ),
        (
            (block("⟨name⟩ -=", "pass"),),
            "book/01.md:3: caption '⟨name⟩ -=' is not a chunk caption",
        ),
        (
            (GUARDED, block("⟨check the sizes⟩", "if x:\n  pass\n pass")),
            "book/02.md:8: unindent does not match",
        ),
    ],
)
def test_misused_chunks_fail_with_the_place(
    tmp_path: Path, pages: tuple[str, ...], message: str
):
    make_book(tmp_path, *pages)
    assert message in failure(tmp_path)


def test_a_module_gathers_its_imports_at_the_top_sorted_and_once(tmp_path: Path):
    make_book(
        tmp_path,
        block(
            "nnbook/m.py",
            '''
            """A module of the fake book."""

            import math
            from typing import TYPE_CHECKING

            if TYPE_CHECKING:
                from nnbook.network import Network


            def _half(x):
                return x / 2


            def half(x: float, network: "Network | None" = None) -> float:
                return _half(math.fabs(x))
            ''',
        ),
        "Prose.\n"
        + block(
            "nnbook/m.py",
            """
            from __future__ import annotations

            import sys
            import math
            from nnbook.node import net_input
            from collections.abc import Callable, Sequence
            from collections.abc import Callable as Function
            import numpy as np

            if TYPE_CHECKING:
                from nnbook.loss import Loss
                from nnbook.network import Network

            LIMIT: int = sys.maxsize
            HALVES: dict[str, Callable] = {"half": half}
            """,
        ),
    )
    module = tangle.tangle(tmp_path)["nnbook/m.py"]
    expected_top = '''\
"""A module of the fake book."""

from __future__ import annotations

import math
import sys
from collections.abc import Callable, Callable as Function, Sequence
from typing import TYPE_CHECKING

import numpy as np

from nnbook.node import net_input

if TYPE_CHECKING:
    from nnbook.loss import Loss
    from nnbook.network import Network

__all__ = [
    "HALVES",
    "LIMIT",
    "half",
]


# --- book/01.md: half ---
def _half(x):
'''
    assert expected_top in module
    assert module.count("import") == expected_top.count("import")  # none left below
    assert (
        "\n\n\n# --- book/02.md: LIMIT, HALVES ---\nLIMIT: int = sys.maxsize\n"
        in module
    )
    assert module.endswith('HALVES: dict[str, Callable] = {"half": half}\n')


def test_markers_name_what_a_listing_defines_and_survive_prose_edits(tmp_path: Path):
    listing = block("nnbook/m.py", "def f():\n    return 1\n\n\nREGISTRY = {}")
    more = block("nnbook/m.py", 'REGISTRY["f"] = f') + block(
        "nnbook/m.py", "for _ in range(2):\n    f()"
    )
    make_book(tmp_path, listing, more)
    before = tangle.tangle(tmp_path)["nnbook/m.py"]
    assert "# --- book/01.md: f, REGISTRY ---\n" in before
    assert '# --- book/02.md: REGISTRY["f"] ---\n' in before
    assert "# --- book/02.md: for _ in range(2) ---\n" in before
    make_book(
        tmp_path, "A new paragraph\n\nof prose.\n" + listing, "More prose.\n" + more
    )
    assert tangle.tangle(tmp_path)["nnbook/m.py"] == before


def test_the_package_init_exports_what_it_imports_and_its_version(tmp_path: Path):
    make_book(
        tmp_path,
        block("nnbook/__init__.py", '"""The package."""\n\n__version__ = "1.0"'),
        block(
            "nnbook/__init__.py",
            "import math\nfrom nnbook.m import f, _hidden\nfrom nnbook.n import g as h",
        ),
    )
    init = tangle.tangle(tmp_path)["nnbook/__init__.py"]
    assert '__all__ = [\n    "__version__",\n    "f",\n    "h",\n]\n' in init
    assert "# --- book/02.md" not in init  # nothing but imports: no empty block


@pytest.mark.parametrize(
    ("later", "message"),
    [
        (
            block("nnbook/m.py", "def f():\n    return 2"),
            "nnbook/m.py: 'f' is defined twice, in book/01.md:6 and book/02.md:6; "
            "if the later listing replaces it on purpose, "
            "caption it 'nnbook/m.py, replaces f'",
        ),
        (
            block("nnbook/m.py", 'REGISTRY["one"] = 2'),
            'nnbook/m.py: REGISTRY["one"] is set twice, '
            "in book/01.md:6 and book/02.md:6",
        ),
        (
            block("nnbook/m.py", 'for key in ["one"]:\n    REGISTRY[key] = 2'),
            "nnbook/m.py: sets REGISTRY[key], which may replace a key of REGISTRY "
            "that book/01.md:6 set; if the later listing replaces it on purpose, "
            "caption it 'nnbook/m.py, replaces REGISTRY'",
        ),
        (
            block("nnbook/m.py, replaces f", "def g():\n    return 2"),
            "book/02.md:6: the caption says this listing replaces f, "
            "but it rebinds nothing",
        ),
        (
            block("nnbook/m.py", "from nnbook.other import f"),
            "book/01.md:6: nnbook/m.py defines 'f', a name it also imports",
        ),
    ],
)
def test_a_later_listing_may_not_rebind_silently(
    tmp_path: Path, later: str, message: str
):
    make_book(
        tmp_path,
        block("nnbook/m.py", 'def f():\n    return 1\n\n\nREGISTRY = {"one": 1}'),
        later,
    )
    assert message in failure(tmp_path)


@pytest.mark.parametrize(
    ("caption", "code", "marker"),
    [
        (
            "nnbook/m.py, replaces f",
            "def f():\n    return 2",
            "# --- book/02.md: f (replaces f) ---",
        ),
        (
            'nnbook/m.py, replaces REGISTRY["one"]',
            'REGISTRY["one"] = 2',
            '# --- book/02.md: REGISTRY["one"] (replaces REGISTRY["one"]) ---',
        ),
        (
            "nnbook/m.py, replaces REGISTRY",
            'for key in ["one"]:\n    REGISTRY[key] = 2',
            '# --- book/02.md: for key in ["one"] (replaces REGISTRY) ---',
        ),
    ],
)
def test_a_caption_saying_replaces_allows_the_rebinding(
    tmp_path: Path, caption: str, code: str, marker: str
):
    make_book(
        tmp_path,
        block("nnbook/m.py", 'def f():\n    return 1\n\n\nREGISTRY = {"one": 1}'),
        block(caption, code),
    )
    module = tangle.tangle(tmp_path)["nnbook/m.py"]
    assert marker + "\n" in module
    namespace: dict = {}
    exec(module, namespace)
    assert 2 in (namespace["f"](), namespace["REGISTRY"]["one"])


def test_a_snapshot_holds_the_package_as_it_stands_after_a_chapter(tmp_path: Path):
    out = tmp_path / "after-chapter-1"
    result = run_tangle(
        ROOT, "--upto", "book/01-activation-functions", "--out", str(out)
    )
    assert result.returncode == 0, result.stderr
    written = {str(path.relative_to(out)) for path in out.rglob("*") if path.is_file()}
    assert {
        "nnbook/__init__.py",
        "nnbook/node.py",
        "nnbook/activations.py",
        "nnbook/py.typed",
    } <= written
    assert "nnbook/network.py" not in written  # chapter 2 writes it
    assert written == set(tangle.tangle(ROOT, upto="book/01-activation-functions.md"))
    assert (
        "from nnbook.network import" not in (out / "nnbook" / "__init__.py").read_text()
    )
    assert not (ROOT / "after-chapter-1").exists()


def test_a_snapshot_needs_an_output_folder_and_a_page_of_the_book(tmp_path: Path):
    no_out = run_tangle(ROOT, "--upto", "book/01-activation-functions.md")
    assert no_out.returncode == 2
    assert "--upto needs --out DIR" in no_out.stderr
    assert (
        "--upto book/99-nothing: no such page in _toc.yml; "
        "the pages are book/preface.md, book/01"
        in failure(ROOT, "--upto", "book/99-nothing", "--out", str(tmp_path))
    )
    assert not list(tmp_path.iterdir())


CHECK_SNAPSHOTS = ROOT / "tools" / "check_snapshots.py"
FAKE_INIT = block(
    "nnbook/__init__.py",
    '''
    """A fake nnbook.

    >>> import nnbook
    >>> nnbook.__version__
    'fake'
    """

    __version__ = "fake"
    ''',
)


def double_listing(body: str) -> str:
    return block(
        "nnbook/a.py",
        f'def double(x):\n    """Twice x.\n\n    >>> double(2)\n    {body}\n    """\n'
        "    return 2 * x",
    )


def check_snapshots(root: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(CHECK_SNAPSHOTS), "--root", str(root)],
        capture_output=True,
        text=True,
        check=False,
    )


def test_snapshot_check_passes_when_every_chapter_leaves_a_working_package(
    tmp_path: Path,
):
    later = block("nnbook/__init__.py", "from nnbook.a import double") + double_listing(
        "4"
    )
    result = check_snapshots(make_book(tmp_path, FAKE_INIT, later))
    assert result.returncode == 0, result.stdout + result.stderr
    # The doctest sees __version__ 'fake': the snapshot was imported, not nnbook.
    assert result.stdout.splitlines() == [
        line
        for line in result.stdout.splitlines()
        if line.startswith(
            (
                "book/01.md: ok: doctests: 1 passed",
                "book/02.md: ok: doctests: 2 passed",
                "check_",
            )
        )
    ]
    assert len(result.stdout.splitlines()) == 3


def test_snapshot_check_reports_a_chapter_whose_package_does_not_import(tmp_path: Path):
    # Chapter 1's package imports nnbook/a.py, which chapter 2 writes.
    too_early = block("nnbook/__init__.py", "from nnbook.a import double")
    wrong = block(
        "nnbook/b.py",
        'def one():\n    """\n    >>> one()\n    2\n    """\n    return 1',
    )
    unwritten = block("nnbook/c.py", "from nnbook.later import thing")
    result = check_snapshots(
        make_book(tmp_path, FAKE_INIT + too_early, double_listing("4"), wrong + unwritten)
    )
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert (
        lines[0]
        == "book/01.md: FAILED: import nnbook: "
        "ModuleNotFoundError: No module named 'nnbook.a'"
    )
    assert lines[1].startswith("book/02.md: ok: doctests: 2 passed")
    assert lines[2].startswith("book/03.md: FAILED: doctests: 1 failed, 2 passed, 1 error")
    assert "FAILED nnbook/b.py::nnbook.b.one" in lines[2]
    assert (
        "ERROR nnbook/c.py (ModuleNotFoundError: No module named 'nnbook.later')"
        in lines[2]
    )
    assert (
        lines[3] == "check_snapshots: 2 chapter(s) leave a package that does not work"
    )


def test_a_snapshot_that_would_not_parse_is_refused_not_written(tmp_path: Path):
    only_a_reference = block("nnbook/m.py", "def f():\n    # ⟨the body⟩")
    make_book(tmp_path, only_a_reference, block("⟨the body⟩", "return 1"))
    assert "return 1" in tangle.tangle(tmp_path)["nnbook/m.py"]
    out = tmp_path / "snapshot"
    message = failure(tmp_path, "--upto", "book/01", "--out", str(out))
    assert "book/01.md:7: expected an indented block" in message
    assert "(after expanding its chunks)" in message
    assert not out.exists()


def test_book_support_files_are_tangled_and_kept_in_step(tmp_path: Path):
    make_book(tmp_path, block("book/support/figures.py", "def draw():\n    return 1"))
    assert run_tangle(tmp_path).returncode == 0
    support = tmp_path / "book" / "support" / "figures.py"
    assert support.read_text().startswith("# GENERATED by tools/tangle.py")
    support.write_text(support.read_text() + "x = 1\n")
    assert "book/support/figures.py differs from the book" in failure(tmp_path, "--check")
