"""The trace: every scalar computation of one SGD step, with its numbers.

`trace_step` runs `train_step` (the one place the math lives) and then
describes each scalar it computed as an `Event`: the key it writes and the
keys it reads, the equation in the notes' notation, the same with the numbers
substituted, and the value. The values
are read from the step's results, never recomputed, so they equal
`train_step`'s bit for bit. The trace is data: the CLI and the walkthrough
render it, the engine never prints.

Order (one equation at a time, every index of it in turn):
    forward   z1[j], a1[j], z2, y_pred
    loss      L
    backward  delta2, dW2[j], db2, sigma_prime[j], delta1[j], dW1[j][i], db1[j]
    update    W2[j], b2, W1[j][i], b1[j]
"""

from __future__ import annotations

from collections.abc import Iterator

from .errata import errata_for
from .keys import GRAD, Key, key_text
from .params import Params, Vector
from .step import Step, step_pass

PHASES = ("forward", "loss", "backward", "update")


def fmt(v: float, digits: int = 6) -> str:
    """A number as the trace prints it: `digits` significant digits, a real minus sign."""
    if v == 0.0:
        v = 0.0  # -0.0 (say, a negative delta1 times x = 0) reads as plain 0
    return f"{v:.{digits}g}".replace("-", "\u2212")


class Event:
    """One scalar computation.

    Attributes:
        phase: "forward", "loss", "backward" or "update".
        writes: the key it computes: ("z1", (0,)), ("dW1", (1, 0)), ("L", ()); an
            update writes the parameter's key, ("W1", (1, 0)).
        reads: the keys of its operands, e.g. ("W1", (1, 0)), ("x", (0,)), ("lr", ()).
        equation: the left side and the formula, e.g. "z1[0] = W1[0][0]·x[0] + b1[0]".
        substituted: the formula with numbers, e.g. "(0.25)(−1.5) + (0)".
        value: the result, exactly as `train_step` computed it.
        errata: the ids of the notes' errata that concern this equation (often none).
    """

    __slots__ = ("equation", "errata", "phase", "reads", "substituted", "value", "writes")

    def __init__(
        self,
        phase: str,
        writes: Key,
        reads: tuple[Key, ...],
        equation: str,
        substituted: str,
        value: float,
        errata: tuple[str, ...] = (),
    ) -> None:
        self.phase = phase
        self.writes = writes
        self.reads = reads
        self.equation = equation
        self.substituted = substituted
        self.value = value
        self.errata = errata

    def _fields(self) -> tuple[object, ...]:
        return (self.phase, self.writes, self.reads, self.equation, self.substituted)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Event):
            return NotImplemented
        return (self._fields(), self.value, self.errata) == (
            other._fields(),
            other.value,
            other.errata,
        )

    def __hash__(self) -> int:
        return hash(self._fields())

    def __repr__(self) -> str:
        return f"Event({self.phase!r}, {self.label!r}, {self.value!r})"

    @property
    def erratum(self) -> str | None:
        """The first of `errata`, or None."""
        return self.errata[0] if self.errata else None

    @property
    def name(self) -> str:
        """The name it writes: z1, a1, z2, y_pred, L, delta2, dW2, ..., or W2, b2, W1, b1."""
        return self.writes[0]

    @property
    def index(self) -> tuple[int, ...]:
        return self.writes[1]

    @property
    def label(self) -> str:
        """The key it writes as text, e.g. "dW1[1][0]"."""
        return key_text(self.writes)

    @property
    def lhs(self) -> str:
        """The left-hand side in the notes' notation, e.g. "∂L/∂W1[1][0]"."""
        return self.equation.split(" = ")[0].split(" ← ")[0]

    def text(self, digits: int = 6) -> str:
        """One line: equation = substituted = value."""
        return f"{self.equation} = {self.substituted} = {fmt(self.value, digits)}"


class Trace:
    """The events of one step, in order, and the step they describe (a read-only sequence)."""

    __slots__ = ("events", "step")

    def __init__(self, step: Step, events: list[Event]) -> None:
        self.step = step
        self.events = events

    def __iter__(self) -> Iterator[Event]:
        return iter(self.events)

    def __len__(self) -> int:
        return len(self.events)

    def __getitem__(self, k: int) -> Event:
        return self.events[k]

    def phase(self, phase: str) -> list[Event]:
        return [e for e in self.events if e.phase == phase]

    def _repr_markdown_(self) -> str:
        from .notebook import markdown

        return markdown(self)


def trace_step(
    params: Params,
    x: Vector,
    y: float,
    lr: float,
    task: str = "regression",
    digits: int = 6,
) -> Trace:
    """Run one SGD step and describe every scalar it computed.

    Args:
        params: the parameters before the step.
        x: one input sample.
        y: its target.
        lr: the learning rate eta.
        task: "regression" or "classification".
        digits: significant digits of the substituted numbers (1 to 17).

    Returns:
        A `Trace`: `trace.events` in computation order, `trace.step` the `Step`.
    """
    from .checks import check_digits, check_step

    check_step(params, x, y, lr, task)
    check_digits(digits)
    return describe(step_pass(params, x, y, lr, task), digits)


def describe(step: Step, digits: int = 6) -> Trace:
    """The trace of a step already computed (by `step_pass`, with the notes' or a mistake's
    equations)."""
    return Trace(step, list(_events(step, digits)))


