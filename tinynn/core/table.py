"""The table of the step: every quantity one SGD step computes, and the equation it obeys.

One row per quantity, in the order the step computes them (the trace's order):

    forward   z1[j], a1[j], z2, y_pred
    loss      L
    backward  delta2, dW2[j], db2, sigma_prime[j], delta1[j], dW1[j][i], db1[j]
    update    W2[j], b2, W1[j][i], b1[j]       (each parameter's new value)

Each row gives the quantity's name (its symbol, shape and spellings are in
tinynn/core/names.py), its phase, its operands (the keys it reads) and its `Form`:
the equation written in the notes' Unicode (as the trace prints it) and in LaTeX
(as the handout typesets it), and the function that computes it from its operands.

The engine's step (tinynn/core/step.py) computes the same numbers its own way, a
layer at a time; on the step's operands each function here gives the step's float
bit for bit (tests/core/test_table.py checks every quantity of every lesson). The
trace writes its lines from this table, the answers grader recomputes an equation on
a student's operands through it, and the checker reads its names from it.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable, Iterator, Sequence
from typing import NamedTuple

from tinynn.core.forward import dot, sigmoid
from tinynn.core.loss import log_loss, log_loss_from_logit, squared_error
from tinynn.core.names import NAME, Key, gradient, symbol_text, tex_symbol
from tinynn.core.step import Step
from tinynn.core.validate import TASKS

Index = tuple[int, ...]
Get = Callable[[Key], float]  # a value by its key
Write = Callable[..., str]  # the operands (symbols, or numbers in parentheses) -> text


class Form(NamedTuple):
    """How one kind of equation is written, and what it computes.

    Each writer takes the operands in order, as symbols (`text`, `tex`) or as numbers
    already in parentheses (`numbers`, `tex_numbers`), and gives the right-hand side.

    Attributes:
        text: in the notes' Unicode, "W1[0][0]·x[0] + b1[0]".
        numbers: the same with numbers, "(0.25)(2) + (−0.5)".
        tex: in LaTeX, "W_1[0][0]\\,x[0] + b_1[0]".
        tex_numbers: the numbers in LaTeX.
        value: the float the step computes from the operands.
        written: what the written expression gives on rounded operands, when the step
            computes it otherwise (σ as 1 / (1 + e^(−z)) without the guard against
            overflow; ln of a number ≤ 0 undefined): the trace's precision policy
            evaluates what it prints.
    """

    text: Write
    numbers: Write
    tex: Write
    tex_numbers: Write
    value: Callable[..., float]
    written: Callable[..., float] | None = None


def _pairs(parts: Sequence[str], times: str) -> str:
    """a·b + c·d + … + e: the z1 and z2 equations."""
    products = (f"{a}{times}{b}" for a, b in zip(parts[:-1:2], parts[1:-1:2]))
    return " + ".join(products) + f" + {parts[-1]}"


def product(*factors: float) -> float:
    """The factors multiplied left to right, as the step computes δ1 = δ2·W2·σ'."""
    out = factors[0]
    for f in factors[1:]:
        out *= f
    return out


def _sigmoid_as_written(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-z))  # e^(−z) overflows for z < −709: nothing to print


def _half_square_as_written(a: float, b: float) -> float:
    return 0.5 * (a - b) ** 2


def _log_loss_as_written(p: float, y: float) -> float:
    """Term by term, ln of a p outside (0, 1) has no value, even with a weight of 0."""
    if not 0.0 < p < 1.0:
        raise ValueError("ln of a number that is not above 0")
    return log_loss(p, y)


