"""The teacher's kit, ``nnbook practice`` (appendix "For teachers").

The key is recomputed here without nnbook: once with the formulas written out
for a network with one hidden layer, and once from the loss alone, by finite
differences. Slips are planted in answers and must be named by the checker.
"""

import json
import math
import os
import re
import stat

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nnbook import Network
from nnbook.cli import main
from nnbook.practice import (
    SLIPS,
    Table,
    answer_key,
    apart,
    check_answers,
    class_set,
    close,
    flatten,
    hand_step,
    kind_of,
    latex_text,
    practice_example,
    slipped_answers,
    to_html,
    to_latex,
    to_markdown,
    worksheet,
)

seeds = st.integers(min_value=0, max_value=10**9)
# capsys and tmp_path_factory are fine to share between inputs: ``run`` reads and
# clears the captured output each time, and each input gets its own folder.
SHARED = [HealthCheck.function_scoped_fixture]
FIELDS = ["seed", "sizes", "activation", "loss", "learning_rate", "inputs", "targets",
          "weights", "biases", "answers"]
ANSWERS = ["net_inputs", "activations", "loss", "deltas", "new_weights", "new_biases"]


def run(capsys, *words: str) -> tuple[int, str, str]:
    code = main(list(words))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def example_json(capsys, seed: int) -> dict:
    code, out, err = run(capsys, "practice", "--seed", str(seed), "--json")
    assert code == 0 and err == ""
    return json.loads(out)


# --- The key, recomputed without nnbook ------------------------------------------

def sigmoid(z: float) -> float:
    return 1 / (1 + math.exp(-z))


def forward(x, weights, biases):
    """Net inputs and activations of the hidden and output layer."""
    (w1, w2), (b1, b2) = weights, biases
    z1 = [b1[j] + sum(w1[j][i] * x[i] for i in range(len(x))) for j in range(len(w1))]
    h = [sigmoid(z) for z in z1]
    z2 = [b2[k] + sum(w2[k][j] * h[j] for j in range(len(h))) for k in range(len(w2))]
    o = [sigmoid(z) for z in z2]
    return z1, h, z2, o


def independent_step(e: dict) -> dict:
    """One step of backpropagation, written out for one hidden layer."""
    x, y, rate = e["inputs"], e["targets"], e["learning_rate"]
    (w1, w2), (b1, b2) = e["weights"], e["biases"]
    z1, h, z2, o = forward(x, e["weights"], e["biases"])
    loss = sum((y[k] - o[k]) ** 2 for k in range(len(o)))
    d2 = [2 * (y[k] - o[k]) * o[k] * (1 - o[k]) for k in range(len(o))]
    d1 = [h[j] * (1 - h[j]) * sum(d2[k] * w2[k][j] for k in range(len(o)))
          for j in range(len(h))]
    new_w1 = [[w1[j][i] + rate * d1[j] * x[i] for i in range(len(x))] for j in range(len(h))]
    new_w2 = [[w2[k][j] + rate * d2[k] * h[j] for j in range(len(h))] for k in range(len(o))]
    new_b1 = [b1[j] + rate * d1[j] for j in range(len(h))]
    new_b2 = [b2[k] + rate * d2[k] for k in range(len(o))]
    return {"net_inputs": [z1, z2], "activations": [h, o], "loss": loss, "deltas": [d1, d2],
            "new_weights": [new_w1, new_w2], "new_biases": [new_b1, new_b2]}


def loss_of(e: dict, weights, biases) -> float:
    o = forward(e["inputs"], weights, biases)[3]
    return sum((y - a) ** 2 for y, a in zip(e["targets"], o))


