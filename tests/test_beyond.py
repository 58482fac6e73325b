"""Spec for "Beyond one example" (chapters 7-12): biases and depth, outputs and losses,
optimizers, initialisation, stopping, and the diagnostics of the two stories.

Gradients are compared with central finite differences of the loss by
``nnbook.gradcheck.check_gradients`` (chapter "How do we know it works?").
"""

import math
import random

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from nnbook import (
    SGD,
    Adam,
    Momentum,
    Network,
    RMSProp,
    activation_spread,
    binary_cross_entropy,
    cross_entropy,
    get_loss,
    he,
    mean_abs_deltas,
    softmax,
    tanh,
    tanh_derivative,
    train,
    xavier,
)
from nnbook.activations import ACTIVATIONS, Softmax
from nnbook.backprop import downhill
from nnbook.gradcheck import check_gradients
from nnbook.loss import LOSSES, SMALLEST_PROBABILITY
from nnbook.problems import blobs, hold_out, ring, sine_wave, split

XOR = [([0.0, 0.0], [0.0]), ([0.0, 1.0], [1.0]), ([1.0, 0.0], [1.0]), ([1.0, 1.0], [0.0])]

# --- every activation x loss path, biases included ------------------------------------------

HIDDEN = sorted(name for name, activation in ACTIVATIONS.items() if activation.elementwise)


def _valid_output_pairs() -> list[tuple[str, str]]:
    pairs = []
    for loss in sorted(LOSSES):
        for name in sorted(ACTIVATIONS):
            try:
                LOSSES[loss].check_output_activation(ACTIVATIONS[name])
            except ValueError:
                continue
            pairs.append((name, loss))
    return pairs


OUTPUT_PAIRS = _valid_output_pairs()


def test_the_pairs_of_chapter_8_are_all_covered():
    assert {("identity", "sse"), ("sigmoid", "bce"), ("softmax", "cross_entropy")} <= set(OUTPUT_PAIRS)
    assert "tanh" in HIDDEN and "softmax" not in HIDDEN


def _finite_difference_matches(network: Network, inputs: list[float], targets: list[float]) -> None:
    report = check_gradients(network, (inputs, targets))
    assert report.passed(1e-5), report


def _near_a_corner(network: Network, inputs: list[float]) -> bool:
    layers = network.forward(inputs)
    for weights, biases, previous, name in zip(network.weights, network.biases, layers, network.activations):
        if name != "relu":
            continue
        for row, bias in zip(weights, biases):
            if abs(sum(w * a for w, a in zip(row, previous)) + bias) < 1e-3:
                return True
    return False


@pytest.mark.parametrize("output, loss", OUTPUT_PAIRS)
@pytest.mark.parametrize("hidden", HIDDEN)
@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_backprop_matches_finite_differences_for_every_path(hidden, output, loss, data):
    outputs = data.draw(st.integers(2, 3)) if output == "softmax" else data.draw(st.integers(1, 2))
    sizes = [data.draw(st.integers(1, 3)), data.draw(st.integers(1, 4)), data.draw(st.integers(1, 3)), outputs]
    seed = data.draw(st.integers(0, 10_000))
    network = Network(sizes, activation=[hidden, hidden, output], loss=loss, init="xavier", seed=seed)
    rng = random.Random(seed)
    for layer in network.biases:  # biases away from zero, so their slopes are tested too
        layer[:] = [rng.uniform(-1.0, 1.0) for _ in layer]
    inputs = data.draw(st.lists(st.floats(-2.0, 2.0), min_size=sizes[0], max_size=sizes[0]))
    if loss == "cross_entropy":
        probabilities = st.lists(st.floats(0.0, 1.0), min_size=outputs, max_size=outputs)
        raw = data.draw(probabilities.filter(lambda t: sum(t) > 0.1))
        targets = [y / sum(raw) for y in raw]
    elif loss == "bce":
        targets = data.draw(st.lists(st.sampled_from([0.0, 1.0]), min_size=outputs, max_size=outputs))
    else:
        targets = data.draw(st.lists(st.floats(-2.0, 2.0), min_size=outputs, max_size=outputs))
    assume(not _near_a_corner(network, inputs))
    _finite_difference_matches(network, inputs, targets)


