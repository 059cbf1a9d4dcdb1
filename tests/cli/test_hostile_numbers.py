"""Hostile numbers in every input: one line `tinynn: error: ...` naming the field, exit 2.

Each kind of input that holds a number (an option, a lesson's key, a CSV cell, a parameters
file, a worksheet ID) gets the same table of numbers no float or int can be: beyond the
largest float (1e400, a 401-digit whole number), not finite (nan, inf), longer than Python
converts (5,000 digits, a 5,000-digit exponent). Hand-worked answers are a report, not a
usage error: a hostile number there is one line of the report, never a traceback.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from io import StringIO
from pathlib import Path

import pytest
from helpers import assert_usage_error, run

WriteFile = Callable[[str, str], str]
LONG = "1" * 5000  # more digits than Python's int() converts (4300)
HUGE = "1" + "0" * 400  # a whole number Python reads, beyond the largest float
EXPONENT = "1e" + LONG  # float() reads it as inf


def short(value: object) -> str | None:
    """A test's ID: a long value by its start and length, so that IDs stay readable."""
    text = str(value)
    return f"{text[:24]}..{len(text)}" if len(text) > 30 else None


# (option, value, the words of its one line)
OPTIONS = [
    ("explain", "--hidden", LONG, "--hidden: a whole number of 5000 digits (at most 4300)"),
    ("explain", "--hidden", "1e400", "--hidden: not a whole number: '1e400'"),
    ("explain", "--hidden", HUGE, "hidden size must be at most 1024, got a 401-digit number"),
    ("explain", "--seed", LONG, "--seed: a whole number of 5000 digits"),
    ("explain", "--sample", LONG, "--sample: a whole number of 5000 digits"),
    ("explain", "--sample", HUGE, "sample a 401-digit number is out of range"),
    ("explain", "--digits", "0e400", "--digits: not a whole number: '0e400'"),
    ("explain", "--digits", HUGE, "--digits: must be at most 17, got a 401-digit number"),
    ("train", "--epochs", LONG, "--epochs: a whole number of 5000 digits"),
    ("train", "--epochs", HUGE, "--epochs: must be at most 1000000, got a 401-digit number"),
    ("compare", "--epochs", "1e400", "--epochs: not a whole number: '1e400'"),
    ("bughunt", "--epochs", "nan", "--epochs: not a whole number: 'nan'"),
    ("worksheet", "--students", LONG, "--students: a whole number of 5000 digits"),
    ("worksheet", "--students", HUGE, "--students must be from 1 to 1000, got a 401-digit"),
    ("worksheet", "--seed", LONG, "--seed: a whole number of 5000 digits"),
]


@pytest.mark.parametrize(("command", "option", "value", "words"), OPTIONS, ids=short)
def test_a_hostile_option_value_is_one_line(
    tmp_path: Path, command: str, option: str, value: str, words: str
) -> None:
    extra = ["--out", str(tmp_path / "sheets")] if command == "worksheet" else []
    code, out, err = run(command, f"{option}={value}", *extra)
    assert_usage_error(code, err, words)
    assert len(err) < 300 and out == ""


# Every option that takes a real number, with the range its one line names: each is read by
# parse_number and checked by the rule the API checks it with (tinynn/core/validate.py).
REAL_RANGE = {
    "--lr": "must be a finite number above 0, got ",
    "--eps": "must be above 0 and at most 1, got ",
    "--tol": "must be a finite number above 0, got ",
    "--tolerance": "must be above 0 and less than 1, got ",
}
REAL_OPTIONS = [
    *(("--lr", c) for c in ("explain", "train", "gradcheck", "compare", "quiz", "bughunt", "tui")),
    ("--eps", "gradcheck"),
    ("--tol", "gradcheck"),
    ("--tolerance", "quiz"),
]
# no float is any of these, and none is in any range: not finite, too long, not a number
# as tinynn writes one (0x10), or not above 0
NOT_REAL = ("nan", "inf", "-inf", "1e400", "-1e400", LONG, "-" + LONG, EXPONENT, "abc", "0x10",
            "-1", "-1e3", "-.5", "-1/8", "0", "1/0", "")  # fmt: skip
# in range for some options, not for others: (option, value) outside
OUT_OF_RANGE = [("--eps", "2"), ("--eps", "1.5"), ("--tolerance", "1"), ("--tolerance", "2")]
REAL_CASES = [
    (option, command, value)
    for option, command in REAL_OPTIONS
    for value in (*NOT_REAL, *(v for o, v in OUT_OF_RANGE if o == option))
]


@pytest.mark.parametrize(("option", "command", "value"), REAL_CASES,
                         ids=[f"{c}{o}={short(v) or v}" for o, c, v in REAL_CASES])  # fmt: skip
def test_a_real_option_out_of_range_is_one_line_naming_the_option_and_its_range(
    option: str, command: str, value: str
) -> None:
    code, out, err = run(command, option, value)  # a negative value too: not read as an option
    assert_usage_error(code, err, f"tinynn: error: argument {option}: {REAL_RANGE[option]}")
    assert len(err) < 200 and out == ""  # 5000 digits are quoted by their start and length