SUM = Form(
    lambda *s: _pairs(s, "·"),
    lambda *r: _pairs(r, ""),
    lambda *s: _pairs(s, r"\,"),
    lambda *r: _pairs(r, ""),
    lambda *v: dot(list(v[:-1:2]), list(v[1:-1:2])) + v[-1],  # as the step: W1[j]·x + b1[j]
)
SIGMOID = Form(
    "σ({0}) = 1 / (1 + e^(−{0}))".format,
    "1 / (1 + e^(−{0}))".format,
    r"\sigma({0}) = \frac{{1}}{{1 + e^{{-{0}}}}}".format,
    r"\frac{{1}}{{1 + e^{{-{0}}}}}".format,
    sigmoid,
    _sigmoid_as_written,
)
PROBABILITY = SIGMOID._replace(  # y_pred of a classifier, which the notes also call p
    text=lambda z: f"p = {SIGMOID.text(z)}", tex=lambda z: f"p = {SIGMOID.tex(z)}"
)
COPY = Form("{0}".format, "{0}".format, "{0}".format, "{0}".format, float)
PRODUCT = Form(
    lambda *s: "·".join(s),
    lambda *r: "".join(r),
    lambda *s: r"\,".join(s),
    lambda *r: "".join(r),
    product,
)
DIFFERENCE = Form(
    "{0} − {1}".format, "{0} − {1}".format, "{0} - {1}".format, "{0} - {1}".format,
    lambda a, b: a - b,
)  # fmt: skip
HALF_SQUARE = Form(
    "½({0} − {1})²".format,
    "½({0} − {1})²".format,
    r"\tfrac{{1}}{{2}}({0} - {1})^2".format,
    r"\tfrac{{1}}{{2}}\bigl({0} - {1}\bigr)^2".format,
    squared_error,
    _half_square_as_written,
)
LOG_LOSS = Form(  # of (p, y)
    "−[{1}·ln {0} + (1 − {1})·ln(1 − {0})]".format,
    "−[{1}·ln{0} + (1 − {1})·ln(1 − {0})]".format,
    r"-\bigl[{1} \ln {0} + (1 - {1})\ln(1 - {0})\bigr]".format,
    r"-\bigl[{1} \ln{0} + (1 - {1})\ln(1 - {0})\bigr]".format,
    log_loss,
    _log_loss_as_written,
)
SLOPE = Form(  # σ'(z1) = a1·(1 − a1), its numbers a1 and 1 − a1
    "{0}·(1 − {0})".format,
    "{0}{1}".format,
    r"{0}\,(1 - {0})".format,
    r"{0}\,(1 - {0})".format,
    lambda a1, one_minus_a1: a1 * one_minus_a1,
)
DESCENT = Form(  # θ − η·∂L/∂θ
    "{0} − {1}·{2}".format,
    "{0} − {1}{2}".format,
    r"{0} - {1}\,{2}".format,
    r"{0} - {1}\,{2}".format,
    lambda theta, lr, grad: theta - lr * grad,
)


def one_minus(a: float, z: float) -> float:
    """1 − a for a = σ(z), as the step keeps it: σ(−z), without the cancellation of 1 − a
    near a = 1. For an `a` that is not σ(z) (a student's own), 1 − a itself."""
    return sigmoid(-z) if a == sigmoid(z) else 1.0 - a


Operands = Callable[[Index, int, int], tuple[Key, ...]]  # (index, h, n) -> the keys read


class Quantity(NamedTuple):
    """One row of the table: a quantity of the step, or a parameter's update.

    Attributes:
        name: the key's name it writes (an update writes the parameter's).
        phase: "forward", "loss", "backward" or "update".
        form: how its equation is written, and what it computes.
        operands: the keys it reads, at an index, for h hidden units and n inputs.
        task: the one task this row is for (None: both).
        numbers: the numbers its form is applied to, when they are not its operands' values.
        step: how the step computes it, when that is not its equation on those numbers
            (log loss, which the step takes from the logit z2, not from p).
    """

    name: str
    phase: str
    form: Form
    operands: Operands
    task: str | None = None
    numbers: Callable[[Get, Index], list[float]] | None = None
    step: Callable[[Get, Index], float] | None = None

    @property
    def symbol(self) -> str:
        """Its symbol in the notes: "∂L/∂W1", "σ'(z1)" (tinynn/core/names.py)."""
        return NAME[self.name].symbol.format("")

    @property
    def shape(self) -> str:
        """ "scalar", "h" (one per hidden unit) or "h×n" (tinynn/core/names.py)."""
        return NAME[self.name].shape


