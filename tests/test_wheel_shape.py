"""No module of the wheel is longer than 600 lines (issue 12).

A module that grows past the limit is a sign that two subjects share a file:
split it along its seam, as ``nnbook.cli``/``nnbook.terminal`` and
``nnbook.practice``/``nnbook.worked_examples`` were.
"""

from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "nnbook"
MAX_LINES = 600


def too_long(folder: Path, limit: int = MAX_LINES) -> dict[str, int]:
    """{file name: line count} of every Python file in ``folder`` over ``limit`` lines."""
    counts = {
        path.name: len(path.read_text(encoding="utf-8").splitlines())
        for path in sorted(folder.glob("*.py"))
    }
    return {name: count for name, count in counts.items() if count > limit}


def test_no_module_of_the_wheel_is_longer_than_600_lines():
    assert len(list(PACKAGE.glob("*.py"))) > 10  # the package really is there
    assert too_long(PACKAGE) == {}


def test_the_check_finds_a_long_module(tmp_path):
    (tmp_path / "short.py").write_text("x = 1\n" * MAX_LINES, encoding="utf-8")
    (tmp_path / "long.py").write_text("x = 1\n" * (MAX_LINES + 1), encoding="utf-8")
    assert too_long(tmp_path) == {"long.py": MAX_LINES + 1}
