"""The network's parameters: W1, b1 (hidden layer) and W2, b2 (output).

    W1  h rows x n columns   W1[j][i] connects input i to hidden unit j
    b1  h                    one bias per hidden unit
    W2  h                    one weight per hidden unit into the single output
    b2  scalar               the output bias

`Params` is frozen: a gradient-descent step returns a new object, so a list of
past `Params` is a complete history and "step back" is just an index.
"""

from __future__ import annotations

import math
import random
import sys
from dataclasses import dataclass

from .errors import ConfigError, ParamsError

Matrix = list[list[float]]
Vector = list[float]


@dataclass(frozen=True)
class Params:
    """Weights and biases of the n -> h -> 1 network (plain lists and floats)."""

    W1: Matrix
    b1: Vector
    W2: Vector
    b2: float

    @property
    def n_inputs(self) -> int:
        return len(self.W1[0])

    @property
    def n_hidden(self) -> int:
        return len(self.W1)

    def copy(self) -> Params:
        """A deep copy (the lists are not shared)."""
        return Params([row[:] for row in self.W1], self.b1[:], self.W2[:], self.b2)

    def to_dict(self) -> dict[str, object]:
        return {
            "W1": [row[:] for row in self.W1],
            "b1": self.b1[:],
            "W2": self.W2[:],
            "b2": self.b2,
        }

    def flat(self) -> list[tuple[str, tuple[int, ...], float]]:
        """Every parameter as (name, index, value), in the notes' order W1, b1, W2, b2."""
        out: list[tuple[str, tuple[int, ...], float]] = []
        for j, row in enumerate(self.W1):
            for i, w in enumerate(row):
                out.append(("W1", (j, i), w))
        out += [("b1", (j,), b) for j, b in enumerate(self.b1)]
        out += [("W2", (j,), w) for j, w in enumerate(self.W2)]
        out.append(("b2", (), self.b2))
        return out

    def with_value(self, name: str, index: tuple[int, ...], value: float) -> Params:
        """A new Params with one entry replaced (for editing a weight by hand)."""
        p = self.copy()
        if name == "W1":
            p.W1[index[0]][index[1]] = value
        elif name == "b1":
            p.b1[index[0]] = value
        elif name == "W2":
            p.W2[index[0]] = value
        elif name == "b2":
            return Params(p.W1, p.b1, p.W2, value)
        else:
            raise ParamsError(f"unknown parameter {name!r} (expected W1, b1, W2 or b2)")
        return p


def init_params(n_inputs: int, n_hidden: int, seed: int = 0) -> Params:
    """Small random weights, zero biases; the same seed gives the same numbers.

    Weights are uniform in +-1/sqrt(n) so that z1 starts in the sigmoid's
    steep middle, where gradients are large.

    Args:
        n_inputs: n, the width of one input sample (>= 1).
        n_hidden: h, the number of hidden units (>= 1).
        seed: seed of the private random generator.
    """
    if n_inputs < 1:
        raise ConfigError(f"number of inputs must be at least 1, got {n_inputs}")
    if n_hidden < 1:
        raise ConfigError(f"hidden size must be at least 1, got {n_hidden}")
    rng = random.Random(seed)
    s1 = 1.0 / math.sqrt(n_inputs)
    s2 = 1.0 / math.sqrt(n_hidden)
    W1 = [[round(rng.uniform(-s1, s1), 2) for _ in range(n_inputs)] for _ in range(n_hidden)]
    W2 = [round(rng.uniform(-s2, s2), 2) for _ in range(n_hidden)]
    return Params(W1, [0.0] * n_hidden, W2, 0.0)


def check_params(params: Params, n_inputs: int | None = None) -> None:
    """Raise ParamsError unless the shapes agree and every number is finite."""
    W1, b1, W2 = params.W1, params.b1, params.W2
    if not isinstance(W1, list) or not W1 or not all(isinstance(r, list) and r for r in W1):
        raise ParamsError("W1 must be a non-empty list of non-empty rows")
    h, n = len(W1), len(W1[0])
    if any(len(r) != n for r in W1):
        raise ParamsError(f"W1 rows have different lengths: {[len(r) for r in W1]}")
    if not isinstance(b1, list) or len(b1) != h:
        raise ParamsError(f"b1 must have {h} entries (one per row of W1), got {_len(b1)}")
    if not isinstance(W2, list) or len(W2) != h:
        raise ParamsError(f"W2 must have {h} entries (one per row of W1), got {_len(W2)}")
    for name, index, v in params.flat():
        if isinstance(v, bool) or not isinstance(v, (int, float)):
            raise ParamsError(f"{name}{_idx(index)} is not a number: {v!r}")
        if isinstance(v, int) and abs(v) > sys.float_info.max:  # JSON allows 1 and 400 zeros
            raise ParamsError(f"{name}{_idx(index)} is too large to be a float")
        if not math.isfinite(v):
            raise ParamsError(f"{name}{_idx(index)} is not finite: {v}")
    if n_inputs is not None and n != n_inputs:
        raise ParamsError(f"parameters expect {n} input(s) per sample but the data has {n_inputs}")


def all_finite(params: Params) -> bool:
    return all(math.isfinite(v) for _, _, v in params.flat())


def _len(v: object) -> str:
    return str(len(v)) if isinstance(v, list) else type(v).__name__


def _idx(index: tuple[int, ...]) -> str:
    return "".join(f"[{k}]" for k in index)