def test_a_bias_changes_by_learning_rate_times_delta():
    network = Network([1, 1], seed=0)
    delta = downhill(network, [([7.0], [1.0])]).biases[0][0]
    before = network.biases[0][0]
    network.train_step([7.0], [1.0], 0.5)
    assert network.biases[0][0] - before == pytest.approx(0.5 * delta, rel=1e-12)


def test_a_node_without_a_bias_cannot_learn_a_threshold_but_with_one_it_does():
    examples = [([x], [float(x > 5)]) for x in (1.0, 2.0, 3.0, 4.0, 6.0, 7.0, 8.0, 9.0)]
    for w in (-1.0, -0.1, 0.1, 1.0):
        outputs = [Network.from_weights([[[w]]]).predict(x)[0] for x, _ in examples]
        assert sum((a > 0.5) == (y[0] > 0.5) for a, (_, y) in zip(outputs, examples)) <= 4
    node = Network([1, 1], seed=0)
    assert train(node, examples, epochs=500, learning_rate=0.5, seed=0).accuracy[-1] == 1.0


# --- tanh and softmax ---------------------------------------------------------------------


@given(st.floats(-20.0, 20.0))
def test_tanh_slope_is_one_minus_a_squared(x):
    h = 1e-6
    measured = (tanh(x + h) - tanh(x - h)) / (2 * h)
    assert tanh_derivative(tanh(x)) == pytest.approx(measured, abs=1e-6)
    assert tanh(x) == pytest.approx(2 / (1 + math.exp(-2 * x)) - 1, abs=1e-12)


def test_tanh_is_safe_for_huge_inputs_and_refuses_non_numbers():
    assert tanh(1e308) == 1.0 and tanh(-1e308) == -1.0
    with pytest.raises(TypeError):
        tanh("0.5")  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        tanh(math.nan)
    with pytest.raises(ValueError):
        tanh_derivative(math.inf)


@given(st.lists(st.floats(-1e308, 1e308), min_size=1, max_size=12))
def test_softmax_outputs_are_probabilities_that_sum_to_one(net_inputs):
    for probabilities in (softmax(net_inputs), Softmax().apply(net_inputs)):
        assert all(not math.isnan(p) and 0.0 <= p <= 1.0 for p in probabilities)
        assert math.fsum(probabilities) == pytest.approx(1.0, abs=1e-9)


def test_softmax_refuses_bad_input_and_single_nodes():
    with pytest.raises(ValueError):
        softmax([])
    with pytest.raises(TypeError):
        softmax(["1"])  # type: ignore[list-item]
    with pytest.raises(ValueError):
        softmax([1.0, math.inf])
    with pytest.raises(ValueError, match="whole layer"):
        Softmax().function(1.0)
    with pytest.raises(ValueError, match="whole layer"):
        Softmax().derivative(0.5)


# --- losses -------------------------------------------------------------------------------


def test_cross_entropy_losses_have_no_log_of_zero():
    ceiling = -math.log(SMALLEST_PROBABILITY)
    assert binary_cross_entropy([1.0], [0.0]) == pytest.approx(ceiling)
    assert binary_cross_entropy([0.0], [1.0]) == pytest.approx(ceiling)
    assert cross_entropy([0.0, 1.0], [1.0, 0.0]) == pytest.approx(ceiling)
    assert binary_cross_entropy([1.0, 0.0], [1.0, 0.0]) == 0.0


def test_output_deltas_are_y_minus_a_for_the_matched_pairs():
    assert LOSSES["bce"].output_deltas([1.0, 0.0], [0.25, 0.5], ACTIVATIONS["sigmoid"]) == [0.75, -0.5]
    assert LOSSES["cross_entropy"].output_deltas([0.0, 1.0], [0.25, 0.75], ACTIVATIONS["softmax"]) == [-0.25, 0.25]


