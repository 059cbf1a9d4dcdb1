"""Undo and redo in the walkthrough (keys `b` and `f`): the whole state before every change.

Every change of parameters first pushes a `Snapshot` of the whole state, so
stepping back across samples (or undoing an epoch or an edited weight)
restores the earlier state exactly: `Params` are frozen, nothing is recomputed.
A move that starts over (a new set-up from the settings, the other task, a
reset) pushes one too, with the set-up and the plots' losses: `b` undoes it.
Each `b` keeps what it took back (`future`), so that `redo` puts it back
exactly; any other change of parameters or set-up clears it, as an editor does.

No Textual here: plain Python, tested on its own (tests/tui/test_model.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from tinynn import Params
from tinynn.run.config import Setup
from tinynn.teach.lesson import Lesson

from .state import LossPoint, State


@dataclass(frozen=True)
class Snapshot:
    """The state before a change of parameters; restoring it undoes the change."""

    kind: str  # "step", "epoch", "train", "edit", or "setup" and "reset" (a start over)
    setup: Setup
    lesson: Lesson | None
    params: Params
    sample: int
    epoch: int
    steps: int
    cursor: int
    n_sample_losses: int
    n_epoch_losses: int
    epoch_losses_so_far: tuple[float, ...]
    # a start over clears the plots: it keeps their points to put back
    all_losses: tuple[tuple[LossPoint, ...], tuple[LossPoint, ...]] | None = None
    message: str | None = None  # the status line's message (a redo puts it back)


@dataclass
class History(State):
    """The state, and the snapshots that undo (`step_back`) and redo (`redo`) its changes."""

    history: list[Snapshot] = field(init=False)  # what `b` restores, the last last
    # what each `b` took back: (the snapshot it restored, the state it left), the last last
    future: list[tuple[Snapshot, Snapshot]] = field(init=False)

    def __post_init__(self) -> None:
        self.history = []
        self.future = []
        super().__post_init__()

    def step_back(self) -> None:
        """Restore the state before the last change of parameters (a sample, an epoch, an edit)
        or the last start over (new settings, the other task, a reset); `redo` undoes it."""
        if not self.history:
            return
        s = self.history.pop()
        self.future.append((s, self._snapshot(s.kind, keep_losses=True)))
        self._restore(s)
        if s.kind in ("edit", "setup", "reset"):
            self.cursor = min(s.cursor, len(self.trace) - 1)

    def redo(self) -> None:
        """Put back exactly what the last `step_back` took back (parameters, sample, epoch,
        plots, cursor, message); nothing when a change since has cleared it."""
        if not self.future:
            return
        before, after = self.future.pop()
        self.history.append(before)
        self._restore(after)
        self.cursor = min(after.cursor, len(self.trace) - 1)
        self.message = after.message

    def _push(self, kind: str, keep_losses: bool = False) -> None:
        """Record the state before a change; the change is new, so nothing is left to redo."""
        self.history.append(self._snapshot(kind, keep_losses))
        self.future.clear()

    def _snapshot(self, kind: str, keep_losses: bool = False) -> Snapshot:
        losses = (tuple(self.sample_losses), tuple(self.epoch_losses)) if keep_losses else None
        return Snapshot(
            kind,
            self.setup,
            self.lesson,
            self.params,
            self.sample,
            self.epoch,
            self.steps,
            self.cursor,
            len(self.sample_losses),
            len(self.epoch_losses),
            tuple(self._this_epoch),
            losses,
            self.message,
        )

    def _restore(self, s: Snapshot) -> None:
        """The state `s` recorded, without a message (the one about the state left behind,
        a divergence, no longer applies); the cursor before forward unless the caller moves it."""
        self.setup, self.lesson = s.setup, s.lesson
        self.sample, self.epoch, self.steps = s.sample, s.epoch, s.steps
        if s.all_losses is not None:
            self.sample_losses, self.epoch_losses = list(s.all_losses[0]), list(s.all_losses[1])
        del self.sample_losses[s.n_sample_losses :]
        del self.epoch_losses[s.n_epoch_losses :]
        self._this_epoch = list(s.epoch_losses_so_far)
        self.message = None
        self._set_params(s.params)
