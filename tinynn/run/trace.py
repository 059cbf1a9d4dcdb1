"""The trace: every scalar computation of one SGD step, with its numbers.

`trace_step` runs `train_step` (the one place the math lives) and then
describes each scalar it computed as an `Event`: the key it writes and the
keys it reads, the equation in the notes' notation, the same with the numbers
substituted, and the value. The values
are read from the step's results, never recomputed, so they equal
`train_step`'s bit for bit. The trace is data: the CLI and the walkthrough
render it, the engine never prints.

Every backward and update event also carries its chain-rule form (a `Chain`,
tinynn/chain.py): the gradient as a product of derivatives, each with its value.

One precision policy for every printed line: the result is the engine's value
rounded to `digits` significant digits, and the operands are printed with as
many digits (at least `digits`) as it takes for the printed expression,
evaluated, to give that printed result. A saturated unit's
σ'(z1) = (0.999665)(0.000335238) would otherwise read 0.000335238 while its
operands multiply to 0.000334888; printed to enough digits, it adds up.

Order (one equation at a time, every index of it in turn):
    forward   z1[j], a1[j], z2, y_pred
    loss      L
    backward  delta2, dW2[j], db2, sigma_prime[j], delta1[j], dW1[j][i], db1[j]
    update    W2[j], b2, W1[j][i], b1[j]
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator, Sequence
from typing import NamedTuple

from tinynn.core import display
from tinynn.core.errata import errata_for
from tinynn.core.names import GRAD, Key, key_text
from tinynn.core.numbers import fmt, rounded
from tinynn.core.params import Params, Vector
from tinynn.core.step import Step, step_pass
from tinynn.run.chain import Chain, chains

PHASES = ("forward", "loss", "backward", "update")


Evaluate = Callable[..., float]  # the printed expression as a function of its operands


def operand_digits(digits: int, operands: Sequence[float], evaluate: Evaluate, value: float) -> int:
    """The fewest significant digits (>= `digits`) for the operands such that `evaluate` of the
    operands rounded to them gives `value` rounded to `digits`.

    When no number of digits does (a non-finite value, or a step whose equation is not the
    one printed, as in the bug hunt), the operands keep `digits`: more would not help.
    """
    if not math.isfinite(value):
        return digits
    shown = fmt(value, digits)
    for d in range(digits, 18):
        try:
            got = evaluate(*(rounded(a, d) for a in operands))
        except (ArithmeticError, ValueError):  # e^(...) overflowed, ln 0, 1/0
            continue
        if fmt(got, digits) == shown:
            return d
    return digits


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
        chain: for a backward or update event, the gradient it computes or uses as a
            product of chain-rule factors with their values (None before backward).
    """

    __slots__ = ("chain", "equation", "errata", "phase", "reads", "substituted", "value", "writes")

    def __init__(
        self,
        phase: str,
        writes: Key,
        reads: tuple[Key, ...],
        equation: str,
        substituted: str,
        value: float,
        errata: tuple[str, ...] = (),
        chain: Chain | None = None,
    ) -> None:
        self.phase = phase
        self.writes = writes
        self.reads = reads
        self.equation = equation
        self.substituted = substituted
        self.value = value
        self.errata = errata
        self.chain = chain

    def _fields(self) -> tuple[object, ...]:
        return (self.phase, self.writes, self.reads, self.equation, self.substituted)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Event):
            return NotImplemented
        return (self._fields(), self.value, self.errata, self.chain) == (
            other._fields(),
            other.value,
            other.errata,
            other.chain,
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
    """The events of one step, in order, and the step they describe (a read-only sequence);
    `digits`, the significant digits its lines were written to, is what every view of it
    shows (`tinynn.core.numbers.number_text`)."""

    __slots__ = ("digits", "events", "step")

    def __init__(self, step: Step, events: list[Event], digits: int = 6) -> None:
        self.step = step
        self.events = events
        self.digits = digits

    def __iter__(self) -> Iterator[Event]:
        return iter(self.events)

    def __len__(self) -> int:
        return len(self.events)

    def __getitem__(self, k: int) -> Event:
        return self.events[k]

    def phase(self, phase: str) -> list[Event]:
        return [e for e in self.events if e.phase == phase]

    def _repr_markdown_(self) -> str:
        return display.markdown(self)


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
    from tinynn.core.validate import check_digits, check_step

    check_step(params, x, y, lr, task)
    check_digits(digits)
    return describe(step_pass(params, x, y, lr, task), digits)


def describe(step: Step, digits: int = 6) -> Trace:
    """The trace of a step already computed (by `step_pass`, with the notes' or a mistake's
    equations)."""
    return Trace(step, list(_events(step, digits)), digits)


def substitute(
    template: str, operands: Sequence[float], evaluate: Evaluate, value: float, digits: int = 6
) -> str:
    """`template`'s {} filled with the operands, each in parentheses, under the precision
    policy: as many digits as it takes for the filled-in expression to give `value` rounded
    to `digits`. E.g. substitute("{}{}", [a1, one_minus_a1], operator.mul, σ', 6)."""
    d = operand_digits(digits, operands, evaluate, value)
    return template.format(*(f"({fmt(a, d)})" for a in operands))


def chain_text(event: Event, digits: int = 6) -> str | None:
    """The event's chain rule on one line, or None for an event without one.

        ∂L/∂W1[0][0] = ∂L/∂z2 · ∂z2/∂a1[0] · ∂a1[0]/∂z1[0] · ∂z1[0]/∂W1[0][0]
                     = δ2 · W2[0] · σ'(z1[0]) · x[0] = (0.0434)(−0.11)(0.236)(−3) = 0.00338

    (on one line). The factors are printed under the trace's precision policy: their
    product, evaluated, gives the printed result. An update event shows the chain of the
    gradient it subtracts.
    """
    numbers = chain_numbers(event, digits)
    if event.chain is None or numbers is None:
        return None
    return f"{event.chain.text} = {numbers}"


def chain_numbers(event: Event, digits: int = 6) -> str | None:
    """The numeric end of `chain_text`: "(0.0434)(−0.11)(0.236)(−3) = 0.00338"."""
    chain = event.chain
    if chain is None:
        return None
    values = [f.value for f in chain.factors]
    d = operand_digits(digits, values, _product, chain.value)
    nums = "".join(f"({fmt(a, d)})" for a in values)
    return f"{nums} = {fmt(chain.value, digits)}"


def _product(*factors: float) -> float:
    out = factors[0]
    for f in factors[1:]:
        out *= f  # left to right, as δ1 = δ2·W2·σ' and then ∂L/∂W1 = δ1·x are computed
    return out


def _sum_of_products(*ops: float) -> float:
    """(a)(b) + (c)(d) + … + (e), left to right: the z1 and z2 lines."""
    total = 0.0
    for k in range(0, len(ops) - 1, 2):
        total += ops[k] * ops[k + 1]
    return total + ops[-1]


def _sigmoid_line(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-z))


