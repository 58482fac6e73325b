"""Chapters "Backpropagation" and "Epochs": the handout's numbers, the correct rule, and training.

Every number the two chapters show is asserted here to 7 significant digits,
the handout's rounding; backpropagation is checked against central finite
differences of the loss on random networks.
"""

import math
import random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from nnbook import (
    SGD,
    History,
    Network,
    TrainingDiverged,
    backward,
    hidden_delta,
    net_input,
    output_delta,
    sigmoid,
    sigmoid_derivative,
    train,
    weight_change,
)
from nnbook.datasets import handout_example, xor
from nnbook.handout import handout_backward, handout_hidden_delta, handout_train_step

# The handout's worked example, typed in from the handout itself.
INPUTS = [1.0, 3.0, 5.0]
WEIGHTS_INTO_H1 = [0.5, 1.2, -0.3]
LABEL = 1.0
OUTPUT_ACTIVATION = 0.6
ALPHA = 0.01
WEIGHT_H1_TO_OUTPUT = 0.8
OTHER_WEIGHTS_TO_OUTPUT = [0.5, 0.1, 0.6]


def sig7(x: float) -> float:
    """``x`` rounded to 7 significant digits, as the handout prints numbers."""
    return float(f"{x:.7g}")


def h1() -> float:
    return sigmoid(net_input(INPUTS, WEIGHTS_INTO_H1))


def delta_o() -> float:
    return output_delta(LABEL, OUTPUT_ACTIVATION)


def updated_weight_h1_o() -> float:
    return WEIGHT_H1_TO_OUTPUT + weight_change(ALPHA, delta_o(), h1())


# --- chapter "Backpropagation": the weight into the output node -------------------------------------


def test_the_output_weight_update_matches_the_handout():
    assert sig7(h1()) == 0.9308616
    assert sig7(delta_o()) == 0.192
    assert sig7(weight_change(ALPHA, delta_o(), h1())) == 0.001787254
    assert sig7(updated_weight_h1_o()) == 0.8017873


# --- the handout's hidden delta, slips included -----------------------------------------------------


def test_the_handouts_hidden_delta_reproduces_its_numbers():
    weights = [updated_weight_h1_o(), *OTHER_WEIGHTS_TO_OUTPUT]
    products = [delta_o() * w for w in weights]
    assert [sig7(p) for p in products] == [0.1539432, 0.096, 0.0192, 0.1152]
    assert sig7(sum(products)) == 0.3843432
    delta = handout_hidden_delta(delta_o(), weights, h1())
    assert sig7(delta) == 0.02473567
    changes = [weight_change(ALPHA, delta, x) for x in INPUTS]
    assert [sig7(c) for c in changes] == [0.0002473567, 0.0007420701, 0.001236784]
    assert f"{changes[2]:.8g}" == "0.0012367836"  # the handout prints this one with 8 digits
    new = [w + c for w, c in zip(WEIGHTS_INTO_H1, changes)]
    assert [sig7(w) for w in new] == [0.5002474, 1.200742, -0.2987632]
    assert f"{new[1]:.8g}" == "1.2007421"


def test_the_correct_hidden_delta_and_new_weights():
    delta = hidden_delta([delta_o()], [WEIGHT_H1_TO_OUTPUT], h1())
    assert sig7(delta) == 0.009885435
    # Fixing only slip 1 (own weight, but already updated):
    assert sig7(hidden_delta([delta_o()], [updated_weight_h1_o()], h1())) == 0.009907519
    new = [w + weight_change(ALPHA, delta, x) for w, x in zip(WEIGHTS_INTO_H1, INPUTS)]
    assert [sig7(w) for w in new] == [0.5000989, 1.200297, -0.2995057]
    assert f"{new[1]:.8g}" == "1.2002966"


