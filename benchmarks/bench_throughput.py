#!/usr/bin/env python3
"""How fast does nnbook train? Examples per second, side by side with peers.

Run it from the repository root (``make bench``)::

    python benchmarks/bench_throughput.py            # the full comparison
    python benchmarks/bench_throughput.py --quick    # fewer repeats, a rough figure

It measures training throughput (forward pass + backward pass + weight update,
one example at a time, plain SGD) for two networks:

(a) the 2-4-1 XOR network, on the four XOR examples;
(b) the 64-32-10 digits network, on scikit-learn's 8×8 digits (``nnbook[data]``).

Both have a ReLU hidden layer, a linear (identity) output layer and the
sum-of-squared-errors loss, so that every contender does the same sums:

- the fast path: nnbook's public ``train`` function, which takes every step
  with ``nnbook.fast`` (chapter "Reading handwritten digits");
- the teaching core: the step of chapters 1-5 (``backprop.downhill`` and
  ``SGD.step``, chapter 5's ⟨take one training step⟩) in the same shuffled loop;
- ``straightforward``: a deliberately plain pure-Python version written below
  (nested ``for`` loops over lists, nothing clever), as a reader might write it;
- micrograd (``pip install micrograd``), Karpathy's scalar autograd engine, when
  installed: every number is a ``Value`` object in a graph.

For each network it prints the fast path's time ÷ the straightforward loops'
time (targets: at most 1.0 on digits, at most 1.3 on XOR) and the teaching
core's ratio beside it.

Then the same digits network is trained by nnbook's NumPy path and by PyTorch
on the CPU (chapter "From loops to linear algebra"; ``nnbook[numpy,torch]``),
one example per step and in batches of 32, as ratios to the node path (these
are wall-clock times, measured by the book's ``support.speed.compare_backends``).

Times are the CPU time of this process (``time.process_time``), so other
programs competing for the processor disturb them less than a wall clock
would; each figure is the best of several rounds (9 by default) in which the
contenders take turns, because on a shared machine a single round can be
slowed by others. The ratios are what matter: they compare the contenders in
the same run on the same machine, and they still wobble by a few per cent from
run to run. This is not a test: timings depend on the machine, so nothing here
passes or fails.
"""

from __future__ import annotations

import argparse
import gc
import platform
import random
import sys
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
# The book's own code (book/support/, tangled from the chapters), imported as `support`.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "book"))

from nnbook import Network, train  # noqa: E402
from nnbook.backprop import downhill  # noqa: E402
from nnbook.optimizers import SGD  # noqa: E402

Example = tuple[list[float], list[float]]


# --------------------------------------------------------------------------
# The straightforward implementation: how one might first write it.
# --------------------------------------------------------------------------


class StraightforwardNetwork:
    """A ReLU-hidden, linear-output network trained with SSE, in plain loops."""

    def __init__(self, sizes: list[int], seed: int = 0):
        rng = random.Random(seed)
        self.sizes = sizes
        self.weights = []
        self.biases = []
        for layer in range(len(sizes) - 1):
            rows = []
            for _ in range(sizes[layer + 1]):
                row = []
                for _ in range(sizes[layer]):
                    row.append(rng.uniform(-0.5, 0.5))
                rows.append(row)
            self.weights.append(rows)
            self.biases.append([0.0] * sizes[layer + 1])

    def forward(self, inputs: list[float]) -> list[list[float]]:
        layers = [inputs]
        last = len(self.weights) - 1
        for layer in range(len(self.weights)):
            previous = layers[-1]
            activations = []
            for k in range(len(self.weights[layer])):
                z = self.biases[layer][k]
                for i in range(len(previous)):
                    z += self.weights[layer][k][i] * previous[i]
                if layer < last and z < 0.0:
                    z = 0.0  # ReLU in hidden layers, identity at the output
                activations.append(z)
            layers.append(activations)
        return layers

    def train_step(self, inputs: list[float], targets: list[float], learning_rate: float) -> float:
        layers = self.forward(inputs)
        outputs = layers[-1]
        loss = 0.0
        deltas = []
        for k in range(len(outputs)):
            error = targets[k] - outputs[k]
            loss += error * error
            deltas.append(2.0 * error)  # identity output: f'(z) = 1
        all_deltas = [deltas]
        for layer in range(len(self.weights) - 1, 0, -1):
            next_deltas = all_deltas[0]
            hidden = layers[layer]
            deltas = []
            for h in range(len(hidden)):
                blame = 0.0
                for k in range(len(next_deltas)):
                    blame += next_deltas[k] * self.weights[layer][k][h]
                deltas.append(blame if hidden[h] > 0.0 else 0.0)  # ReLU slope: 1 or 0
            all_deltas.insert(0, deltas)
        for layer in range(len(self.weights)):
            previous = layers[layer]
            for k in range(len(self.weights[layer])):
                step = learning_rate * all_deltas[layer][k]
                for i in range(len(previous)):
                    self.weights[layer][k][i] += step * previous[i]
                self.biases[layer][k] += step
        return loss

    def train(self, examples: list[Example], epochs: int, learning_rate: float, seed: int = 0) -> None:
        rng = random.Random(seed)
        order = list(range(len(examples)))
        for _ in range(epochs):
            rng.shuffle(order)
            for index in order:
                inputs, targets = examples[index]
                self.train_step(inputs, targets, learning_rate)


