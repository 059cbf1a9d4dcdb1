"""Keys: how every number of a step is named, written once.

A key is a name from the notes and an index: ("z1", (0,)), ("dW1", (1, 0)),
("b2", ()). Events say which key they write and which keys they read; the
walkthrough highlights by keys and never parses a string.
"""

from __future__ import annotations

Key = tuple[str, tuple[int, ...]]

PARAMS = ("W1", "b1", "W2", "b2")
GRAD = {"W1": "dW1", "b1": "db1", "W2": "dW2", "b2": "db2"}  # a parameter's gradient
PARAM_OF_GRAD = {g: p for p, g in GRAD.items()}

# The notes' symbols for the names that are not already written as in the notes.
SYMBOL = {
    "delta2": "δ2",
    "delta1": "δ1",
    "dW2": "∂L/∂W2",
    "db2": "∂L/∂b2",
    "dW1": "∂L/∂W1",
    "db1": "∂L/∂b1",
    "sigma_prime": "σ'",
    "lr": "η",
}


def index_text(index: tuple[int, ...]) -> str:
    """(1, 0) -> "[1][0]"."""
    return "".join(f"[{k}]" for k in index)


def key_text(key: Key) -> str:
    """The key as the trace's names write it: ("dW1", (1, 0)) -> "dW1[1][0]"."""
    return key[0] + index_text(key[1])


def symbol_text(key: Key) -> str:
    """The key in the notes' symbols: ("dW1", (1, 0)) -> "∂L/∂W1[1][0]", σ' as σ'(z1[j])."""
    name, index = key
    if name == "sigma_prime":
        return f"σ'(z1{index_text(index)})"
    return SYMBOL.get(name, name) + index_text(index)