def test_the_handout_constants_are_the_handouts_numbers():
    from nnbook import handout

    assert list(handout.INPUTS) == INPUTS
    assert list(handout.WEIGHTS_INTO_H1) == WEIGHTS_INTO_H1
    assert handout.LABEL == LABEL
    assert handout.OUTPUT_ACTIVATION == OUTPUT_ACTIVATION
    assert handout.LEARNING_RATE == ALPHA
    assert handout.WEIGHT_H1_TO_OUTPUT == WEIGHT_H1_TO_OUTPUT
    assert list(handout.WEIGHTS_HIDDEN_TO_OUTPUT) == [WEIGHT_H1_TO_OUTPUT, *OTHER_WEIGHTS_TO_OUTPUT]
    assert list(handout.EXERCISE_WEIGHTS_HIDDEN_TO_OUTPUT) == [0.8, -1.2, 0.5, -0.3]
    assert handout_example() == [(INPUTS, [LABEL])]


finite = st.floats(-3, 3, allow_nan=False, allow_infinity=False)
activations = st.floats(0.001, 0.999)


@given(st.lists(st.tuples(finite, finite), min_size=1, max_size=5), activations)
def test_hidden_delta_sums_own_weights_only(pairs, a):
    next_deltas = [d for d, _ in pairs]
    weights = [w for _, w in pairs]
    expected = a * (1 - a) * sum(d * w for d, w in pairs)
    assert hidden_delta(next_deltas, weights, a) == pytest.approx(expected, rel=1e-12, abs=1e-15)


def test_a_node_with_no_outgoing_weight_gets_no_blame():
    assert hidden_delta([0.192], [0.0], h1()) == 0.0
    assert handout_hidden_delta(0.192, [0.0, 0.5, 0.1, 0.6], h1()) != 0.0  # the slip blames it anyway


def test_hidden_delta_refuses_mismatched_lengths():
    # Teaching code trusts its arguments, but zip(..., strict=True) still refuses a missing weight.
    with pytest.raises(ValueError, match="zip"):
        hidden_delta([0.1, 0.2], [0.8], 0.5)


def test_handout_backward_blames_every_hidden_node_with_the_same_sum():
    network = Network.from_weights([[WEIGHTS_INTO_H1, [0.1, 0.2, 0.3]], [[0.8, -0.4]]])
    layers = network.forward(INPUTS)
    exact = backward(network, layers, [LABEL])
    slipped = handout_backward(network, layers, [LABEL])
    assert slipped[-1] == exact[-1]  # output deltas agree
    for h, a in enumerate(layers[1]):
        assert slipped[0][h] == pytest.approx(handout_hidden_delta(exact[-1][0], [0.8, -0.4], a))
        assert exact[0][h] == pytest.approx(hidden_delta(exact[-1], [network.weights[1][0][h]], a))
    assert slipped[0] != pytest.approx(exact[0])


def test_handout_train_step_uses_updated_weights_and_all_of_them():
    weights_into_hidden = [WEIGHTS_INTO_H1, [0.2, -0.1, 0.1], [-0.3, 0.2, 0.0], [0.1, 0.1, -0.2]]
    network = Network.from_weights([weights_into_hidden, [[0.8, 0.5, 0.1, 0.6]]])
    before = network.copy()
    layers = before.forward(INPUTS)
    d_o = output_delta(LABEL, layers[-1][0])
    updated = [w + ALPHA * d_o * a for w, a in zip(before.weights[1][0], layers[1])]
    loss = handout_train_step(network, INPUTS, [LABEL], ALPHA)
    assert loss == pytest.approx(before.loss_on(INPUTS, [LABEL]))
    assert network.weights[1][0] == pytest.approx(updated)
    d_h1 = handout_hidden_delta(d_o, updated, layers[1][0])
    assert network.weights[0][0] == pytest.approx([w + ALPHA * d_h1 * x for w, x in zip(WEIGHTS_INTO_H1, INPUTS)])


# --- train_step against the loss itself -------------------------------------------------------------


@st.composite
def networks_and_examples(draw):
    sizes = draw(st.lists(st.integers(1, 4), min_size=2, max_size=5))
    output = draw(st.sampled_from(["sigmoid", "identity"]))
    weights = [
        [[draw(finite) for _ in range(fan_in)] for _ in range(fan_out)] for fan_in, fan_out in zip(sizes, sizes[1:])
    ]
    biases = [[draw(finite) for _ in range(size)] for size in sizes[1:]]
    network = Network.from_weights(weights, biases, activation="sigmoid", output_activation=output)
    inputs = [draw(finite) for _ in range(sizes[0])]
    targets = [draw(st.floats(0, 1)) for _ in range(sizes[-1])]
    return network, inputs, targets


