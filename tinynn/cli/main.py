"""The command line: `tinynn explain | train | gradcheck | compare | errata | tui`, and the
teaching modes `tinynn lessons | quiz | bughunt`.

Standard library only (argparse); the options shared with the walkthrough live
in tinynn/options.py, and each command imports what it needs when it runs. A
user's mistake prints one line, `tinynn: error: ...`, and exits with status 2;
a diverged run, a failed gradient check or an output that cannot be written
exits with 1, an interrupt with 130.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, NamedTuple, TextIO, TypeVar

from tinynn.args.options import (
    EXIT_FAILED,
    EXIT_OK,
    EXIT_USAGE,
    Parser,
    add_common_options,
    add_digits_option,
    add_walkthrough_options,
    error_line,
    guarded,
    lesson_and_config,
    lesson_and_setup,
    open_streams,
    say,
)
from tinynn.core.errors import ConfigError, TinyNNError
from tinynn.core.numbers import fmt, percent_text, typed_text  # loaded by `import tinynn`
from tinynn.run.config import DEFAULT_EPOCHS, epochs_problem

if TYPE_CHECKING:
    from tinynn.run.config import Setup
    from tinynn.run.train import EpochStats
    from tinynn.teach.bugs import Verdict
    from tinynn.teach.lesson import Lesson
    from tinynn.teach.quiz import Result

NO_COMMAND = (
    "'tinynn' alone prints this help on standard error and exits with status 2, "
    "like any other usage mistake; 'tinynn --help' prints it on standard output."
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


def command(
    sub: argparse._SubParsersAction[Parser],
    name: str,
    func: Callable[[argparse.Namespace, TextIO], int],
    common: bool = True,
    **kwargs: Any,
) -> argparse.ArgumentParser:
    """Add the subcommand `name`, run by `func`, with the common options unless `common` is off."""
    p: argparse.ArgumentParser = sub.add_parser(name, **kwargs)
    if common:
        add_common_options(p)
    p.set_defaults(func=func)
    return p


def build_parser() -> Parser:
    parser = Parser(
        prog="tinynn",
        description="Backpropagation with every number shown: one SGD step of a one-hidden-layer "
        "network, traced scalar by scalar.",
        epilog="Start with 'tinynn explain'. Exit status: 0 ok, 1 diverged run, failed "
        "gradient check or output that cannot be written, 2 a problem with the input, "
        "130 interrupted. " + NO_COMMAND,
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
        choices=["text", "markdown", "json", "latex"],
        default="text",
        help="text (default), a Markdown table per phase, JSON with full-precision values, "
        "or LaTeX (amsmath, an align* per phase) for a handout",
    )
    p.add_argument(
        "--chain",
        action="store_true",
        help="text: also each gradient's chain rule with its factors (Markdown and JSON always "
        "carry it)",
    )
    add_digits_option(p, "printed")

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
        description="For one sample: δ2, the output-layer gradients and δ1 with (a) a "
        "linear output and ½ squared error, (b) a sigmoid output and log loss, (c) a "
        "sigmoid output and ½ squared error; with --epochs, the three trained side by side "
        "from the same weights. Defaults to the xor data.",
    )
    p.add_argument(
        "--epochs",
        type=epochs_arg,
        help="also train the three set-ups this many epochs and show loss and accuracy",
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
        help="the terminal walkthrough (needs the 'tui' extra); the same as tinynn-tui",
        description="Step through one SGD update of a tiny network, every number shown.",
    )
    add_walkthrough_options(p)
    from tinynn.grading.checker import add_check_command  # it lives with its module

    add_check_command(sub)
    from tinynn.teach.worksheet import add_worksheet_command

    add_worksheet_command(sub)
    return parser


def _version() -> str:
    from tinynn import __version__

    return __version__


def cmd_explain(args: argparse.Namespace, out: TextIO) -> int:
    from tinynn.render.text import trace_text
    from tinynn.run.trace import trace_step

    lesson, setup = lesson_and_setup(args, args.command)
    trace = trace_step(setup.params, setup.x, setup.y, setup.lr, setup.task, args.digits)
    if args.format == "json":
        from tinynn.render.json import trace_json

        out.write(trace_json(trace, setup))
    elif args.format == "latex":
        from tinynn.render.latex import trace_latex

        title, text = (lesson.title, lesson.text) if lesson else (None, "")
        out.write(trace_latex(trace, setup, args.digits, title, text))
    elif args.format == "markdown":
        from tinynn.render.markdown import trace_markdown

        out.write(lesson.intro("# ") if lesson else "")
        out.write(trace_markdown(trace, setup, args.digits))
    else:
        out.write(lesson.intro() if lesson else "")
        out.write(trace_text(trace, setup, args.digits, args.chain))
    return EXIT_OK


def cmd_train(args: argparse.Namespace, out: TextIO) -> int:
    from tinynn.io.params_io import save_params
    from tinynn.render.text import shape_text
    from tinynn.run.train import Diverged, accuracy, train

    if args.save:
        from tinynn.io.files import check_writable

        check_writable(args.save)  # before a long run, not after it
    lesson, setup = lesson_and_setup(args, args.command)
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
        f"final mean loss {fmt(last.loss)} (epoch 1: {fmt(first.loss)}) after {epochs} "
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


def cmd_gradcheck(args: argparse.Namespace, out: TextIO) -> int:
    from tinynn.render.tables import gradcheck_text
    from tinynn.run.gradcheck import gradcheck

    for name, v in (("--eps", args.eps), ("--tol", args.tol)):
        if not v > 0 or v == float("inf"):
            raise ConfigError(f"{name} must be a finite number > 0, got {v}")
    setup = lesson_and_setup(args, args.command)[1]
    result = gradcheck(setup.params, setup.x, setup.y, setup.task, args.eps, args.tol)
    out.write(gradcheck_text(result))
    return EXIT_OK if result.passed else EXIT_FAILED


def cmd_compare(args: argparse.Namespace, out: TextIO) -> int:
    import textwrap

    from tinynn.render.compare import compare_delta1_text, compare_runs_text, compare_text
    from tinynn.run.compare import NOTES_ANSWER_SHORT, compare_outputs, compare_runs
    from tinynn.run.config import resolve

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


def cmd_lessons(args: argparse.Namespace, out: TextIO) -> int:
    from tinynn.teach.lesson_text import lessons_text

    if args.name == "":
        raise ConfigError("a lesson needs a name, got an empty string")
    out.write(lessons_text(args.name))
    return EXIT_OK


def _stdin(command: str) -> TextIO:
    """Standard input, from which `command` reads its answers."""
    if sys.stdin is None:
        raise TinyNNError(f"{command} reads its answers from standard input, which is closed")
    return sys.stdin


def cmd_quiz(args: argparse.Namespace, out: TextIO) -> int:
    lesson, setup = lesson_and_setup(args, args.command)
    return run_quiz(setup, lesson, args.phase, args.tolerance, _stdin("the quiz"), out)


def cmd_bughunt(args: argparse.Namespace, out: TextIO) -> int:
    if args.list:
        from tinynn.teach.bugs_text import bug_list_text

        out.write(bug_list_text())
        return EXIT_OK
    own_data = any(getattr(args, k) is not None for k in ("task", "dataset", "csv", "load"))
    if args.bug is not None and args.lesson is None and not own_data:
        from tinynn.teach.bugs import get_bug

        args.lesson = get_bug(args.bug).lesson  # the lesson on which its evidence shows
    lesson, setup = lesson_and_setup(args, args.command)
    epochs = args.epochs if args.epochs is not None else lesson.epochs if lesson else 100
    stdin = _stdin("the bug hunt")
    return run_bughunt(setup, lesson, args.bug, args.seed, epochs, stdin, out, args.trace)


# --- the one prompt loop, for the quiz and the bug hunt

T = TypeVar("T")


class Stopped(NamedTuple):
    """A prompt that got no answer: `why` is "quit" (q was typed) or "end" (no more input)."""

    why: str


def prompt(
    out: TextIO,
    stdin: TextIO,
    question: str,
    accept: Callable[[str], T],
    skip: Callable[[], T],
) -> T | Stopped:
    """Ask `question` and read lines from `stdin` until one is accepted.

    s (skip) returns `skip()`; q (quit) returns Stopped("quit"); the end of the
    input, or a standard input that is closed or cannot be read, returns
    Stopped("end") after ending the line. Any other line, stripped, goes to
    `accept`: its value is the answer, and a ValueError (every TinyNNError is
    one) prints its message and asks again. A line read from a pipe is echoed,
    so that the transcript reads like a session at the terminal.
    """
    from tinynn.teach.quiz import QUIT, SKIP  # the words the walkthrough's quiz takes too

    while True:
        out.write(question)
        out.flush()
        try:
            line = stdin.readline()
        except (OSError, ValueError):  # closed or unreadable: as the end of the input
            line = ""
        if not line:
            out.write("\n")
            return Stopped("end")
        if not _isatty(stdin):
            out.write(line.rstrip("\n") + "\n")
        word = line.strip()
        if word.lower() in QUIT:
            return Stopped("quit")
        if word.lower() in SKIP:
            return skip()
        try:
            return accept(word)
        except ValueError as e:
            out.write(f"  {e}\n")


def _isatty(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def run_quiz(
    setup: Setup,
    lesson: Lesson | None,
    phase: str | None,
    tolerance: float | None,
    stdin: TextIO,
    out: TextIO,
    tries: int | None = None,
) -> int:
    """`tinynn quiz`: ask every value of one step on the terminal, reading guesses from stdin.

    A number is a guess (a wrong one gets a hint and another try while tries are
    left); s reveals the value; q or the end of the input stops the quiz. Either
    way it ends with the score. Returns 0.
    """
    from tinynn.teach import quiz_text as render
    from tinynn.teach.quiz import DEFAULT_TOLERANCE, DEFAULT_TRIES, HINT, Quiz

    if tolerance is None:
        tolerance = lesson.tolerance if lesson is not None else DEFAULT_TOLERANCE
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
    """`tinynn bughunt`: show the buggy code's gradient check and loss curve, ask, reveal.

    The bug is `bug_key` (a number or an id) or a random one for the task
    (reproducible with `seed`). With `show_trace`, every value of the buggy step
    is printed first. Reads one menu number from stdin; s reveals without a
    guess, q or the end of the input stops without revealing. Returns 0.
    """
    from tinynn.teach import bugs_text as render
    from tinynn.teach.bugs import BUGS, BugHunt, get_bug, pick_bug

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
        out.write(("" if verdict.revealed else "\n") + render.bug_reveal_text(verdict))
    return EXIT_OK


def cmd_errata(args: argparse.Namespace, out: TextIO) -> int:
    from tinynn.render.text import errata_text

    out.write(errata_text())
    return EXIT_OK


def _walkthrough() -> Any:
    """The walkthrough's command line (tui/command.py), or one line saying how to install it."""
    import importlib.util

    if importlib.util.find_spec("textual") is None:
        raise TinyNNError("the walkthrough needs the 'tui' extra: pip install \"tinynn[tui]\"")
    import tui.command

    return tui.command