def finite_difference_step(e: dict) -> tuple[list, list]:
    """New weights and biases as w - α·∂L/∂w, the slopes by central differences."""
    step = 1e-6
    new_weights = json.loads(json.dumps(e["weights"]))
    new_biases = json.loads(json.dumps(e["biases"]))
    for values, new in ((e["weights"], new_weights), (e["biases"], new_biases)):
        for place in flatten(values):
            *outer, last = place
            up, down = json.loads(json.dumps(values)), json.loads(json.dumps(values))
            for copy, sign in ((up, 1), (down, -1)):
                row = copy
                for index in outer:
                    row = row[index]
                row[last] += sign * step
            both = (up, e["biases"]) if values is e["weights"] else (e["weights"], up)
            low = (down, e["biases"]) if values is e["weights"] else (e["weights"], down)
            slope = (loss_of(e, *both) - loss_of(e, *low)) / (2 * step)
            row = new
            for index in outer:
                row = row[index]
            row[last] -= e["learning_rate"] * slope
    return new_weights, new_biases


def assert_all_close(got, expected, tolerance=1e-9):
    got, expected = flatten(got), flatten(expected)
    assert got.keys() == expected.keys()
    for place in expected:
        assert math.isclose(got[place], expected[place], rel_tol=tolerance, abs_tol=tolerance), place


def is_tenth(value: float) -> bool:
    return value == round(value, 1)


@settings(max_examples=40, deadline=None, suppress_health_check=SHARED)
@given(seed=seeds)
def test_json_has_the_issues_shape_and_hand_sized_numbers(capsys, seed):
    e = example_json(capsys, seed)
    assert list(e) == FIELDS and list(e["answers"]) == ANSWERS
    assert e["seed"] == seed and e["activation"] == "sigmoid" and e["loss"] == "sse"
    sizes = e["sizes"]
    assert len(sizes) == 3 and sizes[0] in (2, 3) and sizes[1] in (2, 3) and sizes[2] in (1, 2)
    assert e["learning_rate"] in (0.1, 0.2, 0.5, 1.0)
    assert len(e["inputs"]) == sizes[0] and len(e["targets"]) == sizes[-1]
    for layer in range(2):
        assert len(e["weights"][layer]) == sizes[layer + 1]
        assert all(len(row) == sizes[layer] for row in e["weights"][layer])
        assert len(e["biases"][layer]) == sizes[layer + 1]
    for value in flatten([e["inputs"], e["targets"], e["weights"], e["biases"]]).values():
        assert isinstance(value, float) and is_tenth(value) and -1 <= value <= 1
    answers = e["answers"]
    assert isinstance(answers["loss"], float)
    for name in ("net_inputs", "activations", "deltas", "new_biases"):
        assert [len(layer) for layer in answers[name]] == sizes[1:]
    assert [[len(row) for row in layer] for layer in answers["new_weights"]] == [
        [sizes[0]] * sizes[1], [sizes[1]] * sizes[2]]


@settings(max_examples=40, deadline=None, suppress_health_check=SHARED)
@given(seed=seeds)
def test_every_answer_is_right_without_nnbook(capsys, seed):
    e = example_json(capsys, seed)
    assert_all_close(e["answers"], independent_step(e))
    new_weights, new_biases = finite_difference_step(e)
    assert_all_close(e["answers"]["new_weights"], new_weights, tolerance=1e-6)
    assert_all_close(e["answers"]["new_biases"], new_biases, tolerance=1e-6)


@settings(max_examples=30, deadline=None)
@given(seed=seeds)
def test_the_key_is_nnbooks_own_step_and_the_hand_step(seed):
    example = practice_example(seed)
    key = answer_key(example)
    network = Network.from_weights(example.weights, example.biases)
    layers = network.forward(example.inputs)
    loss = network.train_step(example.inputs, example.targets, example.learning_rate)
    assert key["loss"] == loss and key["activations"] == layers[1:]
    assert key["new_weights"] == network.weights and key["new_biases"] == network.biases
    assert_all_close(hand_step(example), key, tolerance=1e-12)


def test_the_same_seed_gives_the_same_worksheet(capsys):
    first = run(capsys, "practice", "--seed", "12")
    assert first == run(capsys, "practice", "--seed", "12")
    assert first != run(capsys, "practice", "--seed", "13")


