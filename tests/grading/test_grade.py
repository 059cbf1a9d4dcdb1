"""`tinynn grade DIR --out FOLDER`: a small class graded once, its scores against hand-computed
points, its gradebook read back, its results.json against Gradescope's documented fields.

The class (built in a temporary folder from tests/grading/students and worksheets):

    correct.py          every number right                                 100
    sign.py             δ2's sign slipped (mistake_sign_delta2.py): the forward values
                        and the loss right, every gradient and update wrong: 2 + 1 of
                        the weights 2, 1, 4, 3 in both tasks                  30
    tuple.py            right, but only the updated parameters, and no task keyword:
                        the regression update only, classification not run    50
    os_exits.py         os._exit(3) in its first case: nothing compared        0
    escape.py           prints escape sequences, raises with one: nothing compared  0
    =HYPERLINK(1).py    returns "done" (garbage), named like a formula          0
    right.answers.txt   sheet 1, every value right                           100
    half.answers.txt    sheet 2, the forward values, the loss and the first 6 of 12
                        backward values; the rest blank: 20 + 10 + 40·6/12     50
    carried.answers.txt sheet 3, δ2's sign slipped and everything after worked out
                        from it: 15 values carried, δ2 alone costs 40/12  96.67
"""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from helpers import assert_usage_error, run

from tinynn.core.numbers import fmt
from tinynn.core.step import step_pass
from tinynn.grading.gradebook import COLUMNS
from tinynn.io.spreadsheet import FORMULA_STARTS, csv_text, inert
from tinynn.run.trace import describe
from tinynn.teach.mistakes import ALL_MISTAKES
from tinynn.teach.worksheet import KEY_DIGITS, Sheet, build_sheets

STUDENTS = Path(__file__).parent / "students"
FAST = ["--cases", "1", "--timeout", "2", "--jobs", "2"]
CODE = {
    "correct.py": "correct.py",
    "sign.py": "mistake_sign_delta2.py",
    "tuple.py": "tuple_return.py",
    "os_exits.py": "os_exits.py",
    "=HYPERLINK(1).py": "garbage.py",
}
EXPECTED = {  # file -> score, worked out in the docstring
    "correct.py": 100.0,
    "sign.py": 30.0,
    "tuple.py": 50.0,
    "os_exits.py": 0.0,
    "escape.py": 0.0,
    "=HYPERLINK(1).py": 0.0,
    "right.answers.txt": 100.0,
    "half.answers.txt": 50.0,
    "carried.answers.txt": 96.67,
}
ESCAPE = """
def step(W1, b1, W2, b2, x, y, lr, task="regression"):
    print("\\x1b[2J\\x1b[Hok: step agrees with the engine")
    raise RuntimeError("\\x1b]0;pwned\\x07")
"""
VISIBILITY = {"visible", "hidden", "after_due_date", "after_published"}
TOP_FIELDS = {"score", "execution_time", "output", "output_format", "test_output_format",
              "test_name_format", "visibility", "stdout_visibility", "extra_data", "tests",
              "leaderboard"}  # fmt: skip
TEST_FIELDS = {"score", "max_score", "status", "name", "name_format", "number", "output",
               "output_format", "tags", "visibility", "extra_data"}  # fmt: skip


def answers_file(sheet: Sheet, slip: str | None = None, given: int | None = None) -> str:
    """A filled answers file of `sheet`: the key's values (or those of a step with the known
    mistake `slip`), the first `given` of them (the rest left blank)."""
    s = sheet.setup
    if slip is None:
        events = list(sheet.trace(KEY_DIGITS))
    else:
        m = next(m for m in ALL_MISTAKES if m.id == slip)
        events = list(describe(step_pass(s.params, s.x, s.y, s.lr, s.task, m.equations(s.lr))))
    lines = [f"# Worksheet {sheet.id}: filled in"]
    for k, e in enumerate(events):
        value = fmt(e.value, KEY_DIGITS) if given is None or k < given else ""
        lines.append(f"{e.answer_name} = {value}")
    return "\n".join(lines) + "\n"


