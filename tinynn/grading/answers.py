"""`tinynn check --answers FILE`: values worked out by hand, checked against a lesson's step.

The file has one answer a line, `name = value` (or `name,value`, a CSV), with
names as the trace writes them in ASCII (`z1[0]`, `delta1[1]`, `dW1[0][1]`,
`new W1[0][0]` for an updated parameter) or in the notes' symbols (`δ1[1]`,
`∂L/∂W1[0][1]`, `σ'(z1[0])`). `#` starts a comment.

Each value is judged to the digits the student wrote: "0.12" is right for any
true value within half a unit of its last digit (0.115 to 0.125); a whole number
("0", "2") or a fraction ("1/8") is taken as exact, as is a value written with
more digits than rounding can tell apart (to 1e-9 relative).

A value is also judged against the student's own earlier answers, so that an
error is reported once, where it starts: each equation of the trace is
evaluated again with the operands the student gave (or, for those not given,
the values their answers imply), and a value that is wrong but follows from a
wrong earlier one is "carried" from it, not a new error. A wrong value gets the
expected one, the equation with its numbers, and the known mistake
(tinynn/mistakes.py) whose value it equals.
"""

from __future__ import annotations

import csv
import math
import os
import re
import textwrap
from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, NamedTuple

from tinynn.core.errors import TinyNNError
from tinynn.core.names import GRAD, PARAMS, Key, key_text
from tinynn.core.numbers import fmt, vector_text, written_number
from tinynn.grading.checker import CheckResult
from tinynn.run.trace import Event, Trace

if TYPE_CHECKING:
    from tinynn.run.config import Setup

DEFAULT_LESSON = "by-hand"
REL = 1e-9  # the judging of a value given to more digits than this (or exactly)
ABS = 1e-12  # a true value this close to 0 is 0
MAX_PROBLEM_LINES = 20  # lines of the file that could not be read, shown in a report
EXAMPLES = "names look like z1[0], delta1[1], dW1[0][1], new W1[0][0]"
GIVEN = (*PARAMS, "x", "y", "lr")  # the step's inputs: read, never computed by the student

# The notes' symbols and other spellings, each -> the trace's name.
ALIASES = {
    "p": "y_pred",
    "ŷ": "y_pred",
    "y_hat": "y_pred",
    "loss": "L",
    "δ2": "delta2",
    "δ1": "delta1",
    "σ'": "sigma_prime",
    "sigma'": "sigma_prime",
    "eta": "lr",
    "η": "lr",
}
COMPUTED = ("z1", "a1", "z2", "y_pred", "L", "delta2", "dW2", "db2", "sigma_prime", "delta1",
            "dW1", "db1")  # fmt: skip
_FOLDED = {n.lower(): n for n in (*COMPUTED, *GIVEN)}
_INDEX = r"((?:\[\s*\d+\s*(?:,\s*\d+\s*)?\])*)"
_NAME = re.compile(r"(?P<name>[^\[\]()]+?)" + _INDEX + r"$")
_SIGMA_OF = re.compile(r"(?:σ'|sigma'|sigma_prime)\(z1(?P<index>(?:\[\d+\])*)\)$")
_PARTIAL = re.compile(r"(?:∂L/∂|dL/d)(?P<param>W1|b1|W2|b2)$")


# --- reading answers


class Answer(NamedTuple):
    """One answer as written: where, the name and value as typed, and what they mean."""

    line: int
    name: str
    text: str
    key: Key
    value: float
    tolerance: float | None  # half a unit in the last digit written; None: exact


class Problem(NamedTuple):
    """A line of the answers that is not an answer that can be checked."""

    line: int
    message: str


