"""`tinynn grade`: a class's submissions graded with the verdicts of `tinynn check`, in parallel.

Each file (tinynn/grading/submissions.py finds them) is checked as `tinynn check` checks
it: code by `check_file` (its step in an isolated child process), answers by
`check_answers` against the student's worksheet. The outcome is scored
(tinynn/grading/points.py) and kept as a `Graded` record of plain data; the files run
in parallel, each in a worker of its own with bounded memory and time
(tinynn/grading/pool.py). tinynn/grading/gradebook.py writes what comes out.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import NamedTuple

from tinynn import __version__
from tinynn.core.errors import ConfigError, TinyNNError
from tinynn.core.numbers import typed_text
from tinynn.core.validate import (
    MAX_JOBS,
    MEMORY_MIB,
    TASKS,
    points_problem,
    seconds_problem,
    whole_problem,
)
from tinynn.grading.answers import answers_step, check_answers
from tinynn.grading.defaults import (
    DEFAULT_CASES,
    DEFAULT_MEMORY,
    DEFAULT_POINTS,
    DEFAULT_TIME_LIMIT,
    DEFAULT_TIMEOUT,
    DEFAULT_TOLERANCE,
)
from tinynn.grading.feedback import answers_feedback, code_feedback
from tinynn.grading.isolation import isolation
from tinynn.grading.points import (
    Part,
    Scored,
    Weights,
    answers_points,
    code_points,
    weights_text,
)
from tinynn.grading.pool import default_jobs, run_each
from tinynn.grading.step_check import check_file, task_list, validate_options
from tinynn.grading.submissions import Submission
from tinynn.io.files import printable
from tinynn.run.trace import trace_step
from tinynn.teach.marking import MIN_DIGITS, check_marking

MiB = 1 << 20
ANSWERS_PER_WORKER = 5  # answers files graded by one worker, one after the other
NOT_RUN = "none needed (no code is run)"
Progress = Callable[[int, "Graded", int], None]  # (files graded, the last one, files in all)


class Settings(NamedTuple):
    """How a class is graded: `tinynn check`'s options, the points, and the bounds."""

    cases: int = DEFAULT_CASES
    tolerance: float = DEFAULT_TOLERANCE
    timeout: float = DEFAULT_TIMEOUT
    points: float = DEFAULT_POINTS
    weights: Weights = Weights()
    hints: bool = True
    lesson: str | None = None  # the step of answers files without a worksheet ID
    tasks: tuple[str, ...] = TASKS  # the tasks a step is checked on
    min_digits: int = MIN_DIGITS  # an answer that is not exact must have as many
    jobs: int = 0  # 0: one per CPU
    time_limit: float = DEFAULT_TIME_LIMIT
    memory: int = DEFAULT_MEMORY

    def options(self) -> str:
        """The options as `tinynn grade` takes them, to record with every output."""
        words = [
            "tinynn grade",
            f"--cases {self.cases}",
            f"--tolerance {typed_text(self.tolerance)}",
            f"--timeout {typed_text(self.timeout)}",
            f"--tasks {','.join(self.tasks)}",
            f"--min-digits {self.min_digits}",
            f"--points {typed_text(self.points)}",
            f"--weights {self.weights.option()}",
            f"--jobs {self.jobs or default_jobs()}",
            f"--time-limit {typed_text(self.time_limit)}",
            f"--memory {self.memory}",
        ]
        if not self.hints:
            words.append("--no-hints")
        if self.lesson is not None:
            words.append(f"--lesson {printable(self.lesson)}")
        return " ".join(words)

    def validate(self) -> Settings:
        """These settings, or ConfigError naming the one out of range: `tinynn check`'s own
        options by its own check, the others by the bounds the options' types check
        (tinynn/core/validate.py), before any file is graded."""
        validate_options(self.cases, self.tolerance, self.timeout)
        check_marking(self.min_digits, None)
        settings = self._replace(tasks=task_list(self.tasks))
        for name, problem in (
            ("--points", points_problem(self.points)),
            ("--jobs", whole_problem(self.jobs, 0, MAX_JOBS)),
            ("--time-limit", seconds_problem(self.time_limit)),
            ("--memory", whole_problem(self.memory, *MEMORY_MIB)),
        ):
            if problem:
                raise ConfigError(f"{name} {problem}")
        return settings


class Graded(NamedTuple):
    """One submission, graded: plain data (it comes back from a worker process).

    Attributes:
        sub: the file and whose it is.
        scored: the points and counts (no parts when it could not be graded).
        max_score: the points it could have earned (the settings' points).
        report: the text `tinynn check` prints for it, escaped (the teacher's copy).
        feedback: what the student is shown: the report, or without hints and correct
            values (--no-hints).
        isolation: how the student's code was kept apart ("none needed" for answers).
        rule: how a number was judged the same as the engine's.
        seconds: how long it took.
        error: why it could not be graded ("" when it was).
    """

    sub: Submission
    scored: Scored
    max_score: float
    report: str
    feedback: str
    isolation: str
    rule: str
    seconds: float
    error: str = ""

    @property
    def score(self) -> float:
        return self.scored.score