# --------------------------------------------------------------------------
# The three contenders, each timed on the same examples.
# --------------------------------------------------------------------------


def fresh_network(sizes: list[int]) -> Network:
    return Network(sizes, activation="relu", output_activation="identity", seed=0)


def time_fast_path(sizes: list[int], examples: list[Example], epochs: int,
                   learning_rate: float) -> float:
    """nnbook's ``train``, as a user calls it: every step goes through nnbook.fast."""
    network = fresh_network(sizes)
    start = time.process_time()
    train(network, examples, epochs=epochs, learning_rate=learning_rate, seed=0)
    return time.process_time() - start


def time_teaching_core(sizes: list[int], examples: list[Example], epochs: int,
                       learning_rate: float) -> float:
    """The teaching core's step, in the same shuffled loop as ``train``.

    That is chapter 5's plain ⟨take one training step⟩: ``downhill``, then the
    optimizer's ``step``.
    """
    network = fresh_network(sizes)
    optimizer = SGD(learning_rate)
    rng = random.Random(0)
    start = time.process_time()
    for _ in range(epochs):
        order = list(range(len(examples)))
        rng.shuffle(order)
        for index in order:
            total = downhill(network, [examples[index]])
            optimizer.step(network, total)
    return time.process_time() - start


def time_straightforward(sizes: list[int], examples: list[Example], epochs: int, learning_rate: float) -> float:
    network = StraightforwardNetwork(sizes, seed=0)
    start = time.process_time()
    network.train(examples, epochs, learning_rate, seed=0)
    return time.process_time() - start


def time_micrograd(sizes: list[int], examples: list[Example], epochs: int, learning_rate: float) -> float:
    from micrograd.nn import MLP  # ReLU in every layer but the last, which is linear

    random.seed(0)
    model = MLP(sizes[0], sizes[1:])
    parameters = model.parameters()
    rng = random.Random(0)
    order = list(range(len(examples)))
    start = time.process_time()
    for _ in range(epochs):
        rng.shuffle(order)
        for index in order:
            inputs, targets = examples[index]
            outputs = model(inputs)
            if not isinstance(outputs, list):
                outputs = [outputs]
            loss = sum((output - target) ** 2 for output, target in zip(outputs, targets))
            model.zero_grad()
            loss.backward()
            for p in parameters:
                p.data -= learning_rate * p.grad
    return time.process_time() - start


def best_rates(contenders: dict[str, Callable[[], float]], counts: dict[str, int], repeats: int) -> dict[str, float]:
    """Examples per second for each contender: the best of ``repeats`` rounds.

    Within a round the contenders take turns, so a burst of load from other
    programs hurts them all alike rather than whichever happened to run then.
    Before each run the garbage collector clears what the previous contender
    left behind (micrograd leaves thousands of objects linked in cycles), so
    that nobody pays for somebody else's garbage.
    """
    best = dict.fromkeys(contenders, float("inf"))
    for _ in range(repeats):
        for name, run in contenders.items():
            gc.collect()
            best[name] = min(best[name], run())
    return {name: counts[name] / seconds for name, seconds in best.items()}


def xor_examples() -> list[Example]:
    return [([0.0, 0.0], [0.0]), ([0.0, 1.0], [1.0]), ([1.0, 0.0], [1.0]), ([1.0, 1.0], [0.0])]


