"""Gradient descent: every parameter takes a step of size eta against its gradient.

    W2[j]    <- W2[j]    - eta * dW2[j]
    b2       <- b2       - eta * db2        (the notes print "b1 <- b2 - ...": erratum E3)
    W1[j][i] <- W1[j][i] - eta * dW1[j][i]
    b1[j]    <- b1[j]    - eta * db1[j]     (the notes print "b1 <- b2 - ...": erratum E3)

All gradients were computed from the old parameters; `update` returns new ones
and leaves its input untouched.
"""

from __future__ import annotations

from tinynn.core.backward import Grads
from tinynn.core.errors import ParamsError
from tinynn.core.params import Params
from tinynn.core.validate import validate_lr, validate_params


def update(params: Params, grads: Grads, lr: float) -> Params:
    """One gradient-descent step.

    Args:
        params: the parameters before the step (not modified).
        grads: their gradients for one sample.
        lr: the learning rate eta (> 0).

    Returns:
        A new `Params`.
    """
    validate_params(params)
    validate_lr(lr)
    if not isinstance(grads, Grads) or len(grads.dW1) != params.n_hidden:
        raise ParamsError("grads must be the Grads of these params")
    return gradient_step(params, grads, lr)


def gradient_step(params: Params, grads: Grads, lr: float) -> Params:
    """`update` without the checks: the four update equations."""
    W1, b1, W2, b2 = params
    W1 = [[w - lr * g for w, g in zip(W1_j, dW1_j)] for W1_j, dW1_j in zip(W1, grads.dW1)]
    b1 = [b - lr * g for b, g in zip(b1, grads.db1)]
    W2 = [w - lr * g for w, g in zip(W2, grads.dW2)]
    b2 = b2 - lr * grads.db2
    return Params(W1, b1, W2, b2)