def _squared_error_line(y_pred: float, y: float) -> float:
    return 0.5 * (y_pred - y) ** 2


def _log_loss_line(y: float, p: float) -> float:
    return -(y * math.log(p) + (1.0 - y) * math.log(1.0 - p))


def _events(s: Step, digits: int) -> Iterator[Event]:
    p, f, g, q = s.params, s.forward, s.grads, s.new_params
    x, y, task = s.x, s.y, s.task
    h, n = p.n_hidden, len(x)
    J, I = range(h), range(n)  # noqa: E741 (the notes' indices: j hidden, i input)
    chain_of = chains(s)

    def ev(
        phase: str,
        writes: Key,
        reads: tuple[Key, ...],
        eq: str,
        template: str,
        operands: Sequence[float],
        evaluate: Evaluate,
        val: float,
    ) -> Event:
        """`template`'s {} filled with the operands, each in parentheses, to enough digits."""
        sub = substitute(template, operands, evaluate, val, digits)
        chain = chain_of.get(writes if phase != "update" else (GRAD[writes[0]], writes[1]))
        return Event(phase, writes, reads, eq, sub, val, errata_for(writes[0], phase, task), chain)

    # forward
    for j in J:
        terms = " + ".join(f"W1[{j}][{i}]·x[{i}]" for i in I)
        yield ev(
            "forward",
            ("z1", (j,)),
            (*(k for i in I for k in (("W1", (j, i)), ("x", (i,)))), ("b1", (j,))),
            f"z1[{j}] = {terms} + b1[{j}]",
            " + ".join(["{}{}"] * n) + " + {}",
            [*(a for i in I for a in (p.W1[j][i], x[i])), p.b1[j]],
            _sum_of_products,
            f.z1[j],
        )
    for j in J:
        yield ev(
            "forward",
            ("a1", (j,)),
            (("z1", (j,)),),
            f"a1[{j}] = σ(z1[{j}]) = 1 / (1 + e^(−z1[{j}]))",
            "1 / (1 + e^(−{}))",
            [f.z1[j]],
            _sigmoid_line,
            f.a1[j],
        )
    yield ev(
        "forward",
        ("z2", ()),
        (*(k for j in J for k in (("W2", (j,)), ("a1", (j,)))), ("b2", ())),
        f"z2 = {' + '.join(f'W2[{j}]·a1[{j}]' for j in J)} + b2",
        " + ".join(["{}{}"] * h) + " + {}",
        [*(a for j in J for a in (p.W2[j], f.a1[j])), p.b2],
        _sum_of_products,
        f.z2,
    )
    if task == "regression":
        yield ev(
            "forward", ("y_pred", ()), (("z2", ()),), "y_pred = z2", "{}", [f.z2], float, f.y_pred
        )
    else:
        yield ev(
            "forward",
            ("y_pred", ()),
            (("z2", ()),),
            "y_pred = p = σ(z2) = 1 / (1 + e^(−z2))",
            "1 / (1 + e^(−{}))",
            [f.z2],
            _sigmoid_line,
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
            "½({} − {})²",
            [f.y_pred, y],
            _squared_error_line,
            s.loss,
        )
    else:
        yield ev(
            "loss",
            ("L", ()),
            to_target,
            "L = −[y·ln p + (1 − y)·ln(1 − p)]",
            "−[{}·ln{} + (1 − {})·ln(1 − {})]",
            [y, f.y_pred, y, f.y_pred],
            lambda y_, p_, _y, _p: _log_loss_line(y_, p_),
            s.loss,
        )

    # backward
    d2 = "δ2 = y_pred − y" if task == "regression" else "δ2 = p − y"
    minus = "{} − {}"
    yield ev(
        "backward",
        ("delta2", ()),
        to_target,
        d2,
        minus,
        [f.y_pred, y],
        lambda a, b: a - b,
        g.delta2,
    )
    for j in J:
        yield ev(
            "backward",
            ("dW2", (j,)),
            (("delta2", ()), ("a1", (j,))),
            f"∂L/∂W2[{j}] = δ2·a1[{j}]",
            "{}{}",
            [g.delta2, f.a1[j]],
            _product,
            g.dW2[j],
        )
    yield ev("backward", ("db2", ()), (("delta2", ()),), "∂L/∂b2 = δ2", "{}", [g.delta2],
             float, g.db2)  # fmt: skip
    for j in J:
        # the factor 1 − a1[j] is printed as its own number, the one the engine used
        yield ev(
            "backward",
            ("sigma_prime", (j,)),
            (("a1", (j,)),),
            f"σ'(z1[{j}]) = a1[{j}]·(1 − a1[{j}])",
            "{}{}",
            [f.a1[j], f.one_minus_a1[j]],
            _product,
            g.sigma_prime[j],
        )
    for j in J:
        yield ev(
            "backward",
            ("delta1", (j,)),
            (("delta2", ()), ("W2", (j,)), ("sigma_prime", (j,))),
            f"δ1[{j}] = δ2·W2[{j}]·σ'(z1[{j}])",
            "{}{}{}",
            [g.delta2, p.W2[j], g.sigma_prime[j]],
            _product,
            g.delta1[j],
        )
    for j in J:
        for i in I:
            yield ev(
                "backward",
                ("dW1", (j, i)),
                (("delta1", (j,)), ("x", (i,))),
                f"∂L/∂W1[{j}][{i}] = δ1[{j}]·x[{i}]",
                "{}{}",
                [g.delta1[j], x[i]],
                _product,
                g.dW1[j][i],
            )
    for j in J:
        yield ev(
            "backward",
            ("db1", (j,)),
            (("delta1", (j,)),),
            f"∂L/∂b1[{j}] = δ1[{j}]",
            "{}",
            [g.delta1[j]],
            float,
            g.db1[j],
        )

    # update: θ ← θ − η·∂L/∂θ, in the notes' order W2, b2, W1, b1
    for name in ("W2", "b2", "W1", "b1"):
        for key in (k for k in p.all_keys() if k[0] == name):
            grad_key = (GRAD[name], key[1])
            theta = key_text(key)
            yield ev(
                "update",
                key,
                (key, ("lr", ()), grad_key),
                f"{theta} ← {theta} − η·∂L/∂{theta}",
                "{} − {}{}",
                [p.get(key), s.lr, g.get(grad_key)],
                lambda t, eta, grad: t - eta * grad,
                q.get(key),
            )


