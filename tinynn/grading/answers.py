"""`tinynn check --answers FILE`: values worked out by hand, checked against a lesson's step.

The file has one answer a line, `name = value` (or `name,value`, a CSV), read by
tinynn/grading/answer_file.py. Each value is judged by the one rule the quiz uses too
(tinynn/teach/marking.py): right with at least 3 significant digits (`--min-digits`)
within half a unit of the last digit written, or exact (`0.5`, `-1/8`); a relative
`--tolerance` (or the lesson's `tolerance`) replaces the rule when given, and the
report's heading says which.

A value is also judged against the student's own earlier answers
(tinynn/grading/judge.py), so that an error is reported once, where it starts; the
report gives a wrong value the expected one, the equation with its numbers, and what
the number looks like (tinynn/grading/hints.py). Every value of the step must be
given: a blank or missing one is counted and keeps the check from passing.

A worksheet's answers file names its sheet in its first line; that sheet's step is
checked unless `--worksheet` names one (the two must then agree).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import NamedTuple

from tinynn.core.errors import ConfigError, TinyNNError
from tinynn.core.numbers import fmt, vector_text
from tinynn.core.validate import is_finite
from tinynn.grading.answer_file import Unread, header_id, read_answers, split_lines
from tinynn.grading.defaults import DEFAULT_LESSON
from tinynn.grading.judge import Judged, judge
from tinynn.grading.report import CheckResult
from tinynn.io.files import read_text, show
from tinynn.run.config import Setup, resolve
from tinynn.run.trace import Trace, trace_step
from tinynn.teach.lesson import load_lesson
from tinynn.teach.marking import MIN_DIGITS, Marking, check_marking
from tinynn.teach.worksheet import sheet_from_id

MAX_PROBLEM_LINES = 20  # lines of the file that could not be read, shown in a report


class AnswersResult(CheckResult):
    """The outcome of checking answers: its str() and repr() are the report `tinynn check
    --answers` prints, and it is true when every answer is right.

    Attributes:
        judged: the answers, judged, in the trace's order.
        unread: the lines that are not answers that can be checked (unknown names...).
        missing: the step's values not given (blank or left out), in the trace's order.
        marking: the rule they were judged by.
    """

    def __init__(self, report: str, judged: list[Judged], unread: list[Unread],
                 missing: list[str], marking: Marking) -> None:  # fmt: skip
        passed = (bool(judged) and not unread and not missing
                  and all(j.status == "right" for j in judged))  # fmt: skip
        super().__init__(report, passed, None, [], [])
        self.judged = judged
        self.unread = unread
        self.missing = missing
        self.marking = marking


def report(judged: list[Judged], problems: list[Unread], trace: Trace, heading: str) -> str:
    """The report: a heading, one line per answer in the trace's order (✓ right, ✗ wrong,
    ↪ carried), the lines that could not be read, and a summary line."""
    lines = [heading]
    for j in judged:
        digits = min(17, max(6, j.answer.written.digits + 2))
        said = f"{j.label} = {j.answer.text}"
        if j.status == "right":
            lines.append(f"✓ {said}")
            lines += [f"    {h}" for h in j.hints]
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
        summary += f"; {len(left)} of the step's {len(trace)} values not given"
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


class AnswersStep(NamedTuple):
    """The step hand-worked answers are of: its set-up, what a report calls it, and the
    relative tolerance of its lesson (None: the one rule)."""

    setup: Setup
    what: str
    tolerance: float | None


def answers_step(lesson: str | None, sample: int | None, worksheet: str | None,
                 header: str | None) -> AnswersStep:  # fmt: skip
    """The step of `--worksheet ID`, else of the sheet the file's first line names
    (`header`), else of `lesson` (default: the by-hand lesson) at `sample`.

    Raises:
        ConfigError: --sample with a worksheet, a worksheet ID the file's header
            contradicts, or an ID that is not the lesson's.
    """
    if worksheet is not None and header is not None and worksheet.strip() != header:
        raise ConfigError(f"the answers file is of worksheet {header} (its first line), "
                          f"not of {worksheet.strip()}")  # fmt: skip
    sheet_id = worksheet if worksheet is not None else header
    if sheet_id is None:
        name = lesson or DEFAULT_LESSON
        loaded = load_lesson(name)
        config = loaded.config if sample is None else loaded.config.with_(sample=sample)
        setup = resolve(config)
        return AnswersStep(setup, f"lesson {name}, sample {setup.sample}", loaded.tolerance)
    if sample is not None:  # (with --worksheet, refused before the file is read)
        raise ConfigError(f"a worksheet has one step: --sample does not go with worksheet "
                          f"{header} (the file's first line)")  # fmt: skip
    sheet = sheet_from_id(sheet_id, lesson)
    return AnswersStep(sheet.setup, f"worksheet {sheet.id}", sheet.lesson.tolerance)


def rule_text(marking: Marking, whose: str) -> str:
    """How the values are judged, for the report's heading."""
    return f"each value {marking.text()}" + (f" ({whose})" if marking.tolerance is not None else "")


