"""The stepping model of the walkthrough: where we are in one SGD update.

The model holds a resolved `Setup`, the current parameters, the sample being
worked on and its `Trace` (every scalar computation of one `train_step`), and
a cursor into that trace: events 0..cursor have been computed, -1 means
"before the first forward computation". Moving the cursor never changes the
parameters; `next_sample` applies the step (`trace.step.new_params`).

Every change of parameters first pushes a `Snapshot` of the whole state, so
stepping back across samples (or undoing an epoch or an edited weight)
restores the earlier state exactly: `Params` are frozen, nothing is recomputed.
A move that starts over (a new set-up from the settings, the other task, a
reset) pushes one too, with the set-up and the plots' losses: `b` undoes it.
Each `b` keeps what it took back (`future`), so that `redo` puts it back
exactly; any other change of parameters or set-up clears it, as an editor does.

The set-up is a `Config` resolved once (`tinynn.run.config.resolve`); the settings
and the task toggle edit that `Config`, so a lesson's or a CSV file's data and
weights stay unless the user chooses other data or another network.

Sample order: the walkthrough visits samples in dataset order, starting at
the setup's sample, and starts the next epoch after the last sample. A whole
epoch (`run_epoch`, continuous training) goes through `tinynn.train` with the
epoch's number, so its order is `tinynn train`'s: three `e` presses and
`tinynn train --epochs 3` end on the same parameters.

With `student` (a file given by `--check FILE.py[:NAME]`), the model also holds
that step's numbers for the current trace ("yours", by key) and which of them
differ from the engine's: the app computes them in a worker (tinynn.grading.checker's
`check_one`) and hands them over with `set_yours`, which keeps them only if the
trace is still the one they were computed for.

No Textual here: the model is plain Python and unit-tested on its own.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from tinynn import Diverged, EpochStats, Event, Params, Step, Trace, trace_step, train, train_step
from tinynn.core.errors import ConfigError, TinyNNError
from tinynn.core.names import Key
from tinynn.core.numbers import DIGITS
from tinynn.core.params import all_finite
from tinynn.run.config import Config, Setup, resolve
from tinynn.run.train import diverged_text
from tinynn.teach.lesson import Lesson

Group = Callable[[Event], object]
TOGGLED_TASK = {"regression": "classification", "classification": "regression"}


@dataclass(frozen=True)
class LossPoint:
    """One loss value at a point in time (`step` = SGD updates taken so far)."""

    step: int
    loss: float


@dataclass(frozen=True)
class Snapshot:
    """The model's state before a change of parameters; restoring it undoes the change."""

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
class Model:
    """The walkthrough's state and every move a key can make on it."""

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
    history: list[Snapshot] = field(init=False)
    # what each `b` took back: (the snapshot it restored, the state it left), the last last
    future: list[tuple[Snapshot, Snapshot]] = field(init=False)
    sample_losses: list[LossPoint] = field(init=False)
    epoch_losses: list[LossPoint] = field(init=False)
    message: str | None = field(init=False)
    yours: dict[Key, float] = field(init=False)  # the student's numbers for `trace`, by key
    differing: list[Key] = field(init=False)  # keys of theirs that differ, in the trace's order
    yours_problem: str | None = field(init=False)  # why their step gave no numbers here
    yours_for: Trace | None = field(init=False)  # the trace they were computed for, if any
    _this_epoch: list[float] = field(init=False)

    def __post_init__(self) -> None:
        self.history = []
        self.future = []
        self._start()

    @classmethod
    def from_config(cls, config: Config) -> Model:
        """A model for `config` (raises TinyNNError if the config is unusable)."""
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

    # ---- the student's step (--check) ---------------------------------------------

    @property
    def yours_pending(self) -> bool:
        """True while the student's numbers for the current trace are still to come."""
        return self.student is not None and self.yours_for is not self.trace

    @property
    def first_difference(self) -> Key | None:
        """The first key of the trace, in its order, whose student's number differs."""
        return self.differing[0] if self.differing else None

    def set_yours(
        self,
        trace: Trace,
        values: dict[Key, float],
        differing: list[Key],
        problem: str | None = None,
    ) -> bool:
        """The student's numbers for `trace`; kept only if it is still the current one.

        Returns:
            True if they were kept (the screen has something new to show).
        """
        if trace is not self.trace:
            return False
        self.yours, self.differing, self.yours_problem = dict(values), list(differing), problem
        self.yours_for = trace
        return True

    def to_first_difference(self) -> None:
        """Move the cursor to the student's first difference.

        Raises:
            TinyNNError: no --check, the numbers are still to come, their step failed, or
                it agrees with the engine everywhere.
        """
        if self.student is None:
            raise TinyNNError("no step of yours to compare: start with --check FILE.py")
        if self.yours_pending:
            raise TinyNNError("your step is still running: try again in a moment")
        if self.yours_problem is not None:
            raise TinyNNError(self.yours_problem)
        first = self.first_difference
        if first is None:
            raise TinyNNError(
                f"your step agrees with the engine on all {len(self.yours)} numbers it returned"
            )
        self.cursor = next(k for k, e in enumerate(self.trace) if e.writes == first)

    # ---- moving the cursor within one update ------------------------------------

    def next(self) -> None:
        """The next scalar computation; past the end, the next sample."""
        if self.at_end:
            self.next_sample()
        else:
            self.cursor += 1

    def prev(self) -> None:
        """The previous scalar computation; before the first, back to the previous sample.

        A start over (new settings, the other task, a reset) is undone only by `step_back`.
        """
        if self.cursor >= 0:
            self.cursor -= 1
        elif self.history and self.history[-1].kind not in ("setup", "reset"):
            kind = self.history[-1].kind
            self.step_back()
            if kind == "step":
                self.cursor = len(self.trace) - 1

    def next_equation(self) -> None:
        """Compute every index of the next equation (all of z1, say)."""
        self._forward_to(lambda e: (e.phase, e.name))

    def prev_equation(self) -> None:
        """Undo the equation at the cursor (or the one before it if it is complete)."""
        self._back_over(lambda e: (e.phase, e.name))

    def next_phase(self) -> None:
        """Compute the rest of the next phase (forward, loss, backward, update)."""
        self._forward_to(lambda e: e.phase)

    def prev_phase(self) -> None:
        """Undo the phase at the cursor."""
        self._back_over(lambda e: e.phase)

    def finish(self) -> None:
        """Run to the end of this sample's update."""
        self.cursor = len(self.trace) - 1

    def _forward_to(self, group: Group) -> None:
        if self.at_end:
            self.next_sample()
            return
        k = self.cursor + 1
        g = group(self.trace[k])
        while k + 1 < len(self.trace) and group(self.trace[k + 1]) == g:
            k += 1
        self.cursor = k

    def _back_over(self, group: Group) -> None:
        if self.cursor < 0:
            self.prev()
            return
        k = self.cursor
        g = group(self.trace[k])
        while k - 1 >= 0 and group(self.trace[k - 1]) == g:
            k -= 1
        self.cursor = k - 1

    # ---- moving across samples -----------------------------------------------------

    def next_sample(self) -> None:
        """Apply this sample's update and move to the next sample, cursor before forward.

        A step whose loss or new parameters are not finite is not applied: the
        parameters stay the last finite ones and `message` says why.
        """
        step = self.trace.step
        if not self._finite(step):
            return
        self._push("step")
        self._count(step)
        self._set_params(step.new_params)

    def _finite(self, step: Step) -> bool:
        """False, and `message` says where, if `step` is not to be applied (diverged)."""
        if math.isfinite(step.loss) and all_finite(step.new_params):
            return True
        self.message = diverged_text(self.epoch, self.sample)
        return False

    def _count(self, step: Step) -> None:
        """Book `step` (this sample's, applied): its loss, the step count, the next sample;
        an epoch is over after as many steps as there are samples, wherever it started."""
        self.sample_losses.append(LossPoint(self.steps + 1, step.loss))
        self._this_epoch.append(step.loss)
        self.steps += 1
        self.sample = (self.sample + 1) % self.n_samples
        if len(self._this_epoch) == self.n_samples:
            self._close_epoch()

    def _close_epoch(self) -> None:
        losses = self._this_epoch
        self.epoch_losses.append(LossPoint(self.steps, sum(losses) / len(losses)))
        self._this_epoch = []
        self.epoch += 1

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

    def run_epoch(self) -> None:
        """The rest of this epoch if `n` has begun it (`finish_epoch`), else one whole epoch
        with `tinynn.train` from the current parameters, shuffled as `tinynn train` does
        (cursor reset)."""
        if self._this_epoch:
            self.finish_epoch()
            return
        try:
            s = self.setup
            result = train(self.params, s.data, s.lr, 1, s.task, s.seed, first_epoch=self.epoch)
        except Diverged as e:
            self.message = diverged_text(self.epoch, e.sample, f"epoch {self.epoch}")
            return
        stats = result.history[0]
        self.add_epochs(result.params, [stats], kind="epoch")  # stats.epoch is self.epoch

    def finish_epoch(self) -> None:
        """The samples this epoch has left, in order, as `n` would apply them, as one change
        (`b` takes it back); a step that diverges is not applied and ends it."""
        if not self._this_epoch:
            return
        self._push("epoch")
        s, params = self.setup, self.params
        while self._this_epoch:  # emptied when the epoch closes
            step = train_step(params, self.x, self.y, s.lr, s.task)
            if not self._finite(step):
                break
            self._count(step)
            params = step.new_params
        self._set_params(params)

    def add_epochs(
        self, params: Params, stats: list[EpochStats], kind: str = "train", push: bool = True
    ) -> None:
        """Record whole epochs trained elsewhere (a worker) and move to their parameters.

        With push=False no snapshot is taken: a training run that reports in
        chunks pushes one with its first chunk only, so one step back undoes the run.
        """
        if not stats:
            return
        if push:
            self._push(kind)
        for s in stats:
            self.steps += self.n_samples
            self.epoch_losses.append(LossPoint(self.steps, s.loss))
            self.epoch += 1
        self._this_epoch = []
        self.sample = 0
        self._set_params(params)

    def diverged(self, message: str) -> None:
        """Note that training diverged; the parameters stay as they are."""
        self.message = message

    # ---- changing the set-up ---------------------------------------------------------

    def reset(self) -> None:
        """Back to the set-up's own parameters and sample, plots cleared (`b` undoes it)."""
        s = self.setup
        if self.steps == 0 and self.params == s.params and self.sample == s.sample:
            self.cursor = -1
            return  # nothing to undo: no snapshot
        self._push("reset", keep_losses=True)
        self._start()

    def apply_config(self, config: Config) -> None:
        """Start over with another set-up (`b` undoes it).

        Raises:
            TinyNNError: `config` is unusable; nothing changes.
        """
        setup = resolve(config)
        self._push("setup", keep_losses=True)
        if self.lesson is not None and not _same_source(config, self.lesson.config):
            self.lesson = None  # other data or another network: no longer the lesson
        self.setup = setup
        self._start()

    def toggle_task(self) -> None:
        """Regression <-> classification (`b` undoes it).

        A built-in dataset is replaced by the other task's default one (sine <-> xor);
        a lesson's or a CSV file's data and weights are kept, and only the task changes.

        Raises:
            TinyNNError: the kept data cannot be classified (targets not all 0 or 1).
        """
        c = self.setup.config
        task = TOGGLED_TASK[self.task]
        if self.lesson is None and not c.data_fixed:
            self.apply_config(
                c.with_(task=task, dataset=None, load=None, params=None, hidden=None, sample=None)
            )
            return
        try:
            self.apply_config(c.with_(task=task))
        except TinyNNError as e:
            raise ConfigError(f"the data stay {self.task}: {e}") from None

    def set_param(self, name: str, index: tuple[int, ...], value: float) -> None:
        """Edit one parameter by hand; the trace is recomputed, the cursor kept."""
        cursor = self.cursor
        self._push("edit")
        self._set_params(self.params.with_value((name, index), value))
        self.cursor = min(cursor, len(self.trace) - 1)

    # ---- internals -----------------------------------------------------------------

    def _start(self) -> None:
        """The set-up's own parameters and sample, epoch 1, plots empty (history kept)."""
        self.sample = self.setup.sample
        self.epoch = 1
        self.steps = 0
        self.sample_losses = []
        self.epoch_losses = []
        self._this_epoch = []
        self.message = None
        self._set_params(self.setup.params)

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

    def _set_params(self, params: Params) -> None:
        self.params = params
        self.trace = trace_step(params, self.x, self.y, self.lr, self.task, self.digits)
        self.cursor = -1
        # the student's numbers belong to the old trace: the app asks for the new ones
        self.yours, self.differing, self.yours_problem, self.yours_for = {}, [], None, None


def _same_source(a: Config, b: Config) -> bool:
    """True if `a` and `b` have the same data and the same weights (a lesson's, say)."""
    return (a.dataset, a.csv, a.target, a.data, a.load, a.params) == (
        b.dataset, b.csv, b.target, b.data, b.load, b.params,
    )  # fmt: skip
