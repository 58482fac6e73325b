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
    plot_decision_regions,
    plot_digits,
)
from support.figures import plot_hidden_weights

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
    assert [ax.get_title() for ax in one.axes if ax.images] == ["h3"]
    # One colour scale for every image, shown by a colour bar of its own.
    assert len({image.get_clim() for ax in fig.axes for image in ax.images}) == 1
    assert len(fig.axes) == 2 * 2 + 1


def test_shaded_decision_regions_need_two_inputs_and_one_output():
    with pytest.raises(ValueError, match="2 inputs and 1 output"):
        three_classes = [([0.0, 0.0], [1.0, 0.0, 0.0])]
        plot_decision_regions(Network([2, 2, 3], seed=0), three_classes,
                              shade_output=True)
    with pytest.raises(ValueError, match="2 inputs"):
        three_inputs = {"three inputs": Network([3, 2, 1], seed=0)}
        plot_decision_regions(three_inputs, [([0.0, 0.0, 0.0], [1.0])])
    with pytest.raises(ValueError, match="a network and an example"):
        plot_decision_regions({}, [([0.0, 0.0], [1.0])])


def test_decision_regions_draw_one_panel_per_network_and_hide_spare_panels():
    examples = moons(count=20, seed=1)
    networks = {"a": Network([2, 3, 1], seed=0), "b": Network([2, 2, 1], seed=1)}
    fig = plot_decision_regions(networks, examples, resolution=6, columns=3,
                                shade_output=True)
    titles = [ax.get_title() for ax in fig.axes]
    assert titles[:2] == ["a", "b"]
    assert not fig.axes[2].axison
    assert fig.axes[0].collections, "the output is shaded and the 0.5 line drawn"


def test_the_old_decision_boundary_names_still_work_and_say_what_replaced_them():
    examples = moons(count=10, seed=1)
    network = Network([2, 2, 1], seed=0)
    with pytest.warns(DeprecationWarning, match="replaced by plot_decision_regions"):
        fig = plot_decision_boundaries({"a": network, "b": network}, examples)
    assert [ax.get_title() for ax in fig.axes][:2] == ["a", "b"]
    with pytest.warns(DeprecationWarning, match="replaced by plot_decision_regions"):
        alone = plot_decision_boundary(network, examples, "alone")
    assert alone.axes[0].get_title() == "alone"
    with pytest.warns(DeprecationWarning):
        assert plot_decision_boundary(network, examples, "into", ax=fig.axes[2]) is fig
    three_inputs = Network([3, 2, 1], seed=0)
    refused = pytest.raises(ValueError, match="2 inputs and 1")
    with pytest.warns(DeprecationWarning), refused:
        plot_decision_boundary(three_inputs, [([0.0, 0.0, 0.0], [1.0])], ax=fig.axes[2])


def test_confusion_matrix_counts_every_example_once():
    examples = moons(count=30, seed=2)
    matrix = confusion_matrix(Network([2, 3, 1], seed=0), examples)
    assert sum(map(sum, matrix)) == 30
