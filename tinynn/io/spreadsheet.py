"""CSV for a spreadsheet: every text cell quoted, and none that a spreadsheet would run.

A cell that begins with `=`, `+`, `-` or `@` (or a tab or carriage return, or their
full-width forms) is a formula to Excel, LibreOffice and Google Sheets, even inside
quotes: a student named `=HYPERLINK(...)` or a file whose first difference reads
`-1+1` would run in the teacher's spreadsheet. Such a cell is written with a leading
apostrophe, which the spreadsheet shows as text (OWASP's advice for CSV injection).
Numbers are written as numbers, unquoted; every other cell is quoted
(`csv.QUOTE_NONNUMERIC`), so `csv.reader(f, quoting=csv.QUOTE_NONNUMERIC)` reads the
numbers back as floats and the text as text.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

from tinynn.io.files import printable

Cell = str | int | float | None
FORMULA_STARTS = frozenset("=+-@\t\r\uff1d\uff0b\uff0d\uff20")  # and full-width = + - @


def inert(text: str) -> str:
    """`text` as a cell a spreadsheet shows and never runs: control characters escaped,
    and an apostrophe before a formula's first character (after any spaces)."""
    shown = printable(text)
    stripped = shown.lstrip(" ")
    if stripped[:1] in FORMULA_STARTS or text.lstrip(" ")[:1] in FORMULA_STARTS:
        return "'" + shown
    return shown


def csv_text(header: Sequence[str], rows: Iterable[Sequence[Cell]]) -> str:
    """The CSV of `rows` under `header`: text quoted and made inert, numbers as they are,
    None as an empty (quoted) cell; lines end in "\\r\\n", as RFC 4180 has them."""
    out = io.StringIO()
    writer = csv.writer(out, quoting=csv.QUOTE_NONNUMERIC, lineterminator="\r\n")
    writer.writerow([inert(h) for h in header])
    for row in rows:
        writer.writerow([_cell(c) for c in row])
    return out.getvalue()


def _cell(c: Cell) -> str | int | float:
    if c is None:
        return ""
    if isinstance(c, bool):  # a bool is an int to Python, a word to a teacher
        return "yes" if c else "no"
    if isinstance(c, (int, float)):
        return c
    return inert(str(c))
