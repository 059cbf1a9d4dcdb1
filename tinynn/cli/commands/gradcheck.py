"""`tinynn gradcheck`: every analytic gradient of one sample beside a central finite
difference; exit 1 if any disagrees."""

from __future__ import annotations

import argparse
from typing import TextIO

from tinynn.args.options import EXIT_FAILED, EXIT_OK, lesson_and_setup
from tinynn.cli.commands import Subparsers, add_command
from tinynn.core.errors import ConfigError
from tinynn.render.tables import gradcheck_text
from tinynn.run.gradcheck import gradcheck


def register(sub: Subparsers) -> None:
    p = add_command(
        sub,
        "gradcheck",
        run,
        help="compare backprop's gradients with finite differences",
        description="Compare every analytic gradient of one sample with a central "
        "finite difference; exit 1 if any disagrees.",
    )
    p.add_argument("--eps", type=float, default=1e-5, help="finite-difference step (default: 1e-5)")
    p.add_argument(
        "--tol", type=float, default=1e-6, help="largest relative error that passes (default: 1e-6)"
    )


def run(args: argparse.Namespace, out: TextIO) -> int:
    for name, v in (("--eps", args.eps), ("--tol", args.tol)):
        if not v > 0 or v == float("inf"):
            raise ConfigError(f"{name} must be a finite number > 0, got {v}")
    setup = lesson_and_setup(args, args.command)[1]
    result = gradcheck(setup.params, setup.x, setup.y, setup.task, args.eps, args.tol)
    out.write(gradcheck_text(result))
    return EXIT_OK if result.passed else EXIT_FAILED
