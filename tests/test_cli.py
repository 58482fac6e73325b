"""The ``nnbook`` command (chapter "nnbook in the terminal").

``main`` is called in-process with a list of words, as the book does; one test
runs ``python -m nnbook`` in a subprocess to check the real entry point.
"""

import subprocess
import sys

import pytest

from nnbook import Network, handout
from nnbook.cli import dataset_loaders, default_epochs, main


def run(capsys, *words: str) -> tuple[int, str, str]:
    code = main(list(words))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_walkthrough_tells_the_handouts_numbers(capsys):
    code, out, err = run(capsys, "walkthrough")
    assert code == 0 and err == ""
    for number in ("2.6", "0.9308616", "0.192", "0.001787254", "0.8017873", "0.009885435"):
        assert number in out
    for step in ("1. Net input", "2. Activation", "3. Delta of the output node", "4. Weight change",
                 "5. Delta of h1", "6. New weights"):
        assert step in out


def test_walkthrough_computes_rather_than_quotes(capsys, monkeypatch):
    monkeypatch.setattr(handout, "LEARNING_RATE", 0.1)
    code, out, _ = run(capsys, "walkthrough")
    assert code == 0
    assert "0.01787254" in out  # ten times the handout's weight change
    assert "0.001787254" not in out


def test_walkthrough_notes_the_handouts_hidden_delta(capsys):
    _, out, _ = run(capsys, "walkthrough")
    assert "0.02473567" in out


def test_train_solves_xor(capsys):
    code, out, err = run(capsys, "train", "--dataset", "xor", "--seed", "0", "--no-progress")
    assert code == 0, err
    assert "Correct: 4 of 4 (100%)" in out
    assert out.count(" right") == 4 and "WRONG" not in out


def test_train_shows_a_progress_bar_with_the_loss(capsys):
    code, _, err = run(capsys, "train", "--epochs", "20")
    assert code == 0
    assert "20/20" in err and "loss=" in err


def test_train_without_tqdm_shows_a_plain_progress_line(capsys, monkeypatch):
    monkeypatch.setitem(sys.modules, "tqdm.auto", None)  # makes "from tqdm.auto import tqdm" fail
    code, out, err = run(capsys, "train", "--epochs", "20")
    assert code == 0, err
    assert "training: 20/20 epochs, loss=" in err and err.endswith("\n")
    assert "Trained for 20 epochs." in out


def test_train_options_shape_the_network(capsys):
    code, out, err = run(capsys, "train", "--hidden", "8,8", "--activation", "relu", "--epochs", "3",
                         "--batch-size", "2", "--learning-rate", "0.1", "--seed", "5", "--no-progress")
    assert code == 0, err
    assert "Training a 2-8-8-1 network (relu, relu, sigmoid; loss sse) on xor" in out
    assert "Trained for 3 epochs." in out


def test_train_without_a_hidden_layer_cannot_learn_xor(capsys):
    code, out, _ = run(capsys, "train", "--hidden", "none", "--epochs", "300", "--no-progress")
    assert code == 0
    assert "a 2-1 network" in out and "WRONG" in out


def test_train_save_then_predict(capsys, tmp_path):
    path = tmp_path / "xor.json"
    code, out, err = run(capsys, "train", "--save", str(path), "--no-progress")
    assert code == 0, err
    assert f"Saved the network to {path}" in out
    network = Network.load(str(path))
    code, out, err = run(capsys, "predict", "--load", str(path), "0", "1", "1", "1")
    assert code == 0, err
    assert f"0, 1 -> {network.predict([0, 1])[0]:.7g}" in out
    assert f"1, 1 -> {network.predict([1, 1])[0]:.7g}" in out


def test_every_builtin_dataset_is_offered(capsys):
    names = dataset_loaders()
    assert {"xor", "handout_example"} <= set(names)
    code, out, _ = run(capsys, "train", "--help")
    assert code == 0
    for name in names:
        assert name in out


def test_default_epochs_suit_the_size_of_the_data_set():
    assert [default_epochs(count) for count in (1, 4, 16, 17, 200, 1000, 1797)] == [2000] * 3 + [200] * 3 + [20]


def test_train_on_the_handout_example(capsys):
    code, out, err = run(capsys, "train", "--dataset", "handout_example", "--epochs", "50", "--no-progress")
    assert code == 0, err
    assert "a 3-4-1 network" in out and "(1 example)" in out