def make_class(folder: Path) -> Path:
    folder.mkdir()
    shutil.copy(STUDENTS / "_student_base.py", folder)
    for name, source in CODE.items():
        shutil.copy(STUDENTS / source, folder / name)
    (folder / "escape.py").write_text(ESCAPE, "utf-8")
    sheets = build_sheets("by-hand", 3, 0)
    (folder / "right.answers.txt").write_text(answers_file(sheets[0]), "utf-8")
    # 6 forward values, the loss, then the first 6 of the 12 backward values
    (folder / "half.answers.txt").write_text(answers_file(sheets[1], given=13), "utf-8")
    (folder / "carried.answers.txt").write_text(answers_file(sheets[2], "sign-delta2"), "utf-8")
    (folder / "notes.md").write_text("not a submission\n", "utf-8")
    return folder


def graded_class(tmp: Path, *options: str, only: tuple[str, ...] = ()) -> tuple[Path, str]:
    """`tinynn grade` of the class (or of `only` its files named) with --cases 1."""
    out = tmp / "out"
    folder = make_class(tmp / "class")
    for p in folder.iterdir():
        if only and p.name not in only and not p.name.startswith("_"):
            p.unlink()
    code, printed, err = run("grade", str(folder), "--out", str(out), *FAST, *options)
    assert code == 0, err
    return out, printed


def test_a_small_class(tmp_path: Path) -> None:
    """The class of the module's docstring, graded once (every check below reads it)."""
    out, printed = graded_class(tmp_path)
    with open(out / "grades.csv", encoding="utf-8", newline="") as f:
        rows = {r["file"]: r for r in csv.DictReader(f)}
    every_file_scores_its_hand_computed_points(rows)
    the_counts_and_first_differences(rows)
    the_csv_opens_cleanly_and_runs_no_formula(out)
    each_student_gets_a_valid_results_json(out)
    the_reports_are_the_checks_escaped(out)
    the_summary_ranks_what_the_class_got_wrong(out, printed)


def every_file_scores_its_hand_computed_points(rows: dict[str, dict[str, str]]) -> None:
    # the formula-named file as its cell shows it (see the next test)
    assert {f.removeprefix("'"): float(r["score"]) for f, r in rows.items()} == EXPECTED
    assert all(float(r["max"]) == 100.0 for r in rows.values())
    assert len(rows) == len(EXPECTED)  # notes.md and _student_base.py are not graded


def the_counts_and_first_differences(rows: dict[str, dict[str, str]]) -> None:
    carried, half = rows["carried.answers.txt"], rows["half.answers.txt"]
    assert (carried["right"], carried["wrong"], carried["carried"], carried["blank"]) == (
        "9", "1", "16", "0")  # fmt: skip
    assert carried["first difference"] == "delta2"
    assert carried["known mistake"] == "δ2 with the wrong sign"
    assert (half["right"], half["wrong"], half["blank"]) == ("13", "0", "13")
    sign = rows["sign.py"]
    assert sign["first difference"] == "delta2"
    assert sign["known mistake"] == "δ2 with the wrong sign"
    assert rows["correct.py"]["wrong"] == "0" and int(rows["correct.py"]["right"]) > 0
    assert rows["os_exits.py"]["first difference"] == "case 1: exit"
    assert rows["tuple.py"]["first difference"].startswith("classification was not checked")
    assert rows["right.answers.txt"]["worksheet"] == build_sheets("by-hand", 1, 0)[0].id
    # every row records what a regrade needs
    for r in rows.values():
        assert r["tinynn"] and r["options"].startswith("tinynn grade --cases 1 ")
        assert r["isolation"] and r["rule"]


def the_csv_opens_cleanly_and_runs_no_formula(out: Path) -> None:
    text = (out / "grades.csv").read_text("utf-8")
    with open(out / "grades.csv", encoding="utf-8", newline="") as f:
        table = list(csv.reader(f, quoting=csv.QUOTE_NONNUMERIC))
    assert tuple(table[0]) == COLUMNS
    assert all(len(r) == len(COLUMNS) for r in table)
    for row in table[1:]:
        assert isinstance(row[3], float) and isinstance(row[4], float)  # score, max: numbers
        assert not any(isinstance(c, str) and c[:1] in FORMULA_STARTS for c in row)
    assert '"\'=HYPERLINK(1)"' in text  # the student named by the file, made inert, quoted


