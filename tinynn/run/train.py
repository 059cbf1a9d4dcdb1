"""Training: per-sample stochastic gradient descent, as in the notes.

Each epoch visits every sample once and takes one SGD step per sample. One
generator, seeded once, shuffles the order before every epoch; a run that
continues another (`first_epoch`, the walkthrough's `e`) continues its
shuffle, so three runs of one epoch equal one run of three, bit for bit.

Training checks its arguments once and then runs `step_pass`, the very
equations `train_step` runs, without a trace (the trace formats strings).

A step whose loss or any new parameter is not a finite number has diverged
(eta too large): `train` raises `Diverged`, naming the epoch and sample, and
carrying the last finite parameters and the history so far.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import TYPE_CHECKING, NamedTuple

from tinynn.core import display
from tinynn.core.equations import NOTES, Equations
from tinynn.core.errors import TinyNNError
from tinynn.core.forward import forward, forward_pass
from tinynn.core.params import Params, all_finite, finite_sum
from tinynn.core.step import step_pass
from tinynn.core.validate import (
    MAX_EPOCHS,
    validate_data,
    validate_lr,
    validate_params,
    validate_task,
    validate_whole,
)

if TYPE_CHECKING:
    import random

    from tinynn.io.data import Dataset


class EpochStats(NamedTuple):
    """An epoch's loss, the mean of the losses its steps computed, each before its update (the
    label: tinynn.render.tables.EPOCH_LOSS), and its accuracy for classification."""

    epoch: int
    loss: float
    accuracy: float | None = None


class TrainResult(NamedTuple):
    params: Params
    history: list[EpochStats]

    def _repr_markdown_(self) -> str:
        return display.markdown(self)


def diverged_text(epoch: int, sample: int, kept: str = "that step") -> str:
    """The one sentence for a run that diverged: `Diverged`'s message, and the walkthrough's
    (which keeps the parameters from before the step, or from before the whole epoch:
    `kept`)."""
    return (
        f"training diverged in epoch {epoch} at sample {sample}: the loss or a parameter is "
        f"not finite; the parameters from before {kept} are kept (try a smaller η)"
    )


class Diverged(TinyNNError):
    """A step's loss or new parameters were NaN or infinite; `params` are the last finite ones."""

    def __init__(self, epoch: int, sample: int, params: Params, history: list[EpochStats]):
        super().__init__(diverged_text(epoch, sample))
        self.epoch = epoch
        self.sample = sample
        self.params = params
        self.history = history


Callback = Callable[[EpochStats, Params], object]


# (n, seed) -> (shuffles done, generator state, order): where the last run left the shuffle, so a
# run that continues it (`first_epoch` > 1, the walkthrough's `e`) needs no replay.
_resume: dict[tuple[int, int], tuple[int, object, list[int]]] = {}


def _shuffle_at(n: int, seed: int, done: int) -> tuple[random.Random, list[int]]:
    """The seed's generator and order after `done` epochs' shuffles (replayed only if unknown)."""
    import random

    rng, order, at = random.Random(seed), list(range(n)), 0
    known = _resume.get((n, seed))
    if known is not None and known[0] <= done:
        at = known[0]
        rng.setstate(known[1])  # type: ignore[arg-type]
        order = known[2][:]
    for _ in range(done - at):
        rng.shuffle(order)
    return rng, order


def predict(params: Params, x: list[float], task: str = "regression") -> float:
    """The network's output for x: a number (regression) or a probability p (classification)."""
    return forward(params, x, task).y_pred


def class_of(v: float) -> int:
    """The class a number stands for, the one label rule: 1 from ½ up, else 0. A prediction
    p >= ½ is class 1, and so is a label y >= ½ (identical for labels of 0 and 1)."""
    return 1 if v >= 0.5 else 0


def accuracy(params: Params, data: Dataset) -> float:
    """The fraction of samples whose class (p >= ½) equals the label's (y >= ½)."""
    check_data(data)
    validate_params(params, data.n_inputs)
    return accuracy_of(params, data)


def accuracy_of(params: Params, data: Dataset, task: str = "classification") -> float:
    """`accuracy` without its checks (every epoch of a run): the output of `task` (p, or
    z2 for a linear output) thresholded by `class_of`, against the label's class."""
    hits = sum(
        class_of(forward_pass(params, x, task).y_pred) == class_of(y) for x, y in data.samples
    )
    return hits / len(data)


def check_data(data: Dataset) -> None:
    """Raise TinyNNError unless `data` is a Dataset of samples a step can take (a caller may
    build one with any values)."""
    from tinynn.io.data import Dataset  # here: dataclasses would slow down `import tinynn`

    if not isinstance(data, Dataset):
        raise TinyNNError(f"data must be a Dataset, got {type(data).__name__}")
    if isinstance(data.Y, list) and len(data) == 0:
        raise TinyNNError("data has no samples")
    validate_data(data.X, data.Y)


def check_train(
    params: Params, data: Dataset, lr: float, epochs: int, task: str, seed: int, first_epoch: int
) -> None:
    """The checks of `train`'s arguments, made once per run."""
    validate_task(task)
    validate_lr(lr)
    check_data(data)
    validate_params(params, data.n_inputs)
    if task == "classification" and not all(0 <= y <= 1 for y in data.Y):
        raise TinyNNError("classification needs targets from 0 to 1 (labels)")
    validate_whole("epochs", epochs, 0, MAX_EPOCHS)
    validate_whole("seed", seed)
    validate_whole("first_epoch", first_epoch, 1)


def train(
    params: Params,
    data: Dataset,
    lr: float,
    epochs: int,
    task: str = "regression",
    seed: int = 0,
    callback: Callback | None = None,
    first_epoch: int = 1,
    equations: Equations | None = None,
) -> TrainResult:
    """Train with per-sample SGD.

    Args:
        params: the starting parameters (not modified).
        data: the samples.
        lr: the learning rate eta (> 0).
        epochs: how many passes over the data.
        task: "regression" or "classification".
        seed: seeds the shuffling of each epoch.
        callback: called as callback(stats, params) after every epoch.
        first_epoch: the number of the first epoch (its order and its stats), for a run
            that continues an earlier one epoch by epoch.
        equations: the equations of each step (default: the notes'; the bug hunt
            trains with a mistake's).

    Returns:
        A `TrainResult` with the final parameters and one `EpochStats` per epoch.

    Raises:
        Diverged: the loss became NaN or infinite.
    """
    check_train(params, data, lr, epochs, task, seed, first_epoch)
    eq = NOTES if equations is None else equations
    history: list[EpochStats] = []
    X, Y = data.X, data.Y
    rng, order = _shuffle_at(len(data), seed, first_epoch - 1)
    for epoch in range(first_epoch, first_epoch + epochs):
        rng.shuffle(order)
        total = 0.0
        for k in order:
            step = step_pass(params, X[k], Y[k], lr, task, eq)
            if not math.isfinite(step.loss + finite_sum(step.new_params)) and not (
                math.isfinite(step.loss) and all_finite(step.new_params)  # a sum may overflow
            ):
                raise Diverged(epoch, k, params, history)
            params = step.new_params
            total += step.loss
        acc = accuracy_of(params, data) if task == "classification" else None
        stats = EpochStats(epoch, total / len(order), acc)
        history.append(stats)
        if callback is not None:
            callback(stats, params)
    _resume[len(data), seed] = (first_epoch - 1 + epochs, rng.getstate(), order[:])
    return TrainResult(params, history)
