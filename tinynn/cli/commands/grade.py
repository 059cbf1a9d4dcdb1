"""`tinynn grade DIR --out FOLDER`: a class's submissions graded as `tinynn check` checks them,
and `tinynn grade --gradescope`: one submission inside Gradescope's autograder
(tinynn/grading/grade.py and its neighbours, imported when the command runs).
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from typing import Any, TextIO

from tinynn.args.check_options import add_min_digits_option, add_step_check_options
from tinynn.args.options import real_number, whole_number
from tinynn.core.errors import ConfigError
from tinynn.core.numbers import fmt, typed_text
from tinynn.core.validate import (
    MAX_JOBS,
    MAX_POINTS,
    MAX_SECONDS,
    MEMORY_MIB,
    TASKS,
    points_problem,
    seconds_problem,
)
from tinynn.grading.defaults import (
    DEFAULT_MEMORY,
    DEFAULT_POINTS,
    DEFAULT_TIME_LIMIT,
    DEFAULT_TOLERANCE,
)
from tinynn.teach.marking import MIN_DIGITS

MAX_PROGRESS = 70  # characters of the progress line


def register(subparsers: Any) -> None:
    """Add `tinynn grade` to the CLI's subparsers."""
    p = subparsers.add_parser(
        "grade",
        help="grade a folder of submissions (code and hand-worked answers) into a gradebook",
        description="Grade every student's file in DIR as 'tinynn check' checks it: FILE.py "
        "or a Jupyter "
        "notebook FILE.ipynb (its step) and hand-worked answers (.txt or .csv, against the "
        "worksheet named in the file's header), in parallel. Writes, in the new folder --out: "
        "grades.csv (one row per file), summary.md and summary.txt (scores, the first "
        "differences, known mistakes and quantities most often wrong), and per student "
        "results.json (Gradescope's format), report.txt (the teacher's copy) and feedback.txt "
        "(what the student sees). In DIR, a file is one student's (ada.py, ada.ipynb, "
        "ada.answers.txt) and a folder is one student's files. Exit 0 when the class was graded, "
        "2 for a problem with the options or the folders.",
    )
    p.add_argument("folder", nargs="?", metavar="DIR", help="the students' submissions")
    p.add_argument("--out", metavar="FOLDER", help="the folder to write (it must not exist)")
    p.add_argument("--force", action="store_true", help="write into an --out that exists")
    add_step_check_options(p)
    add_min_digits_option(p, "an answer")
    p.add_argument(
        "--points",
        type=real_number(points_problem),
        default=DEFAULT_POINTS,
        help=f"points of a file, above 0 and at most {typed_text(MAX_POINTS)} (default: "
        f"{typed_text(DEFAULT_POINTS)})",
    )
    p.add_argument(
        "--weights",
        metavar="W",
        default="",
        help="how the points are shared: name=weight pairs of the phases forward, loss, "
        "backward, update (default 2, 1, 4, 3) and, for code, the tasks regression, "
        "classification (1, 1); e.g. backward=6,update=2",
    )
    p.add_argument(
        "--no-hints",
        action="store_true",
        help="students see where their work differs, not the correct values or hints "
        "(the teacher's copy keeps them)",
    )
    p.add_argument(
        "--roster",
        metavar="FILE",
        help="roster.csv of 'tinynn worksheet': flag an answers file whose ID is not its "
        "student's, and an answers file without an ID is graded as its student's sheet",
    )
    p.add_argument(
        "--lesson",
        metavar="NAME",
        help="the lesson of answers files without a worksheet ID, or the lesson file of "
        "worksheets of your own",
    )
    bounds = p.add_argument_group("bounds")
    bounds.add_argument(
        "--jobs",
        type=whole_number(0, MAX_JOBS),
        default=0,
        metavar="N",
        help=f"files graded at once, at most {MAX_JOBS} (default, 0: one per CPU)",
    )
    bounds.add_argument(
        "--time-limit",
        type=real_number(seconds_problem),
        default=DEFAULT_TIME_LIMIT,
        metavar="S",
        help=f"seconds one file may take in all, above 0 and at most {typed_text(MAX_SECONDS)} "
        f"(default: {typed_text(DEFAULT_TIME_LIMIT)})",
    )
    least, most = MEMORY_MIB
    bounds.add_argument(
        "--memory",
        type=whole_number(least, most),
        default=DEFAULT_MEMORY,
        metavar="MIB",
        help=f"MiB of memory for grading one file, {least} to {most} (default: "
        f"{DEFAULT_MEMORY}; the student's code gets its own 2 GiB)",
    )
    gs = p.add_argument_group(
        "Gradescope",
        "inside Gradescope's autograder container: grade the one submission there and "
        "write its results.json (see the README)",
    )
    gs.add_argument("--gradescope", action="store_true", help="grade one submission")
    gs.add_argument("--submission", metavar="DIR", help="default: /autograder/submission")
    gs.add_argument(
        "--metadata", metavar="FILE", help="default: /autograder/submission_metadata.json"
    )
    gs.add_argument("--results", metavar="FILE", help="default: /autograder/results/results.json")
    p.set_defaults(func=run)


