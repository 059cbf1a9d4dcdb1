"""Bug hunt: a known mistake is planted in the step; find it from the evidence.

The mistake comes from the catalogue (tinynn/mistakes.py): one equation of
the one implementation swapped for a wrong one, the rest unchanged. The
student sees what the buggy code produces, without being told which it is:

    the trace       the correct equations, but the buggy values (the arithmetic
                    of the substituted numbers no longer adds up where the bug is)
    the gradient    backprop's gradients against central differences of the
    check           code's own loss: a wrong derivative shows up on exactly the
                    parameters it touches
    the loss curve  training with the buggy step beside the correct engine,
                    from the same start: an update bug leaves the gradients
                    right but makes the loss differ (or stop falling)

and names the bug from the menu; then the buggy equation is shown beside the
correct one. `BugHunt` is that game's state (no I/O); `run_cli` plays it on a
terminal.
"""

from __future__ import annotations

import math
import random
import textwrap
from typing import TYPE_CHECKING, NamedTuple, TextIO

from .config import check_epochs
from .data import Dataset
from .errors import ConfigError, TinyNNError
from .gradcheck import GradCheck, check_gradients
from .keys import SYMBOL
from .mistakes import MISTAKES, Mistake, get_mistake
from .params import Params
from .step import Step, step_pass
from .trace import Trace, describe, fmt

if TYPE_CHECKING:
    from .config import Setup
    from .lesson import Lesson

# The bug hunt's menu is the catalogue of mistakes, in its order.
BUGS = MISTAKES
get_bug = get_mistake


def buggy_step(
    bug: Mistake, params: Params, x: list[float], y: float, lr: float, task: str
) -> Step:
    """One SGD step of the buggy code (the same shape of result as `train_step`)."""
    return step_pass(params, x, y, lr, task, bug.equations(lr))


def buggy_trace(
    bug: Mistake, params: Params, x: list[float], y: float, lr: float, task: str
) -> Trace:
    """The trace of one buggy step: the correct equations with the buggy values."""
    return describe(buggy_step(bug, params, x, y, lr, task))


def buggy_gradcheck(
    bug: Mistake, params: Params, x: list[float], y: float, lr: float, task: str
) -> GradCheck:
    """The buggy code's gradients against central differences of the buggy code's loss."""
    return check_gradients(params, x, y, task, 1e-5, 1e-6, eq=bug.equations(lr))


def bugs_for(task: str) -> list[Mistake]:
    """The bugs that can be planted in a network of `task`."""
    return [b for b in BUGS if task in b.tasks]


def pick_bug(task: str, seed: int | None = None) -> Mistake:
    """A random bug for `task`; the same seed picks the same bug, None picks freshly."""
    return random.Random(seed).choice(bugs_for(task))


def loss_curve(
    bug: Mistake | None,
    params: Params,
    data: Dataset,
    lr: float,
    epochs: int,
    task: str = "regression",
    seed: int = 0,
) -> list[float]:
    """Mean loss per epoch of `tinynn.train` with the buggy code (None: the correct engine).

    The list stops early if the run diverges (its last entry is then inf).
    """
    from .train import Diverged, train

    equations = bug.equations(lr) if bug is not None else None
    try:
        history = train(params, data, lr, epochs, task, seed, equations=equations).history
    except Diverged as e:
        return [*(s.loss for s in e.history), math.inf]
    return [s.loss for s in history]


class Verdict(NamedTuple):
    """The answer to a bug hunt: right or not, and the bug it was."""

    correct: bool
    guess: Mistake
    bug: Mistake


class BugHunt:
    """One game: a hidden bug, what the buggy code shows, and the student's answer (no I/O).

    Attributes:
        bug: the planted bug (do not show it before `answer`).
        setup: the run it is planted in.
        trace: the buggy step's trace (correct equations, buggy values).
        check: the buggy code's gradient check at the setup's sample.
        curve: the buggy code's mean loss per epoch.
        reference: the correct engine's, from the same start and shuffle.
        verdict: None until `answer` is called.
    """

    def __init__(self, setup: Setup, bug: Mistake, epochs: int = 20) -> None:
        if setup.task not in bug.tasks:
            raise ConfigError(
                f"bug {bug.id!r} needs a {' or '.join(bug.tasks)} network, "
                f"but this one does {setup.task}"
            )
        check_epochs(epochs)
        self.bug, self.setup, self.epochs = bug, setup, epochs
        p, x, y, lr, task = setup.params, setup.x, setup.y, setup.lr, setup.task
        self.trace = buggy_trace(bug, p, x, y, lr, task)
        self.check = buggy_gradcheck(bug, p, x, y, lr, task)
        self.curve = loss_curve(bug, p, setup.data, lr, epochs, task, setup.seed)
        self.reference = loss_curve(None, p, setup.data, lr, epochs, task, setup.seed)
        self.verdict: Verdict | None = None

    @property
    def menu(self) -> tuple[Mistake, ...]:
        """The choices, numbered from 1 in this order."""
        return BUGS

    def answer(self, choice: str | int) -> Verdict:
        """Name the bug by menu number (from 1) or id; the verdict reveals it."""
        guess = get_bug(str(choice))
        self.verdict = Verdict(guess is self.bug, guess, self.bug)
        return self.verdict


# --- the terminal game


def menu_text() -> str:
    """The numbered menu of bugs (a bug possible in one task only says so)."""
    lines = []
    for number, bug in enumerate(BUGS, start=1):
        note = f"   ({bug.tasks[0]} only)" if len(bug.tasks) == 1 else ""
        lines.append(f"  {number}. {bug.title}{note}")
    return "\n".join(lines) + "\n"


