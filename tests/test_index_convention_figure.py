"""The notation figures: weights[0][k][i] sits in row k; blame is drawn flowing back."""

import pytest

pytest.importorskip("matplotlib")

from support.figures import draw_index_convention  # noqa: E402


def test_each_row_of_the_table_is_one_receiving_node():
    rows = [[0.5, 1.2, -0.3], [-0.4, 0.1, 0.2]]
    fig = draw_index_convention(rows, node=1)
    net, table = fig.axes
    # The numbers of row k sit on one line of the table, in the order of i.
    placed = {text.get_text(): text.get_position() for text in table.texts}
    for row in rows:
        heights = {placed[f"{w:g}"][1] for w in row}
        assert len(heights) == 1
        lefts = [placed[f"{w:g}"][0] for w in row]
        assert lefts == sorted(lefts)
    assert placed["0.5"][1] > placed["-0.4"][1]  # row 0 above row 1
    # The chosen node is h2: its arrows, its row and the alt text say so.
    assert "weights[0][1][0] = -0.4" in " ".join(placed)
    assert "the row of h2, -0.4, 0.1, 0.2, is highlighted" in fig.alt_text
    arrows = [text.arrow_patch for text in net.texts if hasattr(text, "arrow_patch")]
    thick = [arrow for arrow in arrows if arrow.get_linewidth() > 2]
    assert len(arrows) == 3 * 2 and len(thick) == 3


def test_blame_flows_back_from_the_output_to_the_hidden_node():
    from support.figures import draw_hidden_delta

    fig = draw_hidden_delta(0.192, [0.8, 0.5, 0.1, 0.6], 0.93, node=1)
    (ax,) = fig.axes
    arrows = [text for text in ax.texts if hasattr(text, "arrow_patch")]
    blamed = [a for a in arrows if a.arrow_patch.get_arrowstyle().__class__.__name__
              != "Curve"]
    assert len(arrows) == 4 and len(blamed) == 1
    # The arrow starts at the output node (right) and points at h2 (left).
    (start_x, _), (end_x, end_y) = blamed[0].xyann, blamed[0].xy
    assert start_x > end_x
    assert end_y == pytest.approx(1.2 * 4 - 0.6 - 1.2)
    # No label smaller than body text, none in light grey.
    for text in ax.texts:
        if text.get_text():
            assert text.get_fontsize() >= 10
            assert text.get_color() in ("black", "#444444")
    assert "only the connection from h2, weight 0.5" in fig.alt_text
