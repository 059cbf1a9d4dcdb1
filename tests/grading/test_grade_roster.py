"""The roster: `tinynn worksheet --out` writes which student got which sheet, and `tinynn grade
--roster` flags an answers file whose ID is not its student's and two students with one ID."""

from __future__ import annotations

import csv
from pathlib import Path

from helpers import assert_usage_error, run
from test_grade import answers_file

from tinynn.teach.roster import read_roster
from tinynn.teach.worksheet import build_sheets


def roster_rows(path: Path) -> list[list[str]]:
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.reader(f))


def test_worksheet_writes_a_roster_of_numbered_students(tmp_path: Path) -> None:
    code, printed, err = run("worksheet", "--students", "2", "--out", str(tmp_path / "ws"))
    assert code == 0, err
    ids = [s.id for s in build_sheets("by-hand", 2, 0)]
    assert roster_rows(tmp_path / "ws" / "roster.csv") == [
        ["student", "id"], ["student 1", ids[0]], ["student 2", ids[1]]]  # fmt: skip
    assert "roster.csv" in printed


def test_worksheet_names_the_students_of_a_names_file(tmp_path: Path) -> None:
    names = tmp_path / "names.txt"
    names.write_text("# my class\nada\n\n=bob\ncarl\n", "utf-8")
    code, _, err = run("worksheet", "--names", str(names), "--out", str(tmp_path / "ws"))
    assert code == 0, err
    ids = [s.id for s in build_sheets("by-hand", 3, 0)]
    rows = roster_rows(tmp_path / "ws" / "roster.csv")
    assert rows == [["student", "id"], ["ada", ids[0]], ["'=bob", ids[1]], ["carl", ids[2]]]
    # read back, the apostrophe that kept "=bob" from running is gone
    assert read_roster(str(tmp_path / "ws" / "roster.csv")) == dict(
        zip(["ada", "=bob", "carl"], ids))  # fmt: skip
    code, _, err = run("worksheet", "--names", str(names), "--students", "2", "--out",
                       str(tmp_path / "ws2"))  # fmt: skip
    assert_usage_error(code, err, "--students 2", "3 names")


def test_grade_flags_what_the_roster_contradicts(tmp_path: Path) -> None:
    names = tmp_path / "names.txt"
    names.write_text("ada\nbob\ncarl\n", "utf-8")
    assert run("worksheet", "--names", str(names), "--out", str(tmp_path / "ws"))[0] == 0
    ada, bob, carl = build_sheets("by-hand", 3, 0)
    folder = tmp_path / "class"
    folder.mkdir()
    (folder / "ada.answers.txt").write_text(answers_file(ada), "utf-8")
    (folder / "bob.answers.txt").write_text(answers_file(ada), "utf-8")  # ada's sheet
    header_free = answers_file(carl).split("\n", 1)[1]  # carl's, without its ID
    (folder / "carl.answers.txt").write_text(header_free, "utf-8")
    (folder / "eve.answers.txt").write_text(answers_file(bob), "utf-8")  # not on the roster
    out = tmp_path / "out"
    code, _, err = run("grade", str(folder), "--out", str(out), "--roster",
                       str(tmp_path / "ws" / "roster.csv"))  # fmt: skip
    assert code == 0, err
    with open(out / "grades.csv", encoding="utf-8", newline="") as f:
        rows = {r["student"]: r for r in csv.DictReader(f)}
    assert rows["ada"]["flags"] == f"the same ID {ada.id} as bob"
    assert rows["bob"]["flags"] == (
        f"its ID {ada.id} is not the one bob was given ({bob.id}); the same ID {ada.id} as ada"
    )
    assert rows["carl"]["flags"] == f"no ID in its header: graded as {carl.id}, the roster's"
    assert rows["carl"]["worksheet"] == carl.id and float(rows["carl"]["score"]) == 100.0
    assert rows["eve"]["flags"] == "eve is not on the roster"
    # bob handed in ada's sheet, worked right: graded against the sheet he worked on
    assert float(rows["bob"]["score"]) == 100.0 and rows["bob"]["worksheet"] == ada.id
    summary = (out / "summary.txt").read_text("utf-8")
    assert f"bob.answers.txt: its ID {ada.id} is not the one bob was given" in summary


def test_without_an_id_or_roster_an_answers_file_needs_a_lesson(tmp_path: Path) -> None:
    folder = tmp_path / "class"
    folder.mkdir()
    # the by-hand lesson's own step, worked out right (tests/grading/answers/right.txt)
    right = (Path(__file__).parent / "answers" / "right.txt").read_text("utf-8")
    (folder / "ada.txt").write_text(right, "utf-8")
    code, _, err = run("grade", str(folder), "--out", str(tmp_path / "a"))
    assert code == 0, err
    row = next(csv.DictReader((tmp_path / "a" / "grades.csv").read_text("utf-8").splitlines()))
    assert float(row["score"]) == 0.0 and "--lesson" in row["not graded"]
    assert run("grade", str(folder), "--out", str(tmp_path / "b"), "--lesson", "by-hand")[0] == 0
    row = next(csv.DictReader((tmp_path / "b" / "grades.csv").read_text("utf-8").splitlines()))
    assert float(row["score"]) == 100.0 and row["not graded"] == ""