def parse_name(text: str) -> Key:
    """A name as written -> its key: "delta1[1]" -> ("delta1", (1,)), "new W1[0][0]" ->
    ("W1", (0, 0)), "∂L/∂W1[0][1]" -> ("dW1", (0, 1)), "σ'(z1[0])" -> ("sigma_prime", (0,)).

    The updated parameters are "new W1[0][0]", "new_W1[0][0]", "W1_new[0][0]" or
    "W1[0][0]_new"; an index may be written [0][1] or [0, 1].

    Raises:
        TinyNNError: not a name of the step (the message is the reason, without the name).
    """
    s = " ".join(text.replace("′", "'").replace("’", "'").split())
    new = False
    for prefix in ("new ", "new_"):
        if s.lower().startswith(prefix):
            s, new = s[len(prefix) :].strip(), True
    if s.endswith("_new"):
        s, new = s[: -len("_new")], True
    s = s.replace(" ", "")
    sigma = _SIGMA_OF.match(s)
    if sigma:
        s = "sigma_prime" + sigma["index"]
    m = _NAME.match(s)
    if not m:
        raise TinyNNError(f"unknown name; {EXAMPLES}")
    name, index_text = m["name"], m[2]
    if name.endswith("_new"):
        name, new = name[: -len("_new")], True
    partial = _PARTIAL.match(name)
    if partial:
        name = GRAD[partial["param"]]
    name = ALIASES.get(name, name)
    name = _FOLDED.get(name.lower(), name)  # "dw2" is dW2: no two names differ only in case
    index = tuple(int(k) for k in re.findall(r"\d+", index_text))
    if new and name not in PARAMS:
        raise TinyNNError(f"only parameters are updated (new W1, b1, W2, b2); {EXAMPLES}")
    if name in GIVEN and not new:
        if name in PARAMS:
            return_as = f"new {key_text((name, index))}"
            raise TinyNNError(f"is given, not computed; its updated value is {return_as}")
        raise TinyNNError("is given, not computed")
    if name not in COMPUTED and name not in PARAMS:
        raise TinyNNError(f"unknown name; {EXAMPLES}")
    return name, index


def written_tolerance(text: str) -> float | None:
    """Half a unit in the last digit of a decimal as written ("0.12" -> 0.005, "1.5e-3" ->
    0.00005), or None for a number taken as exact: a whole number ("0", "−2") or a fraction."""
    place = written_number(text).place
    return None if place is None else 0.5 * 10.0**place


def read_answers(lines: Iterable[tuple[int, str, str]], trace: Trace
                 ) -> tuple[list[Answer], list[Problem]]:  # fmt: skip
    """(line number, name, value text) triples -> the answers, and the lines that are not.

    Each name must be a value of `trace`'s step (an index in the network's shape).
    """
    from tinynn.teach.quiz import GuessError, parse_guess

    labels = {e.writes: _label(e) for e in trace}
    seen: dict[Key, int] = {}
    answers: list[Answer] = []
    problems: list[Problem] = []
    for number, name, value_text in lines:
        shown_name = _shown(name)
        try:
            key = parse_name(name)
        except TinyNNError as e:
            problems.append(Problem(number, f"{shown_name}: {e}"))
            continue
        if key not in labels:
            problems.append(Problem(number, f"{shown_name}: no such value in this network "
                                    f"({_shape_text(trace, key[0])})"))  # fmt: skip
            continue
        if not value_text.strip():  # a blank still to fill in (a worksheet's answers file)
            continue
        if key in seen:
            problems.append(Problem(number, f"{labels[key]} again (first on line {seen[key]}): "
                                    "only the first is checked"))  # fmt: skip
            continue
        try:
            value = parse_guess(value_text)
        except GuessError:
            problems.append(Problem(number, f"{labels[key]}: not a number: {_shown(value_text)} "
                                    "(write it like 0.5, −1e-3 or 1/8)"))  # fmt: skip
            continue
        seen[key] = number
        text = value_text.strip()
        answers.append(Answer(number, name, text, key, value, written_tolerance(text)))
    return answers, problems


def _shown(text: str) -> str:
    from tinynn.io.files import printable

    t = printable(text.strip())
    return repr(t) if len(t) > 40 else t if t else "''"


def _shape_text(trace: Trace, name: str) -> str:
    labels = [_label(e) for e in trace if e.name == name]
    if len(labels) > 4:
        labels = [labels[0], "...", labels[-1]]
    return ", ".join(labels) if labels else EXAMPLES


