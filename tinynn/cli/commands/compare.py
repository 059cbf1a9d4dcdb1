"""`tinynn compare`: how log loss changes the update (the notes' question), on one sample and,
with --epochs, over three training runs from the same weights."""

from __future__ import annotations

import argparse
import textwrap
from typing import TextIO

from tinynn.args.options import EXIT_OK, lesson_and_config, whole_number
from tinynn.cli.commands import Subparsers, add_command
from tinynn.core.errors import ConfigError
from tinynn.core.numbers import typed_text
from tinynn.render.compare import compare_delta1_text, compare_runs_text, compare_text
from tinynn.run.compare import NOTES_ANSWER_SHORT, compare_outputs, compare_runs
from tinynn.run.config import MAX_EPOCHS, resolve


def register(sub: Subparsers) -> None:
    p = add_command(
        sub,
        "compare",
        run,
        help="how log loss changes the update (the notes' question)",
        description="For one sample: δ2, the output-layer gradients and δ1 with (a) a "
        "linear output and ½ squared error, (b) a sigmoid output and log loss, (c) a "
        "sigmoid output and ½ squared error; with --epochs, the three trained side by side "
        "from the same weights. Defaults to the xor data.",
    )
    p.add_argument(
        "--epochs",
        type=whole_number(1, MAX_EPOCHS),
        help="also train the three set-ups this many epochs and show loss and accuracy",
    )


def run(args: argparse.Namespace, out: TextIO) -> int:
    _, config = lesson_and_config(args, args.command)
    if args.lesson is None and config.task is None and not config.dataset and not config.csv:
        config = config.with_(task="classification")  # compare is about labels: xor
    setup = resolve(config)
    if not 0.0 <= setup.y <= 1.0:
        raise ConfigError(
            f"compare needs a target in [0, 1] (a label), but sample {setup.sample} of "
            f"{setup.data.name} has y = {typed_text(setup.y)}; try --dataset xor"
        )
    comparison = compare_outputs(setup.params, setup.x, setup.y)
    out.write(compare_text(comparison) + "\n" + compare_delta1_text(comparison) + "\n")
    out.write(textwrap.fill(NOTES_ANSWER_SHORT, 100) + "\n")
    if args.epochs is not None:
        runs = compare_runs(setup.params, setup.data, setup.lr, args.epochs, setup.seed)
        out.write("\n" + compare_runs_text(runs))
    return EXIT_OK
