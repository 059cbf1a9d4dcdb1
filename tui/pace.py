"""How fast `t` trains: from one sample a second, each one seen, to full speed.

At a sample pace the walkthrough applies one whole sample's update per tick
(the same move as ⏎ then n), so every step's numbers pass through the panels.
At an epoch pace the training worker runs `train_at_pace`: whole epochs of
`tinynn.train`, resting until the next one is due; at full speed it rests
only to let the interface draw (about 5,000 epochs a second on the sine
data, converged before the eye can follow). Either way the epochs reach the
app in batches, as messages, at most ten times a second (twice in a browser,
where a served walkthrough starts at 10 epochs/s: tui/served.py).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TYPE_CHECKING, NamedTuple

from tinynn import Diverged, EpochStats, Params, train
from tinynn.run.train import diverged_text

from .messages import TrainingDiverged, TrainingProgress

if TYPE_CHECKING:
    from textual.message import Message

    from .model import Model


class Pace(NamedTuple):
    """One speed of continuous training."""

    label: str
    unit: str  # "sample": the app steps through samples; "epoch": the worker runs epochs
    per_second: float  # 0: as fast as it goes


PACES = (
    Pace("1 sample/s", "sample", 1.0),
    Pace("4 samples/s", "sample", 4.0),
    Pace("20 samples/s", "sample", 20.0),
    Pace("1 epoch/s", "epoch", 1.0),
    Pace("10 epochs/s", "epoch", 10.0),
    Pace("full speed", "epoch", 0.0),
)
FULL_SPEED = len(PACES) - 1
SERVED = [p.label for p in PACES].index("10 epochs/s")  # a served walkthrough's first pace
REPORT_EVERY = 0.1  # seconds between two progress messages of the training worker
SERVED_REPORT_EVERY = 0.5  # in a browser: each message costs a screen sent over the network
WORK_SLICE, REST = 0.02, 0.01  # at full speed the worker trains 20 ms, then sleeps 10 ms


def slower(k: int) -> int:
    """The index of the next slower pace (the slowest stays)."""
    return max(k - 1, 0)


def faster(k: int) -> int:
    """The index of the next faster pace (full speed stays)."""
    return min(k + 1, FULL_SPEED)


def train_at_pace(
    model: Model,
    run: int,
    params: Params,
    epoch: int,
    per_second: float,
    cancelled: Callable[[], bool],
    post: Callable[[Message], object],
    report_every: float = REPORT_EVERY,
) -> None:
    """Train `params` on `model`'s data epoch after epoch, from epoch number `epoch`, until
    `cancelled()`; at most `per_second` epochs a second (0: as fast as it goes).

    Runs in a thread worker: it reports only through `post`, every `report_every` seconds
    (`TrainingProgress`) and once at the end, and stops at a divergence with the last
    finite parameters (`TrainingDiverged`). Each message carries `run`.
    """
    data, lr, task, seed = model.setup.data, model.lr, model.task, model.setup.seed
    pending: list[EpochStats] = []
    last = rested = time.monotonic()
    while not cancelled():
        if per_second:  # rest until the next epoch is due, waking to notice a pause
            due = rested + 1.0 / per_second
            while not cancelled() and (left := due - time.monotonic()) > 0:
                time.sleep(min(REST, left))
            rested = time.monotonic()
        elif time.monotonic() - rested >= WORK_SLICE:
            time.sleep(REST)  # hand the GIL to the UI thread: keys stay instant
            rested = time.monotonic()
        try:
            result = train(params, data, lr, 1, task, seed, None, epoch)
        except Diverged as e:
            message = diverged_text(epoch, e.sample, f"epoch {epoch}")
            post(TrainingDiverged(run, params, pending, message))
            return
        params = result.params
        pending.append(result.history[0])
        epoch += 1
        if time.monotonic() - last >= report_every:
            post(TrainingProgress(run, params, pending))
            pending, last = [], time.monotonic()
    if pending:
        post(TrainingProgress(run, params, pending))
