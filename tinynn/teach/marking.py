"""The one rule that marks a number worked out by hand: the quiz's typed answers and
`tinynn check --answers` both judge by it.

A number written for a value is right when

  - it equals the value to 1e-9 relative: `0.5`, `0.25` or `-1/8` written for those exact
    values are right, and so is a value written with all its digits; or
  - at least `min_digits` significant digits are written (3 by default) and the value
    lies within half a unit of the last digit written: `0.125` is right for anything from
    0.1245 to 0.1255, and `0.13` is not right for 0.125 (two digits; `0.125` or `1/8` is).
    A value half way counts either way (0.125 rounds to 0.12 as to 0.13), with a 1e-9
    relative slack for the float noise in the value.

An exponent never widens the tolerance: `0e99` and `0.` are a zero with no significant
digit, right only where the value is 0. Whole numbers follow the same rule (`2` is
right for 2, not for 2.3; `150` has three digits, right from 149.5 to 150.5).

A relative tolerance (a quiz's `--tolerance`, a lesson's `tolerance`) replaces the rule
when given: a number within that fraction of the value is right, whatever its digits.
Either way a new parameter (θ ← θ − η·∂L/∂θ) is judged on its change Δθ, so that with a
relative tolerance the old value is never right.
"""

from __future__ import annotations

import math
from typing import NamedTuple

from tinynn.core.errors import ConfigError
from tinynn.core.numbers import Written, typed_text, written_number
from tinynn.core.validate import MAX_DIGITS, shown, tolerance_problem

MIN_DIGITS = 3  # the significant digits an answer that is not exact must have
EXACT = 1e-9  # relative: a value equal to this is the value itself
ABS = 1e-12  # a true value this close to 0 is 0 (what is left of a cancellation)


def written(text_or_value: str | float | Written) -> Written:
    """A number as written: text as typed, a float as Python writes it (0.12 -> "0.12")."""
    if isinstance(text_or_value, Written):
        return text_or_value
    if isinstance(text_or_value, str):
        return written_number(text_or_value)
    return written_number(repr(float(text_or_value)))


def is_exact(w: Written, value: float, origin: float = 0.0) -> bool:
    """`w` equals `value` to 1e-9 relative (relative to the change from `origin`)."""
    if not math.isfinite(value):
        return w.value == value
    noise = 1e-15 * max(abs(value), abs(origin))  # the rounding of value − origin
    return abs(w.value - value) <= EXACT * abs(value - origin) + noise + ABS


def within_last_digit(w: Written, value: float, origin: float = 0.0) -> bool:
    """`value` lies within half a unit of the last digit of `w` (a fraction: exactly)."""
    if w.place is None or not math.isfinite(value):
        return is_exact(w, value, origin)
    half = 0.5 * 10.0**w.place
    return abs(w.value - value) <= half * (1 + EXACT) + EXACT * max(abs(value), abs(origin))


class Marking(NamedTuple):
    """How a number written for a value is judged: the rule above, or a relative tolerance.

    Attributes:
        min_digits: the significant digits a number that is not exact must have.
        tolerance: a relative tolerance that replaces the rule (None: the rule).
    """

    min_digits: int = MIN_DIGITS
    tolerance: float | None = None

    def right(self, w: Written, value: float, origin: float = 0.0) -> bool:
        """Whether `w` is right for `value`; `origin` is an update's old θ (judged on Δθ)."""
        if self.tolerance is not None:
            return self.near(w, value, origin)
        if is_exact(w, value, origin):
            return True
        return w.digits >= self.min_digits and within_last_digit(w, value, origin)

    def near(self, w: Written, value: float, origin: float = 0.0) -> bool:
        """Whether `w` could be `value` as written, whatever its number of digits: within
        half a unit of its last digit (or the relative tolerance). What a hint uses to say
        that a wrong number is some other value (a known mistake's, a flipped sign...)."""
        if self.tolerance is not None:
            change = value - origin
            return abs((w.value - origin) - change) <= self.tolerance * abs(change) + ABS
        return within_last_digit(w, value, origin)

    def same(self, a: float, b: float, origin: float = 0.0) -> bool:
        """Whether two computed values cannot be told apart: equal to 1e-9 relative (or
        within the relative tolerance); e.g. a known mistake's value and the right one."""
        exact = Written(a, 17, None)  # a float's value, not its shortest spelling
        return (
            self.near(exact, b, origin)
            if self.tolerance is not None
            else is_exact(exact, b, origin)
        )

    def too_few_digits(self, w: Written, value: float, origin: float = 0.0) -> bool:
        """Not right only because too few digits are written (`0.2` for 0.25)."""
        return not self.right(w, value, origin) and self.near(w, value, origin)

    def digits_hint(self, w: Written) -> str:
        """What to do about a number with too few digits."""
        n = w.digits
        said = f"{n} significant digit{'s' * (n != 1)}" if n else "no significant digit"
        return (f"{said} written: write at least {self.min_digits}, or the exact value "
                "(like 1/8)")  # fmt: skip

    def text(self) -> str:
        """The rule in a few words, for a report's heading, a sheet and the quiz."""
        if self.tolerance is not None:
            return f"right within {typed_text(self.tolerance)} relative (of Δθ for an update)"
        return f"right with at least {self.min_digits} significant digits, or exact"


def check_marking(min_digits: int, tolerance: float | None) -> Marking:
    """A Marking from the options, or ConfigError naming the one out of range."""
    whole = isinstance(min_digits, int) and not isinstance(min_digits, bool)
    if not whole or not 1 <= min_digits <= MAX_DIGITS:
        raise ConfigError(
            f"--min-digits must be a whole number from 1 to {MAX_DIGITS}, got {shown(min_digits)}"
        )
    problem = None if tolerance is None else tolerance_problem(tolerance)
    if problem:
        raise ConfigError(f"--tolerance {problem}")
    return Marking(min_digits, None if tolerance is None else float(tolerance))