def list_text() -> str:
    """`tinynn bughunt --list`: the menu with the ids --bug accepts."""
    width = max(len(b.id) for b in BUGS)
    lines = ["The planted bugs (choose one with --bug NUMBER or --bug ID):"]
    for number, bug in enumerate(BUGS, start=1):
        tasks = "both tasks" if len(bug.tasks) > 1 else f"{bug.tasks[0]} only"
        lines.append(f"  {number}. {bug.id.ljust(width)}  {bug.title}  [{tasks}]")
    return "\n".join(lines) + "\n"


def gradcheck_table(check: GradCheck) -> str:
    """The gradient check as a table, one parameter a line, ✗ where backprop disagrees."""
    head = (
        f"  {'parameter':<10}  {'backprop':>12}  {'numeric':>12}  {'ratio':>8}  {'rel. error':>10}"
    )
    lines = [head]
    for e in check.entries:
        mark = "ok" if e.ok else "✗"
        ratio = fmt(e.analytic / e.numeric, 4) if abs(e.numeric) > 1e-12 else "—"
        lines.append(
            f"  {e.label:<10}  {fmt(e.analytic):>12}  {fmt(e.numeric):>12}  {ratio:>8}  "
            f"{e.rel_error:>10.1e}  {mark}"
        )
    bad = sum(not e.ok for e in check.entries)
    verdict = "every gradient agrees" if bad == 0 else f"{bad} of {len(check.entries)} disagree"
    lines.append(f"  ({verdict}; tolerance {check.tol:g} relative)")
    return "\n".join(lines) + "\n"


def curve_table(curve: list[float], reference: list[float], rows: int = 10) -> str:
    """Mean loss per epoch, the buggy code beside the correct engine (at most `rows` epochs)."""
    epochs = len(reference)
    shown = sorted({1, epochs, *(round(1 + k * (epochs - 1) / (rows - 1)) for k in range(rows))})
    lines = [f"  {'epoch':>5}  {'this code':>12}  {'correct':>12}"]
    for e in shown:
        mine = fmt(curve[e - 1]) if e <= len(curve) else "—"
        lines.append(f"  {e:>5}  {mine:>12}  {fmt(reference[e - 1]):>12}")
    if len(curve) < epochs or (curve and not math.isfinite(curve[-1])):
        lines.append(f"  (this code's loss stopped being a finite number in epoch {len(curve)})")
    return "\n".join(lines) + "\n"


def trace_block(trace: Trace) -> str:
    """The buggy step, one value a line: the equations as they should be, the code's values."""
    lines = ["One step of this code (the equations as written, the values it computed):"]
    lines += [f"  {e.text()}" for e in trace]
    return "\n".join(lines) + "\n\n"


def reveal_text(verdict: Verdict) -> str:
    """The verdict, then the buggy equation beside the correct one."""
    bug = verdict.bug
    number = BUGS.index(bug) + 1
    if verdict.correct:
        head = f"✓ Right: {number}. {bug.title}."
    else:
        head = f"✗ Not {BUGS.index(verdict.guess) + 1}. It was {number}. {bug.title}."
    how = "the gradient check" if bug.detect == "gradcheck" else "the loss curve"
    touched = ", ".join(SYMBOL.get(name, name) for name in bug.touches)  # the notes' symbols
    why = textwrap.fill(bug.why, 88, initial_indent="  ", subsequent_indent="  ")
    return (
        f"{head}\n"
        f"  buggy:    {bug.wrong}\n"
        f"  correct:  {bug.correct}\n"
        f"  It changes {touched}; {how} gives it away.\n"
        f"{why}\n"
    )


def run_cli(
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
    bug = get_bug(bug_key) if bug_key is not None else pick_bug(setup.task, seed)
    hunt = BugHunt(setup, bug, epochs)
    p = setup.params
    title = lesson.title if lesson is not None else f"{setup.data.name}, {setup.task}"
    out.write(
        f"Bug hunt: {title}\n\n"
        "One equation in this network's code has a planted mistake. Below is what the\n"
        "buggy code computes; find which mistake it is.\n\n"
        f"Sample {setup.sample} of {setup.data.name}: x = "
        f"[{', '.join(fmt(v) for v in setup.x)}], y = {fmt(setup.y)}, η = {fmt(setup.lr)}, "
        f"{p.n_inputs}-{p.n_hidden}-1 network, {setup.task}\n\n"
        f"{trace_block(hunt.trace) if show_trace else ''}"
        "Gradient check: the code's backprop against central differences of the loss the\n"
        f"code reports (ε = {hunt.check.eps:g})\n"
        f"{gradcheck_table(hunt.check)}\n"
        f"Mean loss per epoch, this code beside the correct engine (same start, same shuffle)\n"
        f"{curve_table(hunt.curve, hunt.reference)}\n"
        f"Which mistake is it?\n{menu_text()}"
    )
    while True:
        out.write(f"Your answer (1 to {len(BUGS)}; s to reveal, q to quit): ")
        out.flush()
        line = stdin.readline()
        if not line:
            out.write("\n(no answer: the bug stays hidden)\n")
            return 0
        if not _isatty(stdin):
            out.write(line.rstrip("\n") + "\n")
        word = line.strip().lower()
        if word in ("q", "quit"):
            out.write("(the bug stays hidden)\n")
            return 0
        if word in ("s", "skip"):
            verdict = Verdict(False, bug, bug)
            out.write(f"It was {BUGS.index(bug) + 1}. {bug.title}.\n")
            out.write("\n".join(reveal_text(verdict).splitlines()[1:]) + "\n")
            return 0
        try:
            verdict = hunt.answer(word)
        except TinyNNError:
            out.write(f"  not a choice: {line.strip()!r}; type a number from 1 to {len(BUGS)}\n")
            continue
        out.write("\n" + reveal_text(verdict))
        return 0


def _isatty(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False
