"""Chapters "Forward pass" and "Gradient descent": the worked numbers, the forward pass, the loss and the figures."""

import math
import random

import matplotlib
import pytest
from hypothesis import given
from hypothesis import strategies as st

matplotlib.use("Agg")

from nnbook import (
    Network,
    net_input,
    output_delta,
    relu_derivative,
    sigmoid,
    sigmoid_derivative,
    sse,
)
from nnbook.handout import (
    EXERCISE_WEIGHTS_HIDDEN_TO_OUTPUT,
    INPUTS,
    LABEL,
    LEARNING_RATE,
    OUTPUT_ACTIVATION,
    WEIGHT_H1_TO_OUTPUT,
    WEIGHTS_HIDDEN_TO_OUTPUT,
    WEIGHTS_INTO_H1,
    WEIGHTS_INTO_HIDDEN,
    handout_network,
)
from nnbook.plotting import draw_network
from support.figures import draw_output_delta, plot_loss_surface
from support.landscape import TWO_VALLEYS, descent_path, loss_surface, total_loss

TINY_FIRST, TINY_SECOND = (0, 0, 0), (1, 0, 0)


def seven_digits(x: float) -> float:
    """Round to 7 significant digits, the handout's printing."""
    return float(f"{x:.7g}")


def tiny_network() -> Network:
    return Network.from_weights([[[0.0]], [[0.0]]])


# --- the handout's constants -------------------------------------------------


def test_handout_constants_are_the_handouts_numbers():
    assert INPUTS == (1, 3, 5)
    assert WEIGHTS_INTO_H1 == (0.5, 1.2, -0.3)
    assert WEIGHTS_INTO_HIDDEN[0] == WEIGHTS_INTO_H1
    assert len(WEIGHTS_INTO_HIDDEN) == 4 and all(len(row) == 3 for row in WEIGHTS_INTO_HIDDEN)
    assert (LABEL, OUTPUT_ACTIVATION, LEARNING_RATE, WEIGHT_H1_TO_OUTPUT) == (1, 0.6, 0.01, 0.8)
    assert WEIGHTS_HIDDEN_TO_OUTPUT == (0.8, 0.5, 0.1, 0.6)
    assert EXERCISE_WEIGHTS_HIDDEN_TO_OUTPUT == (0.8, -1.2, 0.5, -0.3)


def test_handout_network_has_the_handouts_shape_and_weights():
    network = handout_network()
    assert network.sizes == [3, 4, 1]
    assert network.activations == ["sigmoid", "sigmoid"]
    assert network.weights[0] == [list(row) for row in WEIGHTS_INTO_HIDDEN]
    assert network.weights[1] == [list(WEIGHTS_HIDDEN_TO_OUTPUT)]
    assert network.biases == [[0.0] * 4, [0.0]]


def test_handout_network_is_fresh_on_every_call():
    first = handout_network()
    first.weights[0][0][0] = 99.0
    assert handout_network().weights[0][0][0] == 0.5


# --- chapter "Forward pass" ----------------------------------------------------


def test_forward_pass_of_the_handout_network_node_by_node():
    layers = handout_network().forward(INPUTS)
    assert layers[0] == [1.0, 3.0, 5.0]
    assert seven_digits(layers[1][0]) == 0.9308616  # the handout's h1
    assert [seven_digits(z) for z in (net_input(INPUTS, row) for row in WEIGHTS_INTO_HIDDEN)] == [2.6, 0.9, -1.0, -1.5]
    assert [seven_digits(a) for a in layers[1]] == [0.9308616, 0.7109495, 0.2689414, 0.1824255]
    assert seven_digits(net_input(layers[1], WEIGHTS_HIDDEN_TO_OUTPUT)) == 1.236513
    assert seven_digits(layers[2][0]) == 0.7749566


def test_forward_matches_the_node_by_node_computation_exactly():
    network = handout_network()
    hidden = [sigmoid(net_input(INPUTS, row)) for row in WEIGHTS_INTO_HIDDEN]
    output = sigmoid(net_input(hidden, WEIGHTS_HIDDEN_TO_OUTPUT))
    assert network.forward(INPUTS) == [[1.0, 3.0, 5.0], hidden, [output]]
    assert network.predict(INPUTS) == [output]


def test_the_forward_pass_exercise_with_seed_1():
    network = Network([3, 4, 1], seed=1)
    hidden = [sigmoid(net_input(INPUTS, row)) for row in network.weights[0]]
    output = sigmoid(net_input(hidden, network.weights[1][0]))
    assert network.predict(INPUTS) == [pytest.approx(output, rel=1e-15)]
    assert seven_digits(output) == 0.5377915
    assert seven_digits(output_delta(LABEL, output)) == 0.229784


