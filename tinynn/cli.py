"""The command line: `tinynn explain | train | gradcheck | compare | errata | tui`, and the
teaching modes `tinynn lessons | quiz | bughunt`.

Standard library only (argparse). A user's mistake prints one line,
`tinynn: error: ...`, and exits with status 2; a diverged run or a failed
gradient check exits with 1.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import re
import sys
import time
from collections.abc import Callable, Sequence
from typing import Any, TextIO

from . import bugs, render
from .compare import compare_outputs
from .config import (
    DEFAULT_EPOCHS,
    DEFAULT_HIDDEN,
    DEFAULT_LR,
    DEFAULT_SEED,
    Config,
    Setup,
    epochs_problem,
    resolve,
)
from .data import DATASETS
from .errors import ConfigError, TinyNNError
from .gradcheck import gradcheck
from .lesson import FIXED_BY_LESSON, Lesson, lesson_setup, lessons_text
from .params_io import save_params
from .quiz import run_cli as run_quiz
from .trace import trace_step
from .train import Diverged, EpochStats, accuracy, train

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2
MAX_DIGITS = 17  # enough to tell any two floats apart; more digits show only binary noise


class Parser(argparse.ArgumentParser):
    """An ArgumentParser whose errors are one line, like every other tinynn error.

    It also reads `--lr -1e-3` or `--lr -inf` as a (negative) value rather than as an
    unknown option, so that the learning-rate check can name the real problem.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._negative_number_matcher = re.compile(
            r"^-(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$|^-(inf|infinity|nan)$", re.IGNORECASE
        )

    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message} (see '{self.prog} --help')\n")


def add_common_options(p: argparse.ArgumentParser) -> None:
    """The options that choose the data, the network and the step (shared with the walkthrough)."""
    g = p.add_argument_group("data and network")
    g.add_argument(
        "--task",
        choices=["regression", "classification"],
        help="default: the dataset's own task (sine: regression, xor/circle: classification)",
    )
    g.add_argument(
        "--dataset",
        choices=list(DATASETS),
        help="a built-in dataset (default: sine for regression, xor for classification)",
    )
    g.add_argument("--csv", metavar="FILE", help="your own numeric CSV with a header row")
    g.add_argument(
        "--target", metavar="COLUMN", help="the CSV's target column (default: the last column)"
    )
    g.add_argument(
        "--hidden",
        type=int,
        metavar="H",
        help=f"hidden units (default: {DEFAULT_HIDDEN})",
    )
    g.add_argument(
        "--lr",
        type=float,
        metavar="ETA",
        help=f"learning rate η > 0 (default: {DEFAULT_LR})",
    )
    g.add_argument(
        "--seed",
        type=int,
        help=f"seed of the initial weights and of the shuffling (default: {DEFAULT_SEED})",
    )
    g.add_argument(
        "--sample",
        type=int,
        metavar="K",
        help="which sample to trace, from 0 (default: 0)",
    )
    g.add_argument("--load", metavar="FILE", help="start from parameters saved as JSON")
    g.add_argument(
        "--lesson",
        metavar="FILE",
        help="a lesson: a shipped name (see 'tinynn lessons') or a TOML file; it fixes the "
        "data and the network (--lr, --sample, --seed, --load still apply)",
    )


def epochs_arg(text: str) -> int:
    """argparse type of --epochs: a whole number from 1 to MAX_EPOCHS."""
    try:
        epochs = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    problem = epochs_problem(epochs)
    if problem:
        raise argparse.ArgumentTypeError(problem)
    return epochs


def config_from_args(args: argparse.Namespace) -> Config:
    """The `Config` that parsed common options describe (an option not given has its default)."""
    return Config(
        task=args.task,
        dataset=args.dataset,
        csv=args.csv,
        target=args.target,
        hidden=DEFAULT_HIDDEN if args.hidden is None else args.hidden,
        lr=DEFAULT_LR if args.lr is None else args.lr,
        seed=DEFAULT_SEED if args.seed is None else args.seed,
        sample=0 if args.sample is None else args.sample,
        load=args.load,
    )


