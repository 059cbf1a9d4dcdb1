"""A worksheet's numbers: made to be worked with pencil, paper and a table of σ.

Weights and inputs are short binary fractions (±0.25 ... ±2). Each hidden bias is
chosen so that z1[j] = W1[j]·x + b1[j] is a short number of its own, 0, ±½, ±1 or ±2
(as far as they go round): at least one unit is not at 0, the units' a1 = σ(z1)
differ, and so do their ∂L/∂W2[j] = δ2·a1[j], so that every equation is exercised
and a swapped index gives a wrong number. σ(0) = ½ is a short fraction; the sheet
gives the others in a small table (`SIGMA_TABLE`), so the rest is worked by hand.
For a sigmoid output, b2 (to SHEET_DIGITS digits, so that z2 is its value to 1e-11)
puts z2 at ±½ or ±1, also in the table, so p = σ(z2) is read from it too. Every unit
also has a W1 row, a bias and a W2 entry of its own, and a regression's target is
never its prediction (δ2 ≠ 0).
"""

from __future__ import annotations

import random

from tinynn.core.forward import dot, sigmoid
from tinynn.core.numbers import rounded
from tinynn.core.params import Params

KEY_DIGITS = 10  # the key's values
SHEET_DIGITS = 12  # the starting numbers on a sheet: short fractions, and a classifier's b2
SIGMA_DIGITS = 6  # the table's σ values
WEIGHTS = (-2.0, -1.5, -1.0, -0.75, -0.5, -0.25, 0.25, 0.5, 0.75, 1.0, 1.5, 2.0)
INPUTS = (-2.0, -1.0, -0.5, 0.5, 1.0, 2.0)  # never 0: every weight of W1 gets a gradient
TARGETS = (-1.0, -0.5, 0.0, 0.25, 0.5, 1.0, 1.5, 2.0)  # regression
Z1_SIZES = (0.0, 0.5, 1.0, 2.0)  # |z1[j]|, one of its own per unit as far as they go round
Z2_VALUES = (-1.0, -0.5, 0.5, 1.0)  # a classifier's z2: never 0, in the table
SIGMA_TABLE = (-2.0, -1.0, -0.5, 0.5, 1.0, 2.0)  # every z whose σ a sheet may need


def sigma_table() -> list[tuple[float, float]]:
    """(z, σ(z) to SIGMA_DIGITS digits) for every z of the table."""
    return [(z, rounded(sigmoid(z), SIGMA_DIGITS)) for z in SIGMA_TABLE]


def _hidden_z(h: int, rng: random.Random) -> list[float]:
    """Each unit's z1: sizes of their own (as far as Z1_SIZES go round), random signs, not
    all 0 (a single unit is never at 0)."""
    sizes = list(Z1_SIZES if h > 1 else Z1_SIZES[1:])
    chosen = rng.sample(sizes, min(h, len(sizes)))
    chosen += [rng.choice(sizes[1:]) for _ in range(h - len(chosen))]
    return [z * rng.choice((-1.0, 1.0)) + 0.0 for z in chosen]  # + 0.0: no −0


def draw(n: int, h: int, task: str, rng: random.Random) -> tuple[Params, list[float], float]:
    """Parameters of an n-h-1 network, an input and a target, as the module's docstring says."""
    x = [rng.choice(INPUTS) for _ in range(n)]
    W1: list[list[float]] = []
    b1: list[float] = []
    for z in _hidden_z(h, rng):
        for _attempt in range(100):
            row = [rng.choice(WEIGHTS) for _ in range(n)]
            bias = z - sum(w * xi for w, xi in zip(row, x)) + 0.0  # z1[j] = z
            if row not in W1 and bias not in b1:
                break
        W1.append(row)
        b1.append(bias)
    W2 = rng.sample(WEIGHTS, h) if h <= len(WEIGHTS) else [rng.choice(WEIGHTS) for _ in range(h)]
    a1 = [sigmoid(sum(w * xi for w, xi in zip(row, x)) + b) for row, b in zip(W1, b1)]
    if task == "classification":
        # z2 = W2·a1 + b2 at a value of the table, b2 written to SHEET_DIGITS digits
        b2 = rounded(rng.choice(Z2_VALUES) - dot(W2, a1), SHEET_DIGITS) + 0.0
        y = float(rng.randint(0, 1))
    else:
        b2 = rng.choice(WEIGHTS)
        prediction = dot(W2, a1) + b2  # never a target: δ2 ≠ 0
        y = rng.choice([t for t in TARGETS if t != prediction])
    return Params(W1, b1, W2, b2), x, y
