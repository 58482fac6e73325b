"""Chapter "Reading handwritten digits": a small network learns to read digits, fast.

The full run (≥ 97% test accuracy) is in the book; here a small network trains
for two epochs and must beat guessing (10%) by a wide margin.
"""

import math
import time

import pytest
from hypothesis import given
from hypothesis import strategies as st

pytest.importorskip("sklearn")

from nnbook import Network, backward, train
from nnbook.classification import confusion_matrix, mistakes, predicted_class
from nnbook.datasets import digits, split
from nnbook.training import evaluate
from support.speed import (
    examples_per_second,
    net_input_by_index,
    net_input_mapped,
    seconds_per_call,
    silent_share,
)


@pytest.fixture(scope="module")
def parts():
    return split(digits(), validation=0.15, test=0.15, seed=0)


@pytest.fixture(scope="module")
def trained(parts):
    network = Network([64, 16, 10], activation="relu", seed=0, init="he", output_activation="sigmoid")
    start = time.perf_counter()
    history = train(network, parts.train[:600], epochs=2, learning_rate=0.1, seed=0, validation=parts.validation)
    return network, history, time.perf_counter() - start


def test_a_small_network_beats_chance_by_a_wide_margin_after_two_epochs(parts, trained):
    network, history, seconds = trained
    _, accuracy = evaluate(network, parts.test)
    assert accuracy > 0.6  # guessing gets 10%; this network gets about 90%
    assert history.validation_accuracy[-1] > 0.6
    assert seconds < 10


def test_the_confusion_matrix_counts_every_example_once_with_right_answers_on_the_diagonal(parts, trained):
    network, _, _ = trained
    matrix = confusion_matrix(network, parts.test)
    assert len(matrix) == 10 and all(len(row) == 10 for row in matrix)
    assert sum(map(sum, matrix)) == len(parts.test)
    _, accuracy = evaluate(network, parts.test)
    assert math.isclose(sum(matrix[k][k] for k in range(10)) / len(parts.test), accuracy)
    # Row k holds the examples whose true digit is k.
    for k in range(10):
        assert sum(matrix[k]) == sum(1 for _, y in parts.test if y[k] == 1.0)


def test_mistakes_are_exactly_the_off_diagonal_examples(parts, trained):
    network, _, _ = trained
    wrong = mistakes(network, parts.test)
    matrix = confusion_matrix(network, parts.test)
    assert len(wrong) == len(parts.test) - sum(matrix[k][k] for k in range(10))
    for index, true, guess in wrong:
        inputs, targets = parts.test[index]
        assert true == predicted_class(targets) != guess == predicted_class(network.predict(inputs))


def test_predicted_class_reads_one_output_as_a_yes_no_answer():
    assert [predicted_class([0.2]), predicted_class([0.7]), predicted_class([0.1, 0.3, 0.2])] == [0, 1, 1]
    with pytest.raises(ValueError):
        predicted_class([])
    with pytest.raises(TypeError):
        predicted_class([0.1, "0.9"])


def test_confusion_matrix_refuses_examples_that_do_not_fit_the_network():
    with pytest.raises(ValueError):
        confusion_matrix(Network([2, 3, 1], seed=0), [([1.0, 2.0, 3.0], [1.0])])


finite = st.floats(-1e3, 1e3)


@given(st.lists(st.tuples(finite, finite), min_size=1, max_size=70), finite)
def test_the_mapped_net_input_equals_the_loop(pairs, bias):
    inputs = [x for x, _ in pairs]
    weights = [w for _, w in pairs]
    assert math.isclose(net_input_mapped(inputs, weights, bias), net_input_by_index(inputs, weights, bias),
                        rel_tol=1e-9, abs_tol=1e-6)


def test_speed_helpers_measure_something_sensible(parts):
    network = Network([64, 8, 10], activation="relu", seed=0)
    assert 0.0 < seconds_per_call(sum, [1.0] * 64, repeat=1) < 0.01
    rate = examples_per_second(network, parts.train[:100], repeat=1)
    assert rate > 50
    before = [row[:] for row in network.weights[0]]
    assert network.weights[0] == before  # measuring trains a copy
    share = silent_share(network, parts.train[:50])
    assert 0.0 < share < 1.0
    with pytest.raises(ValueError):
        silent_share(Network([64, 10], seed=0), parts.train[:5])


def test_skipping_zero_deltas_and_zero_inputs_changes_no_result(parts):
    """train_step leaves out weights whose change α·δ·a is 0; the result must be exactly the full update."""
    network = Network([64, 12, 10], activation="relu", output_activation="softmax", loss="cross_entropy",
                      init="he", seed=1)
    rate = 0.05
    for inputs, targets in parts.train[:20]:
        layers = network.forward(inputs)
        deltas = backward(network, layers, targets)
        assert 0.0 in inputs and any(0.0 in layer_deltas for layer_deltas in deltas[:-1])  # there is work to skip
        expected = [
            [[w + rate * (delta * a) for w, a in zip(row, previous)] for row, delta in zip(layer, layer_deltas)]
            for layer, layer_deltas, previous in zip(network.weights, deltas, layers)
        ]
        network.train_step(inputs, targets, rate)
        assert network.weights == expected