def test_without_a_seed_the_worksheet_names_its_own(capsys):
    code, out, _ = run(capsys, "practice")
    assert code == 0
    seed = re.search(r"worksheet \(seed (\d+)\)", out)[1]
    assert run(capsys, "practice", "--seed", seed)[1] == out


def test_worksheet_asks_for_every_answer_and_the_key_gives_it(capsys):
    example = practice_example(3)
    document = worksheet(example)
    blanks = [cell for item in document if isinstance(item, Table)
              for row in item.rows for cell in row if cell == ""]
    assert len(blanks) == len(flatten(answer_key(example)))
    sheet = to_markdown(document)
    key = to_markdown(worksheet(example, answer_key(example)))
    for value in flatten(answer_key(example)).values():
        assert f"{value:.7g}" in key
    assert "seed 3" in sheet and "--check" in sheet
    assert run(capsys, "practice", "--seed", "3", "--answers")[1].strip() == key.strip()


# --- Marking ---------------------------------------------------------------------

def four_digits(answers):
    """Answers as a student writes them: every number to 4 significant digits."""
    if isinstance(answers, dict):
        return {name: four_digits(value) for name, value in answers.items()}
    if isinstance(answers, list):
        return [four_digits(value) for value in answers]
    return float(f"{answers:.4g}")


def check_file(capsys, tmp_path, seed, answers) -> tuple[int, str, str]:
    path = tmp_path / "answers.json"
    path.write_text(answers if isinstance(answers, str) else json.dumps(answers))
    return run(capsys, "practice", "--seed", str(seed), "--check", str(path))


@settings(max_examples=20, deadline=None, suppress_health_check=SHARED)
@given(seed=seeds)
def test_check_accepts_the_key_as_a_student_writes_it(capsys, tmp_path_factory, seed):
    tmp_path = tmp_path_factory.mktemp("key")
    answers = four_digits(answer_key(practice_example(seed)))
    code, out, err = check_file(capsys, tmp_path, seed, answers)
    assert (code, err) == (0, "") and "WRONG" not in out
    assert f"{len(flatten(answers))} of {len(flatten(answers))} right" in out


def test_check_accepts_the_whole_json_output_of_its_seed_only(capsys, tmp_path):
    whole = run(capsys, "practice", "--seed", "5", "--json")[1]
    assert check_file(capsys, tmp_path, 5, whole)[0] == 0
    code, _, err = check_file(capsys, tmp_path, 6, whole)
    assert code == 2 and "seed 5" in err and "seed 6" in err


def test_a_flipped_output_delta_fails_with_a_hint_about_the_sign(capsys, tmp_path):
    example = practice_example(7)
    key = answer_key(example)
    flipped = [-key["deltas"][1][0], *[None] * (example.sizes[-1] - 1)]
    answers = {"deltas": [None, flipped]}
    code, out, _ = check_file(capsys, tmp_path, 7, four_digits_or_none(answers))
    assert code == 1
    assert "WRONG  δ of o1 (deltas[1][0])" in out and "sign" in out


def four_digits_or_none(answers):
    if answers is None:
        return None
    if isinstance(answers, dict):
        return {name: four_digits_or_none(value) for name, value in answers.items()}
    if isinstance(answers, list):
        return [four_digits_or_none(value) for value in answers]
    return float(f"{answers:.4g}")


def test_the_handouts_slip_fails_with_a_hint_about_the_nodes_own_weights(capsys, tmp_path):
    example = practice_example(7)
    handout = slipped_answers(example, "own-weights")
    # written out here, not taken from nnbook: every weight into the output layer
    _, hidden, _, _ = forward(example.inputs, example.weights, example.biases)
    output_deltas = answer_key(example)["deltas"][1]
    total = sum(d * sum(row) for d, row in zip(output_deltas, example.weights[1]))
    assert_all_close(handout["deltas"][0], [a * (1 - a) * total for a in hidden])
    code, out, _ = check_file(capsys, tmp_path, 7, four_digits({"deltas": handout["deltas"]}))
    assert code == 1
    assert "own outgoing weights" in out and "before" in out and "[own-weights]" in out


