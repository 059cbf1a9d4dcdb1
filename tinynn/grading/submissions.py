"""A class's submissions for `tinynn grade DIR`: which files are whose, of which kind, and, for
hand-worked answers, which worksheet they are of.

In DIR, each file is one student's (`ada.py` is ada's code, `ada.answers.txt` her answers),
and each folder is one student's, named by the folder, holding their files. A `.py` file
or a Jupyter notebook (`.ipynb`: its code cells, tinynn/grading/notebook_code.py) is code
(its `step` is checked); a `.txt` or `.csv` file is hand-worked answers, graded against
the worksheet whose ID its header gives (`# Worksheet by-hand-0-7-Q: ...`, as `tinynn
worksheet` writes it), else the ID the roster gave the student, else the step of
`--lesson`. Hidden files, names starting with `_` (a student's helper module), symbolic
links (a link could show another file's text in a report) and other kinds of files are
not graded, and are listed as such.
"""

from __future__ import annotations

import os
from typing import NamedTuple

from tinynn.core.errors import TinyNNError
from tinynn.grading.answer_file import header_id
from tinynn.io.files import printable, read_text, show
from tinynn.teach.roster import ROSTER_FILE

CODE_SUFFIXES = (".py", ".ipynb")  # a notebook: its code cells (notebook_code.py)
ANSWERS_SUFFIXES = (".txt", ".csv")
MAX_ANSWERS_BYTES = 1 << 20  # an answers file is a few hundred bytes; more is not one


class Submission(NamedTuple):
    """One file to grade.

    Attributes:
        student: whose it is (the file's name without its suffixes, or their folder's),
            printable.
        kind: "code" or "answers".
        path: the file.
        name: the file's name as the outputs show it (relative to DIR, printable).
        sheet: for answers, the worksheet ID it is graded against ("" for a lesson's step).
        flags: what the roster says is wrong with it (the ID of another student...).
        problem: why it cannot be graded (unreadable...), else "".
    """

    student: str
    kind: str
    path: str
    name: str
    sheet: str = ""
    flags: tuple[str, ...] = ()
    problem: str = ""


def _kind(filename: str) -> str | None:
    lower = filename.lower()
    if lower.endswith(CODE_SUFFIXES):
        return "code"
    if lower.endswith(ANSWERS_SUFFIXES):
        return "answers"
    return None


def student_of(filename: str) -> str:
    """The student a file in DIR is of: "ada.answers.txt" -> "ada", "ada.py" -> "ada"."""
    stem = os.path.splitext(filename)[0]
    if stem.lower().endswith(".answers"):
        stem = stem[: -len(".answers")]
    return printable(stem or filename)


def _ignored(entry: os.DirEntry[str]) -> str | None:
    """Why an entry of DIR (or of a student's folder) is not graded, or None."""
    if entry.name.startswith((".", "_")):
        return "hidden or a helper (its name starts with '.' or '_')"
    if entry.is_symlink():
        return "a symbolic link (not followed)"
    return None


def find_submissions(folder: str) -> tuple[list[Submission], list[str]]:
    """The files to grade in `folder` (see the module's docstring), in name order, and a line
    for each entry that is not graded (why).

    Raises:
        TinyNNError: `folder` is not a folder that can be listed.
    """
    entries = _listing(folder)
    found: list[Submission] = []
    skipped: list[str] = []
    for entry in entries:
        shown = printable(entry.name)
        why = _ignored(entry)
        if why is None and entry.is_dir(follow_symlinks=False):
            student = printable(entry.name)
            inside, more = files_in(entry.path, student, f"{shown}/")
            found += inside
            skipped += more
            if not inside and not more:
                skipped.append(f"{shown}/: an empty folder")
            continue
        if why is None and entry.name == ROSTER_FILE:
            why = "the roster"
        if why is None:
            why = _not_a_submission(entry)
        if why is not None:
            skipped.append(f"{shown}: {why}")
            continue
        kind = _kind(entry.name)
        assert kind is not None
        found.append(Submission(student_of(entry.name), kind, entry.path, shown))
    return found, skipped


def files_in(folder: str, student: str, prefix: str = "") -> tuple[list[Submission], list[str]]:
    """The files of one student's folder (not its subfolders), and why others are skipped."""
    found: list[Submission] = []
    skipped: list[str] = []
    for entry in _listing(folder):
        shown = prefix + printable(entry.name)
        why = _ignored(entry)
        if why is None and entry.is_dir(follow_symlinks=False):
            why = "a folder inside a student's folder (not graded)"
        why = why or _not_a_submission(entry)
        if why is not None:
            skipped.append(f"{shown}: {why}")
            continue
        kind = _kind(entry.name)
        assert kind is not None
        found.append(Submission(student, kind, entry.path, shown))
    return found, skipped


def _not_a_submission(entry: os.DirEntry[str]) -> str | None:
    if not entry.is_file(follow_symlinks=False):
        return "not a regular file"
    if _kind(entry.name) is None:
        return "not a .py, .ipynb, .txt or .csv file"
    return None


def _listing(folder: str) -> list[os.DirEntry[str]]:
    if not os.path.isdir(folder):
        raise TinyNNError(f"cannot read {show(folder)}: not a folder" if os.path.exists(folder)
                          else f"cannot read {show(folder)}: no such folder")  # fmt: skip
    try:
        with os.scandir(folder) as it:
            return sorted(it, key=lambda e: e.name)
    except OSError as e:
        raise TinyNNError(f"cannot read {show(folder)}: {e.strerror or e}") from None


def with_sheets(subs: list[Submission], roster: dict[str, str] | None) -> list[Submission]:
    """Each answers file with the worksheet ID it is graded against, and the roster's flags:
    an ID that is not the one the student was given, one that another student also
    handed in, a student not on the roster."""
    written: dict[int, str | None] = {}
    out = list(subs)
    for k, sub in enumerate(subs):
        if sub.kind != "answers":
            continue
        try:
            text = read_text(sub.path, TinyNNError, "an answers file", MAX_ANSWERS_BYTES)
        except TinyNNError as e:
            out[k] = sub._replace(problem=str(e))
            continue
        written[k] = header_id(text)
    students_of: dict[str, set[str]] = {}
    for k, sheet in written.items():
        if sheet is not None:
            students_of.setdefault(sheet, set()).add(subs[k].student)
    for k, sheet in written.items():
        sub = out[k]
        flags: list[str] = []
        assigned = roster.get(sub.student) if roster is not None else None
        if roster is not None and assigned is None:
            flags.append(f"{sub.student} is not on the roster")
        if sheet is not None and assigned is not None and sheet != assigned:
            flags.append(f"its ID {sheet} is not the one {sub.student} was given ({assigned})")
        others = sorted(students_of.get(sheet or "", set()) - {sub.student})
        if others:
            flags.append(f"the same ID {sheet} as {', '.join(others)}")
        if sheet is None and assigned is not None:
            flags.append(f"no ID in its header: graded as {assigned}, the roster's")
        out[k] = sub._replace(sheet=sheet or assigned or "", flags=tuple(flags))
    return out
