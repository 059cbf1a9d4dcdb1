"""What `tinynn grade` writes: the gradebook (grades.csv), each student's results.json in
Gradescope's autograder format, their report and their feedback.

grades.csv has one row per graded file; a spreadsheet opens it without running any
cell (tinynn/io/spreadsheet.py), and `csv` reads it back. results.json follows
Gradescope's documented fields (https://gradescope-autograders.readthedocs.io/en/latest/specs/):
a top-level `score`, `output` (what the student sees), `execution_time`,
`stdout_visibility`, `extra_data` (the tinynn version, options, rule, isolation) and
`tests`, each with `name`, `score`, `max_score`, `status`, `output` and `visibility`.
With --no-hints the student's output has no hints or correct values, and the full
report is a zero-point test of `visibility` "hidden", which only the teacher sees.
"""

from __future__ import annotations

import json
import math
import os
import re
from collections.abc import Iterable
from typing import Any

from tinynn.core.errors import TinyNNError
from tinynn.grading.grade import Graded, Settings, stamp
from tinynn.grading.points import of_text
from tinynn.io.files import show, write_text
from tinynn.io.spreadsheet import Cell, csv_text

GRADES_FILE = "grades.csv"
STUDENTS_FOLDER = "students"
RESULTS_FILE = "results.json"
REPORT_FILE = "report.txt"
FEEDBACK_FILE = "feedback.txt"
COLUMNS = (
    "student", "kind", "file", "score", "max", "right", "wrong", "carried", "blank",
    "first difference", "known mistake", "worksheet", "flags", "isolation", "seconds",
    "not graded", "rule", "tinynn", "options",
)  # fmt: skip
TEACHERS_COPY = "teacher's copy: the full report"
_SAFE = re.compile(r"[^A-Za-z0-9._-]+")


def grades_csv(graded: Iterable[Graded], settings: Settings) -> str:
    """The gradebook: one row per graded file (COLUMNS)."""
    said = stamp(settings)
    rows: list[list[Cell]] = []
    for g in graded:
        s = g.scored
        rows.append([
            g.sub.student, g.sub.kind, g.sub.name, g.score, g.max_score, s.right, s.wrong,
            s.carried, s.blank, s.first, "; ".join(s.mistakes), g.sub.sheet,
            "; ".join(g.sub.flags), g.isolation, g.seconds, g.error, g.rule, said["tinynn"],
            said["options"],
        ])  # fmt: skip
    return csv_text(COLUMNS, rows)


def results_json(graded: list[Graded], settings: Settings, student: str) -> dict[str, Any]:
    """One student's results in Gradescope's format: every file's parts as tests."""
    said = stamp(settings)
    tests: list[dict[str, Any]] = []
    for g in graded:
        prefix = f"{g.sub.name}: " if len(graded) > 1 else ""
        for part in g.scored.parts:
            tests.append({
                "name": prefix + part.name,
                "score": part.score,
                "max_score": part.max_score,
                "status": "passed" if part.score >= part.max_score else "failed",
                "output": part.output,
                "visibility": "visible",
            })  # fmt: skip
        if not settings.hints:
            tests.append({
                "name": prefix + TEACHERS_COPY,
                "score": 0.0,
                "max_score": 0.0,
                "output": g.report,
                "visibility": "hidden",
            })  # fmt: skip
    seconds = sum(g.seconds for g in graded)
    return {
        "score": round(sum(g.score for g in graded), 2),
        "execution_time": math.ceil(seconds),
        "output": student_text(graded, settings),
        "stdout_visibility": "hidden",
        "extra_data": {
            "student": student,
            **said,
            "rules": sorted({g.rule for g in graded if g.rule}),
            "isolation": sorted({g.isolation for g in graded}),
            "files": [g.sub.name for g in graded],
        },
        "tests": tests,
    }


