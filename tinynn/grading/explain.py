"""What the numbers of a student's step say about it: the explanation under the first
difference of `tinynn check` (tinynn/grading/report.py prints it).

Every explanation must agree with every number the student's step returned, in every
case, not only with the first that differs:

  - precision only: every difference is within float32's rounding (a NumPy step in
    float32?): no mistake is named;
  - a known mistake (tinynn/teach/mistakes.py) is named when the step with that one
    equation swapped reproduces all of the student's numbers; else two mistakes whose
    step together does, and where their effects cancel (δ2 = y − y_pred with an update
    that adds the gradient: the new parameters are right) that is said instead of
    either one's explanation, which would contradict the right numbers;
  - after an earlier slip that no mistake explains, each equation is worked again on
    the student's own numbers (`equation_value`), and a known mistake that gives every
    later number it changes is named for those;
  - otherwise what the first number looks like: an update's old value (not updated),
    θ + η·∂L/∂θ, or θ − ∂L/∂θ.
"""

from __future__ import annotations

import textwrap
from typing import NamedTuple

from tinynn.core.equations import NOTES, Equations
from tinynn.core.names import GIVEN, Key, gradient_key, key_text
from tinynn.core.step import Step, step_pass
from tinynn.core.table import Formula, step_values
from tinynn.grading.case_check import Difference
from tinynn.grading.cases import CheckCase
from tinynn.grading.tolerance import ROUNDING, Reference
from tinynn.teach.mistake_equations import equation_value
from tinynn.teach.mistakes import Mistake, mistakes_for

FLOAT32 = 64 * 2.0**-23  # what float32 arithmetic may cost, relative to a value's scale
WIDTH = 96  # an explanation is wrapped to this


class Explanation(NamedTuple):
    """The known mistakes named (best first) and the lines that explain the difference."""

    mistakes: list[Mistake]
    lines: list[str]


def mistake_lines(m: Mistake, why: bool = True, width: int = WIDTH) -> list[str]:
    """A named mistake: its title, its wrong and right equations, and (if `why`) why, wrapped
    to `width` (a check's report and an answers report name mistakes alike)."""
    lines = [f"known mistake: {m.title}: {m.wrong}   (correct: {m.correct})"]
    if why:
        lines += textwrap.wrap(m.why, width, initial_indent="  ", subsequent_indent="  ")
    return lines


def _wrap(text: str) -> list[str]:
    return textwrap.wrap(text, WIDTH, initial_indent="  ", subsequent_indent="  ")


class Evidence:
    """Every number the student's step returned, case by case, and the steps to test
    against them (computed once each)."""

    def __init__(self, observed: dict[int, list[Difference]], refs: dict[int, Reference],
                 cases: list[CheckCase], rtol: float) -> None:  # fmt: skip
        self.observed, self.refs, self.cases, self.rtol = observed, refs, cases, rtol
        self._steps: dict[tuple[str, int], Step] = {}

    def step(self, name: str, eq: Equations, k: int) -> Step:
        """The step of case k with equations `eq` (named `name`, for the cache)."""
        if (name, k) not in self._steps:
            c = self.cases[k]
            self._steps[name, k] = step_pass(c.params, c.x, c.y, c.lr, c.task, eq)
        return self._steps[name, k]

    def agrees(self, d: Difference, step: Step) -> bool:
        """The student's number is the one `step` computed."""
        return self.refs[d.case].close(d.key, d.got, self.rtol, d.recovered, (step,))

    def reproduces(self, name: str, equations: dict[str, Equations], tasks: tuple[str, ...]
                   ) -> bool:  # fmt: skip
        """Whether the step with `equations` (by each case's learning rate) gives every
        number the student's step returned, in every case of `tasks`; a case of another
        task must have no difference at all."""
        for k, seen in self.observed.items():
            c = self.cases[k]
            if c.task not in tasks:
                if any(not self.refs[k].close(d.key, d.got, self.rtol, d.recovered) for d in seen):
                    return False
                continue
            step = self.step(name, equations[repr(c.lr)], k)
            if not all(self.agrees(d, step) for d in seen):
                return False
        return True