def _close(measured: float, claimed: float, loss: float) -> bool:
    """Relative error below 1e-6.

    A central difference cannot resolve slopes below its own rounding noise
    (about 1e-16·loss/epsilon), so slopes under 1e-4·max(1, loss) are
    compared against that floor instead of against themselves.
    """
    return abs(measured - claimed) <= 1e-6 * max(abs(measured), abs(claimed), 1e-4 * max(1.0, loss))


def _nudged_slope(network: Network, parameters: list[float], index: int, inputs, targets, epsilon: float) -> float:
    """-(L(p + ε) - L(p - ε)) / 2ε for ``parameters[index]``, restoring it afterwards."""
    value = parameters[index]
    parameters[index] = value + epsilon
    up = network.loss_on(inputs, targets)
    parameters[index] = value - epsilon
    down = network.loss_on(inputs, targets)
    parameters[index] = value
    return -(up - down) / (2 * epsilon)


@given(networks_and_examples())
def test_train_step_follows_the_central_finite_difference_of_the_loss(case):
    network, inputs, targets = case
    epsilon = 1e-5
    stepped = network.copy()
    loss = stepped.train_step(inputs, targets, 1.0)  # with α = 1 the change is δ·a itself
    assert loss == network.loss_on(inputs, targets)
    for layer in range(len(network.weights)):
        for k, row in enumerate(network.weights[layer]):
            for i in range(len(row)):
                measured = _nudged_slope(network, row, i, inputs, targets, epsilon)
                change = stepped.weights[layer][k][i] - row[i]
                assert _close(measured, change, loss), ("weight", layer, k, i, measured, change)
        biases = network.biases[layer]
        for k in range(len(biases)):
            measured = _nudged_slope(network, biases, k, inputs, targets, epsilon)
            change = stepped.biases[layer][k] - biases[k]
            assert _close(measured, change, loss), ("bias", layer, k, measured, change)


def test_finite_differences_side_with_backpropagation_not_the_handout():
    network = Network.from_weights([[WEIGHTS_INTO_H1, [0.2, -0.1, 0.1], [-0.3, 0.2, 0.0], [0.1, 0.1, -0.2]],
                                    [[0.8, 0.5, 0.1, 0.6]]])
    exact, slipped = network.copy(), network.copy()
    exact.train_step(INPUTS, [LABEL], ALPHA)
    handout_train_step(slipped, INPUTS, [LABEL], ALPHA)
    epsilon = 1e-6
    for i in range(3):
        up, down = network.copy(), network.copy()
        up.weights[0][0][i] += epsilon
        down.weights[0][0][i] -= epsilon
        downhill = -(up.loss_on(INPUTS, [LABEL]) - down.loss_on(INPUTS, [LABEL])) / (2 * epsilon)
        assert (exact.weights[0][0][i] - network.weights[0][0][i]) / ALPHA == pytest.approx(downhill, rel=1e-6)
        assert (slipped.weights[0][0][i] - network.weights[0][0][i]) / ALPHA != pytest.approx(downhill, rel=0.1)


def test_train_step_lowers_the_loss_on_the_handout_example():
    network = Network.from_weights([[WEIGHTS_INTO_H1], [[WEIGHT_H1_TO_OUTPUT]]])
    before = network.train_step(INPUTS, [LABEL], ALPHA)
    assert network.loss_on(INPUTS, [LABEL]) < before


def test_train_step_refuses_bad_arguments():
    network = Network([3, 4, 1], seed=0)
    with pytest.raises(ValueError, match="inputs must have 3 values"):
        network.train_step([1.0, 3.0], [1.0], 0.1)
    with pytest.raises(TypeError, match="targets"):
        network.train_step(INPUTS, "1", 0.1)
    with pytest.raises(ValueError, match="learning_rate"):
        network.train_step(INPUTS, [1.0], math.nan)
    with pytest.raises(ValueError, match="learning_rate must be 0 or more"):
        network.train_step(INPUTS, [1.0], -0.1)
    with pytest.raises(TypeError, match="learning_rate"):
        network.train_step(INPUTS, [1.0], "0.1")


