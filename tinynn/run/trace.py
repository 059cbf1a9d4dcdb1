"""The trace: every scalar computation of one SGD step, with its numbers.

`trace_step` runs `train_step` (the one place the math lives) and then
describes each scalar it computed as an `Event`, one per equation of the table
of the step (tinynn/core/table.py): the key it writes and the keys it reads, the
equation in the notes' notation, the same with the numbers substituted, and the
value. The values are read from the step's results, never recomputed, so they
equal `train_step`'s bit for bit. The trace is data: the CLI and the walkthrough
render it, the engine never prints.

Every backward and update event also carries its chain-rule form (a `Chain`,
tinynn/run/chain.py): the gradient as a product of derivatives, each with its value.

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
from tinynn.core.names import Key, answer_text, gradient_key, key_text
from tinynn.core.numbers import fmt, rounded
from tinynn.core.params import Params, Vector
from tinynn.core.step import Step, step_pass
from tinynn.core.table import formulas, product, step_values
from tinynn.core.validate import validate_digits, validate_step
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
    def answer_name(self) -> str:
        """Its name in an answers file and on a worksheet: the label, "new W1[1][0]" for an
        update."""
        return answer_text(self.writes, self.phase == "update")

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
    validate_step(params, x, y, lr, task)
    validate_digits(digits)
    return describe(step_pass(params, x, y, lr, task), digits)


def describe(step: Step, digits: int = 6) -> Trace:
    """The trace of a step already computed (by `step_pass`, with the notes' or a mistake's
    equations)."""
    return Trace(step, list(_events(step, digits)), digits)


def substitute(
    write: Callable[..., str],
    operands: Sequence[float],
    evaluate: Evaluate,
    value: float,
    digits: int = 6,
) -> str:
    """The operands written into `write` (a `Form`'s numbers, tinynn/core/table.py), each in
    parentheses, under the precision policy: as many digits as it takes for the written
    expression, `evaluate`d, to give `value` rounded to `digits`. E.g. substitute(SLOPE.numbers,
    [a1, one_minus_a1], SLOPE.value, σ', 6) -> "(0.5)(0.5)"."""
    d = operand_digits(digits, operands, evaluate, value)
    return write(*(f"({fmt(a, d)})" for a in operands))


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
    d = operand_digits(digits, values, product, chain.value)
    nums = "".join(f"({fmt(a, d)})" for a in values)
    return f"{nums} = {fmt(chain.value, digits)}"


def _events(s: Step, digits: int) -> Iterator[Event]:
    """An event per equation of the step's table (tinynn/core/table.py), its numbers the
    step's own."""
    values = step_values(s)
    chain_of = chains(s)
    for formula in formulas(s.task, s.params.n_hidden, len(s.x)):
        key, phase = formula.key, formula.phase
        value = s.new_params.get(key) if phase == "update" else values[key]
        numbers = formula.numbers(values.__getitem__)
        sub = substitute(formula.row.form.numbers, numbers, formula.written, value, digits)
        chain = chain_of.get(gradient_key(key) if phase == "update" else key)
        errata = errata_for(key[0], phase, s.task)
        yield Event(phase, key, formula.reads, formula.text(), sub, value, errata, chain)


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