def student_text(graded: list[Graded], settings: Settings) -> str:
    """What the student is shown: each file's feedback under its name and score, and what
    graded it."""
    said = stamp(settings)
    parts = [f"{g.sub.name}: {of_text(g.score, g.max_score)}\n{g.feedback}" for g in graded]
    return "\n".join([*parts, f"(graded by tinynn {said['tinynn']}: {said['options']})\n"])


def teacher_text(graded: list[Graded], settings: Settings) -> str:
    """The teacher's copy of a student's reports, with what a regrade needs to know."""
    said = stamp(settings)
    lines = [f"graded by tinynn {said['tinynn']}: {said['options']}"]
    for g in graded:
        lines += [
            "",
            f"== {g.sub.name} ({g.sub.kind}): {of_text(g.score, g.max_score)}",
            *([] if g.report.startswith("isolation: ") else [f"isolation: {g.isolation}"]),
            *([f"rule: {g.rule}"] if g.rule else []),
            *[f"flag: {f}" for f in g.sub.flags],
            g.report.rstrip("\n"),
        ]
    return "\n".join(lines) + "\n"


def by_student(graded: Iterable[Graded]) -> dict[str, list[Graded]]:
    """The graded files grouped by student, in the order they come."""
    groups: dict[str, list[Graded]] = {}
    for g in graded:
        groups.setdefault(g.sub.student, []).append(g)
    return groups


def folder_names(students: Iterable[str]) -> dict[str, str]:
    """A folder name for each student: letters, digits, '.', '_' and '-' only, never hidden,
    and different for different students (a suffix -2, -3... where two would be the same)."""
    names: dict[str, str] = {}
    taken: set[str] = set()
    for student in students:
        base = _SAFE.sub("_", student).strip("._") or "student"
        name, k = base[:80], 2
        while name.lower() in taken:
            name, k = f"{base[:80]}-{k}", k + 1
        taken.add(name.lower())
        names[student] = name
    return names


def check_new_folder(out: str, force: bool) -> None:
    """Refuse an output folder that exists (unless `force`) or is not a folder, before
    anything is graded.

    Raises:
        TinyNNError: it is.
    """
    if os.path.lexists(out):
        if not os.path.isdir(out) or os.path.islink(out):
            raise TinyNNError(f"cannot write to {show(out)}: it is not a folder")
        if not force:
            raise TinyNNError(f"{show(out)} exists: give another --out, or --force to write "
                              "over the grading files in it")  # fmt: skip


def prepare_folder(out: str, force: bool) -> None:
    """Make the output folder (`check_new_folder` first).

    Raises:
        TinyNNError: the folder exists (without `force`), is a file, or cannot be made.
    """
    check_new_folder(out, force)
    try:
        os.makedirs(os.path.join(out, STUDENTS_FOLDER), exist_ok=True)
    except OSError as e:
        raise TinyNNError(f"cannot make {show(out)}: {e.strerror or e}") from None


def write_gradebook(out: str, graded: list[Graded], settings: Settings,
                    summary: dict[str, str]) -> list[str]:  # fmt: skip
    """Write grades.csv, the summaries (file name -> text) and each student's folder, all
    inside `out` (made by `prepare_folder`); returns the paths written."""
    paths = [os.path.join(out, GRADES_FILE)]
    write_text(paths[0], grades_csv(graded, settings))
    for name, text in summary.items():
        paths.append(os.path.join(out, name))
        write_text(paths[-1], text)
    groups = by_student(graded)
    for student, folder in folder_names(groups).items():
        mine = groups[student]
        where = os.path.join(out, STUDENTS_FOLDER, folder)
        try:
            os.makedirs(where, exist_ok=True)
        except OSError as e:
            raise TinyNNError(f"cannot make {show(where)}: {e.strerror or e}") from None
        results = json.dumps(results_json(mine, settings, student), indent=1, ensure_ascii=False)
        for name, text in ((RESULTS_FILE, results + "\n"),
                           (REPORT_FILE, teacher_text(mine, settings)),
                           (FEEDBACK_FILE, student_text(mine, settings))):  # fmt: skip
            paths.append(os.path.join(where, name))
            write_text(paths[-1], text)
    return paths
