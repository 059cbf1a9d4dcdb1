"""`tinynn check FILE.py` (a student's step against the engine's) and `tinynn check --answers
FILE` (values worked out by hand), from tinynn/grading.

The grading modules are imported when the command runs, not when the parser is built,
so that every other command starts as fast without them.
"""

from __future__ import annotations

import argparse
from typing import Any, TextIO

from tinynn.args.check_options import add_min_digits_option, add_step_check_options
from tinynn.args.options import whole_number
from tinynn.core.errors import ConfigError
from tinynn.core.validate import TASKS
from tinynn.grading.defaults import DEFAULT_LESSON, DEFAULT_TOLERANCE
from tinynn.teach.marking import MIN_DIGITS


def register(subparsers: Any) -> None:
    """Add `tinynn check` to the CLI's subparsers."""
    p = subparsers.add_parser(
        "check",
        help="check your own step function against the engine, to the first wrong number",
        description="Run the step(W1, b1, W2, b2, x, y, lr, task) of FILE.py beside the "
        "engine's on the "
        "lessons, the default set-ups and random shapes of both tasks, and report the first "
        "number that differs, with the correct equation and the known mistake it matches. FILE "
        "may be a Jupyter notebook (FILE.ipynb): its code cells are run, but for a cell tagged "
        "self-check. The step returns a dict of the notes' names or the updated (W1, b1, W2, b2); "
        "a step that updates W1, b1 and W2 in place returns the new b2 (a number cannot change in "
        "place). Exit 0 only when every case ran and every updated parameter and every number "
        "returned agrees; 1 a difference, a parameter not updated, a task not checked or a "
        "failure in your code; 2 a file that cannot be loaded. The file runs in an isolated "
        "process: in bubblewrap (Linux, package bubblewrap) if it is installed, else with your "
        "rights (the report's first line says which). 'tinynn check --template' prints a file to "
        "start from.",
    )
    p.add_argument(
        "file",
        nargs="?",
        metavar="FILE.py[:NAME]",
        help="your file (or notebook), and the function's name if not step",
    )
    p.add_argument("--template", action="store_true", help="print a starter file and exit")
    add_step_check_options(
        p, "; with --answers, a relative tolerance instead of the rule of hand-worked answers"
    )
    hand = p.add_argument_group(
        "values worked out by hand",
        "tinynn check --answers FILE checks the values of FILE (one a line: name = value, "
        "like z1[0] = 0 or new W1[0][0] = 3/8; or a CSV name,value) against a lesson's step. "
        f"A value is right with at least {MIN_DIGITS} significant digits (within half a unit "
        "of the last), or exact; a value that follows from a wrong earlier one is marked "
        "carried. Exit 0 every value of the step given and right, 1 a wrong value, a value "
        "not given or a line not read, 2 a file that cannot be read.",
    )
    hand.add_argument("--answers", metavar="FILE", help="check the values in FILE")
    hand.add_argument(
        "--lesson",
        metavar="NAME",
        help=f"the lesson whose step they are (default: {DEFAULT_LESSON})",
    )
    hand.add_argument(
        "--sample",
        type=whole_number(),
        metavar="K",
        help="the sample of the step (default: the lesson's)",
    )
    hand.add_argument(
        "--worksheet",
        metavar="ID",
        help="the values of the worksheet of this ID (tinynn worksheet; default: the one "
        "the file's first line names); for a lesson of your own, with --lesson FILE",
    )
    add_min_digits_option(hand, "a value")
    p.set_defaults(func=run)


def run(args: argparse.Namespace, out: TextIO) -> int:
    """`tinynn check`: the exit status (0 equal, 1 different or failing)."""
    from tinynn.grading.isolation import isolation
    from tinynn.grading.step_check import check_file
    from tinynn.grading.template import TEMPLATE

    if args.template:
        out.write(TEMPLATE)
        return 0
    if args.answers is not None:
        return _answers(args, out)
    hand = (args.lesson, args.sample, args.worksheet, args.min_digits)
    if any(a is not None for a in hand):
        raise ConfigError("--lesson, --sample, --worksheet and --min-digits go with --answers FILE")
    if not args.file:
        raise ConfigError("name your file: tinynn check FILE.py (or --template for a start)")
    tasks = TASKS if args.tasks is None else args.tasks
    tolerance = DEFAULT_TOLERANCE if args.tolerance is None else args.tolerance
    result = check_file(args.file, args.cases, tolerance, args.timeout, tasks)
    out.write(f"{isolation().line()}\n{result.report}")  # the isolation the check used
    return result.exit_code


def _answers(args: argparse.Namespace, out: TextIO) -> int:
    """`tinynn check --answers FILE [--lesson NAME] [--sample K | --worksheet ID]`."""
    from tinynn.grading.answers import check_answers

    if args.file:
        raise ConfigError("give FILE.py or --answers FILE, not both")
    if args.tasks is not None:
        raise ConfigError("--tasks goes with FILE.py, not --answers")
    if args.answers == "" or args.lesson == "":
        raise ConfigError(f"--{'answers' if args.answers == '' else 'lesson'} needs a name")
    answers = check_answers(
        args.answers,
        args.lesson,
        args.sample,
        worksheet=args.worksheet,
        min_digits=MIN_DIGITS if args.min_digits is None else args.min_digits,
        tolerance=args.tolerance,
    )
    out.write(answers.report)
    return answers.exit_code
