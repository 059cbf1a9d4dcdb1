"""`tinynn grade --gradescope`: one submission graded inside Gradescope's autograder container.

Gradescope runs one container per submission: the student's files are in
/autograder/submission, who they are in /autograder/submission_metadata.json
(`users`, each with a `name`), and the results go to /autograder/results/results.json,
in a folder the container already has (see
https://gradescope-autograders.readthedocs.io/en/latest/specs/). Nothing else is
written. The paths can be given (tests, another platform).
"""

from __future__ import annotations

import json
import os
from typing import Any, NamedTuple

from tinynn.core.errors import TinyNNError
from tinynn.grading.grade import Graded, Settings, grade_class
from tinynn.grading.gradebook import results_json, teacher_text
from tinynn.grading.submissions import files_in, with_sheets
from tinynn.io.files import printable, read_text, show, write_text

SUBMISSION = "/autograder/submission"
METADATA = "/autograder/submission_metadata.json"
RESULTS = "/autograder/results/results.json"
METADATA_LIMIT = 16 << 20  # bytes: the metadata holds the previous submissions' results too


class Outcome(NamedTuple):
    """What was graded and written: the results (as written) and the teacher's copy."""

    results: dict[str, Any]
    graded: list[Graded]
    skipped: list[str]
    teacher: str


def student_name(metadata: str) -> str:
    """The submitters' names in Gradescope's metadata ("Ada Lovelace, Alan Turing" for a
    group), or "the student" when the file is missing or does not name them."""
    try:
        data = json.loads(read_text(metadata, TinyNNError, "the metadata", METADATA_LIMIT))
    except (TinyNNError, ValueError):
        return "the student"
    users = data.get("users") if isinstance(data, dict) else None
    names = [u.get("name") for u in users or () if isinstance(u, dict)]
    said = [n.strip() for n in names if isinstance(n, str) and n.strip()]
    return printable(", ".join(said)) or "the student"


def grade_submission(
    settings: Settings,
    roster: dict[str, str] | None = None,
    submission: str = SUBMISSION,
    metadata: str = METADATA,
    results: str = RESULTS,
) -> Outcome:
    """Grade the files of `submission` as one student's, and write `results` (its folder
    must exist: Gradescope makes it).

    Raises:
        TinyNNError: the submission is not a folder, or the results cannot be written.
    """
    if not os.path.isdir(os.path.dirname(os.path.abspath(results))):
        raise TinyNNError(f"cannot write {show(results)}: its folder does not exist "
                          "(inside Gradescope's container it does)")  # fmt: skip
    student = student_name(metadata)
    files, skipped = files_in(submission, student)
    graded = grade_class(with_sheets(files, roster), settings)
    if graded:
        out = results_json(graded, settings, student)
    else:
        why = "; ".join(skipped) or "it is empty"
        out = {
            "score": 0.0,
            "output": f"nothing to grade: no .py, .txt or .csv file in your submission ({why})",
            "tests": [],
        }
    write_text(results, json.dumps(out, indent=1, ensure_ascii=False) + "\n")
    return Outcome(out, graded, skipped, teacher_text(graded, settings))
