"""Section 4 of the notes: backpropagation, the chain rule one layer at a time.

    delta2       = y_pred - y                    the output error (both tasks, see below)
    dW2[j]       = delta2 * a1[j]                dL/dW2[j]
    db2          = delta2                        dL/db2
    sigma_prime  = a1[j] * (1 - a1[j])           sigma'(z1[j])
    delta1[j]    = delta2 * W2[j] * sigma'(z1[j])
    dW1[j][i]    = delta1[j] * x[i]              dL/dW1[j][i] (the notes head it "w.r.t w2": E2)
    db1[j]       = delta1[j]                     dL/db1[j]    (the notes head it "w.r.t b2": E2)

For classification, p = sigma(z2) with log loss gives dL/dz2 = p - y: the
sigmoid's derivative p(1 - p) cancels against log loss's 1 / (p(1 - p)), so
delta2 has the same form for both tasks.
"""

from __future__ import annotations

from dataclasses import dataclass

from .forward import Forward
from .params import Params


@dataclass(frozen=True)
class Grads:
    """dL/d(every parameter) for one sample, plus the errors that produced them."""

    delta2: float
    dW2: list[float]
    db2: float
    sigma_prime: list[float]
    delta1: list[float]
    dW1: list[list[float]]
    db1: list[float]


def backward(
    params: Params, x: list[float], y: float, fwd: Forward, task: str = "regression"
) -> Grads:
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
    a1 = fwd.a1
    delta2 = fwd.y_pred - y
    dW2 = [delta2 * a for a in a1]
    db2 = delta2
    sigma_prime = [a * (1.0 - a) for a in a1]
    delta1 = [delta2 * w * s for w, s in zip(params.W2, sigma_prime)]
    dW1_columns = [[d * xi for d in delta1] for xi in x]  # dW1 = delta1 x^T, by columns
    dW1 = list(map(list, zip(*dW1_columns)))  # the rows again
    db1 = delta1[:]
    return Grads(delta2, dW2, db2, sigma_prime, delta1, dW1, db1)
