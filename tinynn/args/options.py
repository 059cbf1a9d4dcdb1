"""The options both front ends read: the CLI's commands and the walkthrough.

`add_common_options` declares the options that choose the data, the network and
the step; `lesson_and_config` turns parsed options into a `Config` (and the
lesson behind `--lesson`, if any) and `lesson_and_setup` resolves it. `Parser`
gives every option mistake the one form of every tinynn error,
`tinynn: error: ...` with exit status 2, whichever front end made it, and
`guarded` runs a front end so that a user's mistake, an interrupt or an output
that cannot be written ends in one line, never a traceback. `whole_number` is
the type of every option that takes a whole number (--hidden, --seed,
--sample, --epochs, --digits, --port, --max-sessions, --cases, --jobs...), by the engine's
one rule, and `real_number` of every real one (--lr, --eps, --tol, --tolerance, --timeout...),
by the rule the API checks it with.

Standard library only (argparse); the subcommands themselves are tinynn/cli/.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import re
import sys
from collections.abc import Callable, Sequence
from typing import Any, NoReturn

from tinynn.core.errors import ConfigError, TinyNNError
from tinynn.core.numbers import DIGITS
from tinynn.core.validate import MAX_DIGITS, lr_problem, read_real, read_whole
from tinynn.io.data import DATASETS
from tinynn.io.files import printable
from tinynn.run.config import DEFAULT_HIDDEN, DEFAULT_LR, DEFAULT_SEED, Config, Setup, resolve
from tinynn.teach.lesson import Lesson, load_lesson

PROG = "tinynn"
EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130
FIXED_BY_LESSON = ("task", "dataset", "csv", "target", "hidden")
NAMED = ("csv", "target", "load", "lesson", "save")  # options that name a file or column

# Options whose value is a number: `--lr -1e-3` is read as `--lr=-1e-3`, so that the
# number's own check names the problem (argparse would take -1e-3 for an option).
NUMBER_OPTIONS = frozenset(
    ("--lr", "--hidden", "--seed", "--sample", "--epochs", "--digits", "--eps", "--tol",
     "--tolerance", "--timeout", "--cases", "--min-digits", "--points", "--jobs",
     "--time-limit", "--memory")
)  # fmt: skip
# a value such as -1e3, -.5, -1/8 or -1_000 (no option starts with a minus and a digit)
NEGATIVE = re.compile(r"-(\d|\.\d)\S*|-(inf|infinity|nan)", re.IGNORECASE)


def error_line(message: str) -> str:
    """The one line every tinynn error is shown as: a control character or line break in it
    (from a file's name, a lesson's path) shows as its escape, as every name does."""
    return f"{PROG}: error: {printable(message)}"


def say(line: str) -> None:
    """Write `line` to stderr, if there is a stderr to write to."""
    if sys.stderr is not None:
        with contextlib.suppress(OSError):  # nowhere left to say it
            print(line, file=sys.stderr, flush=True)


def join_negative_values(argv: Sequence[str]) -> list[str]:
    """`["--lr", "-1e-3"]` -> `["--lr=-1e-3"]` for the options in NUMBER_OPTIONS."""
    out: list[str] = []
    args = list(argv)
    k = 0
    while k < len(args):
        a = args[k]
        if a == "--":
            out += args[k:]
            break
        if a in NUMBER_OPTIONS and k + 1 < len(args) and NEGATIVE.fullmatch(args[k + 1]):
            out.append(f"{a}={args[k + 1]}")
            k += 2
            continue
        out.append(a)
        k += 1
    return out


def whole_number(least: int | None = None, most: int | None = None) -> Callable[[str], int]:
    """An argparse type: a whole number from `least` to `most` (None: no bound), by the one
    rule of `tinynn.core.validate.whole_problem` ("argument --epochs: must be at least 1,
    got 0"). A bound the engine checks itself (--hidden, --sample) is left to it, so that
    the option and a lesson's key say the same."""

    def whole(text: str) -> int:
        try:
            return read_whole(text, least, most)
        except ValueError as e:
            raise argparse.ArgumentTypeError(str(e)) from None

    return whole


def real_number(problem: Callable[[object], str | None]) -> Callable[[str], float]:
    """An argparse type: a finite number read by `parse_number` that `problem` (one of
    tinynn.core.validate's, the same the API checks) finds nothing wrong with ("argument
    --timeout: must be above 0 and at most 3600 seconds, got 1e+12"). What is not a finite
    number ("inf", "1e400", "abc") is quoted as typed, with the range it should be in."""

    def real(text: str) -> float:
        try:
            return read_real(text, problem)
        except ValueError as e:
            raise argparse.ArgumentTypeError(str(e)) from None

    return real


class Parser(argparse.ArgumentParser):
    """An ArgumentParser whose mistakes are one `tinynn: error: ...` line and exit status 2."""

    def parse_known_args(  # type: ignore[override]
        self, args: Sequence[str] | None = None, namespace: argparse.Namespace | None = None
    ) -> tuple[argparse.Namespace, list[str]]:
        argv = sys.argv[1:] if args is None else args
        return super().parse_known_args(join_negative_values(argv), namespace)

    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_USAGE, error_line(f"{message} (see '{self.prog} --help')") + "\n")


