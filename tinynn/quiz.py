"""Quiz mode: guess every value of one SGD step before it is shown.

The quiz walks the trace of a step event by event. Each value stays hidden
until the student guesses it. A guess within a relative tolerance (1e-2 by
default, set by a lesson) is right; an update question is judged on the
change Δθ = −η·∂L/∂θ, not on θ itself, so "no change" is never right. A wrong
guess that matches a known mistake (tinynn/mistakes.py: the step recomputed
with one equation swapped), a flipped sign or a left-out factor gets a hint
naming it, and another try while tries are left; then the true value and the
substituted formula are shown, so later questions build on correct numbers.
The score counts the answers right at the first try.

`Quiz` is the state only (no input, no output), so the terminal loop and the
walkthrough drive the same object.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, NamedTuple, TextIO

from .errors import ConfigError, TinyNNError
from .keys import GRAD, symbol_text
from .trace import PHASES, Event, Trace, describe, fmt, trace_step

if TYPE_CHECKING:
    from .config import Setup
    from .lesson import Lesson
    from .mistakes import Mistake

DEFAULT_TOLERANCE = 1e-2
DEFAULT_TRIES = 2  # a hint, then one more try
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


class Result(NamedTuple):
    """The outcome of one guess.

    Attributes:
        event: the trace event that was asked (its value is the true value).
        guess: the student's number, or None if the value was revealed unguessed.
        correct: whether the guess was within the tolerance.
        hint: what the wrong guess looks like (a known mistake, a sign...), or None.
        final: False while the student may try again (the value stays hidden).
        tries: the number of this try, from 1.
    """

    event: Event
    guess: float | None
    correct: bool
    hint: str | None = None
    final: bool = True
    tries: int = 1

    @property
    def value(self) -> float:
        return self.event.value

    @property
    def skipped(self) -> bool:
        return self.guess is None

    @property
    def first_try(self) -> bool:
        return self.correct and self.tries == 1

    @property
    def substituted(self) -> str:
        """The full line: equation = formula with numbers = value."""
        return self.event.text()


class Score(NamedTuple):
    """How a quiz went so far: `right` counts first tries, `later` right after a hint."""

    right: int
    wrong: int
    skipped: int
    total: int
    later: int = 0

    @property
    def asked(self) -> int:
        return self.right + self.later + self.wrong + self.skipped

    def text(self) -> str:
        later = f" at the first try, {self.later} after a hint" if self.later else ""
        values = "value" if self.total == 1 else "values"
        return (
            f"score: {self.right} of {self.asked} right{later} "
            f"({self.wrong} wrong, {self.skipped} revealed; {self.total} {values} in all)"
        )


class Quiz:
    """The questions of one quiz, the current one, and the answers so far (no I/O)."""

    def __init__(
        self,
        trace: Trace,
        tolerance: float = DEFAULT_TOLERANCE,
        phase: str | None = None,
        tries: int = DEFAULT_TRIES,
    ) -> None:
        """Quiz over the events of `trace`, or over those of one `phase`, `tries` per question."""
        check_tolerance(tolerance)
        if phase is not None and phase not in PHASES:
            raise ConfigError(f"unknown phase {phase!r} (choose from {', '.join(PHASES)})")
        if not isinstance(tries, int) or isinstance(tries, bool) or not 1 <= tries <= 9:
            raise ConfigError(f"tries must be a whole number from 1 to 9, got {tries!r}")
        self.trace = trace
        self.events = [e for e in trace if phase is None or e.phase == phase]
        self.tolerance = tolerance
        self.phase = phase
        self.tries = tries
        self.results: list[Result] = []  # the final result of each question asked
        self.attempts = 0  # wrong tries of the current question so far
        self._mistaken: dict[str, Trace] = {}

    @classmethod
    def for_setup(
        cls,
        setup: Setup,
        tolerance: float = DEFAULT_TOLERANCE,
        phase: str | None = None,
        tries: int = DEFAULT_TRIES,
    ) -> Quiz:
        """A quiz on the step of `setup`'s sample."""
        trace = trace_step(setup.params, setup.x, setup.y, setup.lr, setup.task)
        return cls(trace, tolerance, phase, tries)

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

    def is_right(self, event: Event, guess: float) -> bool:
        """Within the tolerance of the value; for an update, of the change Δθ it makes."""
        if event.phase == "update":
            old = self.trace.step.params.get(event.writes)
            return accepts(guess - old, event.value - old, self.tolerance)
        return accepts(guess, event.value, self.tolerance)

    def check(self, guess: float) -> Result:
        """Score `guess` for the current value; a wrong one gets a hint and, if left, a retry."""
        event = self._current()
        tries = self.attempts + 1
        if self.is_right(event, guess):
            return self._final(Result(event, guess, True, tries=tries))
        hint = self.hint(event, guess)
        if tries < self.tries:
            self.attempts = tries
            return Result(event, guess, False, hint, final=False, tries=tries)
        return self._final(Result(event, guess, False, hint, tries=tries))

    def answer(self, text: str) -> Result:
        """`check` a typed guess; raises GuessError if it is not a number."""
        return self.check(parse_guess(text))

    def skip(self) -> Result:
        """Reveal the current value without a guess (it counts as not right)."""
        return self._final(Result(self._current(), None, False, tries=self.attempts + 1))

    def hint(self, event: Event, guess: float) -> str | None:
        """What a wrong guess looks like: an unchanged θ, a flipped sign, a known mistake..."""
        old = 0.0  # an update is judged on its change, so every value is compared as one
        if event.phase == "update":
            step = self.trace.step
            old = step.params.get(event.writes)
            grad_key = (GRAD[event.name], event.index)
            grad = step.grads.get(grad_key)
            if self._near(guess, old, old):
                return "that is the old value: the update moves it by −η·∂L/∂θ"
            if self._near(guess, old + step.lr * grad, old):
                return "the step goes against the gradient: θ − η·∂L/∂θ, not θ + η·∂L/∂θ"
            if self._near(guess, grad):
                return f"that is {symbol_text(grad_key)}; the question asks for the new value"
        for mistake, value in self._mistake_values(event):
            if self._near(guess, value, old) and not self._near(value, event.value, old):
                return f"that is what {mistake.title} gives: {mistake.wrong}"
        change = event.value - old
        if change != 0 and self._near(guess, old - change, old):
            return "the size is right but the sign is not"
        if change != 0 and self._near(guess, old + 2 * change, old):
            return "twice the value: is a factor ½ missing?"
        return None

    @property
    def score(self) -> Score:
        right = sum(r.first_try for r in self.results)
        later = sum(r.correct and not r.first_try for r in self.results)
        skipped = sum(r.skipped for r in self.results)
        wrong = len(self.results) - right - later - skipped
        return Score(right, wrong, skipped, len(self.events), later)

    def _final(self, result: Result) -> Result:
        self.results.append(result)
        self.attempts = 0
        return result

    def _near(self, a: float, b: float, origin: float = 0.0) -> bool:
        """a within the tolerance of b, both measured from `origin` (an update's old θ)."""
        return accepts(a - origin, b - origin, self.tolerance)

    def _mistake_values(self, event: Event) -> list[tuple[Mistake, float]]:
        """Each known mistake's value for this event (the step recomputed with it swapped in)."""
        from .mistakes import ALL_MISTAKES
        from .step import step_pass

        s = self.trace.step
        found = []
        for m in ALL_MISTAKES:
            if s.task not in m.tasks:
                continue
            if m.id not in self._mistaken:
                buggy = step_pass(s.params, s.x, s.y, s.lr, s.task, m.equations(s.lr))
                self._mistaken[m.id] = describe(buggy)
            k = self.events_index(event)
            found.append((m, self._mistaken[m.id][k].value))
        return found

    def events_index(self, event: Event) -> int:
        """The position of `event` in the whole trace (the same in a mistake's trace)."""
        return self.trace.events.index(event)

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
    tries: int = DEFAULT_TRIES,
) -> int:
    """`tinynn quiz`: ask every value of one step on the terminal, reading guesses from stdin.

    A number is a guess; s (skip) reveals the value; q (quit) or the end of the
    input stops the quiz. Either way it ends with the score. Returns 0.
    """
    if tolerance is None:
        tolerance = lesson.tolerance if lesson is not None else DEFAULT_TOLERANCE
    quiz = Quiz.for_setup(setup, tolerance, phase, tries)
    _intro(setup, lesson, quiz, out)
    while not quiz.finished:
        event = quiz.current
        assert event is not None
        out.write(f"\n[{event.phase} {quiz.position + 1}/{len(quiz.events)}] {event.equation}\n")
        result = _ask(quiz, out, stdin)
        while result is not None and not result.final:
            out.write(f"  ✗ not quite{f': {result.hint}' if result.hint else ''}; try again\n")
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
    hint = f" ({result.hint})" if result.hint else ""
    return f"  ✗ you said {fmt(result.guess)}{hint}; {line}"


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
