"""The doors of chapter "Guarding the doors" (issue 15, findings 7, 8 and 11).

7. ``predict``, ``evaluate`` and training never return or report NaN or
   infinity as a result, and an overflow is not blamed on the learning rate
   when the learning rate is 0.
8. Targets are checked against the loss (probabilities for binary
   cross-entropy; probabilities that add up to 1 for cross-entropy) for the
   whole data set before the first step, and by ``evaluate``.
11. A step is all or nothing, even when it is interrupted (Ctrl-C) halfway;
    weights and biases given a wrong shape by hand are refused at every door.
"""

import math
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import nnbook
from nnbook import Network, TrainingDiverged, evaluate, train

PACKAGE = str(Path(nnbook.__file__).resolve().parent)


def snapshot(network: Network) -> str:
    return repr([network.weights, network.biases])


def overflowing() -> Network:
    """An identity network whose output is inf - inf = NaN for the inputs below."""
    return Network.from_weights([[[1e308, 1e308]]], activation="identity")


# --- 7: no NaN or infinity as a result -----------------------------------------


def test_evaluate_refuses_a_nan_loss_instead_of_reporting_it():
    # Was (nan, 1.0): a NaN loss with 100% accuracy.
    with pytest.raises(ValueError, match="too large"):
        evaluate(overflowing(), [([1e308, -1e308], [0.0])])


def test_predict_refuses_an_infinite_output():
    # Was [inf] from an identity output.
    network = Network.from_weights([[[1e200]]], activation="identity")
    with pytest.raises(ValueError, match="overflowed"):
        network.predict([1e200])


def test_an_overflow_at_learning_rate_zero_is_not_blamed_on_the_learning_rate():
    network = Network.from_weights([[[1e200]]], activation="identity")
    before = snapshot(network)
    with pytest.raises(TrainingDiverged) as caught:
        network.train_step([1e200], [0.0], 0.0)
    assert "learning rate" not in str(caught.value)
    assert "too large" in str(caught.value)
    assert snapshot(network) == before


def test_training_reports_no_infinite_loss():
    network = Network.from_weights([[[1e200]]], activation="identity")
    with pytest.raises(TrainingDiverged):
        train(network, [([1e200], [0.0])], epochs=1)


# --- 8: targets that suit the loss, checked up front ------------------------------


def test_binary_cross_entropy_refuses_a_target_outside_0_to_1_before_any_step():
    # Was: trained to a loss of -27.6.
    network = Network([2, 1], loss="bce", seed=0)
    before = snapshot(network)
    data = [([0.0, 1.0], [1.0]), ([1.0, 0.0], [2.0])]
    with pytest.raises(ValueError, match=r"examples\[1\] targets\[0\] must be a probability"):
        train(network, data, epochs=1, shuffle=False)
    assert snapshot(network) == before


def test_cross_entropy_refuses_negative_targets():
    # Was: targets [2.0, -1.0] trained and "reached" its goal.
    network = Network([2, 2], output_activation="softmax", loss="cross_entropy", seed=0)
    with pytest.raises(ValueError, match="probability"):
        train(network, [([0.0, 1.0], [2.0, -1.0])], epochs=1)


def test_cross_entropy_refuses_targets_that_do_not_add_up_to_1_before_the_first_step():
    # Was: refused only at that example's own step, after the earlier steps were applied.
    network = Network([2, 2], output_activation="softmax", loss="cross_entropy", seed=0)
    before = snapshot(network)
    data = [([0.0, 1.0], [1.0, 0.0]), ([1.0, 0.0], [0.5, 0.4])]
    with pytest.raises(ValueError, match="add up to 1"):
        train(network, data, epochs=1, shuffle=False)
    assert snapshot(network) == before


def test_evaluate_checks_the_targets_against_the_loss():
    network = Network([2, 2], output_activation="softmax", loss="cross_entropy", seed=0)
    with pytest.raises(ValueError, match="add up to 1"):
        evaluate(network, [([0.0, 1.0], [0.5, 0.4])])
    with pytest.raises(ValueError, match="probability"):
        evaluate(Network([2, 1], loss="bce"), [([0.0, 1.0], [-1.0])])


def test_a_training_step_checks_the_targets_against_the_loss():
    with pytest.raises(ValueError, match="probability"):
        Network([2, 1], loss="bce").train_step([0.0, 1.0], [3.0], 0.1)


# --- 11: all or nothing, and shapes set by hand ------------------------------------