@pytest.mark.parametrize(
    "options, message",
    [
        ({"output_activation": "identity", "loss": "bce"}, "sigmoid"),
        ({"output_activation": "tanh", "loss": "bce"}, "sigmoid"),
        ({"output_activation": "sigmoid", "loss": "cross_entropy"}, "softmax"),
        ({"output_activation": "softmax", "loss": "sse"}, "node by node"),
        ({"activation": "softmax", "loss": "cross_entropy"}, "output layer"),
        ({"loss": "nll"}, "loss must be one of"),
    ],
)
def test_invalid_output_and_loss_pairs_are_refused(options, message):
    with pytest.raises(ValueError, match=message):
        Network([2, 3, 2], **options)


def test_loss_functions_refuse_bad_arguments():
    with pytest.raises(ValueError, match="probability"):
        binary_cross_entropy([2.0], [0.5])
    with pytest.raises(ValueError, match="probability"):
        cross_entropy([0.0, 1.0], [0.5, -0.1])
    with pytest.raises(ValueError):
        cross_entropy([0.0, 1.0], [1.0])
    with pytest.raises(TypeError):
        get_loss(3)
    network = Network([2, 2], output_activation="softmax", loss="cross_entropy", seed=0)
    with pytest.raises(ValueError, match="add up to 1"):
        train(network, [([0.0, 1.0], [1.0, 1.0])], epochs=1)


# --- optimizers ---------------------------------------------------------------------------


def _fresh(seed: int) -> Network:
    return Network([2, 3, 1], activation="tanh", output_activation="sigmoid", loss="bce", seed=seed)


@settings(max_examples=20, deadline=None)
@given(seed=st.integers(0, 1000), rate=st.floats(0.001, 1.0), batch_size=st.integers(2, 4))
def test_momentum_zero_is_exactly_plain_gradient_descent(seed, rate, batch_size):
    plain, momentum = _fresh(seed), _fresh(seed)
    train(plain, XOR, epochs=3, batch_size=batch_size, optimizer=SGD(rate), seed=seed)
    train(momentum, XOR, epochs=3, batch_size=batch_size, optimizer=Momentum(rate, momentum=0.0), seed=seed)
    assert momentum.weights == plain.weights and momentum.biases == plain.biases


def test_momentum_zero_matches_per_example_training_too():
    plain, momentum = _fresh(3), _fresh(3)
    train(plain, XOR, epochs=5, learning_rate=0.3, seed=1)
    train(momentum, XOR, epochs=5, optimizer=Momentum(0.3, momentum=0.0), seed=1)
    flat = [w for layer in plain.weights for row in layer for w in row]
    assert [w for layer in momentum.weights for row in layer for w in row] == pytest.approx(flat, rel=1e-12)


@settings(max_examples=20, deadline=None)
@given(seed=st.integers(0, 1000), rate=st.floats(0.001, 1.0))
def test_a_batch_of_the_whole_data_set_applies_the_summed_changes(seed, rate):
    network = _fresh(seed)
    singles = [downhill(network, [example]) for example in XOR]
    expected = [
        [[w + rate * sum(d.weights[n][k][i] for d in singles) for i, w in enumerate(row)]
         for k, row in enumerate(layer)]
        for n, layer in enumerate(network.weights)
    ]
    expected_biases = [
        [b + rate * sum(d.biases[n][k] for d in singles) for k, b in enumerate(layer)]
        for n, layer in enumerate(network.biases)
    ]
    train(network, XOR, epochs=1, learning_rate=rate, batch_size=len(XOR), shuffle=False)
    for got, want in zip(network.weights, expected):
        for got_row, want_row in zip(got, want):
            assert got_row == pytest.approx(want_row, rel=1e-12, abs=1e-15)
    for got, want in zip(network.biases, expected_biases):
        assert got == pytest.approx(want, rel=1e-12, abs=1e-15)