def test_each_slip_makes_the_mistake_it_names():
    example = practice_example(11)
    key = answer_key(example)
    outputs = key["activations"][-1]
    errors = [y - a for y, a in zip(example.targets, outputs)]
    output_deltas = key["deltas"][-1]
    sign = slipped_answers(example, "sign")
    assert_all_close(sign["deltas"], [[-d for d in layer] for layer in key["deltas"]])
    factor = slipped_answers(example, "factor-2")["deltas"][-1]
    assert_all_close(factor, [d / 2 for d in output_deltas])
    slope = slipped_answers(example, "slope")["deltas"][-1]
    assert_all_close(slope, [2 * e for e in errors])
    early = slipped_answers(example, "too-early")["deltas"][0]
    hidden = key["activations"][0]
    new_w2 = key["new_weights"][1]
    assert_all_close(early, [a * (1 - a) * sum(d * row[h] for d, row in zip(output_deltas, new_w2))
                             for h, a in enumerate(hidden)])
    receiving = slipped_answers(example, "activation")["new_weights"][1]
    assert_all_close(receiving, [[w + example.learning_rate * d * a for w in row]
                                 for row, d, a in zip(example.weights[1], output_deltas, outputs)])


@settings(max_examples=25, deadline=None)
@given(seed=seeds, slip=st.sampled_from(sorted(SLIPS)))
def test_every_planted_slip_is_named_and_one_answer_names_it_alone(seed, slip):
    example = practice_example(seed)
    key = flatten(answer_key(example))
    planted = four_digits(slipped_answers(example, slip))
    marks = check_answers(example, planted)
    wrong = [mark for mark in marks if not mark.right]
    assert wrong, "a planted slip must fail"
    for mark in wrong:
        assert slip in mark.slips and SLIPS[slip].hint in mark.hints
    places = {str(place[0]) + "".join(f"[{i}]" for i in place[1:]): place for place in key}
    alone = [places[mark.where] for mark in wrong if mark.slips == [slip]]
    assert any(kind_of(place, example.sizes) == SLIPS[slip].shows_in for place in alone)


@settings(max_examples=15, deadline=None)
@given(seed=seeds)
def test_the_key_matches_no_slip_and_a_random_mistake_no_slip(seed):
    example = practice_example(seed)
    key = answer_key(example)
    marks = check_answers(example, key)
    assert all(mark.right and mark.slips == [] for mark in marks)
    wrong = {"loss": key["loss"] * 1.5 + 1}
    (mark,) = check_answers(example, wrong)
    assert not mark.right and mark.slips == [] and mark.hints == []


def test_a_number_two_slips_give_is_marked_with_both():
    for seed in range(100):
        example = practice_example(seed)
        key = flatten(answer_key(example))
        slipped = {name: flatten(slipped_answers(example, name)) for name in SLIPS}
        for place, expected in key.items():
            for first in SLIPS:
                for second in SLIPS:
                    middle = (slipped[first][place] + slipped[second][place]) / 2
                    if (first < second and not close(middle, expected)
                            and close(middle, slipped[first][place])
                            and close(middle, slipped[second][place])):
                        (mark,) = check_answers(example, only(example, place, middle))
                        assert first in mark.slips and second in mark.slips
                        assert not apart(slipped[first][place], slipped[second][place])
                        return
    pytest.fail("no two slips coincide anywhere in 100 seeds")


def only(example, place, value):
    """Answers with ``value`` at ``place`` and blanks everywhere else."""
    def blank(entry):
        return [blank(item) for item in entry] if isinstance(entry, list) else None

    if len(place) == 1:
        return {place[0]: value}
    answer = blank(answer_key(example)[place[0]])
    row = answer
    for index in place[1:-1]:
        row = row[index]
    row[place[-1]] = value
    return {place[0]: answer}


