"""Points for graded work: what each part of the step is worth, and what a student earned.

The parts are the phases of the step: forward, loss, backward, update. Each has a weight
(default 2, 1, 4, 3: the backward pass is what is taught), and a submission's points
(default 100) are shared out in proportion.

Hand-worked answers: a phase's points are shared equally among its values; a value
earns its share when it is right or carried (it follows from a wrong earlier answer: the
error costs its points once, where it starts); a wrong or blank value earns nothing.

Code: each task (regression, classification: weights 1 and 1) is scored on every
phase whose numbers the step returns; the updated parameters always (all four of
them, in every case), the forward values, loss and gradients where the step returns
them. A phase earns its share of a task's points in proportion to the task's cases in
which every number of the phase agrees with the engine's (a case the code did not get
through agrees in nothing).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import NamedTuple

from tinynn.core.errors import ConfigError
from tinynn.core.names import PARAMS, key_text
from tinynn.core.numbers import typed_text
from tinynn.core.table import TABLE
from tinynn.core.validate import TASKS
from tinynn.grading.answers import AnswersResult
from tinynn.grading.case_check import CaseCheck
from tinynn.grading.report import CheckResult, Failure
from tinynn.run.trace import Trace
from tinynn.teach.mistakes import ALL_MISTAKES

PHASES = ("forward", "loss", "backward", "update")
PHASE = {q.name: q.phase for q in TABLE}  # z1 -> forward, ..., W1 (its update) -> update


class Weights(NamedTuple):
    """How the points are shared: by phase, and for code by task."""

    phases: tuple[float, ...] = (2.0, 1.0, 4.0, 3.0)  # forward, loss, backward, update
    tasks: tuple[float, ...] = (1.0, 1.0)  # regression, classification

    def phase(self, name: str) -> float:
        return self.phases[PHASES.index(name)]

    def task(self, name: str) -> float:
        return self.tasks[TASKS.index(name)]

    def option(self) -> str:
        """As `--weights` takes them: "forward=2,loss=1,...,classification=1"."""
        pairs = [*zip(PHASES, self.phases), *zip(TASKS, self.tasks)]
        return ",".join(f"{k}={typed_text(v)}" for k, v in pairs)


def parse_weights(text: str) -> Weights:
    """`--weights forward=2,backward=5` -> Weights (the others keep their defaults).

    Raises:
        ConfigError: an unknown part, a weight that is not a number of at least 0, or
            weights that leave nothing to score (the update's must be above 0: it is
            the one phase every step is scored on).
    """
    values = dict(zip((*PHASES, *TASKS), (*Weights().phases, *Weights().tasks)))
    for item in text.split(","):
        if not item.strip():
            continue
        name, sep, number = item.partition("=")
        name = name.strip().lower()
        if not sep or name not in values:
            raise ConfigError(
                f"--weights takes name=number pairs of {', '.join((*PHASES, *TASKS))}; "
                f"got {item.strip()[:40]!r}"
            )
        try:
            value = float(number)
        except ValueError:
            value = math.nan
        if not (math.isfinite(value) and value >= 0):
            raise ConfigError(f"--weights: {name} must be a number of at least 0, got "
                              f"{number.strip()[:40]!r}")  # fmt: skip
        values[name] = value
    weights = Weights(tuple(values[p] for p in PHASES), tuple(values[t] for t in TASKS))
    if weights.phase("update") <= 0 or sum(weights.tasks) <= 0:
        raise ConfigError("--weights: update and at least one task must weigh more than 0")
    return weights


class Part(NamedTuple):
    """One scored part of a submission (a test of Gradescope's results.json).

    `output` says how it went with names only, never a correct value, so that it may be
    shown to a student whatever the hints."""

    name: str
    score: float
    max_score: float
    output: str


class Scored(NamedTuple):
    """A submission's points and counts.

    Attributes:
        parts: the scored parts, in order.
        right, wrong: the numbers (code: compared) that agree and that do not.
        carried, blank: answers carried from a wrong earlier one, and not given (None
            for code).
        first: the first difference ("" when none), as the report names it.
        mistakes: the known mistakes it matches (their titles).
        wrong_names: the quantities (z1, delta1...) wrong at least once.
    """

    parts: tuple[Part, ...]
    right: int
    wrong: int
    carried: int | None
    blank: int | None
    first: str
    mistakes: tuple[str, ...]
    wrong_names: tuple[str, ...]

    @property
    def score(self) -> float:
        return round(sum(p.score for p in self.parts), 2)

    @property
    def max_score(self) -> float:
        return round(sum(p.max_score for p in self.parts), 2)


def of_text(score: float, max_score: float) -> str:
    """ "74.29 of 100": a score as every output says it."""
    return f"{typed_text(score)} of {typed_text(max_score)}"


def weights_text(weights: Weights, points: float, kind: str) -> str:
    """The weights as an output states them."""
    shares = _shares([(p, weights.phase(p)) for p in PHASES], points)
    phases = ", ".join(f"{p} {typed_text(s)}" for p, s in shares)
    if kind == "answers":
        return (f"points: {phases} (of {typed_text(points)}), shared equally among each "
                "phase's values; a carried value costs nothing, a blank its share")  # fmt: skip
    tasks = ", ".join(f"{t} {typed_text(s)}" for t, s in
                      _shares([(t, weights.task(t)) for t in TASKS], points))  # fmt: skip
    weights_said = ", ".join(f"{p} {typed_text(weights.phase(p))}" for p in PHASES)
    return (f"points: {tasks} (of {typed_text(points)}); within a task, by phase (weights "
            f"{weights_said}): the updated parameters always, the forward values, loss and "
            "gradients where the step returns them")  # fmt: skip


def _shares(weighted: list[tuple[str, float]], points: float) -> list[tuple[str, float]]:
    total = sum(w for _, w in weighted)
    return [(name, round(points * w / total, 2) if total else 0.0) for name, w in weighted]


# --- hand-worked answers


def answers_points(result: AnswersResult, trace: Trace, weights: Weights, points: float) -> Scored:
    """The points of hand-worked answers (see the module's docstring)."""
    judged = {j.event.writes: j for j in result.judged}
    shares = dict(_shares([(p, weights.phase(p)) for p in PHASES], points))
    parts: list[Part] = []
    counts = {"right": 0, "carried": 0, "wrong": 0, "blank": 0}
    wrong_names: list[str] = []
    first = ""
    for phase in PHASES:
        events = [e for e in trace if e.phase == phase]
        if not events or shares[phase] == 0:
            continue
        said: dict[str, list[str]] = {"right": [], "carried": [], "wrong": [], "blank": []}
        for e in events:
            j = judged.get(e.writes)
            status = j.status if j is not None and j.status in said else "blank"
            said[status].append(e.answer_name)
            if status == "wrong":
                wrong_names.append(e.name)
                first = first or e.answer_name
        earned = len(said["right"]) + len(said["carried"])
        score = round(shares[phase] * earned / len(events), 2)
        names = ", ".join(sorted({e.name for e in events}, key=list(PHASE).index))
        parts.append(Part(f"{phase} ({names})", score, shares[phase], _phase_output(said)))
        for status, labels in said.items():
            counts[status] += len(labels)
    mistakes = _titles(line for j in result.judged for line in j.hints)
    return Scored(tuple(parts), counts["right"], counts["wrong"], counts["carried"],
                  counts["blank"], first, mistakes,
                  tuple(dict.fromkeys(wrong_names)))  # fmt: skip


def _phase_output(said: dict[str, list[str]]) -> str:
    words = {"right": "right", "carried": "carried from an earlier error (no cost)",
             "wrong": "wrong", "blank": "blank"}  # fmt: skip
    out = []
    for status, labels in said.items():
        shown = f" ({', '.join(labels)})" if labels and status in ("wrong", "blank") else ""
        out.append(f"{len(labels)} {words[status]}{shown}")
    return ", ".join(out)


def _titles(lines: Iterable[str]) -> tuple[str, ...]:
    """The known mistakes that hint lines name, in the order they are named."""
    found: list[str] = []
    for line in lines:
        for m in ALL_MISTAKES:
            if line.startswith(f"known mistake: {m.title}") and m.title not in found:
                found.append(m.title)
    return tuple(found)


# --- code


def code_points(result: CheckResult, weights: Weights, points: float,
                tasks: tuple[str, ...] = TASKS) -> Scored:  # fmt: skip
    """The points of a step function checked on `tasks` (see the module's docstring)."""
    cases, checks = result.cases, result.checks
    failed = {p.case: p for p in result.problems}
    returned = {PHASE[d.key[0]] for c in checks.values() for d in c.observed if not d.recovered}
    phases = [p for p in PHASES if (p in returned or p == "update") and weights.phase(p) > 0]
    total = sum(weights.task(t) * weights.phase(p) for t in tasks for p in phases)
    parts: list[Part] = []
    for task in tasks:
        of_task = [k for k, c in enumerate(cases) if c.task == task]
        for phase in phases:
            share = round(points * weights.task(task) * weights.phase(phase) / total, 2)
            if share == 0:
                continue
            names = _phase_names(phase, checks)
            name = f"{task}: {phase} ({', '.join(names)})"
            if not of_task:
                parts.append(Part(name, 0.0, share, f"not checked: no {task} case was run"))
                continue
            why_not = {k: _miss(checks.get(k), failed.get(k), phase) for k in of_task}
            misses = [(k, why) for k, why in why_not.items() if why is not None]
            agree = len(of_task) - len(misses)
            output = f"agrees in {agree} of {len(of_task)} {task} cases"
            if misses:
                k, why = misses[0]
                output += f"; the first that does not: case {k + 1} ({cases[k].label}): {why}"
            parts.append(Part(name, round(share * agree / len(of_task), 2), share, output))
    right = sum(c.compared - len(c.differences) for c in checks.values() if not c.shape_problem)
    wrong = sum(len(c.differences) for c in checks.values() if not c.shape_problem)
    differing = [d.key[0] for c in checks.values() for d in c.differences]
    return Scored(tuple(parts), right, wrong, None, None, _first(result),
                  tuple(m.title for m in result.mistakes),
                  tuple(dict.fromkeys(differing)))  # fmt: skip


def _phase_names(phase: str, checks: dict[int, CaseCheck]) -> list[str]:
    if phase == "update":
        return list(PARAMS)
    seen = {d.key[0] for c in checks.values() for d in c.observed if not d.recovered}
    return [n for n in PHASE if PHASE[n] == phase and n in seen]


def _miss(check: CaseCheck | None, failure: Failure | None, phase: str) -> str | None:
    """Why a case does not earn a phase's points, or None when it does. A gradient recovered
    from an updated parameter counts for the update alone (the parameter differs too)."""
    if check is None:
        return f"the step did not get through it ({failure.kind})" if failure else "not run"
    if check.shape_problem is not None:
        return "a value of the wrong shape"
    wrong = [d for d in check.differences if PHASE[d.key[0]] == phase and not d.recovered]
    if wrong:
        return f"{key_text(wrong[0].key)} differs"
    seen = {d.key[0] for d in check.observed if PHASE[d.key[0]] == phase and not d.recovered}
    if phase == "update":
        missing = [p for p in PARAMS if p not in seen]
        if missing:
            return f"{', '.join(missing)} not returned updated"
    elif not seen:
        return f"no {phase} value returned"
    return None


def _first(result: CheckResult) -> str:
    """The first difference as the report names it, or the first case that failed."""
    if result.passed:
        return ""
    if result.first is not None:
        return key_text(result.first.key)
    if result.problems:
        p = min(result.problems, key=lambda p: p.case)
        return f"case {p.case + 1}: {p.kind}"
    said = result.report.removeprefix("not ok: ")  # "classification was not checked: ..."
    return said.partition("; ")[0].strip() if said != result.report else "not every case ran"
