"""Quiz mode: guess every value of one SGD step before it is shown.

The quiz walks the trace of a step event by event. Each value stays hidden
until the student guesses it; a guess within a relative tolerance of the true
value (1e-2 by default, set by a lesson) counts as right, and either way the
true value and the substituted formula are shown before the next question,
so later questions build on correct numbers.

`Quiz` is the state only (no input, no output), so the terminal loop
`run_cli` below and the walkthrough drive the same object.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, TextIO

from .errors import ConfigError, TinyNNError
from .trace import PHASES, Event, fmt, trace_step

if TYPE_CHECKING:
    from .config import Setup
    from .lesson import Lesson

DEFAULT_TOLERANCE = 1e-2
ABS_TOL = 1e-12  # a true value this close to 0 is 0: only rounding noise is left
SKIP = ("s", "skip")
QUIT = ("q", "quit")
HINT = "type a number (like 0.5, −1e-3 or 1/8), s to reveal the value, q to quit"


class GuessError(TinyNNError):
    """A guess that is not a number."""


def parse_guess(text: str) -> float:
    """Read a guess: "0.5", "-1e-3", "−0.2" (a real minus sign), "+2" or a fraction "1/8"."""
    s = text.strip().replace("\u2212", "-").replace("\u2009", "").replace(" ", "")
    try:
        if "/" in s:
            num, den = s.split("/", 1)
            value = float(num) / float(den)
        else:
            value = float(s)
    except (ValueError, ZeroDivisionError):
        raise GuessError(f"not a number: {text.strip()!r}; {HINT}") from None
    if not math.isfinite(value):
        raise GuessError(f"not a finite number: {text.strip()!r}; {HINT}")
    return value


def accepts(guess: float, value: float, tolerance: float) -> bool:
    """True if `guess` is within `tolerance`, relative to the true `value`, of it."""
    return abs(guess - value) <= tolerance * abs(value) + ABS_TOL


@dataclass(frozen=True)
class Result:
    """The outcome of one question.

    Attributes:
        event: the trace event that was asked (its value is the true value).
        guess: the student's number, or None if the value was revealed unguessed.
        correct: whether the guess was within the tolerance.
    """

    event: Event
    guess: float | None
    correct: bool

    @property
    def value(self) -> float:
        return self.event.value

    @property
    def skipped(self) -> bool:
        return self.guess is None

    @property
    def substituted(self) -> str:
        """The full line: equation = formula with numbers = value."""
        return self.event.text()


@dataclass(frozen=True)
class Score:
    """How a quiz went so far."""

    right: int
    wrong: int
    skipped: int
    total: int

    @property
    def asked(self) -> int:
        return self.right + self.wrong + self.skipped

    def text(self) -> str:
        return (
            f"score: {self.right} of {self.asked} right "
            f"({self.wrong} wrong, {self.skipped} revealed; {self.total} values in all)"
        )


class Quiz:
    """The questions of one quiz, the current one, and the answers so far (no I/O)."""

    def __init__(
        self,
        events: Sequence[Event],
        tolerance: float = DEFAULT_TOLERANCE,
        phase: str | None = None,
    ) -> None:
        """Quiz over `events`, or over those of one `phase` (forward, loss, backward, update)."""
        check_tolerance(tolerance)
        if phase is not None and phase not in PHASES:
            raise ConfigError(f"unknown phase {phase!r} (choose from {', '.join(PHASES)})")
        self.events = [e for e in events if phase is None or e.phase == phase]
        self.tolerance = tolerance
        self.phase = phase
        self.results: list[Result] = []

    @classmethod
    def for_setup(
        cls, setup: Setup, tolerance: float = DEFAULT_TOLERANCE, phase: str | None = None
    ) -> Quiz:
        """A quiz on the step of `setup`'s sample."""
        trace = trace_step(setup.params, setup.x, setup.y, setup.lr, setup.task)
        return cls(trace.events, tolerance, phase)

    @property
    def position(self) -> int:
        """The index of the current question in `events`."""
        return len(self.results)

    @property
    def current(self) -> Event | None:
        """The event whose value is hidden now, or None when the quiz is over."""
        return None if self.finished else self.events[self.position]

    @property
    def finished(self) -> bool:
        return self.position >= len(self.events)

    def check(self, guess: float) -> Result:
        """Score `guess` for the current value, reveal it and move on."""
        event = self._current()
        result = Result(event, guess, accepts(guess, event.value, self.tolerance))
        self.results.append(result)
        return result

    def answer(self, text: str) -> Result:
        """`check` a typed guess; raises GuessError if it is not a number."""
        return self.check(parse_guess(text))

    def skip(self) -> Result:
        """Reveal the current value without a guess (it counts as not right)."""
        result = Result(self._current(), None, False)
        self.results.append(result)
        return result

    @property
    def score(self) -> Score:
        right = sum(r.correct for r in self.results)
        skipped = sum(r.skipped for r in self.results)
        wrong = len(self.results) - right - skipped
        return Score(right, wrong, skipped, len(self.events))

    def _current(self) -> Event:
        event = self.current
        if event is None:
            raise ConfigError("the quiz is over: every value has been asked")
        return event


