"""A lesson reads only files in its own folder (or below it), and its size is capped where
every number is shown.

A lesson is handed around a class: its `csv` may not be absolute nor lead out of its folder
by `..` or a symbolic link (resolved, then compared). A network of more than
MAX_SHOWN_WEIGHTS inputs × hidden units is refused by explain (and everything that shows
each number) with one line naming the product and the cap; `tinynn train` takes it.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import assert_usage_error, run

from tinynn.core.validate import MAX_SHOWN_WEIGHTS
from tinynn.run.config import Config, SetupError, resolve
from tinynn.teach.lesson import load_lesson

CSV = "a,b,y\n1,2,0.5\n3,4,2\n"


def lesson_naming(folder: Path, csv: str) -> str:
    """A lesson file in `folder` whose data are the CSV `csv` (as written in the file)."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "l.toml"
    path.write_text(f'title = "t"\n[data]\ncsv = "{csv}"\n', encoding="utf-8")
    return str(path)


def test_a_csv_in_a_subfolder_is_read(tmp_path: Path) -> None:
    (tmp_path / "lesson" / "data").mkdir(parents=True)
    (tmp_path / "lesson" / "data" / "d.csv").write_text(CSV, encoding="utf-8")
    lesson = load_lesson(lesson_naming(tmp_path / "lesson", "data/d.csv"))
    data = lesson.setup().data
    assert (data.X, data.Y) == ([[1.0, 2.0], [3.0, 4.0]], [0.5, 2.0])


@pytest.mark.parametrize("where", ["absolute", "parent", "symlink", "folder symlink"])
def test_a_csv_outside_the_lessons_folder_is_one_line(tmp_path: Path, where: str) -> None:
    outside = tmp_path / "secret.csv"
    outside.write_text(CSV, encoding="utf-8")  # readable: only where it is stops it
    folder = tmp_path / "lesson"
    folder.mkdir()
    name = {"absolute": str(outside), "parent": "../secret.csv"}.get(where, "data.csv")
    if where == "symlink":
        (folder / "data.csv").symlink_to(outside)
    if where == "folder symlink":
        (folder / "up").symlink_to(tmp_path)
        name = "up/secret.csv"
    path = lesson_naming(folder, name)
    code, out, err = run("explain", "--lesson", path)
    assert_usage_error(
        code, err, f"{path}: data.csv: must name a file in the lesson's folder or below it"
    )
    assert out == ""


def test_dot_dot_that_stays_inside_is_read(tmp_path: Path) -> None:
    (tmp_path / "lesson" / "sub").mkdir(parents=True)
    (tmp_path / "lesson" / "d.csv").write_text(CSV, encoding="utf-8")
    code, _, err = run("explain", "--lesson", lesson_naming(tmp_path / "lesson", "sub/../d.csv"))
    assert code == 0, err


def test_a_symlink_inside_the_folder_is_read(tmp_path: Path) -> None:
    folder = tmp_path / "lesson"
    (folder / "data").mkdir(parents=True)
    (folder / "data" / "d.csv").write_text(CSV, encoding="utf-8")
    (folder / "link.csv").symlink_to(folder / "data" / "d.csv")
    code, _, err = run("explain", "--lesson", lesson_naming(folder, "link.csv"))
    assert code == 0, err


def wide_csv(folder: Path, n: int) -> str:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"wide{n}.csv"
    header = ",".join(f"x{i}" for i in range(n)) + ",y\n"
    path.write_text(header + ",".join(["0.5"] * n) + ",1\n", encoding="utf-8")
    return str(path)


def test_the_cap_is_at_inputs_times_hidden(tmp_path: Path) -> None:
    path = wide_csv(tmp_path, 3)
    most = MAX_SHOWN_WEIGHTS // 3  # 3 × 170 = 510 fits, 3 × 171 = 513 does not
    assert resolve(Config(csv=path, hidden=most)).params.n_hidden == most
    with pytest.raises(SetupError) as info:
        resolve(Config(csv=path, hidden=most + 1))
    assert info.value.field == "hidden"
    assert str(info.value).startswith(
        f"inputs × hidden units must be at most {MAX_SHOWN_WEIGHTS} to show every number, "
        f"got 3 × {most + 1} = {3 * (most + 1)}"
    )
    assert resolve(Config(csv=path, hidden=most + 1), every_number_shown=False)


def test_the_cap_holds_for_a_single_input() -> None:
    assert resolve(Config(dataset="sine", hidden=MAX_SHOWN_WEIGHTS)).params.n_hidden == 512
    with pytest.raises(SetupError, match="got 2 × 1024 = 2048"):
        resolve(Config(dataset="xor", hidden=1024))  # train takes it: 1024 is its cap
    assert resolve(Config(dataset="xor", hidden=1024), every_number_shown=False)


def test_a_lesson_too_wide_to_show_is_refused_by_explain_and_trained(tmp_path: Path) -> None:
    wide_csv(tmp_path, 400)
    path = tmp_path / "big.toml"
    path.write_text('title = "big"\nhidden = 8\n[data]\ncsv = "wide400.csv"\n', encoding="utf-8")
    sheets = ["--out", str(tmp_path / "sheets")]
    for argv in (["explain"], ["quiz"], ["gradcheck"], ["worksheet", *sheets]):
        code, _, err = run(*argv, "--lesson", str(path))
        assert_usage_error(code, err, "400 × 8 = 3200", f"at most {MAX_SHOWN_WEIGHTS}")
    code, out, err = run("train", "--lesson", str(path), "--epochs", "1")
    assert code == 0, err
    assert "400-8-1" in out
