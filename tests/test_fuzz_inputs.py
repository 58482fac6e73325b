"""Bad input, fuzzed: every public function either works or says what it expected.

For each public callable of ``nnbook`` (read from ``nnbook.__init__``) there
is a *recipe*: a valid call. Hypothesis then spoils one or more of its
arguments — wrong lengths, NaN, ±inf, huge numbers, strings, None, empty
lists, zero or negative sizes and rates — and checks the outcome:

- the call works, nothing it returns is NaN, and no weight of the network
  it was given is inf or NaN; or
- it raises ``TypeError`` or ``ValueError`` (``TrainingDiverged`` and
  ``NetworkFileError`` are ValueErrors) with a message that says what was
  expected, and the network it was given is unchanged — never half-updated;
- (only for a spoiled ``path``) it raises ``OSError``, the file system's own
  answer to a path that cannot be read or written.

Anything else (OverflowError, ZeroDivisionError, IndexError, KeyError,
AttributeError, a message from deep inside Python) fails the test.
"""

import contextlib
import dataclasses
import math
import os
import random
import re
import tempfile
import types
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import nnbook
from nnbook import Network
from spec_strategies import networks

# The old names hold_out and circles are fuzzed too; that they warn is tested elsewhere.
pytestmark = pytest.mark.filterwarnings(
    "ignore:(hold_out|circles) is replaced:DeprecationWarning"
)

# --- valid calls -------------------------------------------------------------

INPUTS = [0.5, -1.0]
TARGETS = [1.0]
EXAMPLES = [([0.0, 1.0], [1.0]), ([1.0, 0.0], [0.0]), ([1.0, 1.0], [0.0])]


def small_network() -> Network:
    return Network([2, 3, 1], seed=0)


@dataclasses.dataclass
class Call:
    """A valid call of one public function: ``function(**arguments)``."""

    function: Callable[..., Any]
    arguments: dict[str, Any]
    network: Network | None = None


