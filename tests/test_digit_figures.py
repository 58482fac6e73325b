"""Chapter "Reading handwritten digits": its figures are drawn from real networks and data."""

import matplotlib

matplotlib.use("Agg")

import pytest

from nnbook import Network
from nnbook.classification import confusion_matrix
from nnbook.datasets import moons
from nnbook.plotting import (
    plot_confusion_matrix,
    plot_decision_boundaries,
    plot_decision_boundary,
    plot_digits,
    plot_hidden_weights,
)

BLANK = [0.0] * 64
STROKE = [1.0 if i % 9 == 0 else 0.0 for i in range(64)]  # a diagonal line


def texts(fig) -> list[str]:
    return [text.get_text() for ax in fig.axes for text in ax.texts + [ax.title]]


def test_plot_digits_draws_one_titled_image_per_digit_and_blanks_the_rest():
    fig = plot_digits([BLANK, STROKE, STROKE], titles=["0", "1", "2"], columns=2)
    shown = [ax for ax in fig.axes if ax.images]
    assert len(shown) == 3
    assert shown[1].images[0].get_array().shape == (8, 8)
    assert {"0", "1", "2"} <= set(texts(fig))


def test_plot_digits_refuses_titles_of_the_wrong_length_and_non_square_images():
    with pytest.raises(ValueError, match="one title per image"):
        plot_digits([BLANK], titles=["a", "b"])
    with pytest.raises(ValueError, match="square number of pixels"):
        plot_digits([[0.0] * 10])


def test_confusion_matrix_figure_writes_every_nonzero_count():
    fig = plot_confusion_matrix([[5, 0, 1], [0, 7, 0], [2, 0, 9]])
    assert sorted(t for t in texts(fig) if t.isdigit()) == sorted(["5", "1", "7", "2", "9"])


def test_confusion_matrix_figure_handles_an_empty_matrix_of_zeros():
    assert plot_confusion_matrix([[0, 0], [0, 0]]).axes


def test_hidden_weights_are_drawn_as_images_of_the_input_shape():
    network = Network([64, 3, 10], seed=0)
    fig = plot_hidden_weights(network, columns=2)
    shown = [ax for ax in fig.axes if ax.images]
    assert len(shown) == 3
    assert shown[0].images[0].get_array().shape == (8, 8)
    one = plot_hidden_weights(network, nodes=[2])
    assert [ax.get_title() for ax in one.axes if ax.images] == ["node 2"]


def test_decision_boundary_needs_two_inputs_and_one_output():
    with pytest.raises(ValueError, match="2 inputs and 1 output"):
        plot_decision_boundary(Network([3, 2, 1], seed=0), [([0.0, 0.0, 0.0], [1.0])])


def test_decision_boundaries_draw_one_panel_per_network_and_hide_spare_panels():
    examples = moons(count=20, seed=1)
    networks = {"a": Network([2, 3, 1], seed=0), "b": Network([2, 2, 1], seed=1)}
    fig = plot_decision_boundaries(networks, examples, columns=3)
    titles = [ax.get_title() for ax in fig.axes]
    assert titles[:2] == ["a", "b"]
    assert not fig.axes[2].axison


def test_confusion_matrix_counts_every_example_once():
    examples = moons(count=30, seed=2)
    matrix = confusion_matrix(Network([2, 3, 1], seed=0), examples)
    assert sum(map(sum, matrix)) == 30