@pytest.mark.parametrize(
    ("words", "phrase"),
    [
        (["train", "--hidden", "4,0"], "every hidden layer needs at least 1 node"),
        (["train", "--hidden", "four"], "expected sizes such as 4 or 8,8"),
        (["train", "--epochs", "0"], "expected a whole number from 1 to 1,000,000, got '0'"),
        (["train", "--epochs", "ten"], "expected a whole number from 1 to 1,000,000, got 'ten'"),
        (["train", "--learning-rate", "-1"], "at least 0"),
        (["train", "--learning-rate", "nan"], "at least 0"),
        (["train", "--batch-size", "1.5"], "expected a whole number"),
        (["train", "--epochs", "9223372036854775808"], "expected a whole number from 1 to 1,000,000"),
        (["train", "--hidden", "4,10001"], "at most 100 hidden layers of at most 10,000 nodes"),
        (["train", "--hidden", ",".join(["2"] * 101)], "at most 100 hidden layers"),
        (["train", "--hidden", "1_0"], "expected sizes such as 4 or 8,8"),
        (["predict", "--load", "x.json", "-inf"], "expected a finite number, got '-inf'"),
        (["predict", "--load", "x.json", "1e999"], "expected a finite number, got '1e999'"),
        (["train", "--dataset", "iris"], "invalid choice: 'iris'"),
        (["train", "--activation", "sigmod"], "invalid choice: 'sigmod'"),
        (["train", "--nonsense"], "unrecognized arguments: --nonsense"),
        (["fly"], "invalid choice: 'fly'"),
        ([], "the following arguments are required: COMMAND"),
        (["predict", "0", "1"], "the following arguments are required: --load"),
    ],
)
def test_bad_options_exit_with_2_and_say_why(capsys, words, phrase):
    code, out, err = run(capsys, *words)
    assert code == 2
    assert phrase in err and "usage: nnbook" in err
    assert out == ""


def test_refusals_from_the_library_are_one_line(capsys, tmp_path):
    path = tmp_path / "net.json"
    Network([2, 3, 1], seed=0).save(str(path))
    code, out, err = run(capsys, "predict", "--load", str(path), "1")
    assert code == 2
    assert err == f"nnbook predict: error: the network in {path} has 2 inputs: give 2 numbers per example, got 1\n"

    path.write_text('{"format": "nnbook-network", "version": 1', encoding="utf-8")
    code, _, err = run(capsys, "predict", "--load", str(path), "0", "1")
    assert code == 2
    assert err.startswith(f"nnbook predict: error: cannot load {path}: this is not valid JSON")
    assert err.count("\n") == 1

    code, _, err = run(capsys, "predict", "--load", str(tmp_path / "missing.json"), "0", "1")
    assert code == 2 and "No such file" in err and err.count("\n") == 1


def test_help_teaches(capsys):
    code, out, _ = run(capsys, "--help")
    assert code == 0
    assert "walkthrough" in out and "train" in out and "predict" in out and "examples:" in out
    code, out, _ = run(capsys, "train", "--help")
    assert code == 0
    for option in ("--hidden", "--activation", "--learning-rate", "--epochs", "--batch-size", "--seed", "--save"):
        assert option in out


@pytest.mark.parametrize("command", [[], ["walkthrough"], ["train"], ["predict"]])
def test_help_fits_an_80_column_terminal(capsys, monkeypatch, command):
    monkeypatch.setenv("COLUMNS", "200")
    code, out, _ = run(capsys, *command, "--help")
    assert code == 0
    assert max(len(line) for line in out.splitlines()) <= 80


def test_version(capsys):
    import nnbook

    code, out, _ = run(capsys, "--version")
    assert code == 0 and out == f"nnbook {nnbook.__version__}\n"


def test_interrupting_training_exits_with_130(capsys, monkeypatch):
    def interrupt(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr("nnbook.cli.train", interrupt)
    code, _, err = run(capsys, "train", "--no-progress")
    assert code == 130 and "interrupted" in err


def test_python_dash_m_nnbook():
    result = subprocess.run(
        [sys.executable, "-m", "nnbook", "--help"], capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("usage: nnbook")
    result = subprocess.run(
        [sys.executable, "-m", "nnbook", "train", "--epochs", "-3"], capture_output=True, text=True, timeout=60,
        check=False,
    )
    assert result.returncode == 2 and "--epochs" in result.stderr