def test_relu_hidden_layer_switches_off_negative_nodes():
    network = Network.from_weights(
        [WEIGHTS_INTO_HIDDEN, [WEIGHTS_HIDDEN_TO_OUTPUT]], activation="relu", output_activation="sigmoid"
    )
    hidden = network.forward(INPUTS)[1]
    assert hidden[2:] == [0.0, 0.0]
    assert [seven_digits(a) for a in hidden[:2]] == [2.6, 0.9]


def test_the_same_seed_gives_the_same_network():
    assert Network([3, 4, 1], seed=7).weights == Network([3, 4, 1], seed=7).weights
    assert Network([3, 4, 1], seed=7).weights != Network([3, 4, 1], seed=8).weights


@given(
    st.lists(st.integers(1, 5), min_size=2, max_size=4),
    st.integers(0, 2**32 - 1),
)
def test_random_networks_have_the_promised_shape_and_outputs(sizes, seed):
    network = Network(sizes, seed=seed)
    assert [len(layer) for layer in network.weights] == sizes[1:]
    assert all(len(row) == fan_in for layer, fan_in in zip(network.weights, sizes) for row in layer)
    assert all(-0.5 <= w <= 0.5 for layer in network.weights for row in layer for w in row)
    inputs = [random.Random(seed).uniform(-3, 3) for _ in range(sizes[0])]
    layers = network.forward(inputs)
    assert [len(layer) for layer in layers] == sizes
    assert all(0.0 < a < 1.0 for layer in layers[1:] for a in layer)  # sigmoid everywhere


def test_from_weights_round_trips_a_network():
    network = Network([2, 3, 2], seed=3)
    copy = Network.from_weights(network.weights, network.biases)
    assert copy.sizes == [2, 3, 2]
    assert copy.forward([0.5, -1.0]) == network.forward([0.5, -1.0])


# --- chapter "Gradient descent" ------------------------------------------------


def test_sse_of_the_handout_example():
    assert seven_digits(sse([LABEL], [OUTPUT_ACTIVATION])) == 0.16
    assert sse([1, 0], [1, 0]) == 0.0
    assert sse([1, 0], [0, 1]) == 2.0


def test_output_delta_of_the_handout_example():
    delta = output_delta(LABEL, OUTPUT_ACTIVATION)
    assert seven_digits(delta) == 0.192
    assert seven_digits(2 * (LABEL - OUTPUT_ACTIVATION)) == 0.8
    assert seven_digits(sigmoid_derivative(OUTPUT_ACTIVATION)) == 0.24
    assert seven_digits(output_delta(0, OUTPUT_ACTIVATION)) == -0.288
    assert seven_digits(output_delta(LABEL, OUTPUT_ACTIVATION, derivative=relu_derivative)) == 0.8
    assert output_delta(1, 0.0, derivative=relu_derivative) == 0.0


def test_delta_is_the_negative_slope_of_the_loss_with_respect_to_the_net_input():
    z = math.log(OUTPUT_ACTIVATION / (1 - OUTPUT_ACTIVATION))
    epsilon = 1e-6
    slope = (sse([LABEL], [sigmoid(z + epsilon)]) - sse([LABEL], [sigmoid(z - epsilon)])) / (2 * epsilon)
    assert seven_digits(slope) == -0.192
    assert -slope == pytest.approx(output_delta(LABEL, sigmoid(z)), rel=1e-7)


@given(st.floats(-6, 6), st.sampled_from([0.0, 1.0]))
def test_delta_matches_a_finite_difference_everywhere(z, label):
    epsilon = 1e-6
    slope = (sse([label], [sigmoid(z + epsilon)]) - sse([label], [sigmoid(z - epsilon)])) / (2 * epsilon)
    assert output_delta(label, sigmoid(z)) == pytest.approx(-slope, abs=1e-8)


def test_weight_step_alpha_delta_a_goes_downhill_on_the_handout_network():
    network = handout_network()
    layers = network.forward(INPUTS)
    delta = output_delta(LABEL, layers[2][0])
    epsilon = 1e-6
    weight = network.weights[1][0][0]
    network.weights[1][0][0] = weight + epsilon
    loss_up = network.loss_on(INPUTS, [LABEL])
    network.weights[1][0][0] = weight - epsilon
    loss_down = network.loss_on(INPUTS, [LABEL])
    network.weights[1][0][0] = weight
    assert (loss_up - loss_down) / (2 * epsilon) == pytest.approx(-delta * layers[1][0], rel=1e-6)
    before = network.loss_on(INPUTS, [LABEL])
    network.weights[1][0][0] += 0.1 * delta * layers[1][0]
    assert network.loss_on(INPUTS, [LABEL]) < before


