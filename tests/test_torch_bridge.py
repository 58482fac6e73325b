"""Chapter "From loops to linear algebra": PyTorch's autograd agrees with nnbook's deltas.

A random nnbook network becomes a float64 ``torch.nn`` model; the gradient
PyTorch computes for every weight and bias must equal minus nnbook's summed
δ·a (and δ) — the sign convention — to 1e-10.
"""

import random

import pytest
from hypothesis import given, settings

torch = pytest.importorskip("torch")  # a local convenience: the test extras install PyTorch

from test_linalg import problems

from nnbook import Network, train
from nnbook.backprop import downhill
from nnbook.torch_bridge import from_torch, to_torch, torch_loss, train_torch

TOLERANCE = 1e-10


def _worst(tensor: "torch.Tensor", nested: list) -> float:
    expected = torch.tensor(nested, dtype=torch.float64)
    assert tensor.shape == expected.shape
    return float((tensor - expected).abs().max())


def _linears(model: "torch.nn.Module") -> list:
    return [module for module in model.modules() if isinstance(module, torch.nn.Linear)]


@given(problems())
@settings(max_examples=50)
def test_autograd_gradients_equal_minus_nnbooks_downhill(problem: tuple) -> None:
    network, examples = problem
    model = to_torch(network)
    inputs = torch.tensor([x for x, _ in examples], dtype=torch.float64)
    targets = torch.tensor([y for _, y in examples], dtype=torch.float64)
    loss = torch_loss(network)(model(inputs), targets)
    loss.backward()
    node = downhill(network, examples)
    assert abs(loss.item() - node.loss) < TOLERANCE
    for linear, weight_sums, bias_sums in zip(_linears(model), node.weights, node.biases):
        assert _worst(-linear.weight.grad, weight_sums) < TOLERANCE
        assert _worst(-linear.bias.grad, bias_sums) < TOLERANCE


@given(problems())
@settings(max_examples=20)
def test_the_model_computes_the_same_outputs_and_converts_back(problem: tuple) -> None:
    network, examples = problem
    model = to_torch(network)
    for x, _ in examples:
        assert _worst(model(torch.tensor(x, dtype=torch.float64)).detach(), network.predict(x)) < 1e-12
    back = from_torch(model, like=network)
    assert back.weights == network.weights and back.biases == network.biases
    assert back.activations == network.activations and back.loss == network.loss


def test_one_optimizer_step_is_one_train_step() -> None:
    network = Network([3, 4, 2], activation=["tanh", "sigmoid"], seed=3)
    model = to_torch(network)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
    inputs, targets = [1.0, 3.0, 5.0], [1.0, 0.0]
    loss = torch_loss(network)(model(torch.tensor(inputs, dtype=torch.float64)), torch.tensor(targets,
                                                                                             dtype=torch.float64))
    loss.backward()
    optimizer.step()
    network.train_step(inputs, targets, 0.1)
    stepped = from_torch(model, like=network)
    for layer in range(2):
        assert _worst(torch.tensor(stepped.weights[layer], dtype=torch.float64), network.weights[layer]) < 1e-15
        assert _worst(torch.tensor(stepped.biases[layer], dtype=torch.float64), network.biases[layer]) < 1e-15


def test_train_torch_follows_train() -> None:
    rng = random.Random(0)
    network = Network([2, 3, 1], activation="relu", output_activation="sigmoid", loss="bce", seed=0)
    examples = [([rng.uniform(-1, 1), rng.uniform(-1, 1)], [float(rng.random() < 0.5)]) for _ in range(7)]
    a, b = network.copy(), network.copy()
    history = train(a, examples, epochs=3, learning_rate=0.2, batch_size=3, seed=4)
    torch_history = train_torch(b, examples, epochs=3, learning_rate=0.2, batch_size=3, seed=4)
    for layer in range(2):
        assert _worst(torch.tensor(b.weights[layer], dtype=torch.float64), a.weights[layer]) < TOLERANCE
    assert _worst(torch.tensor(torch_history.loss, dtype=torch.float64), history.loss) < TOLERANCE
    assert torch_history.accuracy == history.accuracy


def test_every_activation_and_loss_has_a_pytorch_version() -> None:
    from nnbook.activations import ACTIVATIONS
    from nnbook.loss import LOSSES

    for loss in LOSSES:
        for output in ACTIVATIONS:
            try:
                network = Network([2, 2], activation=output, loss=loss)
            except ValueError:
                continue  # a pairing nnbook itself refuses
            assert len(to_torch(network)) == 2
            assert callable(torch_loss(network))


def test_a_model_of_another_shape_is_refused() -> None:
    network = Network([3, 4, 1], seed=0)
    with pytest.raises(ValueError, match="weight shapes"):
        from_torch(to_torch(Network([3, 2, 1], seed=0)), like=network)


def test_compare_backends_times_all_three_and_leaves_the_network_alone() -> None:
    from support.speed import compare_backends

    network = Network([2, 3, 1], seed=0)
    before = [[row[:] for row in layer] for layer in network.weights]
    threads = torch.get_num_threads()
    speeds = compare_backends(network, [([0.0, 1.0], [1.0]), ([1.0, 0.0], [0.0])], batch_size=2, repeat=1)
    assert set(speeds) == {"nodes", "numpy", "torch"}
    assert all(speed > 0 for speed in speeds.values())
    assert network.weights == before
    assert torch.get_num_threads() == threads
