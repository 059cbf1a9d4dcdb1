"""Writing a class's worksheets: every file through the project's safe writer, and never over
a student's work.

Each sheet's .md, .tex and blank .answers.txt, the teacher's key.md and key.tex and the
class's roster.csv (tinynn/teach/roster.py) are written with `tinynn.io.files.write_text` (a
temporary file renamed over the target: a full disk leaves the old file or none, never
half of one; a folder, device, named pipe or socket in the way is refused, not opened).
Before anything is written:

  - a folder that already holds worksheet files (key.md, roster.csv, an answers file, a
    sheet) is refused unless `force`: a second class written into it would replace the first;
  - an answers file that a student has filled in is never replaced, even with `force`;
  - every target is checked, so that one that cannot be written (key.md a named
    pipe, or a link to /dev/full) stops the run before the first file.

If writing still fails part way (a disk that fills up), the files this run made are
removed again, and `SheetsNotWritten` says so (the command exits 1).
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Sequence

from tinynn.core.errors import ConfigError, TinyNNError
from tinynn.io.files import check_writable, read_text, show, write_text
from tinynn.teach.roster import ROSTER_FILE
from tinynn.teach.sheet_id import SHEET_FILE
from tinynn.teach.worksheet import (
    Sheet,
    blank_answers,
    key_latex,
    key_markdown,
    sheet_latex,
    sheet_markdown,
)

KEY = "key.md"
KEY_TEX = "key.tex"  # the key to print
ANSWERS = ".answers.txt"
MAX_NAMED = 3  # files named in the message that refuses a folder


class SheetsNotWritten(TinyNNError):
    """The sheets could not be written (exit 1); nothing was replaced."""


def sheet_files(sheets: list[Sheet]) -> list[tuple[str, str]]:
    """(file name, text) of every file of a class: each sheet's three, then the key."""
    files = []
    for sheet in sheets:
        files += [
            (sheet.id + ".md", sheet_markdown(sheet)),
            (sheet.id + ".tex", sheet_latex(sheet)),
            (sheet.id + ANSWERS, blank_answers(sheet)),
        ]
    return files + [(KEY, key_markdown(sheets)), (KEY_TEX, key_latex(sheets))]


def is_sheet_file(name: str) -> bool:
    """Whether a file name is one a class's worksheets are written to."""
    return (
        name in (KEY, KEY_TEX, ROSTER_FILE)
        or name.endswith(ANSWERS)
        or SHEET_FILE.match(name) is not None
    )


def filled_in(path: str) -> bool:
    """Whether an answers file holds a value (a student's work), as far as it can be read;
    one that cannot be read (a named pipe, a device) counts as filled: it is not replaced."""
    try:
        text = read_text(path, TinyNNError, "an answers file")
    except TinyNNError:
        return True
    for raw in text.split("\n"):
        line = raw.split("#", 1)[0].strip()
        value = line.partition("=")[2] if "=" in line else line.rpartition(",")[2]
        if value.strip() and line.lower().replace(" ", "") != "name,value":
            return True
    return False


def write_sheets(sheets: list[Sheet], folder: str, force: bool = False,
                 extra: Sequence[tuple[str, str]] = ()) -> list[str]:  # fmt: skip
    """Write each sheet's .md, .tex and .answers.txt, key.md, key.tex and the `extra` files
    (name, text: the roster) into `folder` (made if missing); returns the paths written.

    Raises:
        ConfigError: the folder already holds worksheet files (without `force`), or an
            answers file to be written over holds a student's answers.
        SheetsNotWritten: a file cannot be written; nothing was replaced.
    """
    named = [*sheet_files(sheets), *extra]
    files = [(os.path.join(folder, name), text) for name, text in named]
    try:
        os.makedirs(folder, exist_ok=True)
        present = sorted(name for name in os.listdir(folder) if is_sheet_file(name))
    except (OSError, ValueError) as e:
        raise SheetsNotWritten(f"cannot write to {show(folder)}: {_reason(e)}") from None
    if present and not force:
        shown = ", ".join(present[:MAX_NAMED]) + (", ..." if len(present) > MAX_NAMED else "")
        raise ConfigError(
            f"{show(folder)} already holds worksheet files ({shown}): nothing written; "
            "give another --out, or --force to replace them (a filled-in answers file is "
            "never replaced)"
        )
    for path, _ in files:
        if path.endswith(ANSWERS) and os.path.lexists(path) and filled_in(path):
            raise ConfigError(
                f"{show(path)} holds a student's answers: nothing written (move it away first; "
                "a filled-in answers file is never replaced)"
            )
    for path, _ in files:
        check_writable(path, SheetsNotWritten)
    made: list[str] = []
    try:
        for path, text in files:
            new = not os.path.lexists(path)
            write_text(path, text, SheetsNotWritten)
            if new:
                made.append(path)
    except SheetsNotWritten as e:
        for path in made:
            with contextlib.suppress(OSError):
                os.unlink(path)
        raise SheetsNotWritten(f"{e}; the files this run made are removed again") from None
    return [path for path, _ in files]


def _reason(e: Exception) -> str:
    if isinstance(e, FileExistsError):
        return "it is not a folder"
    if isinstance(e, OSError):
        return e.strerror or str(e)
    return "a name cannot hold a NUL character"