def check_answers(
    answers: str | os.PathLike[str] | Mapping[str, object],
    lesson: str | None = None,
    sample: int | None = None,
    *,
    worksheet: str | None = None,
    setup: Setup | None = None,
    what: str | None = None,
    min_digits: int = MIN_DIGITS,
    tolerance: float | None = None,
) -> AnswersResult:
    """Check hand-worked answers for one step of a lesson.

    Args:
        answers: a file's path (`name = value` lines, or a CSV name,value), or a dict
            name -> value (a number, or the number as text, judged to its digits).
        lesson: a shipped lesson's name or a lesson file (default: by-hand, or the
            lesson of the worksheet the file names).
        sample: the sample of the step (default: the lesson's).
        worksheet: the ID of a worksheet whose step they are (tinynn/teach/worksheet.py);
            default: the one an answers file names in its first line, if any.
        setup: the step's set-up, instead of the above (`what` names it in the report).
        what: what the report's heading calls the step.
        min_digits: the significant digits a value that is not exact must have.
        tolerance: a relative tolerance instead of the rule (default: the lesson's, if
            it has one); stated in the report.

    Raises:
        TinyNNError: the file cannot be read, or has no answers (exit 2); ConfigError: an
            option out of range, or a worksheet ID that does not fit.
    """
    marking = check_marking(min_digits, tolerance)
    if worksheet is not None and sample is not None:
        raise ConfigError("a worksheet has one step: --sample does not go with --worksheet")
    if isinstance(answers, Mapping):
        source = "your answers"
        rows = [(k, str(name), _as_text(v)) for k, (name, v) in enumerate(answers.items(), 1)]
        problems: list[Unread] = []
        header = None
    else:
        path = os.fspath(answers)
        source = show(path)
        text = read_text(path, TinyNNError, "an answers file")
        rows, problems = split_lines(text)
        header = header_id(text)
    whose = "--tolerance"
    if setup is None:
        step = answers_step(lesson, sample, worksheet, header)
        setup, what = step.setup, what or step.what
        if tolerance is None and step.tolerance is not None:
            marking, whose = marking._replace(tolerance=step.tolerance), "the lesson's tolerance"
    trace = trace_step(setup.params, setup.x, setup.y, setup.lr, setup.task)
    read, more = read_answers(rows, trace)
    problems = sorted(problems + more)
    if not read and not rows:
        first = f": line {problems[0].line}: {problems[0].message}" if problems else ""
        raise TinyNNError(
            f"no answers in {source} (write one a line: name = value, like z1[0] = 0.5){first}"
        )
    x = vector_text(setup.x)
    what = what or f"sample {setup.sample}"
    heading = (
        f"{source}: {what} (x = {x}, y = {fmt(setup.y)}, "
        f"η = {fmt(setup.lr)}); {rule_text(marking, whose)}"
    )
    judged = judge(trace, read, marking)
    given = {j.event.writes for j in judged}
    missing = [e.answer_name for e in trace if e.writes not in given]
    return AnswersResult(
        report(judged, problems, trace, heading), judged, problems, missing, marking
    )


def _as_text(v: object) -> str:
    if isinstance(v, float):
        return repr(v)  # 0.12 typed in a notebook is "0.12": judged to its digits
    if isinstance(v, int) and not is_finite(v):  # str() refuses 5000 digits: its size will do
        return f"{'-' * (v < 0)}1e{int(v.bit_length() * 0.30103)}"
    return str(v)
