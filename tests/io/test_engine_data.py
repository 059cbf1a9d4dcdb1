"""Datasets: the built-in ones are fixed, and every way a CSV can be wrong is named."""

from __future__ import annotations

import json
import math
import os
import random
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from tinynn import DATASETS, DataError, TinyNNError, get_dataset, load_csv
from tinynn.io.data import check_for_task

WriteFile = Callable[[str, str], str]


def test_builtin_datasets_are_the_same_every_time(repo: Path) -> None:
    random.seed(12345)  # the global generator must not leak in
    here = {name: get_dataset(name) for name in DATASETS}
    random.seed(999)
    assert {name: get_dataset(name) for name in DATASETS} == here
    probe = (
        f"import json, sys; sys.path.insert(0, {str(repo)!r}); from tinynn import get_dataset; "
        "print(json.dumps({n: [get_dataset(n).X, get_dataset(n).Y] for n in "
        "('sine', 'xor', 'circle')}))"
    )
    env = {**os.environ, "PYTHONHASHSEED": "123"}
    out = subprocess.run(
        [sys.executable, "-I", "-c", probe],
        capture_output=True,
        text=True,
        check=True,
        env=env,
        timeout=60,
    )
    other_run = json.loads(out.stdout)
    for name in ("sine", "xor", "circle"):
        assert other_run[name] == [here[name].X, here[name].Y]


def test_builtin_datasets_are_what_their_docs_say() -> None:
    sine = get_dataset("sine")
    assert (len(sine), sine.n_inputs, sine.task) == (21, 1, "regression")
    assert sine.X[0] == [-3.0] and sine.X[-1] == [3.0] and sine.X[10] == [0.0]
    for (x,), y in sine.samples:
        assert abs(y - math.sin(x)) <= 0.0005
    xor = get_dataset("xor")
    assert xor.task == "classification"
    assert [(x, y) for x, y in xor.samples] == [
        ([0.0, 0.0], 0.0),
        ([0.0, 1.0], 1.0),
        ([1.0, 0.0], 1.0),
        ([1.0, 1.0], 0.0),
    ]
    circle = get_dataset("circle")
    assert (len(circle), circle.n_inputs, circle.task) == (60, 2, "classification")
    for (a, b), y in circle.samples:
        assert -1 <= a <= 1 and -1 <= b <= 1
        assert y == (1.0 if a * a + b * b < 0.5 else 0.0)
    assert 0 < sum(circle.Y) < len(circle)  # both classes occur


def test_unknown_dataset() -> None:
    with pytest.raises(DataError, match="unknown dataset 'spiral'"):
        get_dataset("spiral")


# --- load_csv: the happy path


def test_csv_target_defaults_to_the_last_column_and_task_is_guessed(write_file: WriteFile) -> None:
    path = write_file("or.csv", "a,b,label\n0,0,0\n0,1,1\n\n1,0,1\n1,1,1\n")
    data = load_csv(path)
    assert data.X == [[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]]  # blank line skipped
    assert data.Y == [0.0, 1.0, 1.0, 1.0]
    assert data.feature_names == ["a", "b"] and data.target_name == "label"
    assert data.task == "classification"
    assert data.name == "or.csv"


def test_csv_target_by_name(write_file: WriteFile) -> None:
    path = write_file("r.csv", "\ufeffx1, y ,x2\n1.5,-2,3e-1\n 4 ,0.25, -6\n")  # BOM, spaces
    data = load_csv(path, target="y")
    assert data.X == [[1.5, 0.3], [4.0, -6.0]]
    assert data.Y == [-2.0, 0.25]
    assert data.feature_names == ["x1", "x2"] and data.target_name == "y"
    assert data.task == "regression"  # -2 and 0.25 are not labels


# --- load_csv: every bad input, one line naming the problem


