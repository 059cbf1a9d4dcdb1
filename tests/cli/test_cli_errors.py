"""Every bad input: exit status 2, exactly one line on stderr naming the problem, no traceback.
And a diverging run: a one-line message, never an OverflowError, and a saved file kept."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path

import pytest
from helpers import assert_usage_error, run, run_process

from tinynn import init_params, save_params

WriteFile = Callable[[str, str], str]
COMMANDS = ["explain", "train", "gradcheck", "compare"]


@pytest.fixture
def files(write_file: WriteFile, tmp_path: Path) -> dict[str, str]:
    """One file for each way an input file can be wrong (and a few good ones)."""
    good = {"W1": [[0.5], [-1.0]], "b1": [0.0, 0.5], "W2": [1.0, -2.0], "b2": 0.5}
    wide = str(tmp_path / "wide.json")
    save_params(wide, init_params(2, 3, 0))
    return {
        "missing": str(tmp_path / "missing.csv"),
        "empty": write_file("empty.csv", ""),
        "no_header": write_file("no_header.csv", "1,2,3\n4,5,6\n"),
        "header_only": write_file("header_only.csv", "a,b,y\n"),
        "ragged": write_file("ragged.csv", "a,b,y\n1,2,3\n4,5\n"),
        "non_numeric": write_file("non_numeric.csv", "a,b,y\n1,2,3\n4,x,6\n"),
        "nan": write_file("nan.csv", "a,b,y\n1,nan,3\n"),
        "inf": write_file("inf.csv", "a,b,y\n1,2,inf\n"),
        "regression": write_file("regression.csv", "a,b,y\n1,2,0.5\n3,4,2\n"),
        "labels": write_file("labels.csv", "a,b,y\n1,2,0\n3,4,1\n"),
        "json_malformed": write_file("malformed.json", '{"W1": [[1.0]'),
        "json_shape": write_file("shape.json", json.dumps({**good, "b1": [0.0]})),
        "json_nan": write_file("nan.json", json.dumps(good).replace("0.5]", "NaN]")),
        "json_huge": write_file("huge.json", json.dumps(good).replace('"b2": 0.5', '"b2": 1e999')),
        "json_keys": write_file("keys.json", json.dumps({"W1": [[1.0]]})),
        "json_bigint": write_file("bigint.json", json.dumps({**good, "b2": 10**400})),
        "json_text": write_file("text.json", json.dumps({**good, "W2": [1.0, "two"]})),
        "wide": wide,
    }


BAD_FILES = [
    # (options, words the one line must contain)
    (["--csv", "{missing}"], ["no such file", "missing.csv"]),
    (["--csv", "{empty}"], ["empty"]),
    (["--csv", "{no_header}"], ["no header"]),
    (["--csv", "{header_only}"], ["no data rows"]),
    (["--csv", "{labels}", "--target", "z"], ["no column named 'z'"]),
    (["--csv", "{ragged}"], ["line 3", "2 cells"]),
    (["--csv", "{non_numeric}"], ["line 3", "'b'", "not a number"]),
    (["--csv", "{nan}"], ["not a finite number"]),
    (["--csv", "{inf}"], ["not a finite number"]),
    (["--csv", "{regression}", "--task", "classification"], ["0 or 1"]),
    (["--load", "{json_malformed}"], ["not valid JSON"]),
    (["--load", "{json_shape}"], ["b1 must have 2 entries"]),
    (["--load", "{json_nan}"], ["NaN", "not a finite number"]),
    (["--load", "{json_huge}"], ["b2 is not finite"]),
    (["--load", "{json_keys}"], ["W1, b1, W2, b2"]),
    (["--load", "{json_bigint}"], ["b2 is too large"]),
    (["--load", "{json_text}"], ["W2[1] is not a number"]),
    (["--load", "{missing}"], ["no such file"]),
    (["--load", "{wide}"], ["2 input(s)", "data has 1"]),
]


@pytest.mark.parametrize("command", ["explain", "train", "gradcheck"])
@pytest.mark.parametrize(("options", "words"), BAD_FILES)
def test_bad_files(
    files: dict[str, str], command: str, options: list[str], words: list[str]
) -> None:
    argv = [o.format(**files) for o in options]
    code, out, err = run(command, *argv)
    assert_usage_error(code, err, *words)


BAD_OPTIONS = [
    (["--lr", "0"], ["argument --lr: must be a finite number above 0, got 0"]),
    (["--lr", "-1"], ["argument --lr: must be a finite number above 0, got -1"]),
    (["--lr", "nan"], ["argument --lr: must be a finite number above 0, got 'nan'"]),
    (["--lr", "inf"], ["argument --lr: must be a finite number above 0, got 'inf'"]),
    (["--lr=-inf"], ["argument --lr: must be a finite number above 0, got '-inf'"]),
    (["--lr", "-inf"], ["argument --lr: must be a finite number above 0, got '-inf'"]),
    (["--lr", "-1e-3"], ["argument --lr: must be a finite number above 0, got -0.001"]),
    (["--hidden", "100000000"], ["hidden", "at most"]),
    (["--lr", "fast"], ["--lr", "fast"]),
    (["--hidden", "0"], ["hidden", "at least 1"]),
    (["--hidden", "-3"], ["hidden", "at least 1"]),
    (["--hidden", "two"], ["--hidden"]),
    (["--sample", "21"], ["sample 21", "out of range"]),
    (["--sample", "-1"], ["sample -1", "out of range"]),
    (["--dataset", "xor", "--sample", "4"], ["sample 4", "out of range"]),
    (["--dataset", "spiral"], ["spiral"]),
    (["--task", "ranking"], ["ranking"]),
    (["--dataset", "xor", "--csv", "x.csv"], ["not both"]),
    (["--target", "y"], ["CSV"]),
]


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize(("options", "words"), BAD_OPTIONS)
def test_bad_options(command: str, options: list[str], words: list[str]) -> None:
    code, out, err = run(command, *options)
    assert_usage_error(code, err, *words)


@pytest.mark.parametrize(
    ("argv", "words"),
    [
        (["train", "--epochs", "0"], ["--epochs", "at least 1"]),
        (["train", "--save", "/no/such/folder/p.json"], ["cannot write", "does not exist"]),
        (["explain", "--format", "html"], ["html"]),
        (["explain", "--digits", "0"], ["--digits"]),
        (["gradcheck", "--eps", "0"], ["--eps"]),
        (["gradcheck", "--tol", "nan"], ["--tol"]),
        (["compare", "--dataset", "sine"], ["compare needs a target in [0, 1]"]),
        (["frobnicate"], ["frobnicate"]),
    ],
)
def test_other_bad_arguments(argv: list[str], words: list[str]) -> None:
    code, out, err = run(*argv)
    assert_usage_error(code, err, *words)


def test_unreadable_file(unreadable_file: str) -> None:
    code, _, err = run("explain", "--csv", unreadable_file)
    assert_usage_error(code, err, "cannot read", "Permission denied")
    code, _, err = run("explain", "--load", unreadable_file)
    assert_usage_error(code, err, "cannot read", "Permission denied")


def test_a_folder_instead_of_a_file(tmp_path: Path) -> None:
    code, _, err = run("explain", "--csv", str(tmp_path))
    assert_usage_error(code, err, "cannot read")
    code, _, err = run("explain", "--load", str(tmp_path))
    assert_usage_error(code, err, "cannot read")


@pytest.mark.parametrize(
    "argv",
    [
        ["explain", "--lr", "nan"],
        ["train", "--csv", "{ragged}"],
        ["gradcheck", "--load", "{json_nan}"],
        ["explain", "--dataset", "spiral"],
    ],
)
def test_bad_input_in_a_real_process(repo: Path, files: dict[str, str], argv: list[str]) -> None:
    proc = run_process(repo, *[a.format(**files) for a in argv])
    assert_usage_error(proc.returncode, proc.stderr)
    assert proc.stdout == "" or "Traceback" not in proc.stdout


def test_diverging_run_is_one_line_and_keeps_the_saved_file(repo: Path, tmp_path: Path) -> None:
    path = tmp_path / "p.json"
    code, _, _ = run("train", "--epochs", "5", "--save", str(path))
    assert code == 0
    saved = path.read_bytes()
    proc = run_process(repo, "train", "--lr", "1000", "--epochs", "50", "--save", str(path))
    assert proc.returncode not in (0, 2)  # a failed run, not a usage error
    assert "OverflowError" not in proc.stderr and "Traceback" not in proc.stderr
    lines = proc.stderr.splitlines()
    assert len(lines) == 1 and "diverged" in lines[0] and "epoch" in lines[0]
    assert path.read_bytes() == saved
    assert sorted(os.listdir(tmp_path)) == ["p.json"]


def test_diverging_run_in_process_exits_one() -> None:
    code, out, err = run("train", "--lr", "1000", "--epochs", "50")
    assert code == 1
    assert len(err.splitlines()) == 1 and "diverged" in err


@pytest.mark.parametrize(
    ("dataset", "lr"), [("sine", "1e300"), ("xor", "1000"), ("xor", "1e300"), ("circle", "1e6")]
)
def test_huge_learning_rates_never_crash(dataset: str, lr: str) -> None:
    code, out, err = run("train", "--dataset", dataset, "--lr", lr, "--epochs", "30")
    assert "Traceback" not in err and "Error" not in err
    if code == 0:
        assert err == "" and "final mean loss before each update" in out
    else:
        assert code == 1
        assert len(err.splitlines()) == 1 and "diverged" in err