def test_inert_cells() -> None:
    for cell in ("=1+1", "+1", "-1+1", "@SUM(A1)", "\t=1", " =1", "＝1", "\r=1"):
        assert inert(cell).startswith("'"), cell
    assert inert("ada") == "ada" and inert("a=b") == "a=b"
    assert inert("x\x1b[2J") == "x\\x1b[2J"  # no escape sequence reaches a terminal
    text = csv_text(("a", "b"), [("=x", 1.5), (None, True)])
    assert text == '"a","b"\r\n"\'=x",1.5\r\n"","yes"\r\n'


def gradescope_fields(results: dict[str, Any]) -> None:
    """Gradescope's documented results.json: its fields and their types, nothing else."""
    assert set(results) <= TOP_FIELDS, set(results) - TOP_FIELDS
    assert isinstance(results["score"], (int, float))
    assert isinstance(results.get("execution_time", 0), int)
    assert isinstance(results.get("output", ""), str)
    assert results.get("stdout_visibility", "hidden") in VISIBILITY
    assert isinstance(results.get("extra_data", {}), dict)
    for test in results["tests"]:
        assert set(test) <= TEST_FIELDS, set(test) - TEST_FIELDS
        assert isinstance(test["name"], str) and isinstance(test["output"], str)
        assert isinstance(test["score"], (int, float))
        assert isinstance(test["max_score"], (int, float))
        assert 0 <= test["score"] <= test["max_score"]
        assert test.get("visibility", "visible") in VISIBILITY
        assert test.get("status", "passed") in ("passed", "failed")


def each_student_gets_a_valid_results_json(out: Path) -> None:
    folders = sorted(p.name for p in (out / "students").iterdir())
    code = ["correct", "sign", "tuple", "os_exits", "escape", "HYPERLINK_1"]
    assert folders == sorted([*code, "right", "half", "carried"])
    for name in folders:
        results = json.loads((out / "students" / name / "results.json").read_text("utf-8"))
        gradescope_fields(results)
        total = sum(t["score"] for t in results["tests"])
        assert results["score"] == pytest.approx(total, abs=0.011)
        extra = results["extra_data"]
        assert extra["tinynn"] and extra["options"] and extra["isolation"]
    sign = json.loads((out / "students" / "sign" / "results.json").read_text("utf-8"))
    by_name = {t["name"].split(" (")[0]: t for t in sign["tests"]}
    # the weights said: 50 a task, shared 2 : 1 : 4 : 3 among the phases returned
    assert {n: t["max_score"] for n, t in by_name.items()} == {
        f"{task}: {phase}": share for task in ("regression", "classification")
        for phase, share in (("forward", 10.0), ("loss", 5.0), ("backward", 20.0), ("update", 15.0))
    }  # fmt: skip
    assert by_name["regression: backward"]["score"] == 0
    assert by_name["regression: loss"]["score"] == 5
    tuple_tests = json.loads((out / "students" / "tuple" / "results.json").read_text("utf-8"))
    assert [t["name"] for t in tuple_tests["tests"]] == [
        "regression: update (W1, b1, W2, b2)",
        "classification: update (W1, b1, W2, b2)",
    ]
    assert tuple_tests["tests"][1]["output"].startswith("not checked")


def the_reports_are_the_checks_escaped(out: Path) -> None:
    for path in out.rglob("*"):  # no escape sequence reaches a terminal or a browser
        assert not path.is_file() or b"\x1b" not in path.read_bytes(), path
    escape = (out / "students" / "escape" / "report.txt").read_text("utf-8")
    assert "RuntimeError: \\x1b]0;pwned\\x07" in escape and "| \\x1b[2J" in escape
    sign = (out / "students" / "sign" / "report.txt").read_text("utf-8")
    assert "first difference: delta2" in sign and "expected: delta2 = " in sign
    assert sign.startswith("graded by tinynn ") and "isolation: " in sign
    assert (out / "students" / "sign" / "feedback.txt").read_text("utf-8").count(
        "expected: delta2") == 1  # with hints, the student sees the report  # fmt: skip


def the_summary_ranks_what_the_class_got_wrong(out: Path, printed: str) -> None:
    text = (out / "summary.txt").read_text("utf-8")
    markdown = (out / "summary.md").read_text("utf-8")
    assert "the known mistake most often made: δ2 with the wrong sign (2 students)" in text
    # delta2 is wrong for sign.py and carried.answers.txt: the quantity most often wrong
    assert "the quantity most often wrong: delta2 (2 students)" in text
    assert "2 students  delta2  (carried, sign)" in text
    assert "notes.md: not a .py, .ipynb, .txt or .csv file" in text
    assert "| 2 | δ2 with the wrong sign | carried, sign |" in markdown
    assert "options: tinynn grade --cases 1" in text and "isolation for code: " in text
    assert printed.startswith("graded 9 files in ") and "wrong: delta2 (2 students)" in printed


