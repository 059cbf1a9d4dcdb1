"""The roster of a class's worksheets: which student got which sheet ID.

`tinynn worksheet --out DIR` writes it as DIR/roster.csv (columns `student`, `id`):
the students are named by `--names FILE` (one name a line), or "student 1",
"student 2"... for the teacher to fill in. `tinynn grade --roster roster.csv` reads it
back to flag an answers file whose ID is not the one its student was given, and two
students handing in the same ID. A student is named as their submission is: the
file's name without its suffixes (`ada.answers.txt` is ada), or their folder's name.
"""

from __future__ import annotations

import csv
from collections.abc import Sequence

from tinynn.core.errors import ConfigError
from tinynn.io.files import printable, read_text, show
from tinynn.io.spreadsheet import FORMULA_STARTS, csv_text

ROSTER_FILE = "roster.csv"
MAX_NAME = 200  # characters of a student's name


def read_names(path: str) -> list[str]:
    """The students' names in a file, one a line (blank lines and `#` comments skipped).

    Raises:
        ConfigError: the file cannot be read, a name repeats, or there is none.
    """
    names: list[str] = []
    for number, line in enumerate(read_text(path, ConfigError, "a list of names").split("\n"), 1):
        name = line.split("#", 1)[0].strip()
        if not name:
            continue
        if len(name) > MAX_NAME:
            raise ConfigError(f"{show(path)}, line {number}: a name over {MAX_NAME} characters")
        if name in names:
            raise ConfigError(f"{show(path)}, line {number}: {printable(name)!r} is there twice")
        names.append(name)
    if not names:
        raise ConfigError(f"no names in {show(path)} (write one a line)")
    return names


def default_names(count: int) -> list[str]:
    """The names "student 1" ... "student N": a roster to fill in with the real names."""
    return [f"student {k}" for k in range(1, count + 1)]


def roster_csv(names: Sequence[str], ids: Sequence[str]) -> str:
    """The roster as CSV: one row per student, their name and their sheet's ID."""
    return csv_text(("student", "id"), zip(names, ids))


def read_roster(path: str) -> dict[str, str]:
    """A roster file -> {student: sheet ID}; a spreadsheet's apostrophe before a name that
    looked like a formula is taken off again.

    Raises:
        ConfigError: the file cannot be read, has no `student` and `id` columns, or names
            a student twice.
    """
    rows = list(csv.reader(read_text(path, ConfigError, "a roster").splitlines()))
    header = [c.strip().lower() for c in rows[0]] if rows else []
    if "student" not in header or "id" not in header:
        raise ConfigError(f"{show(path)} is not a roster: its first line must name the columns "
                          "student and id (tinynn worksheet --out writes one)")  # fmt: skip
    s, i = header.index("student"), header.index("id")
    roster: dict[str, str] = {}
    for number, row in enumerate(rows[1:], 2):
        if len(row) <= max(s, i) or not row[s].strip():
            continue
        student, sheet = _plain(row[s]), row[i].strip()
        if student in roster:
            raise ConfigError(f"{show(path)}, line {number}: {printable(student)!r} is there twice")
        roster[student] = sheet
    return roster


def _plain(cell: str) -> str:
    cell = cell.strip()
    if cell.startswith("'") and cell[1:].lstrip(" ")[:1] in FORMULA_STARTS:
        return cell[1:]  # the apostrophe `csv_text` put there
    return cell
