"""Continuous training in the walkthrough (`t`), at the pace chosen with `-` and `+`.

At a sample pace a timer moves one sample per tick: it applies the update on
screen (n) and computes the next sample's whole update (⏎), so that the panels
always show the computations of the sample under way, every number filled in,
as they happen. At an
epoch pace a thread worker trains whole epochs (`train_at_pace`, tui/pace.py)
and posts them as messages, at most ten times a second, which the app hands
to `progress` and `diverged`. Each run has a number: the messages of a run
stopped since are ignored. The first epochs a run reports push the one
snapshot with which `b` undoes the whole run.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.timer import Timer
from textual.worker import get_current_worker

from tinynn import Params

from .messages import TrainingDiverged, TrainingProgress
from .pace import REPORT_EVERY, Pace, train_at_pace

if TYPE_CHECKING:
    from .app import WalkthroughApp


class Trainer:
    """The walkthrough's training runs: starts and stops them, and applies what they report."""

    def __init__(self, app: WalkthroughApp) -> None:
        self.app = app
        self.run = 0  # number of the current training run; older messages are ignored
        self.reported = False  # whether this run has reported epochs (and pushed its snapshot)
        self.ticks: Timer | None = None  # the timer of training at a sample pace
        self.report_every = REPORT_EVERY  # seconds between two reports of the worker

    def start(self, pace: Pace) -> None:
        """Train from the current parameters at `pace`; at an epoch pace, from an epoch's
        start (the epoch that `n` has begun is finished first, in order)."""
        app, m = self.app, self.app.model
        if pace.unit != "sample" and m.mid_epoch:  # whole epochs from an epoch's start
            app.move(m.finish_epoch)
            if m.mid_epoch:  # it diverged: the message is on screen
                return
        self.run += 1
        self.reported = False
        app.training = True
        if pace.unit == "sample":  # one whole sample's update per tick, every number shown
            self.ticks = app.set_interval(1.0 / pace.per_second, self.tick)
        else:
            self.train_epochs(self.run, m.params, m.epoch, pace.per_second)

    def stop(self) -> None:
        """Stop the run under way, if any: its timer, or its worker (whose last messages are
        then ignored)."""
        if self.ticks is not None:
            self.ticks.stop()
            self.ticks = None
        if self.app.training:
            self.run += 1
            self.app.workers.cancel_group(self.app, "train")
            self.app.training = False

    def tick(self) -> None:
        """One tick of training at a sample pace: apply the update on screen, if it is all
        computed, then compute the next one to its end (the first tick only finishes the
        sample under way)."""
        app, m = self.app, self.app.model
        before = m.message
        if m.at_end:
            m.next_sample()
        m.finish()
        app.version += 1
        app.cursor = m.cursor
        if m.message and m.message != before:  # diverged: the step was not applied
            self.stop()
            app.notify(m.message, severity="error", timeout=8)

    def train_epochs(self, run: int, params: Params, epoch: int, per_second: float) -> None:
        """Start the worker that trains epoch after epoch until cancelled, at most
        `per_second` epochs a second (0: as fast as it goes); the epochs arrive as messages."""
        app, m = self.app, self.app.model

        def work() -> None:
            worker = get_current_worker()
            train_at_pace(
                m,
                run,
                params,
                epoch,
                per_second,
                lambda: worker.is_cancelled,
                app.post_message,
                self.report_every,
            )

        app.run_worker(work, thread=True, exclusive=True, group="train", exit_on_error=False)

    def progress(self, msg: TrainingProgress) -> None:
        """Epochs of the worker: applied if they are the current run's."""
        if msg.run == self.run:
            self._apply(msg.params, msg)

    def diverged(self, msg: TrainingDiverged) -> None:
        """The run diverged: its last finite epochs are applied, the run stops, and the status
        line says where."""
        if msg.run != self.run:
            return
        app = self.app
        self._apply(msg.params, msg)
        app.model.diverged(msg.message)
        self.stop()
        app.version += 1
        app.notify(app.model.message or "", severity="error", timeout=8)

    def _apply(self, params: Params, msg: TrainingProgress | TrainingDiverged) -> None:
        if msg.stats:
            app = self.app
            app.model.add_epochs(params, msg.stats, push=not self.reported)
            self.reported = True
            app.version += 1
            app.cursor = app.model.cursor
