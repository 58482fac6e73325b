"""Saving and loading networks (chapter "nnbook in the terminal").

A round trip must give back the very same floats, bit for bit; saving must be
atomic; and every kind of broken file must give a NetworkFileError (a
ValueError) that names the file and the problem.
"""

import json
import os
import pickle
import struct

import pytest
from hypothesis import given
from hypothesis import strategies as st

from nnbook import Network, NetworkFileError, load_network, save_network, train
from nnbook import persistence


def bits(network: Network) -> list[bytes]:
    """Every weight and bias as its 8 bytes, so that equal means bit-identical (-0.0 != 0.0)."""
    numbers = [w for layer in network.weights for row in layer for w in row]
    numbers += [b for layer in network.biases for b in layer]
    return [struct.pack("<d", number) for number in numbers]


AWKWARD = [0.1 + 0.2, 1 / 3, -0.0, 5e-324, -2.2250738585072014e-308, 1.7976931348623157e308, 1e-05, 123456789.1]


def test_round_trip_is_bit_identical(tmp_path):
    network = Network.from_weights(
        [[AWKWARD[:3], AWKWARD[3:6]], [AWKWARD[6:8]]], biases=[[-0.0, 2.0 / 3.0], [1e300]]
    )
    path = tmp_path / "net.json"
    save_network(network, path)
    loaded = load_network(path)
    assert bits(loaded) == bits(network)
    assert loaded.sizes == network.sizes
    assert loaded.activations == network.activations
    assert loaded.loss == network.loss


finite = st.floats(allow_nan=False, allow_infinity=False)


@given(st.lists(st.lists(finite, min_size=3, max_size=3), min_size=1, max_size=4), st.lists(finite, min_size=2))
def test_round_trip_of_random_floats(tmp_path_factory, rows, more):
    weights = [rows, [more[: len(rows)] + [0.5] * (len(rows) - len(more[: len(rows)]))]]
    network = Network.from_weights(weights, activation=["relu", "identity"])
    path = tmp_path_factory.mktemp("nets") / "net.json"
    network.save(str(path))
    assert bits(Network.load(str(path))) == bits(network)


def test_trained_network_predicts_the_same_after_loading(tmp_path):
    xor = [([0.0, 0.0], [0.0]), ([0.0, 1.0], [1.0]), ([1.0, 0.0], [1.0]), ([1.0, 1.0], [0.0])]
    network = Network([2, 3, 1], seed=1)
    train(network, xor, epochs=20, learning_rate=0.5, seed=1)
    path = tmp_path / "xor.json"
    network.save(str(path))
    loaded = Network.load(str(path))
    for inputs, _ in xor:
        assert loaded.predict(inputs) == network.predict(inputs)


def test_file_is_readable_json_with_a_header(tmp_path):
    path = tmp_path / "net.json"
    Network([3, 4, 1], seed=0).save(str(path))
    text = path.read_text(encoding="utf-8")
    data = json.loads(text)
    assert list(data) == list(persistence.KEYS)
    assert data["format"] == "nnbook-network" and data["version"] == 1
    assert data["sizes"] == [3, 4, 1] and data["activations"] == ["sigmoid", "sigmoid"]
    assert text.count("\n") == 22  # one line per row of weights (5 rows), not one per number (16)
    umask = os.umask(0o022)
    os.umask(umask)
    assert oct(path.stat().st_mode & 0o777) == oct(0o666 & ~umask)  # a new file, as the umask says


def test_save_replaces_atomically(tmp_path, monkeypatch):
    path = tmp_path / "net.json"
    old = Network([2, 2, 1], seed=0)
    old.save(str(path))
    before = path.read_bytes()

    def crash(source, target):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(OSError, match="disk full"):
        Network([2, 2, 1], seed=1).save(str(path))
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["net.json"]  # no temporary file left behind


def test_a_network_with_nan_is_refused_and_the_old_file_kept(tmp_path):
    path = tmp_path / "net.json"
    network = Network([2, 1], seed=0)
    network.save(str(path))
    before = path.read_bytes()
    network.weights[0][0][1] = float("nan")
    with pytest.raises(ValueError, match="infinite or NaN"):
        network.save(str(path))
    assert path.read_bytes() == before


def test_save_needs_a_network(tmp_path):
    with pytest.raises(TypeError, match="nnbook Network"):
        save_network([[0.5]], tmp_path / "x.json")  # type: ignore[arg-type]


@pytest.mark.parametrize(("path", "error"), [(None, TypeError), (b"net.json", TypeError), ("", ValueError)])
def test_path_must_name_a_file(path, error):
    with pytest.raises(error, match="path must be a file name"):
        save_network(Network([2, 1], seed=0), path)
    with pytest.raises(error, match="path must be a file name"):
        load_network(path)


def test_missing_file_is_an_os_error(tmp_path):
    with pytest.raises(FileNotFoundError):
        load_network(tmp_path / "nowhere.json")


GOOD = {
    "format": "nnbook-network",
    "version": 1,
    "sizes": [2, 2, 1],
    "activations": ["sigmoid", "sigmoid"],
    "loss": "sse",
    "weights": [[[0.5, -0.25], [0.125, 1.0]], [[2.0, -1.5]]],
    "biases": [[0.0, 0.0], [0.0]],
}


def changed(**changes: object) -> str:
    data = dict(GOOD, **changes)
    return json.dumps({key: value for key, value in data.items() if value is not None})


def without(key: str) -> str:
    return json.dumps({k: v for k, v in GOOD.items() if k != key})


