"""`tinynn train`: per-sample SGD for some epochs, its progress, the final loss and accuracy,
and the trained parameters saved on request."""

from __future__ import annotations

import argparse
import time
from typing import TextIO

from tinynn.args.options import (
    EXIT_FAILED,
    EXIT_OK,
    error_line,
    lesson_and_setup,
    say,
    whole_number,
)
from tinynn.cli.commands import Subparsers, add_command
from tinynn.core.errors import TinyNNError
from tinynn.core.numbers import fmt, percent_text
from tinynn.io.files import check_writable
from tinynn.io.params_io import save_params
from tinynn.render.tables import EPOCH_LOSS
from tinynn.render.text import shape_text
from tinynn.run.config import DEFAULT_EPOCHS, MAX_EPOCHS
from tinynn.run.train import Diverged, EpochStats, accuracy, train


def register(sub: Subparsers) -> None:
    p = add_command(
        sub,
        "train",
        run,
        help="train with per-sample SGD and report the loss",
        description="Train with per-sample SGD (one step per sample, shuffled "
        f"each epoch with the seed). Each epoch's loss is its {EPOCH_LOSS}: the mean of the "
        "losses its steps computed, each on its sample before that step's update.",
    )
    p.add_argument(
        "--epochs",
        type=whole_number(1, MAX_EPOCHS),
        help=f"passes over the data (default: the lesson's, else {DEFAULT_EPOCHS})",
    )
    p.add_argument("--save", metavar="FILE", help="write the trained parameters as JSON")


def run(args: argparse.Namespace, out: TextIO) -> int:
    if args.save:
        check_writable(args.save)  # before a long run, not after it
    lesson, setup = lesson_and_setup(args, args.command, every_number_shown=False)
    if args.epochs is None:
        args.epochs = lesson.epochs if lesson is not None else DEFAULT_EPOCHS
    progress = Progress(args.epochs, out)
    try:
        result = train(
            setup.params,
            setup.data,
            setup.lr,
            args.epochs,
            setup.task,
            setup.seed,
            callback=progress,
        )
    except Diverged as e:
        progress.close()
        note = f"; {args.save} was not written" if args.save else ""
        say(error_line(f"{e}{note}"))
        return EXIT_FAILED
    progress.close()
    first, last = result.history[0], result.history[-1]
    epochs = f"{args.epochs} epoch" + ("" if args.epochs == 1 else "s")
    out.write(
        f"final {EPOCH_LOSS} {fmt(last.loss)} (epoch 1: {fmt(first.loss)}) after {epochs} "
        f"on {setup.data.name}, {shape_text(setup.params)}, η = {fmt(setup.lr)}\n"
    )
    if setup.task == "classification":
        acc = accuracy(result.params, setup.data)
        out.write(
            f"accuracy {percent_text(acc)} ({round(acc * len(setup.data))} of {len(setup.data)})\n"
        )
    if args.save:
        out.flush()  # a full disk or closed output shows before the file is replaced
        try:
            save_params(args.save, result.params)
        except OSError as e:
            raise TinyNNError(f"cannot write {args.save}: {e.strerror or e}") from None
        out.write(f"saved parameters to {args.save}\n")
    return EXIT_OK


class Progress:
    """Training progress: one updating line on a terminal, a few plain lines otherwise."""

    def __init__(self, epochs: int, out: TextIO) -> None:
        self.epochs, self.out = epochs, out
        self.tty = out.isatty()
        self.every = max(1, epochs // 10)
        self.last_draw = 0.0

    def __call__(self, stats: EpochStats, params: object) -> None:
        line = f"epoch {stats.epoch}/{self.epochs}  {EPOCH_LOSS} {fmt(stats.loss)}"
        if stats.accuracy is not None:
            line += f"  accuracy {percent_text(stats.accuracy)}"
        if self.tty:
            now = time.monotonic()
            if now - self.last_draw > 0.05 or stats.epoch == self.epochs:
                self.last_draw = now
                self.out.write("\r\033[K" + line)
                self.out.flush()
        elif stats.epoch % self.every == 0 or stats.epoch in (1, self.epochs):
            self.out.write(line + "\n")

    def close(self) -> None:
        if self.tty:
            self.out.write("\n")