def recipes(tmp: Path) -> dict[str, Callable[[], Call]]:
    """One valid call per public name (plus Network's public methods)."""

    def with_network(function: Callable[..., Any], **arguments: Any) -> Callable[[], Call]:
        def make() -> Call:
            network = small_network()
            return Call(function, {"network": network, **arguments}, network)

        return make

    def plain(function: Callable[..., Any], **arguments: Any) -> Callable[[], Call]:
        return lambda: Call(function, dict(arguments))

    def method(name: str, **arguments: Any) -> Callable[[], Call]:
        def make() -> Call:
            network = small_network()
            return Call(getattr(network, name), dict(arguments), network)

        return make

    def saved_path() -> Call:
        path = tmp / "saved.json"
        nnbook.save_network(small_network(), path)
        return Call(nnbook.load_network, {"path": str(path)})

    def batch_backward() -> Call:
        network = small_network()
        layers = nnbook.forward_batch(network, [INPUTS])
        return Call(nnbook.backward_batch, {"network": network, "layers": layers, "targets": [TARGETS]}, network)

    def batch_downhill() -> Call:
        network = small_network()
        layers = nnbook.forward_batch(network, [INPUTS])
        deltas = nnbook.backward_batch(network, layers, [TARGETS])
        return Call(nnbook.downhill_batch, {"layers": layers, "deltas": deltas})

    def arrays_back() -> Call:
        network = small_network()
        weights, biases = nnbook.to_arrays(network)
        return Call(nnbook.from_arrays, {"network": network, "weights": weights, "biases": biases}, network)

    def torch_back() -> Call:
        network = small_network()
        return Call(nnbook.from_torch, {"model": nnbook.to_torch(network), "like": network}, network)

    def optimizer_step(optimizer: Callable[..., Any]) -> Callable[[], Call]:
        def make() -> Call:
            network = small_network()
            arguments = {"network": network, "downhill": nnbook.downhill(network, EXAMPLES)}
            return Call(optimizer(0.1).step, arguments, network)

        return make

    rng = random.Random(0)
    return {
        # chapter 1
        "get_activation": plain(nnbook.get_activation, name="sigmoid"),
        # chapter 2
        "Network": plain(Network, sizes=[2, 3, 1], activation="sigmoid", output_activation="sigmoid", loss="sse",
                         init="uniform", seed=1),
        "Network.from_weights": plain(Network.from_weights, weights=[[[0.5, -0.3]]], biases=[[0.1]],
                                      activation="sigmoid"),
        "Network.predict": method("predict", inputs=INPUTS),
        "Network.train_step": method("train_step", inputs=INPUTS, targets=TARGETS, learning_rate=0.1),
        "Network.save": method("save", path=str(tmp / "method.json")),
        "Network.load": lambda: Call(Network.load, saved_path().arguments),
        "get_initialiser": plain(nnbook.get_initialiser, name="uniform"),
        # chapter 3
        "get_loss": plain(nnbook.get_loss, name="sse"),
        # chapter 4
        "mean_abs_deltas": with_network(nnbook.mean_abs_deltas, examples=EXAMPLES),
        # chapter 5
        "SGD": plain(nnbook.SGD, learning_rate=0.1),
        "SGD.step": optimizer_step(nnbook.SGD),
        "evaluate": with_network(nnbook.evaluate, examples=EXAMPLES),
        "train": with_network(nnbook.train, examples=EXAMPLES, epochs=2, learning_rate=0.5, batch_size=2,
                              shuffle=True, seed=1, validation=EXAMPLES, stop_at_loss=0.01, tolerance=1e-9,
                              patience=3),
        # chapter 6
        "numerical_gradient": with_network(nnbook.numerical_gradient, inputs=INPUTS, targets=TARGETS, epsilon=1e-6),
        "backprop_gradient": with_network(nnbook.backprop_gradient, inputs=INPUTS, targets=TARGETS),
        "check_gradients": with_network(nnbook.check_gradients, examples=EXAMPLES, epsilon=1e-6, floor=1e-4),
        # later chapters
        "tanh": plain(nnbook.tanh, x=0.5),
        "tanh_derivative": plain(nnbook.tanh_derivative, a=0.5),
        "softmax": plain(nnbook.softmax, net_inputs=[1.0, 2.0, 3.0]),
        "binary_cross_entropy": plain(nnbook.binary_cross_entropy, targets=[1.0, 0.0], outputs=[0.6, 0.2]),
        "cross_entropy": plain(nnbook.cross_entropy, targets=[0.0, 1.0], outputs=[0.4, 0.6]),
        "Momentum": plain(nnbook.Momentum, learning_rate=0.1, momentum=0.9),
        "Momentum.step": optimizer_step(nnbook.Momentum),
        "RMSProp": plain(nnbook.RMSProp, learning_rate=0.01, decay=0.9, epsilon=1e-8),
        "RMSProp.step": optimizer_step(nnbook.RMSProp),
        "Adam": plain(nnbook.Adam, learning_rate=0.01, beta1=0.9, beta2=0.999, epsilon=1e-8),
        "Adam.step": optimizer_step(nnbook.Adam),
        "he": plain(nnbook.he, rng=rng, fan_in=3, fan_out=2),
        "xavier": plain(nnbook.xavier, rng=rng, fan_in=3, fan_out=2),
        "activation_spread": with_network(nnbook.activation_spread, inputs=[INPUTS, [1.0, 2.0]]),
        "forward_batch": with_network(nnbook.forward_batch, inputs=[INPUTS, [1.0, 2.0]]),
        "backward_batch": batch_backward,
        "downhill_batch": batch_downhill,
        "to_arrays": with_network(nnbook.to_arrays),
        "from_arrays": arrays_back,
        "train_numpy": with_network(nnbook.train_numpy, examples=EXAMPLES, epochs=2, learning_rate=0.5, batch_size=2,
                                    seed=1),
        "to_torch": with_network(nnbook.to_torch),
        "from_torch": torch_back,
        "torch_loss": with_network(nnbook.torch_loss),
        "train_torch": with_network(nnbook.train_torch, examples=EXAMPLES, epochs=2, learning_rate=0.5, batch_size=2,
                                    seed=1),
        "circles": plain(nnbook.circles, count=20, noise=0.1, factor=0.5, seed=0),
        "moons": plain(nnbook.moons, count=20, noise=0.1, seed=0),
        "one_hot": plain(nnbook.one_hot, label=2, classes=4),
        "predicted_class": plain(nnbook.predicted_class, outputs=[0.1, 0.7, 0.2]),
        "split": plain(nnbook.split, examples=[([float(i)], [0.0]) for i in range(10)], validation=0.2, test=0.2,
                       seed=0),
        "hold_out": plain(nnbook.hold_out, examples=[([float(i)], [0.0]) for i in range(8)], validation_fraction=0.25,
                          seed=0),
        "confusion_matrix": with_network(nnbook.confusion_matrix, examples=EXAMPLES),
        "mistakes": with_network(nnbook.mistakes, examples=EXAMPLES),
        "save_network": with_network(nnbook.save_network, path=str(tmp / "function.json")),
        "load_network": saved_path,
    }


