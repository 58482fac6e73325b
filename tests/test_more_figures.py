"""Figures of chapters 4, 5 and 14 in their less common variants, and ``python -m nnbook``."""

import runpy

import matplotlib

matplotlib.use("Agg")

import pytest

from nnbook import Network, train
from nnbook.datasets import xor
from nnbook.plotting import plot_history
from support.figures import (
    draw_matrix_vector,
    draw_outer_product,
    draw_transpose,
    plot_delta_sizes,
)


def all_text(fig) -> str:
    return " ".join(t.get_text() for ax in fig.axes for t in [*ax.texts, ax.title, ax.yaxis.label])


def test_plot_history_shows_validation_and_accuracy_panels_with_a_log_scale():
    network = Network([2, 3, 1], seed=0)
    history = train(network, xor(), epochs=3, learning_rate=0.5, seed=0, validation=xor())
    fig = plot_history(history, title="XOR", log=True)
    assert len(fig.axes) == 2
    assert fig.axes[0].get_yscale() == "log"
    assert [line.get_label() for line in fig.axes[1].lines] == ["training", "validation"]
    assert fig._suptitle.get_text() == "XOR"


def test_plot_delta_sizes_draws_one_line_per_network_with_one_point_per_layer():
    networks = {"sigmoid": Network([2, 3, 3, 1], seed=0), "relu": Network([2, 3, 3, 1], activation="relu", seed=0)}
    fig = plot_delta_sizes(networks, xor())
    lines = fig.axes[0].lines
    assert [line.get_label() for line in lines] == ["sigmoid", "relu"]
    assert all(len(line.get_xdata()) == 3 for line in lines)


def test_matrix_figures_show_the_products_they_explain():
    weights = [[0.5, 1.2, -0.3], [0.1, 0.2, 0.3]]
    assert "2.6" in all_text(draw_matrix_vector(weights, [1, 3, 5], biases=[0.0, 0.0], highlight=0))
    assert "0.2" in all_text(draw_outer_product([0.1, -0.2], [2.0, 1.0], learning_rate=1.0))
    assert all_text(draw_transpose(weights, column=1))


def test_python_dash_m_nnbook_runs_the_command_line(capsys, monkeypatch):
    monkeypatch.setattr("sys.argv", ["nnbook", "--help"])
    with pytest.raises(SystemExit) as stop:
        runpy.run_module("nnbook", run_name="__main__")
    assert stop.value.code == 0
    assert "walkthrough" in capsys.readouterr().out
