"""`tinynn gradcheck`: every analytic gradient of one sample beside a central finite
difference; exit 1 if any disagrees."""

from __future__ import annotations

import argparse
from typing import TextIO

from tinynn.args.options import EXIT_FAILED, EXIT_OK, lesson_and_setup, real_number
from tinynn.cli.commands import Subparsers, add_command
from tinynn.core.numbers import typed_text
from tinynn.core.validate import positive_problem
from tinynn.render.tables import gradcheck_text
from tinynn.run.gradcheck import MAX_EPS, gradcheck


def register(sub: Subparsers) -> None:
    p = add_command(
        sub,
        "gradcheck",
        run,
        help="compare backprop's gradients with finite differences",
        description="Compare every analytic gradient of one sample with a central "
        "finite difference; exit 1 if any disagrees.",
    )
    p.add_argument(
        "--eps",
        type=real_number(eps_problem),
        default=1e-5,
        help=f"finite-difference step, above 0 and at most {typed_text(MAX_EPS)} (default: 1e-5)",
    )
    p.add_argument(
        "--tol",
        type=real_number(positive_problem),
        default=1e-6,
        help="largest relative error that passes, above 0 (default: 1e-6)",
    )


def eps_problem(v: object) -> str | None:
    """What is wrong with `v` as the finite-difference step: the API's rule and bound."""
    return positive_problem(v, MAX_EPS)


def run(args: argparse.Namespace, out: TextIO) -> int:
    setup = lesson_and_setup(args, args.command)[1]
    result = gradcheck(setup.params, setup.x, setup.y, setup.task, args.eps, args.tol)
    out.write(gradcheck_text(result))
    return EXIT_OK if result.passed else EXIT_FAILED