# The teaching code of chapters 1-5 trusts its arguments: only the doors check
# (chapter "Guarding the doors"), and the doors are fuzzed.
TEACHING = "teaching code (chapters 1-5) trusts its arguments; the doors that call it are fuzzed"

# Public names that are not functions to fuzz, and why.
NOT_FUZZED = {
    "sigmoid": TEACHING,
    "sigmoid_derivative": TEACHING,
    "relu": TEACHING,
    "relu_derivative": TEACHING,
    "identity": TEACHING,
    "identity_derivative": TEACHING,
    "weighted_inputs": TEACHING,
    "net_input": TEACHING,
    "sse": TEACHING,
    "output_delta": TEACHING,
    "weight_change": TEACHING,
    "hidden_delta": TEACHING,
    "backward": TEACHING,
    "Downhill": TEACHING,
    "downhill": TEACHING,

    "INITIALISERS": "a dict (its functions are fuzzed as he, xavier and through Network(init=...))",
    "LOSSES": "a dict (its losses are fuzzed through Network(loss=...))",
    "Activation": "a plain record of two functions; its .function/.derivative skip checks by design (inner loop)",
    "Loss": "a base class; subclasses' value/output_deltas skip checks by design (inner loop, checked on the way in)",
    "SSE": "no arguments; its methods are the inner loop, fed by checked public functions",
    "BinaryCrossEntropy": "no arguments; see SSE",
    "CrossEntropy": "no arguments; see SSE",
    "Softmax": "no arguments; see Activation",
    "Optimizer": "a base class; its subclasses SGD, Momentum, RMSProp and Adam are fuzzed",
    "History": "a plain record filled in by train",
    "GradientReport": "a plain record filled in by check_gradients",
    "TrainingDiverged": "an exception class",
    "Split": "a plain record filled in by split",
    "digits": "no arguments to spoil (and it loads 1,797 images)",
    "NetworkFileError": "an exception class",
}


# Arguments that are not fuzzed, and why: the matrix building blocks of chapter
# "From loops to linear algebra" take the arrays that forward_batch and
# backward_batch return; train_numpy checks its data once, up front.
NOT_SPOILED = {
    "backward_batch": {"layers"},
    "downhill_batch": {"layers", "deltas"},
}


def public_names() -> list[str]:
    return sorted(
        name
        for name in dir(nnbook)
        if not name.startswith("_") and not isinstance(getattr(nnbook, name), types.ModuleType)
    )


def test_every_public_name_is_fuzzed_or_excused(tmp_path):
    known = recipes(tmp_path)
    missing = [name for name in public_names() if name not in known and name not in NOT_FUZZED]
    assert not missing, f"add a valid call for {missing} to recipes() in tests/test_fuzz_inputs.py"


def test_every_recipe_is_a_valid_call(tmp_path):
    for name, make in recipes(tmp_path).items():
        call = make()
        result = call.function(**call.arguments)
        assert not non_finite(result), f"{name} returned {result!r}"


# --- bad values ----------------------------------------------------------------

SPECIAL = [
    float("nan"), float("inf"), -float("inf"), 1e308, -1e308, 1e200, 10**400, -(10**400), 2**64, 0, -1, -0.5,
    0.0, -0.0, 5e-324, True, None, "", "abc", "1.5", b"x", [], [[]], [[[]]], [None], [float("nan")],
    [float("inf"), 1.0], ["a"], [1e308, 1e308], {}, {"a": 1}, (), object(),
]

bad_values = st.one_of(
    st.sampled_from(SPECIAL),
    st.floats(),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.text(max_size=4),
    st.lists(st.one_of(st.floats(), st.none(), st.text(max_size=2)), max_size=4),
    st.lists(st.lists(st.floats(), max_size=3), max_size=3),
)


def mutations(value: Any) -> st.SearchStrategy[Any]:
    """Near misses of a valid value: one element dropped, added or spoiled."""
    options: list[st.SearchStrategy[Any]] = [bad_values]
    if isinstance(value, list) and value:
        options.append(st.just(value[:-1]))
        options.append(st.just([*value, value[-1]]))
        options.append(
            st.tuples(st.integers(0, len(value) - 1), bad_values).map(
                lambda pair: [pair[1] if i == pair[0] else v for i, v in enumerate(value)]
            )
        )
        if isinstance(value[0], list) and value[0]:  # spoil one number deep inside
            options.append(
                st.tuples(st.integers(0, len(value) - 1), bad_values).map(
                    lambda pair: [[pair[1], *row[1:]] if i == pair[0] else row for i, row in enumerate(value)]
                )
            )
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        options.append(st.sampled_from([-value, value * 1e300, 0 * value, -1]))
    return st.one_of(*options)


