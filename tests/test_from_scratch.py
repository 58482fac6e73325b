"""nnbook/from_scratch.py, the whole algorithm on one page (chapter "Backpropagation").

It must stay short and self-contained, and it must be the same algorithm as
nnbook: from the same starting weights, the same step gives the same weights.
"""

import ast
import copy
import io
import runpy
from contextlib import redirect_stdout
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from nnbook import Network, from_scratch, train

SOURCE = Path(from_scratch.__file__).read_text(encoding="utf-8")


def code_lines(source: str) -> int:
    """Lines that are neither blank, nor only a comment, nor part of a docstring.

    The ``__all__`` list that tools/tangle.py writes into every module is not
    counted either: it is not in the book's listings.
    """
    skipped: set[int] = set()
    tree = ast.parse(source)
    for node in ast.walk(tree):
        documented = isinstance(node, (ast.Module, ast.FunctionDef, ast.ClassDef))
        if documented and ast.get_docstring(node) is not None:
            first = node.body[0]
            skipped.update(range(first.lineno, (first.end_lineno or first.lineno) + 1))
    for node in tree.body:
        names = [ast.unparse(target) for target in getattr(node, "targets", [])]
        if isinstance(node, ast.Assign) and names == ["__all__"]:
            skipped.update(range(node.lineno, (node.end_lineno or node.lineno) + 1))
    return sum(
        1
        for number, line in enumerate(source.splitlines(), start=1)
        if line.strip() and not line.strip().startswith("#") and number not in skipped
    )


def test_code_lines_counts_code_only():
    source = (
        '"""Doc\n\nstring."""\n\n# a comment\nimport math\n\n'
        '__all__ = [\n    "f",\n]\n\n\n'
        'def f():\n    """One."""\n    return 1\n'
    )
    assert code_lines(source) == 3


def test_from_scratch_fits_on_a_page():
    assert code_lines(SOURCE) <= 70


def test_from_scratch_imports_only_the_standard_library():
    imported = set()
    for node in ast.walk(ast.parse(SOURCE)):
        if isinstance(node, ast.Import):
            imported.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            imported.add(node.module or "")
    assert imported == {"math", "random"}


def test_running_it_learns_xor():
    out = io.StringIO()
    with redirect_stdout(out):
        runpy.run_path(from_scratch.__file__, run_name="__main__")
    lines = out.getvalue().splitlines()
    assert len(lines) == 4, lines
    for line, (inputs, targets) in zip(lines, from_scratch.XOR):
        answer = float(line.split("->")[1].split()[0])
        assert line.startswith(str(inputs))
        assert abs(answer - targets[0]) < 0.1, line


def difference(first: list, second: list) -> float:
    """The largest absolute difference between two equally nested lists of numbers."""
    if isinstance(first, float):
        return abs(first - second)
    assert len(first) == len(second)
    return max((difference(a, b) for a, b in zip(first, second)), default=0.0)


value = st.floats(-2.0, 2.0)


@st.composite
def starts(draw):
    """Layer sizes, starting weights and biases, and one example."""
    sizes = draw(st.lists(st.integers(1, 5), min_size=2, max_size=5))
    weights = [
        [draw(st.lists(value, min_size=m, max_size=m)) for _ in range(n)]
        for m, n in zip(sizes, sizes[1:])
    ]
    biases = [draw(st.lists(value, min_size=n, max_size=n)) for n in sizes[1:]]
    inputs = draw(st.lists(value, min_size=sizes[0], max_size=sizes[0]))
    outputs = sizes[-1]
    targets = draw(st.lists(st.floats(0.0, 1.0), min_size=outputs, max_size=outputs))
    return weights, biases, inputs, targets


@given(starts(), st.floats(0.001, 2.0))
def test_a_step_from_scratch_equals_a_step_of_nnbook(start, learning_rate):
    weights, biases, inputs, targets = start
    network = Network.from_weights(copy.deepcopy(weights), copy.deepcopy(biases))
    layers = from_scratch.forward(weights, biases, inputs)
    assert difference(layers, network.forward(inputs)) < 1e-12
    loss = from_scratch.train_step(weights, biases, inputs, targets, learning_rate)
    assert abs(loss - network.train_step(inputs, targets, learning_rate)) < 1e-12
    assert difference(weights, network.weights) < 1e-12
    assert difference(biases, network.biases) < 1e-12


@given(st.lists(st.integers(1, 4), min_size=1, max_size=2), st.integers(0, 2**32))
@settings(max_examples=30)
def test_training_from_scratch_equals_training_with_nnbook(hidden, seed):
    """Same seed, same shuffled order in every epoch, same weights at the end."""
    sizes = [2, *hidden, 1]
    weights, biases = from_scratch.new_network(sizes, seed=seed)
    network = Network.from_weights(copy.deepcopy(weights), copy.deepcopy(biases))
    from_scratch.train(weights, biases, from_scratch.XOR, epochs=5, learning_rate=0.5,
                       seed=seed)
    train(network, from_scratch.XOR, epochs=5, learning_rate=0.5, seed=seed)
    assert difference(weights, network.weights) < 1e-12
    assert difference(biases, network.biases) < 1e-12


def test_new_network_has_the_layout_of_nnbook():
    weights, biases = from_scratch.new_network([3, 4, 2], seed=1)
    assert [[len(row) for row in layer] for layer in weights] == [[3] * 4, [4] * 2]
    assert biases == [[0.0] * 4, [0.0] * 2]
    assert all(-1 <= w <= 1 for layer in weights for row in layer for w in row)
    assert from_scratch.new_network([3, 4, 2], seed=1) == (weights, biases)