def check_tolerance(tolerance: float) -> None:
    if not (isinstance(tolerance, (int, float)) and 0 < tolerance < 1):
        raise ConfigError(f"tolerance must be a number between 0 and 1, got {tolerance!r}")


# --- the terminal quiz


def run_cli(
    setup: Setup,
    lesson: Lesson | None,
    phase: str | None,
    tolerance: float | None,
    stdin: TextIO,
    out: TextIO,
) -> int:
    """`tinynn quiz`: ask every value of one step on the terminal, reading guesses from stdin.

    A number is a guess; s (skip) reveals the value; q (quit) or the end of the
    input stops the quiz. Either way it ends with the score. Returns 0.
    """
    if tolerance is None:
        tolerance = lesson.tolerance if lesson is not None else DEFAULT_TOLERANCE
    quiz = Quiz.for_setup(setup, tolerance, phase)
    _intro(setup, lesson, quiz, out)
    while not quiz.finished:
        event = quiz.current
        assert event is not None
        out.write(f"\n[{event.phase} {quiz.position + 1}/{len(quiz.events)}] {event.equation}\n")
        result = _ask(quiz, out, stdin)
        if result is None:
            break
        out.write(_verdict(result, quiz.tolerance) + "\n")
    out.write("\n" + quiz.score.text() + "\n")
    return 0


def _ask(quiz: Quiz, out: TextIO, stdin: TextIO) -> Result | None:
    """Read lines until one is a guess or a skip; None on q or end of input."""
    event = quiz.current
    assert event is not None
    while True:
        label = f"new {event.lhs}" if event.phase == "update" else event.lhs
        out.write(f"{label} = ? ")
        out.flush()
        line = stdin.readline()
        if not line:
            out.write("\n")
            return None
        if not _isatty(stdin):  # show a piped answer, so the transcript reads like a session
            out.write(line.rstrip("\n") + "\n")
        word = line.strip().lower()
        if word in QUIT:
            return None
        if word in SKIP:
            return quiz.skip()
        if not word:
            out.write(f"  ({HINT})\n")
            continue
        try:
            return quiz.answer(line)
        except GuessError as e:
            out.write(f"  {e}\n")


def _verdict(result: Result, tolerance: float) -> str:
    line = result.substituted
    if result.skipped:
        return f"  revealed: {line}"
    if result.correct:
        return f"  ✓ right: {line}"
    assert result.guess is not None
    return f"  ✗ you said {fmt(result.guess)}; {line}"


def _intro(setup: Setup, lesson: Lesson | None, quiz: Quiz, out: TextIO) -> None:
    if lesson is not None:
        out.write(lesson.intro())
    p = setup.params
    which = f"the {quiz.phase} phase" if quiz.phase else "every value"
    out.write(
        f"Quiz: {which} of one SGD step, {len(quiz.events)} questions; a guess within "
        f"{quiz.tolerance:.3g} (relative) of the true value is right.\n"
        f"Task {setup.task}, {p.n_inputs}-{p.n_hidden}-1 network, sample {setup.sample} "
        f"of {setup.data.name}:\n"
        f"  x = {_vec(setup.x)}, y = {fmt(setup.y)}, η = {fmt(setup.lr)}\n"
        f"  W1 = [{', '.join(_vec(r) for r in p.W1)}]\n"
        f"  b1 = {_vec(p.b1)}, W2 = {_vec(p.W2)}, b2 = {fmt(p.b2)}\n"
    )
    if quiz.phase not in (None, "forward"):
        out.write("Values of the earlier phases:\n")
        trace = trace_step(p, setup.x, setup.y, setup.lr, setup.task)
        for e in trace:
            if PHASES.index(e.phase) < PHASES.index(quiz.phase):
                out.write(f"  {e.lhs} = {fmt(e.value)}\n")
    out.write(HINT[0].upper() + HINT[1:] + ".\n")


def _isatty(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def _vec(v: list[float]) -> str:
    return "[" + ", ".join(fmt(a) for a in v) + "]"
