"""Chapter "Activation functions": its two figures are drawn from real nnbook objects (added for coverage)."""

import pytest

pytest.importorskip("matplotlib")

from support.figures import draw_node, plot_activations  # noqa: E402


def test_draw_node_shows_the_inputs_and_the_activation_curve():
    fig = draw_node([1, 3, 5], [0.5, 1.2, -0.3], activation="sigmoid", bias=0.1)
    node, curve = fig.axes
    texts = [text.get_text() for text in node.texts]
    assert any("a = 0.9" in text for text in texts)
    assert len(curve.lines) == 2  # the curve and the node's point on it


def test_plot_activations_draws_each_function_and_its_slope():
    fig = plot_activations(["sigmoid", "relu"])
    assert len(fig.axes) == 4
    assert [ax.get_title() for ax in fig.axes[:2]] == ["sigmoid", "relu"]
