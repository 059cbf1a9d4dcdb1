"""Section 2 of the notes: forward propagation.

z1[j]  = sum_i W1[j][i] * x[i] + b1[j]      hidden pre-activation
a1[j]  = sigma(z1[j])                        hidden activation
1 - a1[j] = sigma(-z1[j])                    the same number, kept for sigma' (see below)
z2     = sum_j W2[j] * a1[j] + b2            output (the notes print "+ b1": erratum E1)
y_pred = z2                                  regression: no output activation
y_pred = sigma(z2)  (= p)                    classification: a probability in (0, 1)

Backpropagation needs sigma'(z1[j]) = a1[j] * (1 - a1[j]). Subtracting a1[j]
from 1 cancels its leading digits when the unit saturates (at z1 = 30 the
third digit is already wrong, at z1 = 40 the result is 0), so the forward
pass keeps 1 - a1[j] as sigma(-z1[j]), from the same e^(...) as a1[j].
"""

from __future__ import annotations

import math
from operator import mul
from typing import NamedTuple

from tinynn.core.params import Params, Vector
from tinynn.core.validate import validate_params, validate_sample, validate_task


def sigmoid(z: float) -> float:
    """sigma(z) = 1 / (1 + e^-z), written so that e^(...) never overflows."""
    if z >= 0.0:
        return 1.0 / (1.0 + math.exp(-z))
    e = math.exp(z)  # z < 0, so e is in (0, 1): no overflow
    return e / (1.0 + e)


def sigmoid_pair(z: float) -> tuple[float, float]:
    """(sigma(z), sigma(-z)) = (sigma(z), 1 - sigma(z)) from one e^(...), neither cancelled.

    Bit for bit, the first is sigmoid(z) and the second sigmoid(-z).
    """
    if z >= 0.0:
        e = math.exp(-z)
        return 1.0 / (1.0 + e), e / (1.0 + e)
    e = math.exp(z)
    return e / (1.0 + e), 1.0 / (1.0 + e)


def dot(u: Vector, v: Vector) -> float:
    """sum_i u[i] * v[i]."""
    total: float = sum(map(mul, u, v))
    return total


class Forward(NamedTuple):
    """Every intermediate value of one forward pass."""

    x: Vector
    z1: Vector
    a1: Vector
    z2: float
    y_pred: float
    one_minus_a1: Vector  # 1 − a1[j], computed as σ(−z1[j]): no cancellation near a1 = 1


def forward(params: Params, x: Vector, task: str = "regression") -> Forward:
    """Run one sample through the network.

    Args:
        params: the network's weights and biases.
        x: one input sample, n numbers.
        task: "regression" (y_pred = z2) or "classification" (y_pred = sigma(z2)).

    Returns:
        A `Forward` holding z1, a1, z2, y_pred and 1 − a1 (as σ(−z1)).
    """
    validate_task(task)
    validate_params(params)
    validate_sample(params, x, 0.0, task)
    return forward_pass(params, x, task)


def forward_pass(params: Params, x: Vector, task: str) -> Forward:
    """`forward` without the checks: the equations themselves."""
    W1, b1, W2, b2 = params
    z1 = [dot(W1_j, x) + b1_j for W1_j, b1_j in zip(W1, b1)]  # z1[j] = W1[j]·x + b1[j]
    pairs = [sigmoid_pair(z1_j) for z1_j in z1]
    a1 = [a for a, _ in pairs]  # a1[j] = σ(z1[j])
    one_minus_a1 = [c for _, c in pairs]  # 1 − a1[j] = σ(−z1[j])
    z2 = dot(W2, a1) + b2  # z2 = W2·a1 + b2
    y_pred = z2 if task == "regression" else sigmoid(z2)
    return Forward(x, z1, a1, z2, y_pred, one_minus_a1)