def test_blanks_and_missing_answers_are_not_marked():
    example = practice_example(4)
    marks = check_answers(example, {"loss": None, "activations": [None, None],
                                    "net_inputs": [[None] * example.sizes[1], None],
                                    "new_biases": [None, [answer_key(example)["new_biases"][1][0],
                                                          *[None] * (example.sizes[2] - 1)]]})
    assert [(m.where, m.label, m.right) for m in marks] == [("new_biases[1][0]", "new b of o1", True)]


def test_close_uses_half_a_percent_or_a_small_absolute_step():
    assert close(1.004, 1.0) and not close(1.006, 1.0)
    assert close(0.00004, 0.0) and not close(0.00006, 0.0)
    assert close(-0.1004, -0.1) and not close(0.1, -0.1)


# --- Malformed answers: exit code 2 and a clear message --------------------------

MALFORMED = {
    "not JSON": ("{'loss': 0.5}", "not valid JSON"),
    "cut short": ('{"loss": 0.5, "deltas": [[0.1', "not valid JSON"),
    "a list": ("[0.5]", "must be a JSON object"),
    "a number": ("0.5", "must be a JSON object"),
    "empty": ("{}", "no answers"),
    "only blanks": ('{"loss": null, "deltas": null}', "no answers"),
    "unknown name": ('{"delta": [[0.1]]}', "'delta' is not an answer"),
    "text for a number": ('{"loss": "0.25"}', "loss must be a number"),
    "true for a number": ('{"loss": true}', "loss must be a number"),
    "object for a number": ('{"loss": {"value": 1}}', "loss must be a number"),
    "number for a list": ('{"deltas": 0.1}', "deltas must be a list of 2 lists"),
    "short list": ('{"deltas": [[0.1]]}', "deltas must be a list of 2 lists"),
    "text in a list": ('{"deltas": [null, ["0.1", 0.2]]}', "deltas[1][0] must be a number"),
    "NaN": ('{"loss": NaN}', "NaN is not a number"),
    "Infinity": ('{"loss": -Infinity}', "-Infinity is not a number"),
    "too large": ('{"loss": 1e999}', "must be a finite number"),
    "huge integer": ('{"loss": 1' + "0" * 400 + "}", "must be a finite number"),
    "integer too long": ('{"loss": ' + "9" * 5000 + "}", "not valid JSON"),
    "deep nesting": ("[" * 100_000 + "]" * 100_000, "nested too deeply"),
    "deep nesting inside": ('{"deltas": ' + "[" * 50 + "]" * 50 + "}", "deltas"),
    "huge file": ('{"loss": 0.5' + " " * 1_000_001 + "}", "must fit in"),
}


@pytest.mark.parametrize("name", sorted(MALFORMED))
def test_malformed_answers_give_exit_code_2_and_say_what_was_expected(capsys, tmp_path, name):
    text, message = MALFORMED[name]
    # seed 7: sizes 3-3-2
    code, out, err = check_file(capsys, tmp_path, 7, text)
    assert code == 2 and out == ""
    assert err.startswith(f"nnbook practice: error: {tmp_path / 'answers.json'}")
    assert message in err and "Traceback" not in err
    assert len(err) < 400


def test_a_missing_file_a_folder_and_bytes_that_are_not_text(capsys, tmp_path):
    for path in (tmp_path / "nowhere.json", tmp_path):
        code, _, err = run(capsys, "practice", "--seed", "1", "--check", str(path))
        assert code == 2 and str(path) in err
    binary = tmp_path / "answers.bin"
    binary.write_bytes(b'{"loss": \xff\xfe}')
    code, _, err = run(capsys, "practice", "--seed", "1", "--check", str(binary))
    assert code == 2 and "not a text file" in err


json_values = st.recursive(
    st.none() | st.booleans() | st.floats(allow_nan=False) | st.integers() | st.text(max_size=5),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(
        st.sampled_from(ANSWERS + ["seed", "answers", "x"]), inner, max_size=4),
    max_leaves=30,
)


