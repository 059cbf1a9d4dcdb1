"""`tinynn check`: a student's own step beside the engine's, to the first wrong scalar.

The student's `step(W1, b1, W2, b2, x, y, lr)` runs on a set of cases (the
lessons, the default set-ups, random shapes) in a child process
(tinynn/student.py); each case's numbers are compared with the engine's in the
trace's order, and the report starts at the first one that differs: its name,
the case, expected and got, the correct equation with its numbers, and the
known mistake (tinynn/mistakes.py) whose number the student's equals.

Comparisons allow for the rounding of an equivalent computation: a value may
differ from the engine's by `tolerance` relative, plus a few units in the last
place of the magnitudes it was computed from (its `_scale`), so that a sum
that cancels, σ' written as a1·(1 − a1) or as a1·σ(−z1), or a gradient
recovered from an updated parameter never blame correct code.
"""

from __future__ import annotations

import math
import os
import random
import textwrap
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, NamedTuple, TextIO

if TYPE_CHECKING:
    import argparse

    from tinynn.core.names import Key
    from tinynn.core.params import Params
    from tinynn.core.step import Step
    from tinynn.teach.mistakes import Mistake

DEFAULT_CASES = 16  # random cases per task: every shape n, h in 1..4 once
DEFAULT_TOLERANCE = 1e-9
DEFAULT_TIMEOUT = 5.0
ROUNDING = 64 * 2.0**-52  # units in the last place an equivalent order of operations may cost
SCALARS = ("z2", "y_pred", "L", "delta2", "db2", "b2")
MATRICES = ("dW1", "W1")
GRADIENTS = ("dW2", "db2", "dW1", "db1")
MAX_SHOWN_PRINTED = 30  # lines of a case's printed output shown in a report
MAX_OTHER_PROBLEMS = 3  # failing cases listed after the first


class Case(NamedTuple):
    """One set of inputs a step is run on."""

    label: str
    params: Params
    x: list[float]
    y: float
    lr: float
    task: str

    def shape(self) -> str:
        n, h = self.params.n_inputs, self.params.n_hidden
        return f"{self.task}, n={n} input{'s' * (n != 1)}, h={h} hidden"

    def call(self, name: str, with_task: bool) -> str:
        """The call, pasteable: step([[0.5]], [0.0], [1.0], 0.0, [2.0], 1.0, 0.5)."""
        W1, b1, W2, b2 = self.params
        args = ", ".join(repr(a) for a in (W1, b1, W2, b2, self.x, self.y, self.lr))
        task = f", task={self.task!r}" if with_task else ""
        return f"{name}({args}{task})"

    def request(self) -> dict[str, Any]:
        W1, b1, W2, b2 = self.params
        return {
            "W1": W1, "b1": b1, "W2": W2, "b2": b2,
            "x": self.x, "y": self.y, "lr": self.lr, "task": self.task,
        }  # fmt: skip


def build_cases(random_cases: int = DEFAULT_CASES, tasks: tuple[str, ...] = ("regression",
                "classification"), seed: int = 0) -> list[Case]:  # fmt: skip
    """The shipped lessons, the default set-up of each task, then random cases.

    Random case k of a task has n = 1 + k mod 4 inputs and h = 1 + (k div 4) mod 4
    hidden units, and values with two decimals (short enough to paste).
    """
    from tinynn.run.config import Config, resolve
    from tinynn.teach.lesson import load_lesson, shipped_lessons

    cases: list[Case] = []
    for name in shipped_lessons():
        s = load_lesson(name).setup()
        if s.task in tasks:
            cases.append(Case(f"lesson {name}", s.params, list(s.x), s.y, s.lr, s.task))
    for task in tasks:
        s = resolve(Config(task=task))
        label = f"default {task} set-up ({s.data.name}, sample {s.sample})"
        cases.append(Case(label, s.params, list(s.x), s.y, s.lr, task))
    for k in range(random_cases):
        for task in tasks:
            cases.append(_random_case(k, task, seed))
    return cases