@pytest.mark.parametrize(
    ("text", "target", "message"),
    [
        ("", None, "is empty"),
        ("\n\n  \n", None, "is empty"),
        ("1,2,3\n4,5,6\n", None, "no header row"),
        ("a,b,y\n", None, "header but no data rows"),
        ("a,b,y\n1,2,3\n", "z", "no column named 'z'"),
        ("a,b,y\n1,2,3\n4,5\n", None, "line 3: 2 cells, but the header has 3"),
        ("a,b,y\n1,2,3\n4,5,6,7\n", None, "line 3: 4 cells, but the header has 3"),
        ("a,b,y\n1,2,3\n4,five,6\n", None, "line 3, column 'b': not a number: 'five'"),
        ("a,b,y\n1,,3\n", None, "column 'b': not a number: ''"),
        ("a,b,y\n1,nan,3\n", None, "column 'b': not a finite number: nan"),
        ("a,b,y\n1,2,inf\n", None, "column 'y': not a finite number: inf"),
        ("a,b,y\n1,2,-Infinity\n", None, "not a finite number"),
        ("a,b,y\n1,1e999,3\n", None, "not a finite number"),
        ("y\n1\n", None, "at least two columns"),
        ("a,a,y\n1,2,3\n", None, "distinct"),
    ],
)
def test_csv_errors(write_file: WriteFile, text: str, target: str | None, message: str) -> None:
    path = write_file("bad.csv", text)
    with pytest.raises(DataError) as info:
        load_csv(path, target)
    assert message in str(info.value)
    assert path in str(info.value)
    assert "\n" not in str(info.value)


def test_csv_missing_file(tmp_path: Path) -> None:
    path = str(tmp_path / "nowhere.csv")
    with pytest.raises(DataError, match="no such file"):
        load_csv(path)


def test_csv_that_is_a_folder_or_not_text(tmp_path: Path) -> None:
    with pytest.raises(DataError, match="cannot read"):
        load_csv(str(tmp_path))
    binary = tmp_path / "b.csv"
    binary.write_bytes(b"a,y\n\xff\xfe\x00,1\n")
    with pytest.raises(DataError, match="cannot read"):
        load_csv(str(binary))


def test_csv_unreadable_file(unreadable_file: str) -> None:
    with pytest.raises(DataError, match="cannot read"):
        load_csv(unreadable_file)


def test_check_for_task_rejects_non_binary_targets(write_file: WriteFile) -> None:
    data = load_csv(write_file("t.csv", "a,y\n1,0\n2,1\n3,2\n"))
    assert data.task == "regression"
    check_for_task(data, "regression")  # any real target is fine for regression
    with pytest.raises(DataError, match=r"targets 0 or 1, but 'y' of sample 2 is 2"):
        check_for_task(data, "classification")
    check_for_task(get_dataset("xor"), "classification")


def test_data_errors_are_tinynn_errors() -> None:
    assert issubclass(DataError, TinyNNError) and issubclass(TinyNNError, ValueError)


def test_inputs_are_named_by_their_columns_or_as_the_trace_names_them(tmp_path: Path) -> None:
    from tinynn.io.data import Dataset, default_names, get_dataset, load_csv

    for name in ("sine", "xor", "circle"):
        d = get_dataset(name)
        assert not d.inputs_named
        assert [d.input_name(i) for i in range(d.n_inputs)] == [
            f"x[{i}]" for i in range(d.n_inputs)
        ]
    csv = tmp_path / "cars.csv"
    csv.write_text("speed,weight,stop\n1,2,0\n3,4,1\n", encoding="utf-8")
    cars = load_csv(str(csv))
    assert cars.inputs_named and [cars.input_name(0), cars.input_name(1)] == ["speed", "weight"]
    assert default_names(1) == ["x"] and default_names(3) == ["x1", "x2", "x3"]
    half = Dataset("d", [[0.0, 1.0]], [0.0], "classification", ["x1", "size"])
    assert half.inputs_named and half.input_name(0) == "x1"  # a name of its own beside one