@settings(max_examples=150, deadline=None, suppress_health_check=SHARED)
@given(value=json_values)
def test_any_json_is_marked_or_refused_never_crashes(capsys, tmp_path_factory, value):
    path = tmp_path_factory.mktemp("fuzz") / "answers.json"
    path.write_text(json.dumps(value))
    code, out, err = run(capsys, "practice", "--seed", "7", "--check", str(path))
    assert code in (0, 1, 2) and "Traceback" not in err
    assert (code == 2) == bool(err)


@settings(max_examples=60, deadline=None)
@given(value=json_values)
def test_answers_shaped_like_the_key_with_random_entries(value):
    example = practice_example(7)
    answers = {"deltas": [value, [value, value]], "loss": value}
    try:
        marks = check_answers(example, answers)
    except ValueError as error:
        assert "must be" in str(error) or "no answers" in str(error)
    else:
        assert all(isinstance(mark.given, float) for mark in marks)


# --- The command's other options ---------------------------------------------------

def test_the_help_lists_practice(capsys):
    assert "practice" in run(capsys, "--help")[1]
    code, out, _ = run(capsys, "practice", "--help")
    assert code == 0 and "--students" in out and "--check" in out


@pytest.mark.parametrize("words, message", [
    (["--students", "0", "--out", "x"], "expected 1 to 500"),
    (["--students", "501", "--out", "x"], "expected 1 to 500"),
    (["--students", "four", "--out", "x"], "expected a whole number"),
    (["--seed", "-3"], "expected 0 or more"),
    (["--students", "2"], "go together"),
    (["--out", "x"], "go together"),
    (["--check", "a.json"], "needs the --seed"),
    (["--seed", "1", "--force"], "only go with --students"),
    (["--seed", "1", "--no-pdf"], "only go with --students"),
    (["--json", "--answers"], "not allowed with"),
])
def test_bad_options_give_exit_code_2(capsys, tmp_path, monkeypatch, words, message):
    monkeypatch.chdir(tmp_path)
    code, _, err = run(capsys, "practice", *words)
    assert code == 2 and message in err and "Traceback" not in err
    assert not (tmp_path / "x").exists()


def test_a_class_set_of_four_different_worksheets_and_keys(capsys, tmp_path):
    out_dir = tmp_path / "class"
    code, out, err = run(capsys, "practice", "--students", "4", "--seed", "100",
                         "--out", str(out_dir), "--no-pdf")
    assert (code, err) == (0, "")
    names = sorted(os.listdir(out_dir))
    assert names == sorted(f"student-0{n}-{kind}.{suffix}" for n in range(1, 5)
                           for kind in ("worksheet", "key") for suffix in ("md", "html"))
    sheets = [(out_dir / f"student-0{n}-worksheet.md").read_text() for n in range(1, 5)]
    assert len(set(sheets)) == 4
    for n, sheet in enumerate(sheets):
        assert f"(seed {100 + n})" in sheet
        key = (out_dir / f"student-0{n + 1}-key.md").read_text()
        assert key == to_markdown(worksheet(practice_example(100 + n),
                                            answer_key(practice_example(100 + n))))
    for name in names:
        if name.endswith(".html"):
            page = (out_dir / name).read_text()
            assert page.startswith("<!DOCTYPE html>") and "</html>" in page
            assert not re.search(r"(src|href)=|@import|url\(|https?:", page)


def test_a_class_set_never_replaces_files_without_force(capsys, tmp_path):
    words = ["practice", "--students", "2", "--seed", "1", "--out", str(tmp_path), "--no-pdf"]
    (tmp_path / "student-02-key.html").write_text("handed out already")
    code, out, err = run(capsys, *words)
    assert code == 2 and "student-02-key.html" in err and "--force" in err
    assert os.listdir(tmp_path) == ["student-02-key.html"]
    assert run(capsys, *words, "--force")[0] == 0
    assert (tmp_path / "student-02-key.html").read_text().startswith("<!DOCTYPE html>")


