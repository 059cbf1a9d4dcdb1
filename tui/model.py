"""The stepping model of the walkthrough: every move a key can make on its state.

`Model` is the walkthrough's state (tui/state.py: the set-up, the parameters,
the sample, its trace and the cursor) with its undo and redo (tui/history.py),
and the moves: the cursor within one update, the next sample, an epoch,
training's epochs handed over by a worker, a new set-up, an edited weight,
the student's first difference. Moving the cursor never changes the
parameters; `next_sample` applies the step (`trace.step.new_params`), and
every change of parameters or set-up first pushes a snapshot, so `b` undoes it.

Sample order: the walkthrough visits samples in dataset order, starting at
the setup's sample, and starts the next epoch after the last sample. A whole
epoch (`run_epoch`, continuous training) goes through `tinynn.train` with the
epoch's number, so its order is `tinynn train`'s: three `e` presses and
`tinynn train --epochs 3` end on the same parameters.

No Textual here: the model is plain Python and unit-tested on its own.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

from tinynn import Diverged, EpochStats, Event, Params, Step, Trace, train, train_step
from tinynn.core.errors import ConfigError, TinyNNError
from tinynn.core.names import Key
from tinynn.core.numbers import number_text
from tinynn.core.params import all_finite
from tinynn.run.config import Config, Setup, resolve
from tinynn.run.train import diverged_text
from tinynn.teach.mistakes import Mistake

from .history import History
from .state import LossPoint

Group = Callable[[Event], object]
TOGGLED_TASK = {"regression": "classification", "classification": "regression"}


class Model(History):
    """The walkthrough's state and every move a key can make on it."""

    # ---- the student's step (--check) ---------------------------------------------

    def set_yours(
        self,
        trace: Trace,
        values: dict[Key, float],
        differing: list[Key],
        problem: str | None = None,
        unwritten: Sequence[str] = (),
        mistakes: Sequence[Mistake] = (),
    ) -> bool:
        """The student's numbers for `trace`; kept only if it is still the current one.
        With them: why there are none (`problem`), the names their step has still to
        write, and the known mistakes their first difference matches.

        Returns:
            True if they were kept (the screen has something new to show).
        """
        if trace is not self.trace:
            return False
        self.yours, self.differing, self.yours_problem = dict(values), list(differing), problem
        self.unwritten, self.mistakes = list(unwritten), list(mistakes)
        self.yours_for = trace
        return True

    def to_first_difference(self) -> None:
        """Move the cursor to the student's first difference.

        Raises:
            TinyNNError: no --check, the numbers are still to come, their step failed, or
                it agrees with the engine everywhere.
        """
        if self.student is None:
            raise TinyNNError("start with --check FILE.py to compare your own step")
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

    def why_not(self, kind: str) -> str | None:
        """Why a move of `kind` would do nothing here, in one line, or None if it would
        act: "back" (← [ { before the first computation), "step_back" (b), "redo" (f),
        "first_difference" (D without --check)."""
        if kind == "first_difference" and self.student is None:
            return "D: start with --check FILE.py to compare your own step"
        if kind == "redo" and not self.future:
            return "f: nothing to redo (f puts back what b took back)"
        if kind == "step_back" and not self.history:
            return "b: nothing to take back: this is where the walkthrough started"
        if kind == "back" and self.cursor < 0:
            if not self.history:
                return "this is where the walkthrough started: nothing was computed before it"
            if self.history[-1].kind in ("setup", "reset"):
                return "← stops at a start over (settings, m, r): b takes it back"
        return None

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

    def apply_config(self, config: Config) -> bool:
        """Another set-up (`b` undoes it): one with the same data, task and starting weights
        (only η or the seed of the shuffle changes) goes on from the current parameters,
        sample, epoch and plots, the rest of this step recomputed with the new η; any other
        starts over.

        Returns:
            True if the current parameters, epoch and history were kept.

        Raises:
            TinyNNError: `config` is unusable; nothing changes.
        """
        setup = resolve(config)
        kept = self.start_over_reason(setup) is None
        self._push("setup", keep_losses=True)
        if self.lesson is not None and not _same_source(config, self.lesson.config):
            self.lesson = None  # other data or another network: no longer the lesson
        self.setup = setup
        if kept:
            cursor = self.cursor
            self._set_params(self.params)  # the same parameters, the update with the new η
            self.cursor = min(cursor, len(self.trace) - 1)
        else:
            self._start()
        return kept

    def start_over_reason(self, setup: Setup) -> str | None:
        """Why `setup` cannot go on from the current state ("the data change"), or None if it
        can: the same data, task and starting weights, so that only η or the seed differ."""
        now = self.setup
        if setup.task != now.task:
            return "the task changes"
        if setup.data != now.data:
            return "the data change"
        if setup.params.n_hidden != now.params.n_hidden:
            return "the hidden size changes"
        if setup.params != now.params:
            return f"new starting weights, drawn with seed {setup.seed}"
        if setup.sample != now.sample:
            return "the starting sample changes"
        return None

    def settings_effect(self, config: Config, applied: bool = False) -> str:
        """What applying `config` does, in one sentence: before (the settings dialog says it
        while the form changes) or, with `applied`, after (the notification).

        Raises:
            TinyNNError: `config` is unusable.
        """
        setup = resolve(config)
        why = self.start_over_reason(setup)
        if why is not None:
            did = "Started over" if applied else "Applying starts over"
            return f"{did} at epoch 1 from the starting weights: {why} (b undoes it)."
        changes = []
        if setup.lr != self.lr:
            changes.append(f"η = {number_text(setup.lr, self.digits)}")
        if setup.seed != self.setup.seed:
            changes.append(f"seed {setup.seed} for the next epochs' shuffle")
        if not changes:
            return "These are the current settings: nothing changes."
        kept = f"the current parameters, epoch {self.epoch} and the loss history"
        new = " and ".join(changes)
        if applied:
            return f"Kept {kept}; going on with {new} (b undoes it)."
        return f"Applying keeps {kept}, and goes on with {new} (b undoes it)."

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


def _same_source(a: Config, b: Config) -> bool:
    """True if `a` and `b` have the same data and the same weights (a lesson's, say)."""
    return (a.dataset, a.csv, a.target, a.data, a.load, a.params) == (
        b.dataset, b.csv, b.target, b.data, b.load, b.params,
    )  # fmt: skip