def add_common_options(p: argparse.ArgumentParser) -> None:
    """The options that choose the data, the network and the step."""
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
        type=whole_number(),
        metavar="H",
        help=f"hidden units (default: {DEFAULT_HIDDEN})",
    )
    g.add_argument(
        "--lr",
        type=real_number(lr_problem),
        metavar="ETA",
        help=f"learning rate η > 0 (default: {DEFAULT_LR})",
    )
    g.add_argument(
        "--seed",
        type=whole_number(),
        help=f"seed of the initial weights and of the shuffling (default: {DEFAULT_SEED})",
    )
    g.add_argument(
        "--sample",
        type=whole_number(),
        metavar="K",
        help="which sample to trace, from 0 (default: the first whose x is not all zeros)",
    )
    g.add_argument("--load", metavar="FILE", help="start from parameters saved as JSON")
    g.add_argument(
        "--lesson",
        metavar="FILE",
        help="a lesson: a shipped name (see 'tinynn lessons') or a TOML file; it fixes the "
        "data and the network (--lr, --sample, --seed, --load still apply)",
    )


LOOPBACK = "127.0.0.1"
DEFAULT_PORT = 8000
MAX_SESSIONS = 10_000  # --max-sessions: a bound that catches a slip of the finger


def add_digits_option(p: argparse.ArgumentParser, shown: str) -> None:
    """`--digits N`: the significant digits of every number `shown` (explain, the walkthrough)."""
    p.add_argument(
        "--digits",
        type=whole_number(1, MAX_DIGITS),
        default=DIGITS,
        help=f"significant digits of every number {shown}, 1 to {MAX_DIGITS} (default: {DIGITS})",
    )


def add_walkthrough_options(p: argparse.ArgumentParser) -> None:
    """The options only the walkthrough has, for `tinynn-tui` and `tinynn tui` alike:
    `--digits` on screen, `--check FILE.py`, `--serve [--host --port]`."""
    add_digits_option(p, "on screen (a cell too narrow shows as many as fit, at least 2)")
    add_check_option(p)  # --check FILE.py: your step beside the engine's
    add_serve_options(p)  # --serve: the same walkthrough in a browser


def add_check_option(p: argparse.ArgumentParser) -> None:
    """`--check FILE.py[:NAME]` of the walkthrough: a student's step beside the engine's."""
    p.add_argument(
        "--check",
        metavar="FILE.py[:NAME]",
        help="show your own step function's numbers beside the engine's (a 'yours' column), "
        "its first difference marked ✗ (key D goes there); FILE may be a Jupyter notebook "
        "(FILE.ipynb: its code cells); see 'tinynn check'",
    )


def add_serve_options(p: argparse.ArgumentParser) -> None:
    """`--serve [--host H --port P --token T --max-sessions N]` of the walkthrough: the same
    walkthrough in a browser."""
    g = p.add_argument_group("in a browser (needs the 'web' extra)")
    g.add_argument(
        "--serve",
        action="store_true",
        help="serve the walkthrough as a web page: each browser that opens it gets its own "
        "walkthrough; saves and exports become downloads",
    )
    g.add_argument(
        "--host",
        default=LOOPBACK,
        help=f"the address to serve on (default: {LOOPBACK}, this machine only; 0.0.0.0: "
        "every address of this machine; whoever opens the page runs the walkthrough as you)",
    )
    g.add_argument(
        "--port",
        type=whole_number(1, 65535),
        default=DEFAULT_PORT,
        help=f"the port to serve on (default: {DEFAULT_PORT})",
    )
    who = g.add_mutually_exclusive_group()
    who.add_argument(
        "--token",
        metavar="T",
        help="the secret the page's address carries, ?token=T (default: a random one on any "
        "address but this machine's own; none on it)",
    )
    who.add_argument(
        "--no-token",
        action="store_true",
        help="ask no token even on another address (only on a network you trust)",
    )
    g.add_argument(
        "--max-sessions",
        type=whole_number(1, MAX_SESSIONS),
        metavar="N",
        help="walkthroughs open at once, at most (default: as many as half the free memory "
        "holds, about 40 MiB each, at most 40); the next page says the class is full",
    )
    # Each browser's walkthrough is this program again, with these options and this one:
    g.add_argument("--served", action="store_true", help=argparse.SUPPRESS)