def test_a_diverging_step_keeps_the_last_finite_weights():
    network = Network.from_weights([[[1.0]], [[1.0]]], activation="identity")
    before = [[row[:] for row in layer] for layer in network.weights]
    with pytest.raises(TrainingDiverged, match="learning rate"):
        network.train_step([1.0], [0.0], 1e308)  # the step would be -inf
    assert network.weights == before
    network.weights[0][0][0] = 1e300
    with pytest.raises(TrainingDiverged, match="loss is inf"):
        network.train_step([1e10], [0.0], 0.1)  # the output itself overflows
    assert network.weights[1] == before[1]


def test_a_step_that_fails_in_a_later_layer_puts_the_earlier_layers_back():
    # The hidden weight would move to about -2e160 (finite); the output weight to -inf.
    network = Network.from_weights([[[1.0]], [[1e-150]]], activation="identity")
    before = ([[row[:] for row in layer] for layer in network.weights], [layer[:] for layer in network.biases])
    rows = [row for layer in network.weights for row in layer]
    with pytest.raises(TrainingDiverged, match="learning rate"):
        network.train_step([1e150], [0.0], 1e160)
    assert (network.weights, network.biases) == before
    assert all(new is old for new, old in zip((row for layer in network.weights for row in layer), rows))  # put back


# --- chapter "Epochs" --------------------------------------------------------------------------------


def test_datasets_are_plain_lists_of_floats():
    data = xor()
    assert data == [([0.0, 0.0], [0.0]), ([0.0, 1.0], [1.0]), ([1.0, 0.0], [1.0]), ([1.0, 1.0], [0.0])]
    for inputs, targets in data + handout_example():
        assert all(type(v) is float for v in inputs + targets)
    data[0][0][0] = 9.0  # each call gives a fresh copy
    assert xor()[0][0][0] == 0.0


def test_a_2_4_1_network_solves_xor_from_a_fixed_seed():
    network = Network([2, 4, 1], seed=0)
    history = train(network, xor(), epochs=2000, learning_rate=0.5, seed=0)
    assert isinstance(history, History)
    assert history.epochs == 2000
    for inputs, targets in xor():
        assert (network.predict(inputs)[0] > 0.5) == (targets[0] > 0.5)
    assert history.accuracy[-1] == 1.0
    assert history.loss[-1] < history.loss[0] / 10


def test_the_handouts_rule_cannot_solve_xor_where_backprop_does():
    """Slip 1 gives every hidden node the same blame, so they cannot split the work."""
    slipped = Network([2, 4, 1], seed=0)
    data, rng = xor(), random.Random(0)
    for _ in range(2000):
        rng.shuffle(data)
        for inputs, targets in data:
            handout_train_step(slipped, inputs, targets, 0.5)
    right = [(slipped.predict(inputs)[0] > 0.5) == (targets[0] > 0.5) for inputs, targets in xor()]
    assert not all(right)


def test_training_repeats_exactly_from_a_seed():
    runs = []
    for _ in range(2):
        network = Network([2, 4, 1], seed=3)
        runs.append((train(network, xor(), epochs=20, learning_rate=0.5, seed=7).loss, network.weights))
    assert runs[0] == runs[1]


def test_train_without_shuffling_is_a_loop_of_train_step():
    data = [([random.Random(i).uniform(-1, 1) for _ in range(3)], [float(i % 2)]) for i in range(5)]
    trained, looped = Network([3, 4, 2, 1], seed=1), Network([3, 4, 2, 1], seed=1)
    history = train(trained, data, epochs=3, learning_rate=0.3, batch_size=1, shuffle=False)
    for epoch in range(3):
        losses = [looped.train_step(inputs, targets, 0.3) for inputs, targets in data]
        assert history.loss[epoch] == pytest.approx(sum(losses) / len(data), rel=1e-12)
    assert trained.weights == looped.weights
    assert trained.biases == looped.biases


def test_a_batch_of_everything_takes_one_summed_step():
    data = xor()
    batched, stepped = Network([2, 3, 1], seed=2), Network([2, 3, 1], seed=2)
    train(batched, data, epochs=1, learning_rate=0.5, batch_size=len(data), shuffle=False)
    from nnbook import downhill

    total = downhill(stepped, data)
    SGD(0.5).step(stepped, total)
    assert batched.weights == stepped.weights


