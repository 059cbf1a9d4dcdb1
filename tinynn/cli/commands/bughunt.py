"""`tinynn bughunt`: a backprop mistake planted in the step; the player names it from the
evidence (the buggy code's gradient check, one step's changes and loss curve) and sees it
beside the truth."""

from __future__ import annotations

import argparse
from typing import TextIO

from tinynn.args.options import EXIT_OK, lesson_and_setup, whole_number
from tinynn.cli.commands import Subparsers, add_command
from tinynn.cli.prompt import Stopped, prompt, standard_input
from tinynn.core.errors import TinyNNError
from tinynn.run.config import MAX_EPOCHS, Setup
from tinynn.teach import bugs_text as render
from tinynn.teach.bugs import BUGS, BugHunt, Verdict, get_bug, pick_bug
from tinynn.teach.lesson import Lesson


def register(sub: Subparsers) -> None:
    p = add_command(
        sub,
        "bughunt",
        run,
        help="find the backprop mistake planted in the code",
        description="A mistake from the menu (--list) is planted in the step; you see the "
        "buggy code's gradient check, one step's change of each parameter and its loss curve, "
        "each beside the correct engine's, name the mistake by its number (read from "
        "standard input), and the buggy equation is shown beside the correct one, with what "
        "the evidence showed on this lesson.",
    )
    p.add_argument(
        "--bug",
        metavar="ID",
        help="the bug to plant, by number or id (default: a random one; --seed repeats it)",
    )
    p.add_argument("--list", action="store_true", help="show the menu of bugs and exit")
    p.add_argument("--trace", action="store_true", help="also print every value of the buggy step")
    p.add_argument(
        "--epochs",
        type=whole_number(1, MAX_EPOCHS),
        help="epochs of the loss curves (default: the lesson's, else 100)",
    )


def run(args: argparse.Namespace, out: TextIO) -> int:
    if args.list:
        out.write(render.bug_list_text())
        return EXIT_OK
    own_data = any(getattr(args, k) is not None for k in ("task", "dataset", "csv", "load"))
    if args.bug is not None and args.lesson is None and not own_data:
        args.lesson = get_bug(args.bug).lesson  # the lesson on which its evidence shows
    lesson, setup = lesson_and_setup(args, args.command)
    epochs = args.epochs if args.epochs is not None else lesson.epochs if lesson else 100
    stdin = standard_input("the bug hunt")
    return run_bughunt(setup, lesson, args.bug, args.seed, epochs, stdin, out, args.trace)


def run_bughunt(
    setup: Setup,
    lesson: Lesson | None,
    bug_key: str | None,
    seed: int | None,
    epochs: int,
    stdin: TextIO,
    out: TextIO,
    show_trace: bool = False,
) -> int:
    """Show the buggy code's gradient check and loss curve, ask, reveal.

    The bug is `bug_key` (a number or an id) or a random one for the task
    (reproducible with `seed`). With `show_trace`, every value of the buggy step
    is printed first. Reads one menu number from stdin; s reveals without a
    guess, q or the end of the input stops without revealing. Returns 0.
    """
    bug = get_bug(bug_key) if bug_key is not None else pick_bug(setup.task, seed)
    hunt = BugHunt(setup, bug, epochs)

    def choose(word: str) -> Verdict:
        try:
            return hunt.answer(word.lower())
        except TinyNNError:
            raise ValueError(
                f"not a choice: {word!r}; type a number from 1 to {len(BUGS)}"
            ) from None

    out.write(render.bughunt_intro(hunt, lesson, show_trace))
    question = f"Your answer (1 to {len(BUGS)}; s to reveal, q to quit): "
    verdict = prompt(out, stdin, question, choose, hunt.reveal)
    if isinstance(verdict, Stopped):
        out.write(f"({'no answer: ' if verdict.why == 'end' else ''}the bug stays hidden)\n")
    else:
        out.write(
            ("" if verdict.revealed else "\n") + render.bug_reveal_text(verdict, hunt, lesson)
        )
    return EXIT_OK