@given(st.floats(0.01, 0.99))
def test_delta_sign_says_which_way_the_guess_should_move(activation):
    assert output_delta(1, activation) > 0
    assert output_delta(0, activation) < 0


def test_delta_vanishes_near_the_label_and_for_a_saturated_wrong_guess():
    assert abs(output_delta(1, 0.999)) < 1e-5
    assert abs(output_delta(1, 0.001)) < 1e-2
    best = max((output_delta(1, a / 1000), a / 1000) for a in range(1, 1000))
    assert best[1] == pytest.approx(1 / 3, abs=1e-3)


# --- the loss landscape ----------------------------------------------------------


def test_total_loss_and_surface_of_the_tiny_network():
    network = tiny_network()
    assert seven_digits(total_loss(network, TWO_VALLEYS)) == 0.26  # every guess is 0.5
    surface = loss_surface(network, TWO_VALLEYS, TINY_FIRST, TINY_SECOND, [-1.0, 0.0, 1.0], [2.0, 3.0])
    assert len(surface) == 2 and all(len(row) == 3 for row in surface)
    probe = Network.from_weights([[[1.0]], [[3.0]]])
    assert surface[1][2] == pytest.approx(total_loss(probe, TWO_VALLEYS), rel=1e-15)
    assert network.weights == [[[0.0]], [[0.0]]]  # left unchanged


def test_descent_paths_go_downhill_and_end_in_two_different_valleys():
    ends = []
    for start in [(-1.0, 4.0), (0.5, -5.0)]:
        path = descent_path(tiny_network(), TWO_VALLEYS, TINY_FIRST, TINY_SECOND, start, learning_rate=0.5, steps=800)
        assert path[0][:2] == start
        losses = [loss for _, _, loss in path]
        assert all(later <= earlier + 1e-12 for earlier, later in zip(losses, losses[1:]))
        ends.append(path[-1])
    (w1_global, w2_global, global_loss), (w1_local, w2_local, local_loss) = ends
    assert w1_global > 0 > w1_local
    assert global_loss < 0.1 < 0.2 < local_loss


def test_descent_paths_lie_on_the_loss_surface():
    path = descent_path(tiny_network(), TWO_VALLEYS, TINY_FIRST, TINY_SECOND, (2.0, -5.0), steps=30)
    for w1, w2, loss in path[::7]:
        probe = Network.from_weights([[[w1]], [[w2]]])
        assert loss == pytest.approx(total_loss(probe, TWO_VALLEYS), rel=1e-12)
        assert loss_surface(tiny_network(), TWO_VALLEYS, TINY_FIRST, TINY_SECOND, [w1], [w2]) == [[pytest.approx(loss)]]


def test_descent_path_only_moves_the_two_weights():
    network = Network([1, 2, 1], seed=0)
    path = descent_path(network, TWO_VALLEYS, (0, 0, 0), (1, 0, 1), (0.3, -0.2), steps=5)
    assert len(path) == 6
    assert network.weights == Network([1, 2, 1], seed=0).weights  # the original is untouched


# --- figures -------------------------------------------------------------------


def is_figure(value) -> bool:
    return isinstance(value, matplotlib.figure.Figure)


def test_draw_network_returns_a_figure_with_and_without_inputs():
    assert is_figure(draw_network(handout_network()))
    assert is_figure(draw_network(handout_network(), INPUTS, title="forward pass"))
    assert is_figure(draw_network(Network([2, 3, 3, 2], seed=0), [0.5, 1.0]))


def test_draw_network_shows_the_activations():
    figure = draw_network(handout_network(), INPUTS)
    texts = {text.get_text() for text in figure.axes[0].texts}
    assert {"0.931", "0.711", "0.269", "0.182", "0.775"} <= texts
    assert {"0.5", "1.2", "-0.3", "0.8"} <= texts


def test_draw_network_refuses_networks_too_big_to_draw():
    with pytest.raises(ValueError, match="at most 12 nodes"):
        draw_network(Network([784, 30, 10], seed=0))


def test_draw_network_checks_the_inputs():
    with pytest.raises(ValueError, match="inputs must have 3 values"):
        draw_network(handout_network(), [1, 2])


def test_output_delta_and_loss_surface_figures():
    figure = draw_output_delta(LABEL, OUTPUT_ACTIVATION)
    assert is_figure(figure)
    assert any("0.192" in text.get_text() for text in figure.axes[0].texts)
    assert is_figure(draw_output_delta(0, 0.6, "relu"))
    figure = plot_loss_surface(tiny_network(), TWO_VALLEYS, starts=[(-1.0, 4.0)], resolution=9, steps=20)
    assert is_figure(figure)