# --- judging the outcome -------------------------------------------------------

# Messages written by Python itself, not by nnbook: they say what broke, not what was expected.
PYTHON_MESSAGES = re.compile(
    r"unsupported operand|not iterable|not subscriptable|object is not|can't multiply|can only concatenate|"
    r"math domain error|must be real number, not|takes \d+ positional|got an unexpected keyword|"
    r"object of type|argument must be|index out of range|could not convert|invalid literal|has no len|"
    r"'<' not supported|not supported between|out of range|division by zero|object has no attribute"
)
# A helpful message says what was expected.
HELPFUL = re.compile(r"must|needs?|expect|should|only|at least|at most|one of|refus|too large|too many|cannot|"
                     r"can't|not a|learning rate|diverg|damaged|not finite|infinite|NaN", re.IGNORECASE)


def non_finite(value: Any, nan_only: bool = False, depth: int = 0) -> bool:
    """Whether ``value`` holds a NaN (or, unless ``nan_only``, an inf) anywhere inside.

    Looks into lists, tuples, dicts, records, numpy arrays, tensors and networks.
    """
    if depth > 6:
        return False
    if isinstance(value, float):
        return math.isnan(value) if nan_only else not math.isfinite(value)
    if isinstance(value, Network):
        return non_finite([value.weights, value.biases], nan_only, depth + 1)
    if isinstance(value, (list, tuple)):
        return any(non_finite(item, nan_only, depth + 1) for item in value)
    if isinstance(value, dict):
        return any(non_finite(item, nan_only, depth + 1) for item in value.values())
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return any(non_finite(getattr(value, f.name), nan_only, depth + 1) for f in dataclasses.fields(value))
    if hasattr(value, "tolist") and hasattr(value, "dtype"):  # numpy arrays and torch tensors
        return non_finite(value.tolist(), nan_only, depth + 1)
    return False


def snapshot(network: Network | None) -> Any:
    return None if network is None else repr([network.weights, network.biases])


@contextlib.contextmanager
def inside(folder: Path) -> Iterator[None]:
    """Run in ``folder``: a spoiled path such as "abc" is then written there, not into the repository."""
    here = os.getcwd()
    os.chdir(folder)
    try:
        yield
    finally:
        os.chdir(here)


def judge(name: str, call: Call, spoiled: dict[str, Any]) -> None:
    before = snapshot(call.network)
    arguments = {**call.arguments, **spoiled}
    try:
        with tempfile.TemporaryDirectory(prefix="nnbook-fuzz-") as folder, inside(Path(folder)):
            result = call.function(**arguments)
    except (TypeError, ValueError) as error:
        message = str(error)
        assert message and HELPFUL.search(message) and not PYTHON_MESSAGES.search(message), (
            f"{name}({spoiled!r}) raised {type(error).__name__} without saying what it expected: {message!r}"
        )
        if isinstance(error, nnbook.TrainingDiverged):
            assert not non_finite(call.network), f"{name}({spoiled!r}) diverged and left a non-finite weight"
        else:
            assert snapshot(call.network) == before, f"{name}({spoiled!r}) raised but changed the network"
        return
    except ImportError as error:  # an optional extra that is not installed
        assert "pip install" in str(error), f"{name}: {error}"
        return
    except OSError:  # a path that cannot be read or written is not bad input but a fact of the file system
        assert "path" in spoiled, f"{name}({spoiled!r}) raised an OSError"
        return
    # An infinite result can be honest (the loss of a prediction 1e308 away); a NaN never is.
    assert not non_finite(result, nan_only=True), f"{name}({spoiled!r}) returned NaN: {result!r}"
    assert not non_finite(call.network), f"{name}({spoiled!r}) left a non-finite weight in the network"


# Sizes hypothesis should not feed: a valid but enormous run is not bad input.
COUNT_LIMITS = {"epochs": 3, "patience": 5, "fan_in": 10**6, "fan_out": 10**6, "count": 50, "classes": 10**4}


@pytest.fixture(scope="module")
def all_recipes(tmp_path_factory):
    return recipes(tmp_path_factory.mktemp("fuzz"))