def split_lines(text: str) -> tuple[list[tuple[int, str, str]], list[Problem]]:
    """The `name = value` (or `name,value`) lines of a file's text, without comments and
    blank lines; a CSV header `name,value` is skipped."""
    rows: list[tuple[int, str, str]] = []
    problems: list[Problem] = []
    for number, raw in enumerate(text.split("\n"), start=1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        if "=" in line:
            name, _, value = line.partition("=")
        elif "," in line:
            fields = [f.strip() for f in next(csv.reader([line]))]
            while len(fields) > 2 and not fields[-1]:
                fields.pop()  # a spreadsheet's empty trailing columns
            name, value = ",".join(fields[:-1]), fields[-1]
            if not rows and not problems and (name.lower(), value.lower()) == ("name", "value"):
                continue  # the CSV header
        else:
            problems.append(Problem(number, f"not 'name = value': {_shown(line)}"))
            continue
        rows.append((number, name.strip(), value.strip()))
    return rows, problems


def _label(event: Event) -> str:
    """The name an answer is shown with: the trace's, "new W1[0][0]" for an update."""
    return f"new {event.label}" if event.phase == "update" else event.label


# --- each equation, evaluated on any operands (the student's)


def evaluate(event: Event, get: Callable[[Key], float], task: str) -> tuple[float, str]:
    """The event's equation on the operands `get` gives: its value and the substituted
    formula, written as the trace writes it (the same templates and the same precision
    policy, `tinynn.run.trace.substitute`)."""
    from tinynn.core.forward import sigmoid
    from tinynn.run.trace import (
        _log_loss_line,
        _product,
        _sigmoid_line,
        _squared_error_line,
        _sum_of_products,
        substitute,
    )

    r = [get(k) for k in event.reads]
    name = event.name

    def line(template: str, operands: list[float], f: Callable[..., float], value: float) -> str:
        return substitute(template, operands, f, value)

    if name in ("z1", "z2"):
        value = _sum_of_products(*r)
        template = " + ".join(["{}{}"] * ((len(r) - 1) // 2)) + " + {}"
        return value, line(template, r, _sum_of_products, value)
    if name == "a1" or (name == "y_pred" and task != "regression"):
        value = sigmoid(r[0])
        return value, line("1 / (1 + e^(−{}))", r, _sigmoid_line, value)
    if name == "y_pred":
        return r[0], line("{}", r, float, r[0])
    if name == "L":
        p, y = r
        if task == "regression":
            value = 0.5 * (p - y) * (p - y)  # inf, not OverflowError
            return value, line("½({} − {})²", [p, y], _squared_error_line, value)
        value = _log_loss(p, y)
        template = "−[{}·ln{} + (1 − {})·ln(1 − {})]"
        return value, line(
            template, [y, p, y, p], lambda y_, p_, _y, _p: _log_loss_line(y_, p_), value
        )
    if name == "delta2":
        value = r[0] - r[1]
        return value, line("{} − {}", r, lambda a, b: a - b, value)
    if name in ("db2", "db1"):
        return r[0], line("{}", r, float, r[0])
    if name == "sigma_prime":
        a1 = r[0]
        one_minus_a1 = 1.0 - a1
        z1 = get(("z1", event.index))
        if a1 == sigmoid(z1):  # the engine's a1: its 1 − a1 is σ(−z1), without cancellation
            one_minus_a1 = sigmoid(-z1)
        value = a1 * one_minus_a1
        return value, line("{}{}", [a1, one_minus_a1], _product, value)
    if name in ("dW2", "dW1", "delta1"):
        value = _product(*r)
        return value, line("{}" * len(r), r, _product, value)
    if event.phase == "update":
        theta, lr, g = r
        value = theta - lr * g
        return value, line("{} − {}{}", r, lambda t, eta, grad: t - eta * grad, value)
    raise ValueError(f"no equation for {event.label}")  # a new kind of event: a test checks


def _log_loss(p: float, y: float) -> float:
    # the terms with a factor 0 are left out: a p of exactly 0 or 1 is no error then
    total = 0.0
    for weight, q in ((y, p), (1.0 - y, 1.0 - p)):
        if weight != 0.0:
            total -= weight * (math.log(q) if q > 0 else -math.inf)
    return total


# --- judging


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
        return _label(self.event)

    @property
    def expected(self) -> float:
        return self.event.value


def close(value: float, target: float, tolerance: float | None) -> bool:
    """`value`, written to `tolerance` (None: exactly), is `target` rounded (or equal)."""
    if not math.isfinite(target):  # a value recomputed from huge answers: never "close"
        return value == target
    limit = max(tolerance or 0.0, REL * abs(target), ABS)
    return abs(value - target) <= limit * (1 + 1e-9)  # 0.125 rounds to 0.12 as to 0.13


def judge(trace: Trace, answers: list[Answer]) -> list[Judged]:
    """Judge each answer (in the trace's order) against the correct value and against the
    value the student's own earlier answers give."""
    step = trace.step
    correct: dict[Key, float] = {e.writes: e.value for e in trace if e.phase != "update"}
    by_key = {a.key: a for a in answers}
    own: dict[Key, float] = {}
    origin: dict[Key, tuple[str, ...]] = {}
    mistakes = _MistakeValues(trace)
    out: list[Judged] = []

    def given(key: Key) -> float:
        name, index = key
        if name in PARAMS:
            return step.params.get(key)
        if name == "x":
            return step.x[index[0]]
        return step.y if name == "y" else step.lr

    def operand(key: Key) -> float:
        return given(key) if key[0] in GIVEN else own[key]

    for event in trace:
        changed = [k for k in event.reads if k[0] not in GIVEN and own[k] != correct[k]]
        if changed:
            recomputed, sub = evaluate(event, operand, step.task)
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
            status, origin[event.writes] = "wrong", (_label(event),)
        own[event.writes] = answer.value
        hints = (
            _hints(event, answer, mistakes, (event.value, recomputed)) if status == "wrong" else []
        )
        out.append(Judged(answer, event, status, recomputed, roots, yours, hints))
    return out


class _MistakeValues:
    """Each known mistake's value of every event of the step (computed when first asked)."""

    def __init__(self, trace: Trace) -> None:
        self.trace = trace
        self.values: dict[str, dict[Key, float]] | None = None

    def of(self, key: Key) -> list[tuple[str, float]]:
        from tinynn.core.step import step_pass
        from tinynn.run.trace import describe
        from tinynn.teach.mistakes import mistakes_for

        if self.values is None:
            s = self.trace.step
            self.values = {}
            for m in mistakes_for(s.task):
                buggy = describe(step_pass(s.params, s.x, s.y, s.lr, s.task, m.equations(s.lr)))
                self.values[m.id] = {e.writes: e.value for e in buggy}
        return [(mid, values[key]) for mid, values in self.values.items()]


def _hints(event: Event, answer: Answer, mistakes: _MistakeValues, targets: tuple[float, ...]
           ) -> list[str]:  # fmt: skip
    """What a wrong value looks like: the known mistakes whose value it is, else (of one of
    `targets`) a flipped sign or a factor 2, or for an update the old value or the gradient."""
    from tinynn.teach.mistakes import ALL_MISTAKES

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
        grad_key = (GRAD[event.name], event.index)
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


# --- the report


class AnswersResult(CheckResult):
    """The outcome of checking answers: its str() and repr() are the report `tinynn check
    --answers` prints, and it is true when every answer is right.

    Attributes:
        judged: the answers, judged, in the trace's order.
        unread: the lines that are not answers that can be checked (unknown names...).
    """

    def __init__(self, report: str, judged: list[Judged], unread: list[Problem]) -> None:
        passed = bool(judged) and not unread and all(j.status == "right" for j in judged)
        super().__init__(report, passed, None, [], [])
        self.judged = judged
        self.unread = unread


def report(judged: list[Judged], problems: list[Problem], trace: Trace, heading: str) -> str:
    """The report: a heading, one line per answer in the trace's order (✓ right, ✗ wrong,
    ↪ carried), the lines that could not be read, and a summary line."""
    lines = [heading]
    for j in judged:
        digits = min(17, max(6, written_number(j.answer.text).digits + 2))
        said = f"{j.label} = {j.answer.text}"
        if j.status == "right":
            lines.append(f"✓ {said}")
        elif j.status == "carried":
            lines.append(f"↪ {said}   carried from {', '.join(j.origin)} "
                         f"(the correct value is {fmt(j.expected, digits)})")  # fmt: skip
            lines.append(f"    from your values: {j.yours}")
        else:
            lines.append(f"✗ {said}   expected {fmt(j.expected, digits)}")
            lines.append(f"    {j.event.text(digits)}")
            if j.yours is not None:
                lines.append(f"    from your earlier values it would be: {j.yours}")
            lines += [f"    {h}" for h in j.hints]
    for p in problems[:MAX_PROBLEM_LINES]:
        lines.append(f"? line {p.line}: {p.message}")
    if len(problems) > MAX_PROBLEM_LINES:
        lines.append(f"? ... and {len(problems) - MAX_PROBLEM_LINES} more lines not read")
    counts = {s: sum(j.status == s for j in judged) for s in ("right", "wrong", "carried")}
    summary = (
        f"{len(judged)} answer{'s' * (len(judged) != 1)}: {counts['right']} right, "
        f"{counts['wrong']} wrong, {counts['carried']} carried from a wrong one"
    )
    if problems:
        summary += f"; {len(problems)} line{'s' * (len(problems) != 1)} not read"
    given = {j.event.writes for j in judged}
    left = [e for e in trace if e.writes not in given]
    if not judged:
        first = left[0].label
        summary = f"no value filled in yet: the step's {len(trace)} values start with {first}"
        if problems:
            summary += f"; {len(problems)} line{'s' * (len(problems) != 1)} not read"
    elif left:
        summary += f"; {len(left)} of the step's {len(trace)} values not given (not checked)"
    else:
        summary += f"; every one of the step's {len(trace)} values given"
    lines.append(summary)
    return "\n".join(lines) + "\n"


# --- entry points


def lesson_setup(lesson: str = DEFAULT_LESSON, sample: int | None = None) -> Setup:
    """The set-up of a lesson (a shipped lesson's name or a file), at `sample` if given."""
    from tinynn.run.config import resolve
    from tinynn.teach.lesson import load_lesson

    config = load_lesson(lesson).config
    if sample is not None:
        config = config.with_(sample=sample)
    return resolve(config)


def check_answers(
    answers: str | os.PathLike[str] | Mapping[str, object],
    lesson: str = DEFAULT_LESSON,
    sample: int | None = None,
    *,
    setup: Setup | None = None,
    what: str | None = None,
) -> AnswersResult:
    """Check hand-worked answers for one step of a lesson.

    Args:
        answers: a file's path (`name = value` lines, or a CSV name,value), or a dict
            name -> value (a number, or the number as text, judged to its digits).
        lesson: a shipped lesson's name or a lesson file.
        sample: the sample of the step (default: the lesson's).
        setup: the step's set-up, instead of `lesson` and `sample` (a worksheet's).
        what: what the report's heading calls the step (default: the lesson and sample).

    Raises:
        TinyNNError: the file cannot be read, or has no answers (exit 2).
    """
    from tinynn.io.files import read_text, show
    from tinynn.run.trace import trace_step

    if setup is None:
        setup = lesson_setup(lesson, sample)
    trace = trace_step(setup.params, setup.x, setup.y, setup.lr, setup.task)
    if isinstance(answers, Mapping):
        source = "your answers"
        rows = [(k, str(name), _as_text(v)) for k, (name, v) in enumerate(answers.items(), 1)]
        problems: list[Problem] = []
    else:
        path = os.fspath(answers)
        source = show(path)
        rows, problems = split_lines(read_text(path, TinyNNError, "an answers file"))
    read, more = read_answers(rows, trace)
    problems = sorted(problems + more)
    if not read and not rows:
        first = f": line {problems[0].line}: {problems[0].message}" if problems else ""
        raise TinyNNError(
            f"no answers in {source} (write one a line: name = value, like z1[0] = 0.5){first}"
        )
    x = vector_text(setup.x)
    what = what or f"lesson {lesson}, sample {setup.sample}"
    heading = (
        f"{source}: {what} (x = {x}, y = {fmt(setup.y)}, "
        f"η = {fmt(setup.lr)}), each value judged to the digits written"
    )
    judged = judge(trace, read)
    return AnswersResult(report(judged, problems, trace, heading), judged, problems)


def _as_text(v: object) -> str:
    if isinstance(v, float):
        return repr(v)  # 0.12 typed in a notebook is "0.12": judged to its digits
    return str(v)
