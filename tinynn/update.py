"""Gradient descent: every parameter takes a step of size eta against its gradient.

    W2[j]    <- W2[j]    - eta * dW2[j]
    b2       <- b2       - eta * db2        (the notes print "b1 <- b2 - ...": erratum E3)
    W1[j][i] <- W1[j][i] - eta * dW1[j][i]
    b1[j]    <- b1[j]    - eta * db1[j]     (the notes print "b1 <- b2 - ...": erratum E3)

All gradients were computed from the old parameters; `update` returns new ones
and leaves its input untouched.
"""

from __future__ import annotations

from .backward import Grads
from .params import Params


def update(params: Params, grads: Grads, lr: float) -> Params:
    """One gradient-descent step.

    Args:
        params: the parameters before the step (not modified).
        grads: their gradients for one sample.
        lr: the learning rate eta (> 0).

    Returns:
        A new `Params`.
    """
    W2 = [w - lr * g for w, g in zip(params.W2, grads.dW2)]
    b2 = params.b2 - lr * grads.db2
    W1_columns = [  # one input i at a time: the columns W1[:, i] and dW1[:, i]
        [w - lr * g for w, g in zip(w_column, g_column)]
        for w_column, g_column in zip(zip(*params.W1), zip(*grads.dW1))
    ]
    W1 = list(map(list, zip(*W1_columns)))  # the rows again
    b1 = [b - lr * g for b, g in zip(params.b1, grads.db1)]
    return Params(W1, b1, W2, b2)


def check_lr(lr: float) -> None:
    """Raise ConfigError unless eta is a finite number > 0."""
    import math

    from .errors import ConfigError

    if isinstance(lr, bool) or not isinstance(lr, (int, float)) or not math.isfinite(lr):
        raise ConfigError(f"learning rate must be a finite number, got {lr!r}")
    if lr <= 0:
        raise ConfigError(f"learning rate must be greater than 0, got {lr!r}")
