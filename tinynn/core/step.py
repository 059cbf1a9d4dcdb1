"""One SGD step on one sample: forward, loss, backward, update, in that order.

This is the only place where the equations are put together. Training, the
trace, the gradient check, the bug hunt and the walkthrough all run
`step_pass`; `train_step` is the same with its arguments checked first, and
`backward` the notes' backward pass alone, checked (it lives here, beside the
notes' equations it runs, because tinynn/core/equations.py is built from
tinynn/core/backward.py).
"""

from __future__ import annotations

from typing import NamedTuple

from tinynn.core import display
from tinynn.core.backward import Grads, backward_pass
from tinynn.core.equations import NOTES, Equations
from tinynn.core.errors import DataError
from tinynn.core.forward import Forward, forward_pass
from tinynn.core.params import Params, Vector
from tinynn.core.validate import validate_params, validate_sample, validate_step, validate_task


class Step(NamedTuple):
    """Everything one step computed; `params` is from before, `new_params` after."""

    params: Params
    x: Vector
    y: float
    lr: float
    task: str
    forward: Forward
    loss: float
    grads: Grads
    new_params: Params

    def _repr_markdown_(self) -> str:
        return display.markdown(self)


def train_step(params: Params, x: Vector, y: float, lr: float, task: str = "regression") -> Step:
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
    validate_step(params, x, y, lr, task)
    return step_pass(params, x, y, lr, task)


def step_pass(
    params: Params, x: Vector, y: float, lr: float, task: str, eq: Equations = NOTES
) -> Step:
    """`train_step` without the checks, with the equations `eq` (the notes', or a mistake)."""
    fwd = forward_pass(params, x, task)
    L = eq.loss(fwd, y, task)
    grads = backward_pass(params, x, y, fwd, eq)
    return Step(params, x, y, lr, task, fwd, L, grads, eq.update(params, grads, lr))


def backward(params: Params, x: Vector, y: float, fwd: Forward, task: str = "regression") -> Grads:
    """Gradients of the loss of one sample with respect to every parameter.

    Args:
        params: the parameters used for `fwd` (from before any update).
        x: the input sample.
        y: its target.
        fwd: the forward pass of `x` through `params`.
        task: "regression" or "classification"; delta2 = y_pred - y for both.

    Returns:
        A `Grads` with delta2, dW2, db2, sigma_prime, delta1, dW1, db1.
    """
    validate_task(task)
    validate_params(params)
    validate_sample(params, x, y, task)
    if not isinstance(fwd, Forward) or len(fwd.a1) != params.n_hidden or fwd.x != x:
        raise DataError("fwd must be the Forward of this x through these params")
    return backward_pass(params, x, y, fwd, NOTES)