@settings(max_examples=20, deadline=None)
@given(seed=st.integers(0, 1000), rate=st.floats(1e-4, 0.1))
def test_adams_first_step_moves_each_weight_by_about_the_learning_rate(seed, rate):
    network = _fresh(seed)
    before = network.copy()
    push = downhill(network, XOR)
    Adam(rate).step(network, push)
    for new, old, d in zip(network.weights, before.weights, push.weights):
        for new_row, old_row, d_row in zip(new, old, d):
            for w1, w0, g in zip(new_row, old_row, d_row):
                assert abs(w1 - w0) <= rate * (1 + 1e-12)
                if abs(g) > 1e-4:
                    assert abs(w1 - w0) == pytest.approx(rate, rel=1e-3)
                    assert (w1 - w0) * g > 0  # downhill


def test_optimizer_state_is_inspectable_and_starts_again_for_another_shape():
    small, large = _fresh(0), Network([2, 5, 4, 1], seed=0)
    for optimizer, name in ((Momentum(0.1), "velocity"), (RMSProp(0.01), "mean_square"), (Adam(0.01), "mean")):
        train(small, XOR, epochs=2, optimizer=optimizer, batch_size=2, seed=0)
        state = getattr(optimizer, name)
        assert [[len(row) for row in layer] for layer in state] == [[2, 2, 2], [3]]
        assert isinstance(state[0][1][0], float)
        train(large, XOR, epochs=1, optimizer=optimizer, batch_size=4, seed=0)
        assert [[len(row) for row in layer] for layer in getattr(optimizer, name)] == [[2] * 5, [5] * 4, [4]]
        optimizer.reset()
        assert getattr(optimizer, name) == []
    adam = Adam(0.01)
    train(small, XOR, epochs=3, optimizer=adam, batch_size=4, seed=0)
    assert adam.steps == 3


def test_rmsprop_and_adam_learn_xor():
    for optimizer in (RMSProp(0.05), Adam(0.05), Momentum(0.2, 0.9)):
        network = Network([2, 4, 1], activation="tanh", output_activation="sigmoid", loss="bce", seed=0)
        history = train(network, XOR, epochs=300, optimizer=optimizer, batch_size=4, seed=0)
        assert history.loss[-1] < 0.1 * history.loss[0], optimizer


@pytest.mark.parametrize(
    "make, error",
    [
        (lambda: Momentum(0.1, momentum=1.0), ValueError),
        (lambda: Momentum(0.1, momentum=-0.1), ValueError),
        (lambda: Momentum(0.1, momentum="0.9"), TypeError),
        (lambda: Momentum(-0.1), ValueError),
        (lambda: RMSProp(0.01, decay=1.5), ValueError),
        (lambda: RMSProp(0.01, epsilon=0.0), ValueError),
        (lambda: RMSProp(math.nan), ValueError),
        (lambda: Adam(0.01, beta1=1.0), ValueError),
        (lambda: Adam(0.01, beta2=-0.5), ValueError),
        (lambda: Adam(0.01, epsilon=-1e-8), ValueError),
        (lambda: Adam(None), TypeError),
    ],
)
def test_optimizers_refuse_bad_arguments(make, error):
    with pytest.raises(error):
        make()


def test_optimizers_describe_themselves():
    assert repr(Momentum(0.1, 0.5)) == "Momentum(learning_rate=0.1, momentum=0.5)"
    assert "decay=0.9" in repr(RMSProp(0.01))
    assert "beta2=0.999" in repr(Adam(0.01))


# --- initialisation -----------------------------------------------------------------------


