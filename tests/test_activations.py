"""Chapter "Activation functions": the handout's numbers and the properties of f and f'."""

import math
import sys

import pytest
from hypothesis import given
from hypothesis import strategies as st

import nnbook
from nnbook import Network, fast
from nnbook import (
    identity,
    identity_derivative,
    net_input,
    relu,
    relu_derivative,
    sigmoid,
    sigmoid_derivative,
    weighted_inputs,
)

INPUTS = [1, 3, 5]
WEIGHTS_INTO_H1 = [0.5, 1.2, -0.3]
finite = st.floats(allow_nan=False, allow_infinity=False)


def seven_digits(x: float) -> float:
    """Round to 7 significant digits, the handout's printing."""
    return float(f"{x:.7g}")


def test_handout_weighted_inputs_and_net_input():
    assert [seven_digits(v) for v in weighted_inputs(INPUTS, WEIGHTS_INTO_H1)] == [0.5, 3.6, -1.5]
    assert seven_digits(net_input(INPUTS, WEIGHTS_INTO_H1)) == 2.6


def test_handout_activations_of_h1():
    z = net_input(INPUTS, WEIGHTS_INTO_H1)
    assert seven_digits(sigmoid(z)) == 0.9308616
    assert seven_digits(relu(z)) == 2.6


def test_bias_is_added_to_the_net_input():
    assert net_input(INPUTS, WEIGHTS_INTO_H1, bias=-2.6) == pytest.approx(0.0, abs=1e-12)


@given(finite)
def test_sigmoid_stays_in_the_unit_interval_for_every_float(x):
    assert 0.0 <= sigmoid(x) <= 1.0


@given(finite, finite)
def test_sigmoid_is_monotone(x, y):
    low, high = sorted((x, y))
    assert sigmoid(low) <= sigmoid(high)


@given(finite)
def test_relu_is_never_negative(x):
    assert relu(x) >= 0.0
    assert relu(x) == max(0.0, x)


@given(finite)
def test_identity_returns_its_input(x):
    assert identity(x) == x
    assert identity_derivative(identity(x)) == 1.0


def central_difference(f, x, epsilon=1e-6):
    return (f(x + epsilon) - f(x - epsilon)) / (2 * epsilon)


@given(st.floats(-20, 20))
def test_sigmoid_derivative_matches_a_finite_difference(x):
    assert sigmoid_derivative(sigmoid(x)) == pytest.approx(central_difference(sigmoid, x), abs=1e-8)


@given(st.floats(-20, 20).filter(lambda x: abs(x) > 1e-3))
def test_relu_derivative_matches_a_finite_difference_away_from_the_corner(x):
    assert relu_derivative(relu(x)) == pytest.approx(central_difference(relu, x, epsilon=1e-4), abs=1e-6)


@given(st.floats(-20, 20))
def test_identity_derivative_matches_a_finite_difference(x):
    assert identity_derivative(identity(x)) == pytest.approx(central_difference(identity, x), rel=1e-6)


@pytest.mark.parametrize("x", [-sys.float_info.max, -1000.0, -710.0, -709.79, 709.79, 710.0, sys.float_info.max])
def test_sigmoid_never_overflows(x):
    value = sigmoid(x)
    assert not math.isnan(value)
    assert value == (0.0 if x < 0 else 1.0) or 0 < value < 1


# The activation functions are teaching code and trust their arguments; the
# checks sit at the doors (chapter "Guarding the doors"). A network's doors
# refuse what the functions would choke on.


@pytest.mark.parametrize("bad", ["2.6", None, [1.0], True])
def test_a_prediction_refuses_non_numbers_with_a_type_error(bad):
    with pytest.raises(TypeError, match="must be a real number"):
        Network([1, 1]).predict([bad])


@pytest.mark.parametrize("bad", [math.nan, math.inf, -math.inf, 10**400])
def test_a_prediction_refuses_non_finite_numbers_with_a_value_error(bad):
    with pytest.raises(ValueError, match="must be a finite number"):
        Network([1, 1]).predict([bad])


def test_mismatched_lengths_are_refused():
    with pytest.raises(ValueError, match="zip"):
        net_input([1, 3, 5], [0.5, 1.2])
    with pytest.raises(ValueError, match="inputs must have 3 values, got 2"):
        Network([3, 1]).predict([1, 3])


def test_inputs_must_be_a_list():
    with pytest.raises(TypeError, match="inputs must be a list of numbers, got str"):
        Network([3, 1]).predict("1, 3, 5")


def test_unknown_activation_names_the_choices():
    with pytest.raises(ValueError, match="activation must be one of"):
        nnbook.get_activation("softplus")
    with pytest.raises(TypeError, match="activation must be a name"):
        nnbook.get_activation(sigmoid)


# --- chapter "Reading handwritten digits": whole layers at once ---------------------------------

ELEMENTWISE = [name for name, activation in nnbook.activations.ACTIVATIONS.items() if activation.elementwise]
ELEMENTWISE_SORTED = sorted(ELEMENTWISE)


def same(x: float, y: float) -> bool:
    return x == y or (math.isnan(x) and math.isnan(y))


@pytest.mark.parametrize("name", ELEMENTWISE)
@given(zs=st.lists(finite, max_size=8))
def test_a_layer_at_once_gives_the_node_by_node_activations(name, zs):
    activation = nnbook.get_activation(name)
    expected = [activation.function(z) for z in zs]
    assert all(map(same, activation.apply(zs), expected))
    assert all(map(same, fast.LAYER_FUNCTIONS[name](list(zs)), expected))  # chapter 13's fast path


@pytest.mark.parametrize("name", ELEMENTWISE)
@given(pairs=st.lists(st.tuples(finite, finite), max_size=8))
def test_times_slope_is_the_slope_times_the_value_node_by_node(name, pairs):
    activation = nnbook.get_activation(name)
    activations = [a for a, _ in pairs]
    values = [v for _, v in pairs]
    products = activation.times_slope(activations, values)
    assert len(products) == len(pairs)
    assert all(map(same, products, [activation.derivative(a) * v for a, v in pairs]))
    assert all(map(same, fast.LAYER_SLOPES[name](activations, values), products))  # chapter 13


@pytest.mark.parametrize("name", ELEMENTWISE)
def test_a_layer_at_once_returns_a_new_list(name):
    activation = nnbook.get_activation(name)
    zs = [0.5, -1.0]
    assert activation.apply(zs) is not zs
    assert activation.times_slope([0.5, 0.2], zs) is not zs
    assert zs == [0.5, -1.0]


def test_every_elementwise_activation_has_a_layer_at_once_version_in_the_fast_path():
    assert sorted(ELEMENTWISE) == ["identity", "relu", "sigmoid", "tanh"]
    assert sorted(fast.LAYER_FUNCTIONS) == sorted(fast.LAYER_SLOPES) == ELEMENTWISE_SORTED
    for name in ELEMENTWISE:  # the fast path keeps its own: chapter 1's stay as they were
        assert type(nnbook.get_activation(name)) is nnbook.activations.Activation, name


def test_softmax_has_no_slope_per_node():
    with pytest.raises(ValueError, match="whole layer"):
        nnbook.get_activation("softmax").times_slope([0.5, 0.5], [1.0, 1.0])