# --- bad input -------------------------------------------------------------------


@pytest.mark.parametrize(
    "call, error, message",
    [
        (lambda: Network("341"), TypeError, "sizes must be a list of layer sizes"),
        (lambda: Network([3]), ValueError, "at least an input and an output layer"),
        (lambda: Network([3, 0, 1]), ValueError, r"sizes\[1\] must be at least 1"),
        (lambda: Network([3, 4.5, 1]), TypeError, r"sizes\[1\] must be a whole number"),
        (lambda: Network([3, 4, 1], activation="wobbly"), ValueError, "activation must be one of"),
        (lambda: Network([3, 4, 1], activation=["relu"]), ValueError, "a list of 2 names"),
        (lambda: Network([3, 4, 1], loss="wobbly"), ValueError, "loss must be one of"),
        (lambda: Network([3, 4, 1], init="wobbly"), ValueError, "init must be one of"),
        (lambda: Network([3, 4, 1], seed=-1), ValueError, "seed must be at least 0"),
        (lambda: Network.from_weights("weights"), TypeError, "weights must be a list"),
        (lambda: Network.from_weights([]), ValueError, "weights must not be empty"),
        (lambda: Network.from_weights([[[0.5, 1.2, -0.3], [0.1, 0.2]]]), ValueError, r"weights\[0\]\[1\] must have 3"),
        (lambda: Network.from_weights([[[0.5, "1.2"]]]), TypeError, r"weights\[0\]\[0\]\[1\] must be a real number"),
        (lambda: Network.from_weights([[[0.5, math.nan]]]), ValueError, "must be a finite number"),
        (lambda: Network.from_weights([[[1.0]], [[1.0, 2.0]]]), ValueError, r"weights\[1\]\[0\] must have 1 values"),
        (lambda: Network.from_weights([[[1.0]]], biases=[[0.0], [0.0]]), ValueError, "biases must have 1 layers"),
        (lambda: Network.from_weights([[[1.0]]], biases=[[0.0, 1.0]]), ValueError, r"biases\[0\] must have 1"),
        (lambda: handout_network().predict([1, 3]), ValueError, "inputs must have 3 values"),
        (lambda: handout_network().predict("135"), TypeError, "inputs must be a list of numbers"),
        (lambda: handout_network().train_step(INPUTS, [1, 0], 0.1), ValueError, "targets must have 1 values"),
        (lambda: handout_network().train_step(INPUTS, [math.inf], 0.1), ValueError,
         r"targets\[0\] must be a finite number"),
        (lambda: handout_network().train_step(INPUTS, ["1"], 0.1), TypeError, r"targets\[0\] must be a real number"),
        (lambda: sse([1, 0], [0.6]), ValueError, "zip"),  # teaching code: zip(strict=True) refuses
        (lambda: total_loss(tiny_network(), [([1.0, 2.0], [0.5])]), ValueError, "inputs must have 1 values"),
        (lambda: loss_surface(tiny_network(), TWO_VALLEYS, (0, 0, 0), (0, 0, 0), [0.0], [0.0]), ValueError,
         "two different weights"),
        (lambda: descent_path(tiny_network(), TWO_VALLEYS, (0, 0, 5), (1, 0, 0), (0, 0)), ValueError,
         "is not a weight of a network"),
        (lambda: descent_path(tiny_network(), TWO_VALLEYS, "w1", (1, 0, 0), (0, 0)), TypeError,
         "must be a \\(layer, to, from\\) triple"),
    ],
)
def test_bad_input_is_refused_with_a_helpful_message(call, error, message):
    with pytest.raises(error, match=message):
        call()


@pytest.mark.parametrize("rate", [-0.1, -1e-12])
def test_every_learner_refuses_a_negative_learning_rate_and_changes_nothing(rate):
    from nnbook import SGD, train
    from nnbook.handout import handout_network

    network = handout_network()
    before = network.copy()
    learners = [
        lambda: network.train_step([1.0, 3.0, 5.0], [1.0], rate),
        lambda: SGD(rate),
        lambda: train(network, [([1.0, 3.0, 5.0], [1.0])], epochs=1, learning_rate=rate),
        lambda: descent_path(tiny_network(), TWO_VALLEYS, TINY_FIRST, TINY_SECOND, (0.0, 0.0), learning_rate=rate),
    ]
    for learn in learners:
        with pytest.raises(ValueError, match="learning_rate must be 0 or more"):
            learn()
    assert (network.weights, network.biases) == (before.weights, before.biases)
