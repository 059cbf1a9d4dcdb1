"""Judging hand-worked answers: each by the one rule (tinynn/teach/marking.py) against the
engine's value, and against what the student's own earlier answers give.

An error is reported once, where it starts: each equation of the step is evaluated
again through the table of the step (tinynn/core/table.py) with the operands the
student gave (or, for those not given, the values their answers imply), and a value
that is wrong but follows from a wrong earlier one is "carried" from it, not a new
error. What a wrong value looks like is told from all of the student's numbers
(tinynn/grading/hints.py): a known mistake only when it gives every one of them.
"""

from __future__ import annotations

from typing import NamedTuple

from tinynn.core.names import GIVEN, Key
from tinynn.core.numbers import fmt
from tinynn.core.table import Formula, Get, step_values
from tinynn.grading.answer_file import Answer
from tinynn.grading.hints import Walk, answer_hints
from tinynn.run.trace import Event, Trace, substitute
from tinynn.teach.marking import Marking


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
        hints: what a wrong value looks like (a known mistake, a flipped sign, too few
            digits...); for a right one that their own numbers do not give, the
            mistake that cancels an earlier one.
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


def origin_of(event: Event, trace: Trace) -> float:
    """What an answer for `event` is measured from: an update's old θ (judged on Δθ), else 0."""
    return trace.step.params.get(event.writes) if event.phase == "update" else 0.0


def recompute(event: Event, get: Get, task: str) -> tuple[float, str]:
    """The event's equation, from the table of the step, on the operands `get` gives: its
    value, and its numbers written as the trace writes them (its precision policy).

    The equation as the notes write it: log loss from p (the step takes it from z2)."""
    formula = Formula(event.writes, event.reads, task)
    value = formula.evaluate(get)
    numbers = formula.numbers(get)
    return value, substitute(formula.row.form.numbers, numbers, formula.written, value)


def judge(trace: Trace, answers: list[Answer], marking: Marking | None = None) -> list[Judged]:
    """Judge each answer (in the trace's order) against the correct value and against the
    value the student's own earlier answers give, by `marking` (default: the one rule)."""
    marking = marking or Marking()
    step = trace.step
    inputs = step_values(step)
    correct: dict[Key, float] = {e.writes: e.value for e in trace if e.phase != "update"}
    by_key = {a.key: a for a in answers}
    walk = Walk(trace, marking, by_key)
    origin: dict[Key, tuple[str, ...]] = {}
    out: list[tuple[Answer, Event, str, float, tuple[str, ...], str | None]] = []

    def operand(key: Key) -> float:
        return inputs[key] if key[0] in GIVEN else walk.own[key]

    for event in trace:
        changed = [k for k in event.reads if k[0] not in GIVEN and walk.own[k] != correct[k]]
        if changed:
            recomputed, sub = recompute(event, operand, step.task)
        else:
            recomputed, sub = event.value, event.substituted
        walk.implied[event.writes] = recomputed
        roots = tuple(dict.fromkeys(r for k in changed for r in origin[k]))
        walk.roots[event.writes] = roots
        answer = by_key.get(event.writes)
        if answer is None:  # not given: what their answers imply carries on
            walk.own[event.writes], origin[event.writes] = recomputed, roots
            continue
        yours = f"{event.equation} = {sub} = {fmt(recomputed)}" if changed else None
        o = origin_of(event, trace)
        if marking.right(answer.written, event.value, o):
            status, origin[event.writes] = "right", ()
        elif changed and marking.right(answer.written, recomputed, o):
            # right from their earlier values: carried from the wrong ones, or right if
            # those were only rounded (right to their digits)
            status = "carried" if roots else "right"
            origin[event.writes] = roots
        else:
            status, origin[event.writes] = "wrong", (event.answer_name,)
        walk.own[event.writes] = answer.value
        out.append((answer, event, status, recomputed, roots, yours))
    hints = answer_hints(walk, [(a.key, status) for a, _, status, *_ in out])
    return [
        Judged(answer, event, status, own, roots, yours, hints.get(answer.key, []))
        for answer, event, status, own, roots, yours in out
    ]
