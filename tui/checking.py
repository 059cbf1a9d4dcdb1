"""The student's step beside the engine's in the walkthrough (`--check FILE.py`, or a
Jupyter notebook `FILE.ipynb` whose code cells the child runs as `tinynn check` does).

Each new trace asks for the student's numbers: a thread worker runs their step
in a child process (tinynn.grading.step_check's `check_one`) and hands the
result to the model, which keeps it only if the trace is still the current one.
One child at a time: a trace that changed meanwhile is asked for when the
running one ends, and none runs while training does (the app asks again when
it stops).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tinynn import TinyNNError
from tinynn.grading.step_check import OneCheck, check_one
from tinynn.run.trace import Trace

if TYPE_CHECKING:
    from .app import WalkthroughApp


class StudentCheck:
    """Runs the student's step on the walkthrough's traces, one child process at a time."""

    def __init__(self, app: WalkthroughApp) -> None:
        self.app = app
        self.running = False  # a worker is running their step

    def want(self) -> None:
        """Run their step on the current trace, unless it has run, one is running (its end
        asks again) or training is (it asks when it stops)."""
        app, m = self.app, self.app.model
        if m.student is not None and m.yours_pending and not self.running and not app.training:
            self.running = True
            student, trace = m.student, m.trace
            app.run_worker(
                lambda: self._run(student, trace), thread=True, group="check", exit_on_error=False
            )

    def _run(self, student: str, trace: Trace) -> None:
        """In the worker: their step on `trace`'s set-up, in a child process."""
        s = trace.step
        try:
            result = check_one(student, s.params, s.x, s.y, s.lr, s.task)
        except TinyNNError as e:  # their file cannot be loaded (any more)
            result = OneCheck({}, [], str(e))
        self.app.call_from_thread(self._done, trace, result)

    def _done(self, trace: Trace, r: OneCheck) -> None:
        self.running = False
        app, m = self.app, self.app.model
        if m.set_yours(trace, r.values, r.differing, r.problem, r.unwritten, r.mistakes):
            if r.problem is not None:
                app.notify(r.problem, title="your step", severity="error", timeout=8)
            app.watch_cursor()
        self.want()  # the trace may have moved on meanwhile
