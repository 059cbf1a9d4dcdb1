"""`tinynn quiz`: every value of one SGD step hidden until the player types a guess."""

from __future__ import annotations

import argparse
from typing import TextIO

from tinynn.args.options import EXIT_OK, lesson_and_setup, real_number
from tinynn.cli.commands import Subparsers, add_command
from tinynn.cli.prompt import Stopped, prompt, standard_input
from tinynn.core.validate import quiz_tolerance_problem
from tinynn.run.config import Setup
from tinynn.teach import quiz_text as render
from tinynn.teach.lesson import Lesson
from tinynn.teach.quiz import DEFAULT_TRIES, HINT, Quiz, Result


def register(sub: Subparsers) -> None:
    p = add_command(
        sub,
        "quiz",
        run,
        help="guess every value of one SGD step before it is shown",
        description="A quiz on one SGD step: each value is hidden until you type a guess "
        "(a number, s to reveal, q to quit); it is right with at least 3 significant digits "
        "(within half a unit of the last), or exact, as for 'tinynn check --answers'. "
        "Reads the guesses from standard input and ends with the score.",
    )
    p.add_argument(
        "--phase",
        choices=["forward", "loss", "backward", "update"],
        help="ask only the values of one phase",
    )
    p.add_argument(
        "--tolerance",
        type=real_number(quiz_tolerance_problem),
        help="a relative tolerance instead, above 0 and less than 1: a guess within it of the "
        "value (of Δθ for an update) is right (default: the lesson's, else the rule above)",
    )


def run(args: argparse.Namespace, out: TextIO) -> int:
    lesson, setup = lesson_and_setup(args, args.command)
    stdin = standard_input("the quiz")
    return run_quiz(setup, lesson, args.phase, args.tolerance, stdin, out)


def run_quiz(
    setup: Setup,
    lesson: Lesson | None,
    phase: str | None,
    tolerance: float | None,
    stdin: TextIO,
    out: TextIO,
    tries: int | None = None,
) -> int:
    """Ask every value of one step on the terminal, reading guesses from `stdin`.

    A number is a guess (a wrong one gets a hint and another try while tries are
    left); s reveals the value; q or the end of the input stops the quiz. Either
    way it ends with the score. Returns 0.
    """
    if tolerance is None and lesson is not None:
        tolerance = lesson.tolerance  # None too: the one rule
    quiz = Quiz.for_setup(setup, tolerance, phase, DEFAULT_TRIES if tries is None else tries)

    def guess(word: str) -> Result:
        if not word:
            raise ValueError(f"({HINT})")
        return quiz.answer(word)

    out.write(render.quiz_intro(quiz, setup, lesson))
    while not quiz.finished:
        out.write(f"\n{render.quiz_question(quiz)}\n")
        result = prompt(out, stdin, render.quiz_prompt(quiz), guess, quiz.skip)
        while not isinstance(result, Stopped) and not result.final:
            out.write(f"  {render.quiz_feedback(result, quiz.digits)}\n")
            result = prompt(out, stdin, render.quiz_prompt(quiz), guess, quiz.skip)
        if isinstance(result, Stopped):
            break
        out.write(f"  {render.quiz_feedback(result, quiz.digits)}\n")
    out.write(f"\n{quiz.score.text()}\n")
    return EXIT_OK
