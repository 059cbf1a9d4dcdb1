"""Odd input beyond the obvious: encodings, stray commas, deep nesting, overflow, caps.

Each mistake gives one line `tinynn: error: ...` and exit status 2; input that is merely
unusual (a byte-order mark, quoted cells, spaces, unicode names) is read as meant.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from pathlib import Path

import pytest
from helpers import assert_usage_error, run, run_process

from tinynn import init_params, save_params

WriteFile = Callable[[str, str], str]
GOOD = {"W1": [[0.5], [-1.0]], "b1": [0.0, 0.5], "W2": [1.0, -2.0], "b2": 0.5}


def write_bytes(tmp_path: Path, name: str, data: bytes) -> str:
    path = tmp_path / name
    path.write_bytes(data)
    return str(path)


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("a,b,y,\n1,2,0.5,\n3,4,2,\n", ["column 4 of the header has no name", "comma at the end"]),
        ("a,,y\n1,2,0.5\n", ["column 2 of the header has no name"]),
        ("a,a,y\n1,2,0.5\n", ["distinct", "two are named 'a'"]),
        ("a;b;y\n1;2;0.5\n", ["at least two columns", "not ';'"]),
        ("y\n1\n2\n", ["at least two columns", "got 1"]),
        (
            "a,b,y\n1,2," + "9" * 500 + "\n",
            ["column 'y'", "not a finite number", "(500 characters)"],
        ),
        ("a,b,y\n1,2,true\n", ["column 'y'", "not a number: 'true'"]),
    ],
)
def test_bad_csv_names_the_problem(write_file: WriteFile, text: str, words: list[str]) -> None:
    code, _, err = run("explain", "--csv", write_file("bad.csv", text))
    assert_usage_error(code, err, *words)
    assert len(err) < 300  # a long cell is cut, not echoed


def test_latin1_csv_says_it_is_not_utf8(tmp_path: Path) -> None:
    path = write_bytes(tmp_path, "latin.csv", "café,y\n1,0\n".encode("latin-1"))
    code, _, err = run("explain", "--csv", path)
    assert_usage_error(code, err, "not UTF-8", "0xe9")


@pytest.mark.parametrize(
    "text",
    [
        "\ufeffa,b,y\n1,2,0.5\n3,4,2\n",  # a byte-order mark (spreadsheets write one)
        'a,b,y\n"1","2","0.5"\n3,4,2\n',  # quoted cells
        " a , b , y \n 1 , 2 , 0.5 \n3,4,2\n",  # spaces around cells and names
        "a,b,y\r\n1,2,0.5\r\n3,4,2\r\n",  # Windows line ends
    ],
)
def test_unusual_but_fine_csv_reads_as_meant(write_file: WriteFile, text: str) -> None:
    code, out, err = run("explain", "--csv", write_file("ok.csv", text), "--format", "json")
    assert code == 0, err
    doc = json.loads(out)
    assert (doc["x"], doc["y"], doc["task"]) == ([1.0, 2.0], 0.5, "regression")


def test_unicode_column_names_and_target(write_file: WriteFile) -> None:
    path = write_file("greek.csv", "α,β,γ\n1,2,0\n3,4,1\n")
    code, out, err = run("explain", "--csv", path, "--target", "α", "--format", "json")
    assert code == 0, err
    assert json.loads(out)["x"] == [2.0, 0.0]  # β and γ are the inputs
    code, _, err = run("explain", "--csv", path, "--target", "δ")
    assert_usage_error(code, err, "no column named 'δ'", "α, β, γ")


def test_overflowing_step_gives_strict_json(write_file: WriteFile) -> None:
    """y = 1e300 makes ½(y_pred − y)² overflow: the text shows inf, JSON null (not Infinity)."""
    path = write_file("huge.csv", "a,b,y\n1e200,1e200,1e300\n3,4,2\n")
    code, out, err = run("explain", "--csv", path, "--format", "json")
    assert code == 0, err

    def no_constants(name: str) -> float:
        raise AssertionError(f"not strict JSON: {name}")

    doc = json.loads(out, parse_constant=no_constants)
    assert doc["loss"] is None
    by_name = {e["name"]: e["value"] for e in doc["events"]}
    assert by_name["L"] is None
    assert by_name["delta2"] == pytest.approx(0.33 - 1e300)  # finite values stay
    code, text, _ = run("explain", "--csv", path)
    assert "= inf\n" in text


@pytest.mark.parametrize(
    ("obj", "words"),
    [
        ({**GOOD, "lr": 0.5}, ["unknown key 'lr'"]),
        ([1, 2, 3], ["JSON object"]),
        ({**GOOD, "b2": False}, ["b2 is not a number"]),
        ({**GOOD, "W1": []}, ["W1 must be a non-empty list"]),
    ],
)
def test_bad_params_json(write_file: WriteFile, obj: object, words: list[str]) -> None:
    code, _, err = run("explain", "--load", write_file("p.json", json.dumps(obj)))
    assert_usage_error(code, err, *words)


def test_deeply_nested_json_is_one_line_in_a_real_process(
    repo: Path, write_file: WriteFile
) -> None:
    path = write_file("deep.json", '{"W1": ' + "[" * 100_000 + "]" * 100_000 + "}")
    proc = run_process(repo, "explain", "--load", path)
    assert_usage_error(proc.returncode, proc.stderr, "nested too deeply")


def test_params_json_with_a_byte_order_mark_loads(tmp_path: Path) -> None:
    path = write_bytes(tmp_path, "bom.json", b"\xef\xbb\xbf" + json.dumps(GOOD).encode())
    code, out, err = run("explain", "--load", path, "--format", "json")
    assert code == 0, err
    assert json.loads(out)["params"] == GOOD


def test_saved_file_with_format_and_version_still_loads(tmp_path: Path) -> None:
    path = str(tmp_path / "p.json")
    save_params(path, init_params(1, 2, seed=4))
    assert set(json.loads(Path(path).read_text())) == {"format", "version", "W1", "b1", "W2", "b2"}
    code, _, err = run("explain", "--load", path)
    assert code == 0, err


def test_hidden_that_disagrees_with_load(write_file: WriteFile) -> None:
    path = write_file("p.json", json.dumps(GOOD))  # two hidden units
    code, _, err = run("explain", "--load", path, "--hidden", "3")
    assert_usage_error(code, err, f"hidden size 3 disagrees with {path}, which has 2 hidden units")
    code, _, err = run("explain", "--load", path, "--hidden", "2")
    assert code == 0, err


@pytest.mark.parametrize(
    ("argv", "words"),
    [
        (["train", "--epochs", "10000000000000000000000"], ["--epochs", "at most 1000000"]),
        (["train", "--epochs", "-1"], ["--epochs", "at least 1"]),
        (["bughunt", "--epochs", "2000000"], ["--epochs", "at most"]),
        (["explain", "--digits", "100"], ["--digits", "must be at most 17, got 100"]),
        (["explain", "--sample", "1.5"], ["--sample", "'1.5'"]),
    ],
)
def test_out_of_range_numbers(argv: list[str], words: list[str]) -> None:
    code, _, err = run(*argv)
    assert_usage_error(code, err, *words)


def test_seventeen_digits_round_trip_the_value() -> None:
    """17 significant digits read back as the very float the engine computed."""
    code, out, _ = run("explain", "--digits", "17")
    assert code == 0
    line = next(s for s in out.splitlines() if s.startswith("a1[0] = "))
    printed = float(line.rsplit("= ", 1)[1].replace("\u2212", "-"))
    _, doc, _ = run("explain", "--format", "json")
    exact = json.loads(doc)["events"][3]  # a1[0]
    assert exact["name"] == "a1" and printed == exact["value"]
    assert math.isclose(printed, 1 / (1 + math.exp(-(0.69 * -3.0))), rel_tol=1e-15)


def test_save_onto_a_folder_keeps_it(tmp_path: Path) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    (folder / "keep.txt").write_text("x")
    code, _, err = run("train", "--epochs", "1", "--save", str(folder))
    assert_usage_error(code, err, "it is a folder")
    assert (folder / "keep.txt").read_text() == "x"


def test_target_naming_the_only_column(write_file: WriteFile) -> None:
    code, _, err = run("explain", "--csv", write_file("one.csv", "y\n1\n"), "--target", "y")
    assert_usage_error(code, err, "at least two columns")


@pytest.mark.parametrize(("cells", "task"), [("0.0,1.0", "classification"), ("0,2", "regression")])
def test_float_labels_are_labels(write_file: WriteFile, cells: str, task: str) -> None:
    a, b = cells.split(",")
    path = write_file("labels.csv", f"x,y\n1,{a}\n2,{b}\n")
    code, out, err = run("explain", "--csv", path, "--format", "json")
    assert code == 0, err
    assert json.loads(out)["task"] == task


@pytest.mark.parametrize("lesson", [[], ["--lesson", "by-hand"]])
def test_parameters_too_wide_for_the_data_name_the_file(tmp_path: Path, lesson: list[str]) -> None:
    path = str(tmp_path / "wide.json")
    save_params(path, init_params(2, 2, seed=0))
    code, _, err = run("explain", *lesson, "--load", path)
    assert_usage_error(code, err, "wide.json: ", "2 input(s)", "data has 1")


@pytest.mark.parametrize(
    "argv",
    [
        ["train", "--epochs", "1", "--save", ""],
        ["explain", "--csv", ""],
        ["explain", "--load", ""],
        ["quiz", "--lesson", ""],
        ["explain", "--csv", "x.csv", "--target", ""],
    ],
)
def test_empty_names_are_mistakes(argv: list[str]) -> None:
    code, out, err = run(*argv)
    assert_usage_error(code, err, f"{argv[-2]} needs a name")
    assert out == ""  # nothing trained, nothing traced