def test_no_hints_withholds_correct_values_from_students_only(tmp_path: Path) -> None:
    out, _ = graded_class(tmp_path, "--no-hints", only=("sign.py", "carried.answers.txt"))
    for name in ("sign", "carried"):
        where = out / "students" / name
        feedback = (where / "feedback.txt").read_text("utf-8")
        results = json.loads((where / "results.json").read_text("utf-8"))
        report = (where / "report.txt").read_text("utf-8")
        seen = feedback + results["output"] + "".join(
            t["output"] for t in results["tests"] if t["visibility"] == "visible")  # fmt: skip
        for withheld in ("expected", "the correct value is", "known mistake", "equation"):
            assert withheld not in seen
        assert "expected" in report and "known mistake" in report  # the teacher's copy
        hidden = [t for t in results["tests"] if t["visibility"] == "hidden"]
        assert len(hidden) == 1 and hidden[0]["max_score"] == 0
        assert "expected" in hidden[0]["output"]
        gradescope_fields(results)
    sign = (out / "students" / "sign" / "feedback.txt").read_text("utf-8")
    assert "first difference: delta2" in sign and "withheld" in sign
    carried = (out / "students" / "carried" / "feedback.txt").read_text("utf-8")
    assert "✗ delta2 = " in carried and "↪ dW2[0] = " in carried
    assert "--no-hints" in (out / "grades.csv").read_text("utf-8")


def test_regression_alone_when_the_teacher_asks_for_it(tmp_path: Path) -> None:
    """tuple.py has no task keyword: 50 on both tasks (test_a_small_class), all of the
    points on regression alone, where its update is right in every case."""
    out, _ = graded_class(tmp_path, "--tasks", "regression", only=("tuple.py",))
    results = json.loads((out / "students" / "tuple" / "results.json").read_text("utf-8"))
    assert results["score"] == 100.0
    assert [t["name"] for t in results["tests"]] == ["regression: update (W1, b1, W2, b2)"]
    assert "--tasks regression " in results["extra_data"]["options"]


def test_an_existing_output_folder_is_refused_unless_forced(tmp_path: Path) -> None:
    folder = tmp_path / "class"
    folder.mkdir()
    (folder / "ada.answers.txt").write_text(answers_file(build_sheets("by-hand", 1, 0)[0]))
    out = tmp_path / "out"
    out.mkdir()
    (out / "mine.txt").write_text("the teacher's own file")
    code, printed, err = run("grade", str(folder), "--out", str(out))
    assert_usage_error(code, err, "exists", "--force")
    assert sorted(p.name for p in out.iterdir()) == ["mine.txt"]  # nothing written
    assert run("grade", str(folder), "--out", str(out), "--force")[0] == 0
    assert (out / "grades.csv").exists()
    assert (out / "mine.txt").read_text() == "the teacher's own file"
    code, _, err = run("grade", str(folder), "--out", str(folder / "grades"))
    assert_usage_error(code, err, "inside the submissions' folder")
    assert not (folder / "grades").exists()


def test_usage_errors(tmp_path: Path) -> None:
    assert_usage_error(*run("grade", "--out", str(tmp_path / "o"))[::2], "DIR")
    assert_usage_error(*run("grade", str(tmp_path))[::2], "--out")
    assert_usage_error(*run("grade", str(tmp_path / "nope"), "--out", str(tmp_path / "o"))[::2],
                       "no such folder")  # fmt: skip
    assert_usage_error(*run("grade", str(tmp_path), "--out", str(tmp_path / "o"),
                            "--weights", "update=0")[::2], "update")  # fmt: skip
    assert_usage_error(*run("grade", str(tmp_path), "--out", str(tmp_path / "o"),
                            "--weights", "speed=1")[::2], "--weights")  # fmt: skip
    (tmp_path / "empty").mkdir()
    assert_usage_error(*run("grade", str(tmp_path / "empty"), "--out", str(tmp_path / "o"))[::2],
                       "nothing to grade")  # fmt: skip
