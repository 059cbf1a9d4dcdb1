"""What a hand-worked answer that is not right looks like, told from all of the student's
numbers (tinynn/grading/judge.py walks them and keeps them here).

A known mistake (tinynn/teach/mistakes.py) is named at a wrong answer only when its
equation, worked on the student's own earlier numbers (so also after an earlier slip),
gives that answer and every other answer that the same equation changes: δ1[1] worked
with a1 for σ'(z1[1]) names the mistake unless the student's δ1[0] was worked right.
A mistake that gives this one number only is said as such ("this number is what ...
gives"), since its explanation would contradict their other numbers. A right answer
that their own numbers do not give is a second mistake undoing an earlier one: the
two are said to cancel. Otherwise a wrong number gets what it looks like: too few
digits, a flipped sign, twice the value, the old value, the gradient, θ + η·∂L/∂θ.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable

from tinynn.core.equations import Equations
from tinynn.core.names import Key, gradient_key, key_text
from tinynn.core.numbers import Written, fmt
from tinynn.grading.answer_file import Answer
from tinynn.grading.explain import mistake_lines
from tinynn.run.trace import Trace
from tinynn.teach.marking import Marking
from tinynn.teach.mistake_equations import equation_value
from tinynn.teach.mistakes import Mistake, mistakes_for

WIDTH = 92  # a mistake's explanation is wrapped to this


class Walk:
    """The student's numbers as the judge walked the step: their own value of every
    quantity (given, or implied by their earlier ones), each equation worked on their
    own operands, and the wrong answers each one follows from."""

    def __init__(self, trace: Trace, marking: Marking, answers: dict[Key, Answer]) -> None:
        self.trace = trace
        self.marking = marking
        self.answers = answers
        self.own: dict[Key, float] = {}
        self.implied: dict[Key, float] = {}  # each equation, the notes', on their operands
        self.roots: dict[Key, tuple[str, ...]] = {}  # the wrong answers it follows from
        self.events = {e.writes: e for e in trace}
        self._equations: dict[str, Equations] = {}

    def origin(self, key: Key) -> float:
        """An update's old θ (its answer is judged on Δθ), else 0."""
        e = self.events[key]
        return self.trace.step.params.get(key) if e.phase == "update" else 0.0

    def value(self, m: Mistake, key: Key) -> float | None:
        """The mistake's value of `key` from the student's own earlier numbers (None: the
        mistake does not change how it is computed, or it cannot be computed)."""
        s = self.trace.step
        if m.id not in self._equations:
            self._equations[m.id] = m.equations(s.lr)
        try:
            return equation_value(self._equations[m.id], key, self.own.__getitem__, s.params,
                                  s.x, s.y, s.lr, s.task)  # fmt: skip
        except (ArithmeticError, ValueError):  # e^(...) of a huge answer, ln of one ≤ 0
            return None

    def changes(self, m: Mistake, key: Key) -> float | None:
        """The mistake's value of `key` where it differs from the notes' on the student's
        own numbers, else None."""
        v = self.value(m, key)
        if v is None or self.marking.same(v, self.implied[key], self.origin(key)):
            return None
        return v

    def gives(self, m: Mistake, key: Key) -> bool:
        """Whether the mistake, on their own earlier numbers, gives their answer at `key`
        (their answer is right, by the rule, for the mistake's value)."""
        v = self.changes(m, key)
        return v is not None and self.marking.right(self.answers[key].written, v, self.origin(key))

    def contradicting(self, m: Mistake) -> list[Key]:
        """The answers the mistake changes that are not its value."""
        return [k for k in self.answers if self.changes(m, k) is not None and not self.gives(m, k)]

    def consistent(self, m: Mistake) -> bool:
        """Whether every answer the mistake changes is the mistake's value."""
        return not self.contradicting(m)


