"""The walkthrough's state: where we are in one SGD update, and what the screen reads of it.

`State` holds a resolved `Setup`, the current parameters, the sample being
worked on and its `Trace` (every scalar computation of one `train_step`), and
a cursor into that trace: events 0..cursor have been computed, -1 means
"before the first forward computation". It also holds the plots' losses and
the status line's message. Setting new parameters (`_set_params`) computes
their trace and puts the cursor before forward.

The set-up is a `Config` resolved once (`tinynn.run.config.resolve`); the
settings and the task toggle edit that `Config`, so a lesson's or a CSV file's
data and weights stay unless the user chooses other data or another network.

With `student` (a file given by `--check FILE.py[:NAME]`), the state also
holds that step's numbers for the current trace ("yours", by key), which of
them differ from the engine's, the known mistakes the first difference matches and
the names their step has still to write (a template written in part): the app
computes them in a worker (tinynn.grading.step_check's `check_one`) and hands them
over with `Model.set_yours`, which keeps them only if the trace is still the one
they were computed for.

The layers of the walkthrough's model, each a class on the one below, none
using Textual: `State` (here), `History` (tui/history.py: undo and redo) and
`Model` (tui/model.py: every move a key makes).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Self

from tinynn import Event, Params, Trace, trace_step
from tinynn.core.names import Key
from tinynn.core.numbers import DIGITS
from tinynn.run.config import Config, Setup, resolve
from tinynn.teach.lesson import Lesson
from tinynn.teach.mistakes import Mistake


@dataclass(frozen=True)
class LossPoint:
    """One loss value at a point in time (`step` = SGD updates taken so far)."""

    step: int
    loss: float


@dataclass
class State:
    """The walkthrough's state and what the screen reads of it."""

    setup: Setup
    lesson: Lesson | None = None  # the lesson the set-up came from, if any
    student: str | None = None  # a student's step to compare ("file.py" or "file.py:NAME")
    digits: int = DIGITS  # significant digits of every number shown (--digits)
    params: Params = field(init=False)
    sample: int = field(init=False)
    epoch: int = field(init=False)
    steps: int = field(init=False)
    cursor: int = field(init=False)
    trace: Trace = field(init=False)
    sample_losses: list[LossPoint] = field(init=False)
    epoch_losses: list[LossPoint] = field(init=False)
    message: str | None = field(init=False)
    yours: dict[Key, float] = field(init=False)  # the student's numbers for `trace`, by key
    differing: list[Key] = field(init=False)  # keys of theirs that differ, in the trace's order
    yours_problem: str | None = field(init=False)  # why their step gave no numbers here
    unwritten: list[str] = field(init=False)  # names their step still returns as `...`
    mistakes: list[Mistake] = field(init=False)  # known mistakes their first difference matches
    yours_for: Trace | None = field(init=False)  # the trace they were computed for, if any
    _this_epoch: list[float] = field(init=False)  # the losses of this epoch's applied samples

    def __post_init__(self) -> None:
        self._start()

    @classmethod
    def from_config(cls, config: Config) -> Self:
        """The state for `config` (raises TinyNNError if the config is unusable)."""
        return cls(resolve(config))

    # ---- what the screen reads -------------------------------------------------

    @property
    def task(self) -> str:
        return self.setup.task

    @property
    def lr(self) -> float:
        return self.setup.lr

    @property
    def n_samples(self) -> int:
        return len(self.setup.data)

    @property
    def mid_epoch(self) -> bool:
        """True once `n` has applied some of this epoch's samples but not all."""
        return bool(self._this_epoch)

    @property
    def this_epoch(self) -> tuple[float, ...]:
        """The losses of this epoch's samples applied so far (empty at an epoch's start)."""
        return tuple(self._this_epoch)

    @property
    def x(self) -> list[float]:
        return self.setup.data.X[self.sample]

    @property
    def y(self) -> float:
        return self.setup.data.Y[self.sample]

    @property
    def event(self) -> Event | None:
        """The event at the cursor, or None before the first computation."""
        return self.trace[self.cursor] if self.cursor >= 0 else None

    @property
    def current_setup(self) -> Setup:
        """The setup with the current parameters and sample (for the quiz and the bug hunt)."""
        return replace(self.setup, params=self.params, sample=self.sample)

    @property
    def at_end(self) -> bool:
        """True once the whole update of this sample has been computed."""
        return self.cursor == len(self.trace) - 1

    @property
    def loss_shown(self) -> float | None:
        """This sample's loss once its L event has been computed, else None."""
        for k in range(self.cursor + 1):
            if self.trace[k].name == "L":
                return self.trace[k].value
        return None

    @property
    def last_epoch_loss(self) -> float | None:
        return self.epoch_losses[-1].loss if self.epoch_losses else None

    @property
    def yours_pending(self) -> bool:
        """True while the student's numbers for the current trace are still to come."""
        return self.student is not None and self.yours_for is not self.trace

    @property
    def first_difference(self) -> Key | None:
        """The first key of the trace, in its order, whose student's number differs."""
        return self.differing[0] if self.differing else None

    # ---- setting it ------------------------------------------------------------------

    def _start(self) -> None:
        """The set-up's own parameters and sample, epoch 1, plots empty."""
        self.sample = self.setup.sample
        self.epoch = 1
        self.steps = 0
        self.sample_losses = []
        self.epoch_losses = []
        self._this_epoch = []
        self.message = None
        self._set_params(self.setup.params)

    def go_to(
        self, params: Params, sample: int, epoch: int, steps: int, this_epoch: Sequence[float]
    ) -> None:
        """Put the state at a place it was at before (a reloaded page's, tui/place.py): these
        parameters on this sample, `epoch` and `steps` so far with this epoch's losses; the
        plots hold only those, the cursor is before forward. The caller checks the values."""
        self.sample, self.epoch, self.steps = sample, epoch, steps
        self._this_epoch = list(this_epoch)
        self.sample_losses, self.epoch_losses, self.message = [], [], None
        self._set_params(params)

    def _set_params(self, params: Params) -> None:
        """New parameters: their trace for the current sample, the cursor before forward."""
        self.params = params
        self.trace = trace_step(params, self.x, self.y, self.lr, self.task, self.digits)
        self.cursor = -1
        # the student's numbers belong to the old trace: the app asks for the new ones
        self.yours, self.differing, self.yours_problem, self.yours_for = {}, [], None, None
        self.unwritten, self.mistakes = [], []
