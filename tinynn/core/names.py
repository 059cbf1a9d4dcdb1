"""Names: how every number of a step is called, written once.

A key is a name from the notes and an index: ("z1", (0,)), ("dW1", (1, 0)),
("b2", ()). Events say which key they write and which keys they read; the
walkthrough highlights by keys and never parses a string.

`NAMES` is the one table of names. For each: its ASCII name (as the trace, a
student's returned dict and an answers file write it), its symbol in the notes'
notation and in LaTeX, its shape, its role, and the other spellings a student may
use. Every list of names elsewhere (the parameters, what a step computes, what a
student's step may return) is read off it; the equations that relate the
computed names are tinynn/core/table.py.
"""

from __future__ import annotations

from typing import NamedTuple

Key = tuple[str, tuple[int, ...]]


class Name(NamedTuple):
    """One name of the notes.

    Attributes:
        name: in ASCII, as the trace writes it: "dW1".
        symbol: in the notes' notation, "{}" where the index goes: "∂L/∂W1{}", "σ'(z1{})".
        tex: the same in LaTeX (braces doubled, as in a format string).
        shape: "scalar", "n" (one per input), "h" (one per hidden unit) or "h×n" (h rows of n).
        role: "input" (x, y, η: given), "parameter" (given, and updated by the step) or
            "computed" (by the step, in the order the step computes them).
        written: other spellings an answers file may use.
        returned: other keys a student's step function may return it under.
    """

    name: str
    symbol: str
    tex: str
    shape: str
    role: str
    written: tuple[str, ...] = ()
    returned: tuple[str, ...] = ()


def _gradient(param: str, tex: str, shape: str) -> Name:
    """∂L/∂θ, also written dL/dθ, named dθ."""
    symbol = f"∂L/∂{param}{{}}"
    return Name(f"d{param}", symbol, rf"\frac{{{{\partial L}}}}{{{{\partial {tex}{{}}}}}}",
                shape, "computed", (f"∂L/∂{param}", f"dL/d{param}"))  # fmt: skip


NAMES = (
    Name("x", "x{}", "x{}", "n", "input"),
    Name("y", "y{}", "y{}", "scalar", "input"),
    Name("lr", "η{}", r"\eta{}", "scalar", "input", ("eta", "η")),
    Name("W1", "W1{}", "W_1{}", "h×n", "parameter"),
    Name("b1", "b1{}", "b_1{}", "h", "parameter"),
    Name("W2", "W2{}", "W_2{}", "h", "parameter"),
    Name("b2", "b2{}", "b_2{}", "scalar", "parameter"),
    # computed, in the step's order
    Name("z1", "z1{}", "z_1{}", "h", "computed"),
    Name("a1", "a1{}", "a_1{}", "h", "computed"),
    Name("z2", "z2{}", "z_2{}", "scalar", "computed"),
    Name(
        "y_pred",
        "y_pred{}",
        r"y_{{\mathrm{{pred}}}}{}",
        "scalar",
        "computed",
        ("p", "ŷ", "y_hat"),
        ("p",),
    ),  # fmt: skip
    Name("L", "L{}", "L{}", "scalar", "computed", ("loss",), ("loss",)),
    Name("delta2", "δ2{}", r"\delta_2{}", "scalar", "computed", ("δ2",)),
    _gradient("W2", "W_2", "h"),
    _gradient("b2", "b_2", "scalar"),
    Name("sigma_prime", "σ'(z1{})", r"\sigma'(z_1{})", "h", "computed", ("σ'", "sigma'")),
    Name("delta1", "δ1{}", r"\delta_1{}", "h", "computed", ("δ1",)),
    _gradient("W1", "W_1", "h×n"),
    _gradient("b1", "b_1", "h"),
)
NAME = {n.name: n for n in NAMES}

PARAMS = tuple(n.name for n in NAMES if n.role == "parameter")  # W1, b1, W2, b2
GIVEN = (*PARAMS, *(n.name for n in NAMES if n.role == "input"))  # the step's inputs
COMPUTED = tuple(n.name for n in NAMES if n.role == "computed")  # in the step's order
RETURNED = (*COMPUTED, *PARAMS)  # what a student's step may return (W1... updated)
GRAD = {p: f"d{p}" for p in PARAMS}  # a parameter's gradient
PARAM_OF_GRAD = {g: p for p, g in GRAD.items()}

# Other spellings, each -> its name: of an answers file, and of a returned dict.
ALIASES = {s: n.name for n in NAMES for s in n.written}
RETURNED_ALIASES = {s: n.name for n in NAMES for s in n.returned}


def gradient(param: str) -> str:
    """The name of a parameter's gradient: "W1" -> "dW1"."""
    return GRAD[param]


def parameter(name: str) -> str | None:
    """The parameter a gradient is of: "dW1" -> "W1"; None for a name that is no gradient."""
    return PARAM_OF_GRAD.get(name)


def gradient_key(key: Key) -> Key:
    """("W1", (1, 0)) -> ("dW1", (1, 0))."""
    return GRAD[key[0]], key[1]


def parameter_key(key: Key) -> Key:
    """("dW1", (1, 0)) -> ("W1", (1, 0))."""
    return PARAM_OF_GRAD[key[0]], key[1]


def answer_text(key: Key, updated: bool = False) -> str:
    """A value's name as an answers file writes it: "z1[0]"; an updated parameter's
    "new W1[0][0]"."""
    return f"new {key_text(key)}" if updated else key_text(key)


def index_text(index: tuple[int, ...]) -> str:
    """(1, 0) -> "[1][0]"."""
    return "".join(f"[{k}]" for k in index)


def key_text(key: Key) -> str:
    """The key as the trace's names write it: ("dW1", (1, 0)) -> "dW1[1][0]"."""
    return key[0] + index_text(key[1])


def symbol_text(key: Key) -> str:
    """The key in the notes' symbols: ("dW1", (1, 0)) -> "∂L/∂W1[1][0]", σ' as σ'(z1[j])."""
    name, index = key
    row = NAME.get(name)
    return row.symbol.format(index_text(index)) if row else key_text(key)


def tex_symbol(key: Key) -> str:
    """The key in the notes' symbols as LaTeX maths: ("dW1", (0, 1)) ->
    \\frac{\\partial L}{\\partial W_1[0][1]}, ("sigma_prime", (1,)) -> \\sigma'(z_1[1])."""
    return NAME[key[0]].tex.format(index_text(key[1]))
