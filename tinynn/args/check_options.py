"""The options of a step's check that `tinynn check` and `tinynn grade` share: --cases,
--tolerance, --timeout, --tasks and --min-digits, declared once, so that the two commands
take the same numbers within the same bounds and say the same of them.

Each number is read by its option's type (tinynn/args/options.py's `whole_number` and
`real_number`) against the bound tinynn/core/validate.py keeps, the one the API checks
too (`tinynn.check`, a class's `Settings`): a value out of range is one line, "argument
--timeout: must be above 0 and at most 3600 seconds, got 1e+12", before anything runs.
The defaults come from tinynn/grading/defaults.py, so the parser is built without loading
the grading modules.
"""

from __future__ import annotations

import argparse

from tinynn.args.options import real_number, whole_number
from tinynn.core.numbers import typed_text
from tinynn.core.validate import (
    MAX_CASES,
    MAX_DIGITS,
    MAX_SECONDS,
    TASKS,
    seconds_problem,
    tolerance_problem,
)
from tinynn.grading.defaults import DEFAULT_CASES, DEFAULT_TIMEOUT, DEFAULT_TOLERANCE
from tinynn.teach.marking import MIN_DIGITS


def add_step_check_options(p: argparse.ArgumentParser, tolerance_more: str = "") -> None:
    """--cases, --tolerance, --timeout and --tasks: how a student's step is checked.
    `tolerance_more` ends --tolerance's help (what else it does in this command)."""
    g = p.add_argument_group("checking a step")
    g.add_argument(
        "--cases",
        type=whole_number(0, MAX_CASES),
        default=DEFAULT_CASES,
        metavar="N",
        help=f"random cases per task, 0 to {MAX_CASES} (default: {DEFAULT_CASES})",
    )
    g.add_argument(
        "--tolerance",
        type=real_number(tolerance_problem),
        metavar="T",
        help="relative tolerance of the step's numbers, from 0 to less than 1 (default: "
        f"{typed_text(DEFAULT_TOLERANCE)}){tolerance_more}",
    )
    g.add_argument(
        "--timeout",
        type=real_number(seconds_problem),
        default=DEFAULT_TIMEOUT,
        metavar="S",
        help=f"seconds a case may take, above 0 and at most {typed_text(MAX_SECONDS)} "
        f"(default: {typed_text(DEFAULT_TIMEOUT)})",
    )
    g.add_argument(
        "--tasks",
        metavar="TASKS",
        help=f"the tasks a step is checked on: {', '.join(TASKS)}, or both with a comma "
        "(default: both; a step without a task keyword fails on classification unless "
        "--tasks regression)",
    )


def add_min_digits_option(p: argparse.ArgumentParser | argparse._ArgumentGroup, what: str) -> None:
    """--min-digits N: the digits a hand-worked `what` that is not exact must have (its bounds
    are `tinynn.teach.marking.check_marking`'s, the quiz's and `tinynn.check`'s)."""
    p.add_argument(
        "--min-digits",
        type=whole_number(),
        metavar="N",
        help=f"the significant digits {what} that is not exact must have, 1 to {MAX_DIGITS} "
        f"(default: {MIN_DIGITS})",
    )
