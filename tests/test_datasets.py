"""The data sets of chapter "Reading handwritten digits": shapes, seeds, splits, errors."""

import builtins

import pytest
from hypothesis import given
from hypothesis import strategies as st

pytest.importorskip("sklearn")

from nnbook.datasets import Split, circles, digits, moons, one_hot, split
from nnbook.problems import ring


@pytest.fixture(scope="module")
def all_digits():
    return digits()


def test_digits_are_1797_images_of_64_pixels_in_0_1_with_one_hot_targets(all_digits):
    assert len(all_digits) == 1797
    for inputs, targets in all_digits:
        assert len(inputs) == 64 and all(type(p) is float and 0.0 <= p <= 1.0 for p in inputs)
        assert len(targets) == 10 and sorted(targets) == [0.0] * 9 + [1.0]
    # The brightest pixel of the data set is full ink, so the scaling reaches 1.
    assert max(max(inputs) for inputs, _ in all_digits) == 1.0


def test_digits_cover_every_class_about_equally(all_digits):
    counts = [0] * 10
    for _, targets in all_digits:
        counts[targets.index(1.0)] += 1
    assert min(counts) >= 170 and max(counts) <= 190


def test_digits_are_plain_python_lists(all_digits):
    inputs, targets = all_digits[0]
    assert type(inputs) is list and type(targets) is list


@pytest.mark.parametrize("make", [moons, ring])
def test_two_class_generators_give_points_in_the_plane_with_0_1_targets(make):
    examples = make(count=50, seed=3)
    assert len(examples) == 50
    assert all(len(x) == 2 and all(type(v) is float for v in x) for x, _ in examples)
    assert {y[0] for _, y in examples} == {0.0, 1.0}
    assert make(count=50, seed=3) == examples
    assert make(count=50, seed=4) != examples


def test_circles_is_now_ring_and_says_so():
    with pytest.warns(DeprecationWarning, match="replaced by ring"):
        examples = circles(count=200, noise=0.0, factor=0.3, seed=0)
    assert examples == ring(200, radius=0.3, seed=0)
    for (x, y), (label,) in examples:
        radius = (x * x + y * y) ** 0.5
        assert (radius < 0.3) == (label == 1.0)
    with pytest.warns(DeprecationWarning):
        noisy = circles(count=50, noise=0.2, factor=0.5, seed=3)
    assert noisy == ring(50, radius=0.5, label_noise=0.2, seed=3)


def test_datasets_hands_on_the_one_split():
    from nnbook import problems

    assert split is problems.split and Split is problems.Split


@pytest.mark.parametrize(
    "call, error",
    [
        (lambda: moons(count=1), ValueError),
        (lambda: moons(count=2.5), TypeError),
        (lambda: moons(noise=-0.1), ValueError),
        (lambda: moons(seed=-1), ValueError),
        (lambda: circles(factor=1.0), ValueError),
        (lambda: circles(noise="a lot"), TypeError),
        (lambda: circles(noise=2.0), ValueError),
        (lambda: one_hot(10, 10), ValueError),
        (lambda: one_hot(1.0, 10), TypeError),
    ],
)
@pytest.mark.filterwarnings("ignore:circles is replaced:DeprecationWarning")
def test_bad_arguments_are_refused_with_a_clear_error(call, error):
    with pytest.raises(error):
        call()


def test_one_hot_marks_the_label():
    assert one_hot(0, 3) == [1.0, 0.0, 0.0]


def examples_of(count):
    return [([float(i)], [0.0]) for i in range(count)]


@given(count=st.integers(3, 400), validation=st.floats(0, 0.45), test=st.floats(0, 0.45), seed=st.integers(0, 10**6))
def test_split_parts_have_the_right_sizes_and_share_nothing(count, validation, test, seed):
    examples = examples_of(count)
    parts = split(examples, validation=validation, test=test, seed=seed)
    assert isinstance(parts, Split)
    assert len(parts.validation) == round(count * validation)
    assert len(parts.test) == round(count * test)
    assert len(parts.train) == count - len(parts.validation) - len(parts.test) >= 1
    together = sorted(x[0] for x, _ in parts.train + parts.validation + parts.test)
    assert together == [float(i) for i in range(count)]


def test_split_is_repeatable_with_a_seed_and_different_with_another():
    examples = examples_of(100)
    assert split(examples, seed=7) == split(examples, seed=7)
    assert split(examples, seed=7).train != split(examples, seed=8).train


def test_split_leaves_its_input_alone():
    examples = examples_of(20)
    split(examples, seed=1)
    assert examples == examples_of(20)


@pytest.mark.parametrize(
    "arguments, error",
    [
        ({"validation": 0.5, "test": 0.5}, ValueError),
        ({"validation": 1.0}, ValueError),
        ({"test": -0.1}, ValueError),
        ({"test": "0.2"}, TypeError),
        ({"seed": 1.5}, TypeError),
    ],
)
def test_split_refuses_impossible_fractions(arguments, error):
    with pytest.raises(error):
        split(examples_of(10), **arguments)


def test_split_refuses_no_examples_and_non_lists():
    with pytest.raises(ValueError):
        split([])
    with pytest.raises(TypeError):
        split("examples")


def test_a_missing_scikit_learn_is_named_in_the_error(monkeypatch):
    real_import = builtins.__import__

    def without_sklearn(name, *args, **kwargs):
        if name == "sklearn" or name.startswith("sklearn."):
            raise ImportError(name)
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", without_sklearn)
    with pytest.raises(ImportError, match=r"nnbook\[data\]"):
        moons()
