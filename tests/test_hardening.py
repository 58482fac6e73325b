"""The red-team findings about files, loading, the terminal and the command line.

Issue 15 lists twelve findings; the ones about files and the command line
(1-6, 9, 10 and 12) are tested here, each test named after its finding, plus
the interrupted ``nnbook train --save``. Every FIFO, device node and link is
made in a temporary folder: no test touches a system path such as /dev/null.
Tests that start processes are marked ``slow``; they still run in ``make test``,
each with a timeout and, where a file could make it grow, a memory limit.
"""

import os
import signal
import stat
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

import nnbook
from nnbook import Network, NetworkFileError, load_network, persistence, save_network
from nnbook.cli import main

PYTHON = [sys.executable, "-m", "nnbook"]


def run(capsys, *words: str) -> tuple[int, str, str]:
    code = main(list(words))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def temporaries(folder: Path) -> list[str]:
    return sorted(
        p.name for p in folder.iterdir() if persistence.TEMPORARY_NAME.fullmatch(p.name)
    )


# --- finding 1: saving replaced whatever sat at the target path -----------------


def test_finding_1_a_fifo_survives_saving(tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    with pytest.raises(OSError) as caught:
        Network([2, 1], seed=0).save(str(fifo))
    expected = "it is a FIFO (a named pipe); nnbook only ever replaces a regular file"
    assert str(caught.value) == f"cannot save to {fifo}: {expected}"
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert temporaries(tmp_path) == []


def test_finding_1_a_device_node_survives_saving(tmp_path):
    device = tmp_path / "null-like"
    try:
        os.mknod(device, stat.S_IFCHR | 0o600, os.makedev(1, 3))
    except (
        PermissionError,
        AttributeError,
    ) as error:  # not root, or a system without mknod
        pytest.skip(f"cannot make a device node here: {error}")
    with pytest.raises(
        OSError,
        match="it is a character device; nnbook only ever replaces a regular file",
    ):
        save_network(Network([2, 1], seed=0), device)
    assert stat.S_ISCHR(os.lstat(device).st_mode)
    with pytest.raises(
        NetworkFileError, match="it is a character device, not a regular file"
    ):
        load_network(device)


def test_finding_1_a_folder_is_not_replaced(tmp_path, capsys):
    (tmp_path / "folder").mkdir()
    code, out, err = run(
        capsys,
        "train",
        "--epochs",
        "1",
        "--no-progress",
        "--save",
        str(tmp_path / "folder"),
    )
    assert code == 2 and out == ""
    reason = "it is a folder; nnbook only ever replaces a regular file"
    assert (
        err == f"nnbook train: error: cannot save to {tmp_path / 'folder'}: {reason}\n"
    )
    code, _, err = run(
        capsys,
        "train",
        "--epochs",
        "1",
        "--no-progress",
        "--save",
        str(tmp_path) + "/new/",
    )
    assert code == 2 and "names a folder" in err


def test_finding_1_a_symbolic_link_stays_a_link_and_its_target_is_updated(tmp_path):
    real, link = tmp_path / "real.json", tmp_path / "link.json"
    Network([2, 1], seed=0).save(str(real))
    link.symlink_to("real.json")
    network = Network([2, 1], seed=1)
    network.save(str(link))
    assert link.is_symlink() and os.readlink(link) == "real.json"
    assert load_network(real).weights == network.weights

    dangling = tmp_path / "dangling.json"
    dangling.symlink_to("made-by-save.json")
    network.save(str(dangling))
    assert (
        dangling.is_symlink()
        and load_network(tmp_path / "made-by-save.json").weights == network.weights
    )

    loop = tmp_path / "loop.json"
    loop.symlink_to("loop.json")
    with pytest.raises(
        OSError, match=f"cannot save to {loop}: Too many levels of symbolic links"
    ):
        network.save(str(loop))
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    (tmp_path / "to-pipe").symlink_to("pipe")
    with pytest.raises(OSError, match="it is a FIFO"):
        network.save(str(tmp_path / "to-pipe"))


def test_finding_1_a_private_file_stays_private_and_a_new_one_follows_the_umask(
    tmp_path,
):
    private = tmp_path / "private.json"
    private.write_text("old", encoding="utf-8")
    private.chmod(0o600)
    Network([2, 1], seed=0).save(str(private))
    assert stat.S_IMODE(private.stat().st_mode) == 0o600
    assert load_network(private).sizes == [2, 1]

    old = os.umask(0o077)
    try:
        Network([2, 1], seed=0).save(str(tmp_path / "new.json"))
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "new.json").stat().st_mode) == 0o600