def _events(s: Step, digits: int) -> Iterator[Event]:
    p, f, g, q = s.params, s.forward, s.grads, s.new_params
    x, y, task = s.x, s.y, s.task
    h, n = p.n_hidden, len(x)
    J, I = range(h), range(n)  # noqa: E741 (the notes' indices: j hidden, i input)

    def v(a: float) -> str:
        return f"({fmt(a, digits)})"

    def ev(phase: str, writes: Key, reads: tuple[Key, ...], eq: str, sub: str, val: float) -> Event:
        return Event(phase, writes, reads, eq, sub, val, errata_for(writes[0], phase, task))

    # forward
    for j in J:
        terms = " + ".join(f"W1[{j}][{i}]·x[{i}]" for i in I)
        nums = " + ".join(f"{v(p.W1[j][i])}{v(x[i])}" for i in I)
        yield ev(
            "forward",
            ("z1", (j,)),
            (*(k for i in I for k in (("W1", (j, i)), ("x", (i,)))), ("b1", (j,))),
            f"z1[{j}] = {terms} + b1[{j}]",
            f"{nums} + {v(p.b1[j])}",
            f.z1[j],
        )
    for j in J:
        yield ev(
            "forward",
            ("a1", (j,)),
            (("z1", (j,)),),
            f"a1[{j}] = σ(z1[{j}]) = 1 / (1 + e^(−z1[{j}]))",
            f"1 / (1 + e^(−{v(f.z1[j])}))",
            f.a1[j],
        )
    yield ev(
        "forward",
        ("z2", ()),
        (*(k for j in J for k in (("W2", (j,)), ("a1", (j,)))), ("b2", ())),
        f"z2 = {' + '.join(f'W2[{j}]·a1[{j}]' for j in J)} + b2",
        f"{' + '.join(f'{v(p.W2[j])}{v(f.a1[j])}' for j in J)} + {v(p.b2)}",
        f.z2,
    )
    if task == "regression":
        yield ev("forward", ("y_pred", ()), (("z2", ()),), "y_pred = z2", v(f.z2), f.y_pred)
    else:
        yield ev(
            "forward",
            ("y_pred", ()),
            (("z2", ()),),
            "y_pred = p = σ(z2) = 1 / (1 + e^(−z2))",
            f"1 / (1 + e^(−{v(f.z2)}))",
            f.y_pred,
        )

    # loss
    to_target = (("y_pred", ()), ("y", ()))
    if task == "regression":
        yield ev(
            "loss",
            ("L", ()),
            to_target,
            "L = ½(y_pred − y)²",
            f"½({v(f.y_pred)} − {v(y)})²",
            s.loss,
        )
    else:
        yield ev(
            "loss",
            ("L", ()),
            to_target,
            "L = −[y·ln p + (1 − y)·ln(1 − p)]",
            f"−[{v(y)}·ln{v(f.y_pred)} + (1 − {v(y)})·ln(1 − {v(f.y_pred)})]",
            s.loss,
        )

    # backward
    d2 = "δ2 = y_pred − y" if task == "regression" else "δ2 = p − y"
    yield ev("backward", ("delta2", ()), to_target, d2, f"{v(f.y_pred)} − {v(y)}", g.delta2)
    for j in J:
        yield ev(
            "backward",
            ("dW2", (j,)),
            (("delta2", ()), ("a1", (j,))),
            f"∂L/∂W2[{j}] = δ2·a1[{j}]",
            f"{v(g.delta2)}{v(f.a1[j])}",
            g.dW2[j],
        )
    yield ev("backward", ("db2", ()), (("delta2", ()),), "∂L/∂b2 = δ2", v(g.delta2), g.db2)
    for j in J:
        yield ev(
            "backward",
            ("sigma_prime", (j,)),
            (("a1", (j,)),),
            f"σ'(z1[{j}]) = a1[{j}]·(1 − a1[{j}])",
            f"{v(f.a1[j])}(1 − {v(f.a1[j])})",
            g.sigma_prime[j],
        )
    for j in J:
        yield ev(
            "backward",
            ("delta1", (j,)),
            (("delta2", ()), ("W2", (j,)), ("sigma_prime", (j,))),
            f"δ1[{j}] = δ2·W2[{j}]·σ'(z1[{j}])",
            f"{v(g.delta2)}{v(p.W2[j])}{v(g.sigma_prime[j])}",
            g.delta1[j],
        )
    for j in J:
        for i in I:
            yield ev(
                "backward",
                ("dW1", (j, i)),
                (("delta1", (j,)), ("x", (i,))),
                f"∂L/∂W1[{j}][{i}] = δ1[{j}]·x[{i}]",
                f"{v(g.delta1[j])}{v(x[i])}",
                g.dW1[j][i],
            )
    for j in J:
        yield ev(
            "backward",
            ("db1", (j,)),
            (("delta1", (j,)),),
            f"∂L/∂b1[{j}] = δ1[{j}]",
            v(g.delta1[j]),
            g.db1[j],
        )

    # update: θ ← θ − η·∂L/∂θ, in the notes' order W2, b2, W1, b1
    eta = v(s.lr)
    for name in ("W2", "b2", "W1", "b1"):
        for key in (k for k in p.all_keys() if k[0] == name):
            grad_key = (GRAD[name], key[1])
            theta = key_text(key)
            yield ev(
                "update",
                key,
                (key, ("lr", ()), grad_key),
                f"{theta} ← {theta} − η·∂L/∂{theta}",
                f"{v(p.get(key))} − {eta}{v(g.get(grad_key))}",
                q.get(key),
            )