def digits_examples() -> list[Example]:
    from nnbook.datasets import digits

    return digits()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="fewer examples and repeats: a rough figure")
    parser.add_argument("--repeats", type=int, default=None, help="runs per figure; the best one counts")
    options = parser.parse_args()
    repeats = options.repeats or (3 if options.quick else 9)
    try:
        import micrograd  # noqa: F401

        have_micrograd = True
    except ImportError:
        have_micrograd = False

    print(f"Python {platform.python_version()} ({platform.python_implementation()}) on {platform.machine()}, "
          f"{platform.system()}; processor: {processor_name()}")
    print(f"best of {repeats} runs; examples per second (forward + backward + update, one example per step)\n")

    cases = [
        # name, sizes, examples, epochs, micrograd's epochs, learning rate, target ratio
        ("XOR 2-4-1", [2, 4, 1], xor_examples(), 500 if options.quick else 2500, 40,
         0.05, 1.3),
        ("digits 64-32-10", [64, 32, 10], digits_examples()[:500],
         1 if options.quick else 2, 1, 0.01, 1.0),
    ]
    for name, sizes, examples, epochs, micrograd_epochs, rate, target in cases:
        contenders: dict[str, Callable[[], float]] = {
            "fast path": partial(time_fast_path, sizes, examples, epochs, rate),
            "teaching core": partial(time_teaching_core, sizes, examples, epochs, rate),
            "straightforward": partial(time_straightforward, sizes, examples, epochs, rate),
        }
        counts = dict.fromkeys(contenders, len(examples) * epochs)
        if have_micrograd:
            # micrograd is slow: a few examples give a steady figure.
            few = examples[:20]
            contenders["micrograd"] = partial(time_micrograd, sizes, few, micrograd_epochs, rate)
            counts["micrograd"] = len(few) * micrograd_epochs
        row = best_rates(contenders, counts, repeats)
        print(f"{name}:")
        for contender, value in row.items():
            print(f"  {contender:<16} {value:>12,.0f} examples/s")
        loops = row["straightforward"]
        fast, teaching = loops / row["fast path"], loops / row["teaching core"]
        print(f"  time ÷ the straightforward loops' time: fast path {fast:.2f} "
              f"(target: at most {target:.1f}), teaching core {teaching:.2f}")
        if have_micrograd:
            times = row["fast path"] / row["micrograd"]
            print(f"  the fast path is {times:,.0f}× as fast as micrograd "
                  f"(target on digits: at least 200×)")
        else:
            print("  micrograd is not installed (pip install micrograd): no comparison")
        print()
    print_matrix_paths(options.quick, repeats)
    print_digits_training()


def print_digits_training() -> None:
    """Time the book's full digits run (chapter "Reading handwritten digits"), by the wall clock."""
    from nnbook.datasets import digits, split
    from nnbook.training import evaluate

    parts = split(digits(), validation=0.15, test=0.15, seed=0)
    network = Network([64, 64, 10], activation="relu", output_activation="softmax", loss="cross_entropy",
                      init="he", seed=0)
    start = time.perf_counter()
    train(network, parts.train, epochs=10, learning_rate=0.05, seed=0, validation=parts.validation)
    seconds = time.perf_counter() - start
    _, accuracy = evaluate(network, parts.test)
    print(f"the book's full digits training (64-64-10, 10 epochs of {len(parts.train)} examples, validation "
          f"after each): {seconds:.1f} s by the wall clock, test accuracy {accuracy:.1%} "
          f"(target: at least 97% in under 30 s)")


# --------------------------------------------------------------------------
# The matrix paths (chapter "From loops to linear algebra"): the same training
# with NumPy and with PyTorch on the CPU, as ratios to the node path.
# --------------------------------------------------------------------------


def print_matrix_paths(quick: bool, repeats: int) -> None:
    """nnbook's node path vs its NumPy path vs PyTorch (CPU), on the same network, data and batch size.

    The digits network above (64-32-10, ReLU hidden, identity output, SSE),
    timed by the book's ``support.speed.compare_backends``: each contender trains a
    fresh copy for the same epochs in the same order, on one processor core, after
    an untimed warm-up; the best of ``repeats`` runs counts.
    """
    try:
        import numpy  # noqa: F401
        import torch  # noqa: F401
    except ImportError:
        print('NumPy or PyTorch is not installed (pip install "nnbook[numpy,torch]"): no matrix-path comparison')
        return
    from support.speed import compare_backends

    network = Network([64, 32, 10], activation="relu", output_activation="identity", seed=0)
    examples = digits_examples()[: 200 if quick else 500]
    epochs = 2 if quick else 4
    print(f"matrix paths, digits 64-32-10 ({len(examples)} examples, {epochs} epoch(s), one core; "
          f"examples per second, and × the node path):")
    for batch_size in (1, 32):
        speeds = compare_backends(network, examples, batch_size=batch_size, epochs=epochs, learning_rate=0.01,
                                  repeat=repeats)
        cells = "   ".join(f"{name} {speed:>9,.0f} (×{speed / speeds['nodes']:.1f})" for name, speed in speeds.items())
        print(f"  batch size {batch_size:>2}:  {cells}")
    print()


def processor_name() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


if __name__ == "__main__":
    main()