def chain_record(event: Event) -> dict[str, object] | None:
    """The event's chain rule as plain data (for a JSON export), or None without one."""
    chain = event.chain
    if chain is None:
        return None
    return {
        "text": chain.text,
        "factors": [
            {"partial": f.partial, "symbol": f.symbol, "value": f.value} for f in chain.factors
        ],
        "value": chain.value,
    }


class Dependency(NamedTuple):
    """One line of a dependency tree: a value, how deep it is, and what it is made of."""

    depth: int
    key: Key
    value: float
    equation: str  # the event's equation, or "" for an input, a target, a parameter or η
    seen: bool  # already shown above (its own dependencies are not repeated)


def dependencies(trace: Trace, k: int) -> list[Dependency]:
    """What event `k`'s value depends on, down to the inputs, parameters, target and η.

    Depth first, in the order of each equation's operands; a value reached a second time is
    listed once more, marked `seen`, without its dependencies. The values are the trace's (and
    the step's, for the leaves): nothing is recomputed.
    """
    s = trace.step
    made = {e.writes: e for e in trace if e.phase != "update"}  # an update's reads are old θ
    leaves: dict[Key, float] = {("y", ()): s.y, ("lr", ()): s.lr}
    leaves |= {("x", (i,)): v for i, v in enumerate(s.x)}
    leaves |= {key: s.params.get(key) for key in s.params.all_keys()}
    out: list[Dependency] = []
    shown: set[Key] = set()

    def walk(e: Event, depth: int) -> None:
        for key in e.reads:
            if key == e.writes and e.phase == "update":  # θ ← θ − η·g reads the old θ
                out.append(Dependency(depth, key, leaves[key], "", False))
            elif key in made:
                seen = key in shown
                shown.add(key)
                out.append(Dependency(depth, key, made[key].value, made[key].equation, seen))
                if not seen:
                    walk(made[key], depth + 1)
            else:
                out.append(Dependency(depth, key, leaves[key], "", False))

    root = trace[k]
    out.append(Dependency(0, root.writes, root.value, root.equation, False))
    walk(root, 1)
    return out