GOOD_TEXT = json.dumps(GOOD)

# (name, file contents, a phrase the error message must contain)
BROKEN: list[tuple[str, str | bytes, str]] = [
    ("empty", "", "the file is empty"),
    ("only spaces", "  \n\t ", "the file is empty"),
    ("cut short", GOOD_TEXT[: len(GOOD_TEXT) // 2], "not valid JSON"),
    ("not JSON", "weights = [0.5, 1.2]", "not valid JSON"),
    ("garbage after the object", GOOD_TEXT + " and then some", "not valid JSON"),
    ("two objects", GOOD_TEXT + GOOD_TEXT, "not valid JSON"),
    ("a list, not an object", json.dumps([GOOD]), "must hold one JSON object"),
    ("another program's JSON", json.dumps({"name": "my model"}), '"format" must be "nnbook-network"'),
    ("missing weights", without("weights"), "missing key(s): weights"),
    ("an extra key", changed(note="hello"), "unexpected key(s) 'note'"),
    ("a key twice", GOOD_TEXT[:-1] + ', "loss": "sse"}', "'loss' appears twice"),
    ("version from the future", changed(version=2), "newer nnbook"),
    ("version as text", changed(version="1"), '"version" must be a whole number'),
    ("NaN weight", GOOD_TEXT.replace("0.125", "NaN"), "NaN is not a finite number"),
    ("Infinity weight", GOOD_TEXT.replace("-1.5", "-Infinity"), "-Infinity is not a finite number"),
    ("overflowing weight", GOOD_TEXT.replace("2.0", "1e999"), "1e999 is too large"),
    ("integer with 5000 digits", GOOD_TEXT.replace("2.0", "9" * 5000), "too many digits"),
    ("text for a weight", GOOD_TEXT.replace("0.125", '"0.125"'), "weights[0][1][0] must be a number, got the text"),
    ("true for a weight", GOOD_TEXT.replace("0.125", "true"), "weights[0][1][0] must be a number, got true/false"),
    ("null for a bias", GOOD_TEXT.replace('"biases": [[0.0, 0.0]', '"biases": [[null, 0.0]'), "biases[0][0]"),
    ("code for a weight", GOOD_TEXT.replace("0.125", '"__import__(\'os\').system(\'rm -rf /\')"'), "must be a number"),
    ("row too short", changed(weights=[[[0.5], [0.125, 1.0]], [[2.0, -1.5]]]), "weights[0][0] must have 2 entries"),
    ("too many rows", changed(weights=[[[0.5, 1], [1, 1], [1, 1]], [[2.0, -1.5]]]), "weights[0] must have 2 entries"),
    ("a layer missing", changed(weights=[[[0.5, -0.25], [0.125, 1.0]]]), "weights must have 2 entries"),
    ("sizes do not match weights", changed(sizes=[3, 2, 1]), "weights[0][0] must have 3 entries"),
    ("one size only", changed(sizes=[2]), '"sizes" must list at least two layer sizes'),
    ("a layer of no nodes", changed(sizes=[2, 0, 1]), "sizes[1] must be a whole number of at least 1"),
    ("a size as text", changed(sizes=["2", 2, 1]), "sizes[0] must be a whole number"),
    ("unknown activation", changed(activations=["sigmoid", "sigmod"]), "activations[1]: activation must be one of"),
    ("too few activations", changed(activations=["sigmoid"]), "activations must have 2 entries"),
    ("activation not a name", changed(activations=["sigmoid", {"name": "relu"}]), "activations[1] must be a short"),
    ("unknown loss", changed(loss="mse!"), "loss: loss must be one of"),
    ("biases too long", changed(biases=[[0.0, 0.0, 0.0], [0.0]]), "biases[0] must have 2 entries"),
    ("deep nesting", "[" * 100_000 + "]" * 100_000, "nested far too deeply"),
    ("not text", b"\x80\x04\x95 binary \xff\xfe", "not a text file"),
    ("a pickle", pickle.dumps({"weights": [[0.5]]}), "not a text file"),
]


@pytest.mark.parametrize(("contents", "phrase"), [case[1:] for case in BROKEN], ids=[case[0] for case in BROKEN])
def test_broken_file_gives_a_clear_error(tmp_path, contents, phrase):
    path = tmp_path / "broken.json"
    if isinstance(contents, bytes):
        path.write_bytes(contents)
    else:
        path.write_text(contents, encoding="utf-8")
    with pytest.raises(NetworkFileError) as caught:
        load_network(path)
    message = str(caught.value)
    assert isinstance(caught.value, ValueError)
    assert message.startswith(f"cannot load {path}: ")
    assert phrase in message
    assert "\n" not in message and len(message) < 300 + len(str(path))


def test_there_are_at_least_twenty_broken_files():
    assert len({name for name, _, _ in BROKEN}) >= 20


def test_the_good_file_loads(tmp_path):
    path = tmp_path / "good.json"
    path.write_text(GOOD_TEXT, encoding="utf-8")
    network = load_network(path)
    assert network.weights == GOOD["weights"] and network.sizes == [2, 2, 1]


def test_a_huge_file_is_refused_unread(tmp_path, monkeypatch):
    monkeypatch.setattr(persistence, "MAX_FILE_BYTES", 100)
    path = tmp_path / "big.json"
    path.write_text(GOOD_TEXT, encoding="utf-8")
    with pytest.raises(NetworkFileError, match="larger than 100 bytes"):
        load_network(path)
