"""`tinynn grade --gradescope`: one submission inside Gradescope's autograder container, with its
paths (/autograder/submission, submission_metadata.json, results/results.json) given as
temporary ones."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from helpers import assert_usage_error, run
from test_grade import STUDENTS, answers_file, gradescope_fields

from tinynn.grading.gradescope import student_name
from tinynn.teach.worksheet import build_sheets


def container(tmp: Path, *files: tuple[str, str], users: object = None) -> list[str]:
    """A submission folder holding `files` (name, source in the students' corpus), the
    metadata naming `users`, a results folder; the options that point at them."""
    sub = tmp / "submission"
    sub.mkdir()
    shutil.copy(STUDENTS / "_student_base.py", sub)
    for name, source in files:
        shutil.copy(STUDENTS / source, sub / name)
    meta = tmp / "submission_metadata.json"
    meta.write_text(json.dumps({"users": users if users is not None else [{"name": "Ada L"}]}))
    (tmp / "results").mkdir()
    return ["--submission", str(sub), "--metadata", str(meta),
            "--results", str(tmp / "results" / "results.json")]  # fmt: skip


def test_one_submission_is_graded_into_results_json(tmp_path: Path) -> None:
    paths = container(tmp_path, ("step.py", "mistake_sign_delta2.py"))
    sheet = build_sheets("by-hand", 1, 0)[0]
    (tmp_path / "submission" / "answers.txt").write_text(answers_file(sheet), "utf-8")
    code, printed, err = run("grade", "--gradescope", *paths, "--cases", "1", "--no-hints")
    assert code == 0, err
    results = json.loads((tmp_path / "results" / "results.json").read_text("utf-8"))
    gradescope_fields(results)
    assert results["score"] == 130.0  # 100 for the answers, 30 for the step (test_grade.py)
    assert results["extra_data"]["student"] == "Ada L"
    assert results["stdout_visibility"] == "hidden"
    names = [t["name"] for t in results["tests"]]
    assert "answers.txt: forward (z1, a1, z2, y_pred)" in names
    backward = "backward (delta2, dW2, db2, sigma_prime, delta1, dW1, db1)"
    assert f"step.py: regression: {backward}" in names
    hidden = [t for t in results["tests"] if t["visibility"] == "hidden"]
    assert [t["name"] for t in hidden] == ["answers.txt: teacher's copy: the full report",
                                           "step.py: teacher's copy: the full report"]  # fmt: skip
    assert "expected" not in results["output"]
    # the autograder's standard output, which Gradescope shows the teacher: the full reports
    assert "expected: delta2" in printed and printed.endswith("results.json\n")
    assert sorted(p.name for p in (tmp_path / "results").iterdir()) == ["results.json"]


def test_the_results_folder_must_exist(tmp_path: Path) -> None:
    paths = container(tmp_path, ("step.py", "correct.py"))
    (tmp_path / "results").rmdir()
    code, _, err = run("grade", "--gradescope", *paths, "--cases", "0")
    assert_usage_error(code, err, "results.json", "does not exist")
    assert not (tmp_path / "results").exists()


def test_an_empty_submission_scores_nothing_and_says_why(tmp_path: Path) -> None:
    paths = container(tmp_path)
    (tmp_path / "submission" / "notes.md").write_text("hello")
    assert run("grade", "--gradescope", *paths)[0] == 0
    results = json.loads((tmp_path / "results" / "results.json").read_text("utf-8"))
    gradescope_fields(results)
    assert results["score"] == 0
    assert "notes.md: not a .py, .ipynb, .txt or .csv file" in results["output"]


def test_the_students_names_come_from_the_metadata(tmp_path: Path) -> None:
    meta = tmp_path / "m.json"
    meta.write_text(json.dumps({"users": [{"name": "Ada L"}, {"name": "Alan \x1b[2JT"}]}))
    assert student_name(str(meta)) == "Ada L, Alan \\x1b[2JT"  # a group, escaped
    meta.write_text("not json")
    assert student_name(str(meta)) == "the student"
    assert student_name(str(tmp_path / "missing.json")) == "the student"


def test_gradescope_mode_takes_no_class_folder(tmp_path: Path) -> None:
    code, _, err = run("grade", "--gradescope", str(tmp_path), "--results", str(tmp_path / "r"))
    assert_usage_error(code, err, "--gradescope", "no DIR")
    code, _, err = run("grade", str(tmp_path), "--out", str(tmp_path / "o"), "--results", "r")
    assert_usage_error(code, err, "--results", "--gradescope")
