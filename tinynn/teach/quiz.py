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

`Quiz` is the state only (no input, no output), so the terminal loop
(tinynn/cli/commands/quiz.py) and the walkthrough drive the same object; its texts are
in tinynn/teach/quiz_text.py.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

from tinynn.core.errors import ConfigError, TinyNNError
from tinynn.core.names import GRAD, symbol_text
from tinynn.core.numbers import DIGITS, parse_number
from tinynn.core.step import step_pass
from tinynn.core.validate import validate_whole
from tinynn.run.trace import PHASES, Event, Trace, describe, trace_step
from tinynn.teach.mistakes import ALL_MISTAKES, Mistake

if TYPE_CHECKING:
    from tinynn.run.config import Setup

DEFAULT_TOLERANCE = 1e-2
DEFAULT_TRIES = 2  # a hint, then one more try
ABS_TOL = 1e-12  # a true value this close to 0 is 0: only rounding noise is left
SKIP = ("s", "skip")
QUIT = ("q", "quit")
HINT = "type a number (like 0.5, −1e-3 or 1/8), s to reveal the value, q to quit"


class GuessError(TinyNNError):
    """A guess that is not a number."""


def parse_guess(text: str) -> float:
    """Read a guess as `parse_number` reads a typed number: "0.5", "-1e-3", "−0.2" (a real
    minus sign), "+2" or a fraction "1/8"."""
    try:
        return parse_number(text)
    except ValueError as e:
        raise GuessError(f"{e}; {HINT}") from None


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
        """score: 6 of 7 right at the first try, 1 after a hint (0 wrong, 0 revealed; ...)."""
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
        validate_whole("tries", tries, 1, 9)
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
        digits: int = DIGITS,
    ) -> Quiz:
        """A quiz on the step of `setup`'s sample, its numbers written to `digits`."""
        trace = trace_step(setup.params, setup.x, setup.y, setup.lr, setup.task, digits)
        return cls(trace, tolerance, phase, tries)

    @property
    def digits(self) -> int:
        """The significant digits of every number the quiz shows: its trace's."""
        return self.trace.digits

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