def cmd_tui(args: argparse.Namespace, out: TextIO) -> int:
    """`tinynn tui`: the walkthrough, on the options this parser has just read."""
    return int(_walkthrough().run_walkthrough(args))


class Progress:
    """Training progress: one updating line on a terminal, a few plain lines otherwise."""

    def __init__(self, epochs: int, out: TextIO) -> None:
        self.epochs, self.out = epochs, out
        self.tty = out.isatty()
        self.every = max(1, epochs // 10)
        self.last_draw = 0.0

    def __call__(self, stats: EpochStats, params: object) -> None:
        line = f"epoch {stats.epoch}/{self.epochs}  mean loss {fmt(stats.loss)}"
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


def main(argv: Sequence[str] | None = None, out: TextIO | None = None) -> int:
    """Run the CLI; returns the exit status."""
    closed = open_streams() if out is None else None
    if closed == "output":
        say(error_line("standard output is closed: there is nowhere to write"))
        return EXIT_FAILED
    output = out or sys.stdout
    argv = sys.argv[1:] if argv is None else list(argv)

    def command() -> int:
        parser = build_parser()
        args = parser.parse_args(argv)
        if args.command is None:
            parser.print_help(sys.stderr)
            return EXIT_USAGE
        return int(args.func(args, output))

    return guarded(command, output)


def run() -> None:
    """Console-script entry point of `tinynn`."""
    sys.exit(main())


def run_tui() -> None:
    """An entry point for `tinynn-tui` whose imports (Textual's) run inside the guard, so that
    Ctrl-C while they load is one line too; the options are those of `tui.command.main`."""
    sys.exit(guarded(lambda: int(_walkthrough().main())))
