"""nnbook's modules import each other in one direction only.

The import graph is read from the tangled source with ``ast``: every
``import`` and ``from ... import`` counts, at module level *and* inside
functions, so a cycle cannot hide behind an import written inside a function.

What an import depends on, as Python runs it:

- ``import nnbook.x`` and ``from nnbook.x import name`` run ``nnbook/x.py``;
  they need the package ``nnbook`` to exist, but not its ``__init__`` to have
  finished (a submodule is only ever imported while its package is in
  ``sys.modules``), so no edge to ``nnbook`` is drawn for them.
- ``from nnbook import x``, where ``nnbook/x.py`` exists, imports that
  submodule (Python falls back to it when the attribute is not set yet): an
  edge to ``nnbook.x``.
- ``from nnbook import name``, where ``name`` is not a submodule, reads an
  attribute that ``nnbook/__init__.py`` sets: an edge to ``nnbook``. So does a
  plain ``import nnbook``.
"""

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "nnbook"


def module_names(package: Path) -> dict[str, Path]:
    """{dotted module name: file} for every module of the package (one level deep)."""
    names = {package.name: package / "__init__.py"}
    for path in sorted(package.glob("*.py")):
        if path.name != "__init__.py":
            names[f"{package.name}.{path.stem}"] = path
    return names


def imports_of(module: str, path: Path, modules: dict[str, Path]) -> set[str]:
    """The modules of the package that ``module`` imports, anywhere in its file."""
    package = module.split(".")[0]
    is_package = path.name == "__init__.py"
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name == package or alias.name.startswith(package + "."):
                    found.add(alias.name)
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # relative: from . import x, from .x import y
                base = module if is_package else module.rsplit(".", 1)[0]
                for _ in range(node.level - 1):
                    base = base.rsplit(".", 1)[0]
                source = f"{base}.{node.module}" if node.module else base
            else:
                source = node.module or ""
            if source != package and not source.startswith(package + "."):
                continue
            if source in modules and source != package:
                found.add(source)
                continue
            for alias in node.names:  # from nnbook import x: a submodule, or an attribute of __init__
                submodule = f"{source}.{alias.name}"
                found.add(submodule if submodule in modules else source)
    found.discard(module)
    return {name for name in found if name in modules}


def import_graph(package: Path) -> dict[str, set[str]]:
    modules = module_names(package)
    return {name: imports_of(name, path, modules) for name, path in modules.items()}


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import cycle as [a, b, ..., a], or None if the graph has none."""
    state: dict[str, str] = {}  # "open" while on the current path, "done" after
    path: list[str] = []

    def visit(name: str) -> list[str] | None:
        state[name] = "open"
        path.append(name)
        for target in sorted(graph[name]):
            if state.get(target) == "open":
                return path[path.index(target):] + [target]
            if target not in state:
                cycle = visit(target)
                if cycle:
                    return cycle
        path.pop()
        state[name] = "done"
        return None

    for name in sorted(graph):
        if name not in state:
            cycle = visit(name)
            if cycle:
                return cycle
    return None


def test_nnbook_has_no_import_cycle():
    cycle = find_cycle(import_graph(PACKAGE))
    assert cycle is None, "import cycle: " + " -> ".join(cycle or [])


def test_the_core_imports_in_one_direction():
    graph = import_graph(PACKAGE)
    assert "nnbook.network" in graph["nnbook.backprop"]
    assert "nnbook.backprop" not in graph["nnbook.network"]
    assert not graph["nnbook.validation"], "validation must import nothing from nnbook"


def write_package(root: Path, files: dict[str, str]) -> Path:
    package = root / "pkg"
    package.mkdir()
    for name, text in files.items():
        (package / name).write_text(text, encoding="utf-8")
    return package


def test_an_import_inside_a_function_still_counts(tmp_path):
    package = write_package(tmp_path, {
        "__init__.py": "",
        "a.py": "from pkg.b import g\n\ndef f():\n    return g()\n",
        "b.py": "def g():\n    from pkg.a import f  # a lazy import hides the cycle from Python, not from us\n",
    })
    assert find_cycle(import_graph(package)) == ["pkg.a", "pkg.b", "pkg.a"]


def test_from_package_import_names_a_submodule_or_the_package(tmp_path):
    package = write_package(tmp_path, {
        "__init__.py": "from pkg.a import f\n",
        "a.py": "from pkg import b\n\ndef f():\n    return b\n",
        "b.py": "from pkg import f as _f\n",
    })
    graph = import_graph(package)
    assert graph["pkg.a"] == {"pkg.b"}  # b is a submodule: no edge to the package
    assert graph["pkg.b"] == {"pkg"}  # f is an attribute of __init__
    assert find_cycle(graph) == ["pkg", "pkg.a", "pkg.b", "pkg"]


@pytest.mark.parametrize("statement", ["from . import a", "from .a import f", "import pkg.a"])
def test_relative_and_plain_imports_count(tmp_path, statement):
    package = write_package(tmp_path, {
        "__init__.py": "",
        "a.py": "def f():\n    import pkg.b\n",
        "b.py": statement + "\n",
    })
    assert find_cycle(import_graph(package)) == ["pkg.a", "pkg.b", "pkg.a"]