def test_stopping_criteria():
    network = Network([2, 4, 1], seed=0)
    history = train(network, xor(), epochs=2000, learning_rate=0.5, seed=0, stop_at_loss=0.01)
    assert history.epochs < 2000 and history.loss[-1] <= 0.01
    assert "0.01" in history.stopped_because
    network = Network([2, 4, 1], seed=0)
    history = train(network, xor(), epochs=2000, learning_rate=0.5, seed=0, tolerance=1e-6)
    assert abs(history.loss[-1] - history.loss[-2]) < 1e-6 and history.epochs < 2000
    network = Network([2, 4, 1], seed=0)
    seen = []
    history = train(network, xor(), epochs=5, learning_rate=0.5, seed=0, validation=xor(), patience=2,
                    callback=lambda epoch, h: seen.append(epoch))
    assert seen == list(range(1, history.epochs + 1))
    assert len(history.validation_loss) == history.epochs


@pytest.mark.parametrize(
    ("arguments", "error", "message"),
    [
        ({"epochs": 0}, ValueError, "epochs"),
        ({"epochs": "10"}, TypeError, "epochs"),
        ({"epochs": 2.5}, TypeError, "epochs"),
        ({"batch_size": 0}, ValueError, "batch_size"),
        ({"learning_rate": "0.1"}, TypeError, "learning_rate"),
        ({"learning_rate": -1.0}, ValueError, "learning_rate"),
        ({"optimizer": "sgd"}, TypeError, "optimizer"),
        ({"patience": 3}, ValueError, "validation"),
        ({"seed": -1}, ValueError, "seed"),
        ({"stop_at_loss": math.nan}, ValueError, "stop_at_loss"),
        ({"tolerance": "small"}, TypeError, "tolerance"),
        ({"validation": []}, ValueError, "validation"),
    ],
)
def test_train_refuses_bad_arguments(arguments, error, message):
    network = Network([2, 4, 1], seed=0)
    with pytest.raises(error, match=message):
        train(network, xor(), **arguments)


@pytest.mark.parametrize(
    ("examples", "error", "message"),
    [
        ([], ValueError, "at least one"),
        ("xor", TypeError, "examples"),
        ([([0.0, 1.0],)], ValueError, r"examples\[0\]"),
        ([([0.0], [1.0])], ValueError, "inputs must have 2 values"),
        ([([0.0, 1.0], [1.0, 0.0])], ValueError, "targets must have 1 values"),
        ([([0.0, "1"], [1.0])], TypeError, "inputs"),
    ],
)
def test_train_refuses_bad_examples(examples, error, message):
    with pytest.raises(error, match=message):
        train(Network([2, 4, 1], seed=0), examples)


# --- figures ------------------------------------------------------------------------------------------


def test_the_figures_of_both_chapters_are_drawn():
    pytest.importorskip("matplotlib")
    import matplotlib

    matplotlib.use("Agg")
    from nnbook.plotting import plot_history
    from support.figures import draw_hidden_delta, draw_weight_update

    d = delta_o()
    figures = [
        draw_weight_update(h1(), d, WEIGHT_H1_TO_OUTPUT, ALPHA),
        draw_hidden_delta(d, [0.8, 0.5, 0.1, 0.6], h1(), handout_weights=[updated_weight_h1_o(), 0.5, 0.1, 0.6]),
        draw_hidden_delta(d, [0.8, 0.5, 0.1, 0.6], h1()),
        plot_history(History(loss=[0.3, 0.2, 0.1], accuracy=[0.5, 0.75, 1.0]), log=True),
    ]
    texts = [" ".join(t.get_text() for ax in fig.axes for t in ax.texts) for fig in figures]
    assert "0.001787254" in texts[0] and "0.8017873" in texts[0]
    assert "0.02473567" in texts[1] and "0.009885435" in texts[1]
    assert "0.02473567" not in texts[2]
    assert len(figures[3].axes) == 2
    assert sigmoid_derivative(h1()) > 0