def run(args: argparse.Namespace, out: TextIO) -> int:
    """`tinynn grade`: grade the class (or the one Gradescope submission); exit 0."""
    from tinynn.grading import classroom, grade, gradescope, points, summary
    from tinynn.teach.roster import read_roster

    settings = grade.Settings(
        cases=args.cases,
        tolerance=DEFAULT_TOLERANCE if args.tolerance is None else args.tolerance,
        timeout=args.timeout,
        points=args.points,
        weights=points.parse_weights(args.weights),
        hints=not args.no_hints,
        lesson=args.lesson,
        tasks=TASKS if args.tasks is None else args.tasks,
        min_digits=MIN_DIGITS if args.min_digits is None else args.min_digits,
        jobs=args.jobs,
        time_limit=args.time_limit,
        memory=args.memory,
    ).validate()
    roster = read_roster(args.roster) if args.roster is not None else None
    if args.gradescope:
        if args.folder or args.out:
            raise ConfigError("--gradescope grades the one submission at --submission: "
                              "no DIR or --out")  # fmt: skip
        results = args.results or gradescope.RESULTS
        outcome = gradescope.grade_submission(
            settings,
            roster,
            args.submission or gradescope.SUBMISSION,
            args.metadata or gradescope.METADATA,
            results,
        )
        # Gradescope shows the autograder's standard output to the teacher only (results.json
        # says stdout_visibility "hidden"): the teacher's copy, whatever the students see.
        out.write(outcome.teacher)
        out.write(f"score: {typed_text(outcome.results['score'])}; wrote {results}\n")
        return 0
    if args.submission or args.metadata or args.results:
        raise ConfigError("--submission, --metadata and --results go with --gradescope")
    if not args.folder:
        raise ConfigError("name the submissions' folder: tinynn grade DIR --out FOLDER")
    if not args.out:
        raise ConfigError("name a new folder for the grades: --out FOLDER")
    start = time.monotonic()
    done = classroom.grade_folder(args.folder, args.out, settings, roster, args.force,
                                  _progress())  # fmt: skip
    files = len(done.graded)
    out.write(
        f"graded {files} file{'s' * (files != 1)} in {fmt(time.monotonic() - start, 3)} s: "
        f"{done.summary.figures}\n"
        f"wrote grades.csv, {', '.join(classroom.SUMMARY_FILES)} and students/ (results.json, "
        f"report.txt, feedback.txt each) to {args.out}\n"
    )
    out.write("".join(f"{line}\n" for line in summary.monday(done.summary)))
    return 0


def _progress() -> Callable[[int, Any, int], None] | None:
    """A plain progress line on a terminal (standard error), nothing elsewhere."""
    if not sys.stderr.isatty():
        return None
    start = time.monotonic()

    def done(count: int, graded: Any, total: int) -> None:
        line = (
            f"grading: {count} of {total} ({round(time.monotonic() - start)} s) {graded.sub.name}"
        )
        end = "\n" if count == total else ""
        sys.stderr.write("\r" + line[:MAX_PROGRESS].ljust(MAX_PROGRESS) + end)
        sys.stderr.flush()

    return done
