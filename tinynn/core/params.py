"""The network's parameters: W1, b1 (hidden layer) and W2, b2 (output).

    W1  h rows x n columns   W1[j][i] connects input i to hidden unit j
    b1  h                    one bias per hidden unit
    W2  h                    one weight per hidden unit into the single output
    b2  scalar               the output bias

`Params` is an immutable record: a gradient-descent step returns a new one,
so a list of past `Params` is a complete history and "step back" is just an
index. Nothing in tinynn changes a `Params`' lists after making them.
"""

from __future__ import annotations

import math
from itertools import chain
from typing import NamedTuple

from tinynn.core import display
from tinynn.core.errors import ConfigError, ParamsError
from tinynn.core.names import PARAMS, Key

MAX_DRAWN = 10**8  # weights init_params draws at most: 3 GB of Python floats already

Matrix = list[list[float]]
Vector = list[float]


class Params(NamedTuple):
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

    def all_keys(self) -> list[Key]:
        """The key of every parameter, in the notes' order W1, b1, W2, b2."""
        h, n = self.n_hidden, self.n_inputs
        return [
            *(("W1", (j, i)) for j in range(h) for i in range(n)),
            *(("b1", (j,)) for j in range(h)),
            *(("W2", (j,)) for j in range(h)),
            ("b2", ()),
        ]

    def get(self, key: Key) -> float:
        """The value of one parameter: params.get(("W1", (1, 0))) is W1[1][0]."""
        value = getattr(self, _param_name(key))
        for k in key[1]:
            value = value[k]
        return value  # type: ignore[no-any-return]

    def with_value(self, key: Key, value: float) -> Params:
        """A new Params with one entry replaced (editing a weight, a finite difference).

        Only the lists on the way to the entry are copied; the rest is shared, which
        is safe because nothing changes a Params' lists.
        """

        def put(old: object, index: tuple[int, ...]) -> object:
            if not index:
                return value
            new = list(old)  # type: ignore[call-overload]
            new[index[0]] = put(new[index[0]], index[1:])
            return new

        name = _param_name(key)
        return self._replace(**{name: put(getattr(self, name), key[1])})  # type: ignore[arg-type]

    def to_dict(self) -> dict[str, object]:
        return {
            "W1": [row[:] for row in self.W1],
            "b1": self.b1[:],
            "W2": self.W2[:],
            "b2": self.b2,
        }

    def _repr_markdown_(self) -> str:
        return display.markdown(self)


def _param_name(key: Key) -> str:
    if key[0] not in PARAMS:
        raise ParamsError(f"unknown parameter {key[0]!r} (expected W1, b1, W2 or b2)")
    return key[0]


def init_params(n_inputs: int, n_hidden: int, seed: int = 0) -> Params:
    """Small random weights, zero biases; the same seed gives the same numbers.

    Weights are uniform in +-1/sqrt(n) (W1) and +-1/sqrt(h) (W2), rounded to two
    decimals so that a student can copy them, so that z1 starts in the sigmoid's
    steep middle, where gradients are large.

    Args:
        n_inputs: n, the width of one input sample (>= 1).
        n_hidden: h, the number of hidden units (>= 1).
        seed: seed of the private random generator.
    """
    import random  # here: only a fresh start needs it, not `import tinynn`

    for what, v in (("number of inputs", n_inputs), ("hidden size", n_hidden)):
        if not isinstance(v, int) or isinstance(v, bool) or v < 1:
            raise ConfigError(f"{what} must be a whole number of at least 1, got {v!r}")
    if n_inputs * n_hidden > MAX_DRAWN:  # memory runs out first (or math.sqrt overflows)
        raise ConfigError(f"inputs × hidden units must be at most {MAX_DRAWN} to draw the weights")
    try:
        rng = random.Random(seed)
    except TypeError:  # a list, a dict...: random names the types it takes
        raise ConfigError(f"seed must be a whole number, got {type(seed).__name__}") from None
    s1 = 1.0 / math.sqrt(n_inputs)
    s2 = 1.0 / math.sqrt(n_hidden)
    W1 = [[round(rng.uniform(-s1, s1), 2) for _ in range(n_inputs)] for _ in range(n_hidden)]
    W2 = [round(rng.uniform(-s2, s2), 2) for _ in range(n_hidden)]
    return Params(W1, [0.0] * n_hidden, W2, 0.0)


def finite_sum(params: Params) -> float:
    """The sum of every parameter: finite if all are finite, unless the sum overflows.

    Training tests it once per step, a single number, and only when it is not
    finite asks `all_finite` whether a parameter really is.
    """
    return sum(chain.from_iterable(params.W1)) + sum(params.b1) + sum(params.W2) + params.b2


def all_finite(params: Params) -> bool:
    """True if every parameter is a finite number."""
    return math.isfinite(finite_sum(params)) or all(
        math.isfinite(params.get(k)) for k in params.all_keys()
    )
