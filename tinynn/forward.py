"""Section 2 of the notes: forward propagation.

z1[j]  = sum_i W1[j][i] * x[i] + b1[j]      hidden pre-activation
a1[j]  = sigma(z1[j])                        hidden activation
z2     = sum_j W2[j] * a1[j] + b2            output (the notes print "+ b1": erratum E1)
y_pred = z2                                  regression: no output activation
y_pred = sigma(z2)  (= p)                    classification: a probability in (0, 1)

W1 is stored by rows (W1[j], hidden unit j) but walked by columns (input i):
one list comprehension per input costs far less in pure Python than one per
hidden unit when inputs are few (n = 1 for the sine data). Backward and update
do the same for dW1 and W1.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from operator import mul

from .params import Params

TASKS = ("regression", "classification")


def sigmoid(z: float) -> float:
    """sigma(z) = 1 / (1 + e^-z), written so that e^(...) never overflows."""
    if z >= 0.0:
        return 1.0 / (1.0 + math.exp(-z))
    e = math.exp(z)  # z < 0, so e is in (0, 1): no overflow
    return e / (1.0 + e)


@dataclass(frozen=True)
class Forward:
    """Every intermediate value of one forward pass."""

    x: list[float]
    z1: list[float]
    a1: list[float]
    z2: float
    y_pred: float


def forward(params: Params, x: list[float], task: str = "regression") -> Forward:
    """Run one sample through the network.

    Args:
        params: the network's weights and biases.
        x: one input sample, n numbers.
        task: "regression" (y_pred = z2) or "classification" (y_pred = sigma(z2)).

    Returns:
        A `Forward` holding z1, a1, z2 and y_pred.
    """
    W1 = params.W1
    z1 = [0.0] * len(W1)
    for i, xi in enumerate(x):  # add W1[:, i] x[i], one input (column of W1) at a time
        z1 = [z + row[i] * xi for z, row in zip(z1, W1)]
    z1 = [z + b for z, b in zip(z1, params.b1)]  # the bias last, in the notes' order
    a1 = list(map(sigmoid, z1))
    z2 = sum(map(mul, params.W2, a1)) + params.b2  # W2 · a1 + b2
    y_pred = z2 if task == "regression" else sigmoid(z2)
    return Forward(x, z1, a1, z2, y_pred)


def check_task(task: str) -> None:
    from .errors import ConfigError

    if task not in TASKS:
        raise ConfigError(f"unknown task {task!r} (expected 'regression' or 'classification')")
