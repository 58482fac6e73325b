"""Chapter "How do we know it works?": the gradient checker itself, its faulty backward passes and figures."""

import math

import pytest

from nnbook import Network, backward
from nnbook.gradcheck import (
    GradientReport,
    backprop_gradient,
    check_gradients,
    compare_gradients,
    numerical_gradient,
    relative_error,
)
from nnbook.handout import INPUTS, LABEL, handout_backward, handout_network
from support.faulty import backward_with_net_input_slope, backward_with_updated_weights

EXAMPLE = (list(INPUTS), [LABEL])


def test_a_single_sigmoid_node_has_the_textbook_slope():
    # L = (y - σ(w·x))², so ∂L/∂w_i = -2(y - a)·a(1 - a)·x_i.
    network = Network.from_weights([[[0.5, 1.2, -0.3]]])
    a = network.predict([1, 3, 5])[0]
    expected = [-2 * (1 - a) * a * (1 - a) * x for x in (1, 3, 5)]
    for gradient in (backprop_gradient(network, [1, 3, 5], [1]), numerical_gradient(network, [1, 3, 5], [1])):
        assert gradient[0][0][0] == pytest.approx(expected, rel=1e-8)
        assert gradient[1][0][0] == pytest.approx(expected[0], rel=1e-8)


def test_the_correct_backward_pass_passes_and_every_faulty_one_fails():
    network = handout_network()
    assert check_gradients(network, EXAMPLE).passed()
    assert check_gradients(network, EXAMPLE, backward=backward).passed()
    for faulty in (handout_backward, backward_with_updated_weights, backward_with_net_input_slope):
        report = check_gradients(network, EXAMPLE, backward=faulty)
        assert not report.passed()
        assert report.layers[0].largest > 1e-3  # the hidden layer is wrong ...
        assert report.layers[1].largest < 1e-6  # ... the output layer is right


def test_the_net_input_slip_is_harmless_for_relu():
    network = Network([3, 5, 4, 1], activation="relu", output_activation="identity", seed=3)
    example = ([0.5, -1.0, 2.0], [0.7])
    assert check_gradients(network, example, backward=backward_with_net_input_slope).passed()


def test_a_list_of_examples_sums_the_loss():
    network = Network([2, 3, 1], seed=4)
    examples = [([0.1, 0.2], [1.0]), ([0.5, -0.5], [0.0])]
    report = check_gradients(network, examples)
    one, two = (backprop_gradient(network, inputs, targets) for inputs, targets in examples)
    assert report.backprop[1] == [[a + b for a, b in zip(x, y)] for x, y in zip(one[1], two[1])]
    assert report.passed()


def test_forward_differences_are_less_precise_than_central_ones():
    network = handout_network()
    exact = backprop_gradient(network, *EXAMPLE)
    central = compare_gradients(exact, numerical_gradient(network, *EXAMPLE, epsilon=1e-4), 1e-4)
    forward = compare_gradients(exact, numerical_gradient(network, *EXAMPLE, epsilon=1e-4, scheme="forward"), 1e-4)
    assert max(c.largest for c in central) * 100 < max(c.largest for c in forward)


def test_the_report_prints_a_table_naming_the_worst_parameter():
    report = check_gradients(handout_network(), EXAMPLE, backward=handout_backward)
    text = str(report)
    assert text == repr(report)
    assert "worst parameter" in text and "weights[0]" in text
    assert f"{report.max_relative_error:.1e}" in text
    assert isinstance(report, GradientReport)


def test_relative_error_uses_the_floor_for_tiny_slopes():
    assert relative_error(0.0, 0.0) == 0.0
    assert relative_error(1e-13, 3e-13, floor=1e-8) == pytest.approx(2e-5)
    assert relative_error(1.0, -1.0) == 2.0


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ({"epsilon": 0.0}, "epsilon must be a small step"),
        ({"epsilon": 1.0}, "epsilon must be a small step"),
        ({"epsilon": float("nan")}, "epsilon must be a finite number"),
        ({"epsilon": 1e-300}, "epsilon must be large enough"),
        ({"floor": -1.0}, "floor must be greater than 0"),
        ({"backward": "backward"}, "backward must be a function"),
        ({"backward": lambda network, layers, targets: [[0.0]]}, "backward must return one delta per node"),
    ],
)
def test_bad_arguments_are_refused(arguments, message):
    network = handout_network()
    before = [network.weights, network.biases]
    with pytest.raises((TypeError, ValueError), match=message):
        check_gradients(network, EXAMPLE, **arguments)
    assert [network.weights, network.biases] == before


def test_bad_scheme_and_tolerance_are_refused():
    with pytest.raises(ValueError, match="scheme must be one of"):
        numerical_gradient(handout_network(), *EXAMPLE, scheme="backward")
    report = check_gradients(handout_network(), EXAMPLE)
    with pytest.raises(ValueError, match="tolerance must be greater than 0"):
        report.passed(0.0)


def test_an_infinite_loss_cannot_be_differentiated():
    network = Network([1, 1], activation="identity")
    with pytest.raises(ValueError, match="the loss must be finite"):
        numerical_gradient(network, [1e200], [-1e200])


def test_the_figures_of_the_chapter_are_drawn():
    pytest.importorskip("matplotlib")
    from support.figures import plot_gradient_checks, plot_gradient_error_vs_epsilon

    fig, best = plot_gradient_error_vs_epsilon(handout_network(), *EXAMPLE, epsilons=[1e-3, 1e-5, 1e-7])
    assert fig.axes and set(best) == {"central", "forward"}
    assert best["central"][0] in (1e-3, 1e-5, 1e-7) and math.isfinite(best["central"][1])
    reports = {"right": check_gradients(handout_network(), EXAMPLE),
               "wrong": check_gradients(handout_network(), EXAMPLE, backward=handout_backward)}
    fig = plot_gradient_checks(reports)
    assert len(fig.axes[0].patches) == 4  # two reports × two weight layers