def test_xavier_and_he_have_the_promised_spread():
    rng = random.Random(0)
    draws = [xavier(rng, 30, 10) for _ in range(20_000)]
    assert max(abs(w) for w in draws) <= math.sqrt(6 / 40)
    assert sum(w * w for w in draws) / len(draws) == pytest.approx(2 / 40, rel=0.05)
    draws = [he(rng, 50, 10) for _ in range(20_000)]
    assert sum(w * w for w in draws) / len(draws) == pytest.approx(2 / 50, rel=0.05)
    network = Network([100, 20, 1], init="glorot", seed=0)
    assert max(abs(w) for row in network.weights[0] for w in row) <= math.sqrt(6 / 120)


def test_he_keeps_the_signal_of_a_deep_relu_network_alive():
    rng = random.Random(0)
    inputs = [[rng.gauss(0.0, 1.0) for _ in range(10)] for _ in range(20)]
    spreads = {}
    for init in ("xavier", "he"):
        network = Network([10] + [30] * 8 + [1], activation="relu", output_activation="identity", init=init, seed=0)
        spreads[init] = activation_spread(network, inputs)
    assert len(spreads["he"]) == 9
    assert spreads["he"][-2] > 10 * spreads["xavier"][-2]


def test_activation_spread_refuses_bad_inputs():
    network = Network([2, 1], seed=0)
    with pytest.raises(ValueError):
        activation_spread(network, [])
    with pytest.raises(ValueError):
        activation_spread(network, [[1.0, 2.0, 3.0]])


# --- when to stop -------------------------------------------------------------------------


@pytest.mark.parametrize("patience", [3, 10])
def test_early_stopping_returns_the_weights_of_the_best_validation_epoch(patience):
    data = sine_wave(16, noise=0.4, seed=3)
    parts = split(data, validation=0.25, test=0, seed=0)
    training, validation = parts.train, parts.validation
    network = Network([1, 8, 8, 1], activation="tanh", output_activation="identity", init="xavier", seed=0)
    snapshots = {}

    def remember(epoch, history):
        assert epoch == history.epochs
        snapshots[epoch] = ([[row[:] for row in layer] for layer in network.weights], [b[:] for b in network.biases])

    history = train(network, training, epochs=150, optimizer=Adam(0.02), batch_size=2, seed=0,
                    validation=validation, patience=patience, callback=remember)
    best = history.best_epoch
    assert best is not None and history.validation_loss[best - 1] == min(history.validation_loss)
    assert (network.weights, network.biases) == snapshots[best]
    assert sorted(snapshots) == list(range(1, history.epochs + 1))
    if history.epochs < 150:
        assert history.epochs - best == patience and "did not improve" in history.stopped_because


def test_history_records_validation_accuracy_for_classifiers():
    points = blobs(10, classes=3, seed=0)
    parts = split(points, validation=0.3, test=0, seed=0)
    training, validation = parts.train, parts.validation
    network = Network([2, 4, 3], activation="tanh", output_activation="softmax", loss="cross_entropy", seed=0)
    history = train(network, training, epochs=5, learning_rate=0.05, seed=0, validation=validation)
    assert len(history.accuracy) == len(history.validation_accuracy) == len(history.validation_loss) == 5
    assert all(0.0 <= a <= 1.0 for a in history.validation_accuracy)


def test_tolerance_and_loss_threshold_stop_training():
    history = train(Network([2, 3, 1], seed=0), XOR, epochs=5000, learning_rate=0.5, seed=0, stop_at_loss=0.05)
    assert history.loss[-1] <= 0.05 and history.epochs < 5000
    history = train(Network([2, 3, 1], seed=0), XOR, epochs=5000, learning_rate=0.5, seed=0, tolerance=1e-3)
    assert history.epochs < 5000 and abs(history.loss[-1] - history.loss[-2]) < 1e-3
    with pytest.raises(ValueError):
        train(Network([2, 3, 1], seed=0), XOR, epochs=5, tolerance=-1.0)


def test_progress_bar_runs_and_reports_on_stderr(capsys):
    pytest.importorskip("tqdm")
    train(Network([2, 2, 1], seed=0), XOR, epochs=3, seed=0, progress=True)
    assert "training" in capsys.readouterr().err


# --- the problems and the two stories ------------------------------------------------------