def _random_case(k: int, task: str, seed: int) -> Case:
    from tinynn.core.params import Params

    rng = random.Random(f"{seed}-{k}-{task}")
    n, h = 1 + k % 4, 1 + (k // 4) % 4

    def r(s: float = 2.0) -> float:
        return round(rng.uniform(-s, s), 2) or 0.5  # never an exact 0: every path carries

    params = Params([[r() for _ in range(n)] for _ in range(h)], [r() for _ in range(h)],
                    [r() for _ in range(h)], r())  # fmt: skip
    x = [r() for _ in range(n)]
    y = float(rng.randint(0, 1)) if task == "classification" else r()
    lr = rng.choice((0.1, 0.25, 0.5, 1.0))
    return Case(f"random case {k + 1} (seed {seed})", params, x, y, lr, task)


# --- the numbers of a step, by key


def value_of(step: Step, key: Key) -> float:
    """The value the step computed for `key`; W1, b1, W2, b2 are the updated ones."""
    name, index = key
    if name in ("z1", "a1", "z2", "y_pred"):
        v: Any = getattr(step.forward, name)
        for k in index:
            v = v[k]
        return float(v)
    if name == "L":
        return step.loss
    if name in ("W1", "b1", "W2", "b2"):
        return step.new_params.get(key)
    return step.grads.get(key)


def recovered(params: Params, new_params: Params, key: Key, lr: float) -> float:
    """The gradient a parameter's update implies: (θ − θ_new)/η, for the gradient's key."""
    from tinynn.core.names import PARAM_OF_GRAD

    pkey = (PARAM_OF_GRAD[key[0]], key[1])
    return (params.get(pkey) - new_params.get(pkey)) / lr


def _scales(step: Step) -> dict[Key, float]:
    """The magnitude each value is computed from: its rounding error is a few ulps of it.

    It follows the equations: a sum's terms, a product's factors times its
    operands' scales, so that a value that cancels (z1 = 1.1 − 1.1) or a σ' lost
    to saturation is compared with the rounding its inputs carry.
    """
    from tinynn.core.names import GRAD

    p, f, g, q, x, y = step.params, step.forward, step.grads, step.new_params, step.x, step.y
    h, n = p.n_hidden, len(x)
    J, I = range(h), range(n)  # noqa: E741 (the notes' indices)
    z1 = [sum(abs(w * xi) for w, xi in zip(p.W1[j], x)) + abs(p.b1[j]) for j in J]
    a1 = [abs(a) + a * (1 - a) * s for a, s in zip(f.a1, z1)]
    z2 = sum(abs(w) * (abs(a) + s) for w, a, s in zip(p.W2, f.a1, a1)) + abs(p.b2)
    pr = f.y_pred
    y_pred = z2 if step.task == "regression" else abs(pr) + pr * (1 - pr) * z2
    delta2 = y_pred + abs(y) + abs(g.delta2)
    if step.task == "regression":
        L = abs(step.loss) + abs(g.delta2) * delta2
    else:
        slope = y / max(pr, 1e-300) + (1 - y) / max(1 - pr, 1e-300)
        L = abs(step.loss) + 1.0 + y_pred * slope
    sp = [s + abs(a) for s, a in zip(a1, f.a1)]
    d1 = [delta2 * abs(p.W2[j] * g.sigma_prime[j]) + abs(g.delta2 * p.W2[j]) * sp[j] for j in J]
    out: dict[Key, float] = {("z2", ()): z2, ("y_pred", ()): y_pred, ("L", ()): L,
                             ("delta2", ()): delta2, ("db2", ()): delta2}  # fmt: skip
    for j in J:
        out["z1", (j,)] = z1[j]
        out["a1", (j,)] = a1[j]
        out["dW2", (j,)] = delta2 * abs(f.a1[j]) + abs(g.delta2) * a1[j]
        out["sigma_prime", (j,)] = sp[j]
        out["delta1", (j,)] = out["db1", (j,)] = d1[j]
        for i in I:
            out["dW1", (j, i)] = d1[j] * abs(x[i])
    for key in p.all_keys():  # an updated parameter θ − η·g
        gkey = (GRAD[key[0]], key[1])
        out[key] = abs(p.get(key)) + abs(q.get(key)) + step.lr * out[gkey]
    return out


def _stable_slope(fwd: Any) -> list[float]:
    # σ'(z1) = a1·σ(−z1): the same number as a1·(1 − a1), without the cancellation
    from tinynn.core.forward import sigmoid

    return [a * sigmoid(-z) for a, z in zip(fwd.a1, fwd.z1)]


# --- comparing one case


class Difference(NamedTuple):
    """One number of the student's that is not the engine's."""

    case: int
    key: Key
    expected: float
    got: float
    recovered: bool  # got is (θ − θ_new)/η from the student's updated parameter


class CaseCheck(NamedTuple):
    """The comparison of one case: what was compared and what differs."""

    compared: int
    differences: list[Difference]
    shape_problem: str | None
    observed: list[Difference]  # every number compared (expected, got), equal or not


class _Reference:
    """The engine's step on a case (and the cancellation-free σ' variant), computed once."""

    def __init__(self, case: Case) -> None:
        from tinynn.core.equations import NOTES
        from tinynn.core.step import step_pass
        from tinynn.run.trace import describe

        p, x, y, lr, task = case.params, case.x, case.y, case.lr, case.task
        self.case = case
        self.step = step_pass(p, x, y, lr, task)
        self.alt = step_pass(p, x, y, lr, task, NOTES._replace(sigmoid_slope=_stable_slope))
        self.trace = describe(self.step)
        self.scales = _scales(self.step)

    def value(self, step: Step, key: Key, from_update: bool) -> float:
        if from_update:
            return recovered(step.params, step.new_params, key, step.lr)
        return value_of(step, key)

    def tolerance(self, key: Key, expected: float, got: float, rtol: float,
                  from_update: bool) -> float:  # fmt: skip
        scale = self.scales[key]
        if from_update:
            from tinynn.core.names import PARAM_OF_GRAD

            pkey = (PARAM_OF_GRAD[key[0]], key[1])
            theta = abs(self.step.params.get(pkey)) + abs(self.step.new_params.get(pkey))
            scale += theta / self.case.lr
        size = max(abs(expected), abs(got))
        if key[0] in ("W1", "b1", "W2", "b2"):  # an update: relative to θ, not to the step
            size = max(size, abs(self.step.params.get(key)))
        return rtol * size + ROUNDING * scale

    def close(self, key: Key, got: float, rtol: float, from_update: bool,
              steps: tuple[Step, ...] | None = None) -> bool:  # fmt: skip
        for step in steps or (self.step, self.alt):
            want = self.value(step, key, from_update)
            if math.isnan(got) or math.isnan(want):
                if math.isnan(got) and math.isnan(want):
                    return True
                continue
            if got == want or abs(got - want) <= self.tolerance(key, want, got, rtol, from_update):
                return True
        return False


def _shape_text(v: object) -> str:
    if isinstance(v, float):
        return "a number"
    if isinstance(v, list):
        if v and all(isinstance(r, list) for r in v):
            lengths = sorted({len(r) for r in v})
            cols = " or ".join(map(str, lengths))
            return f"{len(v)} row{'s' * (len(v) != 1)} of {cols} number{'s' * (cols != '1')}"
        return f"a list of {len(v)} number{'s' * (len(v) != 1)}"
    return type(v).__name__


def _expected_shape(name: str, h: int, n: int) -> str:
    if name in SCALARS:
        return "a number"
    if name in MATRICES:
        return f"{h} row{'s' * (h != 1)} of {n} number{'s' * (n != 1)} (h rows × n columns)"
    return f"a list of {h} number{'s' * (h != 1)} (one per hidden unit)"


def _flat(v: object) -> object:
    """[[a], [b]] or [[a, b]] (a column or row vector) as [a, b]; [a] or [[a]] as a list."""
    if isinstance(v, list) and v and all(isinstance(r, list) for r in v):
        if all(len(r) == 1 for r in v):
            return [r[0] for r in v]
        if len(v) == 1:
            return v[0]
    return v


def _normalise(name: str, v: object, h: int, n: int) -> tuple[Any, str | None]:
    """The value in the notes' shape, or a description of what is wrong with its shape."""
    ok_number = isinstance(v, float)
    if name in SCALARS:
        while isinstance(v, list) and len(v) == 1:
            v = v[0]  # a NumPy (1,) or (1, 1) array for a number
        if isinstance(v, float):
            return v, None
    elif name in MATRICES:
        if (
            isinstance(v, list)
            and len(v) == h
            and all(
                isinstance(r, list) and len(r) == n and all(isinstance(e, float) for e in r)
                for r in v
            )
        ):
            return v, None
        if h == 1 and isinstance(v, list) and len(v) == n and all(isinstance(e, float) for e in v):
            return [v], None  # one hidden unit: its single row
        if (
            h != n
            and isinstance(v, list)
            and len(v) == n
            and all(isinstance(r, list) and len(r) == h for r in v)
        ):
            return None, _transposed(name, v, h, n)
    else:
        v = _flat(v)
        if isinstance(v, list) and len(v) == h and all(isinstance(e, float) for e in v):
            return v, None
        if h == 1 and ok_number:
            return [v], None
    return None, f"{name} is {_shape_text(v)}, expected {_expected_shape(name, h, n)}"


def _transposed(name: str, v: object, h: int, n: int) -> str:
    return (
        f"{name} has {_shape_text(v)} and is transposed: expected {_expected_shape(name, h, n)}, "
        f"{name}[j][i] for hidden unit j and input i (∂L/∂W1 is the outer product δ1 xᵀ: "
        "∂L/∂W1[j][i] = δ1[j]·x[i])"
    )


def check_case(k: int, ref: _Reference, values: dict[str, Any], rtol: float) -> CaseCheck:
    """Compare the student's values on case k with the engine's, in the trace's order."""
    from tinynn.core.names import PARAM_OF_GRAD

    h, n = ref.case.params.n_hidden, ref.case.params.n_inputs
    got: dict[str, Any] = {}
    for name, v in values.items():
        norm, problem = _normalise(name, v, h, n)
        if problem is not None:
            return CaseCheck(0, [], problem, [])
        got[name] = norm
    differences: list[Difference] = []
    observed: list[Difference] = []
    for event in ref.trace:
        name, index = event.writes
        from_update = False
        if name in got:
            v = got[name]
            for i in index:
                v = v[i]
        elif name in GRADIENTS and PARAM_OF_GRAD[name] in got:
            v = got[PARAM_OF_GRAD[name]]
            for i in index:
                v = v[i]
            theta = ref.case.params.get((PARAM_OF_GRAD[name], index))
            v = (theta - v) / ref.case.lr
            from_update = True
        else:
            continue
        seen = Difference(k, event.writes, ref.value(ref.step, event.writes, from_update), v,
                          from_update)  # fmt: skip
        observed.append(seen)
        if not ref.close(event.writes, v, rtol, from_update):
            differences.append(seen)
    for name in MATRICES:
        if name in got and h == n > 1 and any(d.key[0] == name for d in differences):
            transposed = [list(col) for col in zip(*got[name])]
            if all(ref.close((name, (j, i)), transposed[j][i], rtol, False)
                   for j in range(h) for i in range(n)):  # fmt: skip
                return CaseCheck(0, [], _transposed(name, got[name], h, n), [])
    return CaseCheck(len(observed), differences, None, observed)


# --- the whole check


class Problem(NamedTuple):
    """A case the student's code did not get through: it raised, hung, exited, or
    returned something that is not the notes' numbers."""

    case: int
    kind: str  # raise, exit, timeout, stdin, memory, crash, garbage, shape
    message: str
    where: dict[str, Any] | None


class CheckResult:
    """The outcome of a check; its str() and repr() are the report.

    Attributes:
        passed: every number compared agreed and every case ran.
        exit_code: 0 passed, 1 a difference or a problem in the student's code.
        report: the text `tinynn check` prints.
        first: the first difference, if any.
        mistakes: the known mistakes the first difference matches (best first).
    """

    def __init__(self, report: str, passed: bool, first: Difference | None,
                 mistakes: list[Mistake], problems: list[Problem]) -> None:  # fmt: skip
        self.report = report
        self.passed = passed
        self.exit_code = 0 if passed else 1
        self.first = first
        self.mistakes = mistakes
        self.problems = problems

    def __str__(self) -> str:
        return self.report

    def __repr__(self) -> str:
        return self.report.rstrip("\n")

    def __bool__(self) -> bool:
        return self.passed


def compare_results(
    cases: list[Case],
    results: list[dict[str, Any]],
    name: str,
    source: str,
    accepts_task: bool,
    rtol: float,
) -> CheckResult:
    """The report of a check, from the cases and what the student's step did on each."""
    from tinynn.teach.mistakes import mistakes_for

    compared = 0
    differences: list[Difference] = []
    problems: list[Problem] = []
    names: set[str] = set()
    ignored: set[str] = set()
    first_bad: int | None = None  # the first case with a difference or a problem
    refs: dict[int, _Reference] = {}
    observed: dict[int, list[Difference]] = {}
    for k, result in enumerate(results):
        if "kind" in result:
            problems.append(Problem(k, result["kind"], result["message"], result.get("where")))
            first_bad = k if first_bad is None else first_bad
            continue
        refs[k] = _Reference(cases[k])
        names.update(result["values"])
        ignored.update(result.get("ignored", ()))
        c = check_case(k, refs[k], result["values"], rtol)
        if c.shape_problem is not None:
            problems.append(Problem(k, "shape", c.shape_problem, None))
            first_bad = k if first_bad is None else first_bad
            continue
        compared += c.compared
        observed[k] = c.observed
        differences.extend(c.differences)
        if c.differences and first_bad is None:
            first_bad = k
    not_run = len(cases) - len(results)
    regression_only = "" if accepts_task else (
        f"; regression only: {name} takes no task keyword"
    )  # fmt: skip
    ignored_note = (
        f"; ignored (not the notes' names): {', '.join(sorted(ignored))}" if ignored else ""
    )
    order = {n: i for i, n in enumerate(("z1", "a1", "z2", "y_pred", "L", "delta2", "dW2", "db2",
             "sigma_prime", "delta1", "dW1", "db1", "W2", "b2", "W1", "b1"))}  # fmt: skip
    shown_names = ", ".join(sorted(names, key=lambda s: order.get(s, 99)))
    if first_bad is None:
        line = (
            f"ok: {name} in {source} agrees with the engine on all {len(cases)} cases, "
            f"{compared} quantities compared ({shown_names}) to {rtol:g} relative"
            f"{regression_only}{ignored_note}\n"
        )
        return CheckResult(line, True, None, [], [])

    lines: list[str] = []
    first_problem = next((p for p in problems if p.case == first_bad), None)
    first: Difference | None = None
    matched: list[Mistake] = []
    if first_problem is not None:
        lines += _problem_report(first_problem, cases, name, source, accepts_task)
    else:
        first = next(d for d in differences if d.case == first_bad)
        case = cases[first.case]
        ref = refs[first.case]
        evidence = observed[first.case] + [d for d in differences if d.case != first.case]
        matched = _match(first, evidence, refs, cases, mistakes_for(case.task), rtol)
        lines += _difference_report(first, ref, case, name, accepts_task, matched)
    printed = results[first_bad].get("printed", "") if first_bad < len(results) else ""
    if printed:
        shown = printed.rstrip("\n").split("\n")
        more = len(shown) - MAX_SHOWN_PRINTED
        lines.append(f"your step printed (case {first_bad + 1}):")
        lines += [f"  | {s}" for s in shown[:MAX_SHOWN_PRINTED]]
        if more > 0:
            lines.append(f"  | [... {more} more lines]")
    # in all
    bad_cases = {d.case for d in differences} | {p.case for p in problems}
    differing = sorted({d.key[0] for d in differences}, key=lambda s: order.get(s, 99))
    summary = f"in all: {len(bad_cases)} of {len(cases)} cases differ or fail"
    if compared:
        summary += f"; {len(differences)} of {compared} quantities compared differ"
    if differing:
        summary += f" ({', '.join(differing)})"
    lines.append(summary + regression_only + ignored_note)
    others = [p for p in problems if p is not first_problem]
    for p in others[:MAX_OTHER_PROBLEMS]:
        at = f", line {p.where['line']}" if p.where else ""
        lines.append(f"  also case {p.case + 1} ({cases[p.case].label}): {p.message}{at}")
    if len(others) > MAX_OTHER_PROBLEMS:
        lines.append(f"  ... and {len(others) - MAX_OTHER_PROBLEMS} more cases like these")
    if not_run > 0:
        lines.append(f"  {not_run} case(s) not run after case {len(results)} ended the process")
    return CheckResult("\n".join(lines) + "\n", False, first, matched, problems)


def _problem_report(p: Problem, cases: list[Case], name: str, source: str,
                    accepts_task: bool) -> list[str]:  # fmt: skip
    case = cases[p.case]
    head = {
        "shape": "wrong shape",
        "garbage": "not the notes' numbers",
        "timeout": "too slow",
        "stdin": "reads standard input",
    }.get(p.kind, "error")
    lines = [f"{head} in case {p.case + 1} of {len(cases)}: {name} {p.message}"
             if p.kind not in ("shape",) else f"{head} in case {p.case + 1} of {len(cases)}: "
             f"{p.message}"]  # fmt: skip
    if p.where:
        lines.append(
            f"  at {source}, line {p.where['line']}, in {p.where['func']}: {p.where['code']}"
        )
    elif p.kind in ("raise", "exit", "timeout", "stdin", "memory"):
        lines.append(f"  (not inside {source})")
    lines += _case_lines(p.case, case, len(cases), name, accepts_task)
    return lines


def _case_lines(k: int, case: Case, total: int, name: str, with_task: bool) -> list[str]:
    return [
        f"case {k + 1} of {total}: {case.label} ({case.shape()})",
        f"  {case.call(name, with_task)}",
    ]


def _difference_report(d: Difference, ref: _Reference, case: Case, name: str,
                       accepts_task: bool, matched: list[Mistake]) -> list[str]:  # fmt: skip
    from tinynn.core.names import PARAM_OF_GRAD, key_text

    label = key_text(d.key)
    lines = [f"first difference: {label}"]
    lines.append(f"case {d.case + 1}: {case.label} ({case.shape()})")
    lines.append(f"  {case.call(name, accepts_task)}")
    lines.append(f"expected: {label} = {d.expected!r}")
    got = f"got:      {label} = {d.got!r}"
    if d.recovered:
        pkey = key_text((PARAM_OF_GRAD[d.key[0]], d.key[1]))
        got += f"   (from your updated {pkey}: ({pkey} − new {pkey})/η)"
    lines.append(got)
    event = next(e for e in ref.trace if e.writes == d.key)
    lines.append(f"equation: {event.text()}")
    if d.recovered:
        upd = next(e for e in ref.trace if e.writes == (PARAM_OF_GRAD[d.key[0]], d.key[1]))
        lines.append(f"          {upd.text()}")
    for m in matched:
        lines.append(f"known mistake: {m.title}: {m.wrong}   (correct: {m.correct})")
        lines += textwrap.wrap(m.why, 96, initial_indent="  ", subsequent_indent="  ")
    return lines


def _match(first: Difference, evidence: list[Difference], refs: dict[int, _Reference],
           cases: list[Case], candidates: list[Mistake], rtol: float) -> list[Mistake]:  # fmt: skip
    """The known mistakes whose value equals the student's at the first difference.

    Of those, the ones that also agree with most of `evidence` (every number of the
    first differing case, right or wrong, and the differences of the other cases):
    a mistake that would have changed a number the student got right is less likely.
    """
    from tinynn.core.step import step_pass

    steps: dict[tuple[str, int], Step] = {}

    def mistake_step(m: Mistake, k: int) -> Step:
        if (m.id, k) not in steps:
            c = cases[k]
            steps[m.id, k] = step_pass(c.params, c.x, c.y, c.lr, c.task, m.equations(c.lr))
        return steps[m.id, k]

    def explains(m: Mistake, d: Difference) -> bool:
        if cases[d.case].task not in m.tasks:
            return False
        return refs[d.case].close(d.key, d.got, rtol, d.recovered, (mistake_step(m, d.case),))

    scored = [
        (sum(explains(m, d) for d in evidence), k, m)
        for k, m in enumerate(candidates)
        if explains(m, first)
    ]
    scored.sort(key=lambda t: (-t[0], t[1]))
    if not scored:
        return []
    best = scored[0][0]
    return [m for score, _, m in scored if score == best]


# --- entry points


def split_target(target: str) -> tuple[str, str]:
    """ "file.py:NAME" -> ("file.py", "NAME"); "file.py" -> ("file.py", "step")."""
    path, sep, name = target.rpartition(":")
    if sep and name.isidentifier() and path:
        return path, name
    return target, "step"


def readable_target(target: str) -> tuple[str, str]:
    """`split_target`, and the file must be there (the function is looked for when it loads).

    Raises:
        TinyNNError: an empty name, a folder, or no such file.
    """
    from tinynn.core.errors import TinyNNError
    from tinynn.io.files import no_such_file, show

    path, name = split_target(target)
    if not path:
        raise TinyNNError("name your file: FILE.py or FILE.py:NAME")
    if os.path.isdir(path):
        raise TinyNNError(f"cannot read {show(path)}: it is a folder")
    if not os.path.isfile(path):
        raise TinyNNError(no_such_file(path))
    return path, name


def check_file(
    target: str,
    cases: int = DEFAULT_CASES,
    tolerance: float = DEFAULT_TOLERANCE,
    timeout: float = DEFAULT_TIMEOUT,
) -> CheckResult:
    """Check the step function of a file ("file.py" or "file.py:NAME") in a child process.

    Raises:
        TinyNNError: the file cannot be loaded, or has no such function (exit 2).
    """
    from tinynn.core.errors import TinyNNError
    from tinynn.grading.sandbox import run_file

    _check_options(cases, tolerance, timeout)
    path, name = readable_target(target)
    all_cases = build_cases(cases)
    run = run_file(os.path.abspath(path), name, [c.request() for c in all_cases], True, timeout)
    if run.error is not None:
        raise TinyNNError(run.error)
    # Without a task keyword the child skips the classification cases: drop them here.
    pairs = [(c, r) for c, r in zip(all_cases, run.results) if not r.get("skipped")]
    if not run.accepts_task:
        all_cases = [c for c in all_cases if c.task == "regression"]
    return compare_results(
        all_cases, [r for _, r in pairs], name, path, run.accepts_task, tolerance
    )


def _check_options(cases: int, tolerance: float, timeout: float) -> None:
    from tinynn.core.errors import ConfigError

    if not 0 <= cases <= 1000:
        raise ConfigError(f"--cases must be from 0 to 1000, got {cases}")
    if not (math.isfinite(tolerance) and 0 <= tolerance < 1):
        raise ConfigError(f"--tolerance must be from 0 to less than 1, got {tolerance}")
    if not (math.isfinite(timeout) and timeout > 0):
        raise ConfigError(f"--timeout must be a number of seconds above 0, got {timeout}")


def check(
    step: Callable[..., object] | None = None,
    cases: int = DEFAULT_CASES,
    tolerance: float = DEFAULT_TOLERANCE,
    timeout: float | None = DEFAULT_TIMEOUT,
    *,
    answers: str | os.PathLike[str] | Mapping[str, object] | None = None,
    lesson: str = "by-hand",
    sample: int | None = None,
) -> CheckResult:
    """Check a step function from Python (a notebook cell): `tinynn.check(step)`; or values
    worked out by hand: `tinynn.check(answers={"z1[0]": 0, "delta1[1]": "1/16"})`.

    The function runs in this process (a function object cannot be sent to another),
    on copies of the inputs; an exception, `sys.exit` or reading standard input is
    reported like `tinynn check` does. `timeout` is enforced in the main thread on
    Unix (by SIGALRM), and not elsewhere; a huge allocation is not stopped.

    `answers` (a dict name -> value, or an answers file's path) are checked as
    `tinynn check --answers` does, for the step of `lesson` (a shipped lesson's
    name or a file) at `sample` (default: the lesson's); see tinynn/answers.py.

    Returns:
        A `CheckResult`; it displays as the report, and is true when the check passed.
    """
    from tinynn.core.errors import TinyNNError
    from tinynn.grading.sandbox import accepts_task, run_case, signature_problem

    if answers is not None:
        from tinynn.grading.answers import check_answers

        if step is not None:
            raise TinyNNError("check takes a step function or answers=..., not both")
        return check_answers(answers, lesson, sample)
    if step is None:
        raise TinyNNError("check needs your step function (or answers=...)")
    _check_options(cases, tolerance, timeout if timeout is not None else 1.0)
    name = getattr(step, "__name__", "step")
    problem = signature_problem(step, name)
    if problem is not None:
        raise TinyNNError(problem)
    with_task = accepts_task(step)
    tasks = ("regression", "classification") if with_task else ("regression",)
    all_cases = build_cases(cases, tasks)
    code = getattr(step, "__code__", None)
    filename = code.co_filename if code is not None else "<unknown>"
    results = [run_case(step, c.request(), with_task, filename, timeout) for c in all_cases]
    return compare_results(all_cases, results, name, filename, with_task, tolerance)


class OneCheck(NamedTuple):
    """A student's step on one set-up beside the engine's (the walkthrough's "yours").

    Attributes:
        values: their number for every key of the trace they returned, in the trace's
            order (a gradient recovered from their updated parameter when they returned
            only that, as `tinynn check` does).
        differing: the keys whose number differs beyond the tolerance, in the trace's order.
        problem: why there are no numbers (their code raised, hung, returned something
            else), one line; else None.
    """

    values: dict[Key, float]
    differing: list[Key]
    problem: str | None = None

    @property
    def first(self) -> Key | None:
        """The first difference in the trace's order, as `tinynn check` would name it."""
        return self.differing[0] if self.differing else None


def check_one(
    target: str,
    params: Params,
    x: list[float],
    y: float,
    lr: float,
    task: str,
    tolerance: float = DEFAULT_TOLERANCE,
    timeout: float = DEFAULT_TIMEOUT,
) -> OneCheck:
    """Run the step of a file ("file.py" or "file.py:NAME") on one set-up in a child process
    and compare its numbers with the engine's, as `tinynn check` compares a case.

    Raises:
        TinyNNError: the file cannot be loaded, or has no such function.
    """
    from tinynn.core.errors import TinyNNError
    from tinynn.grading.sandbox import run_file

    path, name = split_target(target)
    case = Case("this step", params, list(x), y, lr, task)
    run = run_file(os.path.abspath(path), name, [case.request()], True, timeout)
    if run.error is not None:
        raise TinyNNError(run.error)
    result: dict[str, Any] = (
        run.results[0]
        if run.results
        else {
            "kind": "crash",
            "message": "ended the process",
        }
    )
    if result.get("skipped"):
        return OneCheck({}, [], f"{name} takes no task keyword: it is checked on regression only")
    if "kind" in result:
        where = result.get("where")
        at = f" ({os.path.basename(path)}, line {where['line']}: {where['code']})" if where else ""
        return OneCheck({}, [], f"{name} {result['message']}{at}")
    c = check_case(0, _Reference(case), result["values"], tolerance)
    if c.shape_problem is not None:
        return OneCheck({}, [], c.shape_problem)
    return OneCheck({d.key: d.got for d in c.observed}, [d.key for d in c.differences])


def add_check_option(p: argparse.ArgumentParser) -> None:
    """`--check FILE.py[:NAME]` of the walkthrough (`tinynn-tui` and `tinynn tui`)."""
    p.add_argument(
        "--check",
        metavar="FILE.py[:NAME]",
        help="show your own step function's numbers beside the engine's (a 'yours' column), "
        "its first difference marked ✗ (key D goes there); see 'tinynn check'",
    )


# --- the command


def add_check_command(sub: Any) -> None:
    """Register `tinynn check` on the CLI's subparsers."""
    p = sub.add_parser(
        "check",
        help="check your own step function against the engine, to the first wrong number",
        description="Run the step(W1, b1, W2, b2, x, y, lr) of FILE.py beside the engine's on "
        "the lessons, the default set-ups and random shapes, and report the first number "
        "that differs, with the correct equation and the known mistake it matches. "
        "Exit 0 all equal, 1 a difference or a failure in your code, 2 a file that cannot "
        "be loaded. 'tinynn check --template' prints a file to start from.",
    )
    p.add_argument("file", nargs="?", metavar="FILE.py[:NAME]",
                   help="your file, and the function's name if not step")  # fmt: skip
    p.add_argument("--template", action="store_true", help="print a starter file and exit")
    p.add_argument("--cases", type=int, default=DEFAULT_CASES,
                   help=f"random cases per task (default: {DEFAULT_CASES})")  # fmt: skip
    p.add_argument("--tolerance", type=float, default=DEFAULT_TOLERANCE,
                   help=f"relative tolerance (default: {DEFAULT_TOLERANCE:g})")  # fmt: skip
    p.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT,
                   help=f"seconds a case may take (default: {DEFAULT_TIMEOUT:g})")  # fmt: skip
    hand = p.add_argument_group(
        "values worked out by hand",
        "tinynn check --answers FILE checks the values of FILE (one a line: name = value, "
        "like z1[0] = 0 or new W1[0][0] = 3/8; or a CSV name,value) against a lesson's step, "
        "each to the digits written; a value that follows from a wrong earlier one is "
        "marked carried. Exit 0 all right, 1 a wrong value or a line not read, 2 a file "
        "that cannot be read.",
    )
    hand.add_argument("--answers", metavar="FILE", help="check the values in FILE")
    hand.add_argument("--lesson", metavar="NAME",
                      help="the lesson whose step they are (default: by-hand)")  # fmt: skip
    hand.add_argument("--sample", type=int, metavar="K",
                      help="the sample of the step (default: the lesson's)")  # fmt: skip
    hand.add_argument("--worksheet", metavar="ID",
                      help="the values of the worksheet of this ID (tinynn worksheet); for a "
                      "lesson of your own, with --lesson FILE")  # fmt: skip
    p.set_defaults(func=cmd_check)