class Interrupt:
    """A tracer that raises KeyboardInterrupt at the n-th line nnbook runs, as Ctrl-C could."""

    def __init__(self, at: int | None):
        self.at = at
        self.lines = 0

    def __call__(self, frame: Any, event: str, arg: Any) -> Any:
        if not frame.f_code.co_filename.startswith(PACKAGE):
            return None
        if event == "line":
            self.lines += 1
            if self.lines == self.at:
                raise KeyboardInterrupt
        return self


def run_traced(step: Callable[[], object], at: int | None) -> int:
    tracer = Interrupt(at)
    previous = sys.gettrace()  # coverage's tracer, when coverage runs: give it back afterwards
    sys.settrace(tracer)
    try:
        step()
    except KeyboardInterrupt:
        pass
    finally:
        sys.settrace(previous)
    return tracer.lines


STEPS = {
    "train_step": lambda net: net.train_step([0.5, -1.0], [1.0], 0.5),
    "a batch of two": lambda net: train(net, [([0.5, -1.0], [1.0]), ([1.0, 1.0], [0.0])], epochs=1,
                                        batch_size=2, shuffle=False),
}


@pytest.mark.parametrize("name", sorted(STEPS))
def test_a_step_interrupted_anywhere_leaves_the_old_or_the_new_network(name):
    step = STEPS[name]
    before = Network([2, 3, 1], seed=0)
    after = before.copy()
    lines = run_traced(lambda: step(after), at=None)
    assert snapshot(after) != snapshot(before)
    for at in range(1, lines + 1):
        network = before.copy()
        run_traced(lambda network=network: step(network), at=at)
        assert snapshot(network) in (snapshot(before), snapshot(after)), f"half-updated after line {at}"


WRONG_SHAPES: dict[str, Callable[[Network], None]] = {
    "a row too short": lambda net: net.weights[0].__setitem__(0, [1.0]),
    "a layer too short": lambda net: net.weights.__setitem__(1, []),
    "a missing bias": lambda net: net.biases[0].pop(),
    "a non-number": lambda net: net.weights[1][0].__setitem__(0, "0.5"),
}
DOORS: dict[str, Callable[[Network], object]] = {
    "predict": lambda net: net.predict([0.5, -1.0]),
    "train_step": lambda net: net.train_step([0.5, -1.0], [1.0], 0.1),
    "train": lambda net: train(net, [([0.5, -1.0], [1.0])], epochs=1),
    "evaluate": lambda net: evaluate(net, [([0.5, -1.0], [1.0])]),
}


@pytest.mark.parametrize("door", sorted(DOORS))
@pytest.mark.parametrize("spoil", sorted(WRONG_SHAPES))
def test_shapes_set_by_hand_are_checked_at_every_door(door, spoil):
    network = Network([2, 3, 1], seed=0)
    WRONG_SHAPES[spoil](network)
    before = snapshot(network)
    with pytest.raises((TypeError, ValueError), match=r"weights|biases"):
        DOORS[door](network)
    assert snapshot(network) == before


@pytest.mark.parametrize("spoil", ["a row too short", "a layer too short", "a missing bias"])
def test_save_refuses_shapes_that_load_would_refuse(tmp_path, spoil):
    network = Network([2, 3, 1], seed=0)
    WRONG_SHAPES[spoil](network)
    path = tmp_path / "network.json"
    with pytest.raises(ValueError, match=r"weights|biases"):
        network.save(str(path))
    assert not path.exists()


def test_a_diverging_step_raises_and_keeps_every_weight_finite():
    network = Network([2, 4, 1], activation="relu", output_activation="identity", seed=3)
    with pytest.raises(TrainingDiverged, match="learning rate"):
        train(network, [([1.0, 2.0], [30.0]), ([-2.0, 1.0], [-40.0])], epochs=50, learning_rate=1e300)
    assert all(math.isfinite(w) for layer in network.weights for row in layer for w in row)


def test_a_network_has_at_most_a_thousand_weight_layers_and_a_million_nodes():
    # Issue 15, finding 2: Network([1] * 10**7) was accepted (the cap counted
    # weights only) and took minutes and gigabytes; now the sizes are refused
    # before a single one is read.
    with pytest.raises(ValueError, match="at most 999 hidden layers, got 9,999,998"):
        Network([1] * 10**7)
    with pytest.raises(ValueError, match="at most 1,000,000 nodes"):
        Network([1, 10**6, 1])
    assert len(Network([1] * 1001).weights) == 1000
