"""Bug hunt: six plausible backprop mistakes, planted beside the engine, never in it.

Each `Bug` replaces one piece of the step (the loss, backward or update) with
a wrong version and keeps the rest of the engine. The student sees what the
buggy code produces, without being told which bug it is:

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
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, TextIO

from .backward import Grads, backward
from .config import check_epochs
from .data import Dataset
from .errors import ConfigError, TinyNNError
from .forward import Forward, forward
from .gradcheck import GradCheck, compare
from .loss import loss, squared_error
from .params import Params
from .step import Step, train_step
from .trace import Trace, describe, fmt
from .update import update

if TYPE_CHECKING:
    from .config import Setup
    from .lesson import Lesson

LossFn = Callable[[Forward, float, str], float]
BackwardFn = Callable[[Params, list[float], float, Forward, str, float], Grads]
UpdateFn = Callable[[Params, Grads, float], Params]
StepFn = Callable[[Params, list[float], float, float, str], Step]


def _correct_backward(
    params: Params, x: list[float], y: float, fwd: Forward, task: str, lr: float
) -> Grads:
    return backward(params, x, y, fwd, task)


# --- the six mistakes


def _with_delta1(g: Grads, x: list[float], delta1: list[float]) -> Grads:
    """`g` with δ1 replaced, and ∂L/∂W1 = δ1·x, ∂L/∂b1 = δ1 computed from it as the engine does."""
    dW1 = [[d * xi for xi in x] for d in delta1]
    return Grads(g.delta2, g.dW2, g.db2, g.sigma_prime, delta1, dW1, delta1[:])


def _backward_no_sigma_prime(
    params: Params, x: list[float], y: float, fwd: Forward, task: str, lr: float
) -> Grads:
    g = backward(params, x, y, fwd, task)
    # BUG: delta1[j] = delta2 * W2[j], the sigmoid's slope sigma'(z1[j]) left out
    return _with_delta1(g, x, [g.delta2 * w for w in params.W2])


def _backward_updated_W2(
    params: Params, x: list[float], y: float, fwd: Forward, task: str, lr: float
) -> Grads:
    g = backward(params, x, y, fwd, task)
    # BUG: W2 is updated first, and delta1 then uses the new W2
    W2_new = [w - lr * d for w, d in zip(params.W2, g.dW2)]
    return _with_delta1(g, x, [g.delta2 * w * s for w, s in zip(W2_new, g.sigma_prime)])


def _backward_a1_for_x(
    params: Params, x: list[float], y: float, fwd: Forward, task: str, lr: float
) -> Grads:
    g = backward(params, x, y, fwd, task)
    # BUG: dW1[j][i] = delta1[j] * a1[j], copying dW2 = delta2 * a1 (the layer's
    # output activation instead of its input x[i])
    dW1 = [[d * a for _ in x] for d, a in zip(g.delta1, fwd.a1)]
    return Grads(g.delta2, g.dW2, g.db2, g.sigma_prime, g.delta1, dW1, g.db1)


def _update_notes_E3(params: Params, grads: Grads, lr: float) -> Params:
    p = update(params, grads, lr)
    # BUG, as the notes print it: "b1 <- b2 - eta dL/db2" and "b1 <- b2 - eta dL/db1":
    # b2 is never updated and each b1[j] restarts from b2
    b1 = [params.b2 - lr * g for g in grads.db1]
    return Params(p.W1, b1, p.W2, params.b2)


def _backward_logloss_slope(
    params: Params, x: list[float], y: float, fwd: Forward, task: str, lr: float
) -> Grads:
    g = backward(params, x, y, fwd, task)
    p = fwd.y_pred
    # BUG: delta2 = (p - y) * p * (1 - p), squared error's chain rule used with log loss;
    # everything after it is the correct backprop of that delta2
    delta2 = (p - y) * p * (1.0 - p)
    dW2 = [delta2 * a for a in fwd.a1]
    delta1 = [delta2 * w * s for w, s in zip(params.W2, g.sigma_prime)]
    dW1 = [[d * xi for xi in x] for d in delta1]
    return Grads(delta2, dW2, delta2, g.sigma_prime, delta1, dW1, delta1[:])


def _loss_half_dropped(fwd: Forward, y: float, task: str) -> float:
    # BUG: L = (y_pred - y)^2 without the 1/2, while delta2 stays y_pred - y
    return 2.0 * squared_error(fwd.y_pred, y)


@dataclass(frozen=True)
class Bug:
    """One planted mistake and how it shows.

    Attributes:
        id: a short name for --bug.
        title: one line for the menu (it names the mistake, so it is shown only as a choice).
        wrong: the buggy equation.
        correct: the correct equation.
        touches: the trace equations (Event.name) whose values the bug changes first.
        phase: "loss", "backward" or "update".
        detect: "gradcheck" (the gradient check fails) or "loss" (the gradients are
            right, the loss curve differs from the correct engine's).
        tasks: the tasks it can be planted in.
        why: a short explanation shown after the reveal.
    """

    id: str
    title: str
    wrong: str
    correct: str
    touches: tuple[str, ...]
    phase: str
    detect: str
    tasks: tuple[str, ...]
    why: str
    loss_fn: LossFn = field(default=loss, repr=False)
    backward_fn: BackwardFn = field(default=_correct_backward, repr=False)
    update_fn: UpdateFn = field(default=update, repr=False)

    def step(
        self, params: Params, x: list[float], y: float, lr: float, task: str = "regression"
    ) -> Step:
        """One SGD step of the buggy code (the same shape of result as `train_step`)."""
        fwd = forward(params, x, task)
        L = self.loss_fn(fwd, y, task)
        grads = self.backward_fn(params, x, y, fwd, task, lr)
        return Step(params, x, y, lr, task, fwd, L, grads, self.update_fn(params, grads, lr))

    def trace(
        self,
        params: Params,
        x: list[float],
        y: float,
        lr: float,
        task: str = "regression",
        digits: int = 6,
    ) -> Trace:
        """The trace of one buggy step: the correct equations with the buggy values."""
        step = self.step(params, x, y, lr, task)
        return describe(step, digits)

    def gradcheck(
        self,
        params: Params,
        x: list[float],
        y: float,
        lr: float,
        task: str = "regression",
        eps: float = 1e-5,
        tol: float = 1e-6,
    ) -> GradCheck:
        """The buggy code's gradients against central differences of the buggy code's loss."""
        grads = self.step(params, x, y, lr, task).grads
        return compare(
            params, grads, lambda p: self.loss_fn(forward(p, x, task), y, task), eps, tol
        )


BUGS: tuple[Bug, ...] = (
    Bug(
        "no-sigma-prime",
        "σ' left out of δ1",
        "δ1[j] = δ2·W2[j]",
        "δ1[j] = δ2·W2[j]·σ'(z1[j])",
        ("delta1", "dW1", "db1"),
        "backward",
        "gradcheck",
        ("regression", "classification"),
        "The error reaching hidden unit j passes through its sigmoid, so the chain rule "
        "multiplies by σ'(z1[j]) = a1[j](1 − a1[j]) ≤ ¼. Without it the W1 and b1 "
        "gradients are at least 4 times too large; W2 and b2 are untouched.",
        backward_fn=_backward_no_sigma_prime,
    ),
    Bug(
        "updated-W2",
        "δ1 computed with the already-updated W2",
        "δ1[j] = δ2·(W2[j] − η·∂L/∂W2[j])·σ'(z1[j])",
        "δ1[j] = δ2·W2[j]·σ'(z1[j]), with W2 as it was before the step",
        ("delta1", "dW1", "db1"),
        "backward",
        "gradcheck",
        ("regression", "classification"),
        "Every gradient of a step is taken at the parameters the forward pass used; "
        "updating W2 before backpropagating through it mixes two points. The W1 and b1 "
        "gradients are off by the factor W2_new/W2: small, but the gradient check sees it.",
        backward_fn=_backward_updated_W2,
    ),
    Bug(
        "a1-for-x",
        "∂L/∂W1 computed with a1 instead of x",
        "∂L/∂W1[j][i] = δ1[j]·a1[j]",
        "∂L/∂W1[j][i] = δ1[j]·x[i]",
        ("dW1",),
        "backward",
        "gradcheck",
        ("regression", "classification"),
        "A weight's gradient is the error at its output times the value at its input: "
        "for W2 that input is a1, for W1 it is x. Only the W1 gradients are wrong; "
        "b1's are right, since a bias's input is 1.",
        backward_fn=_backward_a1_for_x,
    ),
    Bug(
        "notes-E3",
        "the notes' erratum E3: b1 updated from b2",
        "b1[j] ← b2 − η·∂L/∂b1[j]   (and b2 is never updated)",
        "b1[j] ← b1[j] − η·∂L/∂b1[j]   and   b2 ← b2 − η·∂L/∂b2",
        ("b1", "b2"),
        "update",
        "loss",
        ("regression", "classification"),
        "The notes print both bias updates as 'b1 ← b2 − η ...' (erratum E3). Every "
        "gradient is still right, so the gradient check passes; but each step throws "
        "the hidden biases away and never moves b2, so the loss differs from the correct "
        "engine's from the first epoch on.",
        update_fn=_update_notes_E3,
    ),
    Bug(
        "logloss-slope",
        "log loss, but δ2 multiplied by p(1 − p) as for squared error",
        "δ2 = (p − y)·p·(1 − p)",
        "δ2 = p − y",
        ("delta2", "dW2", "db2", "delta1", "dW1", "db1"),
        "backward",
        "gradcheck",
        ("classification",),
        "With log loss, ∂L/∂p = (p − y)/(p(1 − p)) cancels the sigmoid's slope "
        "p(1 − p), so δ2 = p − y. Keeping the slope shrinks every gradient by p(1 − p) "
        "≤ ¼, and to almost 0 when the output saturates, even on the wrong side.",
        backward_fn=_backward_logloss_slope,
    ),
    Bug(
        "half-dropped",
        "the ½ dropped from the loss while δ2 is kept",
        "L = (y_pred − y)²   with   δ2 = y_pred − y",
        "L = ½(y_pred − y)²   with   δ2 = y_pred − y",
        ("L",),
        "loss",
        "gradcheck",
        ("regression",),
        "The ½ is there so that the 2 of the square's derivative cancels: "
        "d/dy_pred ½(y_pred − y)² = y_pred − y. Without it the loss is twice as large "
        "and every backprop gradient is exactly half the slope of the loss it reports.",
        loss_fn=_loss_half_dropped,
    ),
)


# How the trace's equation names read in the notes' notation.
SYMBOL = {
    "delta2": "δ2",
    "delta1": "δ1",
    "dW2": "∂L/∂W2",
    "db2": "∂L/∂b2",
    "dW1": "∂L/∂W1",
    "db1": "∂L/∂b1",
}


def get_bug(key: str) -> Bug:
    """A bug by id or by its menu number (from 1)."""
    for number, bug in enumerate(BUGS, start=1):
        if key.strip() in (bug.id, str(number)):
            return bug
    raise ConfigError(
        f"unknown bug {key!r} (choose a number 1 to {len(BUGS)} or one of "
        f"{', '.join(b.id for b in BUGS)})"
    )


def bugs_for(task: str) -> list[Bug]:
    """The bugs that can be planted in a network of `task`."""
    return [b for b in BUGS if task in b.tasks]


def pick_bug(task: str, seed: int | None = None) -> Bug:
    """A random bug for `task`; the same seed picks the same bug, None picks freshly."""
    return random.Random(seed).choice(bugs_for(task))


def loss_curve(
    step: StepFn,
    params: Params,
    data: Dataset,
    lr: float,
    epochs: int,
    task: str = "regression",
    seed: int = 0,
) -> list[float]:
    """Mean loss per epoch of per-sample SGD with `step`, shuffled as `tinynn.train` does.

    With `step=train_step` this is `train(...)`'s history; with a bug's step it is
    the buggy code's. The list stops early if the loss stops being finite (its
    last entry is then inf or nan).
    """
    rng = random.Random(seed)
    order = list(range(len(data)))
    curve: list[float] = []
    for _ in range(epochs):
        rng.shuffle(order)
        total = 0.0
        for k in order:
            s = step(params, data.X[k], data.Y[k], lr, task)
            total += s.loss
            params = s.new_params
            if not math.isfinite(total):
                return [*curve, total]
        curve.append(total / len(order))
    return curve


@dataclass(frozen=True)
class Verdict:
    """The answer to a bug hunt: right or not, and the bug it was."""

    correct: bool
    guess: Bug
    bug: Bug


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

    def __init__(self, setup: Setup, bug: Bug, epochs: int = 20) -> None:
        if setup.task not in bug.tasks:
            raise ConfigError(
                f"bug {bug.id!r} needs a {' or '.join(bug.tasks)} network, "
                f"but this one does {setup.task}"
            )
        check_epochs(epochs)
        self.bug, self.setup, self.epochs = bug, setup, epochs
        p, x, y, lr, task = setup.params, setup.x, setup.y, setup.lr, setup.task
        self.trace = bug.trace(p, x, y, lr, task)
        self.check = bug.gradcheck(p, x, y, lr, task)
        self.curve = loss_curve(bug.step, p, setup.data, lr, epochs, task, setup.seed)
        self.reference = loss_curve(train_step, p, setup.data, lr, epochs, task, setup.seed)
        self.verdict: Verdict | None = None

    @property
    def menu(self) -> tuple[Bug, ...]:
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
            f"  {e.key:<10}  {fmt(e.analytic):>12}  {fmt(e.numeric):>12}  {ratio:>8}  "
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
    touched = ", ".join(SYMBOL.get(name, name) for name in bug.touches)
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
