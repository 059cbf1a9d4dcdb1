"""`tinynn check --answers FILE`: values worked out by hand, checked against a lesson's step.

The file has one answer a line, `name = value` (or `name,value`, a CSV), read by
tinynn/grading/answer_file.py. Each value is judged to the digits the student wrote:
"0.12" is right for any true value within half a unit of its last digit (0.115 to
0.125); a whole number ("0", "2") or a fraction ("1/8") is taken as exact, as is a
value written with more digits than rounding can tell apart (to 1e-9 relative).

A value is also judged against the student's own earlier answers
(tinynn/grading/judge.py), so that an error is reported once, where it starts; the
report gives a wrong value the expected one, the equation with its numbers, and the
known mistake (tinynn/teach/mistakes.py) whose value it equals.
"""

from __future__ import annotations

import os
from collections.abc import Mapping

from tinynn.core.errors import TinyNNError
from tinynn.core.numbers import fmt, vector_text, written_number
from tinynn.grading.answer_file import (
    Unread,
    read_answers,
    split_lines,
)
from tinynn.grading.defaults import DEFAULT_LESSON
from tinynn.grading.judge import Judged, judge
from tinynn.grading.report import CheckResult
from tinynn.io.files import read_text, show
from tinynn.run.config import Setup, resolve
from tinynn.run.trace import Trace, trace_step
from tinynn.teach.lesson import load_lesson

MAX_PROBLEM_LINES = 20  # lines of the file that could not be read, shown in a report


class AnswersResult(CheckResult):
    """The outcome of checking answers: its str() and repr() are the report `tinynn check
    --answers` prints, and it is true when every answer is right.

    Attributes:
        judged: the answers, judged, in the trace's order.
        unread: the lines that are not answers that can be checked (unknown names...).
    """

    def __init__(self, report: str, judged: list[Judged], unread: list[Unread]) -> None:
        passed = bool(judged) and not unread and all(j.status == "right" for j in judged)
        super().__init__(report, passed, None, [], [])
        self.judged = judged
        self.unread = unread


def report(judged: list[Judged], problems: list[Unread], trace: Trace, heading: str) -> str:
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


def lesson_setup(lesson: str = DEFAULT_LESSON, sample: int | None = None) -> Setup:
    """The set-up of a lesson (a shipped lesson's name or a file), at `sample` if given."""
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
    if setup is None:
        setup = lesson_setup(lesson, sample)
    trace = trace_step(setup.params, setup.x, setup.y, setup.lr, setup.task)
    if isinstance(answers, Mapping):
        source = "your answers"
        rows = [(k, str(name), _as_text(v)) for k, (name, v) in enumerate(answers.items(), 1)]
        problems: list[Unread] = []
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
