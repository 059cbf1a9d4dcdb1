"""A Jupyter notebook handed in: `tinynn check NB.ipynb` and `tinynn grade` run its code cells
(tinynn/grading/notebook_code.py, the one reader) as they run a .py file; a notebook that is
not one is one line for check and a row "not graded" for grade, never the whole run."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

from helpers import assert_usage_error, run

STUDENTS = Path(__file__).parent / "students"
FAST = ["--cases", "0", "--timeout", "5", "--jobs", "2"]


def notebook(code: str, *more_cells: dict[str, object]) -> str:
    """The JSON of an nbformat-4 notebook: a Markdown cell, `code` in a code cell (its source
    as Jupyter saves it, a list of lines), then `more_cells`."""
    cells = [
        {"cell_type": "markdown", "metadata": {}, "source": ["# My step\n"]},
        {"cell_type": "code", "metadata": {}, "execution_count": 1, "outputs": [],
         "source": code.splitlines(keepends=True)},
        *more_cells,
    ]  # fmt: skip
    return json.dumps({"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": cells})


# the cell a notebook's student runs to check themselves: left out when graded (run, this one
# would end the load)
SELF_CHECK = {
    "cell_type": "code",
    "metadata": {"tags": ["self-check"]},
    "outputs": [],
    "execution_count": None,
    "source": ["raise SystemExit('the self-check ran')\n"],
}
CORRECT = (STUDENTS / "correct.py").read_text()  # imports _student_base, beside it


def class_folder(tmp: Path) -> Path:
    folder = tmp / "class"
    folder.mkdir()
    shutil.copy(STUDENTS / "_student_base.py", folder)  # a helper module, not graded
    (folder / "ada.ipynb").write_text(notebook(CORRECT, SELF_CHECK))
    (folder / "ben.py").write_text(CORRECT)  # the same code as a .py file
    (folder / "eve.ipynb").write_text('{"cells": [')  # not JSON
    (folder / "kim.ipynb").write_text(notebook('def step(W1, b1, W2, b2, x, y, lr, task="x"):\n'
                                               "    return (W1,\n"))  # fmt: skip
    return folder


def test_grade_scores_a_notebook_as_the_same_code_in_a_py_file(tmp_path: Path) -> None:
    folder = class_folder(tmp_path)
    out = tmp_path / "grades"
    code, printed, err = run("grade", str(folder), "--out", str(out), *FAST)
    assert code == 0, err
    assert "graded 4 files" in printed
    with (out / "grades.csv").open(newline="", encoding="utf-8") as f:
        rows = {r["file"]: r for r in csv.DictReader(f)}
    assert set(rows) == {"ada.ipynb", "ben.py", "eve.ipynb", "kim.ipynb"}
    ada, ben = rows["ada.ipynb"], rows["ben.py"]
    assert ada["kind"] == "code" and ada["student"] == "ada"
    assert float(ada["score"]) == float(ben["score"]) == 100.0
    assert ada["right"] == ben["right"] and int(ada["right"]) > 0
    assert not ada["not graded"] and not ben["not graded"]
    # a notebook that is not one, and one whose cell does not parse: a row each, 0 points
    assert float(rows["eve.ipynb"]["score"]) == 0.0
    assert "eve.ipynb: not a Jupyter notebook (not JSON" in rows["eve.ipynb"]["not graded"]
    kim = rows["kim.ipynb"]
    assert float(kim["score"]) == 0.0
    assert "kim.ipynb: line 5 (cell 2): SyntaxError: '(' was never closed" in kim["not graded"]
    assert "Traceback" not in err


def test_check_runs_a_notebooks_code_cells(tmp_path: Path) -> None:
    folder = class_folder(tmp_path)
    code, out, err = run("check", str(folder / "ada.ipynb"), "--cases", "0")
    assert code == 0, out + err
    assert out.splitlines()[1].startswith(f"ok: step in {folder / 'ada.ipynb'}: all ")
    code, _, err = run("check", str(folder / "eve.ipynb"))
    assert_usage_error(code, err, "eve.ipynb: not a Jupyter notebook")
    code, _, err = run("check", str(folder / "kim.ipynb"))
    assert_usage_error(code, err, "line 5 (cell 2): SyntaxError")