def _equations(ms: tuple[Mistake, ...], cases: list[CheckCase]) -> dict[str, Equations]:
    """The notes' equations with each of `ms` swapped in, for every learning rate of the cases."""
    out = {}
    for lr in {c.lr for c in cases}:
        swaps: dict[str, object] = {}
        for m in ms:
            swaps |= m.swap(lr)
        out[repr(lr)] = NOTES._replace(**swaps)  # type: ignore[arg-type]
    return out


def precision_only(differences: list[Difference], refs: dict[int, Reference]) -> bool:
    """Every difference within what float32 arithmetic may cost (scaled as the checker's
    own rounding allowance is, tinynn/grading/tolerance.py)."""
    if not differences:
        return False
    for d in differences:
        scale = refs[d.case].tolerance(d.key, d.expected, d.got, 0.0, d.recovered) / ROUNDING
        if not abs(d.got - d.expected) <= FLOAT32 * scale:
            return False
    return True


def explain(
    first: Difference,
    differences: list[Difference],
    observed: dict[int, list[Difference]],
    refs: dict[int, Reference],
    cases: list[CheckCase],
    rtol: float,
) -> Explanation:
    """The explanation of the first difference (see the module's docstring)."""
    if precision_only(differences, refs):
        return Explanation([], _wrap(
            "precision only (float32?): every difference is within float32's rounding, about "
            "1e-7 of the values it is computed from, and no mistake is needed to explain it; "
            "compute in float64 (Python's floats, NumPy's default)."
        ))  # fmt: skip
    evidence = Evidence(observed, refs, cases, rtol)
    task = cases[first.case].task
    candidates = mistakes_for(task)
    at_first = [m for m in candidates if _gives(evidence, (m,), first)]
    single = [m for m in at_first if evidence.reproduces(m.id, _equations((m,), cases), m.tasks)]
    if single:
        return Explanation(single, [line for m in single for line in mistake_lines(m)])
    for m1 in at_first:
        for m2 in candidates:
            if m2 is m1 or set(m1.swap(1.0)) & set(m2.swap(1.0)):
                continue
            pair = (m1, m2)
            tasks = tuple(t for t in m1.tasks if t in m2.tasks)
            if _gives(evidence, pair, first) and evidence.reproduces(
                f"{m1.id}+{m2.id}", _equations(pair, cases), tasks
            ):
                return Explanation([m1, m2], _pair_lines(evidence, m1, m2, first.case))
    later = _after_a_slip(evidence, first, candidates)
    if later:
        return later
    return Explanation([], _looks_like(first, refs[first.case], rtol))


def _gives(evidence: Evidence, ms: tuple[Mistake, ...], d: Difference) -> bool:
    """Whether the step with these mistakes gives the student's number `d`."""
    if any(evidence.cases[d.case].task not in m.tasks for m in ms):
        return False
    name = "+".join(m.id for m in ms)
    lr = evidence.cases[d.case].lr
    step = evidence.step(name, _equations(ms, [evidence.cases[d.case]])[repr(lr)], d.case)
    return evidence.agrees(d, step)


def _pair_lines(evidence: Evidence, m1: Mistake, m2: Mistake, k: int) -> list[str]:
    """Two mistakes: each named; where they cancel (numbers right together, wrong with
    either alone), that is said instead of their explanations."""
    ref, c = evidence.refs[k], evidence.cases[k]
    right = [d for d in evidence.observed[k] if ref.close(d.key, d.got, evidence.rtol, d.recovered)]
    alone = evidence.step(m1.id, _equations((m1,), [c])[repr(c.lr)], k)
    cancelled = [d for d in right if not evidence.agrees(d, alone)]
    if not cancelled:
        return [*mistake_lines(m1), *mistake_lines(m2)]
    names = list(dict.fromkeys(d.key[0] for d in cancelled))
    curve = (" so neither shows in a training curve, only in these numbers."
             if {"W1", "b1", "W2", "b2"} <= set(names) else "")  # fmt: skip
    return [
        *mistake_lines(m1, why=False),
        *mistake_lines(m2, why=False),
        *_wrap(
            f"Together they cancel: your {', '.join(names)} are right, as the second mistake "
            f"undoes the first there; the numbers in between are not{',' if curve else '.'}" + curve
        ),
    ]


