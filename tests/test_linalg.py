"""Chapter "From loops to linear algebra": the NumPy path computes what the node path computes.

Every property builds a random network (depth, sizes, activations, loss, weights
and biases), random data that suits the loss, and compares the matrix version
with nnbook's node-by-node version, number for number, in float64.
"""

import math
import random

import pytest
from hypothesis import given, reject, settings
from hypothesis import strategies as st

np = pytest.importorskip("numpy")  # a local convenience: the test extras install NumPy

from nnbook import Network, train
from nnbook.activations import ACTIVATIONS, Activation
from nnbook.backprop import TrainingDiverged, backward, downhill
from nnbook.loss import LOSSES
from nnbook.linalg import (
    ARRAY_ACTIVATIONS,
    ARRAY_LOSSES,
    as_matrix,
    backward_batch,
    downhill_batch,
    forward_batch,
    from_arrays,
    to_arrays,
    train_numpy,
)

TOLERANCE = 1e-12
ELEMENTWISE = sorted(name for name, activation in ACTIVATIONS.items() if activation.elementwise)


def _accepts(loss: str, activation: str) -> bool:
    try:
        LOSSES[loss].check_output_activation(ACTIVATIONS[activation])
    except ValueError:
        return False
    return True


def _worst(nested_a: object, nested_b: object) -> float:
    """The largest absolute difference between two equally nested lists (or arrays)."""
    a = np.asarray(nested_a, dtype=np.float64)
    b = np.asarray(nested_b, dtype=np.float64)
    assert a.shape == b.shape
    return float(np.abs(a - b).max()) if a.size else 0.0


def _targets(rng: random.Random, loss: str, size: int) -> list[float]:
    if loss == "cross_entropy":
        if rng.random() < 0.5:  # one-hot, the usual case
            hot = rng.randrange(size)
            return [float(k == hot) for k in range(size)]
        weights = [rng.random() for _ in range(size)]  # a spread of probabilities
        return [w / sum(weights) for w in weights]
    if loss == "bce" and rng.random() < 0.5:
        return [float(rng.random() < 0.5) for _ in range(size)]
    return [rng.random() for _ in range(size)]


@st.composite
def problems(draw: st.DrawFn) -> tuple[Network, list[tuple[list[float], list[float]]]]:
    """A random network with random biases, and 1-6 examples that suit its loss."""
    layers = draw(st.integers(1, 3))
    sizes = [draw(st.integers(1, 5)) for _ in range(layers + 1)]
    loss = draw(st.sampled_from(sorted(LOSSES)))
    outputs = [name for name in sorted(ACTIVATIONS) if _accepts(loss, name)]
    if not outputs:
        reject()
    activations = [draw(st.sampled_from(ELEMENTWISE)) for _ in range(layers - 1)]
    activations.append(draw(st.sampled_from(outputs)))
    seed = draw(st.integers(0, 2**32 - 1))
    network = Network(sizes, activation=activations, loss=loss, seed=seed)
    rng = random.Random(seed)
    network.biases = [[rng.uniform(-0.5, 0.5) for _ in layer] for layer in network.biases]
    count = draw(st.integers(1, 6))
    examples = [
        ([rng.uniform(-1, 1) for _ in range(sizes[0])], _targets(rng, loss, sizes[-1])) for _ in range(count)
    ]
    try:
        backward(network, network.forward(examples[0][0]), examples[0][1])
    except ValueError:
        reject()  # a pairing the node path itself cannot train (such as softmax with SSE)
    return network, examples


def test_every_activation_and_loss_has_a_numpy_version() -> None:
    assert set(ACTIVATIONS) <= set(ARRAY_ACTIVATIONS)
    assert set(LOSSES) <= set(ARRAY_LOSSES)


@given(problems())
def test_forward_batch_equals_the_node_path(problem: tuple) -> None:
    network, examples = problem
    inputs = [x for x, _ in examples]
    layers = forward_batch(network, inputs)
    for n, x in enumerate(inputs):
        for layer, expected in zip(layers, network.forward(x)):
            assert _worst(layer[n], expected) < TOLERANCE


@given(problems())
def test_every_gradient_equals_the_node_path(problem: tuple) -> None:
    network, examples = problem
    inputs, targets = [x for x, _ in examples], [y for _, y in examples]
    layers = forward_batch(network, inputs)
    deltas = backward_batch(network, layers, targets)
    for n, (x, y) in enumerate(examples):
        expected = backward(network, network.forward(x), y)
        for layer_deltas, expected_deltas in zip(deltas, expected):
            assert _worst(layer_deltas[n], expected_deltas) < TOLERANCE
    weight_sums, bias_sums = downhill_batch(layers, deltas)
    node = downhill(network, examples)
    for layer in range(len(network.weights)):
        assert _worst(weight_sums[layer], node.weights[layer]) < TOLERANCE
        assert _worst(bias_sums[layer], node.biases[layer]) < TOLERANCE


@given(problems(), st.sampled_from([1, 2, 5, 10]), st.integers(1, 3), st.booleans(), st.integers(0, 1000),
       st.floats(0.001, 0.05))