def _slope_numbers(get: Get, index: Index) -> list[float]:
    a1 = get(("a1", index))
    return [a1, one_minus(a1, get(("z1", index)))]


def _log_loss_of(get: Get, index: Index) -> float:
    """From the logit z2, stably, when p is σ(z2) (the step's p); else from p itself."""
    p, y, z2 = get(("y_pred", ())), get(("y", ())), get(("z2", ()))
    return log_loss_from_logit(z2, y) if p == sigmoid(z2) else log_loss(p, y)


def _hidden(index: Index, h: int, n: int) -> tuple[Key, ...]:
    """W1[j][0], x[0], …, W1[j][n−1], x[n−1], b1[j]: the operands of z1[j]."""
    (j,) = index
    return (*(k for i in range(n) for k in (("W1", (j, i)), ("x", (i,)))), ("b1", (j,)))


def _output(index: Index, h: int, n: int) -> tuple[Key, ...]:
    """W2[0], a1[0], …, W2[h−1], a1[h−1], b2: the operands of z2."""
    return (*(k for j in range(h) for k in (("W2", (j,)), ("a1", (j,)))), ("b2", ()))


def _reads(*names: str) -> Operands:
    """These names as operands of the quantity at [j] or [j][i]: a scalar at no index, x at
    [i], a name of one entry per hidden unit at [j]."""

    def operands(index: Index, h: int, n: int) -> tuple[Key, ...]:
        def at(name: str) -> Index:
            shape = NAME[name].shape
            return () if shape == "scalar" else index[-1:] if shape == "n" else index[:1]

        return tuple((name, at(name)) for name in names)

    return operands


def _descent(param: str) -> Quantity:
    """θ ← θ − η·∂L/∂θ for every entry of one parameter."""

    def operands(index: Index, h: int, n: int) -> tuple[Key, ...]:
        return (param, index), ("lr", ()), (gradient(param), index)

    return Quantity(param, "update", DESCENT, operands)


TABLE = (
    Quantity("z1", "forward", SUM, _hidden),
    Quantity("a1", "forward", SIGMOID, _reads("z1")),
    Quantity("z2", "forward", SUM, _output),
    Quantity("y_pred", "forward", COPY, _reads("z2"), "regression"),
    Quantity("y_pred", "forward", PROBABILITY, _reads("z2"), "classification"),
    Quantity("L", "loss", HALF_SQUARE, _reads("y_pred", "y"), "regression"),
    Quantity("L", "loss", LOG_LOSS, _reads("y_pred", "y"), "classification", step=_log_loss_of),
    Quantity("delta2", "backward", DIFFERENCE, _reads("y_pred", "y")),
    Quantity("dW2", "backward", PRODUCT, _reads("delta2", "a1")),
    Quantity("db2", "backward", COPY, _reads("delta2")),
    Quantity("sigma_prime", "backward", SLOPE, _reads("a1"), numbers=_slope_numbers),
    Quantity("delta1", "backward", PRODUCT, _reads("delta2", "W2", "sigma_prime")),
    Quantity("dW1", "backward", PRODUCT, _reads("delta1", "x")),
    Quantity("db1", "backward", COPY, _reads("delta1")),
    # the update, in the notes' order
    *map(_descent, ("W2", "b2", "W1", "b1")),
)
ORDER = tuple(dict.fromkeys(q.name for q in TABLE))  # the names the step writes, in order
# In the equations of a classifier, y_pred is the probability p (the notes' name).
TASK_SYMBOL = {"classification": {"y_pred": "p"}}


def quantities(task: str) -> list[Quantity]:
    """The rows of `task`, in the step's order."""
    return [q for q in TABLE if q.task in (None, task)]


_ROWS = {task: {q.name: q for q in quantities(task)} for task in TASKS}


def quantity(name: str, task: str) -> Quantity:
    """The row of `name` (a computed name, or a parameter for its update) for `task`."""
    return _ROWS[task][name]