def _after_a_slip(evidence: Evidence, first: Difference, candidates: list[Mistake]
                  ) -> Explanation | None:  # fmt: skip
    """After a first slip no mistake explains: a known mistake that, worked on the student's
    own numbers, gives every later number it changes (in every case), if one does."""
    own_of: dict[int, tuple[dict[Key, float], dict[Key, float], dict[Key, float]]] = {}
    for k, seen in evidence.observed.items():
        given = {d.key: d.got for d in seen if not d.recovered}
        own_of[k] = (given, *_own(evidence.refs[k], given))
    for m in candidates:
        matched: list[Key] = []
        consistent = True
        for k, (given, own, implied) in own_of.items():
            c = evidence.cases[k]
            if c.task not in m.tasks:
                continue
            eq = m.equations(c.lr)
            for key, got in given.items():
                try:
                    v = equation_value(eq, key, own.__getitem__, c.params, c.x, c.y, c.lr, c.task)
                except (ArithmeticError, ValueError):
                    v = None
                if v is None or _close(evidence, k, key, v, implied[key]):
                    continue  # the mistake does not change this number
                if not _close(evidence, k, key, got, v):
                    consistent = False
                    break
                matched.append(key)
            if not consistent:
                break
        if consistent and matched:
            where = ", ".join(dict.fromkeys(key_text(key) for key in matched[:3]))
            return Explanation([m], [
                *_looks_like(first, evidence.refs[first.case], evidence.rtol),
                *_wrap(f"Worked on from your own numbers after this one, your {where} "
                       f"{'is' if len(set(matched)) == 1 else 'are'} what this gives:"),
                *mistake_lines(m),
            ])  # fmt: skip
    return None


def _own(ref: Reference, given: dict[Key, float]) -> tuple[dict[Key, float], dict[Key, float]]:
    """The student's own value of every quantity of the case (theirs, else what the notes'
    equation gives on their operands), and each equation worked on their operands."""
    inputs = step_values(ref.step)
    own: dict[Key, float] = {}
    implied: dict[Key, float] = {}

    def get(key: Key) -> float:
        return inputs[key] if key[0] in GIVEN else own[key]

    for e in ref.trace:
        try:
            implied[e.writes] = Formula(e.writes, e.reads, ref.case.task).value(get)
        except (ArithmeticError, ValueError):
            implied[e.writes] = float("nan")
        own[e.writes] = given.get(e.writes, implied[e.writes])
    return own, implied


def _close(evidence: Evidence, k: int, key: Key, got: float, want: float) -> bool:
    tol = evidence.refs[k].tolerance(key, want, got, evidence.rtol, False)
    return got == want or abs(got - want) <= tol


def _looks_like(d: Difference, ref: Reference, rtol: float) -> list[str]:
    """What a first difference at an update looks like: the old value, θ + η·∂L/∂θ, θ − ∂L/∂θ."""
    name = d.key[0]
    if d.recovered or name not in ("W1", "b1", "W2", "b2"):
        return []
    s = ref.step
    old, lr, grad = s.params.get(d.key), s.lr, s.grads.get(gradient_key(d.key))
    label = key_text(d.key)
    for value, text in (
        (old, f"your {label} is its value before the step: {name} was not updated"),
        (old + lr * grad, f"your {label} is θ + η·∂L/∂θ: the step goes uphill, not θ − η·∂L/∂θ"),
        (old - grad, f"your {label} is θ − ∂L/∂θ: η is left out"),
    ):
        if d.got == value or abs(d.got - value) <= ref.tolerance(d.key, value, d.got, rtol, False):
            return [text]
    return []