def lesson_and_setup(
    args: argparse.Namespace, mode: str | None = None
) -> tuple[Lesson | None, Setup]:
    """The run the common options describe: `--lesson` (and its lesson) or the other options.

    `mode` (default: the subcommand) must be one the lesson offers; the walkthrough
    passes its own ("quiz", "bughunt") or none.
    """
    if args.lesson is None:
        setup = resolve(config_from_args(args))
        if args.hidden is not None and args.hidden != setup.params.n_hidden:
            raise ConfigError(
                f"--hidden {args.hidden} disagrees with {args.load}, which has "
                f"{setup.params.n_hidden} hidden units (leave out --hidden)"
            )
        return None, setup
    options = {k: getattr(args, k) for k in (*FIXED_BY_LESSON, "lr", "sample", "seed", "load")}
    return lesson_setup(args.lesson, mode or getattr(args, "command", None), options)


def setup_from_args(args: argparse.Namespace) -> Setup:
    return lesson_and_setup(args)[1]


def command(
    sub: argparse._SubParsersAction,
    name: str,
    func: Callable[[argparse.Namespace, TextIO], int],
    common: bool = True,
    **kwargs: Any,
) -> argparse.ArgumentParser:
    """Add the subcommand `name`, run by `func`, with the common options unless `common` is off."""
    p = sub.add_parser(name, **kwargs)
    if common:
        add_common_options(p)
    p.set_defaults(func=func)
    return p


