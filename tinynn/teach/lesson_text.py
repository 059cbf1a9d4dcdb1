"""`tinynn lessons`: the shipped lessons as a table, or one lesson's file.

The lessons themselves, their keys and their checks are tinynn.teach.lesson's;
this is only how the command lists them.
"""

from __future__ import annotations

from tinynn.io.files import printable, read_text
from tinynn.render.text import shape_text
from tinynn.teach.lesson import LessonError, load_lesson, shipped_lessons


def lessons_text(name: str | None = None) -> str:
    """`tinynn lessons`: a table of the shipped lessons, or the TOML text of one lesson (its
    characters that are not printable, but for line breaks and tabs, as escapes)."""
    if name is not None:
        lesson = load_lesson(name)  # checks it
        # TOML allows a bidi override or a C1 control in a string: shown as its escape
        return printable(read_text(lesson.source, LessonError, "a lesson"), keep="\n\t")
    rows = [("name", "title", "task", "shape")]
    for n in shipped_lessons():
        lesson = load_lesson(n)
        setup = lesson.setup()
        rows.append((n, lesson.title, setup.task, shape_text(setup.params)))
    widths = [max(len(r[k]) for r in rows) for k in range(3)]
    lines = ["  ".join([*(r[k].ljust(widths[k]) for k in range(3)), r[3]]) for r in rows]
    lines.append("")
    lines.append("Use one with --lesson NAME (or --lesson path/to/file.toml); print one with")
    lines.append("'tinynn lessons NAME'. The format is described in docs/lessons.md.")
    return "\n".join(lines) + "\n"
