"""nnbook/step_check.py: the checker for the reader's own training step (chapter "Backpropagation").

A correct step passes; steps with the usual mistakes planted in them are
reported, each with the network, the first weight that differs and a hint.
"""

import copy
import math
import random

import pytest

from nnbook import from_scratch
from nnbook.from_scratch import Numbers, Weights, forward
from nnbook.step_check import (
    HIDDEN_HINT,
    OUTPUT_HINT,
    TOLERANCE,
    compare_with_nnbook,
    random_case,
)


def output_deltas(layers: Numbers, targets: list[float]) -> list[float]:
    return [2 * (y - a) * a * (1 - a) for y, a in zip(targets, layers[-1])]


def update(weights: Weights, biases: Numbers, layers: Numbers, deltas: Numbers, rate: float,
           which: range) -> None:
    for layer in which:
        for k, delta in enumerate(deltas[layer]):
            for i, a in enumerate(layers[layer]):
                weights[layer][k][i] += rate * delta * a
            biases[layer][k] += rate * delta


def step_with(hidden_blame, slope=lambda a: a * (1 - a)):
    """A step whose hidden deltas are slope(a_h)·hidden_blame(weights, layer, h, deltas)."""

    def step(weights, biases, inputs, targets, rate):
        layers = forward(weights, biases, inputs)
        deltas = [output_deltas(layers, targets)]
        for layer in range(len(weights) - 1, 0, -1):
            blames = [hidden_blame(weights, layer, h, deltas[0]) for h in range(len(layers[layer]))]
            deltas.insert(0, [slope(a) * b for a, b in zip(layers[layer], blames)])
        update(weights, biases, layers, deltas, rate, range(len(weights)))

    return step


def column(weights, layer, h, next_deltas):
    return sum(d * weights[layer][k][h] for k, d in enumerate(next_deltas))


def row_sums(weights, layer, h, next_deltas):
    """The handout's slip 1: every row of weights into the next layer, summed."""
    return sum(d * sum(weights[layer][k]) for k, d in enumerate(next_deltas))


def update_too_early(weights, biases, inputs, targets, rate):
    """The handout's slip 2: each layer's weights move before the deltas behind it."""
    layers = forward(weights, biases, inputs)
    deltas = output_deltas(layers, targets)
    for layer in range(len(weights) - 1, -1, -1):
        layer_deltas = [[] for _ in weights]
        layer_deltas[layer] = deltas
        update(weights, biases, layers, layer_deltas, rate, range(layer, layer + 1))
        if layer:
            deltas = [a * (1 - a) * column(weights, layer, h, deltas) for h, a in enumerate(layers[layer])]


def test_the_books_steps_pass():
    assert compare_with_nnbook(from_scratch.train_step) == "All 20 random networks took the same step as nnbook."
    assert compare_with_nnbook(step_with(column), networks=50, seed=3).startswith("All 50 ")


@pytest.mark.parametrize(
    "step, hint",
    [
        (step_with(row_sums), HIDDEN_HINT),
        (step_with(column, slope=lambda a: 1.0), HIDDEN_HINT),
        (update_too_early, HIDDEN_HINT),
    ],
    ids=["row instead of column", "no slope factor", "update before all deltas"],
)
def test_each_usual_mistake_is_reported_with_where_and_a_hint(step, hint):
    report = compare_with_nnbook(step)
    assert report.startswith("Network ")
    assert "network with learning rate" in report
    assert "weights[" in report and "should be" in report and "but is" in report
    assert report.endswith(hint)
    assert "row instead of a column" in report  # the hint names the handout's slip


def test_the_reported_numbers_are_nnbooks_and_the_readers():
    def too_far(weights, biases, inputs, targets, rate):
        from_scratch.train_step(weights, biases, inputs, targets, rate)
        weights[-1][0][0] += 1.0

    report = compare_with_nnbook(too_far)
    assert report.startswith("Network 1, ")
    sizes, weights, biases, inputs, targets, rate = random_case(random.Random(0))
    from_scratch.train_step(weights, biases, inputs, targets, rate)
    last = len(weights) - 1
    expected = weights[last][0][0]
    assert f"weights[{last}][0][0] should be {expected:.9f} but is {expected + 1:.9f}" in report
    assert report.endswith(OUTPUT_HINT)


def test_a_wrong_output_delta_and_a_step_that_makes_nan_are_reported():
    def no_factor_two(weights, biases, inputs, targets, rate):
        layers = forward(weights, biases, inputs)
        deltas = [[(y - a) * a * (1 - a) for y, a in zip(targets, layers[-1])]]
        for layer in range(len(weights) - 1, 0, -1):
            deltas.insert(0, [a * (1 - a) * column(weights, layer, h, deltas[0])
                              for h, a in enumerate(layers[layer])])
        update(weights, biases, layers, deltas, rate, range(len(weights)))

    assert f"weights[{len(random_case(random.Random(0))[1]) - 1}]" in compare_with_nnbook(no_factor_two)

    def makes_nan(weights, biases, inputs, targets, rate):
        from_scratch.train_step(weights, biases, inputs, targets, rate)
        biases[0][0] = math.nan

    assert "biases[0][0] should be" in compare_with_nnbook(makes_nan)


def test_random_cases_have_hidden_layers_and_are_reproducible():
    rng = random.Random(7)
    cases = [random_case(rng) for _ in range(200)]
    assert {len(case[0]) for case in cases} == {3, 4}
    for sizes, weights, biases, inputs, targets, rate in cases:
        assert [len(weights[0][0]), *(len(layer) for layer in weights)] == sizes
        assert [len(layer) for layer in biases] == sizes[1:]
        assert len(inputs) == sizes[0] and len(targets) == sizes[-1] and 0 < rate <= 1
    assert random_case(random.Random(7)) == copy.deepcopy(cases[0])
    assert TOLERANCE < 1e-6