# --- finding 2: loading parsed everything before checking anything ---------------

HOSTILE_SCRIPT = textwrap.dedent(
    """
    import resource, sys
    resource.setrlimit(resource.RLIMIT_AS, (1_500_000_000, 1_500_000_000))
    from nnbook.cli import main
    for path in sys.argv[1:]:
        print(main(["predict", "--load", path, "0", "1"]), flush=True)
    """
)


def hostile_files(folder: Path, size: int) -> dict[str, Path]:
    """Files of about ``size`` bytes, each made to cost as much memory as possible."""
    header = '{"format": "nnbook-network", "version": 1, '
    contents = {
        "empty lists": "[" + "[]," * (size // 3) + "[]]",
        "many numbers": header + '"sizes": [' + "1," * (size // 2) + "1]}",
        "deep nesting": "[" * size,
        "one huge text": header + '"sizes": [2, 1], "loss": "' + "a" * size + '"}',
        "one huge number": header + '"version": ' + "9" * size + "}",
    }
    paths = {}
    for name, text in contents.items():
        path = folder / (name.replace(" ", "-") + ".json")
        path.write_text(text, encoding="ascii")
        paths[name] = path
    return paths


@pytest.mark.slow
def test_finding_2_a_100_mb_hostile_file_is_refused_under_a_1_5_gb_memory_limit(
    tmp_path,
):
    paths = hostile_files(tmp_path, 99_000_000)
    result = subprocess.run(
        [sys.executable, "-c", HOSTILE_SCRIPT, *map(str, paths.values())],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.split() == ["2"] * len(paths)
    lines = result.stderr.splitlines()
    assert "Traceback" not in result.stderr and "MemoryError" not in result.stderr
    assert len(lines) == len(paths)
    for line, path in zip(lines, paths.values()):
        assert line.startswith(f"nnbook predict: error: cannot load {path}: ")


def test_finding_2_counting_refuses_before_parsing(tmp_path, monkeypatch):
    def parse_nothing(*args, **kwargs):
        raise AssertionError(
            "the file was parsed although counting should have refused it"
        )

    monkeypatch.setattr(persistence.json, "loads", parse_nothing)
    for name, limit in (
        ("MAX_WEIGHTS", 10_000),
        ("MAX_NODES", 1_000),
        ("MAX_LAYERS", 10),
    ):
        monkeypatch.setattr(persistence, name, limit)
    paths = hostile_files(tmp_path, 100_000)
    for name in ("empty lists", "many numbers", "deep nesting"):
        with pytest.raises(
            NetworkFileError, match="a network within nnbook's limits needs at most"
        ):
            load_network(paths[name])


@pytest.mark.parametrize(
    ("sizes", "phrase"),
    [
        ([1] * 1002, "it claims 1,001 weight layers; nnbook loads at most 1,000"),
        ([1, 999_999, 1], "it claims 1,000,001 nodes"),
        (
            [4000, 3000, 1],
            "it claims 12,003,000 weights; nnbook loads at most 10,000,000",
        ),
    ],
)
def test_finding_2_claims_beyond_the_limits_are_refused_before_any_weight_is_read(
    tmp_path, sizes, phrase
):
    path = tmp_path / "claim.json"
    text = f'{{"format": "nnbook-network", "version": 1, "sizes": {sizes}, '
    text += '"activations": "not read", '
    path.write_text(
        text + '"loss": "sse", "weights": "not read", "biases": "not read"}',
        encoding="utf-8",
    )
    with pytest.raises(NetworkFileError, match=phrase):
        load_network(path)


def test_finding_2_a_network_that_could_not_be_loaded_again_is_not_saved(
    tmp_path, monkeypatch
):
    monkeypatch.setattr(persistence, "MAX_LAYERS", 2)
    with pytest.raises(ValueError, match="could not be loaded again: it claims 3 weight"):
        Network([2, 2, 2, 1], seed=0).save(str(tmp_path / "deep.json"))
    assert list(tmp_path.iterdir()) == []


def test_finding_2_a_huge_file_is_refused_before_it_is_read(tmp_path, monkeypatch):
    path = tmp_path / "big.json"
    Network([2, 2, 1], seed=0).save(str(path))
    monkeypatch.setattr(persistence, "MAX_FILE_BYTES", 100)

    class Unreadable:
        def __init__(self, handle, mode):
            self.file = open(handle, mode)  # closed in __exit__

        def __enter__(self):
            return self

        def __exit__(self, *exception):
            self.file.close()

        def fileno(self):
            return self.file.fileno()

        def read(self, size=-1):
            raise AssertionError(
                "the file was read although its size says it is too large"
            )

    monkeypatch.setattr(persistence, "open", Unreadable, raising=False)
    with pytest.raises(NetworkFileError, match="larger than 100 bytes"):
        load_network(path)


# --- finding 3: text from a file reached the terminal raw -----------------------


def test_finding_3_a_key_with_a_newline_cannot_forge_a_line_of_output(tmp_path, capsys):
    path = tmp_path / "forged.json"
    Network([2, 1], seed=0).save(str(path))
    text = path.read_text(encoding="utf-8")
    forged = '"\\n  0, 1 -> 0.9999999\\u001b]0;owned\\u0007": 1,\n  "format"'
    path.write_text(text.replace('"format"', forged, 1), encoding="utf-8")
    code, out, err = run(capsys, "predict", "--load", str(path), "0", "1")
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and "\x1b" not in err and "\x07" not in err
    assert "'\\n  0, 1 -> 0.9999999\\x1b]0;owned\\x07'" in err


def test_finding_3_a_file_name_with_control_characters_is_shown_escaped(
    tmp_path, capsys
):
    name = tmp_path / "net\n  0, 1 -> 1\x1b[31m.json"
    Network([2, 1], seed=0).save(str(name))
    code, out, err = run(capsys, "predict", "--load", str(name), "0", "1")
    assert code == 0, err
    assert "\x1b" not in out and out.count("\n") == 3
    assert repr(str(name)) in out
    code, out, err = run(capsys, "predict", "--load", str(name) + "\x1b[2J", "0", "1")
    assert code == 2 and "\x1b" not in err and err.count("\n") == 1
    code, _, err = run(
        capsys, "train", "\x1b]0;owned\x07"
    )  # argparse shows unknown words as typed
    assert (
        code == 2
        and "\x1b" not in err
        and "unrecognized arguments: \\x1b]0;owned\\x07" in err
    )


# --- finding 4: --load on a FIFO hung for ever -----------------------------------


@pytest.mark.slow
def test_finding_4_loading_a_fifo_is_refused_at_once(tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    started = time.monotonic()
    result = subprocess.run(
        [*PYTHON, "predict", "--load", str(fifo), "0", "1"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert time.monotonic() - started < 30
    assert result.returncode == 2
    expected = f"cannot load {fifo}: it is a FIFO (a named pipe), not a regular file"
    assert result.stderr == f"nnbook predict: error: {expected}\n"


def test_finding_4_a_folder_is_refused_as_a_network_file(tmp_path):
    with pytest.raises(NetworkFileError, match="it is a folder, not a regular file"):
        load_network(tmp_path)


# --- finding 5: --save "" and --save nodir/x.json --------------------------------


def test_finding_5_an_empty_save_path_is_refused(capsys):
    code, out, err = run(
        capsys, "train", "--epochs", "1", "--no-progress", "--save", ""
    )
    assert code == 2 and out == ""
    assert "path must be a file name" in err and "empty" in err


def test_finding_5_an_unwritable_destination_is_refused_before_training(
    tmp_path, capsys, monkeypatch
):
    def no_training(*args, **kwargs):
        raise AssertionError("training started although the network could not be saved")

    monkeypatch.setattr("nnbook.cli.train", no_training)
    target = str(tmp_path / "nodir" / "x.json")
    code, out, err = run(capsys, "train", "--save", target)
    assert code == 2 and out == ""
    assert err.startswith(
        f"nnbook train: error: cannot save to {target}: there is no folder"
    )
    assert ".nnbook-" not in err and ".tmp" not in err
    assert temporaries(tmp_path) == []


def test_finding_5_a_failing_save_names_the_given_path_not_the_temporary_file(
    tmp_path, monkeypatch
):
    def full(*args, **kwargs):
        raise OSError(
            28, "No space left on device", str(tmp_path / ".nnbook-12345678.x.json.tmp")
        )

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(OSError) as caught:
        Network([2, 1], seed=0).save(str(tmp_path / "x.json"))
    assert (
        str(caught.value)
        == f"cannot save to {tmp_path / 'x.json'}: No space left on device"
    )
    assert list(tmp_path.iterdir()) == []


# --- finding 6: --epochs 9223372036854775808 crashed in the progress bar ---------


@pytest.mark.parametrize(
    ("words", "phrase"),
    [
        (
            ["--epochs", "9223372036854775808"],
            "--epochs: expected a whole number from 1 to 1,000,000",
        ),
        (
            ["--epochs", "1000001"],
            "--epochs: expected a whole number from 1 to 1,000,000",
        ),
        (["--epochs", "1_000"], "--epochs: expected a whole number"),
        (
            ["--epochs", "\u0661\u0660"],
            "--epochs: expected a whole number",
        ),  # Arabic-Indic digits
        (["--hidden", "10001"], "at most 100 hidden layers of at most 10,000 nodes"),
        (["--batch-size", "1e3"], "--batch-size: expected a whole number"),
        (["--seed", "-1"], "--seed: expected a whole number from 0"),
        (
            ["--learning-rate", "inf"],
            "--learning-rate: expected a finite number of at least 0",
        ),
    ],
)
def test_finding_6_limits_are_refused_with_a_message_not_a_traceback(
    capsys, words, phrase
):
    code, out, err = run(capsys, "train", *words)
    assert code == 2 and out == ""
    assert phrase in err and "Traceback" not in err


# --- finding 9: negative numbers in any notation are inputs ---------------------


def test_finding_9_negative_numbers_in_any_notation_are_inputs(tmp_path, capsys):
    path = tmp_path / "net.json"
    network = Network([2, 1], activation="identity", seed=0)
    network.save(str(path))
    code, out, err = run(
        capsys, "predict", "--load", str(path), "-1e5", "1", "-.5", "-1.", "+2", "-1E-3"
    )
    assert code == 0, err
    assert f"-100000, 1 -> {network.predict([-1e5, 1])[0]:.7g}" in out
    assert f"-0.5, -1 -> {network.predict([-0.5, -1.0])[0]:.7g}" in out
    assert f"2, -0.001 -> {network.predict([2.0, -1e-3])[0]:.7g}" in out
    for word in ("-inf", "-Infinity", "nan", "-1e400"):
        code, out, err = run(capsys, "predict", "--load", str(path), word, "1")
        assert code == 2 and f"expected a finite number, got '{word}'" in err
    code, _, err = run(capsys, "predict", "--load", str(path), "-x", "1")
    assert code == 2 and "unrecognized arguments: -x" in err


# --- finding 10: killed saves left temporary files for ever ----------------------


def test_finding_10_stale_temporary_files_are_swept_but_only_nnbooks_own_and_old(
    tmp_path,
):
    hour_ago = time.time() - persistence.STALE_SECONDS - 60
    stale = tmp_path / ".nnbook-abcd1234.net.json.tmp"
    legacy = tmp_path / ".nnbook-x_y7z9q2.tmp"  # the names of earlier versions
    young = tmp_path / ".nnbook-0123abcd.net.json.tmp"  # a save running at this moment
    foreign = tmp_path / ".nnbook-notes.tmp"
    folder = tmp_path / ".nnbook-fold1234.tmp"
    for path in (stale, legacy, young, foreign):
        path.write_text("partial", encoding="utf-8")
    folder.mkdir()
    link = tmp_path / ".nnbook-link1234.tmp"
    link.symlink_to(foreign)
    for path in (stale, legacy, foreign, folder):
        os.utime(path, (hour_ago, hour_ago))
    os.utime(link, (hour_ago, hour_ago), follow_symlinks=False)

    Network([2, 1], seed=0).save(str(tmp_path / "net.json"))
    assert not stale.exists() and not legacy.exists()
    assert young.exists() and foreign.exists() and folder.is_dir() and link.is_symlink()


def test_finding_10_the_file_and_its_folder_are_synced(tmp_path, monkeypatch):
    synced = []
    real_fsync = os.fsync

    def fsync(handle):
        synced.append(stat.S_IFMT(os.fstat(handle).st_mode))
        real_fsync(handle)

    monkeypatch.setattr(os, "fsync", fsync)
    Network([2, 1], seed=0).save(str(tmp_path / "net.json"))
    assert synced == [stat.S_IFREG, stat.S_IFDIR]


KILLED_WRITER = textwrap.dedent(
    """
    import resource, sys
    resource.setrlimit(resource.RLIMIT_AS, (1_000_000_000, 1_000_000_000))
    from nnbook import Network
    target = sys.argv[1]
    networks = [Network([40, 200, 10], seed=seed) for seed in (1, 2)]
    print("ready", flush=True)
    while True:
        for network in networks:
            network.save(target)
    """
)


@pytest.mark.slow
def test_finding_10_kill_9_during_saves_leaves_the_old_or_the_new_file(tmp_path):
    target = tmp_path / "net.json"
    expected = []
    for seed in (1, 2):
        Network([40, 200, 10], seed=seed).save(str(target))
        expected.append(target.read_bytes())
    for round_ in range(8):
        writer = subprocess.Popen(
            [sys.executable, "-c", KILLED_WRITER, str(target)], stdout=subprocess.PIPE
        )
        try:
            assert writer.stdout is not None and writer.stdout.readline() == b"ready\n"
            time.sleep(0.05 + 0.04 * round_)
        finally:
            writer.kill()
            writer.wait(timeout=60)
        assert (
            target.read_bytes() in expected
        )  # always a complete network, one of the two
    for leftover in tmp_path.iterdir():
        if leftover != target:  # what the killed saves left, made old for the sweep
            os.utime(leftover, (0, 0))
    Network([2, 1], seed=0).save(str(target))
    assert [p.name for p in tmp_path.iterdir()] == ["net.json"]


CONCURRENT_WRITER = textwrap.dedent(
    """
    import resource, sys
    resource.setrlimit(resource.RLIMIT_AS, (1_000_000_000, 1_000_000_000))
    from nnbook import Network
    network = Network([20, 50, 3], seed=int(sys.argv[2]))
    for _ in range(40):
        network.save(sys.argv[1])
    """
)


@pytest.mark.slow
def test_finding_10_concurrent_writers_never_mix_their_files(tmp_path):
    target = tmp_path / "net.json"
    seeds = (1, 2, 3)
    expected = set()
    for seed in seeds:
        Network([20, 50, 3], seed=seed).save(str(target))
        expected.add(target.read_bytes())
    writers = [
        subprocess.Popen(
            [sys.executable, "-c", CONCURRENT_WRITER, str(target), str(seed)]
        )
        for seed in seeds
    ]
    deadline = time.monotonic() + 120
    reads = 0
    while any(writer.poll() is None for writer in writers):
        assert time.monotonic() < deadline, "the writers took too long"
        assert target.read_bytes() in expected
        reads += 1
    assert [writer.returncode for writer in writers] == [0, 0, 0]
    assert reads > 0 and [p.name for p in tmp_path.iterdir()] == ["net.json"]
    assert load_network(target).sizes == [20, 50, 3]


# --- finding 12: broken pipes, plurals, a bare install ---------------------------


@pytest.mark.slow
def test_finding_12_a_closed_pipe_ends_quietly_with_141(tmp_path):
    read_end, write_end = os.pipe()
    os.close(
        read_end
    )  # the reader has gone before nnbook writes a byte, as with `| head -0`
    try:
        result = subprocess.run(
            [*PYTHON, "walkthrough"],
            stdout=write_end,
            stderr=subprocess.PIPE,
            timeout=60,
            check=False,
        )
    finally:
        os.close(write_end)
    assert result.stderr == b""
    assert result.returncode == 141


def test_finding_12_a_closed_pipe_in_process_gives_141(monkeypatch):
    class ClosedPipe:
        def write(self, text):
            raise BrokenPipeError(32, "Broken pipe")

        def flush(self):
            raise BrokenPipeError(32, "Broken pipe")

    monkeypatch.setattr(sys, "stdout", ClosedPipe())
    assert main(["walkthrough"]) == 141


def test_finding_12_one_epoch_is_singular(capsys):
    code, out, _ = run(capsys, "train", "--epochs", "1", "--no-progress")
    assert code == 0 and "Trained for 1 epoch." in out
    code, out, _ = run(
        capsys,
        "train",
        "--epochs",
        "2",
        "--no-progress",
        "--dataset",
        "handout_example",
    )
    assert code == 0 and "Trained for 2 epochs." in out and "(1 example)" in out


def test_finding_12_train_works_without_tqdm(capsys, monkeypatch):
    monkeypatch.setitem(sys.modules, "tqdm.auto", None)
    code, out, err = run(capsys, "train", "--epochs", "3")
    assert code == 0
    assert "Correct:" in out and "training: 3/3 epochs, loss=" in err


# --- Ctrl-C during train --save saves the last complete epoch --------------------


def test_interrupted_training_saves_the_last_complete_epoch(
    tmp_path, capsys, monkeypatch
):
    real_train = nnbook.cli.train

    def interrupted_in_epoch_6(network, examples, **options):
        callback = options["callback"]

        def after_epoch(epoch, history):
            callback(epoch, history)
            if epoch == 5:
                network.weights[0][0][0] = 123.0  # half-way through epoch 6...
                raise KeyboardInterrupt  # ...Ctrl-C

        return real_train(network, examples, **{**options, "callback": after_epoch})

    monkeypatch.setattr(nnbook.cli, "train", interrupted_in_epoch_6)
    path = tmp_path / "net.json"
    code, out, err = run(
        capsys, "train", "--epochs", "100", "--no-progress", "--save", str(path)
    )
    assert code == 130 and "interrupted" in err
    assert f"Interrupted: saved the network after epoch 5 of 100 to {path}." in out
    monkeypatch.setattr(nnbook.cli, "train", real_train)
    reference = tmp_path / "five.json"
    assert (
        run(
            capsys, "train", "--epochs", "5", "--no-progress", "--save", str(reference)
        )[0]
        == 0
    )
    assert path.read_bytes() == reference.read_bytes()


def test_interrupted_in_the_first_epoch_saves_nothing(tmp_path, capsys, monkeypatch):
    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(nnbook.cli, "train", interrupted)
    path = tmp_path / "net.json"
    code, out, _ = run(capsys, "train", "--save", str(path))
    assert code == 130 and "nothing was saved" in out and not path.exists()


@pytest.mark.slow
def test_ctrl_c_during_train_save_saves_a_loadable_network(tmp_path):
    path = tmp_path / "net.json"
    trainer = subprocess.Popen(
        [*PYTHON, "train", "--epochs", "1000000", "--save", str(path)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        # Ctrl-C must reach Python even when the tests run in a background job,
        # where it is ignored.
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    try:
        assert trainer.stderr is not None
        seen = ""
        while "training: " not in seen:  # wait until epochs are being completed
            char = trainer.stderr.read(1)
            assert char, "nnbook train ended before it could be interrupted"
            seen += char
        time.sleep(0.3)
        trainer.send_signal(signal.SIGINT)
        out, err = trainer.communicate(timeout=60)
    finally:
        trainer.kill()
    assert trainer.returncode == 130, err
    assert "Interrupted: saved the network after epoch " in out
    assert load_network(path).sizes == [2, 4, 1]
