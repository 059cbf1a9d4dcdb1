"""Quiz mode: guess every value of one SGD step before it is shown.

The quiz walks the trace of a step event by event. Each value stays hidden
until the student guesses it. A guess is judged by the one rule of hand-worked
answers (tinynn/teach/marking.py, which `tinynn check --answers` uses too): right
with at least 3 significant digits within half a unit of the last, or exact; a
relative tolerance (`--tolerance`, a lesson's `tolerance`) replaces it when given.
An update question is judged on the change Δθ = −η·∂L/∂θ, not on θ itself, so
with a relative tolerance "no change" is never right. A wrong guess that matches
a known mistake (tinynn/teach/mistakes.py: the step recomputed with one equation
swapped), a flipped sign or a left-out factor gets a hint naming it, and another
try while tries are left; then the true value and the substituted formula are
shown, so later questions build on correct numbers. The score counts the answers
right at the first try.

`Quiz` is the state only (no input, no output), so the terminal loop
(tinynn/cli/commands/quiz.py) and the walkthrough drive the same object; its texts are
in tinynn/teach/quiz_text.py.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

from tinynn.core.errors import ConfigError, TinyNNError
from tinynn.core.names import GRAD, symbol_text
from tinynn.core.numbers import DIGITS, Written, parse_number
from tinynn.core.step import step_pass
from tinynn.core.validate import quiz_tolerance_problem, validate_whole
from tinynn.run.trace import PHASES, Event, Trace, describe, trace_step
from tinynn.teach.marking import MIN_DIGITS, check_marking, written
from tinynn.teach.mistakes import ALL_MISTAKES, Mistake

if TYPE_CHECKING:
    from tinynn.run.config import Setup

DEFAULT_TRIES = 2  # a hint, then one more try
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


class Result(NamedTuple):
    """The outcome of one guess.

    Attributes:
        event: the trace event that was asked (its value is the true value).
        guess: the student's number, or None if the value was revealed unguessed.
        correct: whether the guess is right (tinynn/teach/marking.py).
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
        tolerance: float | None = None,
        phase: str | None = None,
        tries: int = DEFAULT_TRIES,
        min_digits: int = MIN_DIGITS,
    ) -> None:
        """Quiz over the events of `trace`, or over those of one `phase`, `tries` per question;
        judged by the one rule with `min_digits`, or within a relative `tolerance` if given."""
        if tolerance is not None:
            check_tolerance(tolerance)
        self.marking = check_marking(min_digits, tolerance)
        if phase is not None and phase not in PHASES:
            raise ConfigError(f"unknown phase {phase!r} (choose from {', '.join(PHASES)})")
        validate_whole("tries", tries, 1, 9)
        self.trace = trace
        self.events = [e for e in trace if phase is None or e.phase == phase]
        self.phase = phase
        self.tries = tries
        self.results: list[Result] = []  # the final result of each question asked
        self.attempts = 0  # wrong tries of the current question so far
        self._mistaken: dict[str, Trace] = {}

    @classmethod
    def for_setup(
        cls,
        setup: Setup,
        tolerance: float | None = None,
        phase: str | None = None,
        tries: int = DEFAULT_TRIES,
        digits: int = DIGITS,
    ) -> Quiz:
        """A quiz on the step of `setup`'s sample, its numbers written to `digits`."""
        trace = trace_step(setup.params, setup.x, setup.y, setup.lr, setup.task, digits)
        return cls(trace, tolerance, phase, tries)

    @property
    def rule(self) -> str:
        """When a guess is right, in a few words (the quiz's intro says it)."""
        return self.marking.text()

    @property
    def tolerance(self) -> float | None:
        """The relative tolerance that replaces the one rule, or None."""
        return self.marking.tolerance

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

    def origin(self, event: Event) -> float:
        """What an answer is measured from: an update's old θ (judged on Δθ), else 0."""
        return self.trace.step.params.get(event.writes) if event.phase == "update" else 0.0

    def is_right(self, event: Event, guess: str | float | Written) -> bool:
        """Right by the one rule (or within the tolerance); for an update, judged on the
        change Δθ it makes. A float is judged as Python writes it (0.12 -> "0.12")."""
        return self.marking.right(written(guess), event.value, self.origin(event))

    def check(self, guess: str | float | Written) -> Result:
        """Score `guess` for the current value; a wrong one gets a hint and, if left, a retry."""
        event = self._current()
        w = written(guess)
        tries = self.attempts + 1
        if self.is_right(event, w):
            return self._final(Result(event, w.value, True, tries=tries))
        hint = self.hint(event, w)
        if tries < self.tries:
            self.attempts = tries
            return Result(event, w.value, False, hint, final=False, tries=tries)
        return self._final(Result(event, w.value, False, hint, tries=tries))

    def answer(self, text: str) -> Result:
        """`check` a typed guess, judged to the digits typed; raises GuessError if it is not
        a number."""
        parse_guess(text)
        return self.check(text)

    def skip(self) -> Result:
        """Reveal the current value without a guess (it counts as not right)."""
        return self._final(Result(self._current(), None, False, tries=self.attempts + 1))

    def hint(self, event: Event, guess: str | float | Written) -> str | None:
        """What a wrong guess looks like: too few digits, an unchanged θ, a flipped sign, a
        known mistake..."""
        w = written(guess)
        old = self.origin(event)  # an update is judged on its change: each value is one
        near = self.marking.near
        if self.marking.too_few_digits(w, event.value, old):
            return self.marking.digits_hint(w)
        if event.phase == "update":
            step = self.trace.step
            grad_key = (GRAD[event.name], event.index)
            grad = step.grads.get(grad_key)
            if near(w, old, old):
                return "that is the old value: the update moves it by −η·∂L/∂θ"
            if near(w, old + step.lr * grad, old):
                return "the step goes against the gradient: θ − η·∂L/∂θ, not θ + η·∂L/∂θ"
            if near(w, grad):
                return f"that is {symbol_text(grad_key)}; the question asks for the new value"
        for mistake, value in self._mistake_values(event):
            if near(w, value, old) and not self.marking.same(value, event.value, old):
                return f"that is what {mistake.title} gives: {mistake.wrong}"
        change = event.value - old
        if change != 0 and near(w, old - change, old):
            return "the size is right but the sign is not"
        if change != 0 and near(w, old + 2 * change, old):
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
    """A quiz's relative tolerance (--tolerance, a lesson's): above 0 and less than 1."""
    problem = quiz_tolerance_problem(tolerance)
    if problem:
        raise ConfigError(f"tolerance {problem}")
