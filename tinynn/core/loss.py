"""Section 3 of the notes: the loss of one sample.

    regression      L = 1/2 (y_pred - y)^2
    classification  L = -[ y ln p + (1 - y) ln(1 - p) ],  p = sigma(z2)

The step computes log loss from z2, not from p: max(z2, 0) - z2*y + ln(1 + e^-|z2|)
is the same number, but never takes ln 0 when p rounds to exactly 0 or 1. From a p
alone (a student's, or the printed equation's), `log_loss` is the notes' formula.
"""

from __future__ import annotations

import math

from tinynn.core.errors import DataError, TinyNNError
from tinynn.core.forward import Forward
from tinynn.core.validate import got, is_finite, validate_task


def squared_error(y_pred: float, y: float) -> float:
    """1/2 (y_pred - y)^2; d*d instead of d**2 so a huge d gives inf, not OverflowError."""
    d = y_pred - y
    return 0.5 * d * d


def log_loss_from_logit(z2: float, y: float) -> float:
    """-[y ln sigma(z2) + (1 - y) ln(1 - sigma(z2))], evaluated stably."""
    return max(z2, 0.0) - z2 * y + math.log1p(math.exp(-abs(z2)))


def log_loss(p: float, y: float) -> float:
    """-[y ln p + (1 - y) ln(1 - p)] as the notes write it, from a probability p.

    A term whose weight (y or 1 - y) is 0 is left out, so p = 0 or 1 is no error there;
    elsewhere ln 0 is -inf (the loss inf), never an exception.
    """
    total = 0.0
    for weight, q in ((y, p), (1.0 - y, 1.0 - p)):
        if weight != 0.0:
            total -= weight * (math.log(q) if q > 0 else -math.inf)
    return total


def loss(fwd: Forward, y: float, task: str = "regression") -> float:
    """The loss of one forward pass against its target y.

    Args:
        fwd: the result of `forward` for this sample.
        y: the target (a real number; 0 or 1 for classification).
        task: "regression" or "classification".
    """
    if not isinstance(fwd, Forward):
        raise TinyNNError(f"fwd must be a Forward (what forward returns), got {type(fwd).__name__}")
    if not is_finite(y):
        raise DataError(f"y must be a finite number, got {got(y)}")
    validate_task(task)
    if task == "regression":
        return squared_error(fwd.y_pred, y)
    return log_loss_from_logit(fwd.z2, y)
