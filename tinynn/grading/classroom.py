"""`tinynn grade DIR --out FOLDER`, from the folders to the gradebook: the submissions found
(tinynn/grading/submissions.py), graded (tinynn/grading/grade.py), summed up
(tinynn/grading/summary.py) and written (tinynn/grading/gradebook.py).

Nothing is written outside FOLDER, which must be new (or `force`), and may not be
inside DIR (a regrade would take the reports for students' files).
"""

from __future__ import annotations

import os
from typing import NamedTuple

from tinynn.core.errors import ConfigError
from tinynn.grading.grade import Graded, Progress, Settings, grade_class
from tinynn.grading.gradebook import check_new_folder, prepare_folder, write_gradebook
from tinynn.grading.submissions import find_submissions, with_sheets
from tinynn.grading.summary import Summary, summarize, summary_markdown, summary_text
from tinynn.io.files import show

SUMMARY_FILES = ("summary.md", "summary.txt")


class ClassGrades(NamedTuple):
    """A graded class: every file graded, the summary, and the paths written."""

    graded: list[Graded]
    summary: Summary
    paths: list[str]


def check_folders(folder: str, out: str) -> None:
    """Refuse an output folder that is the submissions' folder or inside it.

    Raises:
        ConfigError: it is.
    """
    inside = os.path.realpath(folder)
    target = os.path.realpath(out)
    if target == inside or os.path.commonpath([inside, target]) == inside:
        raise ConfigError(f"--out {show(out)} is inside the submissions' folder {show(folder)}: "
                          "write the grades somewhere else")  # fmt: skip


def grade_folder(
    folder: str,
    out: str,
    settings: Settings,
    roster: dict[str, str] | None = None,
    force: bool = False,
    done: Progress | None = None,
) -> ClassGrades:
    """Grade every submission in `folder` and write the gradebook to `out`.

    Raises:
        TinyNNError: a folder that cannot be read or written, an `out` that exists
            (without `force`) or is inside `folder`, nothing to grade.
    """
    check_folders(folder, out)
    subs, skipped = find_submissions(folder)
    if not subs:
        raise ConfigError(f"nothing to grade in {show(folder)}: no .py, .txt or .csv file")
    subs = with_sheets(subs, roster)
    check_new_folder(out, force)
    graded = grade_class(subs, settings, done)
    summary = summarize(graded, skipped, settings)
    prepare_folder(out, force)  # made only now: an interrupted run leaves no folder behind
    texts = dict(zip(SUMMARY_FILES, (summary_markdown(summary), summary_text(summary))))
    return ClassGrades(graded, summary, write_gradebook(out, graded, settings, texts))
