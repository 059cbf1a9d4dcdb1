"""Bug hunt: a known mistake is planted in the step; find it from the evidence.

The mistake comes from the catalogue (tinynn/mistakes.py): one equation of
the one implementation swapped for a wrong one, the rest unchanged. The
student sees what the buggy code produces, without being told which it is:

    the trace       the correct equations, but the buggy values (the arithmetic
                    of the substituted numbers no longer adds up where the bug is)
    the gradient    backprop's gradients against central differences of the
    check           code's own loss: a wrong derivative shows up on exactly the
                    parameters it touches
    one step's      each parameter's change in one step of the buggy code beside
    changes         the correct engine's: an update bug leaves the gradients right
                    but moves the wrong parameters, or none, or by the wrong amount
    the loss curve  training with the buggy step beside the correct engine,
                    from the same start

and names the bug from the menu; then the buggy equation is shown beside the
correct one, with what the evidence showed on the lesson played. Together the
three tell every two bugs of the menu apart on every lesson that offers the
game (tests/teach/test_bughunt_pairs.py computes it). `BugHunt` is that game's
state (no I/O): `tinynn bughunt` (tinynn/cli/commands/bughunt.py) plays it on a
terminal with the texts of tinynn/teach/bugs_text.py, the walkthrough in a
dialog.
"""

from __future__ import annotations

import math
import random
from typing import TYPE_CHECKING, NamedTuple

from tinynn.core.errors import ConfigError
from tinynn.core.names import Key
from tinynn.core.params import Params
from tinynn.core.step import Step, step_pass
from tinynn.io.data import Dataset
from tinynn.run.config import check_epochs
from tinynn.run.gradcheck import GradCheck, check_gradients
from tinynn.run.trace import Trace, describe
from tinynn.teach.mistakes import MISTAKES, Mistake, get_mistake

if TYPE_CHECKING:
    from tinynn.run.config import Setup

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


class Change(NamedTuple):
    """One parameter's change in one step (new − old): the buggy code's and the correct
    engine's, from the same parameters and sample."""

    key: Key
    buggy: float
    correct: float

    @property
    def same(self) -> bool:
        """Whether the buggy code moves the parameter as the engine does (to rounding)."""
        return abs(self.buggy - self.correct) <= 1e-9 * max(abs(self.buggy), abs(self.correct))


def step_changes(
    bug: Mistake, params: Params, x: list[float], y: float, lr: float, task: str
) -> list[Change]:
    """Every parameter's change in one step of the buggy code beside the correct engine's."""
    buggy = buggy_step(bug, params, x, y, lr, task).new_params
    right = step_pass(params, x, y, lr, task).new_params
    return [
        Change(k, buggy.get(k) - params.get(k), right.get(k) - params.get(k))
        for k in params.all_keys()
    ]


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
    from tinynn.run.train import Diverged, train

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

    @property
    def revealed(self) -> bool:
        """Shown without a guess (`BugHunt.reveal`): the guess is the bug, yet not right."""
        return self.guess is self.bug and not self.correct


class BugHunt:
    """One game: a hidden bug, what the buggy code shows, and the student's answer (no I/O).

    Attributes:
        bug: the planted bug (do not show it before `answer`).
        setup: the run it is planted in.
        trace: the buggy step's trace (correct equations, buggy values).
        check: the buggy code's gradient check at the setup's sample.
        changes: one step's change of each parameter, the buggy code's and the engine's.
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
        self.changes = step_changes(bug, p, x, y, lr, task)
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

    def reveal(self) -> Verdict:
        """Give up: the verdict shows the bug without a guess (it counts as not found)."""
        self.verdict = Verdict(False, self.bug, self.bug)
        return self.verdict