def grade_one(sub: Submission, settings: Settings) -> Graded:
    """Grade one file as `tinynn check` checks it."""
    start = time.monotonic()
    try:
        if sub.problem:
            raise TinyNNError(sub.problem)
        graded = _code(sub, settings) if sub.kind == "code" else _answers(sub, settings)
    except TinyNNError as e:
        graded = not_graded(sub, settings, str(e))
    return graded._replace(seconds=round(time.monotonic() - start, 3))


def _code(sub: Submission, settings: Settings) -> Graded:
    s = settings
    result = check_file(sub.path, s.cases, s.tolerance, s.timeout, s.tasks)
    used = isolation()  # after the check: it knows then whether bubblewrap started
    scored = code_points(result, s.weights, s.points, s.tasks)
    report = escaped(f"{used.line()}\n{result.report}")  # what `tinynn check` prints
    feedback = report if s.hints else code_feedback(result, scored)
    rule = (
        f"every updated parameter, and every other number the step returns, agrees with "
        f"the engine's to {typed_text(s.tolerance)} relative (and rounding), in every case "
        f"of {' and '.join(s.tasks)}"
    )
    said = printable(used.line().removeprefix("isolation: "))
    return Graded(sub, scored, s.points, report, feedback, said, rule, 0.0)


def _answers(sub: Submission, settings: Settings) -> Graded:
    if not sub.sheet and settings.lesson is None:
        raise TinyNNError(
            "no worksheet ID in its header (# Worksheet ID: ...) nor on a roster: give "
            "--lesson NAME to grade it against a lesson's step"
        )
    sheet = sub.sheet or None
    # the step `tinynn check --answers` judges them on (the sheet's, or the lesson's), and
    # its trace, whose values the points are shared among (a blank one too)
    setup = answers_step(settings.lesson, None, sheet, None).setup
    result = check_answers(sub.path, settings.lesson, worksheet=sheet,
                           min_digits=settings.min_digits)  # fmt: skip
    trace = trace_step(setup.params, setup.x, setup.y, setup.lr, setup.task)
    scored = answers_points(result, trace, settings.weights, settings.points)
    report = escaped(result.report)
    feedback = report if settings.hints else answers_feedback(result, trace)
    rule = f"each value {result.marking.text()}"
    return Graded(sub, scored, settings.points, report, feedback, NOT_RUN, rule, 0.0)


def not_graded(sub: Submission, settings: Settings, why: str) -> Graded:
    """A submission that could not be graded: no points, and why."""
    line = escaped(why.rstrip("\n")) + "\n"
    first = "not graded"
    parts = (Part("graded", 0.0, settings.points, f"not graded: {line.strip()}"),)
    scored = Scored(parts, 0, 0, None, None, first, (), ())
    said = printable(isolation().line().removeprefix("isolation: "))
    return Graded(sub, scored, settings.points, line, line, said if sub.kind == "code" else NOT_RUN,
                  "", 0.0, line.strip())  # fmt: skip


def escaped(text: str) -> str:
    """A report as the outputs hold it: every control character but the line ends escaped
    (a student's printed escape sequence cannot reach a terminal or a browser as one)."""
    return printable(text, keep="\n")


def grade_class(subs: list[Submission], settings: Settings,
                done: Progress | None = None) -> list[Graded]:  # fmt: skip
    """Grade every submission, in parallel (at most `settings.jobs` at a time, each within
    its time and memory limits), in the submissions' order; `done(count, graded, total)`
    is called as each one ends.

    Each code file has a worker of its own (its step runs in it); answers files, which run
    no code and take milliseconds, go ANSWERS_PER_WORKER to a worker, so that starting
    workers does not cost more than the grading.
    """
    code = [[k] for k, s in enumerate(subs) if s.kind == "code"]
    answers = [k for k, s in enumerate(subs) if s.kind != "code"]
    units = code + [answers[i : i + ANSWERS_PER_WORKER]
                    for i in range(0, len(answers), ANSWERS_PER_WORKER)]  # fmt: skip
    count = [0]

    def work(unit: list[int]) -> list[Graded]:
        return [grade_one(subs[k], settings) for k in unit]

    def failed(unit: list[int], why: str) -> list[Graded]:
        return [not_graded(subs[k], settings, why)._replace(seconds=settings.time_limit)
                for k in unit]  # fmt: skip

    def finished(index: int, graded: list[Graded]) -> None:
        for g in graded:
            count[0] += 1
            if done is not None:
                done(count[0], g, len(subs))

    results = run_each(units, work, failed, settings.jobs or default_jobs(),
                       settings.time_limit, settings.memory * MiB, finished)  # fmt: skip
    out: list[Graded | None] = [None] * len(subs)
    for unit, graded in zip(units, results):
        for k, g in zip(unit, graded):
            out[k] = g
    return [g for g in out if g is not None]


def stamp(settings: Settings) -> dict[str, str]:
    """What every output records, so that a regrade can be explained."""
    w, points = settings.weights, settings.points
    return {"tinynn": __version__, "options": settings.options(),
            "code points": weights_text(w, points, "code"),
            "answers points": weights_text(w, points, "answers")}  # fmt: skip
