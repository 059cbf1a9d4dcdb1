"""Section 4 of the notes: backpropagation, the chain rule one layer at a time.

    delta2       = y_pred - y                    the output error (both tasks, see below)
    dW2[j]       = delta2 * a1[j]                dL/dW2[j]
    db2          = delta2                        dL/db2
    sigma_prime  = a1[j] * (1 - a1[j])           sigma'(z1[j]), 1 - a1[j] taken as sigma(-z1[j])
    delta1[j]    = delta2 * W2[j] * sigma'(z1[j])
    dW1[j][i]    = delta1[j] * x[i]              dL/dW1[j][i] (the notes head it "w.r.t w2": E2)
    db1[j]       = delta1[j]                     dL/db1[j]    (the notes head it "w.r.t b2": E2)

For classification, p = sigma(z2) with log loss gives dL/dz2 = p - y: the
sigmoid's derivative p(1 - p) cancels against log loss's 1 / (p(1 - p)), so
delta2 has the same form for both tasks.

Five of these equations are functions of their own (`output_error`,
`output_gradient`, `sigmoid_slope`, `hidden_error`, `weight_gradient`), so that the bug hunt and
the checker of a student's code can swap one of them for a known mistake and
run everything else unchanged (see tinynn/mistakes.py).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

from tinynn.core.forward import Forward
from tinynn.core.names import Key
from tinynn.core.params import Matrix, Params, Vector

if TYPE_CHECKING:
    from tinynn.core.equations import Equations


class Grads(NamedTuple):
    """dL/d(every parameter) for one sample, plus the errors that produced them."""

    delta2: float
    dW2: Vector
    db2: float
    sigma_prime: Vector
    delta1: Vector
    dW1: Matrix
    db1: Vector

    def get(self, key: Key) -> float:
        """One entry by its key: grads.get(("dW1", (1, 0))) is dW1[1][0]."""
        value = getattr(self, key[0])
        for k in key[1]:
            value = value[k]
        return value  # type: ignore[no-any-return]


def output_error(fwd: Forward, y: float) -> float:
    """delta2 = y_pred - y (= p - y for a sigmoid output with log loss)."""
    return fwd.y_pred - y


def output_gradient(delta2: float, fwd: Forward) -> Vector:
    """dL/dW2[j] = delta2 * a1[j]: the error at the output times W2[j]'s input, a1[j]."""
    return [delta2 * a1_j for a1_j in fwd.a1]


def sigmoid_slope(fwd: Forward) -> Vector:
    """sigma'(z1[j]) = a1[j] * (1 - a1[j]), the factor 1 - a1[j] as the forward pass kept it.

    `fwd.one_minus_a1[j]` is sigma(-z1[j]), the same number as 1 - a1[j] but not
    computed by subtracting: 1.0 - a1[j] would cancel the leading digits of a
    saturated unit (a1 near 1) and give sigma' = 0 at z1 = 40, where the true
    slope is 4.2e-18. So sigma' is right to the last bits for every z1.
    """
    return [a1_j * c_j for a1_j, c_j in zip(fwd.a1, fwd.one_minus_a1)]


def hidden_error(delta2: float, W2: Vector, sigma_prime: Vector, fwd: Forward) -> Vector:
    """delta1[j] = delta2 * W2[j] * sigma'(z1[j])."""
    return [delta2 * W2_j * s_j for W2_j, s_j in zip(W2, sigma_prime)]


def weight_gradient(delta1: Vector, x: Vector, fwd: Forward) -> Matrix:
    """dW1[j][i] = delta1[j] * x[i] (the outer product delta1 x^T)."""
    return [[delta1_j * x_i for x_i in x] for delta1_j in delta1]


def backward_pass(params: Params, x: Vector, y: float, fwd: Forward, eq: Equations) -> Grads:
    """`backward` without the checks, with the equations `eq` (the notes', or a mistake)."""
    delta2 = eq.output_error(fwd, y)  # δ2 = y_pred − y
    dW2 = eq.output_gradient(delta2, fwd)  # ∂L/∂W2[j] = δ2·a1[j]
    db2 = delta2  # ∂L/∂b2 = δ2
    sigma_prime = eq.sigmoid_slope(fwd)  # σ'(z1[j]) = a1[j]·(1 − a1[j]), 1 − a1 = σ(−z1)
    delta1 = eq.hidden_error(delta2, params.W2, sigma_prime, fwd)  # δ1[j] = δ2·W2[j]·σ'(z1[j])
    dW1 = eq.weight_gradient(delta1, x, fwd)  # ∂L/∂W1[j][i] = δ1[j]·x[i]
    db1 = delta1  # ∂L/∂b1[j] = δ1[j]
    return Grads(delta2, dW2, db2, sigma_prime, delta1, dW1, db1)