def test_a_number_that_is_not_finite_is_quoted_as_typed() -> None:
    err = run("explain", "--lr", "1e400")[2]
    assert "got '1e400' " in err  # not the inf float() would make of it
    err = run("gradcheck", "--eps", "-1e3")[2]
    assert "got -1000 " in err  # the value: -1e3 reached the range check, not argparse
    err = run("explain", "--lr", LONG)[2]
    assert f"got {LONG[:40]!r}... (5000 characters) " in err


@pytest.mark.parametrize("walkthrough", ["tinynn tui", "tinynn-tui"])
@pytest.mark.parametrize("value", ["nan", "-1e-3", "0", "abc"])
def test_the_walkthrough_says_the_same_of_its_lr(
    walkthrough: str, value: str, capsys: pytest.CaptureFixture[str]
) -> None:
    pytest.importorskip("textual")
    from tui.command import main as tui_main

    if walkthrough == "tinynn tui":
        code, _, err = run("tui", "--lr", value)
    else:
        with pytest.raises(SystemExit) as e:
            tui_main(["--lr", value])
        code, err = int(str(e.value.code)), capsys.readouterr().err
    assert_usage_error(code, err, f"argument --lr: {REAL_RANGE['--lr']}")
    assert err.endswith(f"(see '{walkthrough} --help')\n")


@pytest.mark.parametrize(("command", "same"), [
    ("explain", (["--lr", "1e-3"], ["--lr", "0.001"], ["--lr=+1e-3"], ["--lr", "1/1000"])),
    ("explain", ([], ["--lr", "0.5"], ["--lr", "5e-1"], ["--lr", "1/2"])),
    ("gradcheck", ([], ["--eps", "1e-5"], ["--tol", "1e-6"], ["--eps=1/100000"])),
    ("gradcheck", (["--eps", "1"], ["--eps", "1.0"])),  # the bound itself is in range
    ("train", (["--epochs", "2", "--lr", "0.25"], ["--epochs", "2", "--lr", "1/4"])),
])  # fmt: skip
def test_a_valid_real_is_read_as_before(command: str, same: tuple[list[str], ...]) -> None:
    outputs = {run(command, *argv) for argv in same}
    assert len(outputs) == 1, outputs  # one number, however it is written
    code, out, err = outputs.pop()
    assert code in (0, 1) and err == "" and out  # gradcheck exits 1 when a gradient disagrees


def test_a_valid_lr_is_the_step_s_lr() -> None:
    # η = 0.001 in the output (not 1e-3 taken for something else), and another step than η = 0.5's
    out = run("explain", "--lr", "1e-3", "--format", "json")[1]
    assert json.loads(out)["lr"] == 0.001
    assert out != run("explain", "--format", "json")[1]


# (a lesson's key = value, the words after the file's name)
LESSON_VALUES = [
    ("lr = 1e400", "lr: must be a finite number, got inf"),
    ("lr = nan", "lr: must be a finite number, got nan"),
    (f"lr = {HUGE}", "lr: must be a finite number, got a 401-digit number"),
    ("lr = true", "lr: must be a number, got true"),
    ("lr = {a = 1}", "lr: must be a number, got a table"),
    (f"hidden = {LONG}", "line 2: hidden: a whole number of more than 4300 digits"),
    (f"hidden = {HUGE}", "hidden: hidden size must be at most 1024, got a 401-digit number"),
    ("seed = 1.5", "seed: must be a whole number, got 1.5"),
    ("sample = -inf", "sample: must be a whole number, got -inf"),
    (f"epochs = {HUGE}", "epochs: must be at most 1000000, got a 401-digit number"),
    (f"tolerance = {HUGE}", "tolerance: must be a finite number, got a 401-digit number"),
    ("tolerance = [0.1]", "tolerance: must be a number, got a list"),
]


@pytest.mark.parametrize(("line", "words"), LESSON_VALUES, ids=short)
def test_a_hostile_lesson_value_is_one_line_naming_the_key(
    write_file: WriteFile, line: str, words: str
) -> None:
    path = write_file("l.toml", f'title = "t"\n{line}\n[data]\ndataset = "xor"\n')
    code, _, err = run("explain", "--lesson", path)
    assert_usage_error(code, err, f"{path}: {words}")


@pytest.mark.parametrize(
    ("table", "words"),
    [
        (f"[data]\nx = [[{HUGE}]]\ny = [1.0]", "data.x[0][0]: must be a finite number"),
        ("[data]\nx = [[1.0]]\ny = [1e400]", "data.y[0]: must be a finite number, got inf"),
        (
            f"[params]\nW1 = [[{HUGE}]]\nb1 = [0.0]\nW2 = [1.0]\nb2 = 0.0\n"
            "[data]\nx = [[1.0]]\ny = [1.0]",
            "params.W1[0][0]: must be a finite number, got a 401-digit number",
        ),
        (
            "[params]\nW1 = [[1.0]]\nb1 = [0.0]\nW2 = [1.0]\nb2 = nan\n[data]\nx = [[1.0]]\n"
            "y = [1.0]",
            "params.b2: must be a finite number, got nan",
        ),
    ],
    ids=short,
)
def test_a_hostile_number_in_a_lesson_table(write_file: WriteFile, table: str, words: str) -> None:
    path = write_file("l.toml", f'title = "t"\n{table}\n')
    code, _, err = run("explain", "--lesson", path)
    assert_usage_error(code, err, f"{path}: {words}")