def test_a_class_set_into_a_file_is_refused(capsys, tmp_path):
    target = tmp_path / "a-file"
    target.write_text("")
    code, _, err = run(capsys, "practice", "--students", "2", "--out", str(target))
    assert code == 2 and "must be a folder" in err


def test_class_sets_skip_a_seed_that_repeats_an_example(monkeypatch):
    import nnbook.practice as practice

    real = practice.practice_example
    monkeypatch.setattr(practice, "practice_example", lambda seed: real(seed // 2 * 2))
    examples = class_set(10, 3)
    assert [e.seed for e in examples] == [10, 12, 14]


def fake_xelatex(tmp_path, works: bool) -> str:
    """A stand-in for xelatex that writes a tiny PDF, or fails."""
    script = tmp_path / ("xelatex-ok" if works else "xelatex-broken")
    body = 'printf "%%PDF-1.4 fake" > sheet.pdf' if works else "exit 1"
    script.write_text(f"#!/bin/sh\n{body}\n")
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    return str(script)


def test_pdfs_come_from_xelatex_when_it_is_there(capsys, tmp_path, monkeypatch):
    import shutil

    monkeypatch.setattr(shutil, "which", lambda name: fake_xelatex(tmp_path, True))
    code, out, _ = run(capsys, "practice", "--students", "1", "--seed", "0",
                       "--out", str(tmp_path / "class"))
    assert code == 0 and "PDF" in out
    assert (tmp_path / "class" / "student-01-key.pdf").read_bytes().startswith(b"%PDF")
    monkeypatch.setattr(shutil, "which", lambda name: fake_xelatex(tmp_path, False))
    code, _, err = run(capsys, "practice", "--students", "1", "--seed", "0",
                       "--out", str(tmp_path / "other"))
    assert code == 2 and "xelatex could not typeset" in err


def test_without_xelatex_the_pdfs_are_left_out_with_a_note(capsys, tmp_path, monkeypatch):
    import shutil

    monkeypatch.setattr(shutil, "which", lambda name: None)
    code, out, _ = run(capsys, "practice", "--students", "1", "--out", str(tmp_path))
    assert code == 0 and "No PDF: xelatex is not installed" in out
    assert not any(name.endswith(".pdf") for name in os.listdir(tmp_path))


@pytest.mark.skipif(not __import__("shutil").which("xelatex"), reason="xelatex is not installed")
def test_a_real_pdf(capsys, tmp_path):
    code, _, err = run(capsys, "practice", "--students", "1", "--seed", "3", "--out", str(tmp_path))
    assert code == 0, err
    assert (tmp_path / "student-01-worksheet.pdf").read_bytes().startswith(b"%PDF")


def test_latex_escapes_special_characters_and_the_worksheets_symbols():
    assert latex_text("50% & a_b #1 {x} ~ ^ \\ $") == (
        r"50\% \& a\_b \#1 \{x\} \~{} \^{} \textbackslash{} \$")
    assert latex_text("δ = 2(y−a)·α") == r"$\delta$ = 2(y$-$a)$\cdot$$\alpha$"
    document = to_latex(worksheet(practice_example(1)))
    assert document.startswith(r"\documentclass") and document.rstrip().endswith(r"\end{document}")
    assert "δ" not in document and "\\hspace*{6em}" in document


def test_html_escapes_text():
    page = to_html(["# a <b> & c", "x < y", "## h"])
    assert "<h1>a &lt;b&gt; &amp; c</h1>" in page and "<p>x &lt; y</p>" in page


def test_bad_seeds_and_slip_names_are_refused():
    for seed in (-1, 1.5, True, "3"):
        with pytest.raises(ValueError, match="seed must be a whole number"):
            practice_example(seed)
    with pytest.raises(ValueError, match="slip must be one of"):
        slipped_answers(practice_example(0), "typo")