def check_not_empty(args: argparse.Namespace) -> None:
    """An empty file, column or lesson name (`--csv ""`) is a mistake, not "no such file"."""
    for name in NAMED:
        if getattr(args, name, None) == "":
            raise ConfigError(f"--{name} needs a name, got an empty string")


def lesson_and_config(
    args: argparse.Namespace, mode: str | None = None
) -> tuple[Lesson | None, Config]:
    """The `Config` the common options describe, and the lesson behind `--lesson` if any.

    With `--lesson`, the lesson's own `Config` is the start and `--lr`, `--sample`,
    `--seed` and `--load` replace its values; the options that choose the data or
    the network cannot be combined with it. `mode` (a command's name) must be one
    the lesson offers (None: any).
    """
    check_not_empty(args)
    if args.lesson is None:
        config = Config(task=args.task, dataset=args.dataset, csv=args.csv, target=args.target)
        config = config.with_(hidden=args.hidden, load=args.load)
        return None, _replaced(config, args)
    for key in FIXED_BY_LESSON:
        if getattr(args, key) is not None:
            raise ConfigError(
                f"--lesson fixes the data and the network: drop --{key} (or drop --lesson)"
            )
    lesson = load_lesson(args.lesson)
    if mode is not None:
        lesson.require(mode)
    config = lesson.config
    if args.load is not None:  # the file's weights instead of the lesson's
        config = config.with_(params=None, hidden=None, load=args.load)
    return lesson, _replaced(config, args)


def _replaced(config: Config, args: argparse.Namespace) -> Config:
    """`config` with the values of --lr, --seed and --sample that were given."""
    given = {k: getattr(args, k) for k in ("lr", "seed", "sample") if getattr(args, k) is not None}
    return config.with_(**given)


def lesson_and_setup(
    args: argparse.Namespace, mode: str | None = None, every_number_shown: bool = True
) -> tuple[Lesson | None, Setup]:
    """`lesson_and_config`, resolved: the run the options describe, every value checked
    (inputs × hidden units capped unless not `every_number_shown`: `tinynn train`)."""
    lesson, config = lesson_and_config(args, mode)
    return lesson, resolve(config, every_number_shown)


def _silence_stdout() -> None:
    """Point stdout at the null device, so that the interpreter's last flush cannot fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (AttributeError, OSError, ValueError):
        pass


def open_streams() -> str | None:
    """Which standard stream is closed ("output", "input"), or None if all are open.

    A closed stream's file descriptor is taken by the null device, so that no file
    tinynn opens later (a saved parameters file) can land on descriptor 0 or 1.
    """
    closed = None
    for fd, stream, name in ((0, sys.stdin, "input"), (1, sys.stdout, "output")):
        if stream is None:
            try:
                os.fstat(fd)
            except OSError:
                devnull = os.open(os.devnull, os.O_RDWR)
                if devnull != fd:
                    os.dup2(devnull, fd)
                    os.close(devnull)
            closed = closed or name
    return closed


def guarded(command: Callable[[], int], flush: Any = None) -> int:
    """Run a front end's `command`; every way it can fail becomes one line and a status.

    A TinyNNError is the user's mistake (status 2); an interrupt says so (130); an
    output that cannot be written (a full disk, a closed stream) is one line and 1; a
    closed pipe (`tinynn explain | head`) ends quietly. `flush` (the output) is flushed
    inside the guard, so that its errors are caught too.
    """
    try:
        code = int(command())
        if flush is not None:
            flush.flush()
        return code
    except TinyNNError as e:
        say(error_line(str(e)))
        return EXIT_USAGE
    except KeyboardInterrupt:
        say(f"\n{PROG}: interrupted")  # after the ^C the terminal echoed
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        _silence_stdout()
        return EXIT_OK
    except OSError as e:
        _silence_stdout()
        what = "the output" if e.filename is None else e.filename
        say(error_line(f"cannot write {what}: {e.strerror or e}"))
        return EXIT_FAILED