@pytest.mark.parametrize(
    ("cell", "words"),
    [
        ("1e400", "not a finite number: 1e400"),
        ("nan", "not a finite number: nan"),
        (HUGE, "not a finite number: 1000000000"),
        (EXPONENT, "(5002 characters)"),
        ("-" + LONG, "(5001 characters)"),
        ("0x10", "not a number: '0x10'"),
    ],
    ids=short,
)
def test_a_hostile_csv_cell_is_one_line_naming_the_column(
    write_file: WriteFile, cell: str, words: str
) -> None:
    path = write_file("c.csv", f"a,y\n1,{cell}\n2,1\n")
    code, _, err = run("explain", "--csv", path)
    assert_usage_error(code, err, f"{path}, line 2, column 'y'", words)
    assert len(err) < 300


@pytest.mark.parametrize(
    ("b2", "words"),
    [
        ("1e400", "b2 is not finite: inf"),
        ("NaN", "holds NaN, which is not a finite number"),
        ("-Infinity", "holds -Infinity, which is not a finite number"),
        (LONG, "b2 is too large to be a float"),
        ("-" + HUGE, "b2 is too large to be a float"),
        (EXPONENT, "b2 is not finite: inf"),
        ("true", "b2 is not a number: True"),
        ('"0.5"', "b2 is not a number: '0.5'"),
        ("[" * 100_000 + "]" * 100_000, "nested too deeply"),
    ],
    ids=short,
)
def test_a_hostile_number_in_a_parameters_file(write_file: WriteFile, b2: str, words: str) -> None:
    path = write_file("p.json", f'{{"W1": [[1.0, 0.5]], "b1": [0.0], "W2": [1.0], "b2": {b2}}}')
    if b2.startswith("["):  # deep nesting costs the interpreter's stack: a child process
        proc_code, err = _in_a_child("explain", "--dataset", "xor", "--load", path)
        assert_usage_error(proc_code, err, f"{path}", words)
        return
    code, _, err = run("explain", "--dataset", "xor", "--load", path)
    assert_usage_error(code, err, f"{path}: {words}")


def _in_a_child(*argv: str) -> tuple[int, str]:
    from helpers import REPO, run_process

    proc = run_process(REPO, *argv)
    return proc.returncode, proc.stderr


@pytest.mark.parametrize(
    ("sheet_id", "words"),
    [
        (f"by-hand-{LONG}-1-A", "a part is a whole number of 5000 digits (at most 4300)"),
        (f"by-hand-1-{LONG}-A", "a part is a whole number of 5000 digits"),
        (f"by-hand-{HUGE}-1-A", "is mistyped (its check letter differs)"),
        ("by-hand-1-99999999999999999999-A", "is mistyped"),
    ],
    ids=short,
)
def test_a_hostile_worksheet_id_is_one_line(sheet_id: str, words: str) -> None:
    code, _, err = run("worksheet", "--id", sheet_id)
    assert_usage_error(code, err, "worksheet ID", words)
    assert len(err) < 300


@pytest.mark.parametrize(
    ("line", "words"),
    [
        ("delta2 = 0e400", "no significant digit written"),  # 0e400: its last digit at 10^400
        ("delta2 = 0e" + LONG, "no significant digit written"),
        ("delta2 = 1e-" + LONG, "δ2"),  # 0 to a float, 1 digit at 10^−5000: wrong, said so
        ("z1[0] = " + EXPONENT, "z1[0]: not a number:"),  # inf is no answer
        (f"z1[{'0' * 4999}1] = 0", "✓ z1["),  # the index 1, written long
        (f"z1[{LONG}] = 1", "its index is a whole number of 5000 digits (at most 4300)"),
    ],
    ids=short,
)
def test_a_hostile_hand_worked_answer_is_one_line_of_the_report(
    write_file: WriteFile, line: str, words: str
) -> None:
    path = write_file("answers.txt", line + "\n")
    code, out, err = run("check", "--answers", path, "--lesson", "by-hand")
    assert code == 1 and err == "", err  # a report: some values not given or not right
    assert "Traceback" not in out
    assert words in out
    assert len(out.splitlines()) < 12  # the heading, the answer's lines, the summary


@pytest.mark.parametrize("guess", ["0e400", "0e" + LONG, EXPONENT, HUGE, "nan", "1/0"], ids=short)
def test_a_hostile_quiz_answer_is_answered(guess: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", StringIO(guess + "\n"))
    code, out, err = run("quiz", "--lesson", "by-hand")
    assert "Traceback" not in out + err
    assert code == 0, err  # the quiz ends at the end of its input, with the score
    assert "z1[0]" in out