def build_parser() -> Parser:
    parser = Parser(
        prog="tinynn",
        description="Backpropagation with every number shown: one SGD step of a one-hidden-layer "
        "network, traced scalar by scalar.",
        epilog="Start with 'tinynn explain'. Exit status: 0 ok, 1 diverged run or failed "
        "gradient check, 2 a problem with the input.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {_version()}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)

    p = command(
        sub,
        "explain",
        cmd_explain,
        help="print every scalar computation of one SGD step",
        description="Print the trace of one SGD step: forward, loss, backward and "
        "update, one line per scalar, with the numbers substituted.",
    )
    p.add_argument(
        "--format",
        choices=["text", "markdown", "json"],
        default="text",
        help="text (default), a Markdown table per phase, or JSON with full-precision values",
    )
    p.add_argument(
        "--digits",
        type=int,
        default=6,
        help=f"significant digits shown, 1 to {MAX_DIGITS} (default: 6)",
    )

    p = command(
        sub,
        "train",
        cmd_train,
        help="train with per-sample SGD and report the loss",
        description="Train with per-sample SGD (one step per sample, shuffled "
        "each epoch with the seed).",
    )
    p.add_argument(
        "--epochs",
        type=epochs_arg,
        help=f"passes over the data (default: the lesson's, else {DEFAULT_EPOCHS})",
    )
    p.add_argument("--save", metavar="FILE", help="write the trained parameters as JSON")

    p = command(
        sub,
        "gradcheck",
        cmd_gradcheck,
        help="compare backprop's gradients with finite differences",
        description="Compare every analytic gradient of one sample with a central "
        "finite difference; exit 1 if any disagrees.",
    )
    p.add_argument("--eps", type=float, default=1e-5, help="finite-difference step (default: 1e-5)")
    p.add_argument(
        "--tol", type=float, default=1e-6, help="largest relative error that passes (default: 1e-6)"
    )

    p = command(
        sub,
        "compare",
        cmd_compare,
        help="how log loss changes the update (the notes' question)",
        description="For one sample: δ2 and the output-layer gradients with (a) a "
        "linear output and ½ squared error, (b) a sigmoid output and log loss, (c) a "
        "sigmoid output and ½ squared error. Defaults to the xor data.",
    )

    p = command(
        sub,
        "lessons",
        cmd_lessons,
        common=False,
        help="list the shipped lessons, or print one",
        description="List the lessons that ship with tinynn (name, title, task, shape); with "
        "a name or a path, print that lesson's TOML text (a template for your own).",
    )
    p.add_argument("name", nargs="?", help="a lesson to print")

    p = command(
        sub,
        "quiz",
        cmd_quiz,
        help="guess every value of one SGD step before it is shown",
        description="A quiz on one SGD step: each value is hidden until you type a guess "
        "(a number, s to reveal, q to quit); it is right within a relative tolerance. "
        "Reads the guesses from standard input and ends with the score.",
    )
    p.add_argument(
        "--phase",
        choices=["forward", "loss", "backward", "update"],
        help="ask only the values of one phase",
    )
    p.add_argument(
        "--tolerance",
        type=float,
        help="relative tolerance of a right answer (default: the lesson's, else 0.01)",
    )

    p = command(
        sub,
        "bughunt",
        cmd_bughunt,
        help="find the backprop mistake planted in the code",
        description="A mistake from the menu (--list) is planted in the step; you see the "
        "buggy code's gradient check and loss curve, name the mistake by its number (read "
        "from standard input), and the buggy equation is shown beside the correct one.",
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
        type=epochs_arg,
        help="epochs of the loss curves (default: the lesson's, else 100)",
    )

    command(
        sub,
        "errata",
        cmd_errata,
        common=False,
        help="the typos of the source notes and their corrections",
    )

    p = command(
        sub,
        "tui",
        cmd_tui,
        common=False,
        help="the terminal walkthrough (needs the 'tui' extra)",
        add_help=False,
    )
    p.add_argument("tui_args", nargs=argparse.REMAINDER)
    return parser


def _version() -> str:
    from . import __version__

    return __version__


def cmd_explain(args: argparse.Namespace, out: TextIO) -> int:
    if not 1 <= args.digits <= MAX_DIGITS:
        raise ConfigError(f"--digits must be from 1 to {MAX_DIGITS}, got {args.digits}")
    lesson, setup = lesson_and_setup(args)
    trace = trace_step(setup.params, setup.x, setup.y, setup.lr, setup.task, args.digits)
    if args.format == "json":
        out.write(render.trace_json(trace, setup))
    elif args.format == "markdown":
        out.write(lesson.intro("# ") if lesson else "")
        out.write(render.trace_markdown(trace, setup, args.digits))
    else:
        out.write(lesson.intro() if lesson else "")
        out.write(render.trace_text(trace, setup, args.digits))
    return EXIT_OK


def cmd_train(args: argparse.Namespace, out: TextIO) -> int:
    if args.save:
        _check_writable(args.save)
    lesson, setup = lesson_and_setup(args)
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
        print(f"tinynn: error: {e}{note}", file=sys.stderr)
        return EXIT_FAILED
    progress.close()
    first, last = result.history[0], result.history[-1]
    out.write(
        f"final mean loss {last.loss:.6g} (epoch 1: {first.loss:.6g}) after {args.epochs} "
        f"epochs on {setup.data.name}, {setup.params.n_inputs}-{setup.params.n_hidden}-1, "
        f"η = {setup.lr:g}\n"
    )
    if setup.task == "classification":
        acc = accuracy(result.params, setup.data)
        out.write(
            f"accuracy {100 * acc:.1f} % ({round(acc * len(setup.data))} of {len(setup.data)})\n"
        )
    if args.save:
        try:
            save_params(args.save, result.params)
        except OSError as e:
            raise TinyNNError(f"cannot write {args.save}: {e.strerror or e}") from None
        out.write(f"saved parameters to {args.save}\n")
    return EXIT_OK


def cmd_gradcheck(args: argparse.Namespace, out: TextIO) -> int:
    for name, v in (("--eps", args.eps), ("--tol", args.tol)):
        if not v > 0 or v == float("inf"):
            raise ConfigError(f"{name} must be a finite number > 0, got {v}")
    setup = setup_from_args(args)
    result = gradcheck(setup.params, setup.x, setup.y, setup.task, args.eps, args.tol)
    out.write(render.gradcheck_text(result))
    return EXIT_OK if result.passed else EXIT_FAILED


def cmd_compare(args: argparse.Namespace, out: TextIO) -> int:
    config = config_from_args(args)
    if config.task is None and config.dataset is None and config.csv is None:
        config = config.with_(task="classification")
    setup = resolve(config) if args.lesson is None else setup_from_args(args)
    if not 0.0 <= setup.y <= 1.0:
        raise ConfigError(
            f"compare needs a target in [0, 1] (a label), but sample {setup.sample} of "
            f"{setup.data.name} has y = {setup.y:g}; try --dataset xor"
        )
    out.write(render.compare_text(compare_outputs(setup.params, setup.x, setup.y)))
    return EXIT_OK


def cmd_lessons(args: argparse.Namespace, out: TextIO) -> int:
    out.write(lessons_text(args.name))
    return EXIT_OK


def cmd_quiz(args: argparse.Namespace, out: TextIO) -> int:
    lesson, setup = lesson_and_setup(args)
    return run_quiz(setup, lesson, args.phase, args.tolerance, sys.stdin, out)


def cmd_bughunt(args: argparse.Namespace, out: TextIO) -> int:
    if args.list:
        out.write(bugs.list_text())
        return EXIT_OK
    lesson, setup = lesson_and_setup(args)
    epochs = args.epochs if args.epochs is not None else lesson.epochs if lesson else 100
    return bugs.run_cli(setup, lesson, args.bug, args.seed, epochs, sys.stdin, out, args.trace)


def cmd_errata(args: argparse.Namespace, out: TextIO) -> int:
    out.write(render.errata_text())
    return EXIT_OK


def cmd_tui(args: argparse.Namespace, out: TextIO) -> int:
    return run_tui(args.tui_args)


def run_tui(argv: list[str]) -> int:
    """Start the walkthrough, or say in one line how to install it."""
    if importlib.util.find_spec("textual") is None:
        raise TinyNNError("the walkthrough needs the 'tui' extra: pip install \"tinynn[tui]\"")
    from tui.app import main as tui_main

    return tui_main(argv)


class Progress:
    """Training progress: one updating line on a terminal, a few plain lines otherwise."""

    def __init__(self, epochs: int, out: TextIO) -> None:
        self.epochs, self.out = epochs, out
        self.tty = out.isatty()
        self.every = max(1, epochs // 10)
        self.last_draw = 0.0

    def __call__(self, stats: EpochStats, params: object) -> None:
        line = f"epoch {stats.epoch}/{self.epochs}  mean loss {stats.loss:.6g}"
        if stats.accuracy is not None:
            line += f"  accuracy {100 * stats.accuracy:.1f} %"
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


def check_not_empty(args: argparse.Namespace) -> None:
    """An empty file, column or lesson name (`--save ""`) is a mistake, not "no such option"."""
    for name in ("csv", "target", "load", "lesson", "save"):
        if getattr(args, name, None) == "":
            raise ConfigError(f"--{name} needs a name, got an empty string")


def _check_writable(path: str) -> None:
    folder = os.path.dirname(os.path.abspath(path))
    if not os.path.isdir(folder):
        raise TinyNNError(f"cannot write {path}: folder {folder} does not exist")
    if os.path.isdir(path):
        raise TinyNNError(f"cannot write {path}: it is a folder")
    if not os.access(folder, os.W_OK):
        raise TinyNNError(f"cannot write {path}: folder {folder} is not writable")


def main(argv: Sequence[str] | None = None, out: TextIO | None = None) -> int:
    """Run the CLI; returns the exit status."""
    out = out or sys.stdout
    argv = sys.argv[1:] if argv is None else list(argv)
    if argv[:1] == ["tui"]:  # the walkthrough parses its own options, all of them
        tui_argv = argv[1:]
        command: Callable[[], int] = lambda: run_tui(tui_argv)  # noqa: E731
    else:
        parser = build_parser()
        args = parser.parse_args(argv)
        if args.command is None:
            parser.print_help(out)
            return EXIT_USAGE
        command = lambda: check_not_empty(args) or args.func(args, out)  # noqa: E731
    try:
        return int(command())
    except TinyNNError as e:
        print(f"tinynn: error: {e}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("\ntinynn: interrupted", file=sys.stderr)  # after the ^C the terminal echoed
        return 130
    except BrokenPipeError:
        return EXIT_OK


def run() -> None:
    """Console-script entry point."""
    sys.exit(main())