@settings(max_examples=40)
def test_ten_training_steps_give_the_same_weights(
    problem: tuple, batches: int, batch_size: int, shuffle: bool, seed: int, learning_rate: float
) -> None:
    network, examples = problem
    rng = random.Random(seed)
    # Exactly `batches` batches per epoch, and 10 // batches epochs: 10 steps in all.
    count = rng.randint((batches - 1) * batch_size + 1, batches * batch_size)
    examples = [examples[n % len(examples)] for n in range(count)]
    nodes, matrices = network.copy(), network.copy()
    options = {"epochs": 10 // batches, "learning_rate": learning_rate, "batch_size": batch_size,
               "shuffle": shuffle, "seed": seed}
    try:
        history = train(nodes, examples, **options)
    except TrainingDiverged:
        reject()  # a run that blows up compares overflow, not arithmetic
    if max(abs(w) for layer in nodes.weights for row in layer for w in row) > 100:
        reject()  # on the way to blowing up: rounding noise grows with the weights
    matrix_history = train_numpy(matrices, examples, **options)
    for layer in range(len(network.weights)):
        assert _worst(matrices.weights[layer], nodes.weights[layer]) < TOLERANCE
        assert _worst(matrices.biases[layer], nodes.biases[layer]) < TOLERANCE
    for loss, matrix_loss in zip(history.loss, matrix_history.loss):
        assert abs(matrix_loss - loss) < TOLERANCE * max(1.0, abs(loss))  # losses can be large: relative
    assert matrix_history.accuracy == history.accuracy
    assert all(type(w) is float for layer in matrices.weights for row in layer for w in row)


def test_the_handout_example_is_the_same_with_matrices() -> None:
    from nnbook.handout import INPUTS, LABEL, handout_network

    network = handout_network()
    layers = forward_batch(network, [list(INPUTS)])
    deltas = backward_batch(network, layers, [[LABEL]])
    expected = backward(network, network.forward(list(INPUTS)), [LABEL])
    assert deltas[-1][0, 0] == pytest.approx(expected[-1][0], abs=1e-15)
    assert deltas[0][0, 0] == pytest.approx(expected[0][0], abs=1e-15)


def test_arrays_round_trip_and_keep_the_layout() -> None:
    network = Network([3, 4, 2], seed=1)
    weights, biases = to_arrays(network)
    assert [w.shape for w in weights] == [(4, 3), (2, 4)]
    assert weights[0][2, 1] == network.weights[0][2][1]
    copy = network.copy()
    from_arrays(copy, [w * 2 for w in weights], biases)
    assert copy.weights[1][1][3] == 2 * network.weights[1][1][3]


def test_bad_arrays_are_refused_and_leave_the_network_alone() -> None:
    network = Network([3, 4, 1], seed=1)
    weights, biases = to_arrays(network)
    before = [[row[:] for row in layer] for layer in network.weights]
    with pytest.raises(ValueError, match="2×4"):
        from_arrays(Network([4, 2, 1]), weights, biases)
    with pytest.raises(TrainingDiverged):
        from_arrays(network, [weights[0] * math.inf, weights[1]], biases)
    assert network.weights == before
    with pytest.raises(ValueError, match="one row of 3 numbers"):
        forward_batch(network, [1, 3, 5])
    with pytest.raises(ValueError, match="finite"):
        as_matrix([[1, math.nan, 5]], 3)
    with pytest.raises(TypeError, match="table of numbers"):
        as_matrix([["one", 3, 5]], 3)


def test_an_activation_without_a_numpy_version_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    network = Network([2, 2, 1], seed=0)
    monkeypatch.setattr(network, "activation_functions", [Activation("wiggle", abs, abs)] * 2)
    with pytest.raises(ValueError, match="'wiggle'"):
        forward_batch(network, [[1, 2]])
    with pytest.raises(ValueError, match="'wiggle'"):
        train_numpy(network, [([1, 2], [0])], epochs=1)


def test_divergence_keeps_the_last_finite_weights() -> None:
    network = Network([1, 1], activation="identity", seed=0)
    with pytest.raises(TrainingDiverged):
        train_numpy(network, [([1e150], [1.0])], epochs=50, learning_rate=1e10)
    assert all(math.isfinite(w) for layer in network.weights for row in layer for w in row)


def test_train_numpy_checks_its_arguments() -> None:
    network = Network([2, 1], seed=0)
    with pytest.raises(ValueError, match="learning_rate"):
        train_numpy(network, [([1, 2], [0])], learning_rate=-1)
    with pytest.raises(TypeError, match="batch_size"):
        train_numpy(network, [([1, 2], [0])], batch_size=1.5)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="inputs"):
        train_numpy(network, [([1, 2, 3], [0])])


def test_importing_nnbook_loads_neither_numpy_nor_torch() -> None:
    import subprocess
    import sys

    code = "import sys, nnbook.linalg, nnbook.torch_bridge; print('numpy' in sys.modules, 'torch' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.split() == ["False", "False"]


def test_a_missing_extra_names_it(monkeypatch: pytest.MonkeyPatch) -> None:
    import builtins

    from nnbook.linalg import import_numpy
    from nnbook.torch_bridge import import_torch

    real_import = builtins.__import__

    def refuse(name: str, *args: object, **kwargs: object) -> object:
        if name in ("numpy", "torch"):
            raise ImportError(f"No module named {name!r}")
        return real_import(name, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(builtins, "__import__", refuse)
    with pytest.raises(ImportError, match=r"nnbook\[numpy\]"):
        import_numpy()
    with pytest.raises(ImportError, match=r"nnbook\[torch\]"):
        import_torch()
