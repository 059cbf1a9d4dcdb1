"""`tinynn-tui`, `python -m tui` and `tinynn tui`: the walkthrough's command line.

The options are the common ones of every tinynn command (tinynn/args/options.py)
plus `--digits`, `--check FILE.py` and `--serve`; they resolve into a `Model`
before any window opens, so a bad option or file is one line
`tinynn: error: ...` on stderr, never a half-started app. The app
(tui/app.py) never imports this module: the front end imports the app.
"""

from __future__ import annotations

import argparse
import os
from collections.abc import Sequence

from tinynn import TinyNNError
from tinynn.args.options import (
    EXIT_FAILED,
    Parser,
    add_common_options,
    add_walkthrough_options,
    error_line,
    guarded,
    lesson_and_setup,
    open_streams,
    say,
)
from tinynn.grading.step_check import loadable_target

from .app import WalkthroughApp
from .model import Model
from .place import PLACE_ENV
from .served import ServedApp
from .terminal import terminal_problem


def build_parser() -> Parser:
    """The options of `tinynn-tui`: the common options of every tinynn command."""
    parser = Parser(
        prog="tinynn-tui",
        description="Step through one SGD update of a tiny network, every number shown.",
    )
    add_common_options(parser)
    add_walkthrough_options(parser)
    return parser


def model_from_args(args: argparse.Namespace) -> Model:
    """The `Model` the parsed options describe (raises TinyNNError for a bad option or file)."""
    lesson, setup = lesson_and_setup(args)
    student = getattr(args, "check", None)
    if student is not None:
        # a missing file, or a notebook that is not one, is an error at once, not in the
        # app: the reading `tinynn check` does (tinynn/grading/step_check.py)
        loadable_target(student)
    return Model(setup, lesson, student, args.digits)


def parse_args(argv: Sequence[str] | None) -> Model:
    """The options of `tinynn-tui`, resolved into a `Model`.

    Exits with status 2 and one line `tinynn: error: ...` on stderr for a bad option or file.
    """
    args = build_parser().parse_args(argv)
    try:
        return model_from_args(args)
    except TinyNNError as e:
        say(error_line(str(e)))
        raise SystemExit(2) from None


def run_walkthrough(args: argparse.Namespace) -> int:
    """Run the walkthrough on parsed options (`tinynn-tui` and `tinynn tui`); its exit status.

    With `--serve`, serve it to browsers instead: each one runs these options again.
    """
    model = model_from_args(args)  # a bad option is one line now, not one per browser
    if args.serve and not args.served:
        from .serve import serve, walkthrough_argv

        return serve(walkthrough_argv(args, build_parser()), args)
    if args.served:  # a reloaded page's walkthrough resumes where it was (tui/place.py)
        app: WalkthroughApp = ServedApp(model=model, place=os.environ.get(PLACE_ENV))
    else:
        app = WalkthroughApp(model=model)
    problem = terminal_problem(app.driver_class)
    if problem is not None:  # Textual would wait for keys that never come
        raise TinyNNError(problem)
    app.run()
    return app.return_code or 0


def main(argv: Sequence[str] | None = None) -> int:
    """Run the walkthrough; returns the exit status."""
    if open_streams() == "output":
        say(error_line("standard output is closed: the walkthrough needs a terminal"))
        return EXIT_FAILED
    return guarded(lambda: run_walkthrough(build_parser().parse_args(argv)))