def answer_hints(walk: Walk, judged: list[tuple[Key, str]]) -> dict[Key, list[str]]:
    """The lines under each judged answer (key, status): a wrong one's hints; a right one
    that their own numbers do not give, the mistake that undoes an earlier one."""
    candidates = mistakes_for(walk.trace.step.task)
    labels = {e.answer_name: e.writes for e in walk.trace}
    out: dict[Key, list[str]] = {}
    cancelled: dict[Key, list[str]] = {}  # a wrong answer -> lines saying what undoes it
    for key, status in judged:
        answer = walk.answers[key]
        roots = walk.roots.get(key, ())
        o = walk.origin(key)
        if status != "right" or not roots:
            continue
        if walk.marking.right(answer.written, walk.implied[key], o):
            continue  # their own numbers give it too (the earlier ones were only rounded)
        undo = [m for m in candidates if walk.gives(m, key) and walk.consistent(m)]
        said = (f"right, but not what your own numbers give ({fmt(walk.implied[key])}, from "
                f"your {', '.join(roots)})")  # fmt: skip
        if not undo:
            out[key] = [said]
            continue
        m = undo[0]
        out[key] = [f"{said}: it is what {m.wrong} gives ({m.title}), so two mistakes cancel"]
        for root in roots:
            cancelled.setdefault(labels[root], []).append(walk.events[key].answer_name)
    for key, status in judged:
        if status == "wrong":
            out[key] = _wrong_hints(walk, key, candidates, cancelled.get(key, []))
    return out


def _wrong_hints(walk: Walk, key: Key, candidates: list[Mistake], undone: list[str]
                 ) -> list[str]:  # fmt: skip
    """What a wrong answer looks like (see the module's docstring): first what it is by the
    rule (a known mistake's value, the old value... written to enough digits or exactly),
    then too few digits, then what it could be at the digits written."""
    answer, event = walk.answers[key], walk.events[key]
    w, o, marking = answer.written, walk.origin(key), walk.marking
    targets = tuple(dict.fromkeys((event.value, walk.implied[key])))  # correct, from theirs
    gives = [m for m in candidates if walk.gives(m, key)]
    named = [m for m in gives if walk.consistent(m)]
    lines: list[str] = []
    for m in named:
        lines += mistake_lines(m, why=not undone, width=WIDTH)
    if named and undone:
        lines += textwrap.wrap(
            f"Another mistake undoes it later: your {', '.join(undone)} are right, as the two "
            "mistakes cancel there; the numbers in between are not.",
            WIDTH, initial_indent="  ", subsequent_indent="  ",
        )  # fmt: skip
    if named:
        return lines
    for m in gives:
        if m.phase != "update":  # an update mistake's text speaks of other parameters
            others = ", ".join(walk.events[k].answer_name for k in walk.contradicting(m))
            lines.append(f"this number is what {m.wrong} gives ({m.title}), but your {others} "
                         "did not follow that equation")  # fmt: skip
    if lines:
        return lines
    lines = _looks_like(walk, key, targets, marking.right)
    if lines:
        return lines
    if any(marking.too_few_digits(w, t, o) for t in targets):
        return [marking.digits_hint(w)]
    return _looks_like(walk, key, targets, marking.near)


def _looks_like(walk: Walk, key: Key, targets: tuple[float, ...],
                match: Callable[[Written, float, float], bool]) -> list[str]:  # fmt: skip
    """A wrong answer that `match`es another value than the right one: an update's old
    value, θ + η·∂L/∂θ, θ − ∂L/∂θ or the gradient; else a flipped sign or twice the value."""
    w, o, event = walk.answers[key].written, walk.origin(key), walk.events[key]
    if event.phase == "update":
        s = walk.trace.step
        grad_key = gradient_key(key)
        grad = walk.own.get(grad_key, s.grads.get(grad_key))
        if match(w, o, o):
            return ["that is the old value: the update moves it by −η·∂L/∂θ"]
        if match(w, o + s.lr * grad, o):
            return ["that is θ + η·∂L/∂θ: the step goes against the gradient, θ − η·∂L/∂θ"]
        if match(w, o - grad, o):
            return ["that is θ − ∂L/∂θ: η is left out, θ − η·∂L/∂θ"]
        if match(w, grad, 0.0):
            return [f"that is {key_text(grad_key)}, the gradient; the update is θ − η·∂L/∂θ"]
        return []
    zero = Written(0.0, 0, w.place)  # 0 to the digits written: a value that small has no sign
    for v in targets:
        if walk.marking.near(zero, v):
            continue
        if match(w, -v, 0.0):
            return ["the size is right but the sign is not"]
        if match(w, 2 * v, 0.0):
            return ["twice the value: is a factor ½ missing?"]
    return []
