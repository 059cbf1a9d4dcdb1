"""Judging hand-worked answers: each against the engine's value, to the digits written, and
against what the student's own earlier answers give.

An error is reported once, where it starts: each equation of the step is evaluated
again through the table of the step (tinynn/core/table.py) with the operands the
student gave (or, for those not given, the values their answers imply), and a value
that is wrong but follows from a wrong earlier one is "carried" from it, not a new
error. A wrong value gets the known mistake (tinynn/teach/mistakes.py) whose value
it equals, or what else it looks like (a flipped sign, a factor 2, the old value).
"""

from __future__ import annotations

import math
import textwrap
from typing import NamedTuple

from tinynn.core.names import GIVEN, Key, gradient_key, key_text
from tinynn.core.numbers import fmt
from tinynn.core.step import step_pass
from tinynn.core.table import Formula, Get, step_values
from tinynn.grading.answer_file import Answer
from tinynn.run.trace import Event, Trace, describe, substitute
from tinynn.teach.mistakes import ALL_MISTAKES, mistakes_for

REL = 1e-9  # the judging of a value given to more digits than this (or exactly)
ABS = 1e-12  # a true value this close to 0 is 0


class Judged(NamedTuple):
    """One answer, judged.

    Attributes:
        answer: what the student wrote.
        event: the trace's event for it (its value is the correct one).
        status: "right", "wrong" or "carried" (follows from a wrong earlier answer).
        own: the value the student's earlier answers give for it (the equation evaluated
            on them); the correct value if they gave none that differ.
        origin: for "carried", the wrong answers it follows from (their labels, in trace order).
        yours: the equation's substituted formula with the student's operands, when some
            of them differ from the correct ones (else None).
        hints: what a wrong value looks like (a known mistake, a flipped sign...).
    """

    answer: Answer
    event: Event
    status: str
    own: float
    origin: tuple[str, ...]
    yours: str | None
    hints: list[str]

    @property
    def label(self) -> str:
        return self.event.answer_name

    @property
    def expected(self) -> float:
        return self.event.value


def close(value: float, target: float, tolerance: float | None) -> bool:
    """`value`, written to `tolerance` (None: exactly), is `target` rounded (or equal)."""
    if not math.isfinite(target):  # a value recomputed from huge answers: never "close"
        return value == target
    limit = max(tolerance or 0.0, REL * abs(target), ABS)
    return abs(value - target) <= limit * (1 + 1e-9)  # 0.125 rounds to 0.12 as to 0.13


def recompute(event: Event, get: Get, task: str) -> tuple[float, str]:
    """The event's equation, from the table of the step, on the operands `get` gives: its
    value, and its numbers written as the trace writes them (its precision policy).

    The equation as the notes write it: log loss from p (the step takes it from z2)."""
    formula = Formula(event.writes, event.reads, task)
    value = formula.evaluate(get)
    numbers = formula.numbers(get)
    return value, substitute(formula.row.form.numbers, numbers, formula.written, value)


def judge(trace: Trace, answers: list[Answer]) -> list[Judged]:
    """Judge each answer (in the trace's order) against the correct value and against the
    value the student's own earlier answers give."""
    step = trace.step
    inputs = step_values(step)
    correct: dict[Key, float] = {e.writes: e.value for e in trace if e.phase != "update"}
    by_key = {a.key: a for a in answers}
    own: dict[Key, float] = {}
    origin: dict[Key, tuple[str, ...]] = {}
    mistakes = MistakeValues(trace)
    out: list[Judged] = []

    def operand(key: Key) -> float:
        return inputs[key] if key[0] in GIVEN else own[key]

    for event in trace:
        changed = [k for k in event.reads if k[0] not in GIVEN and own[k] != correct[k]]
        if changed:
            recomputed, sub = recompute(event, operand, step.task)
        else:
            recomputed, sub = event.value, event.substituted
        roots = tuple(dict.fromkeys(r for k in changed for r in origin[k]))
        answer = by_key.get(event.writes)
        if answer is None:  # not given: what their answers imply carries on
            own[event.writes], origin[event.writes] = recomputed, roots
            continue
        yours = f"{event.equation} = {sub} = {fmt(recomputed)}" if changed else None
        if close(answer.value, event.value, answer.tolerance):
            status, origin[event.writes] = "right", ()
        elif changed and close(answer.value, recomputed, answer.tolerance):
            # right from their earlier values: carried from the wrong ones, or right if
            # those were only rounded (right to their digits)
            status = "carried" if roots else "right"
            origin[event.writes] = roots
        else:
            status, origin[event.writes] = "wrong", (event.answer_name,)
        own[event.writes] = answer.value
        hints = (
            _hints(event, answer, mistakes, (event.value, recomputed)) if status == "wrong" else []
        )
        out.append(Judged(answer, event, status, recomputed, roots, yours, hints))
    return out


class MistakeValues:
    """Each known mistake's value of every event of the step (computed when first asked)."""

    def __init__(self, trace: Trace) -> None:
        self.trace = trace
        self.values: dict[str, dict[Key, float]] | None = None

    def of(self, key: Key) -> list[tuple[str, float]]:
        if self.values is None:
            s = self.trace.step
            self.values = {}
            for m in mistakes_for(s.task):
                buggy = describe(step_pass(s.params, s.x, s.y, s.lr, s.task, m.equations(s.lr)))
                self.values[m.id] = {e.writes: e.value for e in buggy}
        return [(mid, values[key]) for mid, values in self.values.items()]


def _hints(event: Event, answer: Answer, mistakes: MistakeValues, targets: tuple[float, ...]
           ) -> list[str]:  # fmt: skip
    """What a wrong value looks like: the known mistakes whose value it is, else (of one of
    `targets`) a flipped sign or a factor 2, or for an update the old value or the gradient."""
    by_id = {m.id: m for m in ALL_MISTAKES}
    tol = answer.tolerance
    lines: list[str] = []
    for mid, value in mistakes.of(event.writes):
        if close(answer.value, value, tol) and not close(value, event.value, tol):
            m = by_id[mid]
            lines.append(f"known mistake: {m.title}: {m.wrong}   (correct: {m.correct})")
            lines += textwrap.wrap(m.why, 92, initial_indent="  ", subsequent_indent="  ")
    if lines:
        return lines
    step = mistakes.trace.step
    if event.phase == "update":
        old = step.params.get(event.writes)
        grad_key = gradient_key(event.writes)
        grad = step.grads.get(grad_key)
        if close(answer.value, old, tol):
            return ["that is the old value: the update moves it by −η·∂L/∂θ"]
        if close(answer.value, grad, tol):
            return [f"that is {key_text(grad_key)}, the gradient; the update is θ − η·∂L/∂θ"]
        return []
    for v in dict.fromkeys(targets):  # the correct value, and the one from their values
        if not close(0.0, v, tol) and close(answer.value, -v, tol):
            return ["the size is right but the sign is not"]
        if not close(0.0, v, tol) and close(answer.value, 2 * v, tol):
            return ["twice the value: is a factor ½ missing?"]
    return []
