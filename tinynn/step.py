"""One SGD step on one sample: forward, loss, backward, update, in that order."""

from __future__ import annotations

from dataclasses import dataclass

from .backward import Grads, backward
from .forward import Forward, forward
from .loss import loss
from .params import Params
from .update import update


@dataclass(frozen=True)
class Step:
    """Everything one step computed; `params` is from before, `new_params` after."""

    params: Params
    x: list[float]
    y: float
    lr: float
    task: str
    forward: Forward
    loss: float
    grads: Grads
    new_params: Params


def train_step(
    params: Params, x: list[float], y: float, lr: float, task: str = "regression"
) -> Step:
    """Forward, loss, backward and update for one sample.

    Args:
        params: the parameters before the step (not modified).
        x: one input sample.
        y: its target.
        lr: the learning rate eta.
        task: "regression" or "classification".

    Returns:
        A `Step`; `step.new_params` are the updated parameters.
    """
    fwd = forward(params, x, task)
    L = loss(fwd, y, task)
    grads = backward(params, x, y, fwd, task)
    return Step(params, x, y, lr, task, fwd, L, grads, update(params, grads, lr))