def cmd_check(args: argparse.Namespace, out: TextIO) -> int:
    """`tinynn check`: the exit status (0 equal, 1 different or failing)."""
    from tinynn.core.errors import ConfigError

    if args.template:
        from tinynn.grading.template import TEMPLATE

        out.write(TEMPLATE)
        return 0
    if args.answers is not None:
        from tinynn.grading.answers import DEFAULT_LESSON, check_answers

        if args.file:
            raise ConfigError("give FILE.py or --answers FILE, not both")
        if args.answers == "" or args.lesson == "":
            raise ConfigError(f"--{'answers' if args.answers == '' else 'lesson'} needs a name")
        if args.worksheet is not None:
            from tinynn.teach.worksheet import lesson_args, sheet_from_id

            if args.sample is not None:
                raise ConfigError("a worksheet has one step: --sample goes without --worksheet")
            sheet = sheet_from_id(args.worksheet, lesson_args(args.lesson)[1])
            answers = check_answers(args.answers, setup=sheet.setup, what=f"worksheet {sheet.id}")
            out.write(answers.report)
            return answers.exit_code
        answers = check_answers(args.answers, args.lesson or DEFAULT_LESSON, args.sample)
        out.write(answers.report)
        return answers.exit_code
    if args.lesson is not None or args.sample is not None or args.worksheet is not None:
        raise ConfigError("--lesson, --sample and --worksheet go with --answers FILE")
    if not args.file:
        raise ConfigError("name your file: tinynn check FILE.py (or --template for a start)")
    result = check_file(args.file, args.cases, args.tolerance, args.timeout)
    out.write(result.report)
    return result.exit_code