@settings(max_examples=600, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(data=st.data())
def test_bad_input_is_refused_with_a_clear_message(all_recipes, data):
    name = data.draw(st.sampled_from(sorted(all_recipes)), label="function")
    call = all_recipes[name]()
    names = sorted(set(call.arguments) - NOT_SPOILED.get(name, set()))
    if not names:
        return
    spoil = data.draw(st.lists(st.sampled_from(names), min_size=1, max_size=len(names), unique=True), label="spoil")
    spoiled = {}
    for argument in spoil:
        value = data.draw(mutations(call.arguments[argument]), label=argument)
        limit = COUNT_LIMITS.get(argument)
        if limit is not None and isinstance(value, int) and not isinstance(value, bool) and value > limit:
            value = limit
        spoiled[argument] = value
    judge(name, call, spoiled)


@pytest.mark.parametrize("learning_rate", [1e6, 1e30, 1e300])
@pytest.mark.parametrize("batch_size", [1, 2])
def test_diverging_training_stops_with_the_last_finite_weights(learning_rate, batch_size):
    network = Network([2, 4, 1], activation="relu", output_activation="identity", seed=3)
    data = [([1.0, 2.0], [30.0]), ([-2.0, 1.0], [-40.0])]
    with pytest.raises(nnbook.TrainingDiverged, match="learning rate"):
        nnbook.train(network, data, epochs=50, learning_rate=learning_rate, batch_size=batch_size, shuffle=False)
    assert not non_finite(network)


@pytest.mark.parametrize("batch_size", [1, 2])
def test_a_step_that_would_overflow_changes_nothing(batch_size):
    network = Network([2, 3, 1], activation="identity", seed=0)
    data = [([1e150, 1e150], [1.0]), ([1e150, -1e150], [0.0])]
    before = snapshot(network)
    with pytest.raises(nnbook.TrainingDiverged):
        nnbook.train(network, data, epochs=5, learning_rate=1e150, batch_size=batch_size)
    assert snapshot(network) == before


any_float = st.floats(allow_nan=False, allow_infinity=False)


@given(networks(), st.data())
def test_a_forward_pass_on_extreme_inputs_never_returns_nan(network, data):
    inputs = data.draw(st.lists(any_float, min_size=network.sizes[0], max_size=network.sizes[0]), label="inputs")
    try:
        outputs = network.predict(inputs)
    except ValueError as error:
        assert HELPFUL.search(str(error)), error
        return
    assert not non_finite(outputs, nan_only=True), outputs


@given(networks(), st.data())
def test_a_train_step_on_extreme_numbers_keeps_every_weight_finite(network, data):
    inputs = data.draw(st.lists(any_float, min_size=network.sizes[0], max_size=network.sizes[0]), label="inputs")
    targets = data.draw(st.lists(any_float, min_size=network.sizes[-1], max_size=network.sizes[-1]), label="targets")
    rate = data.draw(st.floats(0, 1e300), label="learning_rate")
    before = snapshot(network)
    try:
        network.train_step(inputs, targets, rate)
    except ValueError as error:  # TrainingDiverged included
        assert HELPFUL.search(str(error)), error
        assert snapshot(network) == before, "a refused step changed the network"
        return
    assert not non_finite(network)


# --- the holes fuzzing found, kept as plain regression tests -------------------


def refused(function: Callable[..., Any], *args: Any, **kwargs: Any) -> str:
    with pytest.raises((TypeError, ValueError)) as caught:
        function(*args, **kwargs)
    message = str(caught.value)
    assert HELPFUL.search(message) and not PYTHON_MESSAGES.search(message), message
    return message


def test_holes_found_by_fuzzing_stay_closed(tmp_path):
    assert nnbook.sse([1e308], [-1e308]) == math.inf  # was OverflowError from (y - ŷ) ** 2
    blowing_up = Network.from_weights([[[1.0, 1.0], [1.0, 1.0]], [[1.0, -1.0]]], activation=["relu", "identity"])
    assert "output" in refused(blowing_up.predict, [1e308, 1e308])  # was [nan]
    assert "weights" in refused(Network, [2, 10**12, 1])  # used to try to allocate 3·10¹² floats
    assert "downhill" in refused(nnbook.SGD(0.1).step, small_network(), None)  # was AttributeError
    assert "fan_in" in refused(nnbook.he, random.Random(0), 0, 2)  # was ZeroDivisionError
    assert "rng" in refused(nnbook.xavier, None, 2, 2)  # was AttributeError
    assert "epsilon" in refused(nnbook.check_gradients, small_network(), EXAMPLES, epsilon=5e-324)  # was ZeroDivision
    assert "outputs" in refused(nnbook.predicted_class, [])  # was "max() arg is an empty sequence"
    assert len(nnbook.moons(count=4, noise=-0.0)) == 4  # numpy refused -0.0 as "scale < 0"