def test_problems_are_repeatable_and_well_formed():
    assert ring(20, seed=1) == ring(20, seed=1)
    assert all(y in ([0.0], [1.0]) for _, y in ring(50, label_noise=0.2, seed=2))
    assert [x for x, _ in sine_wave(5, noise=0.1, seed=0)] == [x for x, _ in sine_wave(5, seed=9)]
    assert all(sum(y) == 1.0 and len(x) == 2 for x, y in blobs(5, classes=4, seed=0))
    bad_calls = (lambda: ring(10, label_noise=1.5), lambda: blobs(5, classes=1),
                 lambda: sine_wave(1))
    for bad in bad_calls:
        with pytest.raises(ValueError):
            bad()


def test_hold_out_is_now_split_and_says_so():
    points = ring(10, seed=0)
    with pytest.warns(DeprecationWarning, match="replaced by split"):
        training, validation = hold_out(points, 0.3, seed=0)
    parts = split(points, validation=0.3, test=0, seed=0)
    assert (training, validation) == (parts.train, parts.validation)
    assert len(validation) == 3 and sorted(training + validation) == sorted(points)
    with pytest.warns(DeprecationWarning):
        assert len(hold_out(points, 0.5, seed=None)[1]) == 5
    bad_calls = (lambda: hold_out(XOR, 1.0), lambda: hold_out(XOR[:1], 0.5),
                 lambda: hold_out(XOR, 0.1))
    for bad in bad_calls:
        with pytest.warns(DeprecationWarning), pytest.raises(ValueError):
            bad()


def test_mean_abs_deltas_vanish_in_deep_sigmoid_networks_but_not_with_relu():
    points = ring(30, seed=0)
    sizes = [2] + [8] * 6 + [1]
    sigmoid = mean_abs_deltas(Network(sizes, activation="sigmoid", seed=0), points)
    relu = mean_abs_deltas(Network(sizes, activation="relu", output_activation="sigmoid", init="he", seed=0), points)
    assert len(sigmoid) == len(relu) == 7
    assert sigmoid[-1] / sigmoid[0] > 1000
    assert relu[-1] / relu[0] < 100
    with pytest.raises(ValueError):
        mean_abs_deltas(Network(sizes, seed=0), [])


# --- figures -------------------------------------------------------------------------------


def test_the_figures_of_chapters_7_to_12_are_drawn():
    pytest.importorskip("matplotlib")
    import matplotlib

    matplotlib.use("Agg")
    from nnbook.plotting import plot_decision_regions
    from support.figures import (
        plot_early_stopping,
        plot_loss_comparison,
        plot_many_runs,
        plot_one_input_curves,
        plot_output_deltas,
        plot_per_layer,
    )

    node = Network.from_weights([[[1.0]]], [[-2.0]])
    points = blobs(3, classes=3, seed=0)
    classifier = Network([2, 2, 3], output_activation="softmax", loss="cross_entropy", seed=0)
    history = train(Network([2, 2, 1], seed=0), XOR, epochs=3, seed=0, validation=XOR, patience=2)
    figures = [
        plot_one_input_curves({"node": node}, [([1.0], [0.0]), ([3.0], [1.0])], 0.0, 4.0),
        plot_decision_regions({"classifier": classifier}, points, resolution=5),
        plot_decision_regions({"a": Network([2, 1], seed=0), "b": Network([2, 1], seed=1)}, XOR, resolution=5),
        plot_output_deltas(1.0),
        plot_loss_comparison({"a": [0.5, 0.2], "b": [0.4, 0.3]}, title="race"),
        plot_per_layer({"relu": [1.0, 0.5]}, ylabel="spread", title="layers"),
        plot_early_stopping(history),
        plot_many_runs([history, history], stuck_above=0.2, title="runs"),
    ]
    assert [len(figure.axes) for figure in figures] == [1, 1, 2, 1, 1, 1, 2, 2]
    assert figures[4].axes[0].get_title() == "race"
