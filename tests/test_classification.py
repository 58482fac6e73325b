"""One class-decision rule: ``predicted_class`` on lists and ``count_correct`` on batches agree."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from nnbook.classification import count_correct, predicted_class

np = pytest.importorskip("numpy")

# Values on a coarse grid, so that ties (equal largest outputs, outputs of exactly 0.5) come up often.
VALUES = st.sampled_from([0.0, 0.25, 0.5, 0.75, 1.0])


@st.composite
def batches(draw: st.DrawFn) -> tuple[list[list[float]], list[list[float]]]:
    width = draw(st.integers(1, 4))
    rows = draw(st.integers(1, 6))
    row = st.lists(VALUES, min_size=width, max_size=width)
    return draw(st.lists(row, min_size=rows, max_size=rows)), draw(st.lists(row, min_size=rows, max_size=rows))


def by_the_list_rule(outputs: list[list[float]], targets: list[list[float]]) -> int:
    return sum(predicted_class(o) == predicted_class(t) for o, t in zip(outputs, targets))


@given(batches())
def test_count_correct_on_numpy_arrays_follows_predicted_class(batch):
    outputs, targets = batch
    assert count_correct(np.array(outputs), np.array(targets)) == by_the_list_rule(outputs, targets)


@given(batches())
def test_count_correct_on_torch_tensors_follows_predicted_class(batch):
    torch = pytest.importorskip("torch")
    outputs, targets = batch
    as_tensor = torch.tensor
    assert count_correct(as_tensor(outputs), as_tensor(targets)) == by_the_list_rule(outputs, targets)


def test_predicted_class_breaks_ties_towards_the_first_node_and_half_towards_0():
    assert predicted_class([0.3, 0.7, 0.7]) == 1
    assert predicted_class([0.5]) == 0
    assert predicted_class([0.5000001]) == 1
