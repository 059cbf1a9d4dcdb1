"""Numbers as tinynn writes them and reads them back: every number format lives here.

Every value of the engine is written with `fmt`: `digits` significant digits and
a real minus sign (−0 reads as 0). `number_text` is the precision policy of
every panel of the walkthrough: `digits` significant digits (`--digits`, 6 by
default), and in a cell too narrow for them the compact form, as many as fit
and never fewer than 2. A vector is `[1, −0.5, 0.25]`, a relative error has two
significant digits (its exponent is what matters), an accuracy is a percentage.
A number the user typed (a tolerance, ε) is echoed with `typed_text`, so
that it can be typed again.

`parse_number` reads what a person types, or what `fmt` printed: one grammar
for the quiz, the walkthrough's dialogs and hand-worked answers
(`written_number` also says how precisely the number was written; the rule that judges a
number written by hand is tinynn/teach/marking.py). `parse_whole` reads a whole number (an
option, an index, a worksheet ID's seed) of at most WHOLE_DIGITS digits: Python refuses to
convert longer ones, with a message of its own. A message quotes what was typed with
`quoted`, cut if it is long, so that it stays one short line.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import NamedTuple

DIGITS = 6  # significant digits of every number shown, unless --digits says otherwise
COMPACT_DIGITS = 2  # the fewest a cell too narrow for `digits` shows
REL_ERROR_DIGITS = 2  # a relative error: its exponent is what matters (1.2e−09)
RATIO_DIGITS = 4  # backprop ÷ numeric in the bug hunt: a factor such as ½ or −1 stands out
AXIS_DIGITS = 2  # the ends of a plot's value axis: where the curve sits, not what it is
SPAN_DIGITS = 3  # the ends of a plot's input or epoch range ("0 … 0.0476 epochs")

WHOLE_DIGITS = 4300  # Python's own limit for int(text) (sys.int_info.default_max_str_digits)
EXPONENT_DIGITS = 6  # an exponent past 1e±999999 says nothing more to a float (1e±308)
QUOTED_CHARS = 40  # the characters of a typed text a message quotes

MINUS = "\u2212"  # the real minus sign: "−0.5" reads better than "-0.5" in every panel
_IGNORED = ("\u2009", " ")  # thin spaces and spaces a person may type inside a number


def fmt(v: float, digits: int = DIGITS) -> str:
    """A number as the trace prints it: `digits` significant digits, a real minus sign."""
    if v == 0.0:
        v = 0.0  # -0.0 (say, a negative delta1 times x = 0) reads as plain 0
    return f"{v:.{digits}g}".replace("-", MINUS)


def rounded(v: float, digits: int = DIGITS) -> float:
    """`v` rounded to `digits` significant digits: the number `fmt(v, digits)` shows."""
    return float(f"{v:.{digits}g}")


def number_text(v: float, digits: int = DIGITS, width: int | None = None) -> str:
    """A value as every panel shows it: the one precision policy.

    `digits` significant digits (`fmt`: a real minus sign, −0 as 0). Given `width`, the
    columns of a cell, the compact form where the full one is wider: as many digits as
    fit, never fewer than COMPACT_DIGITS (and never cut: a cut number would read wrong).
    A compact number is the same value rounded to fewer digits; its full form is a
    selection away (the equation panel, the table, why `i`).

        number_text(-0.0123456789)         == "−0.0123457"
        number_text(-0.0123456789, 6, 8)   == "−0.01235"
    """
    text = fmt(v, digits)
    if width is None:
        return text
    for d in precisions(digits):
        text = fmt(v, d)
        if len(text) <= width:
            break
    return text


def precisions(digits: int = DIGITS) -> range:
    """The digits `number_text` tries in turn, the full ones first: for a panel that sizes
    its columns by the numbers they hold (the network graph, the parameter table)."""
    return range(digits, min(COMPACT_DIGITS, digits) - 1, -1)


def vector_text(values: Sequence[float], digits: int = DIGITS, brackets: str = "[]") -> str:
    """[1, −0.5, 0.25]: a vector as the trace writes its numbers (the equation panel's
    sample is a tuple: `brackets="()"`)."""
    return brackets[0] + ", ".join(fmt(v, digits) for v in values) + brackets[1]


def matrix_text(rows: Sequence[Sequence[float]], digits: int = DIGITS) -> str:
    """[[0.25], [−0.5]]: a matrix, one bracketed row after the other (W1's rows are units)."""
    return "[" + ", ".join(vector_text(row, digits) for row in rows) + "]"


def rel_error_text(v: float) -> str:
    """A relative error, |a − b| / max(|a|, |b|): two significant digits, 1.2e−09 or 0."""
    return fmt(v, REL_ERROR_DIGITS)


def percent_text(fraction: float, decimals: int = 1) -> str:
    """A fraction as a percentage with `decimals` decimals: 0.95 -> "95.0 %" (an accuracy)."""
    return f"{100 * fraction:.{decimals}f} %"


def typed_text(v: float) -> str:
    """A number the user gave (a setting such as a tolerance or ε, a value of their file),
    echoed as they would type it again: 1e-06, 0.01, -2 (an ASCII minus, at most six
    significant digits)."""
    return f"{v:g}"


def axis_text(v: float, digits: int = AXIS_DIGITS) -> str:
    """A value at the end of a plot's axis: few digits (AXIS_DIGITS, or SPAN_DIGITS for an
    input or epoch range), since it says where the axis is, not what a value is."""
    return fmt(v, digits)


# --- reading numbers back


class NotFiniteError(ValueError):
    """A number that is typed correctly but is not finite ("inf", "nan", "1e999")."""


def _plain(text: str) -> str:
    """`text` with the real minus sign as "-" and without the spaces `fmt`'s readers type."""
    s = text.strip().replace(MINUS, "-")
    for c in _IGNORED:
        s = s.replace(c, "")
    return s


def quoted(text: str, most: int = QUOTED_CHARS) -> str:
    """`text` as a message quotes it: stripped, repr'd, and cut after `most` characters with
    its length said ("'1111...'... (5000 characters)"), so that a message stays one line."""
    s = text.strip()
    return repr(s) if len(s) <= most else f"{s[:most]!r}... ({len(s)} characters)"


def parse_whole(text: str) -> int:
    """A whole number as typed: "42", "-3", "+7", " 12 " (what `int` reads), of at most
    WHOLE_DIGITS digits.

    Raises:
        ValueError: "not a whole number: '1.5'"; "a whole number of 5000 digits (at most
            4300)".
    """
    s = text.strip()
    try:
        return int(s)
    except ValueError:
        pass
    body = s[1:] if s[:1] in "+-" else s
    body = body.replace("_", "")
    if not body.isdecimal():  # what int() reads, in any script
        raise ValueError(f"not a whole number: {quoted(text)}")
    body = body.lstrip("0") or "0"
    if len(body) > WHOLE_DIGITS:  # int() refused it for its length alone
        raise ValueError(f"a whole number of {len(body)} digits (at most {WHOLE_DIGITS})")
    return -int(body) if s.startswith("-") else int(body)  # leading zeros counted by int()


def rounds_to_zero(text: str) -> bool:
    """Whether `text` writes a number that is not 0 but that a float holds as 0 ("1e-400",
    "0.000…01" with 400 zeros): too small to be told from 0, which a message should say
    rather than "got 0"."""
    try:
        value = parse_number(text)
    except ValueError:
        return False
    mantissa = _plain(text).lower().split("/", 1)[0].partition("e")[0]
    return value == 0 and any(c in "123456789" for c in mantissa)


def power_of_ten(p: int) -> float:
    """10**p as a float: inf above the largest float, 0 below the smallest (never an
    OverflowError, whatever a person wrote: "0e400" has its last digit at 10**400)."""
    if p > 308:
        return math.inf
    return 0.0 if p < -400 else 10.0**p


def parse_number(text: str) -> float:
    """A finite number as a person types it, or as `fmt` prints it: "0.5", "-1e-3", "−0.2"
    (a real minus sign), "+2", "1 000" (spaces and thin spaces are ignored) or "1/8".

    Raises:
        ValueError: "not a number: '...'"; NotFiniteError (a ValueError) "not a finite
            number: '...'".
    """
    s = _plain(text)
    try:
        if "/" in s:
            num, den = s.split("/", 1)
            value = float(num) / float(den)
        else:
            value = float(s)
    except (ValueError, ZeroDivisionError):
        raise ValueError(f"not a number: {quoted(text)}") from None
    if not math.isfinite(value):
        raise NotFiniteError(f"not a finite number: {quoted(text)}")
    return value


class Written(NamedTuple):
    """A number as written: its value and how precisely it was written.

    Attributes:
        value: what `parse_number` reads.
        digits: the significant digits written, from the first that is not 0 to the last
            ("0.120" -> 3, "−0.0625" -> 3, "150" -> 3, "2" -> 1); a zero has none ("0",
            "0.00", "0e99" -> 0); a fraction: the digits of both its parts.
        place: the power of ten of the last digit written ("0.12" -> -2, "1.5e-3" -> -4,
            "2." -> 0, "2" -> 0, "0e99" -> 99), or None for a fraction ("1/8"), which
            can only be exact.
    """

    value: float
    digits: int
    place: int | None


def written_number(text: str) -> Written:
    """`parse_number`'s number, and how many digits were written and where the last one is.

    Raises:
        ValueError: as `parse_number`.
    """
    value = parse_number(text)
    s = _plain(text).lower().replace("_", "")
    if "/" in s:
        return Written(value, sum(c.isdigit() for c in s), None)
    mantissa, _, exponent = s.partition("e")
    whole, _, decimals = mantissa.partition(".")
    digits = len((whole + decimals).lstrip("+-0"))
    return Written(value, digits, _exponent(exponent) - len(decimals))


def _exponent(text: str) -> int:
    """The exponent of a number `parse_number` read: beyond EXPONENT_DIGITS digits it is
    ±(10**EXPONENT_DIGITS − 1), as meaningless to a float and quick to convert."""
    sign = -1 if text.startswith("-") else 1
    digits = text.lstrip("+-").lstrip("0") or "0"
    if len(digits) > EXPONENT_DIGITS:
        return sign * int("9" * EXPONENT_DIGITS)
    return sign * int(digits)