def indices(name: str, h: int, n: int) -> list[Index]:
    """Every index of a name of this shape: [()] for a scalar, [(0,), (1,)] for h = 2, ..."""
    shape = NAME[name].shape
    if shape == "scalar":
        return [()]
    if shape == "h×n":
        return [(j, i) for j in range(h) for i in range(n)]
    return [(k,) for k in range(n if shape == "n" else h)]


class Formula(NamedTuple):
    """One equation of a step: the key it writes, the keys it reads, and the task.

    Its quantity's row (`row`) says how it is written and computed; an Event of the
    trace has the same key and operands, so `Formula(e.writes, e.reads, task)` is the
    equation of the event `e`.
    """

    key: Key
    reads: tuple[Key, ...]
    task: str

    @property
    def row(self) -> Quantity:
        return _ROWS[self.task][self.key[0]]

    @property
    def phase(self) -> str:
        return self.row.phase

    def symbols(self, symbol: Callable[[Key], str]) -> list[str]:
        """The operands' symbols by `symbol` (y_pred is p in a classifier's equations)."""
        renamed = TASK_SYMBOL.get(self.task, {})
        return [renamed.get(k[0]) or symbol(k) for k in self.reads]

    def text(self) -> str:
        """The equation as the trace prints it: "z1[0] = W1[0][0]·x[0] + b1[0]"."""
        return _text(self)

    def tex(self) -> str:
        """Its right-hand side in LaTeX: "W_1[0][0]\\,x[0] + b_1[0]"."""
        return self.row.form.tex(*self.symbols(tex_symbol))

    def numbers(self, get: Get) -> list[float]:
        """The numbers its form is applied to, with the operands' values from `get`."""
        row = self.row
        if row.numbers is not None:
            return row.numbers(get, self.key[1])
        return [get(k) for k in self.reads]

    def evaluate(self, get: Get) -> float:
        """Its equation, as the notes write it, on the operands' values `get` gives."""
        return self.row.form.value(*self.numbers(get))

    def value(self, get: Get) -> float:
        """Its value as the step computes it from the values `get` gives: on the step's own,
        the step's float bit for bit. It is `evaluate`, but for log loss, which the step
        takes from the logit z2 (when p is σ(z2)) to keep it finite when p rounds to 0 or 1.
        """
        row = self.row
        if row.step is not None:
            return row.step(get, self.key[1])
        return self.evaluate(get)

    def written(self, *numbers: float) -> float:
        """What the printed expression gives on these numbers (the precision policy's)."""
        form = self.row.form
        return (form.written or form.value)(*numbers)


@functools.cache  # a network's shape is used for many steps: its texts are written once
def _text(f: Formula) -> str:
    relation = " ← " if f.phase == "update" else " = "
    return symbol_text(f.key) + relation + f.row.form.text(*f.symbols(symbol_text))


@functools.cache  # the same for every step of a network of this shape
def formulas(task: str, h: int, n: int) -> tuple[Formula, ...]:
    """Every equation of a step of h hidden units and n inputs, in the step's order."""
    return tuple(
        Formula((q.name, index), q.operands(index, h, n), task)
        for q in quantities(task)
        for index in indices(q.name, h, n)
    )


def step_values(step: Step) -> dict[Key, float]:
    """Every number of a step an equation may read, by key: its inputs (the parameters
    as they were before the step) and every quantity it computed before the update."""
    f, g = step.forward, step.grads
    out: dict[Key, float] = {("x", (i,)): v for i, v in enumerate(step.x)}
    out[("y", ())], out[("lr", ())] = step.y, step.lr
    out |= {k: step.params.get(k) for k in step.params.all_keys()}
    computed = {"z1": f.z1, "a1": f.a1, "z2": f.z2, "y_pred": f.y_pred, "L": step.loss}
    computed |= g._asdict()
    for name, v in computed.items():
        out |= {(name, index): value for index, value in _entries(v)}
    return out


def _entries(v: object, index: Index = ()) -> Iterator[tuple[Index, float]]:
    if isinstance(v, list):
        for k, e in enumerate(v):
            yield from _entries(e, (*index, k))
    else:
        yield index, float(v)  # type: ignore[arg-type]
